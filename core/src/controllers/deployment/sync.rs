//! Scaling, status and history cleanup (spec §4.6–§4.8, upstream `sync.go`).

use super::util::*;
use super::SOURCE;
use crate::api::{Deployment, DeploymentStatus, ReplicaSet};
use crate::sim::{involved, Cluster};
use std::cmp::Ordering;

impl Cluster {
    /// `sync`: paused Deployments and scaling events — proportional scaling, then status.
    pub(crate) fn sync_scale_and_status(&mut self, d: Deployment, rss: Vec<ReplicaSet>) {
        let key = d.metadata.key();
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d, rss, false);
        let Some(d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let (new_rs, old) = self.scale(&d, new_rs, old);
        if d.spec.paused && !d.metadata.annotations.contains_key(ROLLBACK_TO) {
            self.cleanup_deployment(&old, &d);
        }
        let mut all = old;
        all.extend(new_rs.iter().cloned());
        self.sync_deployment_status(&all, new_rs.as_ref(), &d);
    }

    /// Deployment being deleted: status only.
    pub(crate) fn sync_status_only(&mut self, d: Deployment, rss: Vec<ReplicaSet>) {
        let key = d.metadata.key();
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d, rss, false);
        let Some(d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let mut all = old;
        all.extend(new_rs.iter().cloned());
        self.sync_deployment_status(&all, new_rs.as_ref(), &d);
    }

    /// `scale` (spec §4.6): returns the updated (new, old) RSs.
    fn scale(
        &mut self,
        d: &Deployment,
        new_rs: Option<ReplicaSet>,
        mut old: Vec<ReplicaSet>,
    ) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
        // FindActiveOrLatest.
        crate::sort::sort_by(&mut old, |a, b| by_creation(b, a));
        let active_count = new_rs
            .iter()
            .chain(old.iter())
            .filter(|r| r.spec.replicas > 0)
            .count();
        let target = match active_count {
            0 => Some(new_rs.clone().or_else(|| old.first().cloned())),
            1 => Some(
                new_rs
                    .iter()
                    .chain(old.iter())
                    .find(|r| r.spec.replicas > 0)
                    .cloned(),
            ),
            _ => None,
        };
        if let Some(target) = target {
            if let Some(rs) = target {
                if rs.spec.replicas != d.spec.replicas {
                    let (_, updated) =
                        self.scale_replica_set_and_record_event(&rs, d.spec.replicas, d);
                    return replace(new_rs, old, updated);
                }
            }
            return (new_rs, old);
        }
        if is_saturated(d, new_rs.as_ref()) {
            for rs in old.iter_mut() {
                if rs.spec.replicas > 0 {
                    let (_, updated) = self.scale_replica_set_and_record_event(rs, 0, d);
                    *rs = updated;
                }
            }
            return (new_rs, old);
        }
        if !is_rolling(d) {
            return (new_rs, old);
        }
        let mut active: Vec<ReplicaSet> = new_rs
            .iter()
            .chain(old.iter())
            .filter(|r| r.spec.replicas > 0)
            .cloned()
            .collect();
        // int32 as in Go: 2147483647 replicas plus a surge wraps around
        let allowed = if d.spec.replicas > 0 {
            d.spec.replicas.wrapping_add(max_surge(d))
        } else {
            0
        };
        let current: i32 = active.iter().map(|r| r.spec.replicas).sum();
        let to_add = allowed - current;
        match to_add.cmp(&0) {
            Ordering::Greater => crate::sort::sort_by(&mut active, |a, b| {
                b.spec
                    .replicas
                    .cmp(&a.spec.replicas)
                    .then_with(|| by_creation(b, a))
            }),
            Ordering::Less => crate::sort::sort_by(&mut active, |a, b| {
                b.spec
                    .replicas
                    .cmp(&a.spec.replicas)
                    .then_with(|| by_creation(a, b))
            }),
            Ordering::Equal => {}
        }
        let mut added = 0;
        let mut sizes: Vec<i32> = Vec::with_capacity(active.len());
        for rs in &active {
            let p = if to_add != 0 {
                replica_set_proportion(rs, d, to_add, added)
            } else {
                0
            };
            sizes.push(rs.spec.replicas + p);
            added += p;
        }
        if let Some(first) = sizes.first_mut() {
            let leftover = to_add - added;
            if leftover != 0 {
                *first = (*first + leftover).max(0);
            }
        }
        let (mut new_rs, mut old) = (new_rs, old);
        for (rs, size) in active.iter().zip(sizes) {
            let Ok(updated) = self.scale_replica_set(rs, size, d) else {
                break;
            };
            let (n, o) = replace(new_rs, old, updated);
            new_rs = n;
            old = o;
        }
        (new_rs, old)
    }

    /// scaleReplicaSetAndRecordEvent: nothing at all when the size is unchanged.
    pub(crate) fn scale_replica_set_and_record_event(
        &mut self,
        rs: &ReplicaSet,
        new_scale: i32,
        d: &Deployment,
    ) -> (bool, ReplicaSet) {
        if rs.spec.replicas == new_scale {
            return (false, rs.clone());
        }
        match self.scale_replica_set(rs, new_scale, d) {
            Ok(updated) => (true, updated),
            Err(_) => (false, rs.clone()),
        }
    }

    /// scaleReplicaSet: writes size and the desired/max annotations when either differs; the
    /// ScalingReplicaSet event (v1.33 wording, spec §4.4: "up" iff the size grows) only when
    /// the size changed.
    fn scale_replica_set(
        &mut self,
        rs: &ReplicaSet,
        new_scale: i32,
        d: &Deployment,
    ) -> Result<ReplicaSet, String> {
        let op = if rs.spec.replicas < new_scale {
            "up"
        } else {
            "down"
        };
        let max = d.spec.replicas.wrapping_add(max_surge(d));
        let size_changed = rs.spec.replicas != new_scale;
        if !size_changed && !replicas_annotations_need_update(rs, d.spec.replicas, max) {
            return Ok(rs.clone());
        }
        let Some(mut updated) = self.store.replicasets.get(&rs.metadata.key()).cloned() else {
            return Err(format!(
                "replicasets.apps \"{}\" not found",
                rs.metadata.name
            ));
        };
        let old_scale = rs.spec.replicas;
        updated.spec.replicas = new_scale;
        updated
            .metadata
            .annotations
            .insert(DESIRED_REPLICAS.into(), d.spec.replicas.to_string());
        updated
            .metadata
            .annotations
            .insert(MAX_REPLICAS.into(), max.to_string());
        if size_changed {
            updated.metadata.generation += 1;
        }
        self.write_replicaset(updated.clone());
        if size_changed {
            self.record_event(
                involved(d, "apps/v1"),
                "Normal",
                "ScalingReplicaSet",
                format!(
                    "Scaled {op} replica set {} from {old_scale} to {new_scale}",
                    rs.metadata.name
                ),
                SOURCE,
                None,
            );
        }
        Ok(self
            .store
            .replicasets
            .get(&updated.metadata.key())
            .cloned()
            .unwrap_or(updated))
    }

    /// cleanupDeployment (spec §4.7): delete the oldest fully scaled-down RSs beyond
    /// revisionHistoryLimit.
    pub(crate) fn cleanup_deployment(&mut self, old: &[ReplicaSet], d: &Deployment) {
        let Some(limit) = d.spec.revision_history_limit else {
            return;
        };
        if limit == MAX_INT32 {
            return;
        }
        let mut cleanable: Vec<&ReplicaSet> = old
            .iter()
            .filter(|r| r.metadata.deletion_timestamp.is_none())
            .collect();
        let diff = cleanable.len() as i64 - limit as i64;
        if diff <= 0 {
            return;
        }
        crate::sort::sort_by(&mut cleanable, |a, b| by_revision(a, b));
        let victims: Vec<crate::api::ObjKey> = cleanable
            .iter()
            .take(diff as usize)
            .filter_map(|r| self.store.replicasets.get(&r.metadata.key()))
            .filter(|r| {
                r.status.replicas == 0
                    && r.spec.replicas == 0
                    && r.metadata.generation <= r.status.observed_generation
                    && r.metadata.deletion_timestamp.is_none()
            })
            .map(|r| r.metadata.key())
            .collect();
        for k in victims {
            self.delete_with_propagation_rs(&k);
        }
    }

    /// calculateStatus (spec §4.8).
    pub(crate) fn calculate_status(
        &self,
        all: &[ReplicaSet],
        new_rs: Option<&ReplicaSet>,
        d: &Deployment,
    ) -> DeploymentStatus {
        let available: i32 = all.iter().map(|r| r.status.available_replicas).sum();
        let total_spec: i32 = all.iter().map(|r| r.spec.replicas).sum();
        let mut status = DeploymentStatus {
            observed_generation: d.metadata.generation,
            replicas: all.iter().map(|r| r.status.replicas).sum(),
            updated_replicas: new_rs.map_or(0, |r| r.status.replicas),
            ready_replicas: all.iter().map(|r| r.status.ready_replicas).sum(),
            available_replicas: available,
            unavailable_replicas: (total_spec - available).max(0),
            conditions: d.status.conditions.clone(),
            collision_count: d.status.collision_count,
        };
        let now = self.now;
        if available >= d.spec.replicas - max_unavailable(d) {
            set_condition(
                &mut status,
                condition(
                    "Available",
                    "True",
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability.".into(),
                    now,
                ),
            );
        } else {
            set_condition(
                &mut status,
                condition(
                    "Available",
                    "False",
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.".into(),
                    now,
                ),
            );
        }
        status
    }

    /// syncDeploymentStatus: write the calculated status if it differs.
    fn sync_deployment_status(
        &mut self,
        all: &[ReplicaSet],
        new_rs: Option<&ReplicaSet>,
        d: &Deployment,
    ) {
        let all = self.fresh(all);
        let new_rs = new_rs.and_then(|r| self.store.replicasets.get(&r.metadata.key()).cloned());
        let status = self.calculate_status(&all, new_rs.as_ref(), d);
        if status != d.status {
            let mut nd = d.clone();
            nd.status = status;
            self.write_deployment(nd);
        }
    }

    /// The stored versions of these RSs (their status may have moved since they were read).
    pub(crate) fn fresh(&self, rss: &[ReplicaSet]) -> Vec<ReplicaSet> {
        rss.iter()
            .filter_map(|r| self.store.replicasets.get(&r.metadata.key()).cloned())
            .collect()
    }
}

/// Puts an updated RS in place of its old copy in (new, old).
fn replace(
    new_rs: Option<ReplicaSet>,
    mut old: Vec<ReplicaSet>,
    updated: ReplicaSet,
) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
    if new_rs
        .as_ref()
        .is_some_and(|n| n.metadata.uid == updated.metadata.uid)
    {
        return (Some(updated), old);
    }
    if let Some(slot) = old
        .iter_mut()
        .find(|r| r.metadata.uid == updated.metadata.uid)
    {
        *slot = updated;
    }
    (new_rs, old)
}
