//! `stateful_set_control.go`: one sync of a StatefulSet (spec §8.3) — sort pods into replicas
//! and condemned, create / recreate / repair replicas in ordinal order, delete condemned pods
//! from the highest ordinal, roll out the update revision in reverse ordinal order, and status.

use std::collections::BTreeMap;

use super::history::revision_template;
use super::utils::*;
use super::SOURCE;
use crate::api::{
    ControllerRevision, ObjKey, Pod, PodPhase, PodTemplateSpec, StatefulSet, StatefulSetStatus,
    Time,
};
use crate::controllers::replicaset::MAX_PODS;
use crate::sim::{involved, Cluster};

/// What the rest of a pass does after one pod: go on, stop (monotonic block), or abort.
type Step = Result<bool, ()>;

/// The two templates and revision names a sync works with.
struct Revisions {
    current: PodTemplateSpec,
    update: PodTemplateSpec,
    current_name: String,
    update_name: String,
}

/// `computeReplicaStatus` over some pods, into `status`.
fn count<'a>(
    status: &mut StatefulSetStatus,
    set: &StatefulSet,
    now: Time,
    members: impl Iterator<Item = &'a Member>,
) {
    status.replicas = 0;
    status.ready_replicas = 0;
    status.available_replicas = 0;
    status.current_replicas = 0;
    status.updated_replicas = 0;
    for m in members {
        if !m.created {
            continue;
        }
        status.replicas += 1;
        if is_running_and_ready(&m.pod) {
            status.ready_replicas += 1;
            if is_running_and_available(&m.pod, set.spec.min_ready_seconds, now) {
                status.available_replicas += 1;
            }
        }
        if !is_terminating(&m.pod) {
            if m.revision() == status.current_revision {
                status.current_replicas += 1;
            }
            if m.revision() == status.update_revision {
                status.updated_replicas += 1;
            }
        }
    }
}

impl Cluster {
    /// `UpdateStatefulSet`: revisions, the per-sync update, the status write, history
    /// truncation. Returns the status it computed.
    pub(crate) fn update_statefulset(
        &mut self,
        set: &StatefulSet,
        pods: &[Pod],
    ) -> StatefulSetStatus {
        let revisions = self.list_revisions(set);
        let (current, update, collision) = self.statefulset_revisions(set, &revisions);
        let mut status = self.update_statefulset_pods(set, &current, &update, collision, pods);
        self.update_statefulset_status(set, &mut status);
        self.truncate_history(
            set,
            pods,
            &revisions,
            &current.metadata.name,
            &update.metadata.name,
        );
        status
    }

    /// `newVersionedStatefulSetPod` (spec §8.5): a placeholder at the current revision when the
    /// strategy keeps that ordinal there, else at the update revision.
    fn versioned_pod(&self, set: &StatefulSet, revs: &Revisions, ord: i64) -> Member {
        let us = &set.spec.update_strategy;
        let start = set.start_ordinal();
        let current = (us.type_ == "RollingUpdate"
            && us.rolling_update.is_none()
            && ord < start + set.status.current_replicas as i64)
            || us
                .rolling_update
                .as_ref()
                .is_some_and(|ru| ord < start + ru.partition.unwrap_or(0) as i64);
        let pod = if current {
            new_pod(set, &revs.current, ord, &revs.current_name)
        } else {
            new_pod(set, &revs.update, ord, &revs.update_name)
        };
        Member {
            pod,
            created: false,
        }
    }

    /// `updateStatefulSet` (spec §8.3, MaxUnavailableStatefulSet off).
    fn update_statefulset_pods(
        &mut self,
        set: &StatefulSet,
        current: &ControllerRevision,
        update: &ControllerRevision,
        collision: i32,
        pods: &[Pod],
    ) -> StatefulSetStatus {
        let revs = Revisions {
            current: revision_template(current),
            update: revision_template(update),
            current_name: current.metadata.name.clone(),
            update_name: update.metadata.name.clone(),
        };
        let now = self.now;
        let mut status = StatefulSetStatus {
            observed_generation: set.metadata.generation,
            current_revision: revs.current_name.clone(),
            update_revision: revs.update_name.clone(),
            collision_count: Some(collision),
            ..Default::default()
        };
        let all: Vec<Member> = pods
            .iter()
            .map(|p| Member {
                pod: p.clone(),
                created: true,
            })
            .collect();
        count(&mut status, set, now, all.iter());

        let start = set.start_ordinal();
        // Upstream's `replicas` slice, by index (ordinal - start), kept sparse: a slot no pod
        // fills gets its versioned pod only when a pass reaches it. `spec.replicas` may be any
        // int32, and 2^31 pods built up front abort the process on allocation; the passes stop
        // at the first missing pod (created, or refused at the cluster's pod limit), so they
        // visit few empty slots.
        let len = set.spec.replicas.max(0) as usize;
        let mut replicas: BTreeMap<usize, Member> = BTreeMap::new();
        let mut condemned: Vec<Member> = Vec::new();
        for m in all {
            let ord = ordinal(&m.pod);
            if in_ordinal_range(set, ord) {
                replicas.insert((ord - start) as usize, m);
            } else if ord >= 0 {
                condemned.push(m);
            }
        }
        crate::sort::sort_by_key(&mut condemned, |m| std::cmp::Reverse(ordinal(&m.pod)));
        // an empty slot is an unhealthy replica (its pod is not created)
        let first_unhealthy = (0..len)
            .find(|i| replicas.get(i).is_none_or(|m| !m.healthy()))
            .map(|i| {
                replicas.get(&i).map_or_else(
                    || pod_name(set, start + i as i64),
                    |m| m.pod.metadata.name.clone(),
                )
            })
            .or_else(|| {
                condemned
                    .iter()
                    .rev()
                    .find(|m| !m.healthy())
                    .map(|m| m.pod.metadata.name.clone())
            });

        if set.metadata.deletion_timestamp.is_some() {
            return status;
        }
        let monotonic = set.spec.pod_management_policy != "Parallel";

        for i in 0..len {
            replicas
                .entry(i)
                .or_insert_with(|| self.versioned_pod(set, &revs, start + i as i64));
            match self.process_replica(set, &revs, monotonic, &mut replicas, i) {
                Ok(false) => {}
                Ok(true) if !monotonic => {}
                _ => {
                    count(&mut status, set, now, replicas.values().chain(&condemned));
                    return status;
                }
            }
        }
        if set.retention() != ("Retain", "Retain") {
            for m in &condemned {
                self.update_claims_for_retention(set, &m.pod);
            }
        }
        for i in 0..condemned.len() {
            let exit =
                self.process_condemned(set, first_unhealthy.as_deref(), monotonic, &condemned[i]);
            if exit && monotonic {
                count(&mut status, set, now, replicas.values().chain(&condemned));
                return status;
            }
        }
        count(&mut status, set, now, replicas.values().chain(&condemned));

        if set.spec.update_strategy.type_ == "OnDelete" {
            return status;
        }
        let update_min = set
            .spec
            .update_strategy
            .rolling_update
            .as_ref()
            .and_then(|ru| ru.partition)
            .unwrap_or(0)
            .max(0) as usize;
        for target in (update_min..len).rev() {
            replicas
                .entry(target)
                .or_insert_with(|| self.versioned_pod(set, &revs, start + target as i64));
            let m = &replicas[&target];
            if m.revision() != revs.update_name && !is_terminating(&m.pod) {
                let pod = m.pod.clone();
                self.delete_stateful_pod(set, &pod);
                status.current_replicas -= 1;
                return status;
            }
            if !m.healthy() {
                return status;
            }
        }
        status
    }

    /// `processReplica`: Ok(true) blocks a monotonic pass, Err aborts any pass.
    fn process_replica(
        &mut self,
        set: &StatefulSet,
        revs: &Revisions,
        monotonic: bool,
        replicas: &mut BTreeMap<usize, Member>,
        i: usize,
    ) -> Step {
        let ord = set.start_ordinal() + i as i64;
        let phase = replicas[&i].pod.status.phase;
        if replicas[&i].created && matches!(phase, PodPhase::Failed | PodPhase::Succeeded) {
            let (type_, reason, what) = if phase == PodPhase::Failed {
                ("Warning", "RecreatingFailedPod", "failed")
            } else {
                ("Normal", "RecreatingTerminatedPod", "terminated")
            };
            let msg = format!(
                "StatefulSet {}/{} is recreating {what} Pod {}",
                set.metadata.namespace, set.metadata.name, replicas[&i].pod.metadata.name
            );
            self.record_event(involved(set, "apps/v1"), type_, reason, msg, SOURCE, None);
            let pod = replicas[&i].pod.clone();
            self.delete_stateful_pod(set, &pod);
            replicas.insert(i, self.versioned_pod(set, revs, ord));
        }
        if !replicas[&i].created {
            let pod = replicas[&i].pod.clone();
            if self.pod_claim_is_stale(set, &pod) {
                return Ok(true);
            }
            self.create_stateful_pod(set, &pod)?;
            return Ok(monotonic);
        }
        let pod = replicas[&i].pod.clone();
        if pod.status.phase == PodPhase::Pending && !set.spec.volume_claim_templates.is_empty() {
            if self.sync_claims(set, &pod).is_err() {
                return Err(());
            }
            self.update_claims_for_retention(set, &pod);
        }
        if monotonic
            && (is_terminating(&pod)
                || !is_running_and_ready(&pod)
                || !is_running_and_available(&pod, set.spec.min_ready_seconds, self.now))
        {
            return Ok(true);
        }
        let retention_ok =
            set.spec.volume_claim_templates.is_empty() || self.claims_match_retention(set, &pod);
        if identity_matches(set, &pod) && storage_matches(set, &pod) && retention_ok {
            return Ok(false);
        }
        // UpdateStatefulPod: repair identity and storage, fix the claims' owners.
        let mut fixed = pod.clone();
        repair(set, &mut fixed);
        if !storage_matches(set, &pod) && self.sync_claims(set, &pod).is_err() {
            self.stateful_pod_event(
                set,
                &pod,
                PodVerb::Update,
                Some("claims could not be created"),
            );
            return Err(());
        }
        self.update_claims_for_retention(set, &pod);
        if fixed != pod {
            self.write_pod(fixed);
        }
        self.stateful_pod_event(set, &pod, PodVerb::Update, None);
        Ok(false)
    }

    /// `processCondemned`: returns whether the pass stops here.
    fn process_condemned(
        &mut self,
        set: &StatefulSet,
        first_unhealthy: Option<&str>,
        monotonic: bool,
        m: &Member,
    ) -> bool {
        let pod = &m.pod;
        if is_terminating(pod) {
            return monotonic;
        }
        let first = first_unhealthy == Some(pod.metadata.name.as_str());
        if monotonic
            && !first
            && (!is_running_and_ready(pod)
                || !is_running_and_available(pod, set.spec.min_ready_seconds, self.now))
        {
            return true;
        }
        let pod = pod.clone();
        self.delete_stateful_pod(set, &pod);
        true
    }

    /// `updateStatefulSetStatus`: completes a finished rolling update, writes when changed.
    fn update_statefulset_status(&mut self, set: &StatefulSet, status: &mut StatefulSetStatus) {
        if set.spec.update_strategy.type_ == "RollingUpdate"
            && status.updated_replicas == status.replicas
            && status.ready_replicas == status.replicas
        {
            status.current_replicas = status.updated_replicas;
            status.current_revision = status.update_revision.clone();
        }
        let old = &set.status;
        let inconsistent = status.observed_generation > old.observed_generation
            || status.replicas != old.replicas
            || status.current_replicas != old.current_replicas
            || status.ready_replicas != old.ready_replicas
            || status.updated_replicas != old.updated_replicas
            || status.current_revision != old.current_revision
            || status.available_replicas != old.available_replicas
            || status.update_revision != old.update_revision;
        if !inconsistent {
            return;
        }
        let Some(mut cur) = self.store.statefulsets.get(&set.metadata.key()).cloned() else {
            return;
        };
        cur.status = status.clone();
        self.write_statefulset(cur);
    }

    // ---------------------------------------------------------------- StatefulPodControl

    /// `recordPodEvent`.
    fn stateful_pod_event(
        &mut self,
        set: &StatefulSet,
        pod: &Pod,
        verb: PodVerb,
        err: Option<&str>,
    ) {
        let (verb, succeeded, failed) = match verb {
            PodVerb::Create => ("create", "SuccessfulCreate", "FailedCreate"),
            PodVerb::Update => ("update", "SuccessfulUpdate", "FailedUpdate"),
            PodVerb::Delete => ("delete", "SuccessfulDelete", "FailedDelete"),
        };
        let (type_, reason, msg) = match err {
            None => (
                "Normal",
                succeeded,
                format!(
                    "{verb} Pod {} in StatefulSet {} successful",
                    pod.metadata.name, set.metadata.name
                ),
            ),
            Some(e) => (
                "Warning",
                failed,
                format!(
                    "{verb} Pod {} in StatefulSet {} failed error: {e}",
                    pod.metadata.name, set.metadata.name
                ),
            ),
        };
        self.record_event(involved(set, "apps/v1"), type_, reason, msg, SOURCE, None);
    }

    /// `CreateStatefulPod`: claims first, then the pod, then the claims' owners.
    fn create_stateful_pod(&mut self, set: &StatefulSet, pod: &Pod) -> Result<(), ()> {
        if let Err(e) = self.sync_claims(set, pod) {
            self.stateful_pod_event(set, pod, PodVerb::Create, Some(&e));
            self.requeue_statefulset(set);
            return Err(());
        }
        let key = pod.metadata.key();
        if self.store.pods.contains(&key) {
            // AlreadyExists is sunk; the next sync sees the pod.
            return Err(());
        }
        let refused = self
            .service_account_error(&pod.metadata.namespace, &pod.metadata.name, &pod.spec)
            .or_else(|| {
                crate::api::priority::check_spec(&pod.spec)
                    .err()
                    .map(|reason| crate::api::priority::forbidden(&pod.metadata.name, &reason))
            })
            .or_else(|| {
                (self.store.pods.len() >= MAX_PODS).then(|| {
                    format!(
                        "pods \"{}\" is forbidden: kubeplay holds at most {MAX_PODS} pods",
                        pod.metadata.name
                    )
                })
            });
        if let Some(e) = refused {
            self.stateful_pod_event(set, pod, PodVerb::Create, Some(&e));
            self.requeue_statefulset(set);
            return Err(());
        }
        let mut p = pod.clone();
        // validating admission: LimitRanger, then ResourceQuota
        let ns = p.metadata.namespace.to_string();
        match self.admit_controller_pod(&ns, &p.metadata.name, &p.spec, &mut p.metadata.annotations)
        {
            Ok(Some(spec)) => {
                p.status = crate::api::PodStatus::created(&spec);
                p.spec = spec;
            }
            Ok(None) => {}
            Err(e) => {
                self.stateful_pod_event(set, pod, PodVerb::Create, Some(&e));
                self.requeue_statefulset(set);
                return Err(());
            }
        }
        let mut meta = self.new_meta(&p.metadata.namespace, &p.metadata.name);
        meta.generation = 0;
        meta.generate_name = std::mem::take(&mut p.metadata.generate_name);
        meta.labels = std::mem::take(&mut p.metadata.labels);
        meta.annotations = std::mem::take(&mut p.metadata.annotations);
        meta.owner_references = std::mem::take(&mut p.metadata.owner_references);
        p.metadata = meta;
        self.write_pod(p.clone());
        self.charge_quotas(&ns);
        self.schedule_queue.add(key);
        self.update_claims_for_retention(set, &p);
        self.stateful_pod_event(set, pod, PodVerb::Create, None);
        Ok(())
    }

    /// `DeleteStatefulPod`.
    pub(crate) fn delete_stateful_pod(&mut self, set: &StatefulSet, pod: &Pod) {
        let key = pod.metadata.key();
        if self.store.pods.contains(&key) {
            self.delete_pod_gracefully(&key, None);
            self.stateful_pod_event(set, pod, PodVerb::Delete, None);
        } else {
            let e = format!("pods \"{}\" not found", pod.metadata.name);
            self.stateful_pod_event(set, pod, PodVerb::Delete, Some(&e));
        }
    }

    /// A failed sync is retried: the rate-limited requeue ([`Cluster::retry_delay_ms`]).
    fn requeue_statefulset(&mut self, set: &StatefulSet) {
        let key = set.metadata.key();
        self.statefulset_sync_failed = true;
        let delay = self.retry_delay_ms(crate::sim::SyncKind::StatefulSet, &key);
        self.after(delay, crate::sim::Timer::SyncStatefulSet(key));
    }

    /// `createPersistentVolumeClaims`: creates the pod's missing claims; a claim being deleted is
    /// an error.
    pub(crate) fn sync_claims(&mut self, set: &StatefulSet, pod: &Pod) -> Result<(), String> {
        let ord = ordinal(pod);
        let mut errs = Vec::new();
        for t in set.spec.volume_claim_templates.clone() {
            let claim = new_claim(set, &t, ord);
            let name = claim["metadata"]["name"].as_str().unwrap_or("").to_string();
            let key = ObjKey::new(set.metadata.namespace.clone(), name.clone());
            match self.store.pvcs.get(&key) {
                Some(c) if c.metadata.deletion_timestamp.is_some() => {
                    errs.push(format!("pvc {name} is being deleted"));
                }
                Some(_) => {}
                None => {
                    let msg = match self.create_value_within(claim, &set.metadata.namespace) {
                        Ok(_) => (
                            "Normal",
                            "SuccessfulCreate",
                            format!(
                                "create Claim {name} Pod {} in StatefulSet {} success",
                                pod.metadata.name, set.metadata.name
                            ),
                        ),
                        Err(e) => {
                            errs.push(format!("failed to create PVC {name}: {}", e.message));
                            (
                                "Warning",
                                "FailedCreate",
                                format!(
                                    "create Claim {name} for Pod {} in StatefulSet {} failed error: {}",
                                    pod.metadata.name, set.metadata.name, e.message
                                ),
                            )
                        }
                    };
                    self.record_event(involved(set, "apps/v1"), msg.0, msg.1, msg.2, SOURCE, None);
                }
            }
        }
        if errs.is_empty() {
            Ok(())
        } else if errs.len() == 1 {
            Err(errs.remove(0))
        } else {
            Err(format!("[{}]", errs.join(", ")))
        }
    }

    /// `PodClaimIsStale`: with `whenScaled: Delete`, a claim still owned by an earlier pod of
    /// the same name blocks re-creating the pod.
    fn pod_claim_is_stale(&self, set: &StatefulSet, pod: &Pod) -> bool {
        if set.retention().1 == "Retain" {
            return false;
        }
        claims_of(set, ordinal(pod)).iter().any(|(_, c)| {
            self.store
                .pvcs
                .get(&ObjKey::new(set.metadata.namespace.clone(), c.clone()))
                .is_some_and(|pvc| has_stale_ref(pvc, "Pod", &pod.metadata.name, &pod.metadata.uid))
        })
    }

    /// `ClaimsMatchRetentionPolicy`.
    fn claims_match_retention(&self, set: &StatefulSet, pod: &Pod) -> bool {
        claims_of(set, ordinal(pod)).iter().all(|(_, c)| {
            self.store
                .pvcs
                .get(&ObjKey::new(set.metadata.namespace.clone(), c.clone()))
                .is_none_or(|pvc| claim_owner_up_to_date(pvc, set, pod))
        })
    }

    /// `UpdatePodClaimForRetentionPolicy`.
    fn update_claims_for_retention(&mut self, set: &StatefulSet, pod: &Pod) {
        for (_, c) in claims_of(set, ordinal(pod)) {
            let key = ObjKey::new(set.metadata.namespace.clone(), c);
            let Some(mut pvc) = self.store.pvcs.get(&key).cloned() else {
                continue;
            };
            if !claim_owner_up_to_date(&pvc, set, pod) {
                update_claim_owner_refs(&mut pvc, set, pod);
                self.write_pvc(pvc);
            }
        }
    }
}

/// What `StatefulPodControl` did to a pod, for its events (`recordPodEvent`).
#[derive(Clone, Copy)]
enum PodVerb {
    Create,
    Update,
    Delete,
}
