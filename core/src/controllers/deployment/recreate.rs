//! Recreate (spec §4.5, upstream `recreate.go`): all old pods gone before any new one starts.

use super::util::*;
use crate::api::{Deployment, ReplicaSet};
use crate::sim::Cluster;

impl Cluster {
    pub(crate) fn rollout_recreate(&mut self, d: Deployment, rss: Vec<ReplicaSet>) {
        let key = d.metadata.key();
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d, rss, false);
        let Some(d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let mut scaled = false;
        let mut old_after = Vec::new();
        for rs in old {
            if rs.spec.replicas > 0 {
                let (s, updated) = self.scale_replica_set_and_record_event(&rs, 0, &d);
                scaled |= s;
                old_after.push(updated);
            } else {
                old_after.push(rs);
            }
        }
        let old = old_after;
        let all = |new: &Option<ReplicaSet>| {
            let mut a = old.clone();
            a.extend(new.iter().cloned());
            a
        };
        if scaled {
            self.sync_rollout_status(&all(&new_rs), new_rs.as_ref(), &d);
            return;
        }
        if self.old_pods_running(new_rs.as_ref(), &old) {
            self.sync_rollout_status(&all(&new_rs), new_rs.as_ref(), &d);
            return;
        }
        let new_rs = match new_rs {
            Some(rs) => Some(rs),
            None => {
                let rss = all(&None);
                self.all_replicasets_and_sync_revision(d.clone(), rss, true)
                    .0
            }
        };
        let Some(d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let Some(mut new_rs) = new_rs else { return };
        if new_rs.spec.replicas != d.spec.replicas {
            new_rs = self
                .scale_replica_set_and_record_event(&new_rs, d.spec.replicas, &d)
                .1;
        }
        if deployment_complete(&d, &d.status) {
            self.cleanup_deployment(&old, &d);
        }
        self.sync_rollout_status(&all(&Some(new_rs.clone())), Some(&new_rs), &d);
    }

    /// oldPodsRunning: any old RS still reports pods, or any pod of an old RS is not terminal.
    fn old_pods_running(&self, new_rs: Option<&ReplicaSet>, old: &[ReplicaSet]) -> bool {
        if old.iter().map(|r| r.status.replicas).sum::<i32>() > 0 {
            return true;
        }
        old.iter()
            .filter(|r| Some(&r.metadata.uid) != new_rs.map(|n| &n.metadata.uid))
            .any(|rs| {
                self.store
                    .pods
                    .owned_by(&rs.metadata.uid)
                    .iter()
                    .filter_map(|k| self.store.pods.get(k))
                    .any(|p| !p.status.phase.is_terminal())
            })
    }
}
