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

/// How [`Cluster::delete_owner`] removes, writes and empties one owner kind.
struct OwnerFns<T> {
    remove: fn(&mut Cluster, &ObjKey),
    write: fn(&mut Cluster, T),
    foreground_dependents: fn(&mut Cluster, &str),
}

impl Cluster {
    /// A delete with a propagation policy, the same for every owner kind: background removes
    /// the owner now (the collector takes its dependents after); orphan and foreground mark it
    /// deleting with their finalizer (`markAsDeleting`) and leave the rest to the collector,
    /// foreground deleting the dependents first (`foreground_dependents`).
    fn delete_owner<T: crate::store::Object>(
        &mut self,
        owner: Option<T>,
        key: &ObjKey,
        policy: Propagation,
        kind: OwnerFns<T>,
    ) {
        let Some(mut o) = owner else {
            return;
        };
        let uid = o.meta().uid.clone();
        let finalizer = match policy {
            Propagation::Background => return (kind.remove)(self, key),
            Propagation::Orphan => ORPHAN,
            Propagation::Foreground => FOREGROUND,
        };
        if mark_deleting(o.meta_mut(), self.now, finalizer) {
            (kind.write)(self, o);
        }
        if policy == Propagation::Foreground {
            (kind.foreground_dependents)(self, &uid);
        }
        self.gc_queue.add(uid);
    }

    /// Foreground deletion of the pods an owner controls.
    fn delete_owned_pods(&mut self, uid: &str) {
        for k in self.store.pods.owned_by(uid) {
            self.delete_pod_gracefully(&k, None);
        }
    }

    /// Deletes a Deployment with the given propagation; foreground takes its ReplicaSets
    /// (foreground too) first.
    pub(crate) fn delete_deployment(&mut self, key: &ObjKey, policy: Propagation) {
        let d = self.store.deployments.get(key).cloned();
        let fns = OwnerFns {
            remove: Cluster::remove_deployment,
            write: Cluster::write_deployment,
            foreground_dependents: |c: &mut Cluster, uid: &str| {
                for k in c.store.replicasets.owned_by(uid) {
                    c.delete_replicaset(&k, Propagation::Foreground);
                }
            },
        };
        self.delete_owner(d, key, policy, fns);
    }

    /// Deletes a ReplicaSet with the given propagation; its dependents are its pods.
    pub(crate) fn delete_replicaset(&mut self, key: &ObjKey, policy: Propagation) {
        let rs = self.store.replicasets.get(key).cloned();
        let fns = OwnerFns {
            remove: Cluster::remove_replicaset,
            write: Cluster::write_replicaset,
            foreground_dependents: Cluster::delete_owned_pods,
        };
        self.delete_owner(rs, key, policy, fns);
    }

    /// Deletes a StatefulSet with the given propagation. Its dependents are its pods, its
    /// ControllerRevisions and the claims its retention policy gave it (or their pods).
    pub(crate) fn delete_statefulset(&mut self, key: &ObjKey, policy: Propagation) {
        let s = self.store.statefulsets.get(key).cloned();
        let fns = OwnerFns {
            remove: Cluster::remove_statefulset,
            write: Cluster::write_statefulset,
            foreground_dependents: Cluster::delete_owned_pods,
        };
        self.delete_owner(s, key, policy, fns);
    }

    /// Deletes a DaemonSet with the given propagation. Its dependents are its pods and its
    /// ControllerRevisions.
    pub(crate) fn delete_daemonset(&mut self, key: &ObjKey, policy: Propagation) {
        let d = self.store.daemonsets.get(key).cloned();
        let fns = OwnerFns {
            remove: Cluster::remove_daemonset,
            write: Cluster::write_daemonset,
            foreground_dependents: Cluster::delete_owned_pods,
        };
        self.delete_owner(d, key, policy, fns);
    }

    /// Deletes a Job with the given propagation. Its dependents are its pods.
    pub(crate) fn delete_job(&mut self, key: &ObjKey, policy: Propagation) {
        let j = self.store.jobs.get(key).cloned();
        let fns = OwnerFns {
            remove: Cluster::remove_job,
            write: Cluster::write_job,
            foreground_dependents: Cluster::delete_owned_pods,
        };
        self.delete_owner(j, key, policy, fns);
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
                    // the Job controller's orphan worker takes its tracking finalizer off
                    // the pods it no longer controls (a deleted one that already finished
                    // is then gone)
                    p.metadata
                        .finalizers
                        .retain(|f| f != crate::controllers::job::TRACKING_FINALIZER);
                    let gone = p.metadata.deletion_timestamp.is_some()
                        && p.status.phase.is_terminal()
                        && p.metadata.finalizers.is_empty();
                    self.write_pod(p);
                    if gone {
                        self.remove_pod(&k);
                    }
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
