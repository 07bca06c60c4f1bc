//! The StatefulSet controller (spec §8), mirroring upstream's files: `mod` (the sync: adopt
//! revisions, claim pods), `control` (updateStatefulSet), `history` (ControllerRevisions),
//! `utils` (identity, storage, retention).

mod control;
pub mod history;
pub mod utils;

#[cfg(test)]
mod tests;

use self::utils::is_member_of;
use crate::api::{ObjKey, Pod, StatefulSet};
use crate::controllers::replicaset::controller_ref;
use crate::sim::Cluster;

pub(crate) const SOURCE: &str = "statefulset-controller";

/// A `kubectl rollout status` watch on a StatefulSet: every write of it is recorded.
#[derive(Debug, Clone, Default)]
pub struct StsWatch {
    pub key: ObjKey,
    pub seen: Vec<StatefulSet>,
}

impl Cluster {
    /// `sync`: adopt orphan revisions, claim pods, update.
    pub(crate) fn sync_statefulset(&mut self, key: &ObjKey) {
        let Some(set) = self.store.statefulsets.get(key).cloned() else {
            return;
        };
        if set.spec.selector.is_empty() {
            return;
        }
        self.adopt_orphan_revisions(&set);
        let pods = self.claim_statefulset_pods(&set);
        self.statefulset_sync_failed = false;
        let status = self.update_statefulset(&set, &pods);
        if !self.statefulset_sync_failed {
            self.forget_failures(crate::sim::SyncKind::StatefulSet, key);
        }
        let min_ready = set.spec.min_ready_seconds;
        if min_ready > 0 && status.available_replicas != set.spec.replicas {
            self.after(
                min_ready as u64 * 1000,
                crate::sim::Timer::SyncStatefulSet(key.clone()),
            );
        }
    }

    /// `getPodsForStatefulSet` (ClaimPods with the `isMemberOf` filter): owned pods that still
    /// match stay, others are released; matching orphans are adopted.
    fn claim_statefulset_pods(&mut self, set: &StatefulSet) -> Vec<Pod> {
        let uid = set.metadata.uid.clone();
        let sel = &set.spec.selector;
        let matches = |p: &Pod| sel.matches(&p.metadata.labels) && is_member_of(set, p);
        let mut out = Vec::new();
        let owned: Vec<Pod> = self.store.pods.owned_iter(&uid).cloned().collect();
        for p in owned {
            if matches(&p) {
                out.push(p);
            } else if p.metadata.deletion_timestamp.is_none()
                && set.metadata.deletion_timestamp.is_none()
            {
                let mut released = p;
                released.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_pod(released);
            }
        }
        if set.metadata.deletion_timestamp.is_some() {
            return out;
        }
        let orphans: Vec<Pod> = self
            .store
            .pods
            .owned_iter("")
            .filter(|p| {
                p.metadata.namespace == set.metadata.namespace
                    && p.metadata.deletion_timestamp.is_none()
                    && matches(p)
            })
            .cloned()
            .collect();
        for mut p in orphans {
            p.metadata.owner_references.push(controller_ref(
                "apps/v1",
                "StatefulSet",
                &set.metadata.name,
                &uid,
            ));
            self.write_pod(p.clone());
            out.push(p);
        }
        out
    }

    /// Writes a StatefulSet (spec, metadata or status) and wakes its controller; a running
    /// `rollout status` sees every write.
    pub(crate) fn write_statefulset(&mut self, mut s: StatefulSet) {
        s.metadata.resource_version = self.store.next_resource_version();
        let key = s.metadata.key();
        if let Some(w) = &mut self.sts_watch {
            if w.key == key {
                w.seen.push(s.clone());
            }
        }
        self.store.statefulsets.put(s);
        self.watched("StatefulSet", &key, false);
        self.statefulset_queue.add(key);
    }

    pub(crate) fn remove_statefulset(&mut self, key: &ObjKey) {
        self.watched("StatefulSet", key, true);
        if let Some(s) = self.store.statefulsets.remove(key) {
            self.store.next_resource_version();
            self.gc_queue.add(s.metadata.uid.clone());
        }
    }

    /// A pod event wakes its controlling StatefulSet; an orphan wakes every StatefulSet in its
    /// namespace that may adopt it.
    pub(crate) fn enqueue_statefulsets_for_pod(&mut self, pod: &Pod) {
        if let Some(r) = pod.metadata.controller_ref() {
            if r.kind == "StatefulSet" {
                self.statefulset_queue
                    .add(ObjKey::new(pod.metadata.namespace.clone(), r.name.clone()));
            }
            return;
        }
        if pod.metadata.deletion_timestamp.is_some() || self.store.statefulsets.is_empty() {
            return;
        }
        let keys: Vec<ObjKey> = self
            .store
            .statefulsets
            .in_namespace(&pod.metadata.namespace)
            .filter(|s| {
                !s.spec.selector.is_empty() && s.spec.selector.matches(&pod.metadata.labels)
            })
            .map(|s| s.metadata.key())
            .collect();
        for k in keys {
            self.statefulset_queue.add(k);
        }
    }
}
