//! `kubectl get`: server-side table columns (spec §9.2), `-o wide|yaml|json|name`,
//! `--show-labels`, `-L`, `-l`, `-A`, `--no-headers`, lists of kinds and names.

use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::podstatus::{ready_column, restarts_column, status_column};
use super::printers::duration::human_duration;
use super::printers::TabWriter;
use super::resource::Resource;
use super::selector::Selector;
use crate::api::{containers_of, ObjectMeta, Time};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const FLAGS: &[args::Flag] = &[
    short("output", 'o'),
    short("selector", 'l'),
    short_bool("all-namespaces", 'A'),
    boolean("show-labels"),
    short("label-columns", 'L'),
    boolean("no-headers"),
    flag("field-selector"),
    flag("sort-by"),
    short_bool("watch", 'w'),
    boolean("watch-only"),
    boolean("ignore-not-found"),
    short("filename", 'f'),
    flag("chunk-size"),
    boolean("show-kind"),
    flag("template"),
    flag("subresource"),
    flag("output-watch-events"),
];

/// One object as a row source: its metadata and the values of its columns.
struct Row {
    namespace: String,
    name: String,
    labels: BTreeMap<String, String>,
    cells: Vec<String>,
    wide: Vec<String>,
}

fn age(now: Time, t: Time) -> String {
    human_duration(now - t)
}

fn images_of(spec: &Value) -> (String, String) {
    let cs = containers_of(spec);
    (
        cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(","),
        cs.iter().map(|c| c.image.clone()).collect::<Vec<_>>().join(","),
    )
}

fn row(meta: &ObjectMeta, cells: Vec<String>, wide: Vec<String>) -> Row {
    Row { namespace: meta.namespace.clone(), name: meta.name.clone(), labels: meta.labels.clone(), cells, wide }
}

fn headers(r: Resource) -> (Vec<&'static str>, Vec<&'static str>) {
    match r {
        Resource::Deployment => (vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], vec!["CONTAINERS", "IMAGES", "SELECTOR"]),
        Resource::ReplicaSet => (vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"], vec!["CONTAINERS", "IMAGES", "SELECTOR"]),
        Resource::Pod => (vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"], vec!["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
        Resource::Node => (vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"], vec!["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]),
        Resource::Event => (vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], vec![]),
        Resource::Service => (vec!["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], vec!["SELECTOR"]),
        Resource::Namespace => (vec!["NAME", "STATUS", "AGE"], vec![]),
    }
}

/// Rows of one kind in scope (namespace or all), optionally one name.
fn rows(c: &Cluster, r: Resource, ns: Option<&str>, name: Option<&str>) -> Vec<Row> {
    let now = c.now();
    let s = c.store();
    let in_scope = |m: &ObjectMeta| ns.is_none_or(|n| m.namespace == n) && name.is_none_or(|n| m.name == n);
    let mut out = Vec::new();
    match r {
        Resource::Deployment => {
            for d in s.deployments.iter().filter(|d| in_scope(&d.metadata)) {
                let (cn, im) = images_of(&d.spec.template.spec);
                out.push(row(
                    &d.metadata,
                    vec![format!("{}/{}", d.status.ready_replicas, d.spec.replicas), d.status.updated_replicas.to_string(), d.status.available_replicas.to_string(), age(now, d.metadata.creation_timestamp)],
                    vec![cn, im, d.spec.selector.to_selector_string()],
                ));
            }
        }
        Resource::ReplicaSet => {
            for rs in s.replicasets.iter().filter(|x| in_scope(&x.metadata)) {
                let (cn, im) = images_of(&rs.spec.template.spec);
                out.push(row(
                    &rs.metadata,
                    vec![rs.spec.replicas.to_string(), rs.status.replicas.to_string(), rs.status.ready_replicas.to_string(), age(now, rs.metadata.creation_timestamp)],
                    vec![cn, im, rs.spec.selector.to_selector_string()],
                ));
            }
        }
        Resource::Pod => {
            for p in s.pods.iter().filter(|x| in_scope(&x.metadata)) {
                out.push(row(
                    &p.metadata,
                    vec![ready_column(p), status_column(p), restarts_column(p, now), age(now, p.metadata.creation_timestamp)],
                    vec![p.status.pod_ip.clone().unwrap_or("<none>".into()), p.node_name.clone().unwrap_or("<none>".into()), "<none>".into(), "<none>".into()],
                ));
            }
        }
        Resource::Node => {
            for n in s.nodes.values().filter(|x| name.is_none_or(|nm| x.metadata.name == nm)) {
                let mut status = if n.ready == "True" { "Ready".to_string() } else { "NotReady".to_string() };
                if n.unschedulable {
                    status.push_str(",SchedulingDisabled");
                }
                let roles: Vec<&str> = n.metadata.labels.keys().filter_map(|k| k.strip_prefix("node-role.kubernetes.io/")).collect();
                let roles = if roles.is_empty() { "<none>".to_string() } else { roles.join(",") };
                out.push(row(
                    &n.metadata,
                    vec![status, roles, age(now, n.metadata.creation_timestamp), super::SERVER_VERSION.into()],
                    vec![n.internal_ip.clone(), "<none>".into(), "Debian GNU/Linux 12 (bookworm)".into(), "6.8.0".into(), "containerd://2.1.1".into()],
                ));
            }
        }
        Resource::Event => {
            let mut evs: Vec<_> = s.events.iter().filter(|x| in_scope(&x.metadata)).collect();
            evs.sort_by_key(|e| (e.last_timestamp, e.metadata.resource_version));
            for e in evs {
                out.push(row(
                    &e.metadata,
                    vec![age(now, e.last_timestamp), e.type_.clone(), e.reason.clone(), format!("{}/{}", e.involved.kind.to_lowercase(), e.involved.name), e.message.clone()],
                    vec![],
                ));
            }
        }
        Resource::Service => {
            for sv in s.services.iter().filter(|x| in_scope(&x.metadata)) {
                let g = |k: &str| sv.spec.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let ports: Vec<String> = sv
                    .spec
                    .get("ports")
                    .and_then(Value::as_array)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                let port = p.get("port").map(|v| v.to_string()).unwrap_or_default();
                                let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                                match p.get("nodePort") {
                                    Some(np) => format!("{port}:{np}/{proto}"),
                                    None => format!("{port}/{proto}"),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let sel = sv.selector().map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")).filter(|s| !s.is_empty()).unwrap_or("<none>".into());
                let ty = if g("type").is_empty() { "ClusterIP".to_string() } else { g("type") };
                out.push(row(
                    &sv.metadata,
                    vec![ty, if g("clusterIP").is_empty() { "<none>".into() } else { g("clusterIP") }, "<none>".into(), if ports.is_empty() { "<none>".into() } else { ports.join(",") }, age(now, sv.metadata.creation_timestamp)],
                    vec![sel],
                ));
            }
        }
        Resource::Namespace => {
            for n in s.namespaces.values().filter(|x| name.is_none_or(|nm| x.metadata.name == nm)) {
                out.push(row(&n.metadata, vec!["Active".into(), age(now, n.metadata.creation_timestamp)], vec![]));
            }
        }
    }
    out
}

/// The kinds `kubectl get all` lists that kubeplay has.
const ALL: [Resource; 3] = [Resource::Pod, Resource::Deployment, Resource::ReplicaSet];

pub fn get(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "get") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    render(cluster, &p)
}

fn render(cluster: &Cluster, p: &Parsed) -> CommandOutput {
    let mut out = CommandOutput::new();
    if p.positional.is_empty() {
        out.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        return out;
    }
    let all_ns = p.bool("all-namespaces", false).unwrap_or(false);
    let ns = p.namespace();
    let scope = if all_ns { None } else { Some(ns.as_str()) };
    let mut targets = Vec::new();
    let expanded: Vec<String> = if p.positional[0] == "all" {
        let mut v = vec![ALL.iter().map(|r| r.plural()).collect::<Vec<_>>().join(",")];
        v.extend(p.positional[1..].iter().cloned());
        v
    } else {
        p.positional.clone()
    };
    match super::resource_args(&expanded) {
        Ok(t) => targets.extend(t),
        Err(e) => {
            out.fail(e);
            return out;
        }
    }
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            out.fail(format!("error: {e}"));
            return out;
        }
    };
    let output = p.get("output").unwrap_or("").to_string();
    let wide = output == "wide";
    let named = targets.iter().any(|(_, n)| n.is_some());
    let multi_kind = {
        let mut kinds: Vec<Resource> = targets.iter().map(|(r, _)| *r).collect();
        kinds.dedup();
        kinds.len() > 1 || p.positional[0] == "all"
    };
    // Group by kind preserving order.
    let mut groups: Vec<(Resource, Vec<Row>)> = Vec::new();
    let mut errors = Vec::new();
    for (r, name) in &targets {
        let found = rows(cluster, *r, if r.namespaced() { scope } else { None }, name.as_deref());
        if let Some(n) = name {
            if found.is_empty() {
                if !p.bool("ignore-not-found", false).unwrap_or(false) {
                    errors.push(super::not_found(*r, n));
                }
                continue;
            }
        }
        let found: Vec<Row> = found.into_iter().filter(|row| selector.as_ref().is_none_or(|s| s.matches(&row.labels))).collect();
        match groups.iter_mut().find(|(k, _)| k == r) {
            Some((_, v)) => v.extend(found),
            None => groups.push((*r, found)),
        }
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    match output.as_str() {
        "" | "wide" => {
            let mut tables = Vec::new();
            for (r, rs) in &groups {
                if rs.is_empty() {
                    continue;
                }
                tables.push(table(*r, rs, p, all_ns && r.namespaced(), wide, multi_kind));
            }
            out.out(tables.join("\n"));
        }
        "name" => {
            for (r, rs) in &groups {
                for row in rs {
                    out.out(format!("{}/{}\n", r.qualified_singular(), row.name));
                }
            }
        }
        "yaml" | "json" => {
            let mut items = Vec::new();
            for (r, rs) in &groups {
                for row in rs {
                    if let Some(v) = cluster.object_value(*r, &row.namespace, &row.name) {
                        items.push(v);
                    }
                }
            }
            let single = items.len() == 1 && named && targets.len() == 1;
            let doc = if single {
                items.pop().unwrap_or(Value::Null)
            } else {
                json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if output == "yaml" {
                out.out(super::printers::yaml::to_yaml(&doc));
            } else {
                out.out(format!("{}\n", super::printers::json::to_json(&doc)));
            }
        }
        other => {
            out.fail(format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"));
            return out;
        }
    }
    if total == 0 && errors.is_empty() && !named && (output.is_empty() || output == "wide" || output == "name") {
        if all_ns {
            out.err("No resources found\n");
        } else {
            out.err(format!("No resources found in {ns} namespace.\n"));
        }
    }
    for e in errors {
        out.fail(e);
    }
    out
}

fn table(r: Resource, rows: &[Row], p: &Parsed, with_ns: bool, wide: bool, multi_kind: bool) -> String {
    let (mut head, wide_head) = headers(r);
    if wide {
        head.extend(wide_head);
    }
    let label_cols: Vec<String> = p.all("label-columns").iter().flat_map(|s| s.split(',').map(str::to_string)).collect();
    let show_labels = p.bool("show-labels", false).unwrap_or(false);
    let mut text = String::new();
    if !p.bool("no-headers", false).unwrap_or(false) {
        let mut h: Vec<String> = Vec::new();
        if with_ns {
            h.push("NAMESPACE".into());
        }
        h.extend(head.iter().map(|s| s.to_string()));
        h.extend(label_cols.iter().map(|l| l.rsplit('/').next().unwrap_or(l).to_uppercase()));
        if show_labels {
            h.push("LABELS".into());
        }
        text.push_str(&h.join("\t"));
        text.push('\n');
    }
    for row in rows {
        let mut cells: Vec<String> = Vec::new();
        if with_ns {
            cells.push(row.namespace.clone());
        }
        let name = if multi_kind { format!("{}/{}", r.qualified_singular(), row.name) } else { row.name.clone() };
        if r != Resource::Event {
            cells.push(name);
        }
        cells.extend(row.cells.iter().cloned());
        if wide {
            cells.extend(row.wide.iter().cloned());
        }
        for l in &label_cols {
            cells.push(row.labels.get(l).cloned().unwrap_or_default());
        }
        if show_labels {
            let l = row.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
            cells.push(if l.is_empty() { "<none>".into() } else { l });
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    TabWriter::kubectl_get().format(&text)
}
