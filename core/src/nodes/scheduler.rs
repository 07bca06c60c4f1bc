//! The scheduler: binds each pending pod to the least-loaded feasible node (the default
//! scheduler's spreading, approximated), or records FailedScheduling with the upstream wording.

use crate::api::Time;
use crate::api::{containers_of, ObjKey, Pod, Taint};
use crate::controllers::volume::claims_in;
use crate::sim::{involved, Cluster, Timer};
use serde_json::Value;
use std::collections::BTreeMap;

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

/// Why a node cannot take a pod, in the scheduler's words.
fn misfit(cluster: &Cluster, node_name: &str, pod: &Pod, cpu: i64, mem: i64) -> Option<String> {
    let node = cluster.store.nodes.get(node_name)?;
    if node.unschedulable {
        return Some("node(s) were unschedulable".into());
    }
    for t in &node.taints {
        if t.effect != "PreferNoSchedule" && !tolerates(&pod.spec, t) {
            return Some(format!(
                "node(s) had untolerated taint {{{}: {}}}",
                t.key, t.value
            ));
        }
    }
    if let Some(sel) = pod.spec.get("nodeSelector").and_then(Value::as_object) {
        if sel
            .iter()
            .any(|(k, v)| node.metadata.labels.get(k).map(String::as_str) != v.as_str())
        {
            return Some("node(s) didn't match Pod's node affinity/selector".into());
        }
    }
    if let Some(r) = cluster.volume_misfit(pod, node_name) {
        return Some(r);
    }
    if cluster.store.pod_count_on_node(node_name) as i64 >= node.max_pods {
        return Some("Too many pods".into());
    }
    if cpu > 0 || mem > 0 {
        let (mut used_cpu, mut used_mem) = (0, 0);
        for k in cluster
            .store
            .pods_by_node
            .get(node_name)
            .into_iter()
            .flatten()
        {
            if let Some(p) = cluster.store.pods.get(k) {
                for c in containers_of(&p.spec) {
                    used_cpu += c.cpu_request_milli;
                    used_mem += c.memory_request_bytes;
                }
            }
        }
        if used_cpu + cpu > node.cpu_milli {
            return Some("Insufficient cpu".into());
        }
        if used_mem + mem > node.memory_bytes {
            return Some("Insufficient memory".into());
        }
    }
    None
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
        let (cpu, mem) = containers_of(&pod.spec).iter().fold((0, 0), |(c, m), x| {
            (c + x.cpu_request_milli, m + x.memory_request_bytes)
        });
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut chosen = None;
        for name in self.store.nodes_by_load() {
            match misfit(self, name, pod, cpu, mem) {
                None => {
                    chosen = Some(name.to_string());
                    break;
                }
                Some(r) => *reasons.entry(r).or_default() += 1,
            }
        }
        let Some(node) = chosen else {
            let total = self.store.nodes.len();
            // FitError.Error's sortReasonsHistogram: "COUNT REASON" strings, sorted as strings.
            let mut detail: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            crate::sort::sort(&mut detail);
            // Preemption's own histogram: every node whose filter failure is unresolvable gets the
            // same status ("Preemption is not helpful for scheduling"), counted once as a group.
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
            let message = format!(
                "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
                detail.join(", "),
                preemption.join(", ")
            );
            // updatePod writes the pod only when the condition changes (a retry that fails
            // the same way leaves it alone)
            let unchanged = pod.status.condition("PodScheduled").is_some_and(|c| {
                c.status == "False"
                    && c.reason == Some("Unschedulable")
                    && c.message.as_deref() == Some(message.as_str())
            });
            let pod = pod.clone();
            let now = self.now;
            self.unschedulable.insert(key.clone(), now);
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
                .find(|c| c.type_ == "PodScheduled")
            {
                c.message = Some(message.into());
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
            pod.node_name = Some(node);
            pod.status.set_condition("PodScheduled", true, now, None);
            if let Some(c) = pod
                .status
                .conditions
                .iter_mut()
                .find(|c| c.type_ == "PodScheduled")
            {
                c.message = None;
            }
        });
        self.kubelet_admit(key);
    }

    /// Capacity or nodes changed: pending pods get another chance (the queue's
    /// MoveAllToActiveOrBackoffQueue on a cluster event).
    pub(crate) fn retry_unschedulable(&mut self) {
        for (k, _) in std::mem::take(&mut self.unschedulable) {
            self.schedule_queue.add(k);
        }
    }

    /// flushUnschedulablePodsLeftover found the pod unschedulable for longer than
    /// podMaxInUnschedulablePodsDuration: it goes back to the active queue and is tried again
    /// (another FailedScheduling when it still fits nowhere). A timer set for an attempt
    /// that a cluster event has since retried (`since` is no longer the pod's) does nothing.
    pub(crate) fn unschedulable_timeout(&mut self, key: &ObjKey, uid: &str, since: Time) {
        if self.unschedulable.get(key) != Some(&since) {
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
