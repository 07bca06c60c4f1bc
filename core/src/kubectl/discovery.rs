//! `kubectl api-resources` and `kubectl api-versions`: discovery of the kinds kubeplay serves,
//! with the names, short names, verbs and categories a v1.33 API server reports for them.

use super::args::{self, boolean, flag, short, Parsed};
use super::printers::TabWriter;
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;

/// One discovered resource.
struct ApiResource {
    name: &'static str,
    short_names: &'static str,
    group: &'static str,
    namespaced: bool,
    kind: &'static str,
    verbs: &'static str,
    categories: &'static str,
}

const ALL_VERBS: &str = "create,delete,deletecollection,get,list,patch,update,watch";
const NO_COLLECTION: &str = "create,delete,get,list,patch,update,watch";

/// A real cluster's discovery rows for the kinds kubeplay may serve; a row is shown when
/// `kubectl` in kubeplay resolves its name (so new kinds appear as they are implemented).
const TABLE: &[ApiResource] = &[
    ApiResource {
        name: "configmaps",
        short_names: "cm",
        group: "",
        namespaced: true,
        kind: "ConfigMap",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "endpoints",
        short_names: "ep",
        group: "",
        namespaced: true,
        kind: "Endpoints",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "events",
        short_names: "ev",
        group: "",
        namespaced: true,
        kind: "Event",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "namespaces",
        short_names: "ns",
        group: "",
        namespaced: false,
        kind: "Namespace",
        verbs: NO_COLLECTION,
        categories: "",
    },
    ApiResource {
        name: "nodes",
        short_names: "no",
        group: "",
        namespaced: false,
        kind: "Node",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "persistentvolumeclaims",
        short_names: "pvc",
        group: "",
        namespaced: true,
        kind: "PersistentVolumeClaim",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "persistentvolumes",
        short_names: "pv",
        group: "",
        namespaced: false,
        kind: "PersistentVolume",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "pods",
        short_names: "po",
        group: "",
        namespaced: true,
        kind: "Pod",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "secrets",
        short_names: "",
        group: "",
        namespaced: true,
        kind: "Secret",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "serviceaccounts",
        short_names: "sa",
        group: "",
        namespaced: true,
        kind: "ServiceAccount",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "services",
        short_names: "svc",
        group: "",
        namespaced: true,
        kind: "Service",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "controllerrevisions",
        short_names: "",
        group: "apps",
        namespaced: true,
        kind: "ControllerRevision",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "daemonsets",
        short_names: "ds",
        group: "apps",
        namespaced: true,
        kind: "DaemonSet",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "deployments",
        short_names: "deploy",
        group: "apps",
        namespaced: true,
        kind: "Deployment",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "replicasets",
        short_names: "rs",
        group: "apps",
        namespaced: true,
        kind: "ReplicaSet",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "statefulsets",
        short_names: "sts",
        group: "apps",
        namespaced: true,
        kind: "StatefulSet",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "events",
        short_names: "ev",
        group: "events.k8s.io",
        namespaced: true,
        kind: "Event",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "horizontalpodautoscalers",
        short_names: "hpa",
        group: "autoscaling",
        namespaced: true,
        kind: "HorizontalPodAutoscaler",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "cronjobs",
        short_names: "cj",
        group: "batch",
        namespaced: true,
        kind: "CronJob",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "jobs",
        short_names: "",
        group: "batch",
        namespaced: true,
        kind: "Job",
        verbs: ALL_VERBS,
        categories: "all",
    },
    ApiResource {
        name: "resourcequotas",
        short_names: "quota",
        group: "",
        namespaced: true,
        kind: "ResourceQuota",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "limitranges",
        short_names: "limits",
        group: "",
        namespaced: true,
        kind: "LimitRange",
        verbs: ALL_VERBS,
        categories: "",
    },
    ApiResource {
        name: "poddisruptionbudgets",
        short_names: "pdb",
        group: "policy",
        namespaced: true,
        kind: "PodDisruptionBudget",
        verbs: ALL_VERBS,
        categories: "",
    },
];

fn served() -> Vec<&'static ApiResource> {
    TABLE
        .iter()
        .filter(|r| {
            let spelled = if r.group.is_empty() {
                r.name.to_string()
            } else {
                format!("{}.{}", r.name, r.group)
            };
            Resource::parse(&spelled).is_some_and(|x| x.kind() == r.kind)
        })
        .collect()
}

/// The preferred version of a group (autoscaling prefers v2; v1 is also served).
fn api_version(group: &str) -> String {
    match group {
        "" => "v1".into(),
        "autoscaling" => "autoscaling/v2".into(),
        g => format!("{g}/v1"),
    }
}

const FLAGS: &[args::Flag] = &[
    flag("api-group"),
    boolean("cached"),
    flag("categories"),
    boolean("namespaced"),
    boolean("no-headers"),
    short("output", 'o'),
    flag("sort-by"),
    flag("verbs"),
];

fn list_flag(p: &Parsed, name: &str) -> Vec<String> {
    p.all(name)
        .iter()
        .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn api_resources(_cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "api-resources") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    if !p.positional.is_empty() {
        return CommandOutput::failure(format!(
            "error: unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples",
            p.positional.join(" ")
        ));
    }
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name") {
        return CommandOutput::failure(format!("error: --output {output} is not available"));
    }
    let sort_by = p.get("sort-by").unwrap_or("");
    if !matches!(sort_by, "" | "name" | "kind") {
        return CommandOutput::failure("error: --sort-by accepts only name or kind");
    }
    let namespaced = match p.has("namespaced") {
        true => match p.bool("namespaced", true) {
            Ok(b) => Some(b),
            Err(e) => {
                return CommandOutput::failure(format!(
                    "error: {e}\nSee 'kubectl api-resources --help' for usage."
                ))
            }
        },
        false => None,
    };
    let verbs = list_flag(&p, "verbs");
    let categories = list_flag(&p, "categories");
    let mut rows: Vec<&ApiResource> = served()
        .into_iter()
        .filter(|r| p.get("api-group").is_none_or(|g| g == r.group))
        .filter(|r| namespaced.is_none_or(|n| n == r.namespaced))
        .filter(|r| verbs.iter().all(|v| r.verbs.split(',').any(|x| x == v)))
        .filter(|r| {
            categories
                .iter()
                .all(|c| r.categories.split(',').any(|x| x == c))
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| {
        let key = |r: &ApiResource| match sort_by {
            "name" => r.name,
            "kind" => r.kind,
            _ => r.group,
        };
        key(a).cmp(key(b)).then(a.name.cmp(b.name))
    });
    let mut out = CommandOutput::new();
    if output == "name" {
        for r in rows {
            let name = if r.group.is_empty() {
                r.name.to_string()
            } else {
                format!("{}.{}", r.name, r.group)
            };
            out.out(format!("{name}\n"));
        }
        return out;
    }
    let wide = output == "wide";
    let mut text = String::new();
    if !p.bool("no-headers", false).unwrap_or(false) {
        text.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
        text.push_str(if wide { "\tVERBS\tCATEGORIES\n" } else { "\n" });
    }
    for r in rows {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}",
            r.name,
            r.short_names,
            api_version(r.group),
            r.namespaced,
            r.kind
        ));
        if wide {
            text.push_str(&format!("\t{}\t{}", r.verbs, r.categories));
        }
        text.push('\n');
    }
    out.out(TabWriter::kubectl_get().format(&text));
    out
}

pub fn api_versions(_cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, &[], "api-versions") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    if !p.positional.is_empty() {
        return CommandOutput::failure(format!(
            "error: unexpected arguments: [{}]\nSee 'kubectl api-versions -h' for help and examples",
            p.positional.join(" ")
        ));
    }
    let mut versions: Vec<String> = served().iter().map(|r| api_version(r.group)).collect();
    if versions.iter().any(|v| v == "autoscaling/v2") {
        versions.push("autoscaling/v1".into());
    }
    crate::sort::sort(&mut versions);
    versions.dedup();
    let mut out = CommandOutput::new();
    out.out(
        versions
            .iter()
            .map(|v| format!("{v}\n"))
            .collect::<String>(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cluster, ClusterConfig};

    fn run(f: fn(&mut Cluster, &[String]) -> CommandOutput, line: &str) -> CommandOutput {
        let mut c = Cluster::new(ClusterConfig::default());
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        f(&mut c, &args)
    }

    #[test]
    fn api_versions_lists_served_groups_sorted() {
        let out = run(api_versions, "").stdout();
        assert!(out.starts_with("apps/v1\n"), "{out}");
        assert!(out.ends_with("v1\n"));
    }

    #[test]
    fn api_resources_table_and_errors() {
        let out = run(api_resources, "--api-group=apps --no-headers").stdout();
        assert!(
            out.contains("deployments           deploy   apps/v1   true   Deployment\n"),
            "{out}"
        );
        let out = run(api_resources, "").stdout();
        assert!(out.starts_with("NAME                       SHORTNAMES   APIVERSION         NAMESPACED   KIND\nconfigmaps                 cm           v1                 true         ConfigMap\nendpoints                  ep           v1                 true         Endpoints\nevents                     ev           v1                 true         Event\n"), "{out}");
        assert_eq!(
            run(api_resources, "-o yaml").stderr(),
            "error: --output yaml is not available\n"
        );
        assert_eq!(
            run(api_resources, "--sort-by=foo").stderr(),
            "error: --sort-by accepts only name or kind\n"
        );
        assert_eq!(run(api_resources, "x").stderr(), "error: unexpected arguments: [x]\nSee 'kubectl api-resources -h' for help and examples\n");
        let names = run(api_resources, "-o name --namespaced=false").stdout();
        assert_eq!(names, "namespaces\nnodes\npersistentvolumes\n");
    }
}
