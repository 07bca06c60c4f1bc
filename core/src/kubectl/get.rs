//! `kubectl get`: server-side table columns (spec §9.2), `-o wide|yaml|json|name|jsonpath=…|
//! jsonpath-as-json=…|custom-columns=…`, `--sort-by`, `--field-selector`, `--show-labels`, `-L`,
//! `-l`, `-A`, `--no-headers`, lists of kinds and names. Follows kubectl's two paths: tables per
//! kind (sorted per table) for `""`/`wide`, and one object or one `List` for every other printer.

use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::columns;
use super::jsonpath;
use super::podstatus::{ready_column, restarts_column, status_column};
use super::printers::duration::{human_duration, human_duration_since};
use super::printers::TabWriter;
use super::resource::Resource;
use super::selector::Selector;
use super::NO_RESOURCES;
use crate::api::{containers_of, ObjKey, ObjectMeta, Time};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use crate::store::{Listing, Object};
use serde_json::{json, Value};

mod stateful;
pub(crate) mod watch;

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
    boolean("output-watch-events"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
    boolean("server-print"),
];

/// One object as a table row: its metadata and every column's value (wide ones included).
#[derive(Debug, Clone)]
struct Row {
    namespace: String,
    name: String,
    labels: crate::api::meta::StringMap,
    cells: Vec<String>,
}

fn age(now: Time, t: Time) -> String {
    human_duration_since(now, t)
}

fn images_of(spec: &Value) -> (String, String) {
    let cs = containers_of(spec);
    (
        cs.iter().map(|c| c.name).collect::<Vec<_>>().join(","),
        cs.iter().map(|c| c.image).collect::<Vec<_>>().join(","),
    )
}

fn row(meta: &ObjectMeta, cells: Vec<String>) -> Row {
    Row {
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        labels: meta.labels.clone(),
        cells,
    }
}

/// The server's column definitions: (header, wide-only). The `NAME` column (or, for events,
/// the wide `NAME`) is the one kubectl prefixes with the kind.
fn columns_of(r: Resource) -> &'static [(&'static str, bool)] {
    match r {
        Resource::Deployment => &[
            ("NAME", false),
            ("READY", false),
            ("UP-TO-DATE", false),
            ("AVAILABLE", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
            ("SELECTOR", true),
        ],
        Resource::ReplicaSet => &[
            ("NAME", false),
            ("DESIRED", false),
            ("CURRENT", false),
            ("READY", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
            ("SELECTOR", true),
        ],
        Resource::DaemonSet => &[
            ("NAME", false),
            ("DESIRED", false),
            ("CURRENT", false),
            ("READY", false),
            ("UP-TO-DATE", false),
            ("AVAILABLE", false),
            ("NODE SELECTOR", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
            ("SELECTOR", true),
        ],
        Resource::CronJob => &[
            ("NAME", false),
            ("SCHEDULE", false),
            ("TIMEZONE", false),
            ("SUSPEND", false),
            ("ACTIVE", false),
            ("LAST SCHEDULE", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
            ("SELECTOR", true),
        ],
        Resource::Job => &[
            ("NAME", false),
            ("STATUS", false),
            ("COMPLETIONS", false),
            ("DURATION", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
            ("SELECTOR", true),
        ],
        Resource::Pod => &[
            ("NAME", false),
            ("READY", false),
            ("STATUS", false),
            ("RESTARTS", false),
            ("AGE", false),
            ("IP", true),
            ("NODE", true),
            ("NOMINATED NODE", true),
            ("READINESS GATES", true),
        ],
        Resource::Node => &[
            ("NAME", false),
            ("STATUS", false),
            ("ROLES", false),
            ("AGE", false),
            ("VERSION", false),
            ("INTERNAL-IP", true),
            ("EXTERNAL-IP", true),
            ("OS-IMAGE", true),
            ("KERNEL-VERSION", true),
            ("CONTAINER-RUNTIME", true),
        ],
        Resource::Event => &[
            ("LAST SEEN", false),
            ("TYPE", false),
            ("REASON", false),
            ("OBJECT", false),
            ("SUBOBJECT", true),
            ("SOURCE", true),
            ("MESSAGE", false),
            ("FIRST SEEN", true),
            ("COUNT", true),
            ("NAME", true),
        ],
        Resource::Service => &[
            ("NAME", false),
            ("TYPE", false),
            ("CLUSTER-IP", false),
            ("EXTERNAL-IP", false),
            ("PORT(S)", false),
            ("AGE", false),
            ("SELECTOR", true),
        ],
        Resource::Namespace => &[("NAME", false), ("STATUS", false), ("AGE", false)],
        Resource::StatefulSet
        | Resource::ControllerRevision
        | Resource::PersistentVolumeClaim
        | Resource::PersistentVolume
        | Resource::Endpoints => stateful::columns(r),
        Resource::HorizontalPodAutoscaler => &[
            ("NAME", false),
            ("REFERENCE", false),
            ("TARGETS", false),
            ("MINPODS", false),
            ("MAXPODS", false),
            ("REPLICAS", false),
            ("AGE", false),
        ],
        Resource::ConfigMap => &[("NAME", false), ("DATA", false), ("AGE", false)],
        Resource::ServiceAccount => &[("NAME", false), ("SECRETS", false), ("AGE", false)],
        Resource::PodDisruptionBudget => &[
            ("NAME", false),
            ("MIN AVAILABLE", false),
            ("MAX UNAVAILABLE", false),
            ("ALLOWED DISRUPTIONS", false),
            ("AGE", false),
        ],
        Resource::Secret => &[
            ("NAME", false),
            ("TYPE", false),
            ("DATA", false),
            ("AGE", false),
        ],
        Resource::ResourceQuota => &[
            ("NAME", false),
            ("AGE", false),
            ("REQUEST", false),
            ("LIMIT", false),
        ],
        Resource::LimitRange => &[("NAME", false), ("CREATED AT", false)],
    }
}

/// The objects of a table in scope, in key order: one lookup for a namespaced GET by name (a
/// watch renders one object per event this way), else the namespace or the whole table.
fn scoped<'a, T: Object + 'static>(
    t: &'a impl Listing<T>,
    ns: Option<&'a str>,
    name: Option<&'a str>,
) -> Box<dyn Iterator<Item = &'a T> + 'a> {
    match (ns, name) {
        (Some(ns), Some(n)) => Box::new(t.get(&ObjKey::new(ns, n)).into_iter()),
        (Some(ns), None) => Box::new(t.in_namespace(ns)),
        (None, _) => Box::new(
            t.iter()
                .filter(move |x| name.is_none_or(|n| x.meta().name == n)),
        ),
    }
}

/// The objects of `r` in `ns` (every namespace when `None`) that match the label and field
/// selectors, as (namespace, name) in the API's list order: the builder's selector visit.
pub(crate) fn list_names(
    c: &Cluster,
    r: Resource,
    ns: Option<&str>,
    selector: Option<&Selector>,
    fields: Option<&[(String, bool, String)]>,
) -> Vec<(String, String)> {
    let mut names = super::patch::names_in(c, r, ns);
    if selector.is_some() || fields.is_some() {
        names.retain(|(namespace, name)| {
            let obj = c.object_value(r, namespace, name).unwrap_or(Value::Null);
            let labels: crate::api::meta::StringMap = obj
                .pointer("/metadata/labels")
                .and_then(|l| serde_json::from_value(l.clone()).ok())
                .unwrap_or_default();
            selector.is_none_or(|s| s.matches(&labels))
                && fields.is_none_or(|fs| {
                    fs.iter().all(|(k, eq, v)| {
                        (field_value(r, &obj, k).unwrap_or_default() == *v) == *eq
                    })
                })
        });
    }
    names
}

/// Rows of one kind in scope (namespace or all), optionally one name, in the API server's
/// order (namespace, then name).
fn rows(c: &Cluster, r: Resource, ns: Option<&str>, name: Option<&str>) -> Vec<Row> {
    let now = c.now();
    let s = c.store();
    let none = |v: Option<&String>| {
        v.filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or("<none>".into())
    };
    let mut out = Vec::new();
    match r {
        Resource::Deployment => {
            for d in scoped(&s.deployments, ns, name) {
                let (cn, im) = images_of(&d.spec.template.spec);
                out.push(row(
                    &d.metadata,
                    vec![
                        d.metadata.name.clone(),
                        format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
                        d.status.updated_replicas.to_string(),
                        d.status.available_replicas.to_string(),
                        age(now, d.metadata.creation_timestamp),
                        cn,
                        im,
                        d.spec.selector.to_selector_string(),
                    ],
                ));
            }
        }
        Resource::ReplicaSet => {
            for rs in scoped(&s.replicasets, ns, name) {
                let (cn, im) = images_of(&rs.spec.template.spec);
                out.push(row(
                    &rs.metadata,
                    vec![
                        rs.metadata.name.clone(),
                        rs.spec.replicas.to_string(),
                        rs.status.replicas.to_string(),
                        rs.status.ready_replicas.to_string(),
                        age(now, rs.metadata.creation_timestamp),
                        cn,
                        im,
                        rs.spec.selector.to_selector_string(),
                    ],
                ));
            }
        }
        Resource::Pod => {
            for p in scoped(&s.pods, ns, name) {
                let gates = p
                    .spec
                    .get("readinessGates")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                let gates = if gates == 0 {
                    "<none>".to_string()
                } else {
                    let ready = p.spec["readinessGates"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|g| {
                            p.status.conditions.iter().any(|c| {
                                Some(c.type_()) == g.get("conditionType").and_then(Value::as_str)
                                    && c.is_true()
                            })
                        })
                        .count();
                    format!("{ready}/{gates}")
                };
                out.push(row(
                    &p.metadata,
                    vec![
                        p.metadata.name.clone(),
                        ready_column(p),
                        status_column(p),
                        restarts_column(p, now),
                        age(now, p.metadata.creation_timestamp),
                        none(p.status.pod_ip.as_deref().map(str::to_string).as_ref()),
                        none(p.node_name.as_deref().map(str::to_string).as_ref()),
                        "<none>".into(),
                        gates,
                    ],
                ));
            }
        }
        Resource::Node => {
            for n in s
                .nodes
                .values()
                .filter(|x| name.is_none_or(|nm| x.metadata.name == nm))
            {
                let mut status = if n.ready == "True" {
                    "Ready".to_string()
                } else {
                    "NotReady".to_string()
                };
                if n.unschedulable {
                    status.push_str(",SchedulingDisabled");
                }
                let roles: Vec<&str> = n
                    .metadata
                    .labels
                    .keys()
                    .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                    .collect();
                let roles = if roles.is_empty() {
                    "<none>".to_string()
                } else {
                    roles.join(",")
                };
                out.push(row(
                    &n.metadata,
                    vec![
                        n.metadata.name.clone(),
                        status,
                        roles,
                        age(now, n.metadata.creation_timestamp),
                        super::SERVER_VERSION.into(),
                        n.internal_ip.clone(),
                        "<none>".into(),
                        "Debian GNU/Linux 12 (bookworm)".into(),
                        "6.8.0".into(),
                        "containerd://2.1.1".into(),
                    ],
                ));
            }
        }
        Resource::Event => {
            for e in scoped(&s.events, ns, name) {
                // printEvent: translateMicroTimestampSince for an events.k8s.io Event's times,
                // translateTimestampSince for core/v1's
                let event_age = |t: Time| human_duration(now - e.stored_time(t));
                let first = event_age(e.first_timestamp);
                let last = if e.last_timestamp == 0 {
                    first.clone()
                } else {
                    event_age(e.last_timestamp)
                };
                let target = if e.involved.name.is_empty() {
                    e.involved.kind.to_lowercase()
                } else {
                    format!("{}/{}", e.involved.kind.to_lowercase(), e.involved.name)
                };
                let source = match e.source_host.as_deref().filter(|h| !h.is_empty()) {
                    _ if e.source_component.is_empty() => String::new(),
                    Some(h) => format!("{}, {h}", e.source_component),
                    // The scheduler writes events.k8s.io Events: no source, but reportingController
                    // and reportingInstance `<controller>-<hostname>` (tools/events NewRecorder),
                    // which printEvent's formatEventSource falls back to.
                    None if e.source_component == "default-scheduler" => format!(
                        "default-scheduler, {}",
                        crate::nodes::scheduler::reporting_instance()
                    ),
                    None => e.source_component.to_string(),
                };
                out.push(row(
                    &e.metadata,
                    vec![
                        last,
                        e.type_.to_string(),
                        e.reason.to_string(),
                        target,
                        e.involved
                            .field_path
                            .as_deref()
                            .unwrap_or_default()
                            .to_string(),
                        source,
                        e.message.trim().to_string(),
                        first,
                        e.count.max(1).to_string(),
                        e.metadata.name.clone(),
                    ],
                ));
            }
        }
        Resource::Service => {
            for sv in scoped(&s.services, ns, name) {
                let g = |k: &str| {
                    sv.spec
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                let ports: Vec<String> = sv
                    .spec
                    .get("ports")
                    .and_then(Value::as_array)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                let port = p.get("port").map(|v| v.to_string()).unwrap_or_default();
                                let proto =
                                    p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                                match p.get("nodePort") {
                                    Some(np) => format!("{port}:{np}/{proto}"),
                                    None => format!("{port}/{proto}"),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let sel = sv
                    .selector()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .filter(|s| !s.is_empty())
                    .unwrap_or("<none>".into());
                let ty = if g("type").is_empty() {
                    "ClusterIP".to_string()
                } else {
                    g("type")
                };
                let external_ip = service_external_ip(&sv.spec, &ty);
                out.push(row(
                    &sv.metadata,
                    vec![
                        sv.metadata.name.clone(),
                        ty,
                        sv.spec
                            .pointer("/clusterIPs/0")
                            .and_then(Value::as_str)
                            .unwrap_or("<none>")
                            .to_string(),
                        external_ip,
                        if ports.is_empty() {
                            "<none>".into()
                        } else {
                            ports.join(",")
                        },
                        age(now, sv.metadata.creation_timestamp),
                        sel,
                    ],
                ));
            }
        }
        Resource::Namespace => {
            for n in s
                .namespaces
                .values()
                .filter(|x| name.is_none_or(|nm| x.metadata.name == nm))
            {
                out.push(row(
                    &n.metadata,
                    vec![
                        n.metadata.name.clone(),
                        if n.metadata.deletion_timestamp.is_some() {
                            "Terminating".into()
                        } else {
                            "Active".into()
                        },
                        age(now, n.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        Resource::CronJob => {
            for c in scoped(&s.cronjobs, ns, name) {
                let spec = c
                    .spec
                    .job_template
                    .pointer("/spec/template/spec")
                    .cloned()
                    .unwrap_or(Value::Null);
                let (cn, im) = images_of(&spec);
                let selector = c
                    .spec
                    .job_template
                    .pointer("/spec/selector")
                    .and_then(|s| {
                        serde_json::from_value::<crate::api::LabelSelector>(s.clone()).ok()
                    })
                    .map_or("<none>".to_string(), |s| s.to_selector_string());
                out.push(row(
                    &c.metadata,
                    vec![
                        c.metadata.name.clone(),
                        c.spec.schedule.clone(),
                        c.spec.time_zone.clone().unwrap_or("<none>".into()),
                        match c.spec.suspend {
                            Some(true) => "True",
                            Some(false) => "False",
                            None => "<unset>",
                        }
                        .into(),
                        c.status.active.len().to_string(),
                        c.status
                            .last_schedule_time
                            .map_or("<none>".into(), |t| age(now, t)),
                        age(now, c.metadata.creation_timestamp),
                        cn,
                        im,
                        selector,
                    ],
                ));
            }
        }
        Resource::Job => {
            for j in scoped(&s.jobs, ns, name) {
                let (cn, im) = images_of(&j.spec.template.spec);
                let st = &j.status;
                let status = crate::view::job_status(j);
                let completions = match j.spec.completions {
                    Some(c) => format!("{}/{c}", st.succeeded),
                    None => match j.spec.parallelism.unwrap_or(0) {
                        p if p > 1 => format!("{}/1 of {p}", st.succeeded),
                        _ => format!("{}/1", st.succeeded),
                    },
                };
                let duration = match (st.start_time, st.completion_time) {
                    (None, _) => String::new(),
                    (Some(start), None) => age(now, start),
                    (Some(start), Some(end)) => {
                        crate::kubectl::printers::duration::human_duration(end - start)
                    }
                };
                out.push(row(
                    &j.metadata,
                    vec![
                        j.metadata.name.clone(),
                        status.to_string(),
                        completions,
                        duration,
                        age(now, j.metadata.creation_timestamp),
                        cn,
                        im,
                        j.spec.selector().to_selector_string(),
                    ],
                ));
            }
        }
        Resource::DaemonSet => {
            for d in scoped(&s.daemonsets, ns, name) {
                let (cn, im) = images_of(&d.spec.template.spec);
                let st = &d.status;
                // labels.FormatLabels: sorted key=value pairs
                let node_selector = d
                    .spec
                    .template
                    .spec
                    .get("nodeSelector")
                    .and_then(Value::as_object)
                    .filter(|m| !m.is_empty())
                    .map_or("<none>".to_string(), |m| {
                        m.iter()
                            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                            .collect::<Vec<_>>()
                            .join(",")
                    });
                out.push(row(
                    &d.metadata,
                    vec![
                        d.metadata.name.clone(),
                        st.desired_number_scheduled.to_string(),
                        st.current_number_scheduled.to_string(),
                        st.number_ready.to_string(),
                        st.updated_number_scheduled.to_string(),
                        st.number_available.to_string(),
                        node_selector,
                        age(now, d.metadata.creation_timestamp),
                        cn,
                        im,
                        d.spec.selector.to_selector_string(),
                    ],
                ));
            }
        }
        Resource::StatefulSet
        | Resource::ControllerRevision
        | Resource::PersistentVolumeClaim
        | Resource::PersistentVolume
        | Resource::Endpoints => out = stateful::rows(c, r, ns, name),
        Resource::HorizontalPodAutoscaler => {
            for h in scoped(&s.hpas, ns, name) {
                let v = crate::api::autoscaling::hpa_to_value(h);
                out.push(row(
                    &h.metadata,
                    vec![
                        h.metadata.name.clone(),
                        format!("{}/{}", h.target_kind(), h.target_name()),
                        hpa_metrics(&v),
                        v.pointer("/spec/minReplicas")
                            .map_or("<unset>".into(), |m| m.to_string()),
                        h.max_replicas().to_string(),
                        h.status.current_replicas.to_string(),
                        age(now, h.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        // printConfigMap / printSecret (pkg/printers/internalversion/printers.go): DATA counts
        // both of a ConfigMap's maps.
        Resource::ConfigMap => {
            for cm in scoped(&s.configmaps, ns, name) {
                out.push(row(
                    &cm.metadata,
                    vec![
                        cm.metadata.name.clone(),
                        (cm.data.len() + cm.binary_data.len()).to_string(),
                        age(now, cm.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        Resource::Secret => {
            for sec in scoped(&s.secrets, ns, name) {
                out.push(row(
                    &sec.metadata,
                    vec![
                        sec.metadata.name.clone(),
                        sec.type_.clone(),
                        sec.data.len().to_string(),
                        age(now, sec.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        Resource::ServiceAccount => {
            for sa in scoped(&s.serviceaccounts, ns, name) {
                out.push(row(
                    &sa.metadata,
                    vec![
                        sa.metadata.name.clone(),
                        sa.names("secrets").len().to_string(),
                        age(now, sa.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        // printPodDisruptionBudget: `N/A` for the budget field not set
        Resource::PodDisruptionBudget => {
            let text = |v: Option<&Value>| v.map_or("N/A".into(), crate::api::policy::intstr_text);
            for p in scoped(&s.pdbs, ns, name) {
                out.push(row(
                    &p.metadata,
                    vec![
                        p.metadata.name.clone(),
                        text(p.min_available()),
                        text(p.max_unavailable()),
                        p.status.disruptions_allowed.to_string(),
                        age(now, p.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        // printResourceQuota: `resource: used/hard` in resource name order, the `limits.*`
        // ones in LIMIT, the others in REQUEST
        Resource::ResourceQuota => {
            for q in scoped(&s.quotas, ns, name) {
                let used = c.quota_used(q);
                let (mut request, mut limit) = (Vec::new(), Vec::new());
                for (k, h) in q.hard() {
                    let u = used
                        .iter()
                        .find(|(n, _)| *n == k)
                        .map_or("0".into(), |x| crate::api::quota::qty_text(x.1));
                    let cell = format!("{k}: {u}/{}", crate::api::quota::qty_text(h));
                    match k.split_once('.') {
                        Some(("limits", _)) => limit.push(cell),
                        _ => request.push(cell),
                    }
                }
                out.push(row(
                    &q.metadata,
                    vec![
                        q.metadata.name.clone(),
                        age(now, q.metadata.creation_timestamp),
                        request.join(", "),
                        limit.join(", "),
                    ],
                ));
            }
        }
        // printLimitRange: the creation time itself
        Resource::LimitRange => {
            for l in scoped(&s.limitranges, ns, name) {
                out.push(row(
                    &l.metadata,
                    vec![
                        l.metadata.name.clone(),
                        crate::kubectl::printers::timefmt::rfc3339(l.metadata.creation_timestamp),
                    ],
                ));
            }
        }
    }
    out
}

/// The TARGETS column: `formatHPAMetrics` of pkg/printers/internalversion/printers.go (v1.33):
/// `cpu: <unknown>/80%` per metric, at most two, then ` + N more...`.
fn hpa_metrics(v: &Value) -> String {
    let specs = v
        .pointer("/spec/metrics")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if specs.is_empty() {
        return "<none>".into();
    }
    let statuses = v
        .pointer("/status/currentMetrics")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let q = |x: Option<&Value>| match x {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let mut list = Vec::new();
    for (i, m) in specs.iter().enumerate() {
        let st = statuses.get(i);
        let cur = |p: &str| {
            st.and_then(|s| s.pointer(p))
                .filter(|x| !x.is_null())
                .map(|x| q(Some(x)))
        };
        let unknown = || "<unknown>".to_string();
        let ty = m.get("type").and_then(Value::as_str).unwrap_or("");
        let s = match ty {
            "External" | "Object" => {
                let src = if ty == "External" {
                    "external"
                } else {
                    "object"
                };
                let t = m.pointer(&format!("/{src}/target"));
                match t.and_then(|t| t.get("averageValue")) {
                    Some(av) => format!(
                        "{}/{} (avg)",
                        cur(&format!("/{src}/current/averageValue")).unwrap_or_else(unknown),
                        q(Some(av))
                    ),
                    None => format!(
                        "{}/{}",
                        cur(&format!("/{src}/current/value")).unwrap_or_else(unknown),
                        q(t.and_then(|t| t.get("value")))
                    ),
                }
            }
            "Pods" => format!(
                "{}/{}",
                cur("/pods/current/averageValue").unwrap_or_else(unknown),
                q(m.pointer("/pods/target/averageValue"))
            ),
            "Resource" | "ContainerResource" => {
                let src = if ty == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let name = q(m.pointer(&format!("/{src}/name")));
                let t = m.pointer(&format!("/{src}/target"));
                match t.and_then(|t| t.get("averageValue")) {
                    Some(av) => format!(
                        "{name}: {}/{}",
                        cur(&format!("/{src}/current/averageValue")).unwrap_or_else(unknown),
                        q(Some(av))
                    ),
                    None => format!(
                        "{name}: {}/{}",
                        cur(&format!("/{src}/current/averageUtilization"))
                            .map_or_else(unknown, |u| format!("{u}%")),
                        t.and_then(|t| t.get("averageUtilization"))
                            .map_or("<auto>".to_string(), |u| format!("{}%", q(Some(u))))
                    ),
                }
            }
            _ => "<unknown type>".into(),
        };
        list.push(s);
    }
    let count = list.len();
    if count > 2 {
        list.truncate(2);
        return format!("{} + {} more...", list.join(", "), count - 2);
    }
    list.join(", ")
}

/// The kinds of the `all` category that kubeplay serves, in discovery order (core group first).
const ALL: [Resource; 9] = [
    Resource::Pod,
    Resource::Service,
    Resource::DaemonSet,
    Resource::Deployment,
    Resource::ReplicaSet,
    Resource::StatefulSet,
    Resource::HorizontalPodAutoscaler,
    Resource::CronJob,
    Resource::Job,
];

/// The value the API server compares for a field selector key, or `None` when the kind does
/// not support that field label.
fn field_value(r: Resource, obj: &Value, key: &str) -> Option<String> {
    let at = |p: &str| {
        let v = p.split('.').try_fold(obj, |v, k| v.get(k));
        match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let or = |p: &str, d: &str| {
        Some(
            Some(at(p))
                .filter(|s| !s.is_empty())
                .unwrap_or(d.to_string()),
        )
    };
    match (r, key) {
        (_, "metadata.name") => Some(at(key)),
        (Resource::Node | Resource::Namespace, "metadata.namespace") => None,
        (_, "metadata.namespace") => Some(at(key)),
        (Resource::Pod, "spec.nodeName" | "spec.host") => Some(at("spec.nodeName")),
        (
            Resource::Pod,
            "spec.restartPolicy"
            | "spec.schedulerName"
            | "spec.serviceAccountName"
            | "status.phase"
            | "status.nominatedNodeName",
        ) => Some(at(key)),
        (Resource::Secret, "type") => Some(at(key)),
        (Resource::Pod, "spec.hostNetwork") => or("spec.hostNetwork", "false"),
        (Resource::Pod, "status.podIP") => Some(
            obj.pointer("/status/podIPs/0/ip")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        (Resource::Event, "source") => Some(
            Some(at("source.component"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| at("reportingComponent")),
        ),
        (Resource::Event, k)
            if k.starts_with("involvedObject.")
                || matches!(k, "reason" | "type" | "reportingComponent") =>
        {
            matches!(
                k.trim_start_matches("involvedObject."),
                "kind"
                    | "namespace"
                    | "name"
                    | "uid"
                    | "apiVersion"
                    | "resourceVersion"
                    | "fieldPath"
                    | "reason"
                    | "type"
                    | "reportingComponent"
            )
            .then(|| at(k))
        }
        (Resource::ReplicaSet, "status.replicas") => or("status.replicas", "0"),
        (Resource::Node, "spec.unschedulable") => or("spec.unschedulable", "false"),
        (Resource::Namespace, "status.phase") => Some(at(key)),
        _ => None,
    }
}

/// `schema.GroupVersionResource.String()`: `/v1, Resource=pods`, `apps/v1, Resource=deployments`.
fn gvr(r: Resource) -> String {
    format!("{}, Resource={}", r.api_version_gv(), r.plural())
}

/// A parsed `--field-selector`: `key=value`, `key==value`, `key!=value` terms.
pub(crate) fn parse_field_selector(s: &str) -> Result<Vec<(String, bool, String)>, String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (k, eq, v) = if let Some((k, v)) = t.split_once("!=") {
                (k, false, v)
            } else if let Some((k, v)) = t.split_once("==") {
                (k, true, v)
            } else if let Some((k, v)) = t.split_once('=') {
                (k, true, v)
            } else {
                return Err(format!("invalid selector: '{s}'; can't understand '{t}'"));
            };
            Ok((k.trim().to_string(), eq, v.trim().to_string()))
        })
        .collect()
}

/// What `-o` asks for.
enum Format {
    Table { wide: bool },
    Name,
    Yaml,
    Json,
    JsonPath { template: String, as_json: bool },
    Columns(String),
    GoTemplate(String),
}

/// The printer for `-o` (kubectl's `PrintFlags.ToPrinter` errors).
fn format_of(p: &Parsed) -> Result<Format, String> {
    let output = p.get("output").unwrap_or("");
    let (name, arg) = match output.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (output, None),
    };
    let template = || {
        arg.map(str::to_string)
            .or_else(|| p.get("template").map(str::to_string))
            .filter(|t| !t.is_empty())
    };
    let go_template = |t: String| {
        super::gotemplate::parse(&t)
            .map(|_| Format::GoTemplate(t.clone()))
            .map_err(|e| format!("error: error parsing template {t}, {e}"))
    };
    Ok(match name {
        // `--template` without `-o` means go-template (PrintFlags.ToPrinter).
        "" if arg.is_none() && template().is_some() => go_template(template().unwrap_or_default())?,
        "" | "wide" if arg.is_none() => Format::Table { wide: name == "wide" },
        "go-template" | "template" => go_template(
            template().ok_or("error: template format specified but no template given")?,
        )?,
        "name" if arg.is_none() => Format::Name,
        "yaml" if arg.is_none() => Format::Yaml,
        "json" if arg.is_none() => Format::Json,
        "jsonpath" | "jsonpath-as-json" => {
            let t = template().ok_or("error: template format specified but no template given")?;
            jsonpath::parse(&t).map_err(|e| format!("error: error parsing jsonpath {t}, {e}"))?;
            Format::JsonPath { template: t, as_json: name == "jsonpath-as-json" }
        }
        "custom-columns" => {
            let spec = arg.unwrap_or("");
            columns::parse_spec(spec).map_err(|e| format!("error: {e}"))?;
            Format::Columns(spec.to_string())
        }
        "go-template-file" | "templatefile" | "jsonpath-file" | "custom-columns-file" => {
            return Err(format!("error: kubeplay does not implement -o {name}"));
        }
        _ => return Err(format!("error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")),
    })
}

/// One fetched object: its kind, table row and (when a printer or sort needs it) its JSON.
#[derive(Debug, Clone)]
struct Item {
    r: Resource,
    row: Row,
    obj: Value,
}

pub fn get(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "get") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    match render(cluster, &p) {
        (out, Some(start)) => watch::run(cluster, &p, start, out),
        (out, None) => out,
    }
}

/// Prints what `kubectl get` prints, or, for `--watch`/`--watch-only`, checks the request and
/// fetches the initial list the watch starts from (printed by [`watch::run`]).
fn render(cluster: &Cluster, p: &Parsed) -> (CommandOutput, Option<watch::Start>) {
    let mut out = CommandOutput::new();
    let watching = watch::requested(p);
    if watching && p.get("sort-by").is_some_and(|s| !s.is_empty()) {
        // GetOptions.Complete
        out.err("warning: --watch or --watch-only requested, --sort-by will be ignored\n");
    }
    if watching && p.positional.is_empty() {
        // the resource builder of `watch()` (Complete skips the usage error when watching)
        out.fail(format!("error: {NO_RESOURCES}"));
        return (out, None);
    }
    let mut start = None;
    let out = render_list(cluster, p, out, watching, &mut start);
    (out, start)
}

fn render_list(
    cluster: &Cluster,
    p: &Parsed,
    mut out: CommandOutput,
    watching: bool,
    start: &mut Option<watch::Start>,
) -> CommandOutput {
    if p.positional.is_empty() {
        out.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        return out;
    }
    let flag = |n: &str| p.bool(n, false).unwrap_or(false);
    let output = p.get("output").unwrap_or("");
    if flag("show-labels") && !output.is_empty() && output != "wide" {
        out.fail(format!(
            "error: --show-labels option cannot be used with {output} printer"
        ));
        return out;
    }
    if flag("output-watch-events") && !watching {
        // GetOptions.Validate
        out.fail("error: --output-watch-events option can only be used with --watch or --watch-only\nSee 'kubectl get -h' for help and examples");
        return out;
    }
    if watching {
        // the client config is built before the watch talks to the server
        if let Err(e) = watch::request_timeout(p) {
            out.fail(e);
            return out;
        }
    }
    let all_ns = flag("all-namespaces");
    let ns = p.namespace();
    let scope = if all_ns { None } else { Some(ns.as_str()) };
    let label_sel = p.get("selector").map(str::trim).filter(|s| !s.is_empty());
    let field_sel = p
        .get("field-selector")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let positional: Vec<String> = if p.positional[0] == "all" {
        let mut v = vec![ALL.iter().map(|r| r.plural()).collect::<Vec<_>>().join(",")];
        v.extend(p.positional[1..].iter().cloned());
        v
    } else {
        p.positional.clone()
    };
    if label_sel.is_some() || field_sel.is_some() {
        if positional.iter().any(|a| a.contains('/')) {
            out.fail("error: selectors and the all flag cannot be used when passing resource/name arguments");
            return out;
        }
        if positional.len() > 1 {
            out.fail("error: name cannot be provided when a selector is specified");
            return out;
        }
    }
    let targets = match super::resource_args(&positional) {
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // `hpa.v1.autoscaling`: the same objects, served in the autoscaling/v1 form
    let hpa_v1 = positional.iter().any(|a| {
        a.split(['/', ','])
            .any(|t| t.to_lowercase().ends_with(".v1.autoscaling"))
    });
    if watching {
        if let Some(e) = watch::single_type_error(&positional, &targets) {
            out.fail(e);
            return out;
        }
    }
    if targets.iter().any(|(r, _)| *r == Resource::Endpoints) {
        out.err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
    if all_ns && targets.iter().any(|(_, n)| n.is_some()) {
        out.fail("error: a resource cannot be retrieved by name across all namespaces");
        return out;
    }
    let selector = match label_sel.map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            // the API server parses the selector and answers BadRequest
            let r = targets.first().map_or(Resource::Pod, |t| t.0);
            out.fail(super::selector::server_error(
                &gvr(r),
                label_sel.unwrap_or(""),
                field_sel.unwrap_or(""),
                &e,
            ));
            return out;
        }
    };
    let fields = match field_sel.map(parse_field_selector).transpose() {
        Ok(f) => f,
        Err(e) => {
            let r = targets.first().map_or(Resource::Pod, |t| t.0);
            out.fail(format!("Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{}\", field selector \"{}\": {e}", gvr(r), label_sel.unwrap_or(""), field_sel.unwrap_or("")));
            return out;
        }
    };
    let format = format_of(p);
    let single = targets.len() == 1 && targets[0].1.is_some();
    // Objects are built only for what reads them: `-o name` of a plain list prints names (a
    // 65k-pod list would otherwise build every pod's JSON).
    let printer_reads_objects = match format {
        Ok(Format::Table { .. }) => false,
        Ok(Format::Name) => watching,
        _ => true,
    };
    let need_obj = printer_reads_objects || p.has("sort-by") || fields.is_some();

    // Fetch: one list request per kind, one GET per name; errors are reported after output.
    let mut groups: Vec<(Resource, Vec<Item>)> = Vec::new();
    let mut errors = Vec::new();
    for (r, name) in &targets {
        let found = rows(
            cluster,
            *r,
            if r.namespaced() { scope } else { None },
            name.as_deref(),
        );
        if let Some(n) = name {
            if found.is_empty() {
                // watch() does not ignore NotFound, whatever --ignore-not-found says
                if !flag("ignore-not-found") || watching {
                    errors.push(super::not_found_in(cluster, *r, scope, n));
                }
                continue;
            }
        }
        if let (Some(fs), Some(raw)) = (&fields, field_sel) {
            if let Some((k, _, _)) = fs
                .iter()
                .find(|(k, _, _)| field_value(*r, &Value::Null, k).is_none())
            {
                errors.push(format!(
                    "Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{}\", field selector \"{raw}\": field label not supported: {k}",
                    gvr(*r),
                    label_sel.unwrap_or("")
                ));
                continue;
            }
        }
        let mut items = Vec::new();
        for row in found {
            if selector.as_ref().is_some_and(|s| !s.matches(&row.labels)) {
                continue;
            }
            let obj = if need_obj && hpa_v1 && *r == Resource::HorizontalPodAutoscaler {
                cluster
                    .store()
                    .hpas
                    .get(&crate::api::ObjKey::new(
                        row.namespace.clone(),
                        row.name.clone(),
                    ))
                    .map_or(Value::Null, crate::api::autoscaling::hpa_to_v1_value)
            } else if need_obj {
                cluster
                    .object_value(*r, &row.namespace, &row.name)
                    .unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            if fields.as_ref().is_some_and(|fs| {
                fs.iter()
                    .any(|(k, eq, v)| (field_value(*r, &obj, k).unwrap_or_default() == *v) != *eq)
            }) {
                continue;
            }
            items.push(Item { r: *r, row, obj });
        }
        match groups.iter_mut().find(|(k, _)| k == r) {
            Some((_, v)) => v.extend(items),
            None => groups.push((*r, items)),
        }
    }
    if watching {
        // watch(): the builder fails on the first error (no ContinueOnError), then the printer
        if let Some(e) = errors.into_iter().next() {
            out.fail(e);
            return out;
        }
        match format {
            Ok(format) => {
                *start = Some(watch::Start {
                    r: targets[0].0,
                    names: targets.iter().filter_map(|(_, n)| n.clone()).collect(),
                    scope: scope.map(str::to_string),
                    selector,
                    fields,
                    need_obj,
                    format,
                    items: groups.into_iter().flat_map(|(_, v)| v).collect(),
                })
            }
            Err(e) => out.fail(e),
        }
        return out;
    }
    let with_kind = flag("show-kind") || groups.len() > 1;
    let format = match format {
        Ok(f) => f,
        Err(e) => {
            if single && !errors.is_empty() {
                errors.into_iter().for_each(|e| out.fail(e));
            } else {
                out.fail(e);
            }
            return out;
        }
    };
    let sort_by = p.get("sort-by").filter(|s| !s.is_empty());

    if let Format::Table { wide } = format {
        // Each kind is its own table, sorted on its own, all before anything is printed.
        if let Some(sort) = sort_by {
            let field = match columns::relaxed(sort) {
                Ok(f) => f,
                Err(e) => {
                    out.fail(format!("error: {e}"));
                    return out;
                }
            };
            let jp = match jsonpath::parse(&field) {
                Ok(j) => j,
                Err(e) => {
                    out.fail(format!("error: sorting error: {e}"));
                    return out;
                }
            };
            for (r, items) in &mut groups {
                // A GET by name is a one-row table of its own: checked, never reordered.
                let named = targets.iter().any(|(k, n)| k == r && n.is_some());
                let res = if named {
                    items
                        .iter()
                        .try_for_each(|it| match jp.find_results(&it.obj, true) {
                            Ok(v) if v.first().is_some_and(|r| !r.is_empty()) => Ok(()),
                            Ok(_) => Err(no_field(&field)),
                            Err(e) => Err(format!("error: {e}")),
                        })
                } else {
                    sort_items(items, &jp, &field)
                };
                if let Err(e) = res {
                    out.fail(e);
                    return out;
                }
            }
        }
        let mut text = String::new();
        for (r, items) in &groups {
            if items.is_empty() {
                continue;
            }
            if !text.is_empty() && !flag("no-headers") {
                text.push('\n');
            }
            text.push_str(&table(
                *r,
                items,
                p,
                all_ns && r.namespaced(),
                wide,
                with_kind,
            ));
        }
        out.out(text.clone());
        let namespaced = !all_ns && targets.iter().all(|(r, _)| r.namespaced());
        if text.is_empty() && errors.is_empty() && !flag("ignore-not-found") {
            out.err(if namespaced {
                format!("No resources found in {ns} namespace.\n")
            } else {
                "No resources found\n".to_string()
            });
        }
        errors.into_iter().for_each(|e| out.fail(e));
        return out;
    }

    // Generic printers: one object when a single name was asked for, else one List.
    if single && !errors.is_empty() {
        errors.into_iter().for_each(|e| out.fail(e));
        return out;
    }
    let items: Vec<Item> = groups.into_iter().flat_map(|(_, v)| v).collect();
    if (items.is_empty() && flag("ignore-not-found"))
        || print_generic(&mut out, items, single, format, sort_by, p)
    {
        errors.into_iter().for_each(|e| out.fail(e));
    }
    out
}

/// kubectl's `printGeneric`: sorts (lists only) and prints the object or the `List`. Returns
/// false when it failed (the error is already written).
fn print_generic(
    out: &mut CommandOutput,
    mut items: Vec<Item>,
    single: bool,
    format: Format,
    sort_by: Option<&str>,
    p: &Parsed,
) -> bool {
    let as_list = !(single && items.len() == 1);
    if let (Some(sort), true) = (sort_by, as_list && !items.is_empty()) {
        let sorted = columns::relaxed(sort).and_then(|field| {
            let jp = jsonpath::parse(&field)?;
            sort_items(&mut items, &jp, &field)
                .map_err(|e| e.trim_start_matches("error: ").to_string())
        });
        if let Err(e) = sorted {
            out.fail(format!("error: {e}"));
            return false;
        }
    }
    // the object, or the List of them (built only by the printers that read it, from the items)
    let document = |items: Vec<Item>| -> Value {
        let mut objs = items.into_iter().map(|i| i.obj);
        if as_list {
            json!({"apiVersion": "v1", "items": objs.collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
        } else {
            objs.next().unwrap_or_default()
        }
    };
    match format {
        Format::Table { .. } => {}
        Format::Name => items
            .iter()
            .for_each(|i| out.out(format!("{}/{}\n", i.r.qualified_singular(), i.row.name))),
        Format::Yaml => out.out(super::printers::yaml::to_yaml(&document(items))),
        Format::Json => out.out(format!("{}\n", jsonpath::go_json(&document(items), true))),
        Format::JsonPath { template, as_json } => match jsonpath::print(
            &template,
            &document(items),
            as_json,
            p.bool("allow-missing-template-keys", true).unwrap_or(true),
        ) {
            Ok(s) => out.out(s),
            Err(e) => {
                out.fail(format!("error: {e}"));
                return false;
            }
        },
        Format::GoTemplate(t) => match super::gotemplate::render(&t, &document(items)) {
            Ok(s) => out.out(s),
            Err(e) => {
                out.fail(format!("error: error executing template \"{t}\": {e}"));
                return false;
            }
        },
        Format::Columns(spec) => {
            let cols = columns::parse_spec(&spec).unwrap_or_default();
            let objs: Vec<Value> = items.into_iter().map(|i| i.obj).collect();
            match columns::render(&cols, &objs, p.bool("no-headers", false).unwrap_or(false)) {
                Ok(s) => out.out(s),
                Err((partial, e)) => {
                    out.out(partial);
                    out.fail(format!("error: {e}"));
                    return false;
                }
            }
        }
    }
    true
}

fn no_field(field: &str) -> String {
    format!(
        "error: couldn't find any field with path {} in the list of objects",
        jsonpath::go_quote(field)
    )
}

/// The EXTERNAL-IP column (printers.go `getServiceExternalIP`): a LoadBalancer without an
/// ingress (kind runs no load-balancer controller) is `<pending>`, an ExternalName Service shows
/// its DNS name, the others their `externalIPs`.
fn service_external_ip(spec: &Value, ty: &str) -> String {
    let external_ips: Vec<&str> = spec
        .get("externalIPs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match ty {
        "ClusterIP" | "NodePort" | "LoadBalancer" if !external_ips.is_empty() => {
            external_ips.join(",")
        }
        "ClusterIP" | "NodePort" => "<none>".into(),
        "LoadBalancer" => "<pending>".into(),
        "ExternalName" => spec
            .get("externalName")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => "<unknown>".into(),
    }
}

/// kubectl's `--sort-by` over a list of objects or a table's rows: Go's unstable sort on the
/// first JSONPath result, after checking that at least one object has the field.
fn sort_items(items: &mut Vec<Item>, jp: &jsonpath::JsonPath, field: &str) -> Result<(), String> {
    if items.is_empty() {
        return Ok(());
    }
    let mut keyed: Vec<(Option<Value>, usize)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let res = jp
            .find_results(&it.obj, true)
            .map_err(|e| format!("error: {e}"))?;
        keyed.push((res.first().and_then(|r| r.first()).cloned(), i));
    }
    if keyed.iter().all(|(k, _)| k.is_none()) {
        return Err(no_field(field));
    }
    columns::go_sort(&mut keyed, &|a, b| {
        columns::sort_less(a.0.as_ref(), b.0.as_ref())
    });
    let mut old: Vec<Option<Item>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = keyed.iter().filter_map(|k| old[k.1].take()).collect();
    Ok(())
}

/// A table cell as kubectl's table printer writes it: cut at the first line break (marked
/// `...`), terminal escapes neutralised.
fn cell_text(c: &str) -> String {
    match c.find(['\n', '\r', '\x0c']) {
        Some(i) => columns::escape_terminal(&c[..i]) + "...",
        None => columns::escape_terminal(c),
    }
}

fn table(
    r: Resource,
    items: &[Item],
    p: &Parsed,
    with_ns: bool,
    wide: bool,
    with_kind: bool,
) -> String {
    let headers = !p.bool("no-headers", false).unwrap_or(false);
    TabWriter::kubectl_get().format(&table_text(r, items, p, with_ns, wide, with_kind, headers))
}

/// A table as the text kubectl writes to its tabwriter (cells separated by tabs), before any
/// flush: the header line when `headers`, then one line per item.
fn table_text(
    r: Resource,
    items: &[Item],
    p: &Parsed,
    with_ns: bool,
    wide: bool,
    with_kind: bool,
    headers: bool,
) -> String {
    let cols = columns_of(r);
    let shown: Vec<usize> = (0..cols.len()).filter(|&i| wide || !cols[i].1).collect();
    let name_col = cols.iter().position(|c| c.0 == "NAME");
    let label_cols: Vec<String> = p
        .all("label-columns")
        .iter()
        .flat_map(|s| s.split(',').map(str::to_string))
        .collect();
    let show_labels = p.bool("show-labels", false).unwrap_or(false);
    let mut text = String::new();
    if headers {
        let mut h: Vec<String> = Vec::new();
        if with_ns {
            h.push("NAMESPACE".into());
        }
        h.extend(shown.iter().map(|&i| cols[i].0.to_string()));
        h.extend(
            label_cols
                .iter()
                .map(|l| l.rsplit('/').next().unwrap_or(l).to_uppercase()),
        );
        if show_labels {
            h.push("LABELS".into());
        }
        text.push_str(&h.join("\t"));
        text.push('\n');
    }
    for it in items {
        let row = &it.row;
        let mut cells: Vec<String> = Vec::new();
        if with_ns {
            cells.push(row.namespace.clone());
        }
        for &i in &shown {
            let c = row.cells.get(i).cloned().unwrap_or_default();
            cells.push(if with_kind && Some(i) == name_col {
                format!("{}/{c}", r.qualified_singular())
            } else {
                c
            });
        }
        for l in &label_cols {
            cells.push(row.labels.get(l).cloned().unwrap_or_default());
        }
        if show_labels {
            // labels.Set.String(): the `key=value` strings sorted as strings.
            let mut l: Vec<String> = row.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            crate::sort::sort(&mut l);
            cells.push(if l.is_empty() {
                "<none>".into()
            } else {
                l.join(",")
            });
        }
        text.push_str(
            &cells
                .iter()
                .map(|c| cell_text(c))
                .collect::<Vec<_>>()
                .join("\t"),
        );
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ClusterConfig;

    /// Objects a rollout of `web` (2 containers) and of `nginx-deployment` left, trimmed.
    const FIXTURE: &str = r#"{"items": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx-deployment", "namespace": "default", "labels": {"app": "nginx"}, "creationTimestamp": "2025-01-01T00:00:00Z", "annotations": {"deployment.kubernetes.io/revision": "2"}}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}}, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.16.1"}]}}}, "status": {"availableReplicas": 3, "observedGeneration": 2, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3}}, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "tier": "front"}, "creationTimestamp": "2025-01-01T00:00:13Z", "annotations": {"deployment.kubernetes.io/revision": "1"}}, "spec": {"replicas": 12, "selector": {"matchLabels": {"app": "web"}}, "template": {"spec": {"containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}}}, "status": {"availableReplicas": 12, "observedGeneration": 1, "readyReplicas": 12, "replicas": 12, "updatedReplicas": 12}}, {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "nginx-deployment-6b5497b578", "namespace": "default", "labels": {"app": "nginx", "pod-template-hash": "6b5497b578"}, "creationTimestamp": "2025-01-01T00:00:04Z", "annotations": {"deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "2"}, "ownerReferences": [{"kind": "Deployment", "name": "nginx-deployment"}]}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": "6b5497b578"}}, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.16.1"}]}}}, "status": {"availableReplicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 3, "readyReplicas": 3, "replicas": 3}}, {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "nginx-deployment-79f7798cb5", "namespace": "default", "labels": {"app": "nginx", "pod-template-hash": "79f7798cb5"}, "creationTimestamp": "2025-01-01T00:00:00Z", "annotations": {"deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "1"}, "ownerReferences": [{"kind": "Deployment", "name": "nginx-deployment"}]}, "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": "79f7798cb5"}}, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]}}}, "status": {"observedGeneration": 4, "replicas": 0}}, {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web-6b8949ff6c", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "6b8949ff6c"}, "creationTimestamp": "2025-01-01T00:00:13Z", "annotations": {"deployment.kubernetes.io/desired-replicas": "12", "deployment.kubernetes.io/max-replicas": "15", "deployment.kubernetes.io/revision": "1"}, "ownerReferences": [{"kind": "Deployment", "name": "web"}]}, "spec": {"replicas": 12, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "6b8949ff6c"}}, "template": {"spec": {"containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}}}, "status": {"availableReplicas": 12, "fullyLabeledReplicas": 12, "observedGeneration": 1, "readyReplicas": 12, "replicas": 12}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw", "namespace": "default", "labels": {"app": "nginx", "pod-template-hash": "6b5497b578"}, "creationTimestamp": "2025-01-01T00:00:04Z"}, "spec": {"nodeName": "node-1", "containers": [{"name": "nginx", "image": "nginx:1.16.1"}]}, "status": {"phase": "Running", "podIP": "10.244.1.3", "podIPs": [{"ip": "10.244.1.3"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx-deployment-6b5497b578-nldds", "namespace": "default", "labels": {"app": "nginx", "pod-template-hash": "6b5497b578"}, "creationTimestamp": "2025-01-01T00:00:12Z"}, "spec": {"nodeName": "node-1", "containers": [{"name": "nginx", "image": "nginx:1.16.1"}]}, "status": {"phase": "Running", "podIP": "10.244.1.4", "podIPs": [{"ip": "10.244.1.4"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj", "namespace": "default", "labels": {"app": "nginx", "pod-template-hash": "6b5497b578"}, "creationTimestamp": "2025-01-01T00:00:08Z"}, "spec": {"nodeName": "node-2", "containers": [{"name": "nginx", "image": "nginx:1.16.1"}]}, "status": {"phase": "Running", "podIP": "10.244.2.3", "podIPs": [{"ip": "10.244.2.3"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-6b8949ff6c-4k6br", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "6b8949ff6c"}, "creationTimestamp": "2025-01-01T00:00:13Z"}, "spec": {"nodeName": "node-3", "containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}, "status": {"phase": "Running", "podIP": "10.244.3.6", "podIPs": [{"ip": "10.244.3.6"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-6b8949ff6c-7kgk6", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "6b8949ff6c"}, "creationTimestamp": "2025-01-01T00:00:13Z"}, "spec": {"nodeName": "node-2", "containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}, "status": {"phase": "Running", "podIP": "10.244.2.5", "podIPs": [{"ip": "10.244.2.5"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-6b8949ff6c-9zvnc", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "6b8949ff6c"}, "creationTimestamp": "2025-01-01T00:00:13Z"}, "spec": {"nodeName": "node-2", "containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}, "status": {"phase": "Running", "podIP": "10.244.2.7", "podIPs": [{"ip": "10.244.2.7"}]}}, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-6b8949ff6c-btbtv", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "6b8949ff6c"}, "creationTimestamp": "2025-01-01T00:00:13Z"}, "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "httpd:2.4"}, {"name": "side", "image": "busybox"}]}, "status": {"phase": "Running", "podIP": "10.244.1.7", "podIPs": [{"ip": "10.244.1.7"}]}}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw.1816687faec22800", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-k88pw"}, "reason": "Scheduled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:04Z", "message": "Successfully assigned default/nginx-deployment-6b5497b578-k88pw to node-1"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw.1816687faec22801", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-k88pw"}, "reason": "Pulling", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:04Z", "message": "Pulling image \"nginx:1.16.1\""}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw.1816688061928600", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-k88pw"}, "reason": "Pulled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:07Z", "message": "Successfully pulled image \"nginx:1.16.1\" in 3s (3s including waiting). Image size: 31953762 bytes."}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw.181668809d2d5000", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-k88pw"}, "reason": "Created", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:08Z", "message": "Created container: nginx"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-k88pw.181668809d2d5001", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-k88pw"}, "reason": "Started", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:08Z", "message": "Started container nginx"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-nldds.181668818b987800", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-nldds"}, "reason": "Scheduled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:12Z", "message": "Successfully assigned default/nginx-deployment-6b5497b578-nldds to node-1"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-nldds.181668818b987801", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-nldds"}, "reason": "Pulled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:12Z", "message": "Container image \"nginx:1.16.1\" already present on machine"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-nldds.18166881c7334200", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-nldds"}, "reason": "Created", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:13Z", "message": "Created container: nginx"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-nldds.18166881c7334201", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-nldds"}, "reason": "Started", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:13Z", "message": "Started container nginx"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj.181668809d2d5000", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-rb7qj"}, "reason": "Scheduled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:08Z", "message": "Successfully assigned default/nginx-deployment-6b5497b578-rb7qj to node-2"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj.181668809d2d5001", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-rb7qj"}, "reason": "Pulling", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:08Z", "message": "Pulling image \"nginx:1.16.1\""}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj.181668814ffdae00", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-rb7qj"}, "reason": "Pulled", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:11Z", "message": "Successfully pulled image \"nginx:1.16.1\" in 3s (3s including waiting). Image size: 31953762 bytes."}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj.181668818b987800", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-rb7qj"}, "reason": "Created", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:12Z", "message": "Created container: nginx"}, {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nginx-deployment-6b5497b578-rb7qj.181668818b987801", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "nginx-deployment-6b5497b578-rb7qj"}, "reason": "Started", "type": "Normal", "count": 1, "lastTimestamp": "2025-01-01T00:00:12Z", "message": "Started container nginx"}]}"#;

    /// (kinds, name, flags, stdout+stderr, exit code): kubectl v1.33 `get <kinds> [name] <flags>`
    /// against a read-only API serving `FIXTURE`.
    const GOLDEN: &[(&str, &str, &str, &str, i32)] = &[
        ("pods", "", "-o name", "pod/nginx-deployment-6b5497b578-k88pw\npod/nginx-deployment-6b5497b578-nldds\npod/nginx-deployment-6b5497b578-rb7qj\npod/web-6b8949ff6c-4k6br\npod/web-6b8949ff6c-7kgk6\npod/web-6b8949ff6c-9zvnc\npod/web-6b8949ff6c-btbtv\n", 0),
        ("pods", "", "--sort-by=.spec.nodeName -o name", "pod/nginx-deployment-6b5497b578-k88pw\npod/nginx-deployment-6b5497b578-nldds\npod/web-6b8949ff6c-btbtv\npod/nginx-deployment-6b5497b578-rb7qj\npod/web-6b8949ff6c-7kgk6\npod/web-6b8949ff6c-9zvnc\npod/web-6b8949ff6c-4k6br\n", 0),
        ("pods", "", "-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP,IMAGES:.spec.containers[*].image,GONE:.foo", "NAME                                NODE     IP           IMAGES              GONE\nnginx-deployment-6b5497b578-k88pw   node-1   10.244.1.3   nginx:1.16.1        <none>\nnginx-deployment-6b5497b578-nldds   node-1   10.244.1.4   nginx:1.16.1        <none>\nnginx-deployment-6b5497b578-rb7qj   node-2   10.244.2.3   nginx:1.16.1        <none>\nweb-6b8949ff6c-4k6br                node-3   10.244.3.6   httpd:2.4,busybox   <none>\nweb-6b8949ff6c-7kgk6                node-2   10.244.2.5   httpd:2.4,busybox   <none>\nweb-6b8949ff6c-9zvnc                node-2   10.244.2.7   httpd:2.4,busybox   <none>\nweb-6b8949ff6c-btbtv                node-1   10.244.1.7   httpd:2.4,busybox   <none>\n", 0),
        ("deploy,rs", "", "-o custom-columns=KIND:.kind,NAME:.metadata.name,R:.spec.replicas --no-headers", "Deployment   nginx-deployment              3\nDeployment   web                           12\nReplicaSet   nginx-deployment-6b5497b578   3\nReplicaSet   nginx-deployment-79f7798cb5   0\nReplicaSet   web-6b8949ff6c                12\n", 0),
        ("deploy,rs", "", "-o yaml", "apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    annotations:\n      deployment.kubernetes.io/revision: \"2\"\n    creationTimestamp: \"2025-01-01T00:00:00Z\"\n    labels:\n      app: nginx\n    name: nginx-deployment\n    namespace: default\n  spec:\n    replicas: 3\n    selector:\n      matchLabels:\n        app: nginx\n    template:\n      spec:\n        containers:\n        - image: nginx:1.16.1\n          name: nginx\n  status:\n    availableReplicas: 3\n    observedGeneration: 2\n    readyReplicas: 3\n    replicas: 3\n    updatedReplicas: 3\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    annotations:\n      deployment.kubernetes.io/revision: \"1\"\n    creationTimestamp: \"2025-01-01T00:00:13Z\"\n    labels:\n      app: web\n      tier: front\n    name: web\n    namespace: default\n  spec:\n    replicas: 12\n    selector:\n      matchLabels:\n        app: web\n    template:\n      spec:\n        containers:\n        - image: httpd:2.4\n          name: web\n        - image: busybox\n          name: side\n  status:\n    availableReplicas: 12\n    observedGeneration: 1\n    readyReplicas: 12\n    replicas: 12\n    updatedReplicas: 12\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"3\"\n      deployment.kubernetes.io/max-replicas: \"4\"\n      deployment.kubernetes.io/revision: \"2\"\n    creationTimestamp: \"2025-01-01T00:00:04Z\"\n    labels:\n      app: nginx\n      pod-template-hash: 6b5497b578\n    name: nginx-deployment-6b5497b578\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: nginx-deployment\n  spec:\n    replicas: 3\n    selector:\n      matchLabels:\n        app: nginx\n        pod-template-hash: 6b5497b578\n    template:\n      spec:\n        containers:\n        - image: nginx:1.16.1\n          name: nginx\n  status:\n    availableReplicas: 3\n    fullyLabeledReplicas: 3\n    observedGeneration: 3\n    readyReplicas: 3\n    replicas: 3\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"3\"\n      deployment.kubernetes.io/max-replicas: \"4\"\n      deployment.kubernetes.io/revision: \"1\"\n    creationTimestamp: \"2025-01-01T00:00:00Z\"\n    labels:\n      app: nginx\n      pod-template-hash: 79f7798cb5\n    name: nginx-deployment-79f7798cb5\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: nginx-deployment\n  spec:\n    replicas: 0\n    selector:\n      matchLabels:\n        app: nginx\n        pod-template-hash: 79f7798cb5\n    template:\n      spec:\n        containers:\n        - image: nginx:1.14.2\n          name: nginx\n  status:\n    observedGeneration: 4\n    replicas: 0\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"12\"\n      deployment.kubernetes.io/max-replicas: \"15\"\n      deployment.kubernetes.io/revision: \"1\"\n    creationTimestamp: \"2025-01-01T00:00:13Z\"\n    labels:\n      app: web\n      pod-template-hash: 6b8949ff6c\n    name: web-6b8949ff6c\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: web\n  spec:\n    replicas: 12\n    selector:\n      matchLabels:\n        app: web\n        pod-template-hash: 6b8949ff6c\n    template:\n      spec:\n        containers:\n        - image: httpd:2.4\n          name: web\n        - image: busybox\n          name: side\n  status:\n    availableReplicas: 12\n    fullyLabeledReplicas: 12\n    observedGeneration: 1\n    readyReplicas: 12\n    replicas: 12\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", 0),
        ("deploy", "web", "-o json", "{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"Deployment\",\n    \"metadata\": {\n        \"annotations\": {\n            \"deployment.kubernetes.io/revision\": \"1\"\n        },\n        \"creationTimestamp\": \"2025-01-01T00:00:13Z\",\n        \"labels\": {\n            \"app\": \"web\",\n            \"tier\": \"front\"\n        },\n        \"name\": \"web\",\n        \"namespace\": \"default\"\n    },\n    \"spec\": {\n        \"replicas\": 12,\n        \"selector\": {\n            \"matchLabels\": {\n                \"app\": \"web\"\n            }\n        },\n        \"template\": {\n            \"spec\": {\n                \"containers\": [\n                    {\n                        \"image\": \"httpd:2.4\",\n                        \"name\": \"web\"\n                    },\n                    {\n                        \"image\": \"busybox\",\n                        \"name\": \"side\"\n                    }\n                ]\n            }\n        }\n    },\n    \"status\": {\n        \"availableReplicas\": 12,\n        \"observedGeneration\": 1,\n        \"readyReplicas\": 12,\n        \"replicas\": 12,\n        \"updatedReplicas\": 12\n    }\n}\n", 0),
        ("deploy", "web", "-o jsonpath={.status}", "{\"availableReplicas\":12,\"observedGeneration\":1,\"readyReplicas\":12,\"replicas\":12,\"updatedReplicas\":12}", 0),
        ("pods", "", "-o jsonpath={range.items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}", "nginx-deployment-6b5497b578-k88pw\tRunning\nnginx-deployment-6b5497b578-nldds\tRunning\nnginx-deployment-6b5497b578-rb7qj\tRunning\nweb-6b8949ff6c-4k6br\tRunning\nweb-6b8949ff6c-7kgk6\tRunning\nweb-6b8949ff6c-9zvnc\tRunning\nweb-6b8949ff6c-btbtv\tRunning\n", 0),
        ("pods", "", "-o jsonpath-as-json={.items[*].status.podIP}", "[\n    \"10.244.1.3\",\n    \"10.244.1.4\",\n    \"10.244.2.3\",\n    \"10.244.3.6\",\n    \"10.244.2.5\",\n    \"10.244.2.7\",\n    \"10.244.1.7\"\n]\n", 0),
        ("events", "", "--sort-by=.lastTimestamp -o custom-columns=T:.lastTimestamp,R:.reason,N:.metadata.name", "T                      R           N\n2025-01-01T00:00:04Z   Scheduled   nginx-deployment-6b5497b578-k88pw.1816687faec22800\n2025-01-01T00:00:04Z   Pulling     nginx-deployment-6b5497b578-k88pw.1816687faec22801\n2025-01-01T00:00:07Z   Pulled      nginx-deployment-6b5497b578-k88pw.1816688061928600\n2025-01-01T00:00:08Z   Scheduled   nginx-deployment-6b5497b578-rb7qj.181668809d2d5000\n2025-01-01T00:00:08Z   Started     nginx-deployment-6b5497b578-k88pw.181668809d2d5001\n2025-01-01T00:00:08Z   Created     nginx-deployment-6b5497b578-k88pw.181668809d2d5000\n2025-01-01T00:00:08Z   Pulling     nginx-deployment-6b5497b578-rb7qj.181668809d2d5001\n2025-01-01T00:00:11Z   Pulled      nginx-deployment-6b5497b578-rb7qj.181668814ffdae00\n2025-01-01T00:00:12Z   Scheduled   nginx-deployment-6b5497b578-nldds.181668818b987800\n2025-01-01T00:00:12Z   Pulled      nginx-deployment-6b5497b578-nldds.181668818b987801\n2025-01-01T00:00:12Z   Created     nginx-deployment-6b5497b578-rb7qj.181668818b987800\n2025-01-01T00:00:12Z   Started     nginx-deployment-6b5497b578-rb7qj.181668818b987801\n2025-01-01T00:00:13Z   Created     nginx-deployment-6b5497b578-nldds.18166881c7334200\n2025-01-01T00:00:13Z   Started     nginx-deployment-6b5497b578-nldds.18166881c7334201\n", 0),
        ("events", "", "--sort-by=.reason -o name", "event/nginx-deployment-6b5497b578-k88pw.181668809d2d5000\nevent/nginx-deployment-6b5497b578-rb7qj.181668818b987800\nevent/nginx-deployment-6b5497b578-nldds.18166881c7334200\nevent/nginx-deployment-6b5497b578-nldds.181668818b987801\nevent/nginx-deployment-6b5497b578-k88pw.1816688061928600\nevent/nginx-deployment-6b5497b578-rb7qj.181668814ffdae00\nevent/nginx-deployment-6b5497b578-rb7qj.181668809d2d5001\nevent/nginx-deployment-6b5497b578-k88pw.1816687faec22801\nevent/nginx-deployment-6b5497b578-nldds.181668818b987800\nevent/nginx-deployment-6b5497b578-k88pw.1816687faec22800\nevent/nginx-deployment-6b5497b578-rb7qj.181668809d2d5000\nevent/nginx-deployment-6b5497b578-k88pw.181668809d2d5001\nevent/nginx-deployment-6b5497b578-nldds.18166881c7334201\nevent/nginx-deployment-6b5497b578-rb7qj.181668818b987801\n", 0),
        ("rs", "", "--sort-by=.spec.replicas -o name", "replicaset.apps/nginx-deployment-79f7798cb5\nreplicaset.apps/nginx-deployment-6b5497b578\nreplicaset.apps/web-6b8949ff6c\n", 0),
        ("rs", "", "-o yaml --sort-by=.status.readyReplicas", "apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"3\"\n      deployment.kubernetes.io/max-replicas: \"4\"\n      deployment.kubernetes.io/revision: \"1\"\n    creationTimestamp: \"2025-01-01T00:00:00Z\"\n    labels:\n      app: nginx\n      pod-template-hash: 79f7798cb5\n    name: nginx-deployment-79f7798cb5\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: nginx-deployment\n  spec:\n    replicas: 0\n    selector:\n      matchLabels:\n        app: nginx\n        pod-template-hash: 79f7798cb5\n    template:\n      spec:\n        containers:\n        - image: nginx:1.14.2\n          name: nginx\n  status:\n    observedGeneration: 4\n    replicas: 0\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"3\"\n      deployment.kubernetes.io/max-replicas: \"4\"\n      deployment.kubernetes.io/revision: \"2\"\n    creationTimestamp: \"2025-01-01T00:00:04Z\"\n    labels:\n      app: nginx\n      pod-template-hash: 6b5497b578\n    name: nginx-deployment-6b5497b578\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: nginx-deployment\n  spec:\n    replicas: 3\n    selector:\n      matchLabels:\n        app: nginx\n        pod-template-hash: 6b5497b578\n    template:\n      spec:\n        containers:\n        - image: nginx:1.16.1\n          name: nginx\n  status:\n    availableReplicas: 3\n    fullyLabeledReplicas: 3\n    observedGeneration: 3\n    readyReplicas: 3\n    replicas: 3\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    annotations:\n      deployment.kubernetes.io/desired-replicas: \"12\"\n      deployment.kubernetes.io/max-replicas: \"15\"\n      deployment.kubernetes.io/revision: \"1\"\n    creationTimestamp: \"2025-01-01T00:00:13Z\"\n    labels:\n      app: web\n      pod-template-hash: 6b8949ff6c\n    name: web-6b8949ff6c\n    namespace: default\n    ownerReferences:\n    - kind: Deployment\n      name: web\n  spec:\n    replicas: 12\n    selector:\n      matchLabels:\n        app: web\n        pod-template-hash: 6b8949ff6c\n    template:\n      spec:\n        containers:\n        - image: httpd:2.4\n          name: web\n        - image: busybox\n          name: side\n  status:\n    availableReplicas: 12\n    fullyLabeledReplicas: 12\n    observedGeneration: 1\n    readyReplicas: 12\n    replicas: 12\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", 0),
        ("deploy,rs,pods", "", "--sort-by=metadata.name -o name", "deployment.apps/nginx-deployment\nreplicaset.apps/nginx-deployment-6b5497b578\npod/nginx-deployment-6b5497b578-k88pw\npod/nginx-deployment-6b5497b578-nldds\npod/nginx-deployment-6b5497b578-rb7qj\nreplicaset.apps/nginx-deployment-79f7798cb5\ndeployment.apps/web\nreplicaset.apps/web-6b8949ff6c\npod/web-6b8949ff6c-4k6br\npod/web-6b8949ff6c-7kgk6\npod/web-6b8949ff6c-9zvnc\npod/web-6b8949ff6c-btbtv\n", 0),
        ("pods", "", "--sort-by=.foo -o name", "error: couldn't find any field with path \"{.foo}\" in the list of objects\n", 1),
        ("pods", "", "--sort-by={.foo -o name", "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n", 1),
        ("deploy", "web", "-o custom-columns=A:.a[x]", "A\nerror: invalid array index x\n", 1),
        ("deploy", "web", "-o jsonpath={.spec.replicas} --sort-by=.foo", "12", 0),
    ];

    fn items(kinds: &str, name: &str) -> Vec<Item> {
        let all: Value = serde_json::from_str(FIXTURE).unwrap();
        let mut out = Vec::new();
        for (r, _) in crate::kubectl::resource_args(&[kinds.to_string()]).unwrap() {
            for o in all["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["kind"] == r.kind())
            {
                let m = &o["metadata"];
                if name.is_empty() || m["name"] == name {
                    let row = Row {
                        namespace: "default".into(),
                        name: m["name"].as_str().unwrap().into(),
                        labels: Default::default(),
                        cells: Vec::new(),
                    };
                    out.push(Item {
                        r,
                        row,
                        obj: o.clone(),
                    });
                }
            }
        }
        out
    }

    #[test]
    fn generic_printers_match_kubectl() {
        for (kinds, name, flags, want, code) in GOLDEN {
            let words: Vec<String> = flags.split(' ').map(str::to_string).collect();
            let p = args::parse(&words, FLAGS, "get").unwrap();
            let mut out = CommandOutput::new();
            let format = format_of(&p).unwrap();
            print_generic(
                &mut out,
                items(kinds, name),
                !name.is_empty(),
                format,
                p.get("sort-by"),
                &p,
            );
            assert_eq!(
                (out.combined(), out.exit_code),
                (want.to_string(), *code),
                "get {kinds} {name} {flags}"
            );
        }
    }

    /// Errors that do not depend on the cluster's objects, as kubectl v1.33 prints them.
    #[test]
    fn errors() {
        let mut c = Cluster::new(ClusterConfig::default());
        let cases: &[(&str, &str)] = &[
            ("get pods -o foo", "error: unable to match a printer suitable for the output format \"foo\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"),
            ("get pods -o jsonpath", "error: template format specified but no template given\n"),
            ("get pods -o custom-columns=", "error: custom-columns format specified but no custom columns given\n"),
            ("get pods -o custom-columns=abc", "error: unexpected custom-columns spec: abc, expected <header>:<json-path-expr>\n"),
            ("get pods -o jsonpath={.a", "error: error parsing jsonpath {.a, unclosed action\n"),
            ("get pod nope -o yaml", "Error from server (NotFound): pods \"nope\" not found\n"),
            ("get pod nope -o name --ignore-not-found", ""),
            ("get pods -o name", ""),
            ("get pods -o yaml", "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"),
            ("get pods -o custom-columns=N:.metadata.name", "N\n"),
            ("get pods -o jsonpath-as-json={.items}", "[\n    []\n]\n"),
            ("get pods --sort-by=.foo", "No resources found in default namespace.\n"),
            ("get pods -A", "No resources found\n"),
            ("get pod x --field-selector a=b", "error: name cannot be provided when a selector is specified\n"),
            ("get pods -o yaml --show-labels", "error: --show-labels option cannot be used with yaml printer\n"),
            (
                "get pods --field-selector foo=bar",
                "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"foo=bar\": field label not supported: foo\n",
            ),
            (
                "get deploy -l app=x --field-selector status.phase=Running",
                "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"app=x\", field selector \"status.phase=Running\": field label not supported: status.phase\n",
            ),
        ];
        for (cmd, want) in cases {
            let words: Vec<String> = cmd.split(' ').skip(1).map(str::to_string).collect();
            assert_eq!(get(&mut c, &words).combined(), *want, "{cmd}");
        }
    }

    /// Table layout: label columns, kind prefixes, the blank line between kinds (none with
    /// `--no-headers`), the events' wide columns.
    #[test]
    fn tables() {
        let row = |name: &str, cells: &[&str], labels: &[(&str, &str)]| Row {
            namespace: "default".into(),
            name: name.into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        let item = |r, row| Item {
            r,
            row,
            obj: Value::Null,
        };
        let deps = [item(
            Resource::Deployment,
            row(
                "web",
                &["web", "2/2", "2", "2", "5s", "c", "img", "app=web"],
                &[("app", "web"), ("app.kubernetes.io/tier", "fe")],
            ),
        )];
        let p = args::parse(
            &[
                "-L".into(),
                "app,app.kubernetes.io/tier".into(),
                "--show-labels".into(),
            ],
            FLAGS,
            "get",
        )
        .unwrap();
        assert_eq!(
            table(Resource::Deployment, &deps, &p, false, false, true),
            "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   APP   TIER   LABELS\ndeployment.apps/web   2/2     2            2           5s    web   fe     app.kubernetes.io/tier=fe,app=web\n"
        );
        let ev = [item(
            Resource::Event,
            row(
                "web.1",
                &[
                    "5s",
                    "Normal",
                    "ScalingReplicaSet",
                    "deployment/web",
                    "",
                    "deployment-controller",
                    "Scaled up",
                    "9s",
                    "2",
                    "web.1",
                ],
                &[],
            ),
        )];
        let wide = args::parse(&["-A".into()], FLAGS, "get").unwrap();
        assert_eq!(
            table(Resource::Event, &ev, &wide, true, true, false),
            "NAMESPACE   LAST SEEN   TYPE     REASON              OBJECT           SUBOBJECT   SOURCE                  MESSAGE     FIRST SEEN   COUNT   NAME\ndefault     5s          Normal   ScalingReplicaSet   deployment/web               deployment-controller   Scaled up   9s           2       web.1\n"
        );
        assert_eq!(
            table(Resource::Event, &ev, &args::parse(&[], FLAGS, "get").unwrap(), false, false, false),
            "LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n5s          Normal   ScalingReplicaSet   deployment/web   Scaled up\n"
        );
    }
}
