//! Tab completion for the terminal: programs, kubectl and sim subcommands, resource kinds and
//! object names (from the live cluster).

use kubeplay_core::kubectl::explain::schema_loaded;
use kubeplay_core::kubectl::resource::Resource;
use kubeplay_core::store::{Object, Table};
use kubeplay_core::Cluster;

const PROGRAMS: &[&str] = &["kubectl", "sim", "clear", "curl", "echo", "export"];
const KUBECTL: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "autoscale",
    "cluster-info",
    "config",
    "cordon",
    "create",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "label",
    "logs",
    "patch",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];
const ROLLOUT: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];
const SET: &[&str] = &["env", "image", "resources", "serviceaccount"];
const TOP: &[&str] = &["node", "pod"];
const CONFIG: &[&str] = &[
    "current-context",
    "delete-context",
    "get-clusters",
    "get-contexts",
    "get-users",
    "set-context",
    "use-context",
    "view",
];
const SIM: &[&str] = &["advance", "node", "nodes", "registry", "settle", "time"];
const SIM_NODE: &[&str] = &["fail", "recover"];
const KINDS: &[&str] = &[
    "all",
    "configmaps",
    "cronjobs",
    "daemonsets",
    "deployments",
    "events",
    "horizontalpodautoscalers",
    "jobs",
    "namespaces",
    "nodes",
    "persistentvolumeclaims",
    "poddisruptionbudgets",
    "pods",
    "replicasets",
    "secrets",
    "serviceaccounts",
    "services",
    "statefulsets",
];
/// Commands whose next words are `TYPE [NAME…]` or `TYPE/NAME`.
const TAKES_RESOURCES: &[&str] = &[
    "annotate",
    "autoscale",
    "delete",
    "describe",
    "edit",
    "expose",
    "get",
    "label",
    "patch",
    "scale",
    "wait",
];

/// What Tab does with the text before the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new text before the cursor (unchanged when there is nothing to add).
    pub text: String,
    /// Every candidate when more than one fits.
    pub candidates: Vec<String>,
    /// The word is an explain field path and the schemas that list the fields are not loaded:
    /// the page starts their download (the next Tab completes).
    pub needs_schema: bool,
}

/// Completes the last word of `before` (the text before the cursor).
pub fn complete(cluster: &Cluster, before: &str) -> Completion {
    let words: Vec<&str> = before.split_whitespace().collect();
    let new_word = before.is_empty() || before.ends_with(' ');
    let (done, partial): (&[&str], &str) = if new_word {
        (&words[..], "")
    } else {
        (&words[..words.len() - 1], words[words.len() - 1])
    };
    let options = candidates(cluster, done, partial);
    let needs_schema = !schema_loaded() && explain_field(done, partial);
    let fits: Vec<String> = options
        .into_iter()
        .filter(|o| o.starts_with(partial) && o.as_str() != partial)
        .collect();
    let stem = &before[..before.len() - partial.len()];
    match fits.as_slice() {
        [] => Completion {
            text: before.to_string(),
            candidates: Vec::new(),
            needs_schema,
        },
        [one] => {
            let space = if one.ends_with('/') || one.ends_with('=') {
                ""
            } else {
                " "
            };
            Completion {
                text: format!("{stem}{one}{space}"),
                candidates: Vec::new(),
                needs_schema,
            }
        }
        many => {
            let common = common_prefix(many);
            Completion {
                text: format!(
                    "{stem}{}",
                    if common.len() > partial.len() {
                        common
                    } else {
                        partial
                    }
                ),
                candidates: many.to_vec(),
                needs_schema,
            }
        }
    }
}

/// Whether `partial` is the `TYPE.FIELD…` argument of `kubectl explain`.
fn explain_field(done: &[&str], partial: &str) -> bool {
    let args: Vec<&str> = done
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    matches!(args.as_slice(), [k, "explain"] if *k == "kubectl" || *k == "k")
        && partial.contains('.')
}

fn common_prefix(words: &[String]) -> &str {
    let first = &words[0];
    let mut len = first.len();
    for w in &words[1..] {
        len = len.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .map(|((i, a), _)| i + a.len_utf8())
                .last()
                .unwrap_or(0),
        );
    }
    &first[..len]
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Names of the objects of a kind (first 200).
fn names(cluster: &Cluster, r: Resource) -> Vec<String> {
    /// The first names (in every namespace: one name once).
    fn first<T: Object>(t: &Table<T>) -> Vec<String> {
        let mut names: Vec<String> = t.iter().take(200).map(|o| o.meta().name.clone()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
    let s = cluster.store();
    match r {
        Resource::Deployment => first(&s.deployments),
        Resource::ReplicaSet => first(&s.replicasets),
        Resource::Pod => first(&s.pods),
        Resource::Service => first(&s.services),
        Resource::StatefulSet => first(&s.statefulsets),
        Resource::DaemonSet => first(&s.daemonsets),
        Resource::Job => first(&s.jobs),
        Resource::CronJob => first(&s.cronjobs),
        Resource::HorizontalPodAutoscaler => first(&s.hpas),
        Resource::ConfigMap => first(&s.configmaps),
        Resource::Secret => first(&s.secrets),
        Resource::ServiceAccount => first(&s.serviceaccounts),
        Resource::PersistentVolumeClaim => first(&s.pvcs),
        Resource::PodDisruptionBudget => first(&s.pdbs),
        Resource::Node => s.nodes.keys().take(200).cloned().collect(),
        Resource::Namespace => s.namespaces.keys().take(200).cloned().collect(),
        _ => Vec::new(),
    }
}

fn candidates(cluster: &Cluster, done: &[&str], partial: &str) -> Vec<String> {
    let Some((&program, args)) = done.split_first() else {
        return owned(PROGRAMS);
    };
    // Flags are not completed; skip them when finding the position.
    let args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    match program {
        "sim" => match args.as_slice() {
            [] => owned(SIM),
            ["node"] => owned(SIM_NODE),
            ["node", _] => names(cluster, Resource::Node),
            _ => Vec::new(),
        },
        "kubectl" | "k" => {
            let Some((&cmd, rest)) = args.split_first() else {
                return owned(KUBECTL);
            };
            let rest: &[&str] = match (cmd, rest) {
                ("rollout", []) => return owned(ROLLOUT),
                ("set", []) => return owned(SET),
                ("top", []) => return owned(TOP),
                ("logs" | "exec" | "port-forward", []) => return names(cluster, Resource::Pod),
                ("config", []) => return owned(CONFIG),
                ("config", ["use-context" | "use" | "delete-context" | "get-contexts"]) => {
                    return cluster.kubeconfig_contexts()
                }
                ("top", ["node" | "nodes" | "no"]) => return names(cluster, Resource::Node),
                ("top", ["pod" | "pods" | "po"]) => return names(cluster, Resource::Pod),
                ("rollout" | "set", [_, tail @ ..]) => tail,
                (c, tail) if TAKES_RESOURCES.contains(&c) => tail,
                ("cordon" | "uncordon" | "drain", []) => return names(cluster, Resource::Node),
                // `kubectl explain TYPE[.FIELD…]`: the kinds, then the fields of the schema
                ("explain", []) => {
                    return match partial.rsplit_once('.') {
                        Some((stem, _)) => kubeplay_core::kubectl::explain::field_names(stem)
                            .into_iter()
                            .map(|f| format!("{stem}.{f}"))
                            .collect(),
                        None => KINDS
                            .iter()
                            .filter(|k| **k != "all")
                            .map(|k| k.to_string())
                            .collect(),
                    }
                }
                _ => return Vec::new(),
            };
            match rest {
                [] => {
                    // `TYPE/NAME`: complete the name after the slash.
                    if let Some((kind, _)) = partial.split_once('/') {
                        return match Resource::parse(kind) {
                            Some(r) => names(cluster, r)
                                .into_iter()
                                .map(|n| format!("{kind}/{n}"))
                                .collect(),
                            None => Vec::new(),
                        };
                    }
                    let mut kinds = owned(KINDS);
                    if cmd == "rollout" || cmd == "set" {
                        kinds = owned(&["deployment", "deployment/"]);
                    }
                    kinds
                }
                [kind, ..] if !kind.contains('/') => match Resource::parse(kind) {
                    Some(r) => names(cluster, r),
                    None => Vec::new(),
                },
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::ClusterConfig;

    fn cluster() -> Cluster {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        c.exec(
            "kubectl apply -f -",
            Some(crate::samples::NGINX_DEPLOYMENT),
            &|_| Err(String::new()),
        );
        c
    }

    #[test]
    fn completes_commands_kinds_and_names() {
        crate::explain::provide_for_tests();
        let c = cluster();
        assert!(!complete(&c, "kubectl explain deploy.spec.repl").needs_schema);
        assert_eq!(complete(&c, "kub").text, "kubectl ");
        assert_eq!(complete(&c, "kubectl ro").text, "kubectl rollout ");
        assert_eq!(complete(&c, "kubectl to").text, "kubectl top ");
        assert_eq!(complete(&c, "kubectl top n").text, "kubectl top node ");
        assert_eq!(complete(&c, "kubectl ev").text, "kubectl events ");
        assert_eq!(complete(&c, "kubectl dif").text, "kubectl diff ");
        assert_eq!(
            complete(&c, "kubectl set servicea").text,
            "kubectl set serviceaccount "
        );
        assert_eq!(
            complete(&c, "kubectl get daem").text,
            "kubectl get daemonsets "
        );
        assert_eq!(
            complete(&c, "kubectl describe serviceaccounts def").text,
            "kubectl describe serviceaccounts default "
        );
        assert_eq!(
            complete(&c, "kubectl config use-context ku").text,
            "kubectl config use-context kubeplay "
        );
        assert_eq!(
            complete(&c, "kubectl rollout und").text,
            "kubectl rollout undo "
        );
        assert_eq!(
            complete(&c, "kubectl get dep").text,
            "kubectl get deployments "
        );
        assert_eq!(
            complete(&c, "kubectl get deployments ng").text,
            "kubectl get deployments nginx-deployment "
        );
        assert_eq!(
            complete(&c, "kubectl rollout status deploy/n").text,
            "kubectl rollout status deploy/nginx-deployment "
        );
        assert_eq!(
            complete(&c, "kubectl explain sta").text,
            "kubectl explain statefulsets "
        );
        assert_eq!(
            complete(&c, "kubectl explain pods.spec.containers.ima").candidates,
            [
                "pods.spec.containers.image",
                "pods.spec.containers.imagePullPolicy"
            ]
        );
        assert_eq!(
            complete(&c, "kubectl explain deploy.spec.repl").text,
            "kubectl explain deploy.spec.replicas "
        );
        assert_eq!(complete(&c, "sim node fail node-").candidates.len(), 3);
        assert_eq!(
            complete(&c, "sim node fail node-").text,
            "sim node fail node-"
        );
        assert_eq!(
            complete(&c, "kubectl scale --replicas=2 deploy ng").text,
            "kubectl scale --replicas=2 deploy nginx-deployment "
        );
    }

    #[test]
    fn several_candidates_complete_their_common_prefix() {
        let c = cluster();
        let r = complete(&c, "kubectl get pods nginx");
        assert_eq!(r.candidates.len(), 3);
        assert!(r.text.starts_with("kubectl get pods nginx-deployment-"));
        let r = complete(&c, "kubectl a");
        assert_eq!(r.text, "kubectl a");
        assert!(r.candidates.contains(&"apply".to_string()));
        assert_eq!(
            complete(&c, "nothing here ").candidates,
            Vec::<String>::new()
        );
    }
}
