//! `kubectl top pod|node` (kubectl 1.33, `pkg/cmd/top`). kubeplay's cluster runs no
//! metrics-server (the HorizontalPodAutoscaler shows `<unknown>` for the same reason), so after
//! the client-side checks every request ends as a real cluster without it ends: discovery finds
//! no `metrics.k8s.io` group and kubectl says `error: Metrics API not available`.

use super::args::{self, boolean, flag, short, short_bool};
use super::selector::Selector;
use crate::output::CommandOutput;

const TOP_HELP: &str = "Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse \"kubectl top <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

const SELECTOR_HELP: &str = "    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n";

const POD_FLAGS: &[args::Flag] = &[
    short_bool("all-namespaces", 'A'),
    boolean("containers"),
    flag("field-selector"),
    boolean("no-headers"),
    short("selector", 'l'),
    flag("sort-by"),
    boolean("sum"),
    boolean("use-protocol-buffers"),
    boolean("show-swap"),
];

const NODE_FLAGS: &[args::Flag] = &[
    boolean("no-headers"),
    short("selector", 'l'),
    boolean("show-capacity"),
    flag("sort-by"),
    boolean("use-protocol-buffers"),
    boolean("show-swap"),
];

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Pod,
    Node,
}

impl Target {
    fn parse(word: &str) -> Option<Target> {
        match word {
            "pod" | "pods" | "po" => Some(Target::Pod),
            "node" | "nodes" | "no" => Some(Target::Node),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Target::Pod => "pod",
            Target::Node => "node",
        }
    }

    fn help(self) -> String {
        match self {
            Target::Pod => format!(
                "Display resource (CPU/memory) usage of pods.\n\n The 'top pod' command allows you to see the resource consumption of pods.\n\n Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.\n\nAliases:\npod, pods, po\n\nExamples:\n  # Show metrics for all pods in the default namespace\n  kubectl top pod\n  \n  # Show metrics for all pods in the given namespace\n  kubectl top pod --namespace=NAMESPACE\n  \n  # Show metrics for a given pod and its containers\n  kubectl top pod POD_NAME --containers\n  \n  # Show metrics for the pods defined by label name=myLabel\n  kubectl top pod -l name=myLabel\n\nOptions:\n    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --containers=false:\n\tIf present, print usage of containers within a pod.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n\n    --no-headers=false:\n\tIf present, print output without headers.\n\n{SELECTOR_HELP}    --sort-by='':\n\tIf non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.\n\n    --sum=false:\n\tPrint the sum of the resource usage\n\n    --use-protocol-buffers=true:\n\tEnables using protocol-buffers to access Metrics API.\n\nUsage:\n  kubectl top pod [NAME | -l label] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
            ),
            Target::Node => format!(
                "Display resource (CPU/memory) usage of nodes.\n\n The top-node command allows you to see the resource consumption of nodes.\n\nAliases:\nnode, nodes, no\n\nExamples:\n  # Show metrics for all nodes\n  kubectl top node\n  \n  # Show metrics for a given node\n  kubectl top node NODE_NAME\n\nOptions:\n    --no-headers=false:\n\tIf present, print output without headers\n\n{SELECTOR_HELP}    --show-capacity=false:\n\tPrint node resources based on Capacity instead of Allocatable(default) of the nodes.\n\n    --sort-by='':\n\tIf non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.\n\n    --use-protocol-buffers=true:\n\tEnables using protocol-buffers to access Metrics API.\n\nUsage:\n  kubectl top node [NAME | -l label] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
            ),
        }
    }
}

fn is_help(a: &str) -> bool {
    a == "-h" || a == "--help"
}

/// `kubectl top …` with the arguments after `top` (global flags included).
pub fn top(args: &[String]) -> CommandOutput {
    let Some(at) = super::command_index(args) else {
        return super::parent_without_subcommand(args, "top", TOP_HELP);
    };
    let Some(target) = Target::parse(&args[at]) else {
        if args.iter().any(|a| is_help(a)) {
            let mut o = CommandOutput::new();
            o.out(TOP_HELP);
            return o;
        }
        return CommandOutput::failure(format!(
            "error: unknown command \"{}\"\nSee 'kubectl top -h' for help and examples",
            args[at]
        ));
    };
    let mut rest: Vec<String> = args[..at].to_vec();
    rest.extend(args[at + 1..].iter().cloned());
    if rest.iter().any(|a| is_help(a)) {
        let mut o = CommandOutput::new();
        o.out(target.help());
        return o;
    }
    match check(target, &rest) {
        Ok(()) => CommandOutput::failure("error: Metrics API not available"),
        Err(e) => CommandOutput::failure(e),
    }
}

/// `Complete`, `Validate` and the selector parsing of `RunTopPod`/`RunTopNode`, in their order.
fn check(target: Target, args: &[String]) -> Result<(), String> {
    let flags = match target {
        Target::Pod => POD_FLAGS,
        Target::Node => NODE_FLAGS,
    };
    let command = format!("top {}", target.name());
    let p = args::parse(args, flags, &command)?;
    if p.positional.len() > 1 {
        return Err(format!(
            "error: {} [NAME | -l label]\nSee 'kubectl {command} -h' for help and examples",
            target.name()
        ));
    }
    let named = !p.positional.is_empty();
    let label_selector = p.get("selector").unwrap_or("");
    let field_selector = p.get("field-selector").unwrap_or("");
    if let Some(sort_by) = p.get("sort-by").filter(|s| !s.is_empty()) {
        if sort_by != "cpu" && sort_by != "memory" {
            return Err("error: --sort-by accepts only cpu or memory".into());
        }
    }
    match target {
        Target::Pod if named && !(label_selector.is_empty() && field_selector.is_empty()) => {
            return Err("error: only one of NAME or selector can be provided".into());
        }
        Target::Node if named && !label_selector.is_empty() => {
            return Err("error: only one of NAME or --selector can be provided".into());
        }
        _ => {}
    }
    if !label_selector.is_empty() {
        Selector::parse(label_selector).map_err(|e| format!("error: {e}"))?;
    }
    if !field_selector.is_empty() {
        super::get::parse_field_selector(field_selector).map_err(|e| format!("error: {e}"))?;
    }
    Ok(())
}
