//! kubectl v1.33, emulated: argv parsing, the commands, and their exact output and errors.
//! Every command reads and writes the cluster only through `Cluster` methods; a command that
//! fails changes nothing.

pub mod apply;
pub mod args;
pub mod autoscale;
pub mod columns;
pub mod compound;
pub mod config;
pub mod create_deployment;
pub mod create_namespace;
pub mod describe;
pub mod discovery;
pub mod edit;
pub mod events;
pub mod explain;
pub mod expose;
pub mod filters;
pub mod generate;
pub mod get;
pub mod gotemplate;
pub mod jsonpath;
pub mod label;
pub mod logs;
pub mod mutate;
pub mod node;
pub mod patch;
pub mod podstatus;
pub mod printers;
pub mod replace;
pub mod resource;
pub mod rollout;
pub mod rollout_sts;
pub mod run;
pub mod sed;
pub mod selector;
pub mod set_env;
pub mod shell;
pub mod simcmd;
pub mod taint;
pub mod top;
pub mod urls;
pub mod wait;

use crate::output::CommandOutput;
use crate::sim::Cluster;
use resource::Resource;

/// The version the emulated API server and kubelets report.
pub const SERVER_VERSION: &str = "v1.33.1";

/// Runs one command line.
pub fn execute(
    cluster: &mut Cluster,
    line: &str,
    stdin: Option<&str>,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> CommandOutput {
    let tokens = match shell::lex(line) {
        Ok(t) => t,
        Err(e) => return CommandOutput::failure(format!("bash: {e}")),
    };
    if compound::is_compound(&tokens) {
        return compound::run(cluster, &tokens, stdin, &mut |cluster, argv, stdin| {
            execute_argv(cluster, argv, stdin, read_file)
        });
    }
    let mut words: Vec<String> = tokens
        .into_iter()
        .filter_map(|t| match t {
            shell::Token::Word(w) => Some(w.text),
            shell::Token::Op(_) => None,
        })
        .collect();
    words.drain(..shell::assignments(&words));
    match filters::run(&words, stdin) {
        Some(out) => out,
        None => execute_argv(cluster, &words, stdin, read_file),
    }
}

/// Runs one simple command (argv after the shell's word splitting).
fn execute_argv(
    cluster: &mut Cluster,
    words: &[String],
    stdin: Option<&str>,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> CommandOutput {
    let Some((program, rest)) = words.split_first() else {
        return CommandOutput::new();
    };
    let ctx = Ctx { stdin, read_file };
    let out = match program.as_str() {
        "kubectl" | "k" => kubectl(cluster, rest, &ctx),
        "sim" => simcmd::run(cluster, rest),
        other => CommandOutput::failure(format!("bash: {other}: command not found")),
    };
    if out.exit_code == 0 || !matches!(program.as_str(), "sim") {
        cluster.drain();
    }
    out
}

/// What a command may read besides the cluster.
pub struct Ctx<'a> {
    pub stdin: Option<&'a str>,
    pub read_file: &'a dyn Fn(&str) -> Result<String, String>,
}

impl Ctx<'_> {
    /// The text of one `-f`/`--filename` value and the name kubectl gives its source in
    /// messages: standard input for `-`; an http(s) URL is resolved by [`urls::fetch`] (kubectl
    /// downloads it; core embeds the tutorials' manifests); anything else is a path for the
    /// host's `read_file`. Every command that reads `-f` manifests (apply, create, delete, the
    /// patch/label/annotate/edit family, and the `-f` targets of get/describe/rollout/scale)
    /// reads through here, so the CLI and the web playground get URLs alike.
    pub fn manifest_source(&self, f: &str) -> Result<(String, String), String> {
        if f == "-" {
            return Ok((self.stdin.unwrap_or("").to_string(), "STDIN".into()));
        }
        let text = match urls::fetch(f) {
            Some(r) => r?,
            None => (self.read_file)(f)?,
        };
        Ok((text, f.to_string()))
    }

    /// The objects the `-f` manifests name, in file order: resource, namespace (the manifest's,
    /// else `None`) and name; documents of kinds kubeplay does not serve are skipped. The error
    /// is kubectl's complete message (unreadable file or URL, malformed YAML).
    pub fn manifest_objects(
        &self,
        files: &[String],
    ) -> Result<Vec<(Resource, Option<String>, String)>, String> {
        let mut objects = Vec::new();
        for f in files {
            let (text, source) = self.manifest_source(f)?;
            let docs = crate::api::yaml::parse_documents(&text, &source)
                .map_err(|e| format!("error: {e}"))?;
            for d in docs {
                let Some(r) = crate::api::server::resource_of(&d) else {
                    continue;
                };
                let field = |path: &str| {
                    d.pointer(path)
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string)
                };
                let name = field("/metadata/name").unwrap_or_default();
                objects.push((r, field("/metadata/namespace"), name));
            }
        }
        Ok(objects)
    }
}

/// `-f FILE` / `--filename=FILE` on the commands that otherwise take `TYPE/NAME` arguments
/// (get, describe, rollout SUBCOMMAND, scale): kubectl's resource builder reads the manifests
/// and visits the objects they name, in file order, so each object becomes a `TYPE/NAME`
/// argument (and its namespace the `-n`, when the line gives none). Other arguments pass
/// through unchanged.
fn filename_targets(
    args: &[String],
    ctx: &Ctx,
    command: &str,
) -> Result<Vec<String>, CommandOutput> {
    // `rollout SUBCOMMAND`: the first word that is not a flag.
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    let mut files = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-f" || a == "--filename" {
            let Some(v) = args.get(i + 1) else {
                let path = match (command, sub) {
                    ("rollout", Some(s)) => format!("{command} {s}"),
                    _ => command.to_string(),
                };
                return Err(CommandOutput::failure(format!(
                    "error: flag needs an argument: {}\nSee 'kubectl {path} --help' for usage.",
                    if a == "-f" { "'f' in -f" } else { "--filename" }
                )));
            };
            files.push(v.clone());
            i += 2;
            continue;
        }
        // pflag: `-f=X` is X, but `-f=` alone is the value "=" (as `-fX` is X).
        let short = a
            .strip_prefix("-f=")
            .filter(|v| !v.is_empty())
            .or_else(|| a.strip_prefix("-f").filter(|v| !v.is_empty()));
        match a.strip_prefix("--filename=").or(short) {
            Some(v) => files.push(v.to_string()),
            None => rest.push(a.clone()),
        }
        i += 1;
    }
    if files.is_empty() {
        return Ok(args.to_vec());
    }
    let given_namespace = rest.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "-n" | "--namespace" => Some(rest.get(i + 1).cloned().unwrap_or_default()),
        _ => a
            .strip_prefix("--namespace=")
            .or_else(|| a.strip_prefix("-n"))
            .map(|v| v.trim_start_matches('=').to_string()),
    });
    let objects = ctx
        .manifest_objects(&files)
        .map_err(CommandOutput::failure)?;
    let namespace = objects.iter().find_map(|(_, ns, _)| ns.clone());
    for (r, _, name) in &objects {
        rest.push(format!("{}/{name}", r.qualified_singular()));
    }
    if objects.is_empty() {
        // The builder visited nothing: what each command says then (kubectl 1.33).
        let mut out = CommandOutput::new();
        match (command, sub) {
            ("scale", _) => out.fail("error: no objects passed to scale"),
            ("rollout", Some("history" | "undo")) => {}
            _ => out.err(format!(
                "No resources found in {} namespace.\n",
                given_namespace.unwrap_or_else(args::context_namespace)
            )),
        }
        return Err(out);
    }
    if let (Some(ns), None) = (namespace, &given_namespace) {
        rest.push(format!("--namespace={ns}"));
    }
    Ok(rest)
}

/// The value of a global flag given as `--name=value` or `--name value`, if any.
fn global_flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let long = format!("--{name}");
    args.iter().enumerate().find_map(|(i, a)| {
        if *a == long {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix(&long).and_then(|v| v.strip_prefix('='))
        }
    })
}

/// Whether `-n`/`--namespace` names a namespace.
fn namespace_given(args: &[String]) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        let value = match a.as_str() {
            "-n" | "--namespace" => args.get(i + 1).map(String::as_str),
            _ => a
                .strip_prefix("--namespace=")
                .or_else(|| a.strip_prefix("-n").filter(|_| !a.starts_with("--"))),
        };
        value.is_some_and(|v| !v.is_empty())
    })
}

/// Whether a boolean flag is given (and not `=false`).
fn global_flag_set(args: &[String], name: &str) -> bool {
    let long = format!("--{name}");
    args.iter().any(|a| {
        *a == long
            || a.strip_prefix(&long)
                .and_then(|v| v.strip_prefix('='))
                .and_then(args::parse_bool)
                .unwrap_or(false)
    })
}

/// A command that parses its flags, then writes to `out` as it goes and ends on its first
/// error (printed last).
pub(crate) fn run_parsed(
    cluster: &mut Cluster,
    raw: &[String],
    flags: &[args::Flag],
    command: &str,
    run: impl FnOnce(&mut Cluster, &args::Parsed, &mut CommandOutput) -> Result<(), String>,
) -> CommandOutput {
    let p = match args::parse(raw, flags, command) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    if let Err(e) = run(cluster, &p, &mut out) {
        out.fail(e);
    }
    out
}

/// What the resource builder visits for `TYPE NAME…` / `TYPE/NAME…` arguments with `-l` and
/// `--all` (`ResourceTypeOrNameArgs` + `LabelSelectorParam` + `SelectAllParam`): the named
/// objects as given; for types given alone, every object of each in name order, narrowed by
/// the selector — when `--all` or a selector asks for it, or always (`type_alone_is_all`, as
/// the rollout commands ask). `--all` only lets a type stand alone (these commands do not set
/// `SelectAllParam`), so a selector given with it still narrows. An empty result is the
/// caller's to word.
pub(crate) fn select_objects(
    cluster: &Cluster,
    targets: Vec<(Resource, Option<String>)>,
    p: &args::Parsed,
    ns: &str,
    type_alone_is_all: bool,
) -> Result<Vec<(Resource, Option<String>)>, String> {
    let selector = p.get("selector").filter(|s| !s.is_empty());
    let all = p.bool("all", false).unwrap_or(false);
    let selecting = selector.is_some() || all;
    if targets.is_empty() && selecting {
        return Err("error: at least one resource must be specified to use a selector".into());
    }
    if targets.iter().any(|(_, n)| n.is_some()) {
        return match selecting {
            false => Ok(targets),
            true if p.positional.iter().any(|a| a.contains('/')) => Err(
                "error: selectors and the all flag cannot be used when passing resource/name arguments"
                    .into(),
            ),
            true => Err("error: name cannot be provided when a selector is specified".into()),
        };
    }
    if !selecting && !type_alone_is_all {
        return Err("error: resource(s) were provided, but no name was specified".into());
    }
    let parsed = selector
        .map(selector::Selector::parse)
        .transpose()
        .map_err(|e| {
            let gvr = targets
                .first()
                .map(|(r, _)| selector::gvr(*r))
                .unwrap_or_default();
            selector::server_error(&gvr, selector.unwrap_or(""), "", &e)
        })?;
    let mut every = Vec::new();
    for (r, _) in targets {
        for (_, name) in get::list_names(cluster, r, Some(ns), parsed.as_ref(), None) {
            every.push((r, Some(name)));
        }
    }
    Ok(every)
}

/// kubectl's commands in the order cobra keeps them (kubectl turns command sorting off): the
/// candidates, in this order, of `Did you mean this?`.
const COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
];

/// cobra's `SuggestionsFor`: Levenshtein distance ≤ 2 (ignoring case) or a prefix, plus the
/// commands' explicit `SuggestFor` words.
fn suggestions(typed: &str) -> Vec<&'static str> {
    fn ld(s: &[u8], t: &[u8]) -> usize {
        let mut prev: Vec<usize> = (0..=t.len()).collect();
        for (i, &a) in s.iter().enumerate() {
            let mut cur = vec![i + 1; t.len() + 1];
            for (j, &b) in t.iter().enumerate() {
                let cost = usize::from(a != b);
                cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
            }
            prev = cur;
        }
        prev[t.len()]
    }
    let lower = typed.to_lowercase();
    COMMANDS
        .iter()
        .copied()
        .filter(|c| {
            let explicit: &[&str] = match *c {
                "get" | "wait" => &["list", "ps"],
                "delete" => &["rm"],
                _ => &[],
            };
            ld(lower.as_bytes(), c.as_bytes()) <= 2
                || c.starts_with(lower.as_str())
                || explicit.iter().any(|e| e.eq_ignore_ascii_case(typed))
        })
        .collect()
}

/// cobra's `stripFlags` over the words before the command: a flag without `=` (other than a
/// boolean) takes the next word as its value. The index of the command word, if any.
fn command_index(args: &[String]) -> Option<usize> {
    let is_bool = |n: &str| {
        args::GLOBAL
            .iter()
            .any(|f| f.boolean && (f.name == n || f.short.is_some_and(|c| n == c.to_string())))
            || matches!(n, "help" | "h" | "version")
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            return None;
        }
        if let Some(long) = a.strip_prefix("--") {
            i += if long.contains('=') || is_bool(long) {
                1
            } else {
                2
            };
        } else if a.len() > 1 && a.starts_with('-') {
            i += if a.len() == 2 && !is_bool(&a[1..]) {
                2
            } else {
                1
            };
        } else if a.is_empty() {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

fn kubectl(cluster: &mut Cluster, args: &[String], ctx: &Ctx) -> CommandOutput {
    let cmd = command_index(args);
    let known = |c: &str| COMMANDS.contains(&c);
    if let Some(i) = cmd.filter(|&i| !known(&args[i])) {
        if args[0].starts_with('-') {
            // not a built-in command: kubectl looks for a plugin, and flags may not precede one
            return CommandOutput::failure(format!(
                "Error: flags cannot be placed before plugin name: {}",
                args[0]
            ));
        }
        let mut msg = format!(
            "error: unknown command {} for \"kubectl\"",
            crate::api::yaml::go_quote(&args[i])
        );
        let s = suggestions(&args[i]);
        if !s.is_empty() {
            msg.push_str("\n\nDid you mean this?\n");
            for c in s {
                msg.push_str(&format!("\t{c}\n"));
            }
        }
        return CommandOutput::failure(msg);
    }
    let Some(cmd) = cmd.or_else(|| args.iter().position(|a| !a.starts_with('-'))) else {
        if args.iter().any(|a| a == "--help" || a == "-h") || args.is_empty() {
            return CommandOutput {
                chunks: vec![(crate::Stream::Stdout, HELP.to_string())],
                exit_code: 0,
            };
        }
        if args.iter().any(|a| a == "--version") {
            return version(cluster, &[]);
        }
        return CommandOutput::failure(format!(
            "error: unknown flag: {}\nSee 'kubectl --help' for usage.",
            args[0]
        ));
    };
    // Global flags may precede the command (`kubectl -n kube-system get pods`).
    let mut rest: Vec<String> = args[..cmd].to_vec();
    rest.extend(args[cmd + 1..].iter().cloned());
    let name = args[cmd].as_str();
    if name == "config" {
        return config::config(cluster, &rest);
    }
    let help_asked = rest.iter().any(|a| a == "--help" || a == "-h");
    // The kubeconfig context (`--context`, else the current one): its namespace is what `-n`
    // defaults to, and one that does not lead to kubeplay's API server fails the command.
    let context = cluster.kubeconfig.context(global_flag(&rest, "context"));
    if name == "top" {
        // help per subcommand (`kubectl top pod -h`)
        let sub = rest
            .iter()
            .find(|a| !a.starts_with('-'))
            .map(String::as_str);
        if let (
            Err(missing),
            Some(sub @ ("pod" | "pods" | "po" | "node" | "nodes" | "no")),
            false,
        ) = (context, sub, help_asked)
        {
            let command = if sub.starts_with('p') {
                "top pod"
            } else {
                "top node"
            };
            let given = namespace_given(&rest);
            return CommandOutput::failure(config::missing_context(command, given, missing));
        }
        return top::top(&rest);
    }
    if let Some(text) = help_asked.then(|| help_text(name, &rest)).flatten() {
        if let Some(e) = flag_error(cluster, name, &rest, ctx) {
            return e;
        }
        let mut o = CommandOutput::new();
        o.out(text);
        return o;
    }
    let (namespace, reach) = match context {
        Ok(context) => (
            context.and_then(|c| c.namespace()).map(str::to_string),
            config::unreachable(context),
        ),
        Err(missing) => {
            if let Some(e) = flag_error(cluster, name, &rest, ctx) {
                return e;
            }
            let given = namespace_given(&rest);
            return CommandOutput::failure(config::missing_context(name, given, missing));
        }
    };
    if let Some(message) = reach {
        if name != "version" || global_flag_set(&rest, "client") {
            return CommandOutput::failure(message);
        }
        // the client's version first, then the server's cannot be read
        let mut rest = rest.clone();
        rest.push("--client".into());
        let mut out = version(cluster, &rest);
        if out.exit_code == 0 {
            out.fail(message);
        }
        return out;
    }
    let _context = args::ContextNamespace::enter(namespace);
    args::take_notices(0);
    let mut out = dispatch(cluster, name, &rest, ctx);
    let notices = args::take_notices(cluster.now());
    if !notices.is_empty() {
        out.chunks.insert(0, (crate::Stream::Stderr, notices));
    }
    out
}

/// cobra parses a command's flags before running it: a flag error is what kubectl reports even
/// when `-h` was given or the kubeconfig's context is missing. The command runs, on a copy of
/// the cluster, only as far as its flag parsing ([`args::FlagsOnly`]).
fn flag_error(cluster: &Cluster, name: &str, rest: &[String], ctx: &Ctx) -> Option<CommandOutput> {
    let flags_only = args::FlagsOnly::enter();
    let rest: Vec<String> = rest
        .iter()
        .filter(|a| *a != "-h" && *a != "--help")
        .cloned()
        .collect();
    dispatch(&mut cluster.clone(), name, &rest, ctx);
    args::take_notices(0);
    flags_only.error().map(CommandOutput::failure)
}

fn dispatch(cluster: &mut Cluster, name: &str, rest: &[String], ctx: &Ctx) -> CommandOutput {
    let rest = rest.to_vec();
    match name {
        "apply" => apply::apply(cluster, &rest, ctx),
        "create" => match create_deployment::generator(&rest) {
            Some("deployment") => create_deployment::create_deployment(cluster, &rest),
            Some(_) => create_namespace::create_namespace(cluster, &rest),
            None => apply::create(cluster, &rest, ctx),
        },
        "get" | "describe" | "rollout" | "scale" | "wait" => {
            // `-f` is read after the flags are
            let rest = match args::FlagsOnly::active() {
                true => rest,
                false => match filename_targets(&rest, ctx, name) {
                    Ok(r) => r,
                    Err(out) => return out,
                },
            };
            match name {
                "get" => get::get(cluster, &rest),
                "describe" => describe::describe(cluster, &rest),
                "rollout" => rollout::rollout(cluster, &rest),
                "wait" => wait::wait(cluster, &rest),
                _ => mutate::scale(cluster, &rest),
            }
        }
        "autoscale" => autoscale::autoscale(cluster, &rest),
        "run" => run::run(cluster, &rest),
        "expose" => expose::expose(cluster, &rest),
        "set" => mutate::set(cluster, &rest),
        "delete" => mutate::delete(cluster, &rest, ctx),
        "patch" => patch::patch(cluster, &rest, ctx),
        "replace" => replace::replace(cluster, &rest, ctx),
        "logs" => logs::logs(cluster, &rest),
        "label" => label::label(cluster, &rest, ctx),
        "annotate" => label::annotate(cluster, &rest, ctx),
        "edit" => edit::edit(cluster, &rest, ctx),
        "cordon" => node::cordon(cluster, &rest),
        "uncordon" => node::uncordon(cluster, &rest),
        "drain" => node::drain(cluster, &rest),
        "taint" => taint::taint(cluster, &rest),
        "api-resources" => discovery::api_resources(cluster, &rest),
        "explain" => explain::explain(&rest),
        "api-versions" => discovery::api_versions(cluster, &rest),
        "version" => version(cluster, &rest),
        "cluster-info" => cluster_info(&rest),
        "events" => events::events(cluster, &rest),
        // a kubectl command kubeplay does not simulate (logs, exec, …)
        other => CommandOutput::failure(format!(
            "error: \"kubectl {other}\" is not available in kubeplay"
        )),
    }
}

/// `kubectl cluster-info`: the control plane's address as a kind kubeconfig gives it, then the
/// kube-system Services labelled `kubernetes.io/cluster-service=true` (kubeplay runs none, so
/// no CoreDNS line). Colours are only written to a terminal.
fn cluster_info(args: &[String]) -> CommandOutput {
    let p = match args::parse(args, &[], "cluster-info") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // other arguments are ignored, as cobra's parent command does
    if p.positional.first().map(String::as_str) == Some("dump") {
        return CommandOutput::failure(
            "error: \"kubectl cluster-info dump\" is not available in kubeplay",
        );
    }
    let mut out = CommandOutput::new();
    out.out("Kubernetes control plane is running at https://127.0.0.1:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    out
}

fn version(_cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let p = match args::parse(
        args,
        &[args::boolean("client"), args::short("output", 'o')],
        "version",
    ) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // Complete: arguments are refused unless only the client's version is asked for
    if !p.positional.is_empty() && !p.bool("client", false).unwrap_or(false) {
        return CommandOutput::failure(format!(
            "error: extra arguments: [{}]",
            p.positional.join(" ")
        ));
    }
    if !matches!(
        p.get("output"),
        None | Some("") | Some("yaml") | Some("json")
    ) {
        return CommandOutput::failure("error: --output must be 'yaml' or 'json'");
    }
    let mut out = CommandOutput::new();
    out.out("Client Version: v1.33.1\nKustomize Version: v5.6.0\n");
    if !p.bool("client", false).unwrap_or(false) {
        out.out(format!("Server Version: {SERVER_VERSION}\n"));
    }
    out
}

const HELP: &str = "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n\nBasic Commands (Intermediate):\n  explain         Get documentation for a resource\n  get             Display one or many resources\n  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n\nAdvanced Commands:\n  apply           Apply a configuration to a resource by file name or stdin\n\nSettings Commands:\n  set             Set specific features on objects\n\nOther Commands:\n  version         Print the client and server version information\n\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

/// Subcommands with help of their own (`kubectl rollout status -h`), each with its aliases.
const HELP_SUBCOMMANDS: &[(&str, &[&[&str]])] = &[
    (
        "rollout",
        &[
            &["history"],
            &["pause"],
            &["restart"],
            &["resume"],
            &["status"],
            &["undo"],
        ],
    ),
    ("set", &[&["env"], &["image"], &["resources"]]),
    ("create", &[&["deployment", "deploy"], &["namespace", "ns"]]),
];

/// kubectl's `-h` text of `command` (or of its subcommand named first among `args`), if kubeplay
/// has the command.
fn help_text(command: &str, args: &[String]) -> Option<&'static str> {
    let sub = HELP_SUBCOMMANDS
        .iter()
        .find(|(c, _)| *c == command)
        .and_then(|(_, subs)| {
            args.iter()
                .filter(|a| !a.starts_with('-'))
                .find_map(|a| subs.iter().find(|names| names.contains(&a.as_str())))
                .map(|names| names[0])
        });
    let key = match sub {
        Some(sub) => format!("{command} {sub}"),
        None => command.to_string(),
    };
    Some(match key.as_str() {
        "get" => "Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.\n\n By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.\n\nExamples:\n  # List all pods in ps output format\n  kubectl get pods\n  \n  # List all pods in ps output format with more information (such as node name)\n  kubectl get pods -o wide\n  \n  # List a single replication controller with specified NAME in ps output format\n  kubectl get replicationcontroller web\n  \n  # List deployments in JSON output format, in the \"v1\" version of the \"apps\" API group\n  kubectl get deployments.v1.apps -o json\n  \n  # List a single pod in JSON output format\n  kubectl get -o json pod web-pod-13je7\n  \n  # List a pod identified by type and name specified in \"pod.yaml\" in JSON output format\n  kubectl get -f pod.yaml -o json\n  \n  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml\n  kubectl get -k dir/\n  \n  # Return only the phase value of the specified pod\n  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}\n  \n  # List resource information in custom columns\n  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image\n  \n  # List all replication controllers and services together in ps output format\n  kubectl get rc,services\n  \n  # List one or more resources by their type and names\n  kubectl get rc/web service/frontend pods/web-pod-13je7\n  \n  # List the 'status' subresource for a single pod\n  kubectl get pod web-pod-13je7 --subresource status\n  \n  # List all deployments in namespace 'backend'\n  kubectl get deployments.apps --namespace backend\n  \n  # List all pods existing in all namespaces\n  kubectl get pods --all-namespaces\n\nOptions:\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --chunk-size=500:\n\tReturn large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    --ignore-not-found=false:\n\tIf the requested object does not exist the command will return exit code 0.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -L, --label-columns=[]:\n\tAccepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...\n\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers (default print headers).\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].\n\n    --output-watch-events=false:\n\tOutput watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.\n\n    --raw='':\n\tRaw URI to request from the server.  Uses the transport specified by the kubeconfig file.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --server-print=true:\n\tIf true, have the server return the appropriate table output. Supports extension APIs and CRDs.\n\n    --show-kind=false:\n\tIf present, list the resource type for the requested object(s).\n\n    --show-labels=false:\n\tWhen printing, show all labels as the last column (default hide labels column)\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --sort-by='':\n\tIf non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.\n\n    --subresource='':\n\tIf specified, gets the subresource of the requested object.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    -w, --watch=false:\n\tAfter listing/getting the requested object, watch for changes.\n\n    --watch-only=false:\n\tWatch for changes to the requested object(s), without listing/getting first.\n\nUsage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "describe" => "Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:\n\n        $ kubectl describe TYPE NAME_PREFIX\n        \n will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.\n\nExamples:\n  # Describe a node\n  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal\n  \n  # Describe a pod\n  kubectl describe pods/nginx\n  \n  # Describe a pod identified by type and name in \"pod.json\"\n  kubectl describe -f pod.json\n  \n  # Describe all pods\n  kubectl describe pods\n  \n  # Describe pods by label name=myLabel\n  kubectl describe pods -l name=myLabel\n  \n  # Describe all pods managed by the 'frontend' replication controller\n  # (rc-created pods get the name of the rc as a prefix in the pod name)\n  kubectl describe pods frontend\n\nOptions:\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --chunk-size=500:\n\tReturn large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files containing the resource to describe\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-events=true:\n\tIf true, display events related to the described object.\n\nUsage:\n  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "apply" => "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.\n\n JSON and YAML formats are accepted.\n\n Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.\n\nExamples:\n  # Apply the configuration in pod.json to a pod\n  kubectl apply -f ./pod.json\n  \n  # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml\n  kubectl apply -k dir/\n  \n  # Apply the JSON passed into stdin to a pod\n  cat pod.json | kubectl apply -f -\n  \n  # Apply the configuration from all files that end with '.json'\n  kubectl apply -f '*.json'\n  \n  # Note: --prune is still in Alpha\n  # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx\n  kubectl apply --prune -f manifest.yaml -l app=nginx\n  \n  # Apply the configuration in manifest.yaml and delete all the other config maps that are not in the file\n  kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap\n\nAvailable Commands:\n  edit-last-applied   Edit latest last-applied-configuration annotations of a resource/object\n  set-last-applied    Set the last-applied-configuration annotation on a live object to match the contents of a file\n  view-last-applied   View the latest last-applied-configuration annotations of a resource/object\n\nOptions:\n    --all=false:\n\tSelect all resources in the namespace of the specified resource types.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --cascade='background':\n\tMust be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-client-side-apply':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tThe files that contain the configurations to apply.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.\n\n    --force-conflicts=false:\n\tIf true, server-side apply will force the changes against conflicts.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).\n\n    -k, --kustomize='':\n\tProcess a kustomization directory. This flag can't be used together with -f or -R.\n\n    --openapi-patch=true:\n\tIf true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --overwrite=true:\n\tAutomatically resolve conflicts between the modified and live configuration by using values from the modified configuration\n\n    --prune=false:\n\tAutomatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.\n\n    --prune-allowlist=[]:\n\tOverwrite the default allowlist with <group/version/kind> for --prune\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --server-side=false:\n\tIf true, apply runs in the server instead of the client.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --subresource='':\n\tIf specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --timeout=0s:\n\tThe length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\n    --wait=false:\n\tIf true, wait for resources to be gone before returning. This waits for finalizers.\n\nUsage:\n  kubectl apply (-f FILENAME | -k DIRECTORY) [options]\n\nUse \"kubectl apply <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "create" => "Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.\n\nExamples:\n  # Create a pod using the data in pod.json\n  kubectl create -f ./pod.json\n  \n  # Create a pod based on the JSON passed into stdin\n  cat pod.json | kubectl create -f -\n  \n  # Edit the data in registry.yaml in JSON then create the resource using the edited data\n  kubectl create -f registry.yaml --edit -o json\n\nAvailable Commands:\n  clusterrole           Create a cluster role\n  clusterrolebinding    Create a cluster role binding for a particular cluster role\n  configmap             Create a config map from a local file, directory or literal value\n  cronjob               Create a cron job with the specified name\n  deployment            Create a deployment with the specified name\n  ingress               Create an ingress with the specified name\n  job                   Create a job with the specified name\n  namespace             Create a namespace with the specified name\n  poddisruptionbudget   Create a pod disruption budget with the specified name\n  priorityclass         Create a priority class with the specified name\n  quota                 Create a quota with the specified name\n  role                  Create a role with single rule\n  rolebinding           Create a role binding for a particular role or cluster role\n  secret                Create a secret using a specified subcommand\n  service               Create a service using a specified subcommand\n  serviceaccount        Create a service account with the specified name\n  token                 Request a service account token\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --edit=false:\n\tEdit the API resource before creating\n\n    --field-manager='kubectl-create':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files to use to create the resource\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --raw='':\n\tRaw URI to POST to the server.  Uses the transport specified by the kubeconfig file.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\n    --windows-line-endings=false:\n\tOnly relevant if --edit=true. Defaults to the line ending native to your platform.\n\nUsage:\n  kubectl create -f FILENAME [options]\n\nUse \"kubectl create <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout" => "Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nExamples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n  \n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "scale" => "Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n Scale also allows users to specify one or more preconditions for the scale action.\n\n If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.\n\nExamples:\n  # Scale a replica set named 'foo' to 3\n  kubectl scale --replicas=3 rs/foo\n  \n  # Scale a resource identified by type and name specified in \"foo.yaml\" to 3\n  kubectl scale --replicas=3 -f foo.yaml\n  \n  # If the deployment named mysql's current size is 2, scale mysql to 3\n  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql\n  \n  # Scale multiple replication controllers\n  kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3\n  \n  # Scale stateful set named 'web' to 3\n  kubectl scale --replicas=3 statefulset/web\n\nOptions:\n    --all=false:\n\tSelect all resources in the namespace of the specified resource types\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --current-replicas=-1:\n\tPrecondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to set a new size\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --replicas=0:\n\tThe new desired number of replicas. Required.\n\n    --resource-version='':\n\tPrecondition for resource version. Requires that the current resource version match this value in order to scale.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --timeout=0s:\n\tThe length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).\n\nUsage:\n  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "set" => "Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse \"kubectl set <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "delete" => "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\n JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.\n\n Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.\n\n IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.\n\n Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.\n\n After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run \"kubectl api-resources\" to refresh the discovery cache.\n\nExamples:\n  # Delete a pod using the type and name specified in pod.json\n  kubectl delete -f ./pod.json\n  \n  # Delete resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml\n  kubectl delete -k dir\n  \n  # Delete resources from all files that end with '.json'\n  kubectl delete -f '*.json'\n  \n  # Delete a pod based on the type and name in the JSON passed into stdin\n  cat pod.json | kubectl delete -f -\n  \n  # Delete pods and services with same names \"baz\" and \"foo\"\n  kubectl delete pod,service baz foo\n  \n  # Delete pods and services with label name=myLabel\n  kubectl delete pods,services -l name=myLabel\n  \n  # Delete a pod with minimal delay\n  kubectl delete pod foo --now\n  \n  # Force delete a pod on a dead node\n  kubectl delete pod foo --force\n  \n  # Delete all pods\n  kubectl delete pods --all\n  \n  # Delete all pods only if the user confirms the deletion\n  kubectl delete pods --all --interactive\n\nOptions:\n    --all=false:\n\tDelete all resources, in the namespace of the specified resource types.\n\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --cascade='background':\n\tMust be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    -f, --filename=[]:\n\tcontaining the resource to delete.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).\n\n    --ignore-not-found=false:\n\tTreat \"resource not found\" as a successful delete. Defaults to \"true\" when --all is specified.\n\n    -i, --interactive=false:\n\tIf true, delete resource only when user confirms.\n\n    -k, --kustomize='':\n\tProcess a kustomization directory. This flag can't be used together with -f or -R.\n\n    --now=false:\n\tIf true, resources are signaled for immediate shutdown (same as --grace-period=1).\n\n    -o, --output='':\n\tOutput mode. Use \"-o name\" for shorter output (resource/name).\n\n    --raw='':\n\tRaw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --timeout=0s:\n\tThe length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object\n\n    --wait=true:\n\tIf true, wait for resources to be gone before returning. This waits for finalizers.\n\nUsage:\n  kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "version" => "Print the client and server version information for the current context.\n\nExamples:\n  # Print the client and server versions for the current context\n  kubectl version\n\nOptions:\n    --client=false:\n\tIf true, shows client version only (no server required).\n\n    -o, --output='':\n\tOne of 'yaml' or 'json'.\n\nUsage:\n  kubectl version [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "patch" => "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\n Note: Strategic merge patch is not supported for custom resources.\n\nExamples:\n  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Partially update a node using a strategic merge patch, specifying the patch as YAML\n  kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'\n  \n  # Partially update a node identified by the type and name specified in \"node.json\" using strategic merge patch\n  kubectl patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Update a container's image; spec.containers[*].name is required because it's a merge key\n  kubectl patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":\"new image\"}]}}'\n  \n  # Update a container's image using a JSON patch with positional arrays\n  kubectl patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'\n  \n  # Update a deployment's replicas through the 'scale' subresource using a merge patch\n  kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{\"spec\":{\"replicas\":2}}'\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-patch':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to update\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --local=false:\n\tIf true, patch will operate on the content of the file, not the server-side resource.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -p, --patch='':\n\tThe patch to be applied to the resource JSON file.\n\n    --patch-file='':\n\tA file containing a patch to be applied to the resource.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --subresource='':\n\tIf specified, patch will operate on the subresource of the requested object.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --type='strategic':\n\tThe type of patch being provided; one of [json merge strategic]\n\nUsage:\n  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "label" => "Update the labels on a resource.\n\n  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.\n\nExamples:\n  # Update pod 'foo' with the label 'unhealthy' and the value 'true'\n  kubectl label pods foo unhealthy=true\n  \n  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value\n  kubectl label --overwrite pods foo status=unhealthy\n  \n  # Update all pods in the namespace\n  kubectl label pods --all status=unhealthy\n  \n  # Update a pod identified by the type and name in \"pod.json\"\n  kubectl label -f pod.json status=unhealthy\n  \n  # Update pod 'foo' only if the resource is unchanged from version 1\n  kubectl label pods foo status=unhealthy --resource-version=1\n  \n  # Update pod 'foo' by removing a label named 'bar' if it exists\n  # Does not require the --overwrite flag\n  kubectl label pods foo bar-\n\nOptions:\n    --all=false:\n\tSelect all resources, in the namespace of the specified resource types\n\n    -A, --all-namespaces=false:\n\tIf true, check the specified action in all namespaces.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-label':\n\tName of the manager used to track field ownership.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to update the labels\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --list=false:\n\tIf true, display the labels for a given resource.\n\n    --local=false:\n\tIf true, label will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --overwrite=false:\n\tIf true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --resource-version='':\n\tIf non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "annotate" => "Update the annotations on one or more resources.\n\n All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.\n\n Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.\n\nExamples:\n  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'\n  # If the same annotation is set multiple times, only the last value will be applied\n  kubectl annotate pods foo description='my frontend'\n  \n  # Update a pod identified by type and name in \"pod.json\"\n  kubectl annotate -f pod.json description='my frontend'\n  \n  # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value\n  kubectl annotate --overwrite pods foo description='my frontend running nginx'\n  \n  # Update all pods in the namespace\n  kubectl annotate pods --all description='my frontend running nginx'\n  \n  # Update pod 'foo' only if the resource is unchanged from version 1\n  kubectl annotate pods foo description='my frontend running nginx' --resource-version=1\n  \n  # Update pod 'foo' by removing an annotation named 'description' if it exists\n  # Does not require the --overwrite flag\n  kubectl annotate pods foo description-\n\nOptions:\n    --all=false:\n\tSelect all resources, in the namespace of the specified resource types.\n\n    -A, --all-namespaces=false:\n\tIf true, check the specified action in all namespaces.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-annotate':\n\tName of the manager used to track field ownership.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to update the annotation\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --list=false:\n\tIf true, display the annotations for a given resource.\n\n    --local=false:\n\tIf true, annotation will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --overwrite=false:\n\tIf true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --resource-version='':\n\tIf non-empty, the annotation update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "edit" => "Edit a resource from the default editor.\n\n The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.\n\n You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.\n\n Editing is done with the API version used to fetch the resource. To edit using a specific API version, fully-qualify the resource, version, and group.\n\n The default format is YAML. To edit in JSON, specify \"-o json\".\n\n The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.\n\n In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.\n\nExamples:\n  # Edit the service named 'registry'\n  kubectl edit svc/registry\n  \n  # Use an alternative editor\n  KUBE_EDITOR=\"nano\" kubectl edit svc/registry\n  \n  # Edit the job 'myjob' in JSON using the v1 API format\n  kubectl edit job.v1.batch/myjob -o json\n  \n  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation\n  kubectl edit deployment/mydeployment -o yaml --save-config\n  \n  # Edit the 'status' subresource for the 'mydeployment' deployment\n  kubectl edit deployment mydeployment --subresource='status'\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --field-manager='kubectl-edit':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files to use to edit the resource\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --output-patch=false:\n\tOutput the patch if the resource is edited.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --subresource='':\n\tIf specified, edit will operate on the subresource of the requested object.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\n    --windows-line-endings=false:\n\tDefaults to the line ending native to your platform.\n\nUsage:\n  kubectl edit (RESOURCE/NAME | -f FILENAME) [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "cordon" => "Mark node as unschedulable.\n\nExamples:\n  # Mark node \"foo\" as unschedulable\n  kubectl cordon foo\n\nOptions:\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\nUsage:\n  kubectl cordon NODE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "uncordon" => "Mark node as schedulable.\n\nExamples:\n  # Mark node \"foo\" as schedulable\n  kubectl uncordon foo\n\nOptions:\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\nUsage:\n  kubectl uncordon NODE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "drain" => "Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.\n\nhttps://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg\n\nExamples:\n  # Drain node \"foo\", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain foo --force\n  \n  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\n  kubectl drain foo --grace-period=900\n\nOptions:\n    --chunk-size=500:\n\tReturn large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.\n\n    --delete-emptydir-data=false:\n\tContinue even if there are pods using emptyDir (local data that will be deleted when the node is drained).\n\n    --disable-eviction=false:\n\tForce drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --force=false:\n\tContinue even if there are pods that do not declare a controller.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.\n\n    --ignore-daemonsets=false:\n\tIgnore DaemonSet-managed pods.\n\n    --pod-selector='':\n\tLabel selector to filter pods on the node\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --skip-wait-for-delete-timeout=0:\n\tIf pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.\n\n    --timeout=0s:\n\tThe length of time to wait before giving up, zero means infinite\n\nUsage:\n  kubectl drain NODE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "api-resources" => "Print the supported API resources on the server.\n\nExamples:\n  # Print the supported API resources\n  kubectl api-resources\n  \n  # Print the supported API resources with more information\n  kubectl api-resources -o wide\n  \n  # Print the supported API resources sorted by a column\n  kubectl api-resources --sort-by=name\n  \n  # Print the supported namespaced resources\n  kubectl api-resources --namespaced=true\n  \n  # Print the supported non-namespaced resources\n  kubectl api-resources --namespaced=false\n  \n  # Print the supported API resources with a specific APIGroup\n  kubectl api-resources --api-group=rbac.authorization.k8s.io\n\nOptions:\n    --api-group='':\n\tLimit to resources in the specified API group.\n\n    --cached=false:\n\tUse the cached list of resources if available.\n\n    --categories=[]:\n\tLimit to resources that belong to the specified categories.\n\n    --namespaced=true:\n\tIf false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.\n\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers (default print headers).\n\n    -o, --output='':\n\tOutput format. One of: (wide, name).\n\n    --sort-by='':\n\tIf non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.\n\n    --verbs=[]:\n\tLimit to resources that support the specified verbs.\n\nUsage:\n  kubectl api-resources [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "explain" => "Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n        \n Information about each field is retrieved from the server in OpenAPI format.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.\n\nExamples:\n  # Get the documentation of the resource and its fields\n  kubectl explain pods\n  \n  # Get all the fields in the resource\n  kubectl explain pods --recursive\n  \n  # Get the explanation for deployment in supported api versions\n  kubectl explain deployments --api-version=apps/v1\n  \n  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers\n  \n  # Get the documentation of resources in different format\n  kubectl explain deployment --output=plaintext-openapiv2\n\nOptions:\n    --api-version='':\n\tGet different explanations for particular API version (API group/version)\n\n    --output='plaintext':\n\tFormat in which to render the schema (plaintext, plaintext-openapiv2)\n\n    --recursive=false:\n\tPrint the fields of fields (Currently only 1 level deep)\n\nUsage:\n  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "run" => "Create and run a particular image in a pod.\n\nExamples:\n  # Start a nginx pod\n  kubectl run nginx --image=nginx\n  \n  # Start a hazelcast pod and let the container expose port 5701\n  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701\n  \n  # Start a hazelcast pod and set environment variables \"DNS_DOMAIN=cluster\" and \"POD_NAMESPACE=default\" in the container\n  kubectl run hazelcast --image=hazelcast/hazelcast --env=\"DNS_DOMAIN=cluster\" --env=\"POD_NAMESPACE=default\"\n  \n  # Start a hazelcast pod and set labels \"app=hazelcast\" and \"env=prod\" in the container\n  kubectl run hazelcast --image=hazelcast/hazelcast --labels=\"app=hazelcast,env=prod\"\n  \n  # Dry run; print the corresponding API objects without creating them\n  kubectl run nginx --image=nginx --dry-run=client\n  \n  # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON\n  kubectl run nginx --image=nginx --overrides='{ \"apiVersion\": \"v1\", \"spec\": { ... } }'\n  \n  # Start a busybox pod and keep it in the foreground, don't restart it if it exits\n  kubectl run -i -t busybox --image=busybox --restart=Never\n  \n  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command\n  kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>\n  \n  # Start the nginx pod using a different command and custom arguments\n  kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --annotations=[]:\n\tAnnotations to apply to the pod.\n\n    --attach=false:\n\tIf true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.\n\n    --cascade='background':\n\tMust be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.\n\n    --command=false:\n\tIf true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --env=[]:\n\tEnvironment variables to set in the container.\n\n    --expose=false:\n\tIf true, create a ClusterIP service associated with the pod.  Requires `--port`.\n\n    --field-manager='kubectl-run':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tto use to replace the resource.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).\n\n    --image='':\n\tThe image for the container to run.\n\n    --image-pull-policy='':\n\tThe image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.\n\n    -k, --kustomize='':\n\tProcess a kustomization directory. This flag can't be used together with -f or -R.\n\n    -l, --labels='':\n\tComma separated labels to apply to the pod. Will override previous values.\n\n    --leave-stdin-open=false:\n\tIf the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --override-type='merge':\n\tThe method used to override the generated object: json, merge, or strategic.\n\n    --overrides='':\n\tAn inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.\n\n    --pod-running-timeout=1m0s:\n\tThe length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running\n\n    --port='':\n\tThe port that this container exposes.\n\n    --privileged=false:\n\tIf true, run the container in privileged mode.\n\n    -q, --quiet=false:\n\tIf true, suppress prompt messages.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --restart='Always':\n\tThe restart policy for this Pod.  Legal values [Always, OnFailure, Never].\n\n    --rm=false:\n\tIf true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    -i, --stdin=false:\n\tKeep stdin open on the container in the pod, even if nothing is attached.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --timeout=0s:\n\tThe length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object\n\n    -t, --tty=false:\n\tAllocate a TTY for the container in the pod.\n\n    --wait=false:\n\tIf true, wait for resources to be gone before returning. This waits for finalizers.\n\nUsage:\n  kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "expose" => "Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)\n\nExamples:\n  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rc nginx --port=80 --target-port=8000\n  \n  # Create a service for a replication controller identified by type and name specified in \"nginx-controller.yaml\", which serves on port 80 and connects to the containers on port 8000\n  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000\n  \n  # Create a service for a pod valid-pod, which serves on port 444 with the name \"frontend\"\n  kubectl expose pod valid-pod --port=444 --name=frontend\n  \n  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name \"nginx-https\"\n  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https\n  \n  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.\n  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream\n  \n  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rs nginx --port=80 --target-port=8000\n  \n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose deployment nginx --port=80 --target-port=8000\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --cluster-ip='':\n\tClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --external-ip='':\n\tAdditional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.\n\n    --field-manager='kubectl-expose':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to expose a service\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -l, --labels='':\n\tLabels to apply to the service created by this call.\n\n    --load-balancer-ip='':\n\tIP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).\n\n    --name='':\n\tThe name for the newly created object.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --override-type='merge':\n\tThe method used to override the generated object: json, merge, or strategic.\n\n    --overrides='':\n\tAn inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.\n\n    --port='':\n\tThe port that the service should serve on. Copied from the resource being exposed, if unspecified\n\n    --protocol='':\n\tThe network protocol for the service to be created. Default is 'TCP'.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --selector='':\n\tA label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)\n\n    --session-affinity='':\n\tIf non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --target-port='':\n\tName or number for the port on the container that the service should direct traffic to. Optional.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --type='':\n\tType for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.\n\nUsage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "events" => "Display events.\n\n Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.\n\nExamples:\n  # List recent events in the default namespace\n  kubectl events\n  \n  # List recent events in all namespaces\n  kubectl events --all-namespaces\n  \n  # List recent events for the specified pod, then wait for more events and list them as they arrive\n  kubectl events --for pod/web-pod-13je7 --watch\n  \n  # List recent events in YAML format\n  kubectl events -oyaml\n  \n  # List recent only events of type 'Warning' or 'Normal'\n  kubectl events --types=Warning,Normal\n\nOptions:\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --chunk-size=500:\n\tReturn large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.\n\n    --for='':\n\tFilter events to only those pertaining to the specified resource.\n\n    --no-headers=false:\n\tWhen using the default output format, don't print headers.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --types=[]:\n\tOutput only events of given types.\n\n    -w, --watch=false:\n\tAfter listing the requested events, watch for more events.\n\nUsage:\n  kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "logs" => "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.\n\nExamples:\n  # Return snapshot logs from pod nginx with only one container\n  kubectl logs nginx\n  \n  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name\n  kubectl logs nginx --prefix\n  \n  # Return snapshot logs from pod nginx, limiting output to 500 bytes\n  kubectl logs nginx --limit-bytes=500\n  \n  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.\n  kubectl logs nginx --pod-running-timeout=20s\n  \n  # Return snapshot logs from pod nginx with multi containers\n  kubectl logs nginx --all-containers=true\n  \n  # Return snapshot logs from all pods in the deployment nginx\n  kubectl logs deployment/nginx --all-pods=true\n  \n  # Return snapshot logs from all containers in pods defined by label app=nginx\n  kubectl logs -l app=nginx --all-containers=true\n  \n  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods\n  kubectl logs -l app=nginx --max-log-requests=10\n  \n  # Return snapshot of previous terminated ruby container logs from pod web-1\n  kubectl logs -p -c ruby web-1\n  \n  # Begin streaming the logs from pod nginx, continuing even if errors occur\n  kubectl logs nginx -f --ignore-errors=true\n  \n  # Begin streaming the logs of the ruby container in pod web-1\n  kubectl logs -f -c ruby web-1\n  \n  # Begin streaming the logs from all containers in pods defined by label app=nginx\n  kubectl logs -f -l app=nginx --all-containers=true\n  \n  # Display only the most recent 20 lines of output in pod nginx\n  kubectl logs --tail=20 nginx\n  \n  # Show all logs from pod nginx written in the last hour\n  kubectl logs --since=1h nginx\n  \n  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC\n  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true\n  \n  # Show logs from a kubelet with an expired serving certificate\n  kubectl logs --insecure-skip-tls-verify-backend nginx\n  \n  # Return snapshot logs from first container of a job named hello\n  kubectl logs job/hello\n  \n  # Return snapshot logs from container nginx-1 of a deployment named nginx\n  kubectl logs deployment/nginx -c nginx-1\n\nOptions:\n    --all-containers=false:\n\tGet all containers' logs in the pod(s).\n\n    --all-pods=false:\n\tGet logs from all pod(s). Sets prefix to true.\n\n    -c, --container='':\n\tPrint the logs of this container\n\n    -f, --follow=false:\n\tSpecify if the logs should be streamed.\n\n    --ignore-errors=false:\n\tIf watching / following pod logs, allow for any errors that occur to be non-fatal\n\n    --insecure-skip-tls-verify-backend=false:\n\tSkip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.\n\n    --limit-bytes=0:\n\tMaximum bytes of logs to return. Defaults to no limit.\n\n    --max-log-requests=5:\n\tSpecify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.\n\n    --pod-running-timeout=20s:\n\tThe length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running\n\n    --prefix=false:\n\tPrefix each log line with the log source (pod name and container name)\n\n    -p, --previous=false:\n\tIf true, print the logs for the previous instance of the container in a pod if it exists.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --since=0s:\n\tOnly return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.\n\n    --since-time='':\n\tOnly return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.\n\n    --tail=-1:\n\tLines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.\n\n    --timestamps=false:\n\tInclude timestamps on each line in the log output\n\nUsage:\n  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "replace" => "Replace a resource by file name or stdin.\n\n JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by\n\n        $ kubectl get TYPE NAME -o yaml\n\nExamples:\n  # Replace a pod using the data in pod.json\n  kubectl replace -f ./pod.json\n  \n  # Replace a pod based on the JSON passed into stdin\n  cat pod.json | kubectl replace -f -\n  \n  # Update a single-container pod's image version (tag) to v4\n  kubectl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kubectl replace -f -\n  \n  # Force replace, delete and then re-create the resource\n  kubectl replace --force -f ./pod.json\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --cascade='background':\n\tMust be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-replace':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tThe files that contain the configurations to replace.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).\n\n    -k, --kustomize='':\n\tProcess a kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --raw='':\n\tRaw URI to PUT to the server.  Uses the transport specified by the kubeconfig file.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --subresource='':\n\tIf specified, replace will operate on the subresource of the requested object.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --timeout=0s:\n\tThe length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\n    --wait=false:\n\tIf true, wait for resources to be gone before returning. This waits for finalizers.\n\nUsage:\n  kubectl replace -f FILENAME [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "wait" => "Experimental: Wait for a specific condition on one or many resources.\n\n The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.\n\n Alternatively, the command can wait for the given set of resources to be created or deleted by providing the \"create\" or \"delete\" keyword as the value to the --for flag.\n\n A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.\n\nExamples:\n  # Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"\n  kubectl wait --for=condition=Ready pod/busybox1\n  \n  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)\n  kubectl wait --for=condition=Ready=false pod/busybox1\n  \n  # Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"\n  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1\n  \n  # Wait for pod \"busybox1\" to be Ready\n  kubectl wait --for='jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True' pod/busybox1\n  \n  # Wait for the service \"loadbalancer\" to have ingress\n  kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer\n  \n  # Wait for the secret \"busybox1\" to be created, with a timeout of 30s\n  kubectl create secret generic busybox1\n  kubectl wait --for=create secret/busybox1 --timeout=30s\n  \n  # Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s, after having issued the \"delete\" command\n  kubectl delete pod/busybox1\n  kubectl wait --for=delete pod/busybox1 --timeout=60s\n\nOptions:\n    --all=false:\n\tSelect all resources in the namespace of the specified resource types\n\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    -f, --filename=[]:\n\tidentifying the resource.\n\n    --for='':\n\tThe condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.\n\n    --local=false:\n\tIf true, annotation will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=true:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --timeout=30s:\n\tThe length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.\n\nUsage:\n  kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "api-versions" => "Print the supported API versions on the server, in the form of \"group/version\".\n\nExamples:\n  # Print the supported API versions\n  kubectl api-versions\n\nUsage:\n  kubectl api-versions [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "autoscale" => "Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster. The command will attempt to use the autoscaling/v2 API first, in case of an error, it will fall back to autoscaling/v1 API.\n\n Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.\n\nExamples:\n  # Auto scale a deployment \"foo\", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used\n  kubectl autoscale deployment foo --min=2 --max=10\n  \n  # Auto scale a replication controller \"foo\", with the number of pods between 1 and 5, target CPU utilization at 80%\n  kubectl autoscale rc foo --max=5 --cpu-percent=80\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --cpu-percent=-1:\n\tThe target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-autoscale':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to autoscale.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --max=-1:\n\tThe upper limit for the number of pods that can be set by the autoscaler. Required.\n\n    --min=-1:\n\tThe lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.\n\n    --name='':\n\tThe name for the newly created object. If not specified, the name of the input resource will be used.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "cluster-info" => "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n\nExamples:\n  # Print the address of the control plane and cluster services\n  kubectl cluster-info\n\nAvailable Commands:\n  dump          Dump relevant information for debugging and diagnosis\n\nUsage:\n  kubectl cluster-info [flags] [options]\n\nUse \"kubectl cluster-info <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout history" => "View previous rollout revisions and configurations.\n\nExamples:\n  # View the rollout history of a deployment\n  kubectl rollout history deployment/abc\n  \n  # View the details of daemonset revision 3\n  kubectl rollout history daemonset/abc --revision=3\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --revision=0:\n\tSee the details, including podTemplate of the revision specified\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout pause" => "Mark the provided resource as paused.\n\n Paused resources will not be reconciled by a controller. Use \"kubectl rollout resume\" to resume a paused resource. Currently only deployments support being paused.\n\nExamples:\n  # Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/nginx\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --field-manager='kubectl-rollout':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl rollout pause RESOURCE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout restart" => "Restart a resource.\n\n        Resource rollout will be restarted.\n\nExamples:\n  # Restart all deployments in the test-namespace namespace\n  kubectl rollout restart deployment -n test-namespace\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/nginx\n  \n  # Restart a daemon set\n  kubectl rollout restart daemonset/abc\n  \n  # Restart deployments with the app=nginx label\n  kubectl rollout restart deployment --selector=app=nginx\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --field-manager='kubectl-rollout':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl rollout restart RESOURCE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout resume" => "Resume a paused resource.\n\n Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.\n\nExamples:\n  # Resume an already paused deployment\n  kubectl rollout resume deployment/nginx\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --field-manager='kubectl-rollout':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl rollout resume RESOURCE [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout status" => "Show the status of the rollout.\n\n By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.\n\nExamples:\n  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/nginx\n\nOptions:\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --revision=0:\n\tPin to a specific revision for showing its status. Defaults to 0 (last revision).\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --timeout=0s:\n\tThe length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).\n\n    -w, --watch=true:\n\tWatch the status of the rollout until it's done.\n\nUsage:\n  kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "rollout undo" => "Roll back to a previous rollout.\n\nExamples:\n  # Roll back to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Roll back to daemonset revision 3\n  kubectl rollout undo daemonset/abc --to-revision=3\n  \n  # Roll back to the previous deployment with dry-run\n  kubectl rollout undo --dry-run=server deployment/abc\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --to-revision=0:\n\tThe revision to rollback to. Default to 0 (last revision).\n\nUsage:\n  kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "set image" => "Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)\n\nExamples:\n  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n  \n  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n  kubectl set image deployments,rc nginx=nginx:1.9.1 --all\n  \n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1\n  \n  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server\n  kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml\n\nOptions:\n    --all=false:\n\tSelect all resources, in the namespace of the specified resource types\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-set':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --local=false:\n\tIf true, set image will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "set resources" => "Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.\n\n For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.\n\n Possible resources include (case insensitive): Use \"kubectl api-resources\" for a complete list of supported resources..\n\nExamples:\n  # Set a deployments nginx container cpu limits to \"200m\" and memory to \"512Mi\"\n  kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi\n  \n  # Set the resource request and limits for all containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi\n  \n  # Remove the resource requests for resources on containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0\n  \n  # Print the result (in yaml format) of updating nginx container limits from a local, without hitting the server\n  kubectl set resources -f path/to/file.yaml --limits=cpu=200m,memory=512Mi --local -o yaml\n\nOptions:\n    --all=false:\n\tSelect all resources, in the namespace of the specified resource types\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    -c, --containers='*':\n\tThe names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-set':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --limits='':\n\tThe resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.\n\n    --local=false:\n\tIf true, set resources will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --requests='':\n\tThe resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "create deployment" => "Create a deployment with the specified name.\n\nAliases:\ndeployment, deploy\n\nExamples:\n  # Create a deployment named my-dep that runs the busybox image\n  kubectl create deployment my-dep --image=busybox\n  \n  # Create a deployment with a command\n  kubectl create deployment my-dep --image=busybox -- date\n  \n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kubectl create deployment my-dep --image=nginx --replicas=3\n  \n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  kubectl create deployment my-dep --image=busybox --port=5701\n  \n  # Create a deployment named my-dep that runs multiple containers\n  kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-create':\n\tName of the manager used to track field ownership.\n\n    --image=[]:\n\tImage names to run. A deployment can have multiple images set for multi-container pod.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --port=-1:\n\tThe containerPort that this deployment exposes.\n\n    -r, --replicas=1:\n\tNumber of replicas to create. Default is 1.\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\nUsage:\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "create namespace" => "Create a namespace with the specified name.\n\nAliases:\nnamespace, ns\n\nExamples:\n  # Create a new namespace named my-namespace\n  kubectl create namespace my-namespace\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-create':\n\tName of the manager used to track field ownership.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\nUsage:\n  kubectl create namespace NAME [--dry-run=server|client|none] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "set env" => "Update environment variables on a pod template.\n\n List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.\n\n If \"--env -\" is passed, environment variables can be read from STDIN using the standard env syntax.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)\n\nExamples:\n  # Update deployment 'registry' with a new environment variable\n  kubectl set env deployment/registry STORAGE_DIR=/local\n  \n  # List the environment variables defined on a deployments 'sample-build'\n  kubectl set env deployment/sample-build --list\n  \n  # List the environment variables defined on all pods\n  kubectl set env pods --all --list\n  \n  # Output modified deployment in YAML, and does not alter the object on the server\n  kubectl set env deployment/sample-build STORAGE_DIR=/data -o yaml\n  \n  # Update all containers in all replication controllers in the project to have ENV=prod\n  kubectl set env rc --all ENV=prod\n  \n  # Import environment from a secret\n  kubectl set env --from=secret/mysecret deployment/myapp\n  \n  # Import environment from a config map with a prefix\n  kubectl set env --from=configmap/myconfigmap --prefix=MYSQL_ deployment/myapp\n  \n  # Import specific keys from a config map\n  kubectl set env --keys=my-example-key --from=configmap/myconfigmap deployment/myapp\n  \n  # Remove the environment variable ENV from container 'c1' in all deployment configs\n  kubectl set env deployments --all --containers=\"c1\" ENV-\n  \n  # Remove the environment variable ENV from a deployment definition on disk and\n  # update the deployment config on the server\n  kubectl set env -f deploy.json ENV-\n  \n  # Set some of the local shell environment into a deployment config on the server\n  env | grep RAILS_ | kubectl set env -e - deployment/registry\n\nOptions:\n    --all=false:\n\tIf true, select all resources in the namespace of the specified resource types\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    -c, --containers='*':\n\tThe names of containers in the selected pod templates to change - may use wildcards\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -e, --env=[]:\n\tSpecify a key-value pair for an environment variable to set into each container.\n\n    --field-manager='kubectl-set':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files the resource to update the env\n\n    --from='':\n\tThe name of a resource from which to inject environment variables\n\n    --keys=[]:\n\tComma-separated list of keys to import from specified resource\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --list=false:\n\tIf true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env.\n\n    --local=false:\n\tIf true, set env will NOT contact api-server but run locally.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --overwrite=true:\n\tIf true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.\n\n    --prefix='':\n\tPrefix to append to variable names\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --resolve=false:\n\tIf true, show secret or configmap references when listing variables\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "taint" => "Update the taints on one or more nodes.\n\n  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n  *  Currently taint can only apply to node.\n\nExamples:\n  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  # If a taint with that key and effect already exists, its value is replaced as specified\n  kubectl taint nodes foo dedicated=special-user:NoSchedule\n  \n  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kubectl taint nodes foo dedicated:NoSchedule-\n  \n  # Remove from node 'foo' all the taints with key 'dedicated'\n  kubectl taint nodes foo dedicated-\n  \n  # Add a taint with key 'dedicated' on nodes having label myLabel=X\n  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule\n  \n  # Add to node 'foo' a taint with key 'bar' and no value\n  kubectl taint nodes foo bar:NoSchedule\n\nOptions:\n    --all=false:\n\tSelect all nodes in the cluster\n\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-taint':\n\tName of the manager used to track field ownership.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --overwrite=false:\n\tIf true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.\n\nUsage:\n  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        _ => return None,
    })
}

/// A parent command run without a subcommand (cobra's `DefaultSubCommandRun`): its help on
/// stderr and exit code 1.
pub(crate) fn subcommand_help(command: &str) -> CommandOutput {
    let mut out = CommandOutput::new();
    out.fail(help_text(command, &[]).unwrap_or_default());
    out
}

/// A parent command with its own help text run without a subcommand: with `-h` the help on
/// stdout; otherwise its flags are checked and the help goes to stderr with exit code 1
/// (`cmdutil.DefaultSubCommandRun`).
pub(crate) fn parent_without_subcommand(
    args: &[String],
    command: &str,
    text: &str,
) -> CommandOutput {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        let mut o = CommandOutput::new();
        o.out(text);
        return o;
    }
    match args::parse(args, &[], command) {
        Err(e) => CommandOutput::failure(e),
        Ok(_) => CommandOutput::failure(text),
    }
}

/// The resource builder's error when a command names no object (`resource.Builder.Do`).
pub(crate) const NO_RESOURCES: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// `Error from server (NotFound): deployments.apps "x" not found`.
pub fn not_found(r: Resource, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        r.qualified_plural()
    )
}

/// kubectl get/describe's NotFound for a named object: when the namespace itself does not
/// exist, kubectl asks for it and reports that instead.
pub fn not_found_in(cluster: &Cluster, r: Resource, ns: Option<&str>, name: &str) -> String {
    match ns {
        Some(ns) if r.namespaced() && !cluster.store().namespaces.contains_key(ns) => {
            not_found(Resource::Namespace, ns)
        }
        _ => not_found(r, name),
    }
}

/// `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2` argument forms, resolved.
pub fn resource_args(args: &[String]) -> Result<Vec<(Resource, Option<String>)>, String> {
    // the RESTMapper's NoResourceMatchError names only the resource part of `res.version.group`
    let unknown = |t: &str| {
        format!(
            "error: the server doesn't have a resource type \"{}\"",
            t.split('.').next().unwrap_or(t)
        )
    };
    if args.is_empty() {
        return Ok(Vec::new());
    }
    if args.iter().any(|a| a.contains('/')) {
        let mut out = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            if n.contains('/') {
                return Err(
                    "error: arguments in resource/name form may not have more than one slash"
                        .into(),
                );
            }
            if t.is_empty() || n.is_empty() || t.contains(',') {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name"
                        .into(),
                );
            }
            let r = Resource::parse(t).ok_or_else(|| unknown(t))?;
            out.push((r, Some(n.to_string())));
        }
        return Ok(out);
    }
    let mut kinds = Vec::new();
    for t in args[0].split(',') {
        kinds.push(Resource::parse(t).ok_or_else(|| unknown(t))?);
    }
    if args.len() == 1 {
        return Ok(kinds.into_iter().map(|k| (k, None)).collect());
    }
    if kinds.len() > 1 {
        return Err(
            "error: arguments in resource/name form must have a single resource and name".into(),
        );
    }
    Ok(args[1..]
        .iter()
        .map(|n| (kinds[0], Some(n.clone())))
        .collect())
}
