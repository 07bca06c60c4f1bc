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
    if !selector_matches(pod, node) {
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

/// Whether the node's labels satisfy the pod's required node selection (its `nodeSelector`).
fn selector_matches(pod: &Pod, node: &Node) -> bool {
    let Some(sel) = pod.spec.get("nodeSelector").and_then(Value::as_object) else {
        return true;
    };
    sel.iter()
        .all(|(k, v)| node.metadata.labels.get(k).map(String::as_str) == v.as_str())
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
    // NodeAffinity: Add | UpdateNodeLabel; queue when the node now matches and did not before.
    if plugins.has(Plugins::NODE_AFFINITY)
        && (add || labels_changed)
        && selector_matches(pod, new)
        && old.is_none_or(|o| !selector_matches(pod, o))
    {
        return true;
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
fn tolerates(spec: &Value, taint: &Taint) -> bool {
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
        let prefilter = volume_prefilter(self, pod);
        if prefilter.is_none() {
            for name in self.store.nodes_by_load() {
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
