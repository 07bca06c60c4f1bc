//! `kubectl cordon`, `uncordon` and `drain` (k8s.io/kubectl/pkg/drain): cordon sets
//! `spec.unschedulable`; drain cordons, then evicts the node's pods through the eviction API
//! (graceful deletion) and waits, polling every second of virtual time, until they are gone.

use super::args::{self, boolean, flag, short, Parsed};
use super::patch::{dry_run, dry_suffix};
use super::printers::duration::{go_duration, parse_go_duration};
use super::resource::Resource;
use super::selector::Selector;
use crate::api::ObjKey;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;
use std::collections::BTreeMap;

const CORDON_FLAGS: &[args::Flag] = &[flag("dry-run"), short("selector", 'l')];

const DRAIN_FLAGS: &[args::Flag] = &[
    flag("chunk-size"),
    boolean("delete-emptydir-data"),
    boolean("disable-eviction"),
    flag("dry-run"),
    boolean("force"),
    flag("grace-period"),
    boolean("ignore-daemonsets"),
    flag("pod-selector"),
    short("selector", 'l'),
    flag("skip-wait-for-delete-timeout"),
    flag("timeout"),
];

/// How long drain waits when `--timeout` is not given (kubectl would wait forever).
const WAIT_CAP_MS: i64 = 3_600_000;

pub fn cordon(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    cordon_cmd(cluster, raw, "cordon", true)
}

pub fn uncordon(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    cordon_cmd(cluster, raw, "uncordon", false)
}

fn cordon_cmd(
    cluster: &mut Cluster,
    raw: &[String],
    command: &str,
    desired: bool,
) -> CommandOutput {
    let p = match args::parse(raw, CORDON_FLAGS, command) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failure(format!("error: {}", fail_text(e))),
    };
    match nodes(cluster, &p, command) {
        Ok(names) => set_unschedulable(cluster, &names, desired, dry, &mut out),
        Err(e) => out.fail(e),
    }
    out
}

fn fail_text(e: super::patch::Fail) -> String {
    match e {
        super::patch::Fail::Plain(m) | super::patch::Fail::Server(m) => m,
    }
}

/// The nodes named by the arguments or `-l`, with the builder's errors (full text).
fn nodes(cluster: &Cluster, p: &Parsed, command: &str) -> Result<Vec<String>, String> {
    let usage = format!("See 'kubectl {command} -h' for help and examples");
    let selector = p.get("selector").filter(|s| !s.is_empty());
    if p.positional.is_empty() && !p.has("selector") {
        return Err(format!("error: USAGE: {command} NODE [flags]\n{usage}"));
    }
    if !p.positional.is_empty() && selector.is_some() {
        return Err(format!(
            "error: cannot specify both a node name and a --selector option\n{usage}"
        ));
    }
    let mut names = Vec::new();
    for a in &p.positional {
        let (r, name) = match a.split_once('/') {
            Some((t, n)) => (
                Resource::parse(t).ok_or_else(|| {
                    format!("error: the server doesn't have a resource type \"{t}\"")
                })?,
                n,
            ),
            None => (Resource::Node, a.as_str()),
        };
        let ns = p.namespace();
        if cluster.object_value(r, &ns, name).is_none() {
            return Err(super::not_found(r, name));
        }
        if r != Resource::Node {
            let group = if r.group().is_empty() {
                String::new()
            } else {
                r.group().to_string()
            };
            return Err(format!(
                "error: expected resource of type node, got \"{group}/v1, Resource={}\"",
                r.plural()
            ));
        }
        names.push(name.to_string());
    }
    if let Some(sel) = selector {
        let sel = Selector::parse(sel).map_err(|e| {
            super::selector::server_error(&super::selector::gvr(Resource::Node), sel.trim(), "", &e)
        })?;
        for (name, node) in &cluster.store().nodes {
            if sel.matches(&node.metadata.labels) {
                names.push(name.clone());
            }
        }
    }
    Ok(names)
}

/// RunCordonOrUncordon: `node/x cordoned`, `node/x already cordoned`, …
fn set_unschedulable(
    cluster: &mut Cluster,
    names: &[String],
    desired: bool,
    dry: Option<&str>,
    out: &mut CommandOutput,
) {
    let verb = if desired { "cordon" } else { "uncordon" };
    for name in names {
        let Some(mut node) = cluster.object_value(Resource::Node, "", name) else {
            continue;
        };
        let current = node
            .pointer("/spec/unschedulable")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if current == desired {
            out.out(format!("node/{name} already {verb}ed{}\n", dry_suffix(dry)));
            continue;
        }
        if dry.is_none() {
            if let Some(spec) = node.get_mut("spec").and_then(Value::as_object_mut) {
                if desired {
                    spec.insert("unschedulable".into(), Value::Bool(true));
                } else {
                    spec.remove("unschedulable");
                }
            }
            if let Err(e) = cluster.update_value(node) {
                out.err(format!(
                    "error: unable to {verb} node \"{name}\": {}\n",
                    e.to_kubectl()
                ));
                continue;
            }
        }
        out.out(format!("node/{name} {verb}ed{}\n", dry_suffix(dry)));
    }
}

/// drain's options after parsing.
struct Drain {
    force: bool,
    ignore_daemonsets: bool,
    delete_emptydir: bool,
    disable_eviction: bool,
    grace: Option<i64>,
    timeout_ms: i64,
    pod_selector: Option<Selector>,
    dry: Option<&'static str>,
}

pub fn drain(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, DRAIN_FLAGS, "drain") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let see = "See 'kubectl drain --help' for usage.";
    let grace = match p.get("grace-period").map(str::parse::<i64>) {
        None => -1,
        Some(Ok(g)) => g,
        Some(Err(_)) => {
            let v = p.get("grace-period").unwrap_or("");
            return CommandOutput::failure(format!("error: invalid argument \"{v}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\n{see}"));
        }
    };
    let timeout_ms = match p.get("timeout").map(parse_go_duration) {
        None => 0,
        Some(Ok(ms)) => ms as i64,
        Some(Err(e)) => {
            let v = p.get("timeout").unwrap_or("");
            return CommandOutput::failure(format!(
                "error: invalid argument \"{v}\" for \"--timeout\" flag: {e}\n{see}"
            ));
        }
    };
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => {
            out.fail(format!("error: {}", fail_text(e)));
            return out;
        }
    };
    let pod_selector = match p
        .get("pod-selector")
        .filter(|s| !s.is_empty())
        .map(Selector::parse)
        .transpose()
    {
        Ok(s) => s,
        Err(_) => {
            // drain's Complete parses the pod selector itself
            out.fail("error: --pod-selector=<pod_selector> must be a valid label selector");
            return out;
        }
    };
    let flag = |n: &str| p.bool(n, false).unwrap_or(false);
    let d = Drain {
        force: flag("force"),
        ignore_daemonsets: flag("ignore-daemonsets"),
        delete_emptydir: flag("delete-emptydir-data"),
        disable_eviction: flag("disable-eviction"),
        grace: (grace >= 0).then_some(grace),
        timeout_ms,
        pod_selector,
        dry,
    };
    let names = match nodes(cluster, &p, "drain") {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    set_unschedulable(cluster, &names, true, dry, &mut out);
    let mut fatal: Vec<Vec<String>> = Vec::new();
    let mut remaining = Vec::new();
    for name in &names {
        match drain_node(cluster, name, &d, &mut out) {
            Ok(()) => out.out(format!("node/{name} drained{}\n", dry_suffix(dry))),
            Err(errs) => {
                out.err(format!("error: unable to drain node \"{name}\" due to error: {}, continuing command...\n", aggregate(&errs)));
                fatal.push(errs);
                remaining.push(name.clone());
            }
        }
    }
    if !remaining.is_empty() {
        let list: String = remaining.iter().map(|n| format!(" {n}\n")).collect();
        out.err(format!("There are pending nodes to be drained:\n{list}"));
        let lines: Vec<String> = match fatal.as_slice() {
            [one] => one.clone(),
            many => many.iter().map(|e| aggregate(e)).collect(),
        };
        out.fail(lines.join("\n"));
    }
    out
}

/// utilerrors.Aggregate's text: the message, or `[a, b]`.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// One pod on the node and what the drain filters decided.
struct Candidate {
    key: ObjKey,
    uid: String,
    verdict: Verdict,
}

/// What drain's pod filters decided (PodDeleteStatus).
enum Verdict {
    Delete,
    /// Mirror pods: left alone silently.
    Skip,
    /// Delete or not, with a warning.
    Warn(bool, &'static str),
    /// Blocks the drain of the node.
    Fatal(&'static str),
}

fn filter(pod: &Value, d: &Drain) -> Verdict {
    let phase = pod
        .pointer("/status/phase")
        .and_then(Value::as_str)
        .unwrap_or("");
    let finished = matches!(phase, "Succeeded" | "Failed");
    let controller = pod
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .and_then(|refs| {
            refs.iter()
                .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        })
        .and_then(|r| r.get("kind").and_then(Value::as_str))
        .map(str::to_string);
    if controller.as_deref() == Some("DaemonSet") && !finished {
        return if d.ignore_daemonsets {
            Verdict::Warn(false, "ignoring DaemonSet-managed Pods")
        } else {
            Verdict::Fatal("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)")
        };
    }
    if pod
        .pointer("/metadata/annotations/kubernetes.io~1config.mirror")
        .is_some()
    {
        return Verdict::Skip;
    }
    let local = pod
        .pointer("/spec/volumes")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().any(|v| v.get("emptyDir").is_some()));
    if local && !finished && !d.delete_emptydir {
        return Verdict::Fatal("Pods with local storage (use --delete-emptydir-data to override)");
    }
    // (the local-storage warning is dropped by the next filter, as in kubectl)
    if finished || controller.is_some() {
        return Verdict::Delete;
    }
    if d.force {
        Verdict::Warn(true, "deleting Pods that declare no controller")
    } else {
        Verdict::Fatal("cannot delete Pods that declare no controller (use --force to override)")
    }
}

/// Groups `ns/name` by message, in first-seen order: `msg: a, b`.
fn grouped(items: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut order: Vec<&'static str> = Vec::new();
    let mut by: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (m, p) in items {
        if !order.contains(m) {
            order.push(m);
        }
        by.entry(m).or_default().push(p.clone());
    }
    order.into_iter().map(|m| (m, by[m].join(", "))).collect()
}

/// GetPodsForDeletion: the pods to evict, or the fatal errors.
fn pods_for_deletion(
    cluster: &Cluster,
    node: &str,
    d: &Drain,
    out: &mut CommandOutput,
    warn: bool,
) -> Result<Vec<Candidate>, Vec<String>> {
    let mut list = Vec::new();
    let (mut warnings, mut fatals) = (Vec::new(), Vec::new());
    for key in cluster.store().pods_on_node(node) {
        let Some(pod) = cluster.object_value(Resource::Pod, key.namespace(), key.name()) else {
            continue;
        };
        if let Some(sel) = &d.pod_selector {
            let labels: BTreeMap<String, String> = pod
                .pointer("/metadata/labels")
                .and_then(|l| serde_json::from_value(l.clone()).ok())
                .unwrap_or_default();
            if !sel.matches(&labels) {
                continue;
            }
        }
        let uid = pod
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let shown = format!("{}/{}", key.namespace(), key.name());
        let verdict = filter(&pod, d);
        match &verdict {
            Verdict::Warn(_, m) => warnings.push((*m, shown)),
            Verdict::Fatal(m) => fatals.push((*m, shown)),
            _ => {}
        }
        list.push(Candidate { key, uid, verdict });
    }
    if !fatals.is_empty() {
        return Err(grouped(&fatals)
            .into_iter()
            .map(|(m, pods)| format!("cannot delete {m}: {pods}"))
            .collect());
    }
    if warn && !warnings.is_empty() {
        let text: Vec<String> = grouped(&warnings)
            .into_iter()
            .map(|(m, pods)| format!("{m}: {pods}"))
            .collect();
        out.err(format!("Warning: {}\n", text.join("; ")));
    }
    list.retain(|c| matches!(c.verdict, Verdict::Delete | Verdict::Warn(true, _)));
    Ok(list)
}

/// deleteOrEvictPodsSimple for one node.
fn drain_node(
    cluster: &mut Cluster,
    node: &str,
    d: &Drain,
    out: &mut CommandOutput,
) -> Result<(), Vec<String>> {
    let pods = pods_for_deletion(cluster, node, d, out, true)?;
    match d.dry {
        Some("client") => {
            for c in &pods {
                out.out(format!(
                    "evicting pod {}/{} (dry run)\n",
                    c.key.namespace(),
                    c.key.name()
                ));
            }
            return Ok(());
        }
        // a server dry run of deletions prints nothing; evictions go through the eviction
        // subresource's checks (a budget's 429 is retried), changing nothing
        Some(_) if d.disable_eviction => return Ok(()),
        Some(_) | None => {}
    }
    let errs = if d.disable_eviction {
        for c in &pods {
            cluster.delete_pod_gracefully(&c.key, d.grace);
        }
        cluster.drain();
        wait_gone(cluster, pods, d, out)
    } else {
        evict_pods(cluster, pods, d, out)
    };
    if errs.is_empty() {
        return Ok(());
    }
    let err = if d.disable_eviction {
        vec!["timed out waiting for the condition".to_string()]
    } else {
        errs
    };
    if let Ok(pending) = pods_for_deletion(cluster, node, d, out, false) {
        if !pending.is_empty() {
            let names: String = pending
                .iter()
                .map(|c| format!("pod/{}\n", c.key.name()))
                .collect();
            out.err(format!(
                "There are pending pods in node \"{node}\" when an error occurred: {}\n{names}",
                aggregate(&err)
            ));
        }
    }
    Err(err)
}

/// Where one pod's eviction stands (each pod has its own goroutine in kubectl's `evictPods`).
enum Eviction {
    /// The next eviction request is due at this instant.
    Evict(crate::api::Time),
    /// Evicted: waitForDelete polls for this pod (this UID) from this instant, every second.
    Wait(crate::api::Time, String),
    Done,
}

/// The retry delay of a refused eviction (`EvictErrorRetryDelay`).
const EVICT_RETRY_MS: i64 = 5_000;

/// `evictPods` (k8s.io/kubectl/pkg/drain): every pod is evicted at once; a refusal with 429
/// (a PodDisruptionBudget that allows no disruption) is printed and retried 5 s later, each try
/// printing `evicting pod` again, until the global `--timeout`; an evicted pod is waited for as
/// waitForDelete does (polled every second, first at once). At one instant the evictions go
/// first, in the node's pod order, then the polls. Returns the errors in the order they came.
fn evict_pods(
    cluster: &mut Cluster,
    pods: Vec<Candidate>,
    d: &Drain,
    out: &mut CommandOutput,
) -> Vec<String> {
    let start = cluster.now();
    let limit = if d.timeout_ms > 0 {
        d.timeout_ms
    } else {
        WAIT_CAP_MS
    };
    let reached = go_duration(limit);
    let mut state: Vec<Eviction> = pods.iter().map(|_| Eviction::Evict(start)).collect();
    let mut errs = Vec::new();
    loop {
        let now = cluster.now();
        for (c, st) in pods.iter().zip(state.iter_mut()) {
            let Eviction::Evict(at) = *st else { continue };
            if at > now {
                continue;
            }
            let (ns, name) = (c.key.namespace(), c.key.name());
            out.out(format!("evicting pod {ns}/{name}{}\n", dry_suffix(d.dry)));
            if now - start >= limit {
                errs.push(format!(
                    "error when evicting pods/\"{name}\" -n \"{ns}\": global timeout reached: {reached}"
                ));
                *st = Eviction::Done;
                continue;
            }
            // the pod as fetched before this try (kubectl refreshes it after a refusal)
            let uid = cluster
                .store()
                .pods
                .get(&c.key)
                .map(|p| p.metadata.uid.clone())
                .unwrap_or_else(|| c.uid.clone());
            let server_dry = d.dry.is_some();
            *st = match cluster.evict_pod(&c.key, d.grace, server_dry) {
                // a server dry run does not wait for the pod
                Ok(()) if server_dry => Eviction::Done,
                Ok(()) => Eviction::Wait(now, uid),
                Err(e) if e.reason == "NotFound" => Eviction::Done,
                Err(e) if e.reason == "TooManyRequests" => {
                    out.err(format!(
                        "error when evicting pods/\"{name}\" -n \"{ns}\" (will retry after 5s): {}\n",
                        e.message
                    ));
                    Eviction::Evict(now + EVICT_RETRY_MS)
                }
                Err(e) => {
                    errs.push(format!(
                        "error when evicting pods/\"{name}\" -n \"{ns}\": {}",
                        e.message
                    ));
                    Eviction::Done
                }
            };
        }
        for (c, st) in pods.iter().zip(state.iter_mut()) {
            let Eviction::Wait(at, uid) = &*st else {
                continue;
            };
            if *at > now {
                continue;
            }
            let current = cluster
                .store()
                .pods
                .get(&c.key)
                .map(|p| p.metadata.uid.as_str());
            *st = if current != Some(uid.as_str()) {
                out.out(format!("pod/{} evicted\n", c.key.name()));
                Eviction::Done
            } else if now - start >= limit {
                errs.push(format!("error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {reached}", c.key.name(), c.key.namespace()));
                Eviction::Done
            } else {
                Eviction::Wait(now + 1000, uid.clone())
            };
        }
        let next = state
            .iter()
            .filter_map(|s| match s {
                Eviction::Evict(t) | Eviction::Wait(t, _) => Some(*t),
                Eviction::Done => None,
            })
            .min();
        let Some(next) = next else {
            return errs;
        };
        cluster.advance_to(next.max(now + 1));
    }
}

/// waitForDelete: polls every second (first poll at once) and prints `pod/x evicted` (or
/// `deleted`) as each pod disappears; on the global timeout, one error per pod still there.
fn wait_gone(
    cluster: &mut Cluster,
    mut pending: Vec<Candidate>,
    d: &Drain,
    out: &mut CommandOutput,
) -> Vec<String> {
    let verb = if d.disable_eviction {
        "deleted"
    } else {
        "evicted"
    };
    let start = cluster.now();
    let limit = if d.timeout_ms > 0 {
        d.timeout_ms
    } else {
        WAIT_CAP_MS
    };
    let mut tick = start;
    loop {
        pending.retain(|c| {
            let uid = cluster
                .object_value(Resource::Pod, c.key.namespace(), c.key.name())
                .and_then(|p| {
                    p.pointer("/metadata/uid")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                });
            let gone = uid.as_deref() != Some(c.uid.as_str());
            if gone {
                out.out(format!("pod/{} {verb}\n", c.key.name()));
            }
            !gone
        });
        if pending.is_empty() {
            return Vec::new();
        }
        if tick - start >= limit {
            let reached = go_duration(limit);
            return pending
                .iter()
                .map(|c| format!("error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {reached}", c.key.name(), c.key.namespace()))
                .collect();
        }
        tick += 1000;
        cluster.advance_to(tick);
    }
}

#[cfg(test)]
mod tests {
    use crate::Cluster;

    fn node_of(c: &Cluster, pod_prefix: &str) -> String {
        c.store()
            .pods
            .iter()
            .find(|p| p.metadata.name.starts_with(pod_prefix))
            .and_then(|p| p.node_name.as_deref().map(str::to_string))
            .unwrap()
    }

    #[test]
    fn cordon_and_uncordon() {
        let mut c = super::super::patch::demo_cluster();
        let mut run = |l: &str| c.run(l).combined();
        assert_eq!(run("kubectl cordon node-1"), "node/node-1 cordoned\n");
        assert_eq!(
            run("kubectl cordon node-1"),
            "node/node-1 already cordoned\n"
        );
        assert_eq!(
            run("kubectl uncordon node/node-1"),
            "node/node-1 uncordoned\n"
        );
        assert_eq!(
            run("kubectl uncordon node-1 --dry-run=server"),
            "node/node-1 already uncordoned (server dry run)\n"
        );
        assert_eq!(
            run("kubectl cordon node-2 --dry-run=client"),
            "node/node-2 cordoned (dry run)\n"
        );
        assert_eq!(
            run("kubectl cordon"),
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"
        );
        assert_eq!(
            run("kubectl cordon nope"),
            "Error from server (NotFound): nodes \"nope\" not found\n"
        );
        assert_eq!(
            run("kubectl cordon deploy/nginx"),
            "error: expected resource of type node, got \"apps/v1, Resource=deployments\"\n"
        );
        assert_eq!(run("kubectl cordon node-1 -l a=b"), "error: cannot specify both a node name and a --selector option\nSee 'kubectl cordon -h' for help and examples\n");
        assert!(!c.store().nodes["node-2"].unschedulable);
    }

    #[test]
    fn drain_evicts_managed_pods_and_refuses_unmanaged_ones() {
        let mut c = super::super::patch::demo_cluster();
        let bare_node = node_of(&c, "bare");
        let out = c.run(&format!("kubectl drain {bare_node}"));
        assert_eq!(out.exit_code, 1);
        let stdout = out.stdout();
        assert!(
            stdout.starts_with(&format!("node/{bare_node} cordoned\n")),
            "{stdout}"
        );
        assert!(out.stderr().starts_with(&format!(
            "error: unable to drain node \"{bare_node}\" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\nThere are pending nodes to be drained:\n {bare_node}\ncannot delete cannot delete Pods that declare no controller (use --force to override): default/bare\n"
        )), "{}", out.stderr());
        let out = c
            .run(&format!("kubectl drain {bare_node} --force"))
            .combined();
        assert!(out.starts_with(&format!("node/{bare_node} already cordoned\nWarning: deleting Pods that declare no controller: default/bare\nevicting pod default/bare\npod/bare evicted\n")), "{out}");
        let nginx_node = node_of(&c, "nginx-");
        let pod = c
            .store()
            .pods
            .iter()
            .find(|p| p.node_name.as_deref() == Some(nginx_node.as_str()))
            .unwrap()
            .metadata
            .name
            .clone();
        let out = c
            .run(&format!(
                "kubectl drain {nginx_node} --ignore-daemonsets --delete-emptydir-data"
            ))
            .combined();
        assert!(
            out.ends_with(&format!(
                "evicting pod default/{pod}\npod/{pod} evicted\nnode/{nginx_node} drained\n"
            )),
            "{out}"
        );
        assert!(c.store().pods.iter().all(|p| p.metadata.name != pod));
        assert_eq!(
            c.run("kubectl drain").stderr(),
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n"
        );
    }

    #[test]
    fn drain_retries_a_budget_refusal_every_five_seconds() {
        let mut c = Cluster::new(crate::ClusterConfig::default());
        c.run("kubectl cordon node-2 node-3");
        c.run("kubectl create deployment web --image=nginx --replicas=2");
        c.advance(30_000);
        c.run("kubectl uncordon node-2 node-3");
        c.run("kubectl create pdb web --selector=app=web --min-available=1");
        let start = c.now_ms();
        let out = c.run("kubectl drain node-1");
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        let refusals = out
            .stderr()
            .matches("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n")
            .count();
        assert!(refusals >= 1, "{}", out.combined());
        // each refusal waits 5 s of virtual time before the next try
        assert!(c.now_ms() - start >= 5_000 * refusals as u64);
        assert!(
            out.stdout().ends_with("node/node-1 drained\n"),
            "{}",
            out.stdout()
        );
        // a budget that allows nothing: refused until --timeout
        c.run("kubectl uncordon node-1");
        let out = c.run(r#"kubectl patch pdb web --type=merge -p '{"spec":{"minAvailable":2}}'"#);
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        // (a replacement still Pending would be evicted without asking the budget)
        c.advance(30_000);
        let node = node_of(&c, "web");
        let start = c.now_ms();
        let out = c.run(&format!("kubectl drain {node} --timeout=7s"));
        assert_eq!(out.exit_code, 1);
        assert_eq!(c.now_ms() - start, 10_000, "{}", out.combined());
        assert!(
            out.stderr().contains("global timeout reached: 7s"),
            "{}",
            out.combined()
        );
    }
}
