//! The scheduler: binds each pending pod to the least-loaded feasible node (the default
//! scheduler's spreading, approximated), or records FailedScheduling with the upstream wording.

use crate::api::Time;
use crate::api::{containers_of, shared_text, Node, ObjKey, Pod, Taint};
use crate::controllers::volume::{claims_in, STORAGE_CLASS};
use crate::sim::{involved, Cluster, Timer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The scheduling queue's podMaxInUnschedulablePodsDuration: a pod no cluster event has moved
/// is tried again after this long (pkg/scheduler/internal/queue/scheduling_queue.go).
const MAX_IN_UNSCHEDULABLE_MS: Time = 5 * 60 * 1000;
/// How often flushUnschedulablePodsLeftover runs (`wait.Until(…, 30*time.Second)` from the
/// scheduler's start).
const FLUSH_PERIOD_MS: Time = 30 * 1000;

/// When the flush first finds a pod that failed at `failed` unschedulable for longer than
/// [`MAX_IN_UNSCHEDULABLE_MS`] (strictly longer: the first tick after that instant), ticks
/// counted from the scheduler's start.
fn flush_after(start: Time, failed: Time) -> Time {
    let due = failed + MAX_IN_UNSCHEDULABLE_MS - start;
    start + (due.div_euclid(FLUSH_PERIOD_MS) + 1) * FLUSH_PERIOD_MS
}

/// The scheduler's `reportingInstance` on its Events: `<controller>-<hostname>` (tools/events
/// NewRecorder), the scheduler running on the control-plane node.
pub fn reporting_instance() -> String {
    format!("default-scheduler-{}", super::CONTROL_PLANE)
}

/// The default scheduler's plugins whose rejections kubeplay's filter models, as a set: the
/// plugins that rejected a pod (`QueuedPodInfo.UnschedulablePlugins`), which decide what cluster
/// events move it out of the unschedulable pods (each plugin's `EventsToRegister` and
/// `QueueingHintFn`, pkg/scheduler/framework/plugins).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Plugins(u8);

impl Plugins {
    const NODE_UNSCHEDULABLE: Plugins = Plugins(1);
    const TAINT_TOLERATION: Plugins = Plugins(1 << 1);
    const NODE_AFFINITY: Plugins = Plugins(1 << 2);
    const NODE_RESOURCES_FIT: Plugins = Plugins(1 << 3);
    const VOLUME_RESTRICTIONS: Plugins = Plugins(1 << 4);
    const VOLUME_BINDING: Plugins = Plugins(1 << 5);

    fn has(self, p: Plugins) -> bool {
        self.0 & p.0 != 0
    }

    fn insert(&mut self, p: Plugins) {
        self.0 |= p.0;
    }

    /// Rejected by a plugin that registered the deletion of an assigned pod.
    fn on_pod_delete(self) -> bool {
        self.has(Self::NODE_RESOURCES_FIT) || self.has(Self::VOLUME_RESTRICTIONS)
    }

    /// Rejected by a plugin that registered claim or volume events.
    fn on_volume_event(self) -> bool {
        self.has(Self::VOLUME_BINDING) || self.has(Self::VOLUME_RESTRICTIONS)
    }
}

/// One pod in the scheduling queue's unschedulablePods: when its last attempt failed (the
/// queue's timestamp) and the plugins that rejected it.
#[derive(Clone, Copy, Debug)]
struct Rejected {
    since: Time,
    plugins: Plugins,
}

/// The scheduling queue's unschedulablePods. A cluster event moves a pod back to the active
/// queue only when one of its rejecting plugins registered the event and that plugin's hint says
/// Queue (`isPodWorthRequeuing`); otherwise flushUnschedulablePodsLeftover retries it after
/// [`MAX_IN_UNSCHEDULABLE_MS`]. The pods that pod and volume events may move (frequent events)
/// are indexed, so those events look at them alone.
#[derive(Clone, Default, Debug)]
pub(crate) struct UnschedulablePods {
    pods: BTreeMap<ObjKey, Rejected>,
    on_pod_delete: BTreeSet<ObjKey>,
    on_volume_event: BTreeSet<ObjKey>,
}

impl UnschedulablePods {
    fn insert(&mut self, key: ObjKey, since: Time, plugins: Plugins) {
        self.remove(&key);
        if plugins.on_pod_delete() {
            self.on_pod_delete.insert(key.clone());
        }
        if plugins.on_volume_event() {
            self.on_volume_event.insert(key.clone());
        }
        self.pods.insert(key, Rejected { since, plugins });
    }

    fn remove(&mut self, key: &ObjKey) -> Option<Rejected> {
        let r = self.pods.remove(key)?;
        if r.plugins.on_pod_delete() {
            self.on_pod_delete.remove(key);
        }
        if r.plugins.on_volume_event() {
            self.on_volume_event.remove(key);
        }
        Some(r)
    }

    /// Whether some pod waits for an assigned pod's deletion (or finishing) to be retried.
    pub(crate) fn waits_on_pod_delete(&self) -> bool {
        !self.on_pod_delete.is_empty()
    }

    fn since(&self, key: &ObjKey) -> Option<Time> {
        self.pods.get(key).map(|r| r.since)
    }
}

/// Why a node cannot take a pod, in the scheduler's words, and the plugin that said so (the
/// first filter plugin that fails, in the default profile's order).
fn misfit(
    cluster: &Cluster,
    node_name: &str,
    pod: &Pod,
    cpu: i64,
    mem: i64,
) -> Option<(Plugins, String)> {
    let node = cluster.store.nodes.get(node_name)?;
    if node.unschedulable && !tolerates_unschedulable(&pod.spec) {
        return Some((
            Plugins::NODE_UNSCHEDULABLE,
            "node(s) were unschedulable".into(),
        ));
    }
    if let Some(t) = untolerated_taint(&pod.spec, &node.taints) {
        return Some((
            Plugins::TAINT_TOLERATION,
            format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value),
        ));
    }
    if !node_affinity_matches(&pod.spec, node) {
        return Some((
            Plugins::NODE_AFFINITY,
            "node(s) didn't match Pod's node affinity/selector".into(),
        ));
    }
    if let Some(r) = cluster.volume_misfit(pod, node_name) {
        return Some((Plugins::VOLUME_BINDING, r));
    }
    // the scheduler does not see pods that have finished (its pod informer selects
    // status.phase!=Succeeded,status.phase!=Failed): they take no room
    let unfinished = || {
        cluster
            .store
            .pods_by_node
            .get(node_name)
            .into_iter()
            .flatten()
            .filter_map(|k| cluster.store.pods.get(k))
            .filter(|p| !p.status.phase.is_terminal())
    };
    if cluster.store.pod_count_on_node(node_name) as i64 >= node.max_pods
        && unfinished().count() as i64 >= node.max_pods
    {
        return Some((Plugins::NODE_RESOURCES_FIT, "Too many pods".into()));
    }
    if cpu > 0 || mem > 0 {
        let (mut used_cpu, mut used_mem) = (0, 0);
        for p in unfinished() {
            for c in containers_of(&p.spec) {
                used_cpu += c.cpu_request_milli;
                used_mem += c.memory_request_bytes;
            }
        }
        if used_cpu + cpu > node.cpu_milli {
            return Some((Plugins::NODE_RESOURCES_FIT, "Insufficient cpu".into()));
        }
        if used_mem + mem > node.memory_bytes {
            return Some((Plugins::NODE_RESOURCES_FIT, "Insufficient memory".into()));
        }
    }
    None
}

/// A pod that tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint also tolerates
/// `spec.unschedulable` (the NodeUnschedulable filter).
fn tolerates_unschedulable(spec: &Value) -> bool {
    tolerates(
        spec,
        &Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        },
    )
}

/// The pod's requests the NodeResourcesFit filter adds up: cpu millicores and memory bytes.
fn pod_requests(pod: &Pod) -> (i64, i64) {
    containers_of(&pod.spec).iter().fold((0, 0), |(c, m), x| {
        (c + x.cpu_request_milli, m + x.memory_request_bytes)
    })
}

/// The first of a node's NoSchedule/NoExecute taints the pod does not tolerate
/// (`FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc`).
fn untolerated_taint<'a>(spec: &Value, taints: &'a [Taint]) -> Option<&'a Taint> {
    taints
        .iter()
        .find(|t| t.effect != "PreferNoSchedule" && !tolerates(spec, t))
}

/// Whether the node satisfies the pod's required node selection: its `nodeSelector` and its
/// required node affinity (`GetRequiredNodeAffinity(pod).Match(node)`, parse errors ignored as
/// the NodeAffinity filter does).
pub(crate) fn node_affinity_matches(spec: &Value, node: &Node) -> bool {
    required_match(spec, node) == AffinityMatch::Yes
}

/// The outcome of `RequiredNodeAffinity.Match`: a match, none, or none with a term that failed
/// to parse (the queueing hint treats that error as Queue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AffinityMatch {
    Yes,
    No,
    Error,
}

/// `RequiredNodeAffinity.Match` (k8s.io/component-helpers/scheduling/corev1/nodeaffinity): the
/// `nodeSelector` as a label selector, then the required affinity's terms.
fn required_match(spec: &Value, node: &Node) -> AffinityMatch {
    let labels = &node.metadata.labels;
    if let Some(sel) = spec.get("nodeSelector").and_then(Value::as_object) {
        let ok = sel
            .iter()
            .all(|(k, v)| labels.get(k).map(String::as_str) == Some(v.as_str().unwrap_or("")));
        if !ok {
            return AffinityMatch::No;
        }
    }
    let Some(required) = required_affinity(spec) else {
        return AffinityMatch::Yes;
    };
    // LazyErrorNodeSelector.Match: the terms are ORed; an empty term selects nothing; a term that
    // fails to parse is skipped, its error returned when no term matches
    let mut errored = false;
    for term in required
        .get("nodeSelectorTerms")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let exprs = requirements(term, "matchExpressions");
        let fields = requirements(term, "matchFields");
        if exprs.is_empty() && fields.is_empty() {
            continue;
        }
        match term_matches(exprs, fields, node) {
            Some(true) => return AffinityMatch::Yes,
            Some(false) => {}
            None => errored = true,
        }
    }
    if errored {
        AffinityMatch::Error
    } else {
        AffinityMatch::No
    }
}

/// `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, when set.
fn required_affinity(spec: &Value) -> Option<&Value> {
    spec.pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution")
        .filter(|v| !v.is_null())
}

fn requirements<'a>(term: &'a Value, field: &str) -> &'a [Value] {
    term.get(field)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn req_str<'a>(r: &'a Value, field: &str) -> &'a str {
    r.get(field).and_then(Value::as_str).unwrap_or("")
}

fn req_values(r: &Value) -> Vec<&str> {
    r.get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap_or(""))
        .collect()
}

/// `nodeSelectorTerm.match`: every label requirement against the node's labels and every field
/// requirement against its fields (`metadata.name` alone); `None` when the term does not parse
/// (`nodeSelectorRequirementsAsSelector`, `nodeSelectorRequirementsAsFieldSelector`).
fn term_matches(exprs: &[Value], fields: &[Value], node: &Node) -> Option<bool> {
    let labels = &node.metadata.labels;
    let mut ok = true;
    // parse every requirement first: a parse error anywhere fails the whole term
    for r in exprs {
        let (key, op, values) = (req_str(r, "key"), req_str(r, "operator"), req_values(r));
        if !crate::api::validation::qualified_name(key).is_empty()
            || values
                .iter()
                .any(|v| !crate::api::validation::label_value(v).is_empty())
        {
            return None;
        }
        let has = labels.get(key);
        let matched = match op {
            "In" if !values.is_empty() => has.is_some_and(|v| values.contains(&v.as_str())),
            "NotIn" if !values.is_empty() => has.is_none_or(|v| !values.contains(&v.as_str())),
            "Exists" if values.is_empty() => has.is_some(),
            "DoesNotExist" if values.is_empty() => has.is_none(),
            "Gt" | "Lt" if values.len() == 1 => {
                let want = values[0].parse::<i64>().ok()?;
                has.and_then(|v| v.parse::<i64>().ok()).is_some_and(|v| {
                    if op == "Gt" {
                        v > want
                    } else {
                        v < want
                    }
                })
            }
            _ => return None,
        };
        ok &= matched;
    }
    for r in fields {
        let (key, op, values) = (req_str(r, "key"), req_str(r, "operator"), req_values(r));
        // extractNodeFields: a node's fields are its name alone
        let value = if key == "metadata.name" {
            node.metadata.name.as_str()
        } else {
            ""
        };
        let matched = match (op, values.as_slice()) {
            ("In", [v]) => value == *v,
            ("NotIn", [v]) => value != *v,
            _ => return None,
        };
        ok &= matched;
    }
    Some(ok)
}

/// The NodeAffinity PreFilter's node names: when every required term names nodes with
/// `metadata.name In`, only those nodes (the union over terms of each term's intersection) are
/// evaluated. `None` when all nodes are; an empty set when the terms conflict.
fn prefilter_node_names(spec: &Value) -> Option<BTreeSet<String>> {
    let terms = required_affinity(spec)?
        .get("nodeSelectorTerms")
        .and_then(Value::as_array)?;
    if terms.is_empty() {
        return None;
    }
    let mut names = BTreeSet::new();
    for t in terms {
        let mut term_names: Option<BTreeSet<String>> = None;
        for r in requirements(t, "matchFields") {
            if req_str(r, "key") == "metadata.name" && req_str(r, "operator") == "In" {
                let s: BTreeSet<String> = req_values(r).into_iter().map(String::from).collect();
                term_names = Some(match term_names {
                    None => s,
                    Some(prev) => prev.intersection(&s).cloned().collect(),
                });
            }
        }
        names.extend(term_names?);
    }
    Some(names)
}

/// The PreFilter checks of VolumeRestrictions and VolumeBinding, which reject the pod on every
/// node at once: VolumeRestrictions reads each of the pod's claims first (NotFound), then
/// VolumeBinding's `podHasPVCs` (a claim being deleted) and its unbound immediate claims.
fn volume_prefilter(cluster: &Cluster, pod: &Pod) -> Option<(Plugins, String)> {
    let claims = claims_in(&pod.spec);
    if claims.is_empty() {
        return None;
    }
    let ns = &pod.metadata.namespace;
    let get = |c: &str| cluster.store.pvcs.get(&ObjKey::new(ns, c));
    if let Some(c) = claims.iter().find(|c| get(c).is_none()) {
        return Some((
            Plugins::VOLUME_RESTRICTIONS,
            format!("persistentvolumeclaim \"{c}\" not found"),
        ));
    }
    let pvcs: Vec<_> = claims.iter().filter_map(|c| get(c)).collect();
    if let Some(p) = pvcs
        .iter()
        .find(|p| p.metadata.deletion_timestamp.is_some())
    {
        return Some((
            Plugins::VOLUME_BINDING,
            format!(
                "persistentvolumeclaim \"{}\" is being deleted",
                p.metadata.name
            ),
        ));
    }
    let unbound_immediate = pvcs.iter().any(|p| {
        !cluster
            .store
            .pvs
            .contains(&ObjKey::new("", p.volume_name()))
            && p.spec["storageClassName"] != STORAGE_CLASS
    });
    unbound_immediate.then(|| {
        (
            Plugins::VOLUME_BINDING,
            "pod has unbound immediate PersistentVolumeClaims".to_string(),
        )
    })
}

/// Whether a node added (`old` None) or updated moves a pod these plugins rejected: the node
/// events each registered (`NodeSchedulingPropertiesChange`: spec.unschedulable turning false
/// and taint changes are UpdateNodeTaint, label changes UpdateNodeLabel; annotations and
/// conditions concern none of them) and their `isSchedulableAfterNodeChange` hints.
fn node_event_queues(plugins: Plugins, pod: &Pod, old: Option<&Node>, new: &Node) -> bool {
    let add = old.is_none();
    let (labels_changed, taint_event) = match old {
        None => (false, false),
        Some(o) => (
            o.metadata.labels != new.metadata.labels,
            o.taints != new.taints || (o.unschedulable && !new.unschedulable),
        ),
    };
    // NodeUnschedulable: Add | UpdateNodeTaint; queue when the node is added schedulable or
    // turns schedulable.
    if plugins.has(Plugins::NODE_UNSCHEDULABLE)
        && (add || taint_event)
        && !new.unschedulable
        && old.is_none_or(|o| o.unschedulable)
    {
        return true;
    }
    // TaintToleration: Add | UpdateNodeTaint; queue when the node goes from untolerated to
    // tolerated.
    if plugins.has(Plugins::TAINT_TOLERATION)
        && (add || taint_event)
        && old.is_none_or(|o| untolerated_taint(&pod.spec, &o.taints).is_some())
        && untolerated_taint(&pod.spec, &new.taints).is_none()
    {
        return true;
    }
    // NodeAffinity: Add | UpdateNodeLabel; queue when the node now matches and did not before
    // (a match that fails to parse is an error, which queues).
    if plugins.has(Plugins::NODE_AFFINITY) && (add || labels_changed) {
        let queue = match required_match(&pod.spec, new) {
            AffinityMatch::Error => true,
            AffinityMatch::No => false,
            AffinityMatch::Yes => {
                old.is_none_or(|o| required_match(&pod.spec, o) != AffinityMatch::Yes)
            }
        };
        if queue {
            return true;
        }
    }
    // NodeResourcesFit: Add | UpdateNodeAllocatable (a node's allocatable never changes here);
    // queue when the pod fits the new node empty (`isFit`).
    if plugins.has(Plugins::NODE_RESOURCES_FIT) && add {
        let (cpu, mem) = pod_requests(pod);
        let fits = new.max_pods >= 1
            && !(cpu > 0 && cpu > new.cpu_milli)
            && !(mem > 0 && mem > new.memory_bytes);
        if fits {
            return true;
        }
    }
    // VolumeRestrictions: Node Add, no hint; VolumeBinding: Add | UpdateNodeLabel, no hint.
    (plugins.has(Plugins::VOLUME_RESTRICTIONS) && add)
        || (plugins.has(Plugins::VOLUME_BINDING) && (add || labels_changed))
}

/// How long a pod may stay on a node with these taints (the taint eviction controller's
/// `getMinTolerationTime` over the tolerations matching the node's NoExecute taints): `None`
/// when no NoExecute taint applies or the pod tolerates them for ever, `Some(0)` when one is not
/// tolerated (or only for no time), else the shortest `tolerationSeconds`.
pub(crate) fn no_execute_grace(spec: &Value, taints: &[Taint]) -> Option<i64> {
    let tolerations = spec.get("tolerations").and_then(Value::as_array);
    let mut shortest: Option<i64> = None;
    for taint in taints.iter().filter(|t| t.effect == "NoExecute") {
        let matching: Vec<&Value> = tolerations
            .into_iter()
            .flatten()
            .filter(|t| toleration_matches(t, taint))
            .collect();
        if matching.is_empty() {
            return Some(0);
        }
        for secs in matching
            .iter()
            .filter_map(|t| t.get("tolerationSeconds")?.as_i64())
        {
            shortest = Some(shortest.map_or(secs, |s| s.min(secs)).max(0));
        }
    }
    shortest
}

fn toleration_matches(t: &Value, taint: &Taint) -> bool {
    let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
    let effect_ok = s("effect").is_empty() || s("effect") == taint.effect;
    let key_ok = s("key") == taint.key || (s("key").is_empty() && s("operator") == "Exists");
    let value_ok = s("operator") == "Exists" || s("value") == taint.value;
    effect_ok && key_ok && value_ok
}

/// Whether the pod's tolerations tolerate a taint (core/v1 `Toleration.ToleratesTaint`).
pub(crate) fn tolerates(spec: &Value, taint: &Taint) -> bool {
    let Some(list) = spec.get("tolerations").and_then(Value::as_array) else {
        return false;
    };
    list.iter().any(|t| toleration_matches(t, taint))
}

impl Cluster {
    /// Places one pending pod.
    pub(crate) fn schedule_pod(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if pod.node_name.is_some() || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let (cpu, mem) = pod_requests(pod);
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut rejectors = Plugins::default();
        let mut chosen = None;
        // PreFilter, in the default profile's order: NodeAffinity (which may narrow the nodes
        // evaluated to those named by `metadata.name In`), then the volume plugins
        let only = prefilter_node_names(&pod.spec);
        let prefilter = match &only {
            Some(names) if names.is_empty() => Some((
                Plugins::NODE_AFFINITY,
                "pod affinity terms conflict".to_string(),
            )),
            _ => volume_prefilter(self, pod),
        };
        if prefilter.is_none() {
            if let Some(names) = &only {
                // findNodesThatFitPod: the nodes the PreFilter result leaves out get one status
                // naming the plugins that narrowed it
                rejectors.insert(Plugins::NODE_AFFINITY);
                let evaluated = names
                    .iter()
                    .filter(|n| self.store.nodes.contains_key(n.as_str()))
                    .count();
                let absent = self.store.nodes.len() - evaluated;
                if absent > 0 {
                    reasons.insert(
                        "node(s) didn't satisfy plugin(s) [NodeAffinity]".to_string(),
                        absent,
                    );
                }
            }
            for name in self.store.nodes_by_load() {
                if only.as_ref().is_some_and(|o| !o.contains(name)) {
                    continue;
                }
                match misfit(self, name, pod, cpu, mem) {
                    None => {
                        chosen = Some(name.to_string());
                        break;
                    }
                    Some((plugin, r)) => {
                        rejectors.insert(plugin);
                        *reasons.entry(r).or_default() += 1;
                    }
                }
            }
        }
        let Some(node) = chosen else {
            let total = self.store.nodes.len();
            let message = if let Some((plugin, reason)) = prefilter {
                // A PreFilter rejection: FitError.Error gives its message alone, and preemption
                // finds every node unresolvable.
                rejectors = plugin;
                format!(
                    "0/{total} nodes are available: {reason}. preemption: 0/{total} nodes are \
                     available: {total} Preemption is not helpful for scheduling."
                )
            } else {
                // FitError.Error's sortReasonsHistogram: "COUNT REASON" strings, sorted as
                // strings.
                let mut detail: Vec<String> =
                    reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
                crate::sort::sort(&mut detail);
                // Preemption's own histogram: every node whose filter failure is unresolvable
                // gets the same status ("Preemption is not helpful for scheduling"), counted
                // once as a group.
                let mut by_message: BTreeMap<&str, usize> = BTreeMap::new();
                for (r, n) in &reasons {
                    let message = if r.starts_with("Insufficient") || r == "Too many pods" {
                        "No preemption victims found for incoming pod"
                    } else {
                        "Preemption is not helpful for scheduling"
                    };
                    *by_message.entry(message).or_default() += n;
                }
                let mut preemption: Vec<String> =
                    by_message.iter().map(|(m, n)| format!("{n} {m}")).collect();
                crate::sort::sort(&mut preemption);
                format!(
                    "0/{total} nodes are available: {}. preemption: 0/{total} nodes are \
                     available: {}.",
                    detail.join(", "),
                    preemption.join(", ")
                )
            };
            // updatePod writes the pod only when the condition changes (a retry that fails
            // the same way leaves it alone)
            let unchanged = pod.status.condition("PodScheduled").is_some_and(|c| {
                !c.is_true()
                    && c.reason() == Some("Unschedulable")
                    && c.message() == Some(message.as_str())
            });
            let pod = pod.clone();
            let now = self.now;
            self.unschedulable.insert(key.clone(), now, rejectors);
            self.at(
                flush_after(self.start, now),
                Timer::SchedulingRetry {
                    pod: key.clone(),
                    uid: pod.metadata.uid.clone(),
                    since: now,
                },
            );
            self.record_event(
                involved(&pod, "v1"),
                "Warning",
                "FailedScheduling",
                message.clone(),
                "default-scheduler",
                None,
            );
            if unchanged {
                return;
            }
            let mut pod = pod;
            pod.status
                .set_condition("PodScheduled", false, now, Some("Unschedulable"));
            if let Some(c) = pod
                .status
                .conditions
                .iter_mut()
                .find(|c| c.type_() == "PodScheduled")
            {
                c.set_message(Some(message.into()));
            }
            self.write_pod(pod);
            return;
        };
        let needs_claims = !claims_in(&pod.spec).is_empty();
        let target = involved(pod, "v1");
        let message = format!(
            "Successfully assigned {}/{} to {}",
            pod.metadata.namespace, pod.metadata.name, node
        );
        self.unschedulable.remove(key);
        if needs_claims {
            let Some(pod) = self.store.pods.get(key).cloned() else {
                return;
            };
            if self.provision_claims(&pod, &node) {
                return;
            }
        }
        self.record_event(
            target,
            "Normal",
            "Scheduled",
            message,
            "default-scheduler",
            None,
        );
        let now = self.now;
        self.update_pod(key, |pod| {
            pod.node_name = Some(shared_text(&node));
            pod.status.set_condition("PodScheduled", true, now, None);
            if let Some(c) = pod
                .status
                .conditions
                .iter_mut()
                .find(|c| c.type_() == "PodScheduled")
            {
                c.set_message(None);
            }
        });
        self.kubelet_admit(key);
    }

    /// Moves these unschedulable pods back to the active queue (`movePodsToActiveOrBackoffQueue`;
    /// the backoff queue is popped as soon as the active queue is empty, so they are tried at
    /// once), in key order.
    fn requeue(&mut self, mut keys: Vec<ObjKey>) {
        keys.sort();
        for k in keys {
            if self.unschedulable.remove(&k).is_some() {
                self.schedule_queue.add(k);
            }
        }
    }

    /// A pod left the API. An unschedulable pod leaves the queue; an assigned pod's deletion
    /// (`EventAssignedPodDelete`) moves the pods NodeResourcesFit rejected
    /// (`isSchedulableAfterPodEvent`: any scheduled pod's deletion may free room) and those
    /// VolumeRestrictions rejected that share a claim with it (`isSchedulableAfterPodDeleted`).
    /// An unscheduled pod's deletion moves none.
    pub(crate) fn pod_deleted_for_scheduling(&mut self, deleted: &Pod) {
        let key = deleted.metadata.key();
        self.unschedulable.remove(&key);
        if deleted.node_name.is_none() || self.unschedulable.on_pod_delete.is_empty() {
            return;
        }
        let mut deleted_claims: Option<Vec<String>> = None;
        let mut moved = Vec::new();
        for k in &self.unschedulable.on_pod_delete {
            let plugins = self.unschedulable.pods[k].plugins;
            if plugins.has(Plugins::NODE_RESOURCES_FIT) {
                moved.push(k.clone());
                continue;
            }
            if *k.namespace() != *deleted.metadata.namespace {
                continue;
            }
            let Some(pod) = self.store.pods.get(k) else {
                continue;
            };
            let theirs = deleted_claims.get_or_insert_with(|| claims_in(&deleted.spec));
            if claims_in(&pod.spec).iter().any(|c| theirs.contains(c)) {
                moved.push(k.clone());
            }
        }
        self.requeue(moved);
    }

    /// Moves the unschedulable pods a node event concerns (see [`node_event_queues`]).
    fn node_event(&mut self, old: Option<&Node>, name: &str) {
        let Some(new) = self.store.nodes.get(name) else {
            return;
        };
        let moved: Vec<ObjKey> = self
            .unschedulable
            .pods
            .iter()
            .filter(|(k, r)| {
                self.store
                    .pods
                    .get(k)
                    .is_some_and(|pod| node_event_queues(r.plugins, pod, old, new))
            })
            .map(|(k, _)| k.clone())
            .collect();
        self.requeue(moved);
    }

    /// A node was added (`EventNodeAdd`).
    pub(crate) fn node_added(&mut self, name: &str) {
        if !self.unschedulable.pods.is_empty() {
            self.node_event(None, name);
        }
    }

    /// A node changed from `old` (`updateNodeInCache`'s events).
    pub(crate) fn node_updated(&mut self, old: &Node) {
        if !self.unschedulable.pods.is_empty() {
            self.node_event(Some(old), &old.metadata.name.clone());
        }
    }

    /// A claim was created (`added`) or updated: VolumeBinding (Add | Update) and
    /// VolumeRestrictions (Add) queue the pods that mount it.
    pub(crate) fn claim_event(&mut self, claim: &ObjKey, added: bool) {
        if self.unschedulable.on_volume_event.is_empty() {
            return;
        }
        let moved: Vec<ObjKey> = self
            .unschedulable
            .on_volume_event
            .iter()
            .filter(|k| k.namespace() == claim.namespace())
            .filter(|k| {
                let plugins = self.unschedulable.pods[*k].plugins;
                (plugins.has(Plugins::VOLUME_BINDING)
                    || (added && plugins.has(Plugins::VOLUME_RESTRICTIONS)))
                    && self
                        .store
                        .pods
                        .get(k)
                        .is_some_and(|p| claims_in(&p.spec).iter().any(|c| *c == *claim.name()))
            })
            .cloned()
            .collect();
        self.requeue(moved);
    }

    /// A volume was created or updated: VolumeBinding registered PersistentVolume Add | Update
    /// without a hint, so every pod it rejected is queued.
    pub(crate) fn volume_event(&mut self) {
        let moved: Vec<ObjKey> = self
            .unschedulable
            .on_volume_event
            .iter()
            .filter(|k| {
                self.unschedulable.pods[*k]
                    .plugins
                    .has(Plugins::VOLUME_BINDING)
            })
            .cloned()
            .collect();
        self.requeue(moved);
    }

    /// flushUnschedulablePodsLeftover found the pod unschedulable for longer than
    /// podMaxInUnschedulablePodsDuration (`EventUnschedulableTimeout`, a wildcard event that
    /// moves the pod whatever rejected it): it goes back to the active queue and is tried again
    /// (another FailedScheduling when it still fits nowhere). A timer set for an attempt
    /// that a cluster event has since retried (`since` is no longer the pod's) does nothing.
    pub(crate) fn unschedulable_timeout(&mut self, key: &ObjKey, uid: &str, since: Time) {
        if self.unschedulable.since(key) != Some(since) {
            return;
        }
        let current = self
            .store
            .pods
            .get(key)
            .is_some_and(|p| p.metadata.uid == uid && p.node_name.is_none());
        self.unschedulable.remove(key);
        if current {
            self.schedule_queue.add(key.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, labels: &[(&str, &str)]) -> Node {
        let mut metadata = crate::api::ObjectMeta {
            name: name.into(),
            ..Default::default()
        };
        for (k, v) in labels {
            metadata.labels.insert((*k).into(), (*v).into());
        }
        Node {
            metadata,
            unschedulable: false,
            taints: Vec::new(),
            pod_cidr: String::new(),
            index: 1,
            internal_ip: String::new(),
            cpu_milli: 1000,
            memory_bytes: 1 << 30,
            max_pods: 110,
            ready: "True".into(),
            ready_since: 0,
            last_heartbeat: 0,
            failed: false,
            failed_at: 0,
            images: BTreeSet::new(),
            next_pod_ip: 2,
        }
    }

    fn pod_with(spec: Value) -> Pod {
        Pod {
            metadata: Default::default(),
            spec: std::rc::Rc::new(spec),
            node_name: None,
            identity: None,
            status: Default::default(),
        }
    }

    /// A pod spec whose required node affinity has these terms.
    fn affinity(terms: Value) -> Value {
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": terms
        }}}})
    }

    fn expr(key: &str, op: &str, values: &[&str]) -> Value {
        json!({"matchExpressions": [{"key": key, "operator": op, "values": values}]})
    }

    #[test]
    fn no_selection_matches_every_node() {
        assert!(node_affinity_matches(&json!({}), &node("n", &[])));
        assert!(node_affinity_matches(
            &json!({"affinity": {"nodeAffinity": {}}}),
            &node("n", &[])
        ));
    }

    #[test]
    fn operator_in_and_not_in() {
        let n = node("n", &[("zone", "a")]);
        let bare = node("m", &[]);
        assert!(node_affinity_matches(
            &affinity(json!([expr("zone", "In", &["b", "a"])])),
            &n
        ));
        assert!(!node_affinity_matches(
            &affinity(json!([expr("zone", "In", &["b"])])),
            &n
        ));
        assert!(!node_affinity_matches(
            &affinity(json!([expr("zone", "In", &["a"])])),
            &bare
        ));
        assert!(!node_affinity_matches(
            &affinity(json!([expr("zone", "NotIn", &["a"])])),
            &n
        ));
        assert!(node_affinity_matches(
            &affinity(json!([expr("zone", "NotIn", &["b"])])),
            &n
        ));
        // NotIn matches a node without the label
        assert!(node_affinity_matches(
            &affinity(json!([expr("zone", "NotIn", &["a"])])),
            &bare
        ));
        // In/NotIn need values: the term does not parse and matches nothing
        assert!(!node_affinity_matches(
            &affinity(json!([expr("zone", "NotIn", &[])])),
            &bare
        ));
        // a value that is no label value does not parse
        assert!(!node_affinity_matches(
            &affinity(json!([expr("zone", "NotIn", &["a b"])])),
            &bare
        ));
    }

    #[test]
    fn operator_exists_and_does_not_exist() {
        let n = node("n", &[("gpu", "")]);
        let bare = node("m", &[]);
        let exists =
            affinity(json!([{"matchExpressions": [{"key": "gpu", "operator": "Exists"}]}]));
        let absent =
            affinity(json!([{"matchExpressions": [{"key": "gpu", "operator": "DoesNotExist"}]}]));
        assert!(node_affinity_matches(&exists, &n));
        assert!(!node_affinity_matches(&exists, &bare));
        assert!(!node_affinity_matches(&absent, &n));
        assert!(node_affinity_matches(&absent, &bare));
        // values with Exists do not parse
        assert!(!node_affinity_matches(
            &affinity(json!([expr("gpu", "Exists", &["x"])])),
            &n
        ));
    }

    #[test]
    fn operator_gt_and_lt() {
        let n = node("n", &[("cores", "8"), ("name", "big")]);
        let m = |e: Value| node_affinity_matches(&affinity(json!([e])), &n);
        assert!(m(expr("cores", "Gt", &["4"])));
        assert!(!m(expr("cores", "Gt", &["8"])));
        assert!(m(expr("cores", "Lt", &["16"])));
        assert!(!m(expr("cores", "Lt", &["8"])));
        // the label must exist and be an integer
        assert!(!m(expr("missing", "Gt", &["1"])));
        assert!(!m(expr("missing", "Lt", &["1"])));
        assert!(!m(expr("name", "Gt", &["1"])));
        assert!(!m(expr("name", "Lt", &["1"])));
        // exactly one integer value
        assert!(!m(expr("cores", "Gt", &["x"])));
        assert!(!m(expr("cores", "Gt", &["1", "2"])));
        assert!(!m(expr("cores", "Lt", &[])));
        // an unknown operator does not parse
        assert!(!m(expr("cores", "Equals", &["8"])));
    }

    #[test]
    fn expressions_in_a_term_are_anded() {
        let n = node("n", &[("a", "1"), ("b", "2")]);
        let term = |b: &str| {
            json!({"matchExpressions": [
                {"key": "a", "operator": "In", "values": ["1"]},
                {"key": "b", "operator": "In", "values": [b]},
            ]})
        };
        assert!(node_affinity_matches(&affinity(json!([term("2")])), &n));
        assert!(!node_affinity_matches(&affinity(json!([term("3")])), &n));
    }

    #[test]
    fn match_fields_select_the_node_name() {
        let spec = affinity(json!([{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["node-2"]}
        ]}]));
        assert!(node_affinity_matches(&spec, &node("node-2", &[])));
        assert!(!node_affinity_matches(&spec, &node("node-1", &[])));
        let not_in = affinity(json!([{"matchFields": [
            {"key": "metadata.name", "operator": "NotIn", "values": ["node-2"]}
        ]}]));
        assert!(!node_affinity_matches(&not_in, &node("node-2", &[])));
        assert!(node_affinity_matches(&not_in, &node("node-1", &[])));
        // matchFields and matchExpressions in one term must both match
        let both = affinity(json!([{
            "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-2"]}],
            "matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}],
        }]));
        assert!(node_affinity_matches(
            &both,
            &node("node-2", &[("zone", "a")])
        ));
        assert!(!node_affinity_matches(
            &both,
            &node("node-2", &[("zone", "b")])
        ));
        assert!(!node_affinity_matches(
            &both,
            &node("node-1", &[("zone", "a")])
        ));
        // matchFields In takes exactly one value
        let two = affinity(json!([{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["node-1", "node-2"]}
        ]}]));
        assert!(!node_affinity_matches(&two, &node("node-2", &[])));
    }

    #[test]
    fn terms_are_ored() {
        let spec = affinity(json!([
            expr("zone", "In", &["a"]),
            expr("zone", "In", &["b"])
        ]));
        assert!(node_affinity_matches(&spec, &node("n", &[("zone", "a")])));
        assert!(node_affinity_matches(&spec, &node("n", &[("zone", "b")])));
        assert!(!node_affinity_matches(&spec, &node("n", &[("zone", "c")])));
        // a term that does not parse is skipped: another may still match
        let spec = affinity(json!([
            expr("zone", "Gt", &["x"]),
            expr("zone", "In", &["a"])
        ]));
        assert!(node_affinity_matches(&spec, &node("n", &[("zone", "a")])));
    }

    #[test]
    fn empty_terms_match_nothing() {
        let n = node("n", &[("zone", "a")]);
        assert!(!node_affinity_matches(&affinity(json!([])), &n));
        assert!(!node_affinity_matches(&affinity(json!([{}])), &n));
        assert!(!node_affinity_matches(
            &affinity(json!([{"matchExpressions": [], "matchFields": []}])),
            &n
        ));
        // an empty term beside one that matches changes nothing
        assert!(node_affinity_matches(
            &affinity(json!([{}, expr("zone", "In", &["a"])])),
            &n
        ));
    }

    #[test]
    fn node_selector_and_affinity_both_required() {
        let mut spec = affinity(json!([expr("zone", "In", &["a"])]));
        spec["nodeSelector"] = json!({"disk": "ssd"});
        assert!(node_affinity_matches(
            &spec,
            &node("n", &[("zone", "a"), ("disk", "ssd")])
        ));
        assert!(!node_affinity_matches(&spec, &node("n", &[("zone", "a")])));
        assert!(!node_affinity_matches(
            &spec,
            &node("n", &[("zone", "b"), ("disk", "ssd")])
        ));
        let only_selector = json!({"nodeSelector": {"disk": "ssd"}});
        assert!(node_affinity_matches(
            &only_selector,
            &node("n", &[("disk", "ssd")])
        ));
        assert!(!node_affinity_matches(
            &only_selector,
            &node("n", &[("disk", "hdd")])
        ));
        assert!(!node_affinity_matches(&only_selector, &node("n", &[])));
    }

    #[test]
    fn prefilter_narrows_to_named_nodes() {
        let names = |terms: Value| prefilter_node_names(&affinity(terms));
        let field = |v: &[&str]| json!({"key": "metadata.name", "operator": "In", "values": v});
        assert_eq!(names(json!([])), None);
        assert_eq!(
            names(json!([{"matchFields": [field(&["node-2"])]}])),
            Some(BTreeSet::from(["node-2".to_string()]))
        );
        // the union over terms
        assert_eq!(
            names(json!([
                {"matchFields": [field(&["node-1"])]},
                {"matchFields": [field(&["node-3"])]}
            ])),
            Some(BTreeSet::from(["node-1".to_string(), "node-3".to_string()]))
        );
        // a term without a name requirement leaves every node
        assert_eq!(
            names(json!([{"matchFields": [field(&["node-1"])]}, expr("a", "Exists", &[])])),
            None
        );
        // the intersection within a term: conflicting names leave none
        assert_eq!(
            names(json!([{"matchFields": [field(&["node-1"]), field(&["node-2"])]}])),
            Some(BTreeSet::new())
        );
        assert_eq!(prefilter_node_names(&json!({})), None);
    }

    #[test]
    fn node_events_queue_on_a_new_affinity_match() {
        let pod = pod_with(affinity(json!([expr("zone", "In", &["a"])])));
        let p = Plugins::NODE_AFFINITY;
        let a = node("n", &[("zone", "a")]);
        let b = node("n", &[("zone", "b")]);
        assert!(node_event_queues(p, &pod, None, &a));
        assert!(!node_event_queues(p, &pod, None, &b));
        assert!(node_event_queues(p, &pod, Some(&b), &a));
        assert!(!node_event_queues(p, &pod, Some(&a), &b));
        let mut a2 = a.clone();
        a2.metadata.labels.insert("other".into(), "x".into());
        assert!(!node_event_queues(p, &pod, Some(&a), &a2));
        // a match that does not parse is an error, and an error queues
        let bad = pod_with(affinity(json!([expr("zone", "Gt", &["x"])])));
        assert!(node_event_queues(p, &bad, None, &b));
    }
}
