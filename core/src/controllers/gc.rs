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

    /// Revision-history cleanup deletes old ReplicaSets in the background.
    pub(crate) fn delete_with_propagation_rs(&mut self, key: &ObjKey) {
        self.delete_replicaset(key, Propagation::Background);
    }

    /// Handles one UID from the GC queue: an owner that is gone has its dependents deleted; an
    /// owner waiting in foreground deletion is removed once its dependents are gone.
    pub(crate) fn collect_garbage(&mut self, uid: &str) {
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
