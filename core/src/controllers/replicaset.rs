//! The ReplicaSet controller (spec §6): claim pods by selector, create or delete the difference
//! (choosing victims as getPodsToDelete does), and report status.

use crate::api::{
    LabelSelector, ObjKey, OwnerReference, OwnerRefs, Pod, PodPhase, PodStatus, ReplicaSet,
    ReplicaSetCondition, Time,
};
use crate::sim::{involved, Cluster, Timer};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// Most pods created or deleted by one sync (upstream `burstReplicas`).
pub const BURST_REPLICAS: usize = 500;
/// Most pods the simulated cluster holds (PRODUCT §9, upstream's supported limit).
pub const MAX_PODS: usize = 150_000;

/// The ownerReference a controller puts on what it creates.
pub fn controller_ref(api_version: &str, kind: &str, name: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: api_version.into(),
        kind: kind.into(),
        name: name.into(),
        uid: uid.into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

impl Cluster {
    /// The owner references of a pod the controller creates: one controller reference, the
    /// same list as the previous pod's when it is the same controller's (a burst of creations).
    fn shared_controller_ref(
        &mut self,
        api_version: &str,
        kind: &str,
        name: &str,
        uid: &str,
    ) -> OwnerRefs {
        let same = |r: &OwnerReference| {
            r.uid == uid && r.name == name && r.kind == kind && r.api_version == api_version
        };
        if !matches!(self.last_controller_ref.as_slice(), [r] if same(r)) {
            self.last_controller_ref = vec![controller_ref(api_version, kind, name, uid)].into();
        }
        self.last_controller_ref.clone()
    }

    pub(crate) fn sync_replicaset(&mut self, key: &ObjKey) {
        let Some(rs) = self.store.replicasets.get(key).cloned() else {
            return;
        };
        self.claim_pods(&rs);
        let mut manage_error: Option<(bool, String)> = None;
        if rs.metadata.deletion_timestamp.is_none() {
            let active = self.store.pod_counts(&rs.metadata.uid).active;
            let diff = active as i64 - rs.spec.replicas as i64;
            if diff < 0 {
                let want = ((-diff) as usize).min(BURST_REPLICAS);
                if let Err(e) = self.create_replicas(&rs, want) {
                    manage_error = Some((true, e));
                    let delay = self.retry_delay_ms(crate::sim::SyncKind::ReplicaSet, key);
                    self.after(delay, Timer::SyncReplicaSet(key.clone()));
                }
            } else if diff > 0 {
                let n = (diff as usize).min(BURST_REPLICAS);
                let victims = self.pods_to_delete(&rs, n);
                for v in victims {
                    self.record_event(
                        involved(&rs, "apps/v1"),
                        "Normal",
                        "SuccessfulDelete",
                        crate::output::concat(&["Deleted pod: ", v.name()]),
                        "replicaset-controller",
                        None,
                    );
                    self.delete_pod_gracefully(&v, None);
                }
                // The deletions took the ranking's own front pods and only enqueue work for
                // others (no other pod of this set changes here), so the ranks it keeps still
                // hold: re-stamp it rather than let the next scale-down rank every pod again.
                if let Some(kept) = &mut self.victim_ranking {
                    kept.stamp = self.store.active_pods_stamp(&rs.metadata.uid);
                }
            }
        }
        if manage_error.is_none() {
            self.forget_failures(crate::sim::SyncKind::ReplicaSet, key);
        }
        self.update_replicaset_status(key, manage_error);
    }

    /// ClaimPods: adopts orphans matching the selector and releases owned pods that no longer
    /// match. Only the pods that change are copied.
    fn claim_pods(&mut self, rs: &ReplicaSet) {
        let uid = &rs.metadata.uid;
        let sel = &rs.spec.selector;
        // Pods this ReplicaSet created carry its selector's labels; only a relabeled pod (or an
        // empty selector) can need releasing.
        let recheck = sel.is_empty() || self.store.relabeled_owners.contains(uid);
        let release: Vec<ObjKey> = if !recheck {
            Vec::new()
        } else {
            self.store
                .pods
                .owned_iter(uid)
                .filter(|p| (sel.is_empty() || !sel.matches(&p.metadata.labels)) && p.is_active())
                .map(|p| p.metadata.key())
                .collect()
        };
        for k in release {
            if let Some(mut pod) = self.store.pods.get(&k).cloned() {
                pod.metadata.owner_references.retain(|r| r.uid != *uid);
                self.write_pod(pod);
            }
        }
        if rs.metadata.deletion_timestamp.is_some() || sel.is_empty() {
            return;
        }
        let adopt: Vec<ObjKey> = self
            .store
            .pods
            .owned_iter("")
            // syncReplicaSet claims only FilterActivePods' pods: a finished (Succeeded or
            // Failed) or terminating orphan is never adopted
            .filter(|p| {
                p.metadata.namespace == rs.metadata.namespace
                    && p.is_active()
                    && sel.matches(&p.metadata.labels)
            })
            .map(|p| p.metadata.key())
            .collect();
        for k in adopt {
            if let Some(mut pod) = self.store.pods.get(&k).cloned() {
                pod.metadata.owner_references.push(controller_ref(
                    "apps/v1",
                    "ReplicaSet",
                    &rs.metadata.name,
                    uid,
                ));
                self.write_pod(pod);
            }
        }
    }

    /// Creates `n` pods from the template (slow-start batches 1, 2, 4, …; a failing batch stops
    /// the rest).
    fn create_replicas(&mut self, rs: &ReplicaSet, n: usize) -> Result<(), String> {
        let template = crate::api::apps::PodTemplateSpec {
            metadata: rs.spec.template.metadata.clone(),
            spec: crate::api::defaults::pod_spec_from_template(&rs.spec.template.spec),
        };
        let mut batch = 1usize;
        let mut remaining = n;
        while remaining > 0 {
            let size = batch.min(remaining);
            for _ in 0..size {
                // the API server's admission (Priority plugin) or kubeplay's own limit refuses
                let over_limit = (self.store.pods.len() >= MAX_PODS).then(|| {
                    format!(
                        "pods \"{}-\" is forbidden: kubeplay holds at most {MAX_PODS} pods",
                        rs.metadata.name
                    )
                });
                // admission runs the ServiceAccount plugin before Priority
                let generated = format!("{}-", rs.metadata.name);
                let refused = self
                    .service_account_error(&rs.metadata.namespace, &generated, &template.spec)
                    .or_else(|| {
                        crate::api::priority::check_spec(&template.spec)
                            .err()
                            .map(|reason| crate::api::priority::forbidden(&generated, &reason))
                    })
                    .or(over_limit);
                if let Some(msg) = refused {
                    self.record_event(
                        involved(rs, "apps/v1"),
                        "Warning",
                        "FailedCreate",
                        format!("Error creating: {msg}"),
                        "replicaset-controller",
                        None,
                    );
                    return Err(msg);
                }
                let name =
                    match self.create_pod_from_template(rs, "ReplicaSet", "apps/v1", &template) {
                        Ok(name) => name,
                        Err(msg) => {
                            self.record_event(
                                involved(rs, "apps/v1"),
                                "Warning",
                                "FailedCreate",
                                format!("Error creating: {msg}"),
                                "replicaset-controller",
                                None,
                            );
                            return Err(msg);
                        }
                    };
                self.record_event(
                    involved(rs, "apps/v1"),
                    "Normal",
                    "SuccessfulCreate",
                    crate::output::concat(&["Created pod: ", &name]),
                    "replicaset-controller",
                    None,
                );
            }
            remaining -= size;
            batch *= 2;
        }
        Ok(())
    }

    /// Stamps a pod from a template with a controller reference; returns its name, generated
    /// as `<owner>-<5 random>`.
    pub(crate) fn create_pod_from_template<T: crate::store::Object>(
        &mut self,
        owner: &T,
        kind: &str,
        api_version: &str,
        template: &crate::api::PodTemplateSpec,
    ) -> Result<String, String> {
        let prefix = crate::output::concat(&[&owner.meta().name, "-"]);
        self.stamp_pod(owner, kind, api_version, template, &prefix, None)
    }

    /// [`Cluster::create_pod_from_template`] with its own `generateName` (an Indexed Job's
    /// `<job>-<index>-`) and hostname/subdomain.
    pub(crate) fn stamp_pod<T: crate::store::Object>(
        &mut self,
        owner: &T,
        kind: &str,
        api_version: &str,
        template: &crate::api::PodTemplateSpec,
        generate_name: &str,
        identity: Option<Box<crate::api::PodIdentity>>,
    ) -> Result<String, String> {
        let om = owner.meta();
        let ns = om.namespace.clone();
        let mut prefix = generate_name.to_string();
        if let Some((cut, _)) = prefix.char_indices().nth(58) {
            prefix.truncate(cut);
        }
        let name = loop {
            let mut candidate = String::with_capacity(prefix.len() + 5);
            candidate.push_str(&prefix);
            self.rng.push_name_suffix(&mut candidate, 5);
            if !self.store.pods.contains(&ObjKey::new(&ns, &candidate)) {
                break candidate;
            }
        };
        // validating admission sees the generated name: LimitRanger, then ResourceQuota
        let mut annotations = template.metadata.annotations.clone();
        let spec = match self.admit_controller_pod(&ns, &name, &template.spec, &mut annotations) {
            Ok(Some(defaulted)) => defaulted,
            Ok(None) => template.spec.clone(),
            Err(e) => return Err(e),
        };
        let mut meta = self.new_meta(&ns, &name);
        meta.generation = 0;
        meta.generate_name = crate::api::shared_text(generate_name);
        meta.labels = template.metadata.labels.clone();
        meta.annotations = annotations;
        meta.owner_references = self.shared_controller_ref(api_version, kind, &om.name, &om.uid);
        let status = PodStatus::created(&spec);
        let pod = Pod {
            metadata: meta,
            spec,
            node_name: None,
            identity,
            status,
        };
        let key = pod.metadata.key();
        self.store.templated_write = true;
        self.write_pod(pod);
        self.store.templated_write = false;
        self.charge_quotas(&ns);
        self.schedule_queue.add(key);
        Ok(name)
    }

    /// getPodsToDelete (spec §6.3): rank by co-located pods of the same controller, then take
    /// the `n` first in deletion order (a partial selection: O(pods), not a full sort).
    ///
    /// Each pod's own part of the rank is read once per scale-down, not once per sync: see
    /// [`VictimRanking`].
    fn pods_to_delete(&mut self, rs: &ReplicaSet, n: usize) -> Vec<ObjKey> {
        let uid = &rs.metadata.uid;
        if n >= self.store.pod_counts(uid).active as usize {
            return self
                .store
                .pods
                .owned_iter(uid)
                .filter(|p| p.is_active())
                .map(|p| p.metadata.key())
                .collect();
        }
        let stamp = self.store.active_pods_stamp(uid);
        let mut kept = match self.victim_ranking.take() {
            Some(k) if k.owner == *uid && k.stamp == stamp => k,
            _ => VictimRanking::read(self, rs, stamp),
        };
        let per_node = self.related_active_per_node(rs);
        let chosen = kept.select(&per_node, n, self.now);
        // Every unit test's scale-down also checks the kept ranks against a fresh read.
        #[cfg(test)]
        {
            let fresh = VictimRanking::read(self, rs, stamp);
            let again = fresh.select(&per_node, n, self.now);
            assert_eq!(kept.keys(&chosen), fresh.keys(&again));
        }
        let victims = kept.keys(&chosen);
        let mut victim = vec![false; kept.pods.len()];
        for i in chosen {
            victim[i] = true;
        }
        let mut index = 0;
        kept.pods.retain(|_| {
            index += 1;
            !victim[index - 1]
        });
        self.victim_ranking = Some(kept);
        victims
    }

    /// Active pods per node of every ReplicaSet with the same controller owner as `rs`, from the
    /// store's incremental per-node counts.
    fn related_active_per_node(&self, rs: &ReplicaSet) -> FxHashMap<&str, i64> {
        let mut per_node: FxHashMap<&str, i64> = FxHashMap::default();
        // getReplicaSetsWithSameController: none for an RS without a controller, so every
        // rank is 0 then.
        let Some(owner) = rs.metadata.controller_uid() else {
            return per_node;
        };
        for r in self.store.replicasets.owned_iter(owner) {
            for (node, n) in self
                .store
                .counts
                .active_per_node
                .get(&r.metadata.uid)
                .into_iter()
                .flatten()
            {
                *per_node.entry(node.as_str()).or_default() += *n as i64;
            }
        }
        per_node
    }

    fn update_replicaset_status(&mut self, key: &ObjKey, manage_error: Option<(bool, String)>) {
        let Some(mut rs) = self.store.replicasets.get(key).cloned() else {
            return;
        };
        let now = self.now;
        let min_ready = rs.spec.min_ready_seconds;
        let counts = self.store.pod_counts(&rs.metadata.uid);
        let (replicas, ready) = (counts.active, counts.ready);
        let (mut labeled, mut available) = (replicas, ready);
        let exact = self.store.relabeled_owners.contains(&rs.metadata.uid)
            || (min_ready > 0 && self.store.foreign_owners.contains(&rs.metadata.uid));
        if !exact && min_ready > 0 {
            available = self.store.available_pods(&rs.metadata.uid, min_ready, now);
        }
        if exact {
            (labeled, available) = (0, 0);
            for p in self
                .store
                .pods
                .owned_iter(&rs.metadata.uid)
                .filter(|p| p.is_active())
            {
                if rs
                    .spec
                    .template
                    .metadata
                    .labels
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                {
                    labeled += 1;
                }
                if p.is_available(min_ready, now) {
                    available += 1;
                }
            }
        }
        let mut status = rs.status.clone();
        status.replicas = replicas;
        status.fully_labeled_replicas = labeled;
        status.ready_replicas = ready;
        status.available_replicas = available;
        status.observed_generation = rs.metadata.generation;
        match manage_error {
            Some((creating, message)) => {
                if !status
                    .conditions
                    .iter()
                    .any(|c| c.type_ == "ReplicaFailure")
                {
                    status.conditions.push(ReplicaSetCondition {
                        type_: "ReplicaFailure".into(),
                        status: "True".into(),
                        last_transition_time: now,
                        reason: if creating {
                            "FailedCreate"
                        } else {
                            "FailedDelete"
                        }
                        .into(),
                        message,
                    });
                }
            }
            None => status.conditions.retain(|c| c.type_ != "ReplicaFailure"),
        }
        if min_ready > 0 && ready == rs.spec.replicas && available != rs.spec.replicas {
            self.after(min_ready as u64 * 1000, Timer::SyncReplicaSet(key.clone()));
        }
        if status != rs.status {
            rs.status = status;
            self.write_replicaset_status(rs);
        }
    }

    /// A pod that just became ready wakes its ReplicaSet again once it can count as available.
    pub(crate) fn requeue_for_min_ready(&mut self, new: &Pod) {
        let Some(r) = new.metadata.controller_ref() else {
            return;
        };
        if r.kind != "ReplicaSet" {
            return;
        }
        let key = ObjKey::new(new.metadata.namespace.clone(), r.name.clone());
        self.requeue_replicaset_for_min_ready(key);
    }

    /// A pod of this ReplicaSet became ready: with minReadySeconds it becomes available later,
    /// and the ReplicaSet syncs again then (upstream's `AddAfter` in `updatePod`).
    pub(crate) fn requeue_replicaset_for_min_ready(&mut self, key: ObjKey) {
        let min_ready = self
            .store
            .replicasets
            .get(&key)
            .map_or(0, |rs| rs.spec.min_ready_seconds);
        if min_ready > 0 {
            self.after(min_ready as u64 * 1000 + 1000, Timer::SyncReplicaSet(key));
        }
    }
}

/// Whether `sel` selects everything (`{}`), which controllers refuse.
pub fn selects_all(sel: &LabelSelector) -> bool {
    sel.is_empty()
}

/// The "delete first" order of `ActivePodsWithRanks.Less` (spec §6.3).
pub fn delete_order(a: &Pod, rank_a: i64, b: &Pod, rank_b: i64, now: Time) -> Ordering {
    let (a, b) = (DeletionRank::of(a), DeletionRank::of(b));
    a.cmp(&a.at(rank_a, now), &b, &b.at(rank_b, now))
}

/// The victim ranking's view of one ReplicaSet's active pods, kept between the syncs of a
/// scale-down. A scale-down larger than [`BURST_REPLICAS`] takes one sync per 500 pods, and
/// each ranks every active pod (upstream's getPodsToDelete): scaling 100,000 pods down by a
/// quarter read every pod fifty times, most of a large rollout's cost. What a pod contributes
/// to its rank changes only when the pod is written, which the store's per-owner stamp tells
/// ([`crate::store::Store::active_pods_stamp`]); only the co-located counts are read afresh.
/// The pods keep the owner index's order, so the selection picks exactly what a fresh ranking
/// would.
#[derive(Debug, Clone)]
pub(crate) struct VictimRanking {
    /// UID of the ReplicaSet.
    owner: String,
    /// The owner's active-pods stamp these ranks reflect.
    pub(crate) stamp: u64,
    /// Distinct nodes of the pods (`""` for unbound ones).
    nodes: Vec<String>,
    /// Active pods in the owner index's order.
    pods: Vec<RankedPod>,
}

#[derive(Debug, Clone)]
struct RankedPod {
    key: ObjKey,
    /// Index into [`VictimRanking::nodes`].
    node: usize,
    rank: DeletionRank,
}

impl VictimRanking {
    fn read(c: &Cluster, rs: &ReplicaSet, stamp: u64) -> Self {
        let mut node_index: FxHashMap<&str, usize> = FxHashMap::default();
        let mut nodes = Vec::new();
        let pods = c
            .store
            .pods
            .owned_iter(&rs.metadata.uid)
            .filter(|p| p.is_active())
            .map(|p| {
                let name = p.node_name.as_deref().unwrap_or("");
                let node = *node_index.entry(name).or_insert_with(|| {
                    nodes.push(name.to_string());
                    nodes.len() - 1
                });
                RankedPod {
                    key: p.metadata.key(),
                    node,
                    rank: DeletionRank::of(p),
                }
            })
            .collect();
        Self {
            owner: rs.metadata.uid.clone(),
            stamp,
            nodes,
            pods,
        }
    }

    fn keys(&self, chosen: &[usize]) -> Vec<ObjKey> {
        chosen.iter().map(|i| self.pods[*i].key.clone()).collect()
    }

    /// Indexes of the `n` pods to delete first, in deletion order, given the active pods per
    /// node of the ReplicaSet and its siblings.
    fn select(&self, per_node: &FxHashMap<&str, i64>, n: usize, now: Time) -> Vec<usize> {
        let colocated: Vec<i64> = self
            .nodes
            .iter()
            .map(|node| per_node.get(node.as_str()).copied().unwrap_or(0))
            .collect();
        let pods = &self.pods;
        let mut ranked: Vec<(usize, RankAt)> = pods
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.rank.at(colocated[p.node], now)))
            .collect();
        if n < ranked.len() {
            let order = |a: &(usize, RankAt), b: &(usize, RankAt)| {
                pods[a.0].rank.cmp(&a.1, &pods[b.0].rank, &b.1)
            };
            ranked.select_nth_unstable_by(n - 1, order);
            ranked.truncate(n);
            crate::sort::sort_by(&mut ranked, order);
        }
        ranked.into_iter().map(|(i, _)| i).collect()
    }
}

/// What `ActivePodsWithRanks.Less` reads of a pod, read once per pod rather than once per
/// comparison (a scale-down of thousands of pods compares each many times). The co-located
/// count is the ranking's, passed alongside.
#[derive(Debug, Clone)]
struct DeletionRank {
    assigned: bool,
    phase: u8,
    deletion_cost: i32,
    /// When the pod became ready; `None` while it is not ready.
    ready_since: Option<Time>,
    restarts: i32,
    created: Time,
    /// The UID in its string order, as a number ([`uid_order`]).
    uid: u128,
}

/// The parts of a pod's rank that depend on the instant and on its node's other pods, computed
/// once per selection rather than once per comparison.
#[derive(Debug, Clone, Copy)]
struct RankAt {
    /// Pods of the same controller on the pod's node.
    colocated: i64,
    /// [`age_bucket`] of the ready time and of the creation time.
    ready_bucket: i64,
    created_bucket: i64,
}

impl DeletionRank {
    fn at(&self, colocated: i64, now: Time) -> RankAt {
        RankAt {
            colocated,
            ready_bucket: self.ready_since.map_or(0, |t| age_bucket(t, now)),
            created_bucket: age_bucket(self.created, now),
        }
    }

    fn of(p: &Pod) -> Self {
        Self {
            assigned: p.node_name.as_deref().is_some_and(|n| !n.is_empty()),
            phase: match p.status.phase {
                PodPhase::Pending => 0,
                PodPhase::Unknown => 1,
                PodPhase::Running => 2,
                _ => 0,
            },
            deletion_cost: p
                .metadata
                .annotations
                .get("controller.kubernetes.io/pod-deletion-cost")
                .and_then(|v| v.parse::<i32>().ok())
                .unwrap_or(0),
            ready_since: p.ready_since(),
            restarts: p
                .status
                .container_statuses
                .iter()
                .map(|c| c.restart_count)
                .max()
                .unwrap_or(0),
            created: p.metadata.creation_timestamp,
            uid: uid_order(&p.metadata.uid),
        }
    }

    fn cmp(&self, at: &RankAt, b: &Self, b_at: &RankAt) -> Ordering {
        let a = self;
        a.assigned
            .cmp(&b.assigned)
            .then(a.phase.cmp(&b.phase))
            .then(a.ready_since.is_some().cmp(&b.ready_since.is_some()))
            .then(a.deletion_cost.cmp(&b.deletion_cost))
            .then(b_at.colocated.cmp(&at.colocated))
            .then_with(|| match (a.ready_since, b.ready_since) {
                (Some(ta), Some(tb)) if secs(ta) != secs(tb) => at
                    .ready_bucket
                    .cmp(&b_at.ready_bucket)
                    .then_with(|| a.uid.cmp(&b.uid)),
                _ => Ordering::Equal,
            })
            .then(b.restarts.cmp(&a.restarts))
            .then_with(|| {
                let (ta, tb) = (a.created, b.created);
                if secs(ta) == secs(tb) {
                    Ordering::Equal
                } else {
                    at.created_bucket
                        .cmp(&b_at.created_bucket)
                        .then_with(|| a.uid.cmp(&b.uid))
                }
            })
    }
}

/// A UID's place in string order as a number: the API server's UIDs are canonical lowercase
/// UUIDs (8-4-4-4-12 hex digits), whose string order is the order of their 128 bits, so the
/// ranking's last tie-break compares two integers instead of two strings. Anything but a hex
/// digit is skipped.
fn uid_order(uid: &str) -> u128 {
    uid.chars()
        .filter_map(|c| c.to_digit(16))
        .fold(0u128, |n, d| n.wrapping_shl(4) | u128::from(d))
}

/// API timestamps have second precision.
fn secs(t: Time) -> i64 {
    t.div_euclid(1000)
}

/// LogarithmicScaleDown's age bucket: floor(log2(age in ns)), -1 for no age; the younger
/// bucket goes first, and a zero (unset) time counts as the newest (`afterOrZero`), so it is the
/// lowest of all.
fn age_bucket(t: Time, now: Time) -> i64 {
    if t == 0 {
        return i64::MIN;
    }
    let age_ns = (now - secs(t) * 1000) as i128 * 1_000_000;
    if age_ns > 0 {
        127 - (age_ns as u128).leading_zeros() as i64
    } else {
        -1
    }
}
