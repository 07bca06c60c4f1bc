//! What a container's main process does once started: how long it runs, how it exits and what
//! it writes to its log.
//!
//! Real images do not all serve forever. `busybox` runs `sh`, which exits at once without a
//! terminal (the pod goes `Completed` → `CrashLoopBackOff`, the first thing a learner meets);
//! `sh -c 'echo hi; sleep 5'` prints a line and exits five seconds later. The kubelet asks
//! [`container_process`] for a container's [`Process`] when it starts the container, and
//! `kubectl logs` reads its lines back with [`Process::log`].
//!
//! The image's ENTRYPOINT and CMD are combined with the container's `command` and `args` as the
//! container runtime does (a `command` replaces the ENTRYPOINT and drops the CMD; `args` alone
//! replace the CMD). The result is read by a small shell interpreter that knows what tutorials
//! give containers: `echo`, `printf`, `sleep`, `date`, `hostname`, `printenv`, `exit`, `true`,
//! `false`, variables, `&&`/`||`, `!`, `while`/`until` loops, `for … in` lists, `if`, `[ … ]`
//! conditions (`test_expr`) and output piped through a few filters (`filters`). A program
//! it does not know (a server binary, `wget`, `ping`, `awk`) is taken to run until stopped,
//! writing nothing kubeplay can know, which is what most programs given to a long-running
//! workload do; nginx's image says what it prints at start-up (`nginx`).

use crate::api::Time;
use serde_json::Value;
use test_expr::{FileKind, TestError};

mod filters;
pub mod nginx;
mod perl;
mod python;
mod stress;
pub(crate) mod test_expr;

/// A piece of a log line: text, or the clock at the moment the line is written (as `date`
/// prints it, or as nginx stamps its error log).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Date,
    LogTime,
    /// Node's `console.log` of `new Date()` (the bootcamp app).
    JsDate,
}

/// A line written `at_ms` after the process started (or after its loop iteration started).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    at_ms: u64,
    pieces: Vec<Piece>,
    /// The shell wrote it to standard error (a complaint): a `>` or a `|` does not take it.
    err: bool,
}

impl Line {
    fn render(&self, at: Time) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Date => crate::kubectl::printers::timefmt::unix_date(at),
                Piece::JsDate => crate::kubectl::printers::timefmt::js_iso(at),
                Piece::LogTime => {
                    let c = crate::kubectl::printers::timefmt::civil(at);
                    format!(
                        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
                        c.year, c.month, c.day, c.hour, c.minute, c.second
                    )
                }
            })
            .collect()
    }
}

/// An endless loop, started `from_ms` into the run: its body takes `period_ms` each time
/// round. The log runs the body again round by round from the variables it began with, so a
/// counter (`i=$((i+1))`) counts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Repeat {
    from_ms: u64,
    period_ms: u64,
    body: Node,
    env: Vec<(String, String)>,
    hostname: String,
    namespace: String,
    /// A round changes variables the next one reads: rounds cannot be skipped.
    stateful: bool,
    /// The shell that runs it and the files there were when the loop began (its tests read
    /// them).
    sh: ShellKind,
    files: Vec<(u64, String, FileKind)>,
    /// What cluster DNS answered the names the script looked up before the loop began (and in
    /// its first round): its rounds get the same answers.
    answers: Answers,
    /// A DNS wait whose `nslookup` prints its answers: the loop's condition, which the round
    /// that finds the Service runs once more (it prints the address).
    wait_cond: Option<Node>,
}

/// Names a script looked up, with cluster DNS's answer.
type Answers = std::collections::BTreeMap<String, super::dns::Lookup>;

/// Rounds of a loop that changes its variables the log replays at most (a day of a
/// one-second counter is 86,400, when a round costs no more than ten commands); beyond, it
/// replays the latest ones from the first values.
const MAX_REPLAYED_ROUNDS: u64 = 200_000;

/// How a process ends on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    pub after_ms: u64,
    pub code: i32,
    /// The kernel's OOM killer ended it (the container outgrew its memory limit): reported
    /// with reason `OOMKilled`.
    pub oom_killed: bool,
}

/// A container's main process, as far as the simulation can tell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Process {
    lines: Vec<Line>,
    repeat: Option<Box<Repeat>>,
    /// None: it runs until the kubelet stops it.
    pub exit: Option<Exit>,
    /// It runs a program kubeplay does not simulate (a server, an unknown command), whose own
    /// log lines are not known.
    pub opaque: bool,
    /// It loops until cluster DNS resolves this Service (name, namespace): the loop ends, and
    /// the process exits 0, at the first round after the Service is created. Each round that
    /// does not find it writes what `nslookup` prints of its failure where kubeplay simulates
    /// the image's nslookup (busybox up to 1.28, bind's), then the loop's own lines.
    pub waits_for: Option<(String, String)>,
    /// Its PID 1 is a shell or a utility with no SIGTERM handler: the signal is ignored (the
    /// kernel drops default-action signals sent to a namespace's init), and only the SIGKILL
    /// at the end of the grace period stops it.
    pub ignores_sigterm: bool,
    /// Files its script creates or removes (`touch`, `rm`, `mkdir`, `> file`) outside loops:
    /// (ms into the run, path, what is there afterwards).
    files: Vec<(u64, String, FileKind)>,
    /// What the script runs once its DNS wait ends.
    after_wait: Option<Box<Process>>,
    /// When (ms into the run) the DNS wait ended: the round at which the Service resolved,
    /// set by the kubelet when it happens.
    pub resolved_at: Option<u64>,
    /// What that round wrote (`nslookup`'s answer), on the run's clock.
    resolved_lines: Vec<Line>,
}

/// How many lines one `kubectl logs` returns at most: the latest ones (a busy loop writes
/// millions; the kubelet's log rotation would have dropped the rest long before).
pub const MAX_LOG_LINES: usize = 10_000;

impl Process {
    /// When (ms into the run) the script last made or removed a file.
    pub fn last_file_change(&self) -> u64 {
        self.files.iter().map(|(at, _, _)| *at).max().unwrap_or(0)
    }

    /// Whether the script had made (Some(true)) or removed (Some(false)) `path` `at_ms` into
    /// the run; None when it never touched it.
    pub fn file_state(&self, path: &str, at_ms: u64) -> Option<bool> {
        self.files
            .iter()
            .rev()
            .find(|(at, p, _)| *at <= at_ms && p == path)
            .map(|(_, _, kind)| *kind != FileKind::Missing)
    }

    /// The DNS wait ended `at_ms` into the run: the process as it then goes on.
    pub fn resolved(&self, at_ms: u64) -> Process {
        let exit = match &self.after_wait {
            Some(rest) => rest.exit.map(|e| Exit {
                after_ms: at_ms + e.after_ms,
                ..e
            }),
            None => Some(Exit {
                after_ms: at_ms,
                code: 0,
                oom_killed: false,
            }),
        };
        Process {
            resolved_at: Some(at_ms),
            exit,
            ..self.clone()
        }
    }

    /// The DNS wait ended `at_ms` into the run, cluster DNS now answering as `lookup` does:
    /// the process as it then goes on ([`Process::resolved`]), with what the loop's `nslookup`
    /// prints of the answer in its log at that instant.
    pub fn resolved_answering(
        &self,
        at_ms: u64,
        lookup: &dyn Fn(&str) -> super::dns::Lookup,
    ) -> Process {
        let mut p = self.resolved(at_ms);
        let Some(r) = self.repeat.as_ref() else {
            return p;
        };
        let Some(cond) = &r.wait_cond else {
            return p;
        };
        let ctx = Context {
            hostname: &r.hostname,
            namespace: &r.namespace,
            resolves: &resolves_nothing,
            lookup: Some(lookup),
            env: None,
        };
        let mut shell = Shell::new(r.env.clone(), ctx);
        shell.sh = r.sh.clone();
        shell.files = r.files.clone();
        if matches!(shell.run(cond, 0), Some(Flow::Next)) {
            p.resolved_lines = shell
                .lines
                .into_iter()
                .map(|l| Line {
                    at_ms: l.at_ms + at_ms,
                    ..l
                })
                .collect();
        }
        p
    }

    /// When (ms into the run) its endless loop next starts a round at or after `elapsed`.
    pub fn next_round(&self, elapsed: u64) -> Option<u64> {
        let r = self.repeat.as_ref()?;
        if elapsed <= r.from_ms {
            return Some(r.from_ms);
        }
        let period = r.period_ms.max(1);
        Some(r.from_ms + (elapsed - r.from_ms).div_ceil(period) * period)
    }

    /// The lines written by a run that started at `started` and has run until `until`, with
    /// the instant each was written.
    pub fn log(&self, started: Time, until: Time) -> Vec<(Time, String)> {
        let elapsed = (until - started).max(0) as u64;
        let mut out: Vec<(Time, String)> = self
            .lines
            .iter()
            .filter(|l| l.at_ms <= elapsed)
            .map(|l| {
                let at = started + l.at_ms as Time;
                (at, l.render(at))
            })
            .collect();
        if let Some(r) = self.repeat.as_ref().filter(|r| r.from_ms <= elapsed) {
            // a loop without a sleep in it: count each round as a millisecond; a DNS wait's
            // rounds stop at the one that found the Service
            let period = r.period_ms.max(1);
            let last = self
                .resolved_at
                .map_or(elapsed, |at| at.saturating_sub(1).min(elapsed));
            let rounds = if last < r.from_ms {
                0
            } else {
                (last - r.from_ms) / period + 1
            };
            // its rounds look names up as its first did; a name it had not looked up is not
            // simulated
            let answers = |name: &str| {
                r.answers
                    .get(name)
                    .cloned()
                    .unwrap_or(super::dns::Lookup::Outside)
            };
            let ctx = Context {
                hostname: &r.hostname,
                namespace: &r.namespace,
                resolves: &resolves_nothing,
                lookup: Some(&answers),
                env: None,
            };
            let mut shell = Shell::new(r.env.clone(), ctx);
            shell.sh = r.sh.clone();
            shell.files = r.files.clone();
            // one round tells what a round costs and writes
            let mut probe = shell.child();
            let _ = probe.run(&r.body, 0);
            let steps = MAX_STEPS - probe.steps.get();
            let affordable = MAX_REPLAY_STEPS / steps.max(1);
            let keep = if r.stateful {
                MAX_REPLAYED_ROUNDS
            } else {
                // rounds alike: as many as make up the lines shown
                (MAX_LOG_LINES / probe.lines.len().max(1)) as u64 + 1
            }
            .min(affordable);
            shell.steps.set(MAX_REPLAY_STEPS);
            for k in rounds.saturating_sub(keep)..rounds {
                let base = r.from_ms + k * period;
                let before = shell.lines.len();
                shell.t = 0;
                shell.compact_files();
                if !matches!(shell.run(&r.body, 0), Some(Flow::Next)) {
                    break;
                }
                for l in &mut shell.lines[before..] {
                    l.at_ms += base;
                }
                if shell.lines.len() > 2 * MAX_LOG_LINES {
                    shell.lines.drain(..shell.lines.len() - MAX_LOG_LINES);
                }
            }
            out.extend(shell.lines.iter().filter(|l| l.at_ms <= elapsed).map(|l| {
                let at = started + l.at_ms as Time;
                (at, l.render(at))
            }));
        }
        out.extend(
            self.resolved_lines
                .iter()
                .filter(|l| l.at_ms <= elapsed)
                .map(|l| {
                    let at = started + l.at_ms as Time;
                    (at, l.render(at))
                }),
        );
        if let (Some(at), Some(rest)) = (self.resolved_at, &self.after_wait) {
            if at <= elapsed {
                out.extend(rest.log(started + at as Time, until));
            }
        }
        let drop = out.len().saturating_sub(MAX_LOG_LINES);
        out.drain(..drop);
        out
    }
}

/// What a pod's container runs: its image's default process unless `command`/`args` say
/// otherwise. `container` is the container object of the pod spec; `hostname` is the pod's.
pub fn container_process(container: &Value, ctx: Context) -> Process {
    let strings = |k: &str| -> Option<Vec<String>> {
        container.get(k).and_then(Value::as_array).map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
    };
    let image = container.get("image").and_then(Value::as_str).unwrap_or("");
    if waits_on_terminal(container) {
        return opaque();
    }
    let image = ImageDefaults::of(image);
    let argv = match (strings("command"), strings("args")) {
        (Some(command), args) if !command.is_empty() => {
            let mut argv = command;
            argv.extend(args.unwrap_or_default());
            argv
        }
        (_, Some(args)) if !args.is_empty() => match image {
            // an option for the image's own server: it serves
            ImageDefaults::Serves | ImageDefaults::Unknown if args[0].starts_with('-') => {
                return opaque()
            }
            // an unknown image's ENTRYPOINT is unknown: only a familiar program is read
            ImageDefaults::Unknown if !is_known_program(&args[0]) => return opaque(),
            // shells and the official images' entrypoint scripts run the arguments as given
            _ => args,
        },
        _ => match image {
            ImageDefaults::ExitsAtOnce => return exits_at_once(),
            ImageDefaults::Serves => return serving_image(container, &ctx),
            ImageDefaults::Unknown => return opaque(),
        },
    };
    let env = initial_env(container, &ctx);
    // the kubelet expands `$(VAR)` in the command and arguments with the container's
    // variables before the runtime sees them (ExpandContainerCommandAndArgs)
    let vars = &env[1..];
    let argv: Vec<String> = argv
        .iter()
        .map(|a| super::config_sources::expand(a, vars))
        .collect();
    if argv[0].rsplit('/').next() == Some("stress") {
        let limit = container
            .pointer("/resources/limits/memory")
            .and_then(|q| match q {
                Value::String(s) => crate::api::parse_bytes(s),
                Value::Number(n) => n.as_i64(),
                _ => None,
            });
        return stress::process(&argv[1..], limit);
    }
    if argv[0].rsplit('/').next() == Some("perl") {
        if let Some(p) = perl::process(&argv[1..]) {
            return p;
        }
    }
    if matches!(argv[0].rsplit('/').next(), Some("python3" | "python")) {
        if let Some(p) = python::process(&argv[1..], &env) {
            return p;
        }
    }
    let mut shell = Shell::new(env, ctx);
    shell.sh = ShellKind::of(container);
    let flow = shell.exec_argv(&argv, 0);
    Process {
        ignores_sigterm: is_known_program(&argv[0]),
        ..shell.finish(flow)
    }
}

/// Whether a program name is a shell that, alone, reads commands from its terminal.
pub fn is_shell(program: &str) -> bool {
    matches!(
        program.rsplit('/').next().unwrap_or(""),
        "sh" | "bash" | "ash" | "dash"
    )
}

/// Whether the container runs a shell alone (given, or the image's default), which reads its
/// commands from standard input.
pub fn is_lone_shell(container: &Value) -> bool {
    let words: Vec<&str> = ["command", "args"]
        .iter()
        .filter_map(|k| container.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match words.as_slice() {
        [] => image_exits_at_once(container.get("image").and_then(Value::as_str).unwrap_or("")),
        [one] => is_shell(one),
        _ => false,
    }
}

/// A lone shell with its standard input and a terminal attached (`kubectl run -ti`): it reads
/// commands until its input closes, so it runs until a session ends it
/// ([`crate::kubectl::tty`]).
pub fn waits_on_terminal(container: &Value) -> bool {
    let on = |k: &str| container.get(k).and_then(Value::as_bool) == Some(true);
    on("stdin") && on("tty") && is_lone_shell(container)
}

/// Which shell an interactive `program` is in a container of `image`.
fn interactive_dialect(image: &str, program: &str) -> Dialect {
    let kind = ShellKind {
        image: image.to_string(),
        ..Default::default()
    };
    kind.dialect_for(program.rsplit('/').next().unwrap_or(program))
}

/// The prompt of an interactive `program` (a shell) run as root in directory `cwd` of a
/// container of `image`: bash's `root@HOST:/usr/share# ` (`~` for root's home), dash's `# `,
/// busybox ash's `/usr/share # `.
pub fn interactive_prompt(image: &str, program: &str, hostname: &str, cwd: &str) -> String {
    match interactive_dialect(image, program) {
        Dialect::Bash => {
            let shown = match cwd.strip_prefix("/root") {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("~{rest}"),
                _ => cwd.to_string(),
            };
            format!("root@{hostname}:{shown}# ")
        }
        Dialect::Dash => "# ".to_string(),
        Dialect::Busybox => format!("{cwd} # "),
    }
}

/// What an interactive `program` in a container of `image` says of a `command` the image does
/// not have, on the shell's `line`th line: bash's `bash: kubectl: command not found`, dash's
/// `sh: 3: kubectl: not found`, busybox's `sh: kubectl: not found`.
pub fn interactive_not_found(image: &str, program: &str, command: &str, line: u32) -> String {
    let name = program.rsplit('/').next().unwrap_or(program);
    match interactive_dialect(image, program) {
        Dialect::Bash => format!("{name}: {command}: command not found\n"),
        Dialect::Dash => format!("{name}: {line}: {command}: not found\n"),
        Dialect::Busybox => format!("{name}: {command}: not found\n"),
    }
}

/// Whether `program` in a container of `image` is bash (which says `exit` as it leaves).
pub fn is_bash(image: &str, program: &str) -> bool {
    interactive_dialect(image, program) == Dialect::Bash
}

/// Whether an image's default command exits at once (a shell or a prompt with no terminal).
pub fn image_exits_at_once(image: &str) -> bool {
    ImageDefaults::of(image) == ImageDefaults::ExitsAtOnce
}

/// A process that serves until stopped (an image's server), as `container_process` reads
/// a container that has no command of its own and whose image serves.
pub fn serving() -> Process {
    opaque()
}

/// A server image run as it ships: what it writes at start-up where kubeplay knows it
/// (nginx's entrypoint and notices, the Kubernetes Basics bootcamp app's greeting), and then
/// nothing known (requests it answers are logged by the cluster, `Cluster::app_logs`).
fn serving_image(container: &Value, ctx: &Context) -> Process {
    let image = container.get("image").and_then(Value::as_str).unwrap_or("");
    let lines = if image_name(image) == "kubernetes-bootcamp" {
        // server.js: console.log("Kubernetes Bootcamp App Started At:", startTime,
        // "| Running On: ", host, "\n") — the arguments joined by spaces, then a newline
        let text = |t: String| Piece::Text(t);
        vec![
            Line {
                at_ms: 0,
                pieces: vec![
                    text("Kubernetes Bootcamp App Started At: ".into()),
                    Piece::JsDate,
                    text(format!(" | Running On:  {} ", ctx.hostname)),
                ],
                err: false,
            },
            Line {
                at_ms: 0,
                pieces: vec![text(String::new())],
                err: false,
            },
        ]
    } else if image_name(image) == "hello-app" {
        // GKE's hello-app (the Expose-an-External-IP tutorial): Go's log, then it serves
        vec![Line {
            at_ms: 0,
            pieces: vec![
                Piece::LogTime,
                Piece::Text(" Server listening on port 8080".into()),
            ],
            err: true,
        }]
    } else {
        nginx::startup_lines(image)
    };
    Process { lines, ..opaque() }
}

/// Whether everything the container writes is known although its program is not simulated:
/// the servers [`serving_image`] knows, run as their images ship them, write only what it
/// says at start (nginx before 1.19 nothing at all) and then what `Cluster::app_logs` keeps
/// of the requests they answer.
pub fn log_is_known(container: &Value) -> bool {
    let image = container.get("image").and_then(Value::as_str).unwrap_or("");
    !is_scripted(container)
        && matches!(
            image_name(image),
            "nginx" | "nginx-slim" | "kubernetes-bootcamp" | "hello-app"
        )
}

/// Whether the pod gives the container a command or arguments (what else it runs is its
/// image's default, which needs neither its environment nor a shell).
pub fn is_scripted(container: &Value) -> bool {
    ["command", "args"].iter().any(|k| {
        container
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

/// A program kubeplay does not simulate: it runs until stopped, writing nothing known.
fn opaque() -> Process {
    Process {
        opaque: true,
        ..Process::default()
    }
}

fn exits_at_once() -> Process {
    Process {
        exit: Some(Exit {
            after_ms: 0,
            code: 0,
            oom_killed: false,
        }),
        ..Process::default()
    }
}

/// What an image does when the pod gives it no command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImageDefaults {
    /// Its CMD is a shell or an interpreter's prompt, which exits 0 at once with no terminal
    /// (busybox `sh`, ubuntu `bash`, python `python3`).
    ExitsAtOnce,
    /// An official server image (nginx, httpd, redis): its entrypoint runs the server, or runs
    /// the arguments it is given.
    Serves,
    /// kubeplay does not know it: it is assumed to serve.
    Unknown,
}

impl ImageDefaults {
    fn of(image: &str) -> Self {
        match image_name(image) {
            "busybox" | "alpine" | "ubuntu" | "debian" | "centos" | "fedora" | "rockylinux"
            | "almalinux" | "amazonlinux" | "archlinux" | "oraclelinux" | "bash" | "python"
            | "node" | "ruby" | "perl" | "golang" | "buildpack-deps" => Self::ExitsAtOnce,
            "nginx"
            | "nginx-slim"
            | "httpd"
            | "redis"
            | "traefik"
            | "caddy"
            | "pause"
            | "kubernetes-bootcamp"
            | "hello-app" => Self::Serves,
            _ => Self::Unknown,
        }
    }
}

/// What `kubectl exec` lends the shell: the programs of the container's image and its files.
pub trait ExecHost {
    /// Runs a program the shell does not know: what it writes to standard output and its exit
    /// status (what it writes to standard error the host keeps); None when kubeplay does not
    /// simulate it.
    fn run(&mut self, argv: &[String]) -> Option<(String, i32)>;
    /// A redirection's file, written (or appended to).
    fn write_file(&mut self, path: &str, content: &str, append: bool);
    /// `cd`: the directory relative paths name from now on (`HOME` when `dir` is empty).
    fn chdir(&mut self, dir: &str);
    /// The instant the command runs (for `date`).
    fn now(&self) -> Time;
}

/// What `kubectl exec` ran: its standard output, exit status, and whether something it ran is
/// not simulated.
pub struct ExecResult {
    pub stdout: String,
    /// What the shell itself complained of (`sh: missing ]`), for the terminal's stderr.
    pub stderr: String,
    pub status: i32,
    pub not_simulated: bool,
}

/// Runs `argv` in a running container (`kubectl exec`), with the container's environment.
pub fn exec(
    container: &Value,
    ctx: Context,
    argv: &[String],
    host: &mut dyn ExecHost,
) -> ExecResult {
    let env = initial_env(container, &ctx);
    let now = host.now();
    let mut shell = Shell::new(env, ctx);
    shell.sh = ShellKind::of(container);
    shell.host = Some(host);
    let flow = shell.exec_argv(argv, 0);
    let status = match flow {
        Flow::Exit(code) => code,
        _ => shell.status,
    };
    ExecResult {
        stdout: shell.lines.iter().map(|l| l.render(now) + "\n").collect(),
        stderr: std::mem::take(&mut shell.stderr),
        status,
        not_simulated: shell.opaque || matches!(flow, Flow::Forever(_)),
    }
}

/// An image's name: the repository's last path segment, without tag or digest
/// (`registry.k8s.io/busybox:1.28` → `busybox`).
pub fn image_name(image: &str) -> &str {
    let path = image.split('@').next().unwrap_or(image);
    let last = path.rsplit('/').next().unwrap_or(path);
    last.split(':').next().unwrap_or(last)
}

/// Programs the interpreter reads (their basename).
fn is_known_program(argv0: &str) -> bool {
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    matches!(
        name,
        "sh" | "bash"
            | "ash"
            | "dash"
            | "echo"
            | "printf"
            | "sleep"
            | "date"
            | "hostname"
            | "printenv"
            | "nslookup"
            | "true"
            | "false"
            | "exit"
            | "cat"
    )
}

// ------------------------------------------------------------------------------ the shell

/// A word as written: literal text and the expansions in it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Var(String),
    /// `$(…)` or backquotes.
    Subst(String),
    /// `$((…))`.
    Arith(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    parts: Vec<Part>,
    /// Written without quotes or expansions (a reserved word may only be such a word).
    plain: bool,
    /// The parts that are expansions outside quotes: their text is split into fields.
    split: Vec<usize>,
}

impl Word {
    fn is(&self, s: &str) -> bool {
        self.plain && matches!(self.parts.as_slice(), [Part::Lit(t)] if t == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Word),
    /// `;`, newline, `&&`, `||`, `|`, `&`, `>`, `>>`, `<`, `(`, `)`.
    Op(&'static str),
    /// A redirection of a numbered descriptor (`2>&1`, `>&2`): output stays in the log. True
    /// for `2>&1`, which sends standard error where standard output goes.
    Dup(bool),
}

/// Splits a script into words and operators as sh does, with the line each starts on, or
/// None for syntax it does not read.
fn tokenize(src: &str) -> Option<(Vec<Tok>, Vec<u32>)> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut lines = Vec::new();
    let (mut line, mut counted) = (1u32, 0);
    let mut i = 0;
    while i < chars.len() {
        // the line a token starts on: newlines before it (dash and bash name it in messages)
        line += chars[counted..i].iter().filter(|&&c| c == '\n').count() as u32;
        counted = i;
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\n' | ';' => {
                toks.push(Tok::Op(";"));
                i += 1;
            }
            '&' | '|' => {
                let double = chars.get(i + 1) == Some(&c);
                toks.push(Tok::Op(match (c, double) {
                    ('&', true) => "&&",
                    ('|', true) => "||",
                    ('&', false) => "&",
                    _ => "|",
                }));
                i += if double { 2 } else { 1 };
            }
            '(' | ')' => {
                toks.push(Tok::Op(if c == '(' { "(" } else { ")" }));
                i += 1;
            }
            '<' => {
                toks.push(Tok::Op("<"));
                i += 1;
            }
            '>' if chars.get(i + 1) == Some(&'&') => {
                // >&2, >&1
                toks.push(Tok::Dup(false));
                i += 3;
            }
            '>' => {
                let append = chars.get(i + 1) == Some(&'>');
                toks.push(Tok::Op(if append { ">>" } else { ">" }));
                i += if append { 2 } else { 1 };
            }
            '0'..='9' if matches!(chars.get(i + 1), Some('>')) => {
                // 2>file, 2>&1, 1>&2: a descriptor redirection
                let dup = chars.get(i + 2) == Some(&'&');
                if c == '1' && !dup {
                    toks.push(Tok::Op(">"));
                    i += 2;
                } else if dup {
                    toks.push(Tok::Dup(c == '2' && chars.get(i + 3) == Some(&'1')));
                    i += 4;
                } else {
                    // 2>/dev/null: stderr goes elsewhere, the target word is skipped
                    toks.push(Tok::Op("2>"));
                    i += 2;
                }
            }
            _ => {
                let (word, next) = read_word(&chars, i)?;
                toks.push(Tok::Word(word));
                i = next;
            }
        }
        lines.resize(toks.len(), line);
    }
    Some((toks, lines))
}

fn read_word(chars: &[char], mut i: usize) -> Option<(Word, usize)> {
    let mut parts: Vec<Part> = Vec::new();
    let mut plain = true;
    let mut lit = String::new();
    let flush = |lit: &mut String, parts: &mut Vec<Part>| {
        if !lit.is_empty() {
            parts.push(Part::Lit(std::mem::take(lit)));
        }
    };
    let mut quoted_empty = false;
    let mut split = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
            '\\' => {
                plain = false;
                if let Some(&n) = chars.get(i + 1) {
                    lit.push(n);
                }
                i += 2;
            }
            '\'' => {
                plain = false;
                let end = chars[i + 1..].iter().position(|&x| x == '\'')? + i + 1;
                lit.extend(&chars[i + 1..end]);
                quoted_empty |= end == i + 1;
                i = end + 1;
            }
            '"' => {
                plain = false;
                i += 1;
                let start = i;
                loop {
                    let c = *chars.get(i)?;
                    match c {
                        '"' => break,
                        '\\' if matches!(chars.get(i + 1), Some('$' | '`' | '"' | '\\')) => {
                            lit.push(chars[i + 1]);
                            i += 2;
                        }
                        '$' | '`' => {
                            flush(&mut lit, &mut parts);
                            let (part, next) = read_expansion(chars, i)?;
                            parts.push(part);
                            i = next;
                        }
                        _ => {
                            lit.push(c);
                            i += 1;
                        }
                    }
                }
                quoted_empty |= i == start;
                i += 1;
            }
            '$' | '`' => {
                plain = false;
                flush(&mut lit, &mut parts);
                let (part, next) = read_expansion(chars, i)?;
                if !matches!(part, Part::Lit(_)) {
                    split.push(parts.len());
                }
                parts.push(part);
                i = next;
            }
            _ => {
                lit.push(c);
                i += 1;
            }
        }
    }
    flush(&mut lit, &mut parts);
    if parts.is_empty() && quoted_empty {
        parts.push(Part::Lit(String::new()));
    }
    Some((
        Word {
            parts,
            plain,
            split,
        },
        i,
    ))
}

/// `$NAME`, `${NAME}`, `$(cmd)`, `` `cmd` `` or a lone `$`, starting at `chars[i]`.
fn read_expansion(chars: &[char], i: usize) -> Option<(Part, usize)> {
    if chars[i] == '`' {
        let end = chars[i + 1..].iter().position(|&x| x == '`')? + i + 1;
        return Some((Part::Subst(chars[i + 1..end].iter().collect()), end + 1));
    }
    match chars.get(i + 1) {
        Some('(') if chars.get(i + 2) == Some(&'(') => {
            let end = (i + 3..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == ')' && chars[j + 1] == ')')?;
            Some((Part::Arith(chars[i + 3..end].iter().collect()), end + 2))
        }
        Some('(') => {
            let mut depth = 0;
            let mut j = i + 1;
            loop {
                match chars.get(j)? {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Some((Part::Subst(chars[i + 2..j].iter().collect()), j + 1))
        }
        Some('{') => {
            let end = chars[i + 2..].iter().position(|&x| x == '}')? + i + 2;
            let name: String = chars[i + 2..end].iter().collect();
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            Some((Part::Var(name), end + 1))
        }
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                j += 1;
            }
            Some((Part::Var(chars[i + 1..j].iter().collect()), j))
        }
        Some('?') => Some((Part::Var("?".into()), i + 2)),
        _ => Some((Part::Lit("$".into()), i + 1)),
    }
}

/// The commands of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Simple {
        words: Vec<Word>,
        /// Its standard output goes to this file (appended to for `>>`), not to the log.
        to_file: Option<(Word, bool)>,
        /// The script's line it is on (dash and bash name it in their complaints).
        line: u32,
        /// Its standard error goes to a file (`2>/dev/null`).
        quiet: bool,
    },
    /// `a | b | c`: the first command's output through the filters after it.
    Pipeline(Box<Node>, Vec<Node>),
    /// `a && b || c`: the bool is true for `&&`.
    AndOr(Box<Node>, Vec<(bool, Node)>),
    /// `! a`: the status inverted.
    Not(Box<Node>),
    List(Vec<Node>),
    Loop {
        until: bool,
        cond: Box<Node>,
        body: Box<Node>,
    },
    For {
        var: String,
        items: Vec<Word>,
        body: Box<Node>,
    },
    If {
        branches: Vec<(Node, Node)>,
        otherwise: Option<Box<Node>>,
    },
}

struct Parser {
    toks: Vec<Tok>,
    /// The line each token starts on.
    lines: Vec<u32>,
    pos: usize,
    /// Compound commands open around the one being read.
    nesting: usize,
}

/// Deepest nesting of loops and `if`s read (deeper scripts are not simulated).
const MAX_NESTING: usize = 32;

impl Parser {
    fn peek_word(&self, s: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Word(w)) if w.is(s))
    }

    fn peek_op(&self, op: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Op(o)) if *o == op)
    }

    fn skip_separators(&mut self) {
        while self.peek_op(";") {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, s: &str) -> Option<()> {
        self.skip_separators();
        self.peek_word(s).then(|| self.pos += 1)
    }

    /// Commands until one of `stops` (a reserved word) or the end.
    fn list(&mut self, stops: &[&str]) -> Option<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            if self.pos >= self.toks.len() || stops.iter().any(|s| self.peek_word(s)) {
                break;
            }
            items.push(self.and_or()?);
            match self.toks.get(self.pos) {
                None => break,
                Some(Tok::Op(";")) => {}
                Some(Tok::Word(w)) if stops.iter().any(|s| w.is(s)) => {}
                // `&` (background), `)` and anything else are not read
                _ => return None,
            }
        }
        Some(Node::List(items))
    }

    fn and_or(&mut self) -> Option<Node> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let and = match self.toks.get(self.pos) {
                Some(Tok::Op("&&")) => true,
                Some(Tok::Op("||")) => false,
                _ => break,
            };
            self.pos += 1;
            self.skip_separators();
            rest.push((and, self.pipeline()?));
        }
        Some(if rest.is_empty() {
            first
        } else {
            Node::AndOr(Box::new(first), rest)
        })
    }

    /// A command and the filters its output goes through (`a | b`): each filter is a simple
    /// command, read when it runs.
    fn pipeline(&mut self) -> Option<Node> {
        // `! a | b`: the pipeline's status inverted (`! !` inverts it back)
        let mut negated = false;
        while self.peek_word("!") {
            negated = !negated;
            self.pos += 1;
        }
        let node = self.plain_pipeline()?;
        Some(if negated {
            Node::Not(Box::new(node))
        } else {
            node
        })
    }

    fn plain_pipeline(&mut self) -> Option<Node> {
        let first = self.command()?;
        let mut filters = Vec::new();
        while self.peek_op("|") {
            self.pos += 1;
            self.skip_separators();
            let compound = ["while", "until", "for", "if"]
                .iter()
                .any(|w| self.peek_word(w));
            if compound {
                return None;
            }
            filters.push(self.simple_command()?);
        }
        Some(if filters.is_empty() {
            first
        } else {
            Node::Pipeline(Box::new(first), filters)
        })
    }

    fn command(&mut self) -> Option<Node> {
        let compound = ["while", "until", "for", "if"]
            .iter()
            .any(|w| self.peek_word(w));
        if !compound {
            return self.simple_command();
        }
        if self.nesting >= MAX_NESTING {
            return None;
        }
        self.nesting += 1;
        let node = self.compound_command();
        self.nesting -= 1;
        node
    }

    fn compound_command(&mut self) -> Option<Node> {
        if self.peek_word("while") || self.peek_word("until") {
            let until = self.peek_word("until");
            self.pos += 1;
            let cond = self.list(&["do"])?;
            self.expect_word("do")?;
            let body = self.list(&["done"])?;
            self.expect_word("done")?;
            return Some(Node::Loop {
                until,
                cond: Box::new(cond),
                body: Box::new(body),
            });
        }
        if self.peek_word("for") {
            self.pos += 1;
            let Some(Tok::Word(var)) = self.toks.get(self.pos).cloned() else {
                return None;
            };
            let var = match var.parts.as_slice() {
                [Part::Lit(v)] if var.plain => v.clone(),
                _ => return None,
            };
            self.pos += 1;
            self.expect_word("in")?;
            let mut items = Vec::new();
            while let Some(Tok::Word(w)) = self.toks.get(self.pos) {
                items.push(w.clone());
                self.pos += 1;
            }
            self.expect_word("do")?;
            let body = self.list(&["done"])?;
            self.expect_word("done")?;
            return Some(Node::For {
                var,
                items,
                body: Box::new(body),
            });
        }
        if self.peek_word("if") {
            self.pos += 1;
            let mut branches = Vec::new();
            let mut otherwise = None;
            loop {
                let cond = self.list(&["then"])?;
                self.expect_word("then")?;
                let body = self.list(&["elif", "else", "fi"])?;
                branches.push((cond, body));
                if self.peek_word("elif") {
                    self.pos += 1;
                    continue;
                }
                if self.peek_word("else") {
                    self.pos += 1;
                    otherwise = Some(Box::new(self.list(&["fi"])?));
                }
                self.expect_word("fi")?;
                break;
            }
            return Some(Node::If {
                branches,
                otherwise,
            });
        }
        None
    }

    fn simple_command(&mut self) -> Option<Node> {
        let line = self.lines.get(self.pos).copied().unwrap_or(1);
        let mut words = Vec::new();
        let mut to_file = None;
        let mut quiet = false;
        loop {
            match self.toks.get(self.pos) {
                Some(Tok::Word(w)) => {
                    words.push(w.clone());
                    self.pos += 1;
                }
                Some(Tok::Dup(err_to_out)) => {
                    // `> file 2>&1`: the complaints go into the file too
                    quiet |= *err_to_out && to_file.is_some();
                    self.pos += 1;
                }
                Some(Tok::Op(op @ (">" | ">>" | "2>" | "<"))) => {
                    let op = *op;
                    self.pos += 1;
                    let Some(Tok::Word(target)) = self.toks.get(self.pos) else {
                        return None;
                    };
                    let stdout = matches!(target.parts.as_slice(),
                        [Part::Lit(t)] if t == "/dev/stdout" || t == "/proc/1/fd/1");
                    if matches!(op, ">" | ">>") && !stdout {
                        to_file = Some((target.clone(), op == ">>"));
                    }
                    let stderr = matches!(target.parts.as_slice(),
                        [Part::Lit(t)] if t == "/dev/stderr" || t == "/proc/1/fd/2");
                    quiet |= op == "2>" && !stderr;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        // subshells and reserved words out of place are not read
        if words.is_empty() || self.peek_op("(") {
            return None;
        }
        Some(Node::Simple {
            words,
            to_file,
            line,
            quiet,
        })
    }
}

/// How a command ended.
enum Flow {
    /// Carry on with the next command.
    Next,
    /// `exit N`.
    Exit(i32),
    /// It runs until stopped; an endless loop also says what it writes each time round.
    Forever(Option<Box<Repeat>>),
}

/// Deepest `sh -c` nesting the interpreter reads.
const MAX_DEPTH: usize = 8;
/// The longest a process is taken to run before it exits (a thousand years): the clock's
/// arithmetic stays far from overflow whatever `sleep` is given.
const MAX_RUN_MS: u64 = 1_000 * 365 * 86_400_000;
/// Most loop rounds the interpreter unrolls.
const MAX_ROUNDS: usize = 10_000;
/// The longest word a script may expand to; past it the script is not simulated.
const MAX_WORD_BYTES: usize = 64 * 1024;

/// What a container's process can see of its pod and the cluster.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The pod's hostname (`$HOSTNAME`, `hostname`).
    pub hostname: &'a str,
    /// The pod's namespace (the service account's `namespace` file; DNS search domain).
    pub namespace: &'a str,
    /// Whether cluster DNS resolves a Service (name, namespace) when the container starts.
    pub resolves: &'a dyn Fn(&str, &str) -> bool,
    /// What cluster DNS answers a name (`nslookup`); None where no lookup is simulated.
    pub lookup: Option<&'a dyn Fn(&str) -> super::dns::Lookup>,
    /// The container's environment as the kubelet resolved it (`makeEnvironmentVariables`:
    /// ConfigMap and Secret references, `$(VAR)` expansion); None reads the literal
    /// `env[].value`s of the spec.
    pub env: Option<&'a [(String, String)]>,
}

/// `$HOSTNAME`, then the resolved environment (or the spec's literal values).
fn initial_env(container: &Value, ctx: &Context) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![("HOSTNAME".into(), ctx.hostname.into())];
    if let Some(resolved) = ctx.env {
        env.extend(resolved.iter().cloned());
        return env;
    }
    if let Some(list) = container.get("env").and_then(Value::as_array) {
        for e in list {
            let name = e.get("name").and_then(Value::as_str).unwrap_or("");
            let value = e.get("value").and_then(Value::as_str).unwrap_or("");
            env.push((name.to_string(), value.to_string()));
        }
    }
    env
}

/// Whose `nslookup` an image ships, as far as its output is simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NslookupStyle {
    /// busybox up to 1.28: `Address 1: IP NAME` lines (1.29 rewrote the applet).
    Busybox,
    /// bind9's (Debian's dnsutils).
    Bind,
}

fn nslookup_style(image: &str) -> Option<NslookupStyle> {
    match image_name(image) {
        "busybox" => {
            let tag = crate::nodes::registry::ImageRef::parse(image).tag?;
            let mut parts = tag.split('.').map(|p| p.parse::<u32>().ok());
            match (parts.next().flatten(), parts.next().flatten()) {
                (Some(1), Some(minor)) if minor <= 28 => Some(NslookupStyle::Busybox),
                _ => None,
            }
        }
        "jessie-dnsutils" | "dnsutils" => Some(NslookupStyle::Bind),
        _ => None,
    }
}

fn resolves_nothing(_: &str, _: &str) -> bool {
    false
}

struct Shell<'a> {
    env: Vec<(String, String)>,
    ctx: Context<'a>,
    /// Milliseconds since the process started.
    t: u64,
    lines: Vec<Line>,
    /// `$?`.
    status: i32,
    /// A command it does not read runs from here on.
    opaque: bool,
    /// It loops until cluster DNS resolves this Service (name, namespace).
    waits_for: Option<(String, String)>,
    /// Files created or removed, when, in the order the script did it.
    files: Vec<(u64, String, FileKind)>,
    /// `kubectl exec`: runs the programs the shell does not know, and keeps the files.
    host: Option<&'a mut dyn ExecHost>,
    /// What runs once the DNS wait ends (the rest of the script after the loop).
    after_wait: Option<Box<Process>>,
    /// Commands left to run, shared by the sub-shells and loop rounds of one evaluation: a
    /// script whose loops multiply past it is not simulated.
    steps: std::rc::Rc<std::cell::Cell<u64>>,
    /// Which shell this is, in which container.
    sh: ShellKind,
    /// `kubectl exec`: what the shell itself writes to standard error.
    stderr: String,
    /// The script's line being run (for dash's and bash's complaints).
    line: u32,
    /// The command's standard error goes to a file (`2>/dev/null`): its complaints are not
    /// shown.
    quiet_err: bool,
    /// `$?` while a command reads its words (its own status is already being set).
    dollar_q: Option<i32>,
    /// The names `nslookup` looked up and cluster DNS's answers, shared by the sub-shells and
    /// loop rounds of one evaluation (a loop's replay answers from them).
    answers: std::rc::Rc<std::cell::RefCell<Answers>>,
}

/// Which shell reads a script, as far as its complaints tell: busybox's ash (busybox and
/// alpine images), dash (Debian's and Ubuntu's `/bin/sh`, the official images built on
/// them), or bash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Dialect {
    #[default]
    Busybox,
    Dash,
    Bash,
}

/// The shell running a script and what it can know of the container's files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct ShellKind {
    /// The container's image as written (which `sh` it ships).
    image: String,
    /// Where the container's volumes are mounted: what lies under them is not known.
    mounts: Vec<String>,
    dialect: Dialect,
    /// `$0`: the name the shell was started by; dash and bash begin their complaints with it.
    arg0: String,
}

impl ShellKind {
    fn of(container: &Value) -> ShellKind {
        let mounts = container
            .get("volumeMounts")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|m| m.get("mountPath").and_then(Value::as_str))
                    .map(|p| p.trim_end_matches('/').to_string())
                    .collect()
            })
            .unwrap_or_default();
        ShellKind {
            image: container
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            mounts,
            dialect: Dialect::Busybox,
            arg0: "sh".into(),
        }
    }

    /// The shell a program name starts in this image.
    fn dialect_for(&self, program: &str) -> Dialect {
        match program {
            "bash" => return Dialect::Bash,
            "dash" => return Dialect::Dash,
            "ash" => return Dialect::Busybox,
            _ => {}
        }
        let tag = crate::nodes::registry::ImageRef::parse(&self.image)
            .tag
            .unwrap_or_default();
        if tag.contains("alpine") {
            return Dialect::Busybox;
        }
        match image_name(&self.image) {
            "debian"
            | "ubuntu"
            | "nginx"
            | "python"
            | "node"
            | "kubernetes-bootcamp"
            | "ruby"
            | "perl"
            | "golang"
            | "buildpack-deps"
            | "httpd"
            | "redis"
            | "php"
            | "openjdk"
            | "postgres"
            | "mysql" => Dialect::Dash,
            "centos" | "fedora" | "rockylinux" | "almalinux" | "amazonlinux" | "oraclelinux"
            | "archlinux" => Dialect::Bash,
            _ => Dialect::Busybox,
        }
    }
}

/// Commands one evaluation of a script may run (a container's start).
const MAX_STEPS: u64 = 200_000;

/// Commands a log's replay of a loop may run: beyond, it replays only the latest rounds
/// (from the loop's first values).
const MAX_REPLAY_STEPS: u64 = 2_000_000;

impl<'a> Shell<'a> {
    fn new(env: Vec<(String, String)>, ctx: Context<'a>) -> Self {
        Self {
            env,
            ctx,
            t: 0,
            lines: Vec::new(),
            status: 0,
            opaque: false,
            waits_for: None,
            files: Vec::new(),
            host: None,
            after_wait: None,
            steps: std::rc::Rc::new(std::cell::Cell::new(MAX_STEPS)),
            sh: ShellKind::default(),
            stderr: String::new(),
            line: 1,
            quiet_err: false,
            dollar_q: None,
            answers: Default::default(),
        }
    }

    /// A shell for part of this one's work (a loop round, what follows a wait): same
    /// variables, context and budget.
    fn child(&self) -> Shell<'a> {
        let mut c = Shell::new(self.env.clone(), self.ctx);
        c.steps = std::rc::Rc::clone(&self.steps);
        c.answers = std::rc::Rc::clone(&self.answers);
        c.sh = self.sh.clone();
        c.files = self.files.clone();
        c
    }

    fn record_file(&mut self, path: String, kind: FileKind) {
        let path = normal_path(&path).to_string();
        // the devices are not the script's files
        if path.starts_with("/dev/") || path.starts_with("/proc/") {
            return;
        }
        let latest = self.files.iter().rev().find(|(_, p, _)| *p == path);
        if latest.map(|(_, _, k)| *k) != Some(kind) {
            self.files.push((self.t, path, kind));
        }
    }

    /// What is at `path` now, as far as the simulation knows: what the script made or removed,
    /// the directories and files every container has, and (in a new container) an empty
    /// `/tmp`; None for the rest of the image and what volumes hold.
    fn file_kind(&self, path: &str) -> Option<FileKind> {
        let path = normal_path(path);
        if let Some((_, _, k)) = self.files.iter().rev().find(|(_, p, _)| p == path) {
            return Some(*k);
        }
        let under = |m: &str| path == m || path.strip_prefix(m).is_some_and(|r| r.starts_with('/'));
        if self.sh.mounts.iter().any(|m| under(m)) {
            return None;
        }
        match path {
            "/" | "/tmp" | "/etc" | "/bin" | "/usr" | "/var" | "/proc" | "/dev" => {
                Some(FileKind::Dir)
            }
            // the kubelet mounts these into every container
            "/etc/hostname" | "/etc/hosts" | "/etc/resolv.conf" => {
                Some(FileKind::File { nonempty: true })
            }
            "/dev/null" => Some(FileKind::Device),
            // kubectl exec finds what earlier commands left there
            p if p.starts_with("/tmp/") && self.host.is_none() => Some(FileKind::Missing),
            _ => None,
        }
    }

    /// The latest state of each path the script touched (what a loop round may change).
    fn file_states(&self) -> Vec<(String, FileKind)> {
        let mut latest: std::collections::BTreeMap<&str, FileKind> = Default::default();
        for (_, p, k) in &self.files {
            latest.insert(p, *k);
        }
        latest
            .into_iter()
            .map(|(p, k)| (p.to_string(), k))
            .collect()
    }

    /// A loop's replay keeps only the latest state of each path once the list grows (its
    /// rounds all run from time 0).
    fn compact_files(&mut self) {
        if self.files.len() > 2 * self.file_states().len().max(128) {
            self.files = self
                .file_states()
                .into_iter()
                .map(|(p, k)| (0, p, k))
                .collect();
        }
    }

    /// `nslookup NAME` as the image's nslookup prints cluster DNS's answer: busybox up to 1.28
    /// (the StatefulSet tutorial's `busybox:1.28`) and bind's (the DNS debugging page's
    /// dnsutils image); other nslookups, options and names outside the cluster are not
    /// simulated.
    fn nslookup(&mut self, args: &[Word]) -> Option<Flow> {
        let a = self.texts(args)?;
        let [name] = a.as_slice() else {
            return None;
        };
        let style = nslookup_style(&self.sh.image)?;
        let answer = (self.ctx.lookup?)(name);
        self.answers
            .borrow_mut()
            .entry(name.clone())
            .or_insert_with(|| answer.clone());
        let ns = super::dns::NAMESERVER;
        let out = |shell: &mut Self, text: String| shell.write(vec![Piece::Text(text)]);
        match (style, answer) {
            (_, super::dns::Lookup::Outside) => return None,
            (NslookupStyle::Busybox, answer) => {
                out(self, format!("Server:    {ns}"));
                out(
                    self,
                    format!("Address 1: {ns} {}", super::dns::NAMESERVER_NAME),
                );
                out(self, String::new());
                match answer {
                    super::dns::Lookup::Found(_, addresses) => {
                        out(self, format!("Name:      {name}"));
                        for (i, (ip, ptr)) in addresses.iter().enumerate() {
                            let ptr = if ptr.is_empty() {
                                String::new()
                            } else {
                                format!(" {ptr}")
                            };
                            out(self, format!("Address {}: {ip}{ptr}", i + 1));
                        }
                        self.status = 0;
                    }
                    _ => {
                        self.write_err(format!("nslookup: can't resolve '{name}'"));
                        self.status = 1;
                    }
                }
            }
            (NslookupStyle::Bind, answer) => {
                out(self, format!("Server:\t\t{ns}"));
                out(self, format!("Address:\t{ns}#53"));
                out(self, String::new());
                match answer {
                    super::dns::Lookup::Found(fqdn, addresses) => {
                        for (ip, _) in addresses {
                            out(self, format!("Name:\t{fqdn}"));
                            out(self, format!("Address: {ip}"));
                        }
                        self.status = 0;
                    }
                    _ => {
                        out(self, format!("** server can't find {name}: NXDOMAIN"));
                        self.status = 1;
                    }
                }
                out(self, String::new());
            }
        }
        Some(Flow::Next)
    }

    /// A line the program itself writes to standard error (unless that goes to a file).
    fn write_err(&mut self, text: String) {
        if self.quiet_err {
            return;
        }
        if self.host.is_some() {
            self.stderr.push_str(&text);
            self.stderr.push('\n');
        } else {
            self.lines.push(Line {
                at_ms: self.t,
                pieces: vec![Piece::Text(text)],
                err: true,
            });
        }
    }

    /// The shell's complaint about a command, worded as its shell words it, on standard
    /// error (the container's log; kubectl exec's stderr).
    fn complain(&mut self, cmd: &str, msg: &str) {
        if self.quiet_err {
            return;
        }
        let arg0 = &self.sh.arg0;
        let text = match self.sh.dialect {
            Dialect::Busybox => format!("{}: {msg}", arg0.rsplit('/').next().unwrap_or(arg0)),
            Dialect::Dash => format!("{arg0}: {}: {cmd}: {msg}", self.line),
            Dialect::Bash => format!("{arg0}: line {}: {cmd}: {msg}", self.line),
        };
        if self.host.is_some() {
            self.stderr.push_str(&text);
            self.stderr.push('\n');
        } else {
            self.lines.push(Line {
                at_ms: self.t,
                pieces: vec![Piece::Text(text)],
                err: true,
            });
        }
    }

    fn finish(self, flow: Flow) -> Process {
        let (repeat, exit) = match flow {
            Flow::Next => (None, Some(self.status)),
            Flow::Exit(code) => (None, Some(code)),
            Flow::Forever(repeat) => (repeat, None),
        };
        Process {
            lines: self.lines,
            repeat,
            exit: exit.map(|code| Exit {
                after_ms: self.t,
                code,
                oom_killed: false,
            }),
            opaque: self.opaque,
            waits_for: self.waits_for,
            ignores_sigterm: false,
            files: self.files,
            after_wait: self.after_wait,
            resolved_at: None,
            resolved_lines: Vec::new(),
        }
    }

    fn var(&self, name: &str) -> String {
        if name == "?" {
            return self.dollar_q.unwrap_or(self.status).to_string();
        }
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn set_var(&mut self, name: &str, value: String) {
        match self.env.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => *v = value,
            None => self.env.push((name.to_string(), value)),
        }
    }

    /// A word with its expansions made, as pieces of a line (`$(date)` stays a date).
    fn expand(&self, w: &Word) -> Option<Vec<Piece>> {
        let pieces: Vec<Piece> = w
            .parts
            .iter()
            .map(|p| self.expand_part(p))
            .collect::<Option<_>>()?;
        // a word that doubles itself round after round (`x=$x$x`) is not followed
        let size: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                _ => 32,
            })
            .sum();
        (size <= MAX_WORD_BYTES).then_some(pieces)
    }

    fn expand_part(&self, p: &Part) -> Option<Piece> {
        Some(match p {
            Part::Lit(t) => Piece::Text(t.clone()),
            Part::Var(v) => Piece::Text(self.var(v)),
            Part::Arith(expr) => Piece::Text(self.arith(expr)?.to_string()),
            Part::Subst(cmd) => match cmd.trim() {
                "date" => Piece::Date,
                "hostname" => Piece::Text(self.ctx.hostname.to_string()),
                "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace" => {
                    Piece::Text(self.ctx.namespace.to_string())
                }
                _ => return None,
            },
        })
    }

    /// A word's fields: the text of an expansion outside quotes is split on blanks (an
    /// empty `$x` leaves no field at all, `"$x"` an empty one). None when it holds a
    /// `$(date)`.
    fn fields(&self, w: &Word) -> Option<Vec<String>> {
        if w.split.is_empty() {
            return Some(vec![self.text(w)?]);
        }
        let mut fields = Vec::new();
        let mut current = String::new();
        let mut started = false;
        for (i, p) in w.parts.iter().enumerate() {
            let Piece::Text(text) = self.expand_part(p)? else {
                return None;
            };
            if !w.split.contains(&i) {
                current.push_str(&text);
                started = true;
                continue;
            }
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n') {
                    if started {
                        fields.push(std::mem::take(&mut current));
                        started = false;
                    }
                } else {
                    current.push(c);
                    started = true;
                }
            }
        }
        if started {
            fields.push(current);
        }
        Some(fields)
    }

    /// A word's text, when it holds no `$(date)`.
    fn text(&self, w: &Word) -> Option<String> {
        self.expand(w)?
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => Some(t),
                Piece::Date | Piece::LogTime | Piece::JsDate => None,
            })
            .collect()
    }

    fn write(&mut self, pieces: Vec<Piece>) {
        // a line per newline in the text
        let mut line: Vec<Piece> = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(t) => {
                    let mut segments = t.split('\n');
                    if let Some(first) = segments.next() {
                        line.push(Piece::Text(first.to_string()));
                    }
                    for seg in segments {
                        self.lines.push(Line {
                            at_ms: self.t,
                            pieces: std::mem::take(&mut line),
                            err: false,
                        });
                        line.push(Piece::Text(seg.to_string()));
                    }
                }
                p => line.push(p),
            }
        }
        self.lines.push(Line {
            at_ms: self.t,
            pieces: line,
            err: false,
        });
    }

    fn run(&mut self, node: &Node, depth: usize) -> Option<Flow> {
        match node {
            Node::List(items) => {
                for (i, n) in items.iter().enumerate() {
                    match self.run(n, depth)? {
                        Flow::Next => {}
                        // a DNS wait: what follows it runs when the Service appears
                        Flow::Forever(repeat)
                            if self.waits_for.is_some() && self.after_wait.is_none() =>
                        {
                            let mut rest = self.child();
                            let flow = rest
                                .run(&Node::List(items[i + 1..].to_vec()), depth)
                                .unwrap_or_else(|| {
                                    rest.opaque = true;
                                    Flow::Forever(None)
                                });
                            self.after_wait = Some(Box::new(rest.finish(flow)));
                            return Some(Flow::Forever(repeat));
                        }
                        other => return Some(other),
                    }
                }
                Some(Flow::Next)
            }
            Node::AndOr(first, rest) => {
                let flow = self.run(first, depth)?;
                if !matches!(flow, Flow::Next) {
                    return Some(flow);
                }
                for (and, n) in rest {
                    if (self.status == 0) == *and {
                        let flow = self.run(n, depth)?;
                        if !matches!(flow, Flow::Next) {
                            return Some(flow);
                        }
                    }
                }
                Some(Flow::Next)
            }
            Node::Simple {
                words,
                to_file,
                line,
                quiet,
            } => {
                self.take_step()?;
                let mut words = words.as_slice();
                // NAME=value assignments before the command
                while let Some((name, value)) = words.first().and_then(|w| self.assignment(w)) {
                    self.set_var(&name, value);
                    words = &words[1..];
                }
                if words.is_empty() {
                    self.status = 0;
                    return Some(Flow::Next);
                }
                self.line = *line;
                let was_quiet = self.quiet_err;
                self.quiet_err |= *quiet;
                let flow = self.redirected(words, to_file.as_ref(), depth);
                self.quiet_err = was_quiet;
                flow
            }
            Node::Pipeline(first, filters) => self.pipeline(first, filters, depth),
            Node::Not(inner) => {
                let flow = self.run(inner, depth)?;
                if matches!(flow, Flow::Next) {
                    self.status = i32::from(self.status == 0);
                }
                Some(flow)
            }
            Node::If {
                branches,
                otherwise,
            } => {
                for (cond, body) in branches {
                    if !matches!(self.run(cond, depth)?, Flow::Next) {
                        return None;
                    }
                    if self.status == 0 {
                        return self.run(body, depth);
                    }
                }
                match otherwise {
                    Some(body) => self.run(body, depth),
                    None => {
                        self.status = 0;
                        Some(Flow::Next)
                    }
                }
            }
            Node::For { var, items, body } => {
                let mut values = Vec::new();
                for w in items {
                    values.extend(self.field_split(w)?);
                }
                for v in values.into_iter().take(MAX_ROUNDS) {
                    self.set_var(var, v);
                    match self.run(body, depth)? {
                        Flow::Next => {}
                        other => return Some(other),
                    }
                }
                Some(Flow::Next)
            }
            Node::Loop { until, cond, body } => {
                // a loop whose condition never changes (`while true`, `until false`), or one
                // waiting for a Service's DNS name (`until nslookup myservice`)
                let wait = self.dns_wait(*until, cond);
                let runs = match (&wait, constant_status(cond)) {
                    (Some((target, _)), _) => !(self.ctx.resolves)(&target.0, &target.1),
                    (None, Some(status)) => *until != status,
                    // a condition that reads the script's state: round by round
                    (None, None) => return self.run_loop(*until, cond, body, depth),
                };
                // the wait's nslookup prints what it finds, where kubeplay knows how
                let prints = wait
                    .as_ref()
                    .is_some_and(|(_, host)| self.prints_lookup(host));
                let waits_for = wait.map(|(target, _)| target);
                // one round on a clock of its own: how long it takes, whether it ends the loop
                let mut round = self.child();
                let mut runs = runs;
                if prints && runs {
                    if !matches!(round.run(cond, depth)?, Flow::Next) {
                        return None;
                    }
                    // DNS may answer the name without such a Service (a pod's name under a
                    // headless Service): then the loop is over at once
                    runs = (round.status == 0) != *until;
                }
                if !runs {
                    // found at the first try: nslookup prints the answer, the loop is over
                    if prints && !matches!(self.run(cond, depth)?, Flow::Next) {
                        return None;
                    }
                    self.status = 0;
                    return Some(Flow::Next);
                }
                match round.run(body, depth)? {
                    Flow::Next => {
                        // a wait that takes no time would spin: only a sleeping one is read
                        if waits_for.is_some() && round.t == 0 {
                            return None;
                        }
                        self.waits_for = waits_for;
                        // a round of the wait runs the lookup that fails, then the body
                        let round_body = if prints {
                            Node::List(vec![cond.as_ref().clone(), body.as_ref().clone()])
                        } else {
                            body.as_ref().clone()
                        };
                        Some(Flow::Forever(Some(Box::new(Repeat {
                            from_ms: self.t,
                            period_ms: round.t,
                            body: round_body,
                            stateful: round.env != self.env
                                || round.file_states() != self.file_states(),
                            env: self.env.clone(),
                            hostname: self.ctx.hostname.to_string(),
                            namespace: self.ctx.namespace.to_string(),
                            sh: self.sh.clone(),
                            files: self.files.clone(),
                            answers: self.answers.borrow().clone(),
                            wait_cond: prints.then(|| cond.as_ref().clone()),
                        }))))
                    }
                    // the first round ends it: replay that round on the main clock
                    Flow::Exit(_) | Flow::Forever(_) if waits_for.is_none() => {
                        self.run(body, depth)
                    }
                    _ => None,
                }
            }
        }
    }

    /// Counts a command against the evaluation's budget; None once it is spent.
    fn take_step(&mut self) -> Option<()> {
        let left = self.steps.get();
        if left == 0 {
            return None;
        }
        self.steps.set(left - 1);
        Some(())
    }

    /// A simple command with its standard output redirected to a file, if it is: the file is
    /// made before the command runs, and holds what it writes (its complaints stay on
    /// standard error).
    fn redirected(
        &mut self,
        words: &[Word],
        to_file: Option<&(Word, bool)>,
        depth: usize,
    ) -> Option<Flow> {
        let Some((target, append)) = to_file else {
            return self.simple(words, depth);
        };
        let path = self.text(target)?;
        let before = self.lines.len();
        let kept = *append && self.file_kind(&path) == Some(FileKind::File { nonempty: true });
        self.record_file(path.clone(), FileKind::File { nonempty: kept });
        let flow = self.simple(words, depth);
        let written = self.take_output(before);
        self.write_to_file(&path, &written, *append);
        flow
    }

    /// The standard output written since line `before`, taken out of the log (complaints
    /// stay).
    fn take_output(&mut self, before: usize) -> Vec<Line> {
        let (errs, out): (Vec<Line>, Vec<Line>) = self.lines.drain(before..).partition(|l| l.err);
        self.lines.extend(errs);
        out
    }

    /// Lines a command wrote into a file: it has content; `kubectl exec` keeps the text.
    fn write_to_file(&mut self, path: &str, written: &[Line], append: bool) {
        if !written.is_empty() {
            self.record_file(path.to_string(), FileKind::File { nonempty: true });
        }
        if let Some(host) = self.host.as_deref_mut() {
            let now = host.now();
            let text: String = written.iter().map(|l| l.render(now) + "\n").collect();
            host.write_file(path, &text, append);
        }
    }

    /// `a | f | g`: the first command runs, then each filter reads what the one before it
    /// wrote. The status is the last filter's.
    fn pipeline(&mut self, first: &Node, filters: &[Node], depth: usize) -> Option<Flow> {
        let before = self.lines.len();
        let waiting = self.waits_for.is_some();
        let flow = self.run(first, depth)?;
        let mut input = self.take_output(before);
        let eof = self.t;
        let mut parsed = Vec::new();
        for f in filters {
            let Node::Simple { words, to_file, .. } = f else {
                return None;
            };
            self.take_step()?;
            let filter = filters::Filter::parse(&self.texts(words)?)?;
            parsed.push((filter, to_file.clone()));
        }
        let streams = parsed.iter().all(|(f, _)| f.streams());
        let repeat = match flow {
            // the first command runs in a subshell: its `exit` ends only it
            Flow::Next | Flow::Exit(_) => None,
            Flow::Forever(_) if self.waits_for.is_some() && !waiting => return None,
            // its output never ends: a filter that buffers holds it all
            Flow::Forever(None) if !streams => return Some(Flow::Forever(None)),
            Flow::Forever(None) => Some(None),
            // an endless loop: each round's lines go through the filters as they come
            Flow::Forever(Some(r)) if streams => Some(Some(r)),
            Flow::Forever(Some(_)) => return None,
        };
        for (filter, to_file) in &parsed {
            let (out, status) = filter.apply(input, eof)?;
            if let filters::Filter::Tee { path, append } = filter {
                let kept =
                    *append && self.file_kind(path) == Some(FileKind::File { nonempty: true });
                self.record_file(path.clone(), FileKind::File { nonempty: kept });
                self.write_to_file(path, &out, *append);
            }
            self.status = status;
            input = match to_file {
                Some((target, append)) => {
                    let path = self.text(target)?;
                    let kept =
                        *append && self.file_kind(&path) == Some(FileKind::File { nonempty: true });
                    self.record_file(path.clone(), FileKind::File { nonempty: kept });
                    self.write_to_file(&path, &out, *append);
                    Vec::new()
                }
                None => out,
            };
        }
        self.lines.extend(input);
        self.lines[before..].sort_by_key(|l| l.at_ms);
        Some(match repeat {
            None => Flow::Next,
            Some(None) => Flow::Forever(None),
            Some(Some(mut r)) => {
                r.body = Node::Pipeline(Box::new(r.body), filters.to_vec());
                Flow::Forever(Some(r))
            }
        })
    }

    /// `while COND` / `until COND` whose condition reads variables or files: rounds run one
    /// after the other until it says stop. A round that leaves the variables, files and
    /// status as it found them would repeat forever: the loop becomes an endless one from
    /// there. One that never settles nor ends within the budget is not simulated.
    fn run_loop(&mut self, until: bool, cond: &Node, body: &Node, depth: usize) -> Option<Flow> {
        let mut body_status = 0;
        for _ in 0..MAX_ROUNDS {
            let (env, files, status) = (self.env.clone(), self.file_states(), self.status);
            let (lines, file_log, t) = (self.lines.len(), self.files.len(), self.t);
            match self.run(cond, depth)? {
                Flow::Next => {}
                other => return Some(other),
            }
            if (self.status == 0) == until {
                // the loop's status is its body's last, 0 when it never ran
                self.status = body_status;
                return Some(Flow::Next);
            }
            match self.run(body, depth)? {
                Flow::Next => {}
                other => return Some(other),
            }
            body_status = self.status;
            if self.env == env && self.file_states() == files && self.status == status {
                let period_ms = self.t - t;
                self.lines.truncate(lines);
                self.files.truncate(file_log);
                self.t = t;
                return Some(Flow::Forever(Some(Box::new(Repeat {
                    from_ms: t,
                    period_ms,
                    body: Node::List(vec![cond.clone(), body.clone()]),
                    stateful: false,
                    env,
                    hostname: self.ctx.hostname.to_string(),
                    namespace: self.ctx.namespace.to_string(),
                    sh: self.sh.clone(),
                    files: self.files.clone(),
                    answers: self.answers.borrow().clone(),
                    wait_cond: None,
                }))));
            }
        }
        None
    }

    /// `test`, `[ … ]` and `[[ … ]]`: status 0 when the expression holds, 1 when not, 2
    /// (with the shell's complaint) when it is malformed.
    fn test_command(&mut self, name: &str, words: &[Word]) -> Option<Flow> {
        let dialect = self.sh.dialect;
        if name == "[[" && dialect == Dialect::Dash {
            self.complain(name, "not found");
            self.status = 127;
            return Some(Flow::Next);
        }
        // bash reads `[[` itself: no field splitting, and an unquoted pattern matches
        let keyword = name == "[[" && dialect == Dialect::Bash;
        let pattern = |w: &Word| {
            w.parts
                .iter()
                .any(|p| matches!(p, Part::Lit(t) if t.contains(['*', '?', '['])))
        };
        // an unquoted pattern is expanded against the working directory's files first
        let expanded = |w: &Word| match name {
            "[[" if keyword => !w.plain,
            "[[" => true,
            _ => w.plain,
        };
        if words.iter().any(|w| pattern(w) && expanded(w)) {
            return None;
        }
        let mut args = if keyword {
            words
                .iter()
                .map(|w| self.text(w))
                .collect::<Option<Vec<_>>>()?
        } else {
            self.texts(words)?
        };
        let close = match name {
            "[" => Some("]"),
            "[[" => Some("]]"),
            _ => None,
        };
        if let Some(close) = close {
            if args.last().map(String::as_str) != Some(close) {
                return self.test_failed(name, TestError::MissingBracket(close));
            }
            args.pop();
        }
        if dialect == Dialect::Dash && args.len() == 3 && args[1] == "==" {
            // dash's test has no `==`
            let msg = format!("{}: unexpected operator", args[0]);
            self.complain(name, &msg);
            self.status = 2;
            return Some(Flow::Next);
        }
        let files = |p: &str| self.file_kind(p);
        match test_expr::evaluate(&args, &files, name == "[[") {
            Ok(holds) => {
                self.status = i32::from(!holds);
                Some(Flow::Next)
            }
            Err(e) => self.test_failed(name, e),
        }
    }

    /// A malformed test: the complaint in its shell's words, status 2. Only busybox's
    /// wording is known for every case; dash's for the common ones.
    fn test_failed(&mut self, cmd: &str, e: TestError) -> Option<Flow> {
        let msg = match (self.sh.dialect, e) {
            (Dialect::Bash, _) | (_, TestError::Unknown) => return None,
            (_, TestError::MissingBracket(b)) => format!("missing {b}"),
            (Dialect::Busybox, TestError::BadNumber(n)) if n.is_empty() => "bad number".into(),
            (Dialect::Busybox, TestError::BadNumber(n)) => format!("{n}: bad number"),
            (Dialect::Busybox, TestError::Syntax(op, msg)) if op.is_empty() => msg.to_string(),
            (Dialect::Busybox, TestError::Syntax(op, msg)) => format!("{op}: {msg}"),
            (Dialect::Dash, TestError::BadNumber(n)) => format!("Illegal number: {n}"),
            (Dialect::Dash, TestError::Syntax(n, "out of range")) => {
                format!("Illegal number: {n}")
            }
            (Dialect::Dash, TestError::Syntax(..)) => return None,
        };
        self.complain(cmd, &msg);
        self.status = 2;
        Some(Flow::Next)
    }

    /// The Service (name, namespace) an `until nslookup HOST` or `while ! nslookup HOST`
    /// condition waits for, and HOST: `svc`, `svc.ns`, `svc.ns.svc` or
    /// `svc.ns.svc.cluster.local` (the pod's DNS search list). The lookup's output may go
    /// elsewhere (`> /dev/null 2>&1`).
    fn dns_wait(&self, until: bool, cond: &Node) -> Option<((String, String), String)> {
        let Node::List(items) = cond else {
            return None;
        };
        let lookup = match (until, items.as_slice()) {
            (true, [simple]) => simple,
            (false, [Node::Not(simple)]) => simple.as_ref(),
            _ => return None,
        };
        let Node::Simple { words, .. } = lookup else {
            return None;
        };
        let [cmd, host] = words.as_slice() else {
            return None;
        };
        if self.text(cmd)? != "nslookup" {
            return None;
        }
        let name = self.text(host)?;
        let host = name.strip_suffix('.').unwrap_or(&name);
        let labels: Vec<&str> = host.split('.').collect();
        let (svc, ns) = match labels.as_slice() {
            [svc] => (*svc, self.ctx.namespace),
            [svc, ns] | [svc, ns, "svc"] | [svc, ns, "svc", "cluster", "local"] => (*svc, *ns),
            _ => return None,
        };
        (!svc.is_empty() && !ns.is_empty())
            .then(|| ((svc.to_string(), ns.to_string()), name.clone()))
    }

    /// Whether `nslookup NAME` prints what it finds as kubeplay simulates it: the image's
    /// nslookup is one it knows, and the name is cluster DNS's to answer.
    fn prints_lookup(&self, name: &str) -> bool {
        nslookup_style(&self.sh.image).is_some()
            && self
                .ctx
                .lookup
                .is_some_and(|lookup| lookup(name) != super::dns::Lookup::Outside)
    }

    /// `$((…))`: integers, variables, `+ - * / %` and parentheses; None for anything else
    /// (assignments inside, division by zero).
    fn arith(&self, expr: &str) -> Option<i64> {
        arith_eval(expr, &|name| self.var(name))
    }

    /// The words' fields, split as the shell splits them.
    fn texts(&self, words: &[Word]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for w in words {
            out.extend(self.fields(w)?);
        }
        Some(out)
    }

    /// `NAME=value`, when the word is an assignment.
    fn assignment(&self, w: &Word) -> Option<(String, String)> {
        let Some(Part::Lit(first)) = w.parts.first() else {
            return None;
        };
        let (name, value) = first.split_once('=')?;
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let rest = Word {
            parts: std::iter::once(Part::Lit(value.to_string()))
                .chain(w.parts[1..].iter().cloned())
                .collect(),
            plain: false,
            // an assignment's value is not split
            split: Vec::new(),
        };
        Some((name.to_string(), self.text(&rest)?))
    }

    /// A word's fields after expansion: unquoted expansions split on blanks (`$(seq 1 3)`).
    fn field_split(&self, w: &Word) -> Option<Vec<String>> {
        if let [Part::Subst(cmd)] = w.parts.as_slice() {
            let argv: Vec<&str> = cmd.split_whitespace().collect();
            if let ["seq", rest @ ..] = argv.as_slice() {
                let n: Vec<i64> = rest.iter().map(|s| s.parse().ok()).collect::<Option<_>>()?;
                let (from, to) = match n.as_slice() {
                    [to] => (1, *to),
                    [from, to] => (*from, *to),
                    _ => return None,
                };
                return Some(
                    (from..=to)
                        .take(MAX_ROUNDS)
                        .map(|i| i.to_string())
                        .collect(),
                );
            }
        }
        let text = self.text(w)?;
        Some(if w.parts.iter().any(|p| matches!(p, Part::Var(_))) {
            text.split_whitespace().map(str::to_string).collect()
        } else {
            vec![text]
        })
    }

    /// Runs a command given as an argument vector (a container's command, or `sh -c`).
    fn exec_argv(&mut self, argv: &[String], depth: usize) -> Flow {
        let words: Vec<Word> = argv
            .iter()
            .map(|a| Word {
                parts: vec![Part::Lit(a.clone())],
                plain: false,
                split: Vec::new(),
            })
            .collect();
        self.simple(&words, depth).unwrap_or_else(|| {
            self.opaque = true;
            Flow::Forever(None)
        })
    }

    /// Runs a simple command; while it reads its words, `$?` is still the status of the
    /// command before it.
    fn simple(&mut self, words: &[Word], depth: usize) -> Option<Flow> {
        let outer = self.dollar_q.replace(self.status);
        let flow = self.simple_inner(words, depth);
        self.dollar_q = outer;
        flow
    }

    fn simple_inner(&mut self, words: &[Word], depth: usize) -> Option<Flow> {
        let argv0 = self.text(&words[0])?;
        let name = argv0.rsplit('/').next().unwrap_or(&argv0).to_string();
        let args = &words[1..];
        let last_status = self.status;
        self.status = 0;
        match name.as_str() {
            "sh" | "bash" | "ash" | "dash" => {
                let a = self.texts(args)?;
                let (opts, rest): (Vec<&String>, Vec<&String>) =
                    a.iter().partition(|s| s.starts_with('-') && s.len() > 1);
                let script = if opts.iter().any(|o| o.contains('c')) {
                    rest.first()?.as_str()
                } else if rest.is_empty() {
                    // a shell reading an empty standard input
                    return Some(Flow::Exit(0));
                } else {
                    // a script file kubeplay cannot read
                    return None;
                };
                if depth >= MAX_DEPTH {
                    return None;
                }
                let (toks, lines) = tokenize(script)?;
                let node = Parser {
                    toks,
                    lines,
                    pos: 0,
                    nesting: 0,
                }
                .list(&[])?;
                let mut sub = self.child();
                sub.t = self.t;
                sub.lines = std::mem::take(&mut self.lines);
                sub.files = std::mem::take(&mut self.files);
                sub.host = self.host.take();
                sub.stderr = std::mem::take(&mut self.stderr);
                sub.sh.dialect = self.sh.dialect_for(&name);
                sub.sh.arg0 = argv0.clone();
                let flow = sub.run(&node, depth + 1);
                self.t = sub.t;
                self.lines = sub.lines;
                self.files = sub.files;
                self.host = sub.host.take();
                self.stderr = std::mem::take(&mut sub.stderr);
                self.waits_for = sub.waits_for;
                self.after_wait = sub.after_wait.take();
                // the shell exits with its script: the container ends here
                Some(match flow? {
                    Flow::Next => Flow::Exit(sub.status),
                    other => other,
                })
            }
            "echo" => {
                let mut pieces = Vec::new();
                let mut rest = args;
                let mut escapes = false;
                while let Some(flag) = rest.first().filter(|w| {
                    matches!(
                        self.text(w).as_deref(),
                        Some("-n" | "-e" | "-ne" | "-en" | "-E")
                    )
                }) {
                    escapes |= self.text(flag)?.contains('e');
                    rest = &rest[1..];
                }
                // an unquoted expansion's fields are separate arguments
                let mut fields: Vec<Vec<Piece>> = Vec::new();
                for w in rest {
                    match self.fields(w) {
                        Some(f) if !w.split.is_empty() => {
                            fields.extend(f.into_iter().map(|t| vec![Piece::Text(t)]))
                        }
                        _ => fields.push(self.expand(w)?),
                    }
                }
                for (i, mut p) in fields.into_iter().enumerate() {
                    if i > 0 {
                        pieces.push(Piece::Text(" ".into()));
                    }
                    if escapes {
                        for piece in &mut p {
                            if let Piece::Text(t) = piece {
                                *t = t.replace("\\n", "\n").replace("\\t", "\t");
                            }
                        }
                    }
                    pieces.extend(p);
                }
                self.write(pieces);
                Some(Flow::Next)
            }
            "printf" => {
                let a = self.texts(args)?;
                let (format, values) = a.split_first()?;
                let text = printf(format, values)?;
                if !text.is_empty() {
                    self.write(vec![Piece::Text(
                        text.strip_suffix('\n').unwrap_or(&text).to_string(),
                    )]);
                }
                Some(Flow::Next)
            }
            "date" if args.is_empty() => {
                self.write(vec![Piece::Date]);
                Some(Flow::Next)
            }
            "hostname" if args.is_empty() => {
                self.write(vec![Piece::Text(self.ctx.hostname.to_string())]);
                Some(Flow::Next)
            }
            // GNU printenv NAME…: each value found on its own line; status 1 if one is unset
            "printenv" if !args.is_empty() => {
                let names = self.texts(args)?;
                let mut missing = false;
                for name in names {
                    match self.env.iter().rev().find(|(k, _)| *k == name) {
                        Some((_, v)) => self.write(vec![Piece::Text(v.clone())]),
                        None => missing = true,
                    }
                }
                self.status = i32::from(missing);
                Some(Flow::Next)
            }
            "sleep" => {
                let a = self.texts(args)?;
                if a.iter().any(|s| s == "infinity" || s == "inf") {
                    return Some(Flow::Forever(None));
                }
                let mut total = 0u64;
                for s in &a {
                    total = total.saturating_add(sleep_ms(s)?);
                }
                if a.is_empty() {
                    return None;
                }
                self.t = self.t.saturating_add(total).min(MAX_RUN_MS);
                Some(Flow::Next)
            }
            "true" | ":" => Some(Flow::Next),
            "nslookup" => self.nslookup(args),
            "[" | "[[" | "test" => self.test_command(&name, args),
            "false" => {
                self.status = 1;
                Some(Flow::Next)
            }
            "exit" => {
                let code = match args.first() {
                    Some(w) => self.text(w)?.parse::<i64>().ok()?.rem_euclid(256) as i32,
                    None => last_status,
                };
                Some(Flow::Exit(code))
            }
            "export" => {
                for w in args {
                    if let Some((name, value)) = self.assignment(w) {
                        self.set_var(&name, value);
                    }
                }
                Some(Flow::Next)
            }
            // standard input is empty: cat copies nothing
            "cat" if args.is_empty() => Some(Flow::Next),
            "tail" if self.texts(args)?.iter().any(|a| a == "-f" || a == "-F") => {
                Some(Flow::Forever(None))
            }
            // the files a probe may look for: created and removed on the process's clock
            "touch" | "mkdir" | "rm" => {
                for path in self
                    .texts(args)?
                    .into_iter()
                    .filter(|a| !a.starts_with('-'))
                {
                    let kind = match name.as_str() {
                        "rm" => FileKind::Missing,
                        "mkdir" => FileKind::Dir,
                        // touch keeps what a file holds
                        _ => match self.file_kind(&path) {
                            Some(k @ (FileKind::File { .. } | FileKind::Dir)) => k,
                            _ => FileKind::File { nonempty: false },
                        },
                    };
                    self.record_file(path, kind);
                }
                Some(Flow::Next)
            }
            // `kubectl exec`'s host keeps the working directory its paths start from
            "cd" => {
                let dir = self.texts(args)?.into_iter().next().unwrap_or_default();
                if let Some(host) = self.host.as_deref_mut() {
                    host.chdir(&dir);
                }
                Some(Flow::Next)
            }
            // the rest of the file system is not kept: these succeed silently
            "cp" | "mv" | "chmod" | "ln" | "set" => Some(Flow::Next),
            _ => {
                let argv = std::iter::once(argv0.clone())
                    .chain(self.texts(args)?)
                    .collect::<Vec<_>>();
                let (out, status) = self.host.as_deref_mut()?.run(&argv)?;
                if !out.is_empty() {
                    self.write(vec![Piece::Text(
                        out.strip_suffix('\n').unwrap_or(&out).to_string(),
                    )]);
                }
                self.status = status;
                Some(Flow::Next)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithTok {
    Num(i64),
    Op(char),
}

/// `$((…))`'s integer arithmetic (`+ - * / %`, parentheses, variables by name or `$NAME`,
/// an unset or empty one being 0), shared by the container's shell and the terminal's; None
/// for anything else.
pub(crate) fn arith_eval(expr: &str, var: &dyn Fn(&str) -> String) -> Option<i64> {
    // the parser recurses once per operator: a bounded expression bounds the stack
    if expr.len() > 256 {
        return None;
    }
    let mut toks: Vec<ArithTok> = Vec::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let n: String = chars[start..i].iter().collect();
            toks.push(ArithTok::Num(n.parse().ok()?));
        } else if c.is_ascii_alphabetic() || c == '_' || c == '$' {
            let start = if c == '$' { i + 1 } else { i };
            i = start;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            let value = var(&name);
            toks.push(ArithTok::Num(if value.is_empty() {
                0
            } else {
                value.trim().parse().ok()?
            }));
        } else if "+-*/%()".contains(c) {
            toks.push(ArithTok::Op(c));
            i += 1;
        } else {
            return None;
        }
    }
    let mut pos = 0;
    let v = arith_sum(&toks, &mut pos)?;
    (pos == toks.len()).then_some(v)
}

fn arith_sum(t: &[ArithTok], pos: &mut usize) -> Option<i64> {
    let mut v = arith_product(t, pos)?;
    while let Some(ArithTok::Op(op @ ('+' | '-'))) = t.get(*pos).copied() {
        *pos += 1;
        let r = arith_product(t, pos)?;
        v = if op == '+' {
            v.wrapping_add(r)
        } else {
            v.wrapping_sub(r)
        };
    }
    Some(v)
}

fn arith_product(t: &[ArithTok], pos: &mut usize) -> Option<i64> {
    let mut v = arith_unary(t, pos)?;
    while let Some(ArithTok::Op(op @ ('*' | '/' | '%'))) = t.get(*pos).copied() {
        *pos += 1;
        let r = arith_unary(t, pos)?;
        v = match op {
            '*' => v.wrapping_mul(r),
            '/' => v.checked_div(r)?,
            _ => v.checked_rem(r)?,
        };
    }
    Some(v)
}

fn arith_unary(t: &[ArithTok], pos: &mut usize) -> Option<i64> {
    match t.get(*pos).copied()? {
        ArithTok::Num(n) => {
            *pos += 1;
            Some(n)
        }
        ArithTok::Op('-') => {
            *pos += 1;
            Some(arith_unary(t, pos)?.wrapping_neg())
        }
        ArithTok::Op('+') => {
            *pos += 1;
            arith_unary(t, pos)
        }
        ArithTok::Op('(') => {
            *pos += 1;
            let v = arith_sum(t, pos)?;
            (t.get(*pos) == Some(&ArithTok::Op(')'))).then(|| *pos += 1)?;
            Some(v)
        }
        ArithTok::Op(_) => None,
    }
}

/// Whether a loop condition is a command that always succeeds (`true`, `:`) or always fails
/// (`false`); None for anything else.
fn constant_status(cond: &Node) -> Option<bool> {
    let Node::List(items) = cond else {
        return None;
    };
    let [Node::Simple { words, .. }] = items.as_slice() else {
        return None;
    };
    match words.as_slice() {
        [w] if w.is("true") || w.is(":") => Some(true),
        [w] if w.is("false") => Some(false),
        _ => None,
    }
}

/// A path without its trailing slashes (`/tmp/` is `/tmp`; `/` stays).
fn normal_path(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    if p.is_empty() && path.starts_with('/') {
        "/"
    } else {
        p
    }
}

/// `printf`'s format applied to its arguments (`%s`, `%d`, `%%`, `\n`, `\t`), repeated while
/// arguments remain as the shell's printf does.
fn printf(format: &str, values: &[String]) -> Option<String> {
    let format = format.replace("\\n", "\n").replace("\\t", "\t");
    let mut out = String::new();
    let mut next = 0;
    loop {
        let mut chars = format.chars().peekable();
        let mut used = false;
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next()? {
                '%' => out.push('%'),
                's' | 'd' | 'i' => {
                    out.push_str(values.get(next).map_or("", String::as_str));
                    next += 1;
                    used = true;
                }
                _ => return None,
            }
        }
        if !used || next >= values.len() {
            return Some(out);
        }
    }
}

/// `sleep`'s argument in milliseconds: a number with an optional `s`, `m`, `h` or `d`.
fn sleep_ms(s: &str) -> Option<u64> {
    let (num, unit) = match s.char_indices().last()? {
        (i, c @ ('s' | 'm' | 'h' | 'd')) => (&s[..i], c),
        _ => (s, 's'),
    };
    let n: f64 = num
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let scale = match unit {
        's' => 1_000.0,
        'm' => 60_000.0,
        'h' => 3_600_000.0,
        _ => 86_400_000.0,
    };
    Some((n * scale).min(u64::MAX as f64 / 2.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const START: Time = 1_735_689_600_000; // 2025-01-01T00:00:00Z, a Wednesday

    fn process(c: Value) -> Process {
        let ctx = Context {
            hostname: "pod-0",
            namespace: "default",
            resolves: &|svc, ns| svc == "kubernetes" && ns == "default",
            lookup: None,
            env: None,
        };
        container_process(&c, ctx)
    }

    fn log(p: &Process, secs: i64) -> Vec<String> {
        p.log(START, START + secs * 1000)
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    fn exit(after_ms: u64, code: i32) -> Option<Exit> {
        Some(Exit {
            after_ms,
            code,
            oom_killed: false,
        })
    }

    #[test]
    fn images_without_a_command() {
        // busybox's CMD is `sh`, which exits at once without a terminal
        for image in [
            "busybox",
            "busybox:1.28",
            "alpine:3.19",
            "ubuntu",
            "python:3.12",
        ] {
            assert_eq!(process(json!({"image": image})).exit, exit(0, 0), "{image}");
        }
        for image in [
            "nginx:1.14.2",
            "httpd",
            "redis",
            "someone/app:v1",
            "dotbalo/canary:v1",
        ] {
            assert_eq!(process(json!({"image": image})).exit, None, "{image}");
        }
    }

    #[test]
    fn command_and_args_replace_the_image_defaults() {
        let p = process(json!({"image": "busybox", "command": ["sleep", "3600"]}));
        assert_eq!(p.exit, exit(3_600_000, 0));
        let p = process(json!({"image": "busybox", "args": ["sleep", "30"]}));
        assert_eq!(p.exit, exit(30_000, 0));
        let p = process(json!({"image": "busybox", "command": ["sleep"], "args": ["1.5"]}));
        assert_eq!(p.exit, exit(1_500, 0));
        assert_eq!(
            process(json!({"image": "busybox", "command": ["sleep", "infinity"]})).exit,
            None
        );
        // nginx's entrypoint runs what it is given; an option goes to nginx itself
        let p = process(json!({"image": "nginx", "args": ["sleep", "5"]}));
        assert_eq!(p.exit, exit(5_000, 0));
        assert_eq!(
            process(json!({"image": "nginx", "args": ["-g", "daemon off;"]})).exit,
            None
        );
        // an unknown image's entrypoint may take anything
        assert_eq!(
            process(json!({"image": "someone/app", "args": ["--port", "80"]})).exit,
            None
        );
        assert_eq!(
            process(json!({"image": "someone/app", "command": ["/app/server"]})).exit,
            None
        );
    }

    #[test]
    fn shell_scripts() {
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "echo hi; sleep 5; echo bye"]}),
        );
        assert_eq!(p.exit, exit(5_000, 0));
        assert_eq!(log(&p, 1), ["hi"]);
        assert_eq!(log(&p, 5), ["hi", "bye"]);
        let p = process(json!({"image": "busybox", "command": ["/bin/sh", "-c", "exit 3"]}));
        assert_eq!(p.exit, exit(0, 3));
        let p = process(json!({"image": "busybox", "command": ["sh", "-c", "false"]}));
        assert_eq!(p.exit, exit(0, 1));
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "false || echo recovered && exit 0"]}),
        );
        assert_eq!((p.exit, log(&p, 0)), (exit(0, 0), vec!["recovered".into()]));
        let p = process(
            json!({"image": "busybox", "env": [{"name": "GREETING", "value": "hello"}],
            "command": ["sh", "-c", "echo \"$GREETING from $HOSTNAME\"; N=2; echo ${N}x"]}),
        );
        assert_eq!(log(&p, 0), ["hello from pod-0", "2x"]);
        let p = process(json!({"image": "busybox", "command": ["sh", "-c",
            "for i in 1 2 3; do echo $i; sleep 1; done; if [ -f /x ]; then echo no; fi"]}));
        assert_eq!(p.exit, None, "`[` is not read: the rest runs on, unknown");
        assert_eq!(log(&p, 10), ["1", "2", "3"]);
        let p = process(json!({"image": "busybox", "command": ["sh", "-c",
            "for i in $(seq 1 3); do echo \"n=$i\"; done; if true; then echo yes; else echo no; fi"]}));
        assert_eq!(
            (p.exit, log(&p, 0)),
            (
                exit(0, 0),
                vec!["n=1".into(), "n=2".into(), "n=3".into(), "yes".into()]
            )
        );
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "echo to-file > /tmp/x; echo shown >&2"]}),
        );
        assert_eq!(log(&p, 0), ["shown"]);
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "printf '%s=%s\\n' a 1 b 2"]}),
        );
        assert_eq!(log(&p, 0), ["a=1", "b=2"]);
    }

    #[test]
    fn endless_loops_repeat_their_lines() {
        // the Kubernetes docs' counter: `while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done`
        // uses arithmetic kubeplay does not read; this is its simpler cousin
        let p = process(json!({"image": "busybox", "args": ["/bin/sh", "-c",
            "echo start; while true; do echo \"tick $(date)\"; sleep 10; done"]}));
        assert_eq!(p.exit, None);
        assert_eq!(
            log(&p, 25),
            [
                "start",
                "tick Wed Jan  1 00:00:00 UTC 2025",
                "tick Wed Jan  1 00:00:10 UTC 2025",
                "tick Wed Jan  1 00:00:20 UTC 2025"
            ]
        );
        // the Kubernetes docs' counter pod (Logging Architecture)
        let p = process(json!({"image": "busybox:1.28", "args": ["/bin/sh", "-c",
            "i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done"]}));
        assert_eq!((p.exit, p.opaque), (None, false));
        assert_eq!(
            log(&p, 2),
            [
                "0: Wed Jan  1 00:00:00 UTC 2025",
                "1: Wed Jan  1 00:00:01 UTC 2025",
                "2: Wed Jan  1 00:00:02 UTC 2025"
            ]
        );
        assert_eq!(
            log(&p, 86_400).last().map(String::as_str),
            Some("86400: Thu Jan  2 00:00:00 UTC 2025")
        );
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "echo $(( (7 + 5) * 2 / 3 % 5 - -1 ))"]}),
        );
        assert_eq!(log(&p, 0), ["4"]);
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "while true; do echo x; done"]}),
        );
        assert_eq!(log(&p, 3600).len(), MAX_LOG_LINES);
        let p = process(json!({"image": "busybox", "command": ["sh", "-c", "tail -f /dev/null"]}));
        assert_eq!(p.exit, None);
    }

    #[test]
    fn variables_in_the_command_are_expanded_first() {
        // the docs' "Define a Command and Arguments for a Container"
        let p = process(
            json!({"image": "debian", "env": [{"name": "MESSAGE", "value": "hello world"}],
            "command": ["/bin/echo"], "args": ["$(MESSAGE)"]}),
        );
        assert_eq!(
            (p.exit, log(&p, 0)),
            (exit(0, 0), vec!["hello world".into()])
        );
        let p = process(
            json!({"image": "busybox", "env": [{"name": "A", "value": "x"}],
            "command": ["sh", "-c", "echo $(A) $$(B)"]}),
        );
        assert!(
            p.opaque,
            "$(B) is left to the shell, which runs a command B"
        );
    }

    #[test]
    fn files_a_script_makes_and_removes() {
        // the Kubernetes docs' liveness-exec pod
        let p = process(
            json!({"image": "registry.k8s.io/busybox", "args": ["/bin/sh", "-c",
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]}),
        );
        assert_eq!(p.exit, exit(630_000, 0));
        assert_eq!(p.file_state("/tmp/healthy", 0), Some(true));
        assert_eq!(p.file_state("/tmp/healthy", 29_999), Some(true));
        assert_eq!(p.file_state("/tmp/healthy", 30_000), Some(false));
        assert_eq!(p.file_state("/tmp/other", 0), None);
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "sleep 2; echo ok > /tmp/ready; sleep 3600"]}),
        );
        assert_eq!(
            (
                p.file_state("/tmp/ready", 1_000),
                p.file_state("/tmp/ready", 2_000)
            ),
            (None, Some(true))
        );
        assert_eq!(log(&p, 5), Vec::<String>::new());
    }

    #[test]
    fn shells_as_pid_1_ignore_sigterm() {
        for c in [
            json!({"image": "busybox", "command": ["sleep", "3600"]}),
            json!({"image": "busybox", "command": ["sh", "-c", "while true; do sleep 1; done"]}),
            json!({"image": "nginx", "args": ["sleep", "10"]}),
        ] {
            assert!(process(c.clone()).ignores_sigterm, "{c}");
        }
        for c in [
            json!({"image": "nginx"}),
            json!({"image": "someone/app", "command": ["/server"]}),
        ] {
            assert!(!process(c.clone()).ignores_sigterm, "{c}");
        }
    }

    #[test]
    fn waiting_for_a_service_name() {
        // the Kubernetes docs' init container (Init Containers)
        let script = "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done";
        let p = process(json!({"image": "busybox:1.28", "command": ["sh", "-c", script]}));
        assert_eq!(
            (p.exit, p.waits_for.clone()),
            (None, Some(("myservice".into(), "default".into())))
        );
        assert_eq!(
            log(&p, 3),
            ["waiting for myservice", "waiting for myservice"]
        );
        // a name DNS already resolves ends the loop at once
        let p = process(json!({"image": "busybox", "command": ["sh", "-c",
            "until nslookup kubernetes.default; do sleep 1; done; echo up"]}));
        assert_eq!(
            (p.exit, p.waits_for.clone(), log(&p, 0)),
            (exit(0, 0), None, vec!["up".into()])
        );
        for script in [
            "until nslookup a.b.c; do sleep 1; done",
            "until nslookup x; do echo spin; done",
        ] {
            let p = process(json!({"image": "busybox", "command": ["sh", "-c", script]}));
            assert!(p.opaque && p.waits_for.is_none(), "{script}");
        }
    }

    /// A container's process with cluster DNS that knows `services` (name, cluster IP) in
    /// `default`.
    fn with_dns(c: Value, services: &[(&str, &str)]) -> Process {
        let lookup = dns_of(services);
        let resolves = |svc: &str, ns: &str| ns == "default" && services.iter().any(|s| s.0 == svc);
        let ctx = Context {
            hostname: "pod-0",
            namespace: "default",
            resolves: &resolves,
            lookup: Some(&lookup),
            env: None,
        };
        container_process(&c, ctx)
    }

    fn dns_of<'a>(
        services: &'a [(&'a str, &'a str)],
    ) -> impl Fn(&str) -> super::super::dns::Lookup + 'a {
        use super::super::dns::Lookup;
        move |name: &str| {
            let name = name.trim_end_matches('.');
            let fqdn = if name.ends_with(".svc.cluster.local") {
                name.to_string()
            } else {
                format!(
                    "{}.default.svc.cluster.local",
                    name.split('.').next().unwrap_or("")
                )
            };
            let svc = fqdn.split('.').next().unwrap_or("");
            match services.iter().find(|s| s.0 == svc) {
                Some((_, ip)) => Lookup::Found(fqdn.clone(), vec![(ip.to_string(), fqdn.clone())]),
                None => Lookup::NotFound,
            }
        }
    }

    #[test]
    fn a_dns_wait_logs_what_nslookup_prints() {
        // the Kubernetes docs' init container (Init Containers), on busybox 1.28: each round's
        // failed lookup, then the loop's line; the round that finds the Service prints it
        let script = "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done";
        let c = json!({"image": "busybox:1.28", "command": ["sh", "-c", script]});
        let p = with_dns(c.clone(), &[]);
        assert_eq!(p.waits_for, Some(("myservice".into(), "default".into())));
        let round = [
            "Server:    10.96.0.10",
            "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local",
            "",
            "nslookup: can't resolve 'myservice.default.svc.cluster.local'",
            "waiting for myservice",
        ];
        assert_eq!(log(&p, 3), [round, round].concat());
        let p = p.resolved_answering(4_000, &dns_of(&[("myservice", "10.96.7.8")]));
        let found = [
            "Server:    10.96.0.10",
            "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local",
            "",
            "Name:      myservice.default.svc.cluster.local",
            "Address 1: 10.96.7.8 myservice.default.svc.cluster.local",
        ];
        assert_eq!(log(&p, 60), [&round[..], &round[..], &found[..]].concat());
        assert_eq!(p.exit, exit(4_000, 0));
        // the failure goes to standard error
        let errs: Vec<bool> = p.repeat.as_ref().map_or(vec![], |r| {
            let mut sh = Shell::new(
                vec![],
                Context {
                    hostname: "pod-0",
                    namespace: "default",
                    resolves: &resolves_nothing,
                    lookup: Some(&|_: &str| super::super::dns::Lookup::NotFound),
                    env: None,
                },
            );
            sh.sh = r.sh.clone();
            let _ = sh.run(&r.body, 0);
            sh.lines.iter().map(|l| l.err).collect()
        });
        assert_eq!(errs, [false, false, false, true, false]);
        // the Service is there when the container starts: the answer, and the loop is over
        let p = with_dns(c.clone(), &[("myservice", "10.96.7.8")]);
        assert_eq!(
            (log(&p, 0), p.exit),
            (found.map(String::from).to_vec(), exit(0, 0))
        );
        // `while ! nslookup` waits the same; output sent to /dev/null prints nothing
        for (script, first) in [
            ("while ! nslookup myservice; do echo waiting; sleep 2; done; echo up", &round[..4]),
            ("until nslookup myservice > /dev/null 2>&1; do echo waiting; sleep 2; done; echo up", &[][..]),
            ("until nslookup myservice 2>/dev/null; do echo waiting; sleep 2; done; echo up", &round[..3]),
        ] {
            let p = with_dns(json!({"image": "busybox:1.28", "command": ["sh", "-c", script]}), &[]);
            assert_eq!(p.waits_for, Some(("myservice".into(), "default".into())), "{script}");
            let first: Vec<String> = first
                .iter()
                .map(|l| l.replace("myservice.default.svc.cluster.local", "myservice"))
                .chain(["waiting".to_string()])
                .collect();
            assert_eq!(log(&p, 1), first, "{script}");
            let p = p.resolved_answering(2_000, &dns_of(&[("myservice", "10.96.7.8")]));
            let quiet = script.contains("/dev/null 2>&1");
            assert_eq!(log(&p, 60).len(), first.len() + if quiet { 1 } else { 6 }, "{script}");
            assert_eq!(log(&p, 60).last().map(String::as_str), Some("up"), "{script}");
        }
        // a name DNS answers though no Service of that name exists (a pod of a headless
        // Service): the loop is over at once
        let lookup = |_: &str| {
            super::super::dns::Lookup::Found(
                "web-0.nginx.default.svc.cluster.local".into(),
                vec![(
                    "10.244.1.5".into(),
                    "web-0.nginx.default.svc.cluster.local".into(),
                )],
            )
        };
        let ctx = Context {
            hostname: "pod-0",
            namespace: "default",
            resolves: &resolves_nothing,
            lookup: Some(&lookup),
            env: None,
        };
        let c = json!({"image": "busybox:1.28", "command": ["sh", "-c",
            "until nslookup web-0.nginx; do sleep 1; done; echo up"]});
        let p = container_process(&c, ctx);
        assert_eq!((p.waits_for.clone(), p.exit), (None, exit(0, 0)));
        assert_eq!(
            log(&p, 0)[3..],
            [
                "Name:      web-0.nginx",
                "Address 1: 10.244.1.5 web-0.nginx.default.svc.cluster.local",
                "up"
            ]
        );
        // busybox 1.29 on rewrote nslookup: its output is not simulated, the loop's lines are
        let p = with_dns(
            json!({"image": "busybox:1.36", "command": ["sh", "-c", script]}),
            &[],
        );
        assert_eq!(
            log(&p, 3),
            ["waiting for myservice", "waiting for myservice"]
        );
    }

    #[test]
    fn negation() {
        assert_eq!(
            busybox("! false && echo yes; ! true || echo no; ! ! true && echo both").0,
            lines(&["yes", "no", "both"])
        );
    }

    #[test]
    fn unknown_programs_run_until_stopped() {
        for script in [
            "wget -qO- http://web; sleep 1",
            "echo a | awk '{print}'",
            "nginx -g 'daemon off;'",
            "i=0; while [ $i -ge 0 ]; do i=$((i+1)); done",
            "while true; do echo x; sleep 1; done | grep x",
            "[ -f /etc/nginx/nginx.conf ] && echo conf",
            "[ a -nt b ]",
            "echo $((i++))",
            "echo $((1/0))",
            "echo 'unterminated",
            "sleep forever",
        ] {
            let p = process(json!({"image": "busybox", "command": ["sh", "-c", script]}));
            assert_eq!((p.exit, p.opaque), (None, true), "{script}");
        }
        assert!(!process(json!({"image": "busybox", "args": ["sleep", "infinity"]})).opaque);
        // hostile scripts end in "not simulated", never in a panic or a runaway clock
        let deep = "while true; do ".repeat(10_000) + &"done; ".repeat(10_000);
        let arith = format!("echo $(({}1))", "-".repeat(100_000));
        let parens = format!("echo $(({}1{}))", "(".repeat(100), ")".repeat(100));
        for script in [
            deep.as_str(),
            arith.as_str(),
            parens.as_str(),
            "$((",
            "${",
            "'",
            "\"$(",
            "`",
            "2>&",
            "a=$((1/0))",
        ] {
            let p = process(json!({"image": "busybox", "command": ["sh", "-c", script]}));
            assert!(p.opaque || p.exit.is_some(), "{script}");
        }
        let p = process(
            json!({"image": "busybox", "command": ["sh", "-c", "sleep 1e300; sleep 1e300"]}),
        );
        assert_eq!(p.exit, exit(MAX_RUN_MS, 0));
        let many = format!("[ {} ]", "! ".repeat(100_000));
        let parens = format!("[ {} a {} ]", "( ".repeat(10_000), ") ".repeat(10_000));
        let pipes = format!("echo a{}", " | cat".repeat(10_000));
        for script in [
            many.as_str(),
            parens.as_str(),
            pipes.as_str(),
            "echo a |",
            "| a",
            "[",
            "[[ ]]",
        ] {
            let p = process(json!({"image": "busybox", "command": ["sh", "-c", script]}));
            assert!(p.opaque || p.exit.is_some(), "{script}");
        }
    }

    fn script(image: &str, shell: &str, script: &str) -> Process {
        process(json!({"image": image, "command": [shell, "-c", script]}))
    }

    /// The log and exit of a busybox `sh -c` script (each checked against busybox 1.35).
    fn busybox(s: &str) -> (Vec<String>, Option<Exit>) {
        let p = script("busybox", "sh", s);
        assert!(!p.opaque, "{s} is not simulated");
        (log(&p, 3600), p.exit)
    }

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn conditions() {
        assert_eq!(
            busybox("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 1; done; echo done"),
            (lines(&["0", "1", "2", "done"]), exit(3_000, 0))
        );
        assert_eq!(
            busybox("n=0; until [ $n -ge 2 ]; do n=$((n+1)); echo $n; done"),
            (lines(&["1", "2"]), exit(0, 0))
        );
        assert_eq!(
            busybox("i=0; while [ $i -lt 2 ]; do i=$((i+1)); false; done; echo $?"),
            (lines(&["1"]), exit(0, 0))
        );
        assert_eq!(
            busybox("if [ -z \"$X\" ]; then echo empty; fi; [ \"$HOSTNAME\" = pod-0 ] && echo me || echo other; test 2 -gt 1 -a ! 1 -gt 2 && echo gt"),
            (lines(&["empty", "me", "gt"]), exit(0, 0))
        );
        assert_eq!(
            busybox("[[ a = a ]] && echo ok; [[ 1 -eq 1 ]]"),
            (lines(&["ok"]), exit(0, 0))
        );
        // malformed tests: busybox's complaint on stderr (the log), status 2
        assert_eq!(
            busybox("[ 1 -eq 1"),
            (lines(&["sh: missing ]"]), exit(0, 2))
        );
        assert_eq!(
            busybox("[ a -lt 1 ]; echo $?"),
            (lines(&["sh: a: bad number", "2"]), exit(0, 0))
        );
        assert_eq!(
            busybox("x=; [ $x = a ]; echo $?"),
            (lines(&["sh: a: unknown operand", "2"]), exit(0, 0))
        );
        assert_eq!(
            busybox("[ 1 -eq 1 2>/dev/null; echo $?"),
            (lines(&["2"]), exit(0, 0))
        );
        assert_eq!(busybox("[[ 1 ]"), (lines(&["sh: missing ]]"]), exit(0, 2)));
        // Debian's sh is dash: its words, with the script's line
        let p = script("debian", "sh", "echo a\n[ a == a ]\necho $?\n[[ 1 ]]");
        assert_eq!(
            (log(&p, 0), p.exit),
            (
                lines(&[
                    "a",
                    "sh: 2: [: a: unexpected operator",
                    "2",
                    "sh: 4: [[: not found"
                ]),
                exit(0, 127)
            )
        );
        let p = script("nginx:1.27.3", "/bin/sh", "[ 1 = 1");
        assert_eq!(log(&p, 0), ["/bin/sh: 1: [: missing ]"]);
        let p = script("python:3.12", "sh", "[ x -gt 1 ]");
        assert_eq!(log(&p, 0), ["sh: 1: [: Illegal number: x"]);
        // bash reads `[[` itself: an unquoted pattern matches
        let p = script("ubuntu", "bash", "[[ $HOSTNAME == pod-* ]] && echo match");
        assert_eq!(log(&p, 0), ["match"]);
        // bash's wording is not simulated
        assert!(script("ubuntu", "bash", "[ 1 = 1").opaque);
    }

    #[test]
    fn file_tests() {
        assert_eq!(
            busybox("touch /tmp/a; [ -f /tmp/a ] && echo yes; [ -s /tmp/a ] || echo empty; echo x > /tmp/b; [ -s /tmp/b ] && echo full; rm /tmp/a; [ -e /tmp/a ] || echo gone; mkdir /tmp/d; [ -d /tmp/d/ ] && echo dir; [ -f /tmp/new ] || echo new"),
            (lines(&["yes", "empty", "full", "gone", "dir", "new"]), exit(0, 0))
        );
        // what a volume holds is not known
        let p = process(
            json!({"image": "busybox", "volumeMounts": [{"name": "d", "mountPath": "/data"}],
            "command": ["sh", "-c", "[ -f /data/x ] && echo there"]}),
        );
        assert!(p.opaque);
        // a loop whose condition stays true runs forever, round after round
        let p = script(
            "busybox",
            "sh",
            "touch /tmp/run; while [ -f /tmp/run ]; do echo alive; sleep 5; done",
        );
        assert_eq!((p.exit, p.opaque), (None, false));
        assert_eq!(log(&p, 12), ["alive", "alive", "alive"]);
        let p = script(
            "busybox",
            "sh",
            "until [ -f /tmp/ready ]; do echo waiting; sleep 1; done",
        );
        assert_eq!(
            (p.exit, log(&p, 2)),
            (None, lines(&["waiting", "waiting", "waiting"]))
        );
        // a file made inside a loop that goes on: its next rounds see it
        let p = script(
            "busybox",
            "sh",
            "while true; do [ -f /tmp/x ] && echo seen; touch /tmp/x; sleep 1; done",
        );
        assert_eq!(log(&p, 2), ["seen", "seen"]);
    }

    #[test]
    fn pipelines() {
        assert_eq!(
            busybox("echo hello | tr a-z A-Z"),
            (lines(&["HELLO"]), exit(0, 0))
        );
        assert_eq!(
            busybox("printf 'a\\nb\\na\\n' | sort | uniq -c"),
            (lines(&["      2 a", "      1 b"]), exit(0, 0))
        );
        assert_eq!(
            busybox("echo one two three | wc -w"),
            (lines(&["3"]), exit(0, 0))
        );
        assert_eq!(
            busybox("echo a | grep z; echo $?"),
            (lines(&["1"]), exit(0, 0))
        );
        assert_eq!(busybox("echo a | grep z"), (vec![], exit(0, 1)));
        assert_eq!(
            busybox("echo 'a b' | cut -d ' ' -f 2"),
            (lines(&["b"]), exit(0, 0))
        );
        assert_eq!(
            busybox("echo a b | tr ' ' '\\n'"),
            (lines(&["a", "b"]), exit(0, 0))
        );
        assert_eq!(
            busybox("echo x | tee /tmp/f; [ -s /tmp/f ] && echo saved; echo y | grep y > /tmp/g; [ -s /tmp/g ] && echo wrote"),
            (lines(&["x", "saved", "wrote"]), exit(0, 0))
        );
        // grep writes to a pipe through a full buffer: its lines come when its input ends
        let p = script(
            "busybox",
            "sh",
            "for i in 1 2 3; do echo $i; sleep 1; done | grep -v 2",
        );
        assert_eq!((log(&p, 2), log(&p, 3)), (vec![], lines(&["1", "3"])));
        let p = script(
            "busybox",
            "sh",
            "for i in 1 2 3; do echo $i; sleep 1; done | cat",
        );
        assert_eq!(log(&p, 1), ["1", "2"]);
        // an endless loop through a filter that passes lines on as they come
        let p = script(
            "busybox",
            "sh",
            "while true; do echo tick; sleep 1; done | tr a-z A-Z",
        );
        assert_eq!((p.exit, log(&p, 1)), (None, lines(&["TICK", "TICK"])));
        // a complaint goes to stderr, not down the pipe
        assert_eq!(
            busybox("[ 1 | wc -l"),
            (lines(&["sh: missing ]", "0"]), exit(0, 0))
        );
    }

    #[test]
    fn unquoted_expansions_are_split() {
        assert_eq!(
            busybox("X='a  b'; echo $X; echo \"$X\"; E=; echo [$E] $E x; printf '%s.' $X; echo"),
            (lines(&["a b", "a  b", "[] x", "a.b.", ""]), exit(0, 0))
        );
    }

    #[test]
    fn nginx_start_up() {
        let p = process(json!({"image": "nginx:1.27.3"}));
        assert_eq!((p.exit, p.opaque), (None, true));
        let l = log(&p, 5);
        assert_eq!(l.len(), 17);
        assert_eq!(
            l[16],
            "2025/01/01 00:00:00 [notice] 1#1: start worker process 30"
        );
        assert!(log(&process(json!({"image": "nginx:1.14.2"})), 5).is_empty());
        // its own arguments: still nginx, whose lines are not simulated
        assert!(log(
            &process(json!({"image": "nginx", "args": ["-g", "daemon off;"]})),
            5
        )
        .is_empty());
    }
}
