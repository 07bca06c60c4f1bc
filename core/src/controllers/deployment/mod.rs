//! The Deployment controller (spec §4), mirroring upstream's files: `sync` (scaling, status,
//! history cleanup), `rolling`, `recreate`, `rollback`, `progress`, `util`.

mod progress;
mod recreate;
mod rollback;
mod rolling;
mod sync;
pub mod util;

use self::util::*;
use crate::api::{Deployment, ObjKey, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use crate::controllers::replicaset::controller_ref;
use crate::sim::{involved, Cluster};

pub(crate) const SOURCE: &str = "deployment-controller";

impl Cluster {
    /// syncDeployment: the decision tree of spec §4.2.
    pub(crate) fn sync_deployment(&mut self, key: &ObjKey) {
        let Some(d) = self.store.deployments.get(key).cloned() else {
            return;
        };
        if d.spec.selector.is_empty() {
            self.record_event(
                involved(&d, "apps/v1"),
                "Warning",
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required.".into(),
                SOURCE,
                None,
            );
            if d.status.observed_generation < d.metadata.generation {
                let mut d2 = d.clone();
                d2.status.observed_generation = d.metadata.generation;
                self.write_deployment(d2);
            }
            return;
        }
        let rss = self.replicasets_for_deployment(&d);
        if d.metadata.deletion_timestamp.is_some() {
            self.sync_status_only(d, rss);
            return;
        }
        let d = self.check_paused_conditions(d);
        if d.spec.paused {
            self.sync_scale_and_status(d, rss);
            return;
        }
        if d.metadata.annotations.contains_key(ROLLBACK_TO) {
            self.rollback(d, rss);
            return;
        }
        if self.is_scaling_event(&d, &rss) {
            self.sync_scale_and_status(d, rss);
            return;
        }
        if d.spec.strategy.type_ == "Recreate" {
            self.rollout_recreate(d, rss);
        } else {
            self.rollout_rolling(d, rss);
        }
    }

    /// getReplicaSetsForDeployment: owned RSs still matching the selector, plus adopted orphans;
    /// owned RSs that stopped matching are released.
    fn replicasets_for_deployment(&mut self, d: &Deployment) -> Vec<ReplicaSet> {
        let uid = d.metadata.uid.clone();
        let mut out = Vec::new();
        for k in self.store.replicasets.owned_by(&uid) {
            let Some(rs) = self.store.replicasets.get(&k).cloned() else {
                continue;
            };
            if d.spec.selector.matches(&rs.metadata.labels) {
                out.push(rs);
            } else if rs.metadata.deletion_timestamp.is_none() {
                let mut released = rs;
                released.metadata.owner_references.retain(|r| r.uid != uid);
                self.write_replicaset(released);
            }
        }
        if d.metadata.deletion_timestamp.is_none() {
            for k in self.store.replicasets.orphans() {
                if *k.namespace() != *d.metadata.namespace {
                    continue;
                }
                let Some(rs) = self.store.replicasets.get(&k).cloned() else {
                    continue;
                };
                if rs.metadata.deletion_timestamp.is_some()
                    || !d.spec.selector.matches(&rs.metadata.labels)
                {
                    continue;
                }
                let mut adopted = rs;
                adopted.metadata.owner_references.push(controller_ref(
                    "apps/v1",
                    "Deployment",
                    &d.metadata.name,
                    &uid,
                ));
                self.write_replicaset(adopted.clone());
                out.push(adopted);
            }
        }
        out
    }

    /// isScalingEvent (spec §4.2 step 8).
    fn is_scaling_event(&mut self, d: &Deployment, rss: &[ReplicaSet]) -> bool {
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d.clone(), rss.to_vec(), false);
        let Some(d) = self.store.deployments.get(&d.metadata.key()).cloned() else {
            return false;
        };
        new_rs
            .iter()
            .chain(old.iter())
            .filter(|r| r.spec.replicas > 0)
            .any(|r| {
                non_negative_int32_annotation(r, DESIRED_REPLICAS)
                    .is_some_and(|v| v != d.spec.replicas)
            })
    }

    /// getAllReplicaSetsAndSyncRevision (spec §4.3): returns (new RS, old RSs), creating the new
    /// RS when `create`. Old RSs are sorted by creation.
    pub(crate) fn all_replicasets_and_sync_revision(
        &mut self,
        d: Deployment,
        rss: Vec<ReplicaSet>,
        create: bool,
    ) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
        let mut sorted = rss;
        crate::sort::sort_by(&mut sorted, by_creation);
        let new_idx = sorted
            .iter()
            .position(|r| equal_ignore_hash(&r.spec.template, &d.spec.template));
        let existing_new = new_idx.map(|i| sorted.remove(i));
        let old = sorted;
        let old_refs: Vec<&ReplicaSet> = old.iter().collect();
        let new_revision = (max_revision(&old_refs) + 1).to_string();
        let new_rs = match existing_new {
            Some(rs) => Some(self.sync_existing_new_rs(d, rs, &new_revision)),
            None if create => self.create_new_rs(d, &old, &new_revision),
            None => None,
        };
        (new_rs, old)
    }

    fn sync_existing_new_rs(
        &mut self,
        d: Deployment,
        rs: ReplicaSet,
        new_revision: &str,
    ) -> ReplicaSet {
        let mut updated = rs.clone();
        let annotations_changed =
            set_new_replica_set_annotations(&d, &mut updated, new_revision, true);
        let min_ready_changed = updated.spec.min_ready_seconds != d.spec.min_ready_seconds;
        if annotations_changed || min_ready_changed {
            updated.spec.min_ready_seconds = d.spec.min_ready_seconds;
            if min_ready_changed {
                updated.metadata.generation += 1;
            }
            self.write_replicaset(updated.clone());
            return self
                .store
                .replicasets
                .get(&updated.metadata.key())
                .cloned()
                .unwrap_or(updated);
        }
        let mut nd = d.clone();
        let rev = rs
            .metadata
            .annotations
            .get(REVISION)
            .cloned()
            .unwrap_or_default();
        let mut changed = false;
        if nd.metadata.annotations.get(REVISION) != Some(&rev) {
            nd.metadata.annotations.insert(REVISION.into(), rev);
            changed = true;
        }
        if has_progress_deadline(&nd) && nd.status.condition("Progressing").is_none() {
            let msg = format!("Found new replica set \"{}\"", rs.metadata.name);
            set_condition(
                &mut nd.status,
                condition("Progressing", "True", "FoundNewReplicaSet", msg, self.now),
            );
            changed = true;
        }
        if changed {
            self.write_deployment(nd);
        }
        rs
    }

    fn create_new_rs(
        &mut self,
        d: Deployment,
        old: &[ReplicaSet],
        new_revision: &str,
    ) -> Option<ReplicaSet> {
        let hash = compute_hash(&d.spec.template, d.status.collision_count);
        let name = format!("{}-{}", d.metadata.name, hash);
        let mut template = d.spec.template.clone();
        template
            .metadata
            .labels
            .insert(POD_TEMPLATE_HASH.into(), hash.clone());
        let mut selector = d.spec.selector.clone();
        selector
            .match_labels
            .insert(POD_TEMPLATE_HASH.into(), hash.clone());
        let mut meta = self.new_meta(&d.metadata.namespace, &name);
        meta.labels = template.metadata.labels.clone();
        meta.owner_references.push(controller_ref(
            "apps/v1",
            "Deployment",
            &d.metadata.name,
            &d.metadata.uid,
        ));
        let mut rs = ReplicaSet {
            metadata: meta,
            spec: ReplicaSetSpec {
                replicas: 0,
                min_ready_seconds: d.spec.min_ready_seconds,
                selector,
                template,
            },
            status: ReplicaSetStatus::default(),
        };
        let mut all: Vec<&ReplicaSet> = old.iter().collect();
        all.push(&rs);
        let replicas = match new_rs_new_replicas(&d, &all, &rs) {
            Ok(n) => n,
            Err(_) => return None,
        };
        rs.spec.replicas = replicas;
        set_new_replica_set_annotations(&d, &mut rs, new_revision, false);
        let key = rs.metadata.key();
        if let Some(existing) = self.store.replicasets.get(&key).cloned() {
            // Hash collision (spec §1.3).
            let ours = existing.metadata.controller_uid() == Some(d.metadata.uid.as_str());
            if ours && equal_ignore_hash(&existing.spec.template, &d.spec.template) {
                return Some(existing);
            }
            let mut nd = d.clone();
            nd.status.collision_count = Some(nd.status.collision_count.unwrap_or(0) + 1);
            self.write_deployment(nd);
            return None;
        }
        self.write_replicaset(rs.clone());
        if replicas > 0 {
            self.record_event(
                involved(&d, "apps/v1"),
                "Normal",
                "ScalingReplicaSet",
                format!("Scaled up replica set {name} from 0 to {replicas}"),
                SOURCE,
                None,
            );
        }
        let mut nd = self
            .store
            .deployments
            .get(&d.metadata.key())
            .cloned()
            .unwrap_or(d);
        let mut changed = false;
        if nd.metadata.annotations.get(REVISION).map(String::as_str) != Some(new_revision) {
            nd.metadata
                .annotations
                .insert(REVISION.into(), new_revision.to_string());
            changed = true;
        }
        if has_progress_deadline(&nd) {
            let msg = format!("Created new replica set \"{name}\"");
            set_condition(
                &mut nd.status,
                condition("Progressing", "True", "NewReplicaSetCreated", msg, self.now),
            );
            changed = true;
        }
        if changed {
            self.write_deployment(nd);
        }
        self.store.replicasets.get(&key).cloned()
    }
}
