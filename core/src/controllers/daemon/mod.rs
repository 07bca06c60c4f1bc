//! The DaemonSet controller, mirroring upstream `pkg/controller/daemon`: `mod`
//! (daemon_controller.go: syncDaemonSet, manage, syncNodes, status), `update` (update.go:
//! rollingUpdate, ControllerRevision history), `util` (daemonset_util.go and the scheduling
//! predicates).
//!
//! One pod per node that should run it: created with a `metadata.name` node affinity and bound
//! by the default scheduler, as since v1.12. Node order is by name wherever upstream ranges
//! over a map.

pub mod update;
pub mod util;

use self::util::{by_creation_and_phase, node_should_run, target_node};
use crate::api::daemonset::{DaemonSet, DaemonSetStatus};
use crate::api::{ObjKey, Pod};
use crate::controllers::replicaset::controller_ref;
use crate::sim::{involved, Cluster};
use std::collections::BTreeMap;

pub(crate) const SOURCE: &str = "daemonset-controller";

/// `burstReplicas`: at most this many creations and deletions per sync.
const BURST_REPLICAS: usize = 250;

/// A `kubectl rollout status` watch on a DaemonSet: every write of it is recorded.
#[derive(Debug, Clone, Default)]
pub struct DsWatch {
    pub key: ObjKey,
    pub seen: Vec<DaemonSet>,
}

/// The pods of a DaemonSet by the node they are for (`getNodesToDaemonPods`).
pub(crate) type NodePods = BTreeMap<String, Vec<Pod>>;

impl Cluster {
    /// Writes a DaemonSet (spec, metadata or status) and wakes its controller; a running
    /// `rollout status` sees every write.
    pub(crate) fn write_daemonset(&mut self, mut d: DaemonSet) {
        d.metadata.resource_version = self.store.next_resource_version();
        let key = d.metadata.key();
        if let Some(w) = &mut self.ds_watch {
            if w.key == key {
                w.seen.push(d.clone());
            }
        }
        self.store.daemonsets.put(d);
        self.watched("DaemonSet", &key, false);
        self.daemonset_queue.add(key);
    }

    pub(crate) fn remove_daemonset(&mut self, key: &ObjKey) {
        self.watched("DaemonSet", key, true);
        if let Some(d) = self.store.daemonsets.remove(key) {
            self.store.next_resource_version();
            self.gc_queue.add(d.metadata.uid.clone());
        }
    }

    /// A pod event wakes its controlling DaemonSet; an orphan wakes every DaemonSet in its
    /// namespace that may adopt it.
    pub(crate) fn enqueue_daemonsets_for_pod(&mut self, pod: &Pod) {
        if let Some(r) = pod.metadata.controller_ref() {
            if r.kind == "DaemonSet" {
                self.daemonset_queue
                    .add(ObjKey::new(pod.metadata.namespace.clone(), r.name.clone()));
            }
            return;
        }
        if pod.metadata.deletion_timestamp.is_some() || self.store.daemonsets.is_empty() {
            return;
        }
        let keys: Vec<ObjKey> = self
            .store
            .daemonsets
            .in_namespace(&pod.metadata.namespace)
            .filter(|d| {
                !d.spec.selector.is_empty() && d.spec.selector.matches(&pod.metadata.labels)
            })
            .map(|d| d.metadata.key())
            .collect();
        for k in keys {
            self.daemonset_queue.add(k);
        }
    }

    /// A node was added or changed (labels, taints, readiness): every DaemonSet looks again.
    pub(crate) fn enqueue_all_daemonsets(&mut self) {
        let keys: Vec<ObjKey> = self
            .store
            .daemonsets
            .iter()
            .map(|d| d.metadata.key())
            .collect();
        for k in keys {
            self.daemonset_queue.add(k);
        }
    }

    /// `updatePod`: a daemon pod that turned ready is looked at again once minReadySeconds
    /// (plus a second against clock skew) made it available.
    pub(crate) fn requeue_daemonset_for_min_ready(&mut self, key: &ObjKey) {
        let min_ready = self
            .store
            .daemonsets
            .get(key)
            .map_or(0, |d| d.spec.min_ready_seconds);
        if min_ready > 0 {
            self.after(
                (min_ready as u64 + 1) * 1000,
                crate::sim::Timer::SyncDaemonSet(key.clone()),
            );
        }
    }

    /// `syncDaemonSet`.
    pub(crate) fn sync_daemonset(&mut self, key: &ObjKey) {
        let Some(ds) = self.store.daemonsets.get(key).cloned() else {
            return;
        };
        if ds.spec.selector.is_empty() {
            self.record_event(
                involved(&ds, "apps/v1"),
                "Warning",
                "SelectingAll",
                "This daemon set is selecting all pods. A non-empty selector is required.".into(),
                SOURCE,
                None,
            );
            return;
        }
        let Some((hash, old)) = self.construct_history(&ds) else {
            // a hash collision: the bumped count is written, the next sync uses a new name
            return;
        };
        let Some(ds) = self.store.daemonsets.get(key).cloned() else {
            return;
        };
        let pods = self.claim_daemon_pods(&ds);
        if ds.metadata.deletion_timestamp.is_some() {
            self.update_daemonset_status(&ds, &hash, false);
            return;
        }
        let acted = self.manage_daemons(&ds, &pods, &hash);
        // expectations: pods created or deleted in this sync are waited for before the
        // rolling update looks at the nodes
        if !acted && ds.spec.update_strategy.type_ != "OnDelete" {
            let pods = self.daemon_pods(&ds);
            self.daemon_rolling_update(&ds, &pods, &hash);
        }
        self.cleanup_daemon_history(&ds, &old);
        self.update_daemonset_status(&ds, &hash, true);
    }

    /// The pods the DaemonSet controls, as the store holds them now.
    fn daemon_pods(&self, ds: &DaemonSet) -> Vec<Pod> {
        self.store
            .pods
            .owned_iter(&ds.metadata.uid)
            .cloned()
            .collect()
    }

    /// `getDaemonPods` (ClaimPods): owned pods that still match stay, others are released;
    /// matching orphans are adopted.
    fn claim_daemon_pods(&mut self, ds: &DaemonSet) -> Vec<Pod> {
        let uid = ds.metadata.uid.clone();
        let sel = &ds.spec.selector;
        let mut out = Vec::new();
        for p in self.daemon_pods(ds) {
            if sel.matches(&p.metadata.labels) {
                out.push(p);
            } else if p.metadata.deletion_timestamp.is_none()
                && ds.metadata.deletion_timestamp.is_none()
            {
                let mut released = p;
                released.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_pod(released);
            }
        }
        if ds.metadata.deletion_timestamp.is_some() {
            return out;
        }
        let orphans: Vec<Pod> = self
            .store
            .pods
            .owned_iter("")
            .filter(|p| {
                p.metadata.namespace == ds.metadata.namespace
                    && p.metadata.deletion_timestamp.is_none()
                    && sel.matches(&p.metadata.labels)
            })
            .cloned()
            .collect();
        for mut p in orphans {
            p.metadata.owner_references.push(controller_ref(
                "apps/v1",
                "DaemonSet",
                &ds.metadata.name,
                &uid,
            ));
            self.write_pod(p.clone());
            out.push(p);
        }
        out
    }

    /// `getNodesToDaemonPods`: the pods by target node, leaving out finished pods already being
    /// deleted unless asked; each node's pods in the store's order.
    pub(crate) fn nodes_to_daemon_pods(pods: &[Pod], include_deleted_terminal: bool) -> NodePods {
        let mut out: NodePods = BTreeMap::new();
        for p in pods {
            if !include_deleted_terminal
                && p.status.phase.is_terminal()
                && p.metadata.deletion_timestamp.is_some()
            {
                continue;
            }
            let node = target_node(p).unwrap_or("").to_string();
            out.entry(node).or_default().push(p.clone());
        }
        out
    }

    /// `manage`: a pod for each node that should run one and has none; no pod where none
    /// should run; failed and succeeded pods deleted; surplus pods (without surge) deleted
    /// but the oldest. True when it created or deleted anything.
    fn manage_daemons(&mut self, ds: &DaemonSet, pods: &[Pod], hash: &str) -> bool {
        let by_node = Self::nodes_to_daemon_pods(pods, false);
        let spec = util::daemon_pod_spec(ds);
        let surge = update::allows_surge(ds);
        let mut create = Vec::new();
        let mut delete = Vec::new();
        let mut failed_deleted = false;
        // each node's verdict first: the loop below records events (a mutable borrow)
        let verdicts: Vec<(String, bool, bool)> = self
            .store
            .nodes
            .values()
            .map(|node| {
                let (run, cont) = node_should_run(&spec, node);
                (node.metadata.name.clone(), run, cont)
            })
            .collect();
        for (name, should_run, should_continue) in &verdicts {
            let (name, should_run, should_continue) =
                (name.as_str(), *should_run, *should_continue);
            let daemon_pods = by_node.get(name).map(Vec::as_slice).unwrap_or(&[]);
            let exists = !daemon_pods.is_empty();
            if should_run && !exists {
                create.push(name.to_string());
            } else if should_continue {
                let mut running: Vec<&Pod> = Vec::new();
                for p in daemon_pods {
                    if p.metadata.deletion_timestamp.is_some() {
                        continue;
                    }
                    match p.status.phase.as_str() {
                        "Failed" => {
                            self.record_event(
                                involved(ds, "apps/v1"),
                                "Warning",
                                "FailedDaemonPod",
                                format!(
                                    "Found failed daemon pod {}/{} on node {name}, will try to kill it",
                                    p.metadata.namespace, p.metadata.name
                                ),
                                SOURCE,
                                None,
                            );
                            failed_deleted = true;
                            delete.push(p.metadata.key());
                        }
                        "Succeeded" => delete.push(p.metadata.key()),
                        _ => running.push(p),
                    }
                }
                if !surge {
                    if running.len() > 1 {
                        running.sort_by(|a, b| by_creation_and_phase(a, b));
                        delete.extend(running[1..].iter().map(|p| p.metadata.key()));
                    }
                } else {
                    // with surge: two pods only while the oldest of the current hash is not
                    // available and the oldest other one is ready; the rest go
                    running.sort_by(|a, b| by_creation_and_phase(a, b));
                    let (mut oldest_new, mut oldest_old): (Option<&Pod>, Option<&Pod>) =
                        (None, None);
                    for p in running {
                        let slot = if p.metadata.labels.get(util::HASH_LABEL).map(String::as_str)
                            == Some(hash)
                        {
                            &mut oldest_new
                        } else {
                            &mut oldest_old
                        };
                        if slot.is_none() {
                            *slot = Some(p);
                        } else {
                            delete.push(p.metadata.key());
                        }
                    }
                    if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
                        if !old.is_ready() || new.is_available(ds.spec.min_ready_seconds, self.now)
                        {
                            delete.push(old.metadata.key());
                        }
                    }
                }
            } else if exists {
                delete.extend(
                    daemon_pods
                        .iter()
                        .filter(|p| p.metadata.deletion_timestamp.is_none())
                        .map(|p| p.metadata.key()),
                );
            }
        }
        // unscheduled pods for nodes that no longer exist
        for (node, node_pods) in &by_node {
            if !self.store.nodes.contains_key(node) {
                delete.extend(
                    node_pods
                        .iter()
                        .filter(|p| {
                            p.node_name.is_none() && p.metadata.deletion_timestamp.is_none()
                        })
                        .map(|p| p.metadata.key()),
                );
            }
        }
        if failed_deleted {
            // the failed-pods back-off: look again once the replacement could have started
            self.after(1000, crate::sim::Timer::SyncDaemonSet(ds.metadata.key()));
        }
        self.sync_daemon_nodes(ds, &delete, &create, hash)
    }

    /// `syncNodes`: creates on the nodes in slow-start batches (1, 2, 4, …), then deletes; at
    /// most [`BURST_REPLICAS`] of each. True when it did anything.
    pub(crate) fn sync_daemon_nodes(
        &mut self,
        ds: &DaemonSet,
        delete: &[ObjKey],
        create: &[String],
        hash: &str,
    ) -> bool {
        let create = &create[..create.len().min(BURST_REPLICAS)];
        let delete = &delete[..delete.len().min(BURST_REPLICAS)];
        if !create.is_empty() {
            let template = util::create_pod_template(ds, hash);
            let spec = crate::api::defaults::pod_spec_from_template(&template.spec);
            for node in create {
                let mut t = template.clone();
                t.spec = std::rc::Rc::new(util::with_node_affinity(&spec, node));
                // admission: the ServiceAccount plugin, then Priority
                let generated = format!("{}-", ds.metadata.name);
                let refused = self
                    .service_account_error(&ds.metadata.namespace, &generated, &t.spec)
                    .or_else(|| {
                        crate::api::priority::check_spec(&t.spec)
                            .err()
                            .map(|reason| crate::api::priority::forbidden(&generated, &reason))
                    });
                let created = match refused {
                    Some(msg) => Err(msg),
                    None => self.create_pod_from_template(ds, "DaemonSet", "apps/v1", &t),
                };
                let name = match created {
                    Ok(name) => name,
                    Err(msg) => {
                        self.record_event(
                            involved(ds, "apps/v1"),
                            "Warning",
                            "FailedCreate",
                            format!("Error creating: {msg}"),
                            SOURCE,
                            None,
                        );
                        // the failed sync is retried with the workqueue's back-off
                        let key = ds.metadata.key();
                        let delay = self.retry_delay_ms(crate::sim::SyncKind::DaemonSet, &key);
                        self.after(delay, crate::sim::Timer::SyncDaemonSet(key));
                        break;
                    }
                };
                self.record_event(
                    involved(ds, "apps/v1"),
                    "Normal",
                    "SuccessfulCreate",
                    format!("Created pod: {name}"),
                    SOURCE,
                    None,
                );
                self.forget_failures(crate::sim::SyncKind::DaemonSet, &ds.metadata.key());
            }
        }
        for key in delete {
            if self.store.pods.contains(key) {
                self.delete_pod_gracefully(key, None);
                self.record_event(
                    involved(ds, "apps/v1"),
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", key.name()),
                    SOURCE,
                    None,
                );
            }
        }
        !create.is_empty() || !delete.is_empty()
    }

    /// `updateDaemonSetStatus`: the counts over the nodes that should run a daemon (the
    /// oldest pod of each node counts), written only when they changed.
    fn update_daemonset_status(&mut self, ds: &DaemonSet, hash: &str, observe: bool) {
        let pods = self.daemon_pods(ds);
        let by_node = Self::nodes_to_daemon_pods(&pods, false);
        let spec = util::daemon_pod_spec(ds);
        let now = self.now;
        let min_ready = ds.spec.min_ready_seconds;
        let mut st = DaemonSetStatus {
            observed_generation: ds.status.observed_generation,
            ..Default::default()
        };
        for node in self.store.nodes.values() {
            let (should_run, _) = node_should_run(&spec, node);
            let node_pods = by_node.get(&node.metadata.name);
            let scheduled = node_pods.is_some_and(|p| !p.is_empty());
            if !should_run {
                if scheduled {
                    st.number_misscheduled += 1;
                }
                continue;
            }
            st.desired_number_scheduled += 1;
            let Some(node_pods) = node_pods.filter(|p| !p.is_empty()) else {
                continue;
            };
            st.current_number_scheduled += 1;
            let Some(pod) = node_pods.iter().min_by(|a, b| by_creation_and_phase(a, b)) else {
                continue;
            };
            if pod.is_ready() {
                st.number_ready += 1;
                if pod.is_available(min_ready, now) {
                    st.number_available += 1;
                }
            }
            if util::is_pod_updated(pod, hash, ds.template_generation) {
                st.updated_number_scheduled += 1;
            }
        }
        st.number_unavailable = st.desired_number_scheduled - st.number_available;
        if observe {
            st.observed_generation = ds.metadata.generation;
        }
        if min_ready > 0 && st.number_ready != st.number_available {
            self.after(
                min_ready as u64 * 1000,
                crate::sim::Timer::SyncDaemonSet(ds.metadata.key()),
            );
        }
        let Some(mut cur) = self.store.daemonsets.get(&ds.metadata.key()).cloned() else {
            return;
        };
        let counts = |s: &DaemonSetStatus| {
            [
                s.desired_number_scheduled,
                s.current_number_scheduled,
                s.number_misscheduled,
                s.number_ready,
                s.updated_number_scheduled,
                s.number_available,
                s.number_unavailable,
            ]
        };
        if counts(&cur.status) == counts(&st)
            && cur.status.observed_generation >= cur.metadata.generation
        {
            return;
        }
        st.collision_count = cur.status.collision_count;
        cur.status = st;
        self.write_daemonset_status(cur);
    }

    /// A status write: no new sync of the DaemonSet is needed for it.
    fn write_daemonset_status(&mut self, mut d: DaemonSet) {
        d.metadata.resource_version = self.store.next_resource_version();
        let key = d.metadata.key();
        if let Some(w) = &mut self.ds_watch {
            if w.key == key {
                w.seen.push(d.clone());
            }
        }
        self.store.daemonsets.put(d);
        self.watched("DaemonSet", &key, false);
    }
}
