//! The garbage collector and deletion propagation: background (owner goes now, dependents
//! after), foreground (owner waits with a `foregroundDeletion` finalizer until its blocking
//! dependents are gone) and orphan (dependents lose their ownerReference).

use crate::api::ObjKey;
use crate::sim::Cluster;

/// How a delete treats the deleted object's dependents (`--cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

const FOREGROUND: &str = "foregroundDeletion";

impl Cluster {
    /// Deletes a Deployment with the given propagation.
    pub(crate) fn delete_deployment(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(mut d) = self.store.deployments.get(key).cloned() else {
            return;
        };
        let uid = d.metadata.uid.clone();
        match policy {
            Propagation::Background => self.remove_deployment(key),
            Propagation::Orphan => {
                for k in self.store.replicasets.owned_by(&uid) {
                    if let Some(mut rs) = self.store.replicasets.get(&k).cloned() {
                        rs.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_replicaset(rs);
                    }
                }
                self.remove_deployment(key);
            }
            Propagation::Foreground => {
                if d.metadata.deletion_timestamp.is_none() {
                    d.metadata.deletion_timestamp = Some(self.now);
                    d.metadata.deletion_grace_period_seconds = Some(0);
                    d.metadata.finalizers.push(FOREGROUND.into());
                    self.write_deployment(d);
                }
                for k in self.store.replicasets.owned_by(&uid) {
                    self.delete_replicaset(&k, Propagation::Foreground);
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// Deletes a ReplicaSet with the given propagation.
    pub(crate) fn delete_replicaset(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(mut rs) = self.store.replicasets.get(key).cloned() else {
            return;
        };
        let uid = rs.metadata.uid.clone();
        match policy {
            Propagation::Background => self.remove_replicaset(key),
            Propagation::Orphan => {
                for k in self.store.pods.owned_by(&uid) {
                    if let Some(mut p) = self.store.pods.get(&k).cloned() {
                        p.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_pod(p);
                    }
                }
                self.remove_replicaset(key);
            }
            Propagation::Foreground => {
                if rs.metadata.deletion_timestamp.is_none() {
                    rs.metadata.deletion_timestamp = Some(self.now);
                    rs.metadata.deletion_grace_period_seconds = Some(0);
                    rs.metadata.finalizers.push(FOREGROUND.into());
                    self.write_replicaset(rs);
                }
                for k in self.store.pods.owned_by(&uid) {
                    self.delete_pod_gracefully(&k, None);
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// Deletes a StatefulSet with the given propagation. Its dependents are its pods, its
    /// ControllerRevisions and the claims its retention policy gave it (or their pods).
    pub(crate) fn delete_statefulset(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(mut s) = self.store.statefulsets.get(key).cloned() else {
            return;
        };
        let uid = s.metadata.uid.clone();
        match policy {
            Propagation::Background => self.remove_statefulset(key),
            Propagation::Orphan => {
                for k in self.store.pods.owned_by(&uid) {
                    if let Some(mut p) = self.store.pods.get(&k).cloned() {
                        p.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_pod(p);
                    }
                }
                for k in self.store.controllerrevisions.owned_by(&uid) {
                    if let Some(mut r) = self.store.controllerrevisions.get(&k).cloned() {
                        r.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_controllerrevision(r);
                    }
                }
                for k in self.store.pvcs.owned_by(&uid) {
                    if let Some(mut c) = self.store.pvcs.get(&k).cloned() {
                        c.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_pvc(c);
                    }
                }
                self.remove_statefulset(key);
            }
            Propagation::Foreground => {
                if s.metadata.deletion_timestamp.is_none() {
                    s.metadata.deletion_timestamp = Some(self.now);
                    s.metadata.deletion_grace_period_seconds = Some(0);
                    s.metadata.finalizers.push(FOREGROUND.into());
                    self.write_statefulset(s);
                }
                for k in self.store.pods.owned_by(&uid) {
                    self.delete_pod_gracefully(&k, None);
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// The StatefulSet half of [`Cluster::collect_garbage`]: true when `uid` is a StatefulSet
    /// still present (handled here); otherwise its revisions and claims are collected and the
    /// caller goes on with the pods.
    fn collect_statefulset_garbage(&mut self, uid: &str) -> bool {
        if self.store.statefulsets.is_empty()
            && self.store.controllerrevisions.is_empty()
            && self.store.pvcs.is_empty()
        {
            return false;
        }
        let set = self
            .store
            .statefulsets
            .iter()
            .find(|s| s.metadata.uid == uid)
            .cloned();
        if let Some(s) = set {
            if s.metadata.finalizers.iter().any(|f| f == FOREGROUND)
                && self.store.pods.owned_count(uid) == 0
            {
                for k in self.store.controllerrevisions.owned_by(uid) {
                    self.remove_controllerrevision(&k);
                }
                for k in self.store.pvcs.owned_by(uid) {
                    self.delete_pvc(&k);
                }
                self.watched("StatefulSet", &s.metadata.key(), true);
                self.store.statefulsets.remove(&s.metadata.key());
                self.store.next_resource_version();
            }
            return true;
        }
        for k in self.store.controllerrevisions.owned_by(uid) {
            self.remove_controllerrevision(&k);
        }
        for k in self.store.pvcs.owned_by(uid) {
            self.delete_pvc(&k);
        }
        false
    }

    /// Revision-history cleanup deletes old ReplicaSets in the background.
    pub(crate) fn delete_with_propagation_rs(&mut self, key: &ObjKey) {
        self.delete_replicaset(key, Propagation::Background);
    }

    /// Handles one UID from the GC queue: an owner that is gone has its dependents deleted; an
    /// owner waiting in foreground deletion is removed once its dependents are gone.
    pub(crate) fn collect_garbage(&mut self, uid: &str) {
        if self.collect_statefulset_garbage(uid) {
            return;
        }
        let deployment = self
            .store
            .deployments
            .iter()
            .find(|d| d.metadata.uid == uid)
            .cloned();
        if let Some(d) = deployment {
            if d.metadata.finalizers.iter().any(|f| f == FOREGROUND)
                && self.store.replicasets.owned_count(uid) == 0
            {
                self.remove_deployment(&d.metadata.key());
            }
            return;
        }
        let replicaset = self
            .store
            .replicasets
            .iter()
            .find(|r| r.metadata.uid == uid)
            .cloned();
        if let Some(rs) = replicaset {
            if rs.metadata.finalizers.iter().any(|f| f == FOREGROUND)
                && self.store.pods.owned_count(uid) == 0
            {
                self.remove_replicaset(&rs.metadata.key());
            }
            return;
        }
        for k in self.store.replicasets.owned_by(uid) {
            self.delete_replicaset(&k, Propagation::Background);
        }
        for k in self.store.pods.owned_by(uid) {
            self.delete_pod_gracefully(&k, None);
        }
    }
}
