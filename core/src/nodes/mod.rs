//! Nodes: their creation and lifecycle (`sim node fail|recover`, `sim nodes N`), the scheduler,
//! the kubelet and the image registry.

pub mod config_sources;
pub mod dns;
pub mod kubelet;
pub mod prober;
pub mod process;
pub mod registry;
pub mod restarts;
pub mod scheduler;
pub mod spec_facts;

use crate::api::{Node, ObjKey, PodCondition, Taint};
use crate::sim::{involved, Cluster, Timer};
use std::collections::BTreeSet;

pub const CONTROL_PLANE: &str = "control-plane";
const CPU_MILLI: i64 = 4_000;
const MEMORY_BYTES: i64 = 8 << 30;
const MAX_PODS: i64 = 110;
/// Upper bound on worker nodes (upstream's supported limit).
pub const MAX_WORKERS: u32 = 5_000;

impl Cluster {
    fn make_node(&mut self, name: &str, index: u32) -> Node {
        let mut meta = self.new_meta("", name);
        meta.generation = 0;
        meta.resource_version = self.store.next_resource_version();
        for (k, v) in [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name),
            ("kubernetes.io/os", "linux"),
        ] {
            meta.labels.insert(k.into(), v.into());
        }
        let mut images = BTreeSet::new();
        images.extend(self.registry.local.iter().cloned());
        Node {
            metadata: meta,
            unschedulable: false,
            taints: Vec::new(),
            pod_cidr: format!("10.244.{index}.0/24"),
            index,
            internal_ip: format!("172.18.0.{}", index + 2),
            cpu_milli: CPU_MILLI,
            memory_bytes: MEMORY_BYTES,
            max_pods: MAX_PODS,
            ready: "True".into(),
            ready_since: self.now,
            last_heartbeat: self.now,
            failed: false,
            failed_at: 0,
            images,
            next_pod_ip: 2,
        }
    }

    pub(crate) fn add_control_plane(&mut self) {
        let mut node = self.make_node(CONTROL_PLANE, 0);
        node.metadata.labels.insert(
            "node-role.kubernetes.io/control-plane".into(),
            String::new(),
        );
        node.metadata.labels.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            String::new(),
        );
        node.taints.push(Taint {
            key: "node-role.kubernetes.io/control-plane".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        });
        self.store.nodes.insert(CONTROL_PLANE.into(), node);
        self.store.index_node(CONTROL_PLANE);
    }

    /// `sim nodes N`: grows or shrinks the worker pool to `n` nodes `node-1..node-N`. Removed
    /// nodes take their pods with them (their controllers replace them elsewhere).
    pub fn set_worker_count(&mut self, n: u32) {
        self.finish_instant();
        let n = n.min(MAX_WORKERS);
        let current: Vec<String> = self
            .store
            .nodes
            .keys()
            .filter(|k| k.starts_with("node-"))
            .cloned()
            .collect();
        for name in current {
            let idx: u32 = name[5..].parse().unwrap_or(0);
            if idx > n {
                for key in self.store.pods_on_node(&name) {
                    self.remove_pod(&key);
                }
                self.watched("Node", &ObjKey::new("", name.as_str()), true);
                self.store.unindex_node(&name);
                self.store.nodes.remove(&name);
                self.store.pods_by_node.remove(&name);
            }
        }
        for i in 1..=n {
            let name = format!("node-{i}");
            if !self.store.nodes.contains_key(&name) {
                let node = self.make_node(&name, i);
                self.store.nodes.insert(name.clone(), node);
                self.store.index_node(&name);
                self.node_added(&name);
                self.watched("Node", &ObjKey::new("", name.as_str()), false);
            }
        }
        self.drain();
    }

    /// `sim node fail NODE`: the kubelet stops. After the node monitor grace period the node turns
    /// NotReady and its pods unready; after the eviction toleration the pods are evicted (PRODUCT §4.2).
    pub fn fail_node(&mut self, name: &str) -> Result<(), String> {
        self.finish_instant();
        let now = self.now;
        let node = self
            .store
            .nodes
            .get_mut(name)
            .ok_or_else(|| format!("nodes \"{name}\" not found"))?;
        if node.failed {
            return Ok(());
        }
        node.failed = true;
        node.failed_at = now;
        let grace = self.timings.node_monitor_grace_ms;
        self.after(
            grace,
            Timer::NodeMonitor {
                node: name.to_string(),
                since: now,
            },
        );
        Ok(())
    }

    /// `sim node recover NODE`: the kubelet is back; the node is Ready again, terminating pods
    /// finish terminating and the rest report their status again.
    pub fn recover_node(&mut self, name: &str) -> Result<(), String> {
        self.finish_instant();
        let now = self.now;
        let node = self
            .store
            .nodes
            .get_mut(name)
            .ok_or_else(|| format!("nodes \"{name}\" not found"))?;
        if !node.failed {
            return Ok(());
        }
        let old = node.clone();
        node.failed = false;
        let was_not_ready = node.ready != "True";
        node.ready = "True".into();
        node.last_heartbeat = now;
        node.taints
            .retain(|t| t.key != "node.kubernetes.io/unreachable");
        if was_not_ready {
            node.ready_since = now;
            let node = node.clone();
            self.record_event(
                involved(&node, "v1"),
                "Normal",
                "NodeReady",
                format!("Node {name} status is now: NodeReady"),
                "node-controller",
                None,
            );
        }
        self.watched("Node", &ObjKey::new("", name), false);
        for key in self.store.pods_on_node(name) {
            self.kubelet_resume(&key);
        }
        self.node_updated(&old);
        self.drain();
        Ok(())
    }

    pub(crate) fn node_monitor_expired(&mut self, name: &str, since: crate::api::Time) {
        let now = self.now;
        let Some(node) = self.store.nodes.get_mut(name) else {
            return;
        };
        if !node.failed || node.failed_at != since {
            return;
        }
        node.ready = "Unknown".into();
        node.ready_since = now;
        for effect in ["NoSchedule", "NoExecute"] {
            node.taints.push(Taint {
                key: "node.kubernetes.io/unreachable".into(),
                value: String::new(),
                effect: effect.into(),
                time_added: Some(now),
            });
        }
        let node = node.clone();
        self.watched("Node", &ObjKey::new("", name), false);
        self.record_event(
            involved(&node, "v1"),
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
            None,
        );
        for key in self.store.pods_on_node(name) {
            self.mark_pod_not_ready(&key);
        }
        let toleration = self.timings.eviction_toleration_ms;
        self.after(
            toleration,
            Timer::NodeEvict {
                node: name.to_string(),
                since,
            },
        );
    }

    /// Node lifecycle controller's MarkPodsNotReady: Ready=False, and a NodeNotReady event per pod.
    /// Only the Ready condition changes: the container statuses are the kubelet's, which no longer
    /// reports, so they stay ready (`kubectl get pods` keeps showing 1/1 Running).
    fn mark_pod_not_ready(&mut self, key: &ObjKey) {
        let Some(mut pod) = self.store.pods.get(key).cloned() else {
            return;
        };
        let now = self.now;
        pod.status.set_condition("Ready", false, now, None);
        self.record_event(
            involved(&pod, "v1"),
            "Warning",
            "NodeNotReady",
            "Node is not ready".into(),
            "node-controller",
            None,
        );
        self.write_pod(pod);
    }

    /// The taint eviction controller, for a node that got a NoExecute taint: pods that do not
    /// tolerate it are marked for deletion now; pods that tolerate it for a while
    /// (`tolerationSeconds`) when the shortest of those runs out.
    pub(crate) fn taint_evict(&mut self, name: &str) {
        for key in self.store.pods_on_node(name) {
            let Some((uid, grace)) = self.no_execute_grace(&key) else {
                continue;
            };
            match grace {
                0 => self.taint_eviction(&key),
                s => self.after(s as u64 * 1000, Timer::TaintEviction { pod: key, uid }),
            }
        }
    }

    /// A pod's `tolerationSeconds` ran out: evicted if its node's NoExecute taints still allow
    /// it only so long.
    pub(crate) fn taint_eviction_due(&mut self, key: &ObjKey, uid: &str) {
        if self
            .no_execute_grace(key)
            .is_some_and(|(live, _)| live == uid)
        {
            self.taint_eviction(key);
        }
    }

    /// A live pod's UID and how long its node's NoExecute taints let it stay, if they limit it.
    fn no_execute_grace(&self, key: &ObjKey) -> Option<(String, i64)> {
        let pod = self.store.pods.get(key)?;
        if pod.metadata.deletion_timestamp.is_some() {
            return None;
        }
        let node = self.store.nodes.get(pod.node_name.as_deref()?)?;
        let grace = scheduler::no_execute_grace(&pod.spec, &node.taints)?;
        Some((pod.metadata.uid.clone(), grace))
    }

    /// The taint eviction controller's deletePodHandler: a Normal TaintManagerEviction event, then
    /// addConditionAndDeletePod — a DisruptionTarget condition, then a graceful delete.
    fn taint_eviction(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key).cloned() else {
            return;
        };
        self.record_event(
            involved(&pod, "v1"),
            "Normal",
            "TaintManagerEviction",
            format!(
                "Marking for deletion Pod {}/{}",
                pod.metadata.namespace, pod.metadata.name
            ),
            "taint-eviction-controller",
            None,
        );
        let now = self.now;
        if pod.status.condition("DisruptionTarget").is_none() {
            self.update_pod(key, |pod| {
                pod.status.conditions.extend(PodCondition::new(
                    "DisruptionTarget",
                    true,
                    now,
                    Some("DeletionByTaintManager"),
                    Some("Taint manager: deleting due to NoExecute taint".into()),
                ));
            });
        }
        self.delete_pod_gracefully(key, None);
    }

    /// The Eviction API's `addConditionAndDeletePod` (pkg/registry/core/pod/storage/
    /// eviction.go): a DisruptionTarget condition (`EvictionByEvictionAPI`) on a pod not yet
    /// finished, before the delete.
    pub(crate) fn mark_evicted(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if pod.status.phase.is_terminal() || pod.status.condition("DisruptionTarget").is_some() {
            return;
        }
        let now = self.now;
        self.update_pod(key, |pod| {
            pod.status.conditions.extend(PodCondition::new(
                "DisruptionTarget",
                true,
                now,
                Some("EvictionByEvictionAPI"),
                Some("Eviction API: evicting".into()),
            ));
        });
    }

    pub(crate) fn node_evict(&mut self, name: &str, since: crate::api::Time) {
        let Some(node) = self.store.nodes.get(name) else {
            return;
        };
        if !node.failed || node.failed_at != since {
            return;
        }
        for key in self.store.pods_on_node(name) {
            let Some(pod) = self.store.pods.get(&key).cloned() else {
                continue;
            };
            if pod.metadata.deletion_timestamp.is_some() {
                continue;
            }
            self.taint_eviction(&key);
        }
    }
}
