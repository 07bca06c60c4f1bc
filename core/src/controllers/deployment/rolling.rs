//! RollingUpdate (spec §4.4, upstream `rolling.go`): one direction per sync — scale the new
//! ReplicaSet up, or the old ones down, never both.

use super::util::*;
use crate::api::{Deployment, ReplicaSet};
use crate::sim::Cluster;

impl Cluster {
    pub(crate) fn rollout_rolling(&mut self, d: Deployment, rss: Vec<ReplicaSet>) {
        let key = d.metadata.key();
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d, rss, true);
        let Some(d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let Some(new_rs) = new_rs else { return };
        let mut all: Vec<ReplicaSet> = old.clone();
        all.push(new_rs.clone());

        if let Some(updated) = self.reconcile_new_replica_set(&all, &new_rs, &d) {
            let mut all = old;
            all.push(updated.clone());
            self.sync_rollout_status(&all, Some(&updated), &d);
            return;
        }
        // An error (upstream returns it from syncDeployment and requeues): no status write; the
        // ReplicaSet status write that makes its numbers consistent wakes the Deployment again.
        let Ok((scaled, old)) = self.reconcile_old_replica_sets(&all, old, &new_rs, &d) else {
            return;
        };
        let mut all = old.clone();
        all.push(new_rs.clone());
        if scaled {
            self.sync_rollout_status(&all, Some(&new_rs), &d);
            return;
        }
        if deployment_complete(&d, &d.status) {
            self.cleanup_deployment(&old, &d);
        }
        self.sync_rollout_status(&all, Some(&new_rs), &d);
    }

    /// reconcileNewReplicaSet: returns the scaled RS when a scale happened.
    fn reconcile_new_replica_set(
        &mut self,
        all: &[ReplicaSet],
        new_rs: &ReplicaSet,
        d: &Deployment,
    ) -> Option<ReplicaSet> {
        if new_rs.spec.replicas == d.spec.replicas {
            return None;
        }
        let target = if new_rs.spec.replicas > d.spec.replicas {
            d.spec.replicas
        } else {
            let refs: Vec<&ReplicaSet> = all.iter().collect();
            new_rs_new_replicas(d, &refs, new_rs).ok()?
        };
        let (scaled, rs) = self.scale_replica_set_and_record_event(new_rs, target, d);
        scaled.then_some(rs)
    }

    /// reconcileOldReplicaSets: returns whether anything was scaled and the (updated) old RSs;
    /// Err when cleanupUnhealthyReplicas refuses a stale ReplicaSet.
    fn reconcile_old_replica_sets(
        &mut self,
        all: &[ReplicaSet],
        old: Vec<ReplicaSet>,
        new_rs: &ReplicaSet,
        d: &Deployment,
    ) -> Result<(bool, Vec<ReplicaSet>), String> {
        let active_old: i32 = old.iter().map(|r| r.spec.replicas.max(0)).sum();
        if active_old == 0 {
            return Ok((false, old));
        }
        let all_pods: i32 = all.iter().map(|r| r.spec.replicas).sum();
        let min_avail = d.spec.replicas - max_unavailable(d);
        let new_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
        let max_scaled_down = all_pods - min_avail - new_unavailable;
        if max_scaled_down <= 0 {
            return Ok((false, old));
        }
        let (old, cleaned) = self.cleanup_unhealthy_replicas(old, d, max_scaled_down)?;
        let mut all: Vec<ReplicaSet> = old.clone();
        all.push(new_rs.clone());
        let (old, scaled_down) = self.scale_down_old_replica_sets_for_rolling_update(&all, old, d);
        Ok((cleaned + scaled_down > 0, old))
    }

    /// cleanupUnhealthyReplicas: first remove old pods that are not available anyway. An old
    /// RS whose (stale) status reports more available pods than its spec asks for, as right
    /// after a proportional scale-down, would be scaled *up*: upstream refuses with an error
    /// ("got invalid request to scale down") and the sync is retried.
    fn cleanup_unhealthy_replicas(
        &mut self,
        mut old: Vec<ReplicaSet>,
        d: &Deployment,
        max_cleanup: i32,
    ) -> Result<(Vec<ReplicaSet>, i32), String> {
        crate::sort::sort_by(&mut old, by_creation);
        let mut total = 0;
        for rs in old.iter_mut() {
            if total >= max_cleanup {
                break;
            }
            if rs.spec.replicas == 0 || rs.spec.replicas == rs.status.available_replicas {
                continue;
            }
            let down = (max_cleanup - total).min(rs.spec.replicas - rs.status.available_replicas);
            let target = rs.spec.replicas - down;
            if target > rs.spec.replicas {
                return Err(format!(
                    "when cleaning up unhealthy replicas, got invalid request to scale down {}/{} {} -> {target}",
                    rs.metadata.namespace, rs.metadata.name, rs.spec.replicas
                ));
            }
            let (_, updated) = self.scale_replica_set_and_record_event(rs, target, d);
            *rs = updated;
            total += down;
        }
        Ok((old, total))
    }

    /// scaleDownOldReplicaSetsForRollingUpdate: scale down as far as availability allows.
    fn scale_down_old_replica_sets_for_rolling_update(
        &mut self,
        all: &[ReplicaSet],
        mut old: Vec<ReplicaSet>,
        d: &Deployment,
    ) -> (Vec<ReplicaSet>, i32) {
        let min_avail = d.spec.replicas - max_unavailable(d);
        let available: i32 = all.iter().map(|r| r.status.available_replicas).sum();
        if available <= min_avail {
            return (old, 0);
        }
        crate::sort::sort_by(&mut old, by_creation);
        let budget = available - min_avail;
        let mut total = 0;
        for rs in old.iter_mut() {
            if total >= budget {
                break;
            }
            if rs.spec.replicas == 0 {
                continue;
            }
            let down = rs.spec.replicas.min(budget - total);
            let target = rs.spec.replicas - down;
            let (_, updated) = self.scale_replica_set_and_record_event(rs, target, d);
            *rs = updated;
            total += down;
        }
        (old, total)
    }
}
