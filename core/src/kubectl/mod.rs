//! kubectl v1.33, emulated: argv parsing, the commands, and their exact output and errors.
//! Every command reads and writes the cluster only through `Cluster` methods; a command that
//! fails changes nothing.

pub mod apply;
pub mod args;
pub mod describe;
pub mod get;
pub mod podstatus;
pub mod printers;
pub mod resource;
pub mod rollout;
pub mod selector;
pub mod shell;
pub mod simcmd;
pub mod mutate;

use crate::output::CommandOutput;
use crate::sim::Cluster;
use resource::Resource;

/// The version the emulated API server and kubelets report.
pub const SERVER_VERSION: &str = "v1.33.1";

/// Runs one command line.
pub fn execute(cluster: &mut Cluster, line: &str, stdin: Option<&str>, read_file: &dyn Fn(&str) -> Result<String, String>) -> CommandOutput {
    let words = match shell::split_words(line) {
        Ok(w) => w,
        Err(e) => return CommandOutput::failure(format!("bash: {e}")),
    };
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

fn kubectl(cluster: &mut Cluster, args: &[String], ctx: &Ctx) -> CommandOutput {
    let Some(cmd) = args.iter().position(|a| !a.starts_with('-')) else {
        if args.iter().any(|a| a == "--help" || a == "-h") || args.is_empty() {
            return CommandOutput { chunks: vec![(crate::Stream::Stdout, HELP.to_string())], exit_code: 0 };
        }
        if args.iter().any(|a| a == "--version") {
            return version(cluster, &[]);
        }
        return CommandOutput::failure(format!("error: unknown flag: {}\nSee 'kubectl --help' for usage.", args[0]));
    };
    // Global flags may precede the command (`kubectl -n kube-system get pods`).
    let mut rest: Vec<String> = args[..cmd].to_vec();
    rest.extend(args[cmd + 1..].iter().cloned());
    let name = args[cmd].as_str();
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return help(name);
    }
    match name {
        "apply" => apply::apply(cluster, &rest, ctx),
        "create" => apply::create(cluster, &rest, ctx),
        "get" => get::get(cluster, &rest),
        "rollout" => rollout::rollout(cluster, &rest),
        "scale" => mutate::scale(cluster, &rest),
        "set" => mutate::set(cluster, &rest),
        "delete" => mutate::delete(cluster, &rest, ctx),
        "version" => version(cluster, &rest),
        other => CommandOutput::failure(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\nRun 'kubectl --help' for usage."
        )),
    }
}

fn version(_cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let p = match args::parse(args, &[args::boolean("client"), args::short("output", 'o')], "version") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    out.out("Client Version: v1.33.1\nKustomize Version: v5.6.0\n");
    if !p.bool("client", false).unwrap_or(false) {
        out.out(format!("Server Version: {SERVER_VERSION}\n"));
    }
    out
}

const HELP: &str = "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n\nBasic Commands (Intermediate):\n  get             Display one or many resources\n  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n\nAdvanced Commands:\n  apply           Apply a configuration to a resource by file name or stdin\n\nSettings Commands:\n  set             Set specific features on objects\n\nOther Commands:\n  version         Print the client and server version information\n\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

fn help(command: &str) -> CommandOutput {
    let text = match command {
        "get" => "Display one or many resources.\n\nUsage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n",
        "apply" => "Apply a configuration to a resource by file name or stdin.\n\nUsage:\n  kubectl apply (-f FILENAME | -k DIRECTORY) [options]\n",
        "create" => "Create a resource from a file or from stdin.\n\nUsage:\n  kubectl create -f FILENAME [options]\n",
        "rollout" => "Manage the rollout of one or many resources.\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n",
        "scale" => "Set a new size for a deployment, replica set, replication controller, or stateful set.\n\nUsage:\n  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]\n",
        "set" => "Configure application resources.\n\nAvailable Commands:\n  image           Update the image of a pod template\n  resources       Update resource requests/limits on objects with pod templates\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n",
        "delete" => "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\nUsage:\n  kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]\n",
        "version" => "Print the client and server version information for the current context.\n\nUsage:\n  kubectl version [flags] [options]\n",
        _ => return CommandOutput::failure(format!("error: unknown command \"{command}\" for \"kubectl\"\nRun 'kubectl --help' for usage.")),
    };
    let mut o = CommandOutput::new();
    o.out(text);
    o
}

/// `Error from server (NotFound): deployments.apps "x" not found`.
pub fn not_found(r: Resource, name: &str) -> String {
    format!("Error from server (NotFound): {} \"{name}\" not found", r.qualified_plural())
}

/// `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2` argument forms, resolved.
pub fn resource_args(args: &[String]) -> Result<Vec<(Resource, Option<String>)>, String> {
    let unknown = |t: &str| format!("error: the server doesn't have a resource type \"{t}\"");
    if args.is_empty() {
        return Ok(Vec::new());
    }
    if args.iter().any(|a| a.contains('/')) {
        let mut out = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(format!("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"));
            };
            if n.is_empty() {
                return Err("error: arguments in resource/name form must have a single resource and name".into());
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
        return Err("error: arguments in resource/name form must have a single resource and name".into());
    }
    Ok(args[1..].iter().map(|n| (kinds[0], Some(n.clone()))).collect())
}
