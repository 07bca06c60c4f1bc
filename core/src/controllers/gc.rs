//! The garbage collector and deletion propagation: background (owner goes now, dependents
//! after), foreground (owner waits with a `foregroundDeletion` finalizer until its blocking
//! dependents are gone) and orphan (owner waits with an `orphan` finalizer until the collector
//! has taken its ownerReference off its dependents).
//!
//! The API server marks an owner that keeps a finalizer as deleting (`markAsDeleting` in
//! apiserver's `registry/generic/registry/store.go`: deletionTimestamp now, grace period 0) and
//! answers the delete with that object; the collector (`garbagecollector.go`,
//! `attemptToDeleteItem` / `orphanDependents`) finishes the work and removes the finalizer.

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
const ORPHAN: &str = "orphan";

/// `markAsDeleting` (a first deletion bumps the generation of an object that has one) and the
/// finalizer the propagation policy asks for (`deletionFinalizersForGarbageCollection`): true
/// when the object changed.
fn mark_deleting(
    meta: &mut crate::api::ObjectMeta,
    now: crate::api::Time,
    finalizer: &str,
) -> bool {
    let mut changed = false;
    if meta.deletion_timestamp.is_none() {
        if meta.generation > 0 {
            meta.generation += 1;
        }
        meta.deletion_timestamp = Some(now);
        meta.deletion_grace_period_seconds = Some(0);
        changed = true;
    }
    if !meta.finalizers.iter().any(|f| f == finalizer) {
        meta.finalizers.push(finalizer.into());
        changed = true;
    }
    changed
}

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
                if mark_deleting(&mut d.metadata, self.now, ORPHAN) {
                    self.write_deployment(d);
                }
                self.gc_queue.add(uid);
            }
            Propagation::Foreground => {
                if mark_deleting(&mut d.metadata, self.now, FOREGROUND) {
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
                if mark_deleting(&mut rs.metadata, self.now, ORPHAN) {
                    self.write_replicaset(rs);
                }
                self.gc_queue.add(uid);
            }
            Propagation::Foreground => {
                if mark_deleting(&mut rs.metadata, self.now, FOREGROUND) {
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
                if mark_deleting(&mut s.metadata, self.now, ORPHAN) {
                    self.write_statefulset(s);
                }
                self.gc_queue.add(uid);
            }
            Propagation::Foreground => {
                if mark_deleting(&mut s.metadata, self.now, FOREGROUND) {
                    self.write_statefulset(s);
                }
                for k in self.store.pods.owned_by(&uid) {
                    self.delete_pod_gracefully(&k, None);
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// Deletes a DaemonSet with the given propagation. Its dependents are its pods and its
    /// ControllerRevisions.
    pub(crate) fn delete_daemonset(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(mut d) = self.store.daemonsets.get(key).cloned() else {
            return;
        };
        let uid = d.metadata.uid.clone();
        match policy {
            Propagation::Background => self.remove_daemonset(key),
            Propagation::Orphan => {
                if mark_deleting(&mut d.metadata, self.now, ORPHAN) {
                    self.write_daemonset(d);
                }
                self.gc_queue.add(uid);
            }
            Propagation::Foreground => {
                if mark_deleting(&mut d.metadata, self.now, FOREGROUND) {
                    self.write_daemonset(d);
                }
                for k in self.store.pods.owned_by(&uid) {
                    self.delete_pod_gracefully(&k, None);
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// Deletes a Job with the given propagation. Its dependents are its pods.
    pub(crate) fn delete_job(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(mut j) = self.store.jobs.get(key).cloned() else {
            return;
        };
        let uid = j.metadata.uid.clone();
        match policy {
            Propagation::Background => self.remove_job(key),
            Propagation::Orphan | Propagation::Foreground => {
                let finalizer = if policy == Propagation::Orphan {
                    ORPHAN
                } else {
                    FOREGROUND
                };
                if mark_deleting(&mut j.metadata, self.now, finalizer) {
                    self.write_job(j);
                }
                if policy == Propagation::Foreground {
                    for k in self.store.pods.owned_by(&uid) {
                        self.delete_pod_gracefully(&k, None);
                    }
                }
                self.gc_queue.add(uid);
            }
        }
    }

    /// Deletes a CronJob. Its Jobs go after it: the collector deletes them in the background
    /// (foreground and orphan deletion of CronJobs are not simulated).
    pub(crate) fn delete_cronjob(&mut self, key: &ObjKey, policy: Propagation) {
        let Some(c) = self.store.cronjobs.get(key).cloned() else {
            return;
        };
        if policy == Propagation::Orphan {
            let uid = c.metadata.uid.clone();
            for k in self.store.jobs.owned_by(&uid) {
                if let Some(mut j) = self.store.jobs.get(&k).cloned() {
                    j.metadata.owner_references.retain(|r| r.uid != uid);
                    self.write_job(j);
                }
            }
        }
        self.remove_cronjob(key);
    }

    /// The Job half of [`Cluster::collect_garbage`]: true when `uid` is a Job still present
    /// (an orphan or foreground deletion in progress).
    fn collect_job_garbage(&mut self, uid: &str) -> bool {
        if self.store.jobs.is_empty() {
            return false;
        }
        let Some(j) = self
            .store
            .jobs
            .iter()
            .find(|j| j.metadata.uid == uid)
            .cloned()
        else {
            return false;
        };
        let key = j.metadata.key();
        if j.metadata.finalizers.iter().any(|f| f == ORPHAN) {
            for k in self.store.pods.owned_by(uid) {
                if let Some(mut p) = self.store.pods.get(&k).cloned() {
                    p.metadata.owner_references.retain(|r| r.uid != uid);
                    self.write_pod(p);
                }
            }
            self.remove_job(&key);
        } else if j.metadata.finalizers.iter().any(|f| f == FOREGROUND)
            && self.store.pods.owned_count(uid) == 0
        {
            self.watched("Job", &key, true);
            self.store.jobs.remove(&key);
            self.store.next_resource_version();
        }
        true
    }

    /// The DaemonSet half of [`Cluster::collect_garbage`]: true when `uid` is a DaemonSet still
    /// present (an orphan or foreground deletion in progress).
    fn collect_daemonset_garbage(&mut self, uid: &str) -> bool {
        if self.store.daemonsets.is_empty() {
            return false;
        }
        let Some(d) = self
            .store
            .daemonsets
            .iter()
            .find(|d| d.metadata.uid == uid)
            .cloned()
        else {
            return false;
        };
        let key = d.metadata.key();
        if d.metadata.finalizers.iter().any(|f| f == ORPHAN) {
            for k in self.store.pods.owned_by(uid) {
                if let Some(mut p) = self.store.pods.get(&k).cloned() {
                    p.metadata.owner_references.retain(|r| r.uid != uid);
                    self.write_pod(p);
                }
            }
            for k in self.store.controllerrevisions.owned_by(uid) {
                if let Some(mut r) = self.store.controllerrevisions.get(&k).cloned() {
                    r.metadata.owner_references.retain(|r| r.uid != uid);
                    self.write_controllerrevision(r);
                }
            }
            self.remove_daemonset(&key);
        } else if d.metadata.finalizers.iter().any(|f| f == FOREGROUND)
            && self.store.pods.owned_count(uid) == 0
        {
            for k in self.store.controllerrevisions.owned_by(uid) {
                self.remove_controllerrevision(&k);
            }
            self.watched("DaemonSet", &key, true);
            self.store.daemonsets.remove(&key);
            self.store.next_resource_version();
        }
        true
    }

    /// `orphanDependents` of a StatefulSet, then the finalizer goes and so does the set.
    fn orphan_statefulset(&mut self, key: &ObjKey, uid: &str) {
        for k in self.store.pods.owned_by(uid) {
            if let Some(mut p) = self.store.pods.get(&k).cloned() {
                p.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_pod(p);
            }
        }
        for k in self.store.controllerrevisions.owned_by(uid) {
            if let Some(mut r) = self.store.controllerrevisions.get(&k).cloned() {
                r.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_controllerrevision(r);
            }
        }
        for k in self.store.pvcs.owned_by(uid) {
            if let Some(mut c) = self.store.pvcs.get(&k).cloned() {
                c.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_pvc(c);
            }
        }
        self.remove_statefulset(key);
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
            if s.metadata.finalizers.iter().any(|f| f == ORPHAN) {
                self.orphan_statefulset(&s.metadata.key(), uid);
                return true;
            }
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
        if self.collect_daemonset_garbage(uid)
            || self.collect_job_garbage(uid)
            || self.collect_statefulset_garbage(uid)
        {
            return;
        }
        let deployment = self
            .store
            .deployments
            .iter()
            .find(|d| d.metadata.uid == uid)
            .cloned();
        if let Some(d) = deployment {
            if d.metadata.finalizers.iter().any(|f| f == ORPHAN) {
                for k in self.store.replicasets.owned_by(uid) {
                    if let Some(mut rs) = self.store.replicasets.get(&k).cloned() {
                        rs.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_replicaset(rs);
                    }
                }
                self.remove_deployment(&d.metadata.key());
                return;
            }
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
            if rs.metadata.finalizers.iter().any(|f| f == ORPHAN) {
                for k in self.store.pods.owned_by(uid) {
                    if let Some(mut p) = self.store.pods.get(&k).cloned() {
                        p.metadata.owner_references.retain(|r| r.uid != uid);
                        self.write_pod(p);
                    }
                }
                self.remove_replicaset(&rs.metadata.key());
                return;
            }
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
        for k in self.store.jobs.owned_by(uid) {
            self.delete_job(&k, Propagation::Background);
        }
        for k in self.store.pods.owned_by(uid) {
            self.delete_pod_gracefully(&k, None);
        }
    }
}
