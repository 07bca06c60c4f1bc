//! kubectl v1.33, emulated: argv parsing, the commands, and their exact output and errors.
//! Every command reads and writes the cluster only through `Cluster` methods; a command that
//! fails changes nothing.

pub mod apply;
pub mod args;
pub mod attach;
pub mod autoscale;
pub mod columns;
pub mod compound;
pub mod config;
pub mod create_config;
pub mod create_deployment;
pub mod create_job;
pub mod create_namespace;
pub mod create_quota;
pub mod create_service;
pub mod curl;
pub mod describe;
pub mod diff;
pub mod discovery;
pub mod edit;
pub mod events;
pub mod exec;
pub mod explain;
pub mod expose;
pub mod filters;
pub mod generate;
pub mod get;
pub mod gotemplate;
pub mod help;
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
pub mod rest;
pub mod rollout;
pub mod rollout_revisions;
pub mod run;
pub mod sed;
pub mod selector;
pub mod set_env;
pub mod set_serviceaccount;
pub mod shell;
pub mod simcmd;
pub mod taint;
pub mod top;
pub mod tty;
pub mod unidiff;
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
        None => {
            cluster.command_editor =
                compound::editor(&cluster.shell_vars, &cluster.shell_exported, &[]);
            let out = execute_argv(cluster, &words, stdin, read_file);
            cluster.command_editor = None;
            out
        }
    }
}

/// The kubectl arguments of a typed line, if it is a kubectl command: the lazy-data probes
/// (`needs_help`, `needs_schema`) ask this before the line runs.
fn kubectl_words(line: &str) -> Option<Vec<String>> {
    let mut words = shell::split_words(line).ok()?;
    match words.first().map(String::as_str) {
        Some("kubectl" | "k") => Some(words.split_off(1)),
        _ => None,
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
        "curl" => curl::curl(cluster, rest),
        other => CommandOutput::failure(format!("bash: {other}: command not found")),
    };
    if out.exit_code == 0 || !matches!(program.as_str(), "sim") {
        cluster.drain();
    }
    out
}

/// One object a `-f` manifest names ([`Ctx::manifest_objects`]).
pub struct ManifestObject {
    pub resource: Resource,
    pub namespace: Option<String>,
    pub name: String,
    /// The file, URL or `STDIN`, as kubectl names the source in its errors.
    pub source: String,
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
    /// else `None`), name and the source's name for messages; documents of kinds kubeplay does
    /// not serve are skipped. The error is kubectl's complete message (unreadable file or URL,
    /// malformed YAML).
    pub fn manifest_objects(&self, files: &[String]) -> Result<Vec<ManifestObject>, String> {
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
                objects.push(ManifestObject {
                    resource: r,
                    namespace: field("/metadata/namespace"),
                    name: field("/metadata/name").unwrap_or_default(),
                    source: source.clone(),
                });
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
    let namespace = objects.iter().find_map(|o| o.namespace.clone());
    for o in &objects {
        rest.push(format!("{}/{}", o.resource.qualified_singular(), o.name));
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
    // words after `--` are the command's (`kubectl exec POD -- ls -h`, `run … -- sh -h`)
    let help_asked = rest
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h");
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
        return match text {
            Ok(text) => {
                let mut o = CommandOutput::new();
                o.out(text);
                o
            }
            Err(e) => CommandOutput::failure(e),
        };
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
    let end = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    let rest: Vec<String> = rest[..end]
        .iter()
        .filter(|a| *a != "-h" && *a != "--help")
        .chain(&rest[end..])
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
            Some("namespace") => create_namespace::create_namespace(cluster, &rest),
            Some("service") => create_service::create_service(cluster, &rest),
            Some("configmap") => create_config::create_configmap(cluster, &rest, ctx),
            Some("secret") => create_config::create_secret(cluster, &rest, ctx),
            Some("job") => create_job::create_job(cluster, &rest),
            Some("cronjob") => create_job::create_cronjob(cluster, &rest),
            Some("serviceaccount") => create_namespace::create_serviceaccount(cluster, &rest),
            Some("poddisruptionbudget") => create_job::create_pdb(cluster, &rest),
            Some("quota") => create_quota::create_quota(cluster, &rest),
            Some(other) => CommandOutput::failure(format!(
                "error: \"kubectl create {other}\" is not available in kubeplay"
            )),
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
        "diff" => diff::diff(cluster, &rest, ctx),
        "logs" => logs::logs(cluster, &rest),
        "exec" => exec::exec_cmd(cluster, &rest),
        "attach" => attach::attach(cluster, &rest),
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
        "proxy" => curl::proxy(cluster, &rest),
        "port-forward" => curl::port_forward(cluster, &rest),
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
    let client_only = p.bool("client", false).unwrap_or(false);
    let mut out = CommandOutput::new();
    match p.get("output") {
        Some("json") => {
            let mut text = format!(
                "{{\n  \"clientVersion\": {},\n  \"kustomizeVersion\": \"v5.6.0\"",
                curl::json_object(&CLIENT_VERSION_FIELDS, 2, 1)
            );
            if !client_only {
                text.push_str(&format!(
                    ",\n  \"serverVersion\": {}",
                    curl::json_object(&curl::SERVER_VERSION_FIELDS, 2, 1)
                ));
            }
            out.out(text + "\n}\n");
        }
        Some("yaml") => {
            let object = |fields: &[(&str, &str)]| {
                serde_json::Value::Object(
                    fields
                        .iter()
                        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
                        .collect(),
                )
            };
            let mut doc = serde_json::json!({
                "clientVersion": object(&CLIENT_VERSION_FIELDS),
                "kustomizeVersion": "v5.6.0",
            });
            if !client_only {
                doc["serverVersion"] = object(&curl::SERVER_VERSION_FIELDS);
            }
            // kubectl ends the document with an empty line
            out.out(printers::yaml::to_yaml(&doc) + "\n");
        }
        _ => {
            out.out("Client Version: v1.33.1\nKustomize Version: v5.6.0\n");
            if !client_only {
                out.out(format!("Server Version: {SERVER_VERSION}\n"));
            }
        }
    }
    out
}

/// kubectl 1.33.1's own `version.Info` (its `version --client -o json`).
const CLIENT_VERSION_FIELDS: [(&str, &str); 9] = [
    ("major", "1"),
    ("minor", "33"),
    ("gitVersion", "v1.33.1"),
    ("gitCommit", "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828"),
    ("gitTreeState", "clean"),
    ("buildDate", "2025-05-15T08:27:33Z"),
    ("goVersion", "go1.24.2"),
    ("compiler", "gc"),
    ("platform", "linux/amd64"),
];

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
    (
        "set",
        &[
            &["env"],
            &["image"],
            &["resources"],
            &["serviceaccount", "sa"],
        ],
    ),
    (
        "create",
        &[
            &["deployment", "deploy"],
            &["namespace", "ns"],
            &["service", "svc"],
            &["configmap", "cm"],
            &["secret"],
            &["job"],
            &["cronjob", "cj"],
            &["serviceaccount", "sa"],
            &["poddisruptionbudget", "pdb"],
            &["quota", "resourcequota"],
        ],
    ),
];

/// The help a `-h` asks for: `command`'s own, or its subcommand's when one is named first among
/// `args` (`kubectl rollout status -h`).
fn help_key(command: &str, args: &[String]) -> String {
    let sub = HELP_SUBCOMMANDS
        .iter()
        .find(|(c, _)| *c == command)
        .and_then(|(_, subs)| {
            args.iter()
                .filter(|a| !a.starts_with('-'))
                .find_map(|a| subs.iter().find(|names| names.contains(&a.as_str())))
                .map(|names| names[0])
        });
    match sub {
        // `create service` has subcommands of its own (`kubectl create service nodeport -h`)
        Some("service") => match args.iter().find(|a| create_service::is_subcommand(a)) {
            Some(word) => format!("{command} service {word}"),
            None => format!("{command} service"),
        },
        Some("secret") => match args.iter().find(|a| create_config::is_secret_subcommand(a)) {
            Some(word) => format!("{command} secret {word}"),
            None => format!("{command} secret"),
        },
        Some(sub) => format!("{command} {sub}"),
        None => command.to_string(),
    }
}

/// kubectl's `-h` text of `command` (or of its subcommand), if kubeplay has the command: `Err`
/// when the host has not provided the texts yet (see [`help`]). The parents' texts, which a
/// parent without a subcommand prints too, are compiled in.
fn help_text(command: &str, args: &[String]) -> Option<Result<&'static str, String>> {
    let key = help_key(command, args);
    let text = match key.as_str() {
        "rollout" => Some("Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nExamples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n  \n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"),
        "set" => Some("Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse \"kubectl set <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"),
        _ => help::text(&key),
    };
    match text {
        Some(t) => Some(Ok(t)),
        None => help::KEYS
            .contains(&key.as_str())
            .then(|| Err(help::NOT_LOADED.to_string())),
    }
}

/// A parent command run without a subcommand (cobra's `DefaultSubCommandRun`): its help on
/// stderr and exit code 1.
pub(crate) fn subcommand_help(command: &str) -> CommandOutput {
    let mut out = CommandOutput::new();
    out.fail(
        help_text(command, &[])
            .and_then(Result::ok)
            .unwrap_or_default(),
    );
    out
}

/// `kubectl create service|secret` without a known subcommand: cobra's "unknown command" for
/// a word it does not know, else the parent's help (`parent_without_subcommand`).
pub(crate) fn create_parent_without_subcommand(
    raw: &[String],
    words: &[String],
    parent: &str,
) -> CommandOutput {
    if words.len() > 1 && !raw.iter().any(|a| a == "-h" || a == "--help") {
        return CommandOutput::failure(format!(
            "error: unknown command \"{}\"\nSee 'kubectl {parent} -h' for help and examples",
            words[1..].join(" ")
        ));
    }
    let text = help::text(parent).unwrap_or_default();
    parent_without_subcommand(raw, parent, text)
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
