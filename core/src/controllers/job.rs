//! The Job controller, after upstream `pkg/controller/job/job_controller.go` (v1.33): pods up to
//! `parallelism` (never more than the completions still missing), finished pods counted once
//! (what the `batch.kubernetes.io/job-tracking` finalizer achieves upstream), the pod failure
//! back-off (10 s doubling, at most 10 minutes, counted from the last failure since the last
//! success), `backoffLimit` (restarts count for `OnFailure`), `activeDeadlineSeconds`, and the
//! v1.33 terminal conditions: `SuccessCriteriaMet` / `FailureTarget` first, `Complete` /
//! `Failed` once no pod is left running. `ttlSecondsAfterFinished` is the TTL-after-finished
//! controller's. Indexed completion is not simulated (pods are made as for NonIndexed).

use crate::api::job::{format_indexes, Job, JobCondition, COMPLETION_INDEX};
use crate::api::{ObjKey, Pod, Time};
use crate::controllers::gc::Propagation;
use crate::controllers::job_policy::{
    annotation_count, intervals_of, match_pod_failure_policy, match_success_policy, success_rules,
    PodFailurePolicy, INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT,
};
use crate::controllers::replicaset::MAX_PODS;
use crate::sim::{involved, Cluster, Timer};

pub(crate) const SOURCE: &str = "job-controller";
/// `batch.JobControllerName`, the `spec.managedBy` of Jobs this controller syncs.
const JOB_CONTROLLER_NAME: &str = "kubernetes.io/job-controller";
/// The finalizer a Job's pods carry until the controller has counted them
/// (`batch.kubernetes.io/job-tracking`, JobTrackingWithFinalizers, GA since v1.26).
pub(crate) const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff`.
const POD_FAILURE_BACKOFF_MS: i64 = 10_000;
const MAX_POD_FAILURE_BACKOFF_MS: i64 = 600_000;
/// `SlowStartInitialBatchSize` doubling up to `MaxBatchSize`-like burst (500 upstream).
const MAX_CREATES_PER_SYNC: i32 = 500;
/// The longest timer a Job sets (about 142,000 years): `activeDeadlineSeconds` is any
/// non-negative int64, and the clock must not overflow.
const MAX_TIMER_MS: i64 = 1 << 52;

/// Seconds of a spec field as milliseconds, saturating (the API allows any non-negative int64).
fn secs_ms(secs: i64) -> i64 {
    secs.max(0).saturating_mul(1000)
}

const COMPLETIONS_REACHED: (&str, &str) = (
    "CompletionsReached",
    "Reached expected number of succeeded pods",
);
const BACKOFF_LIMIT_EXCEEDED: (&str, &str) = (
    "BackoffLimitExceeded",
    "Job has reached the specified backoff limit",
);
const DEADLINE_EXCEEDED: (&str, &str) = (
    "DeadlineExceeded",
    "Job was active longer than specified deadline",
);
const MAX_FAILED_INDEXES_EXCEEDED: (&str, &str) = (
    "MaxFailedIndexesExceeded",
    "Job has exceeded the specified maximal number of failed indexes",
);
const FAILED_INDEXES: (&str, &str) = ("FailedIndexes", "Job has failed indexes");
/// `JobReasonPodFailurePolicy` and `JobReasonSuccessPolicy`; their messages come from the
/// matched rule.
const POD_FAILURE_POLICY: &str = "PodFailurePolicy";
const SUCCESS_POLICY: &str = "SuccessPolicy";
/// The reasons a Job fails with (the Failed event's reason).
const FAILURE_REASONS: [&str; 5] = [
    BACKOFF_LIMIT_EXCEEDED.0,
    DEADLINE_EXCEEDED.0,
    MAX_FAILED_INDEXES_EXCEEDED.0,
    FAILED_INDEXES.0,
    POD_FAILURE_POLICY,
];

/// `getRemainingTimeForFailuresCount`: how long after the last failure the next pod may be
/// created.
pub fn failure_backoff_ms(failures: i32) -> i64 {
    if failures <= 0 {
        return 0;
    }
    let mut d = POD_FAILURE_BACKOFF_MS;
    for _ in 1..failures {
        d *= 2;
        if d >= MAX_POD_FAILURE_BACKOFF_MS {
            return MAX_POD_FAILURE_BACKOFF_MS;
        }
    }
    d
}

fn condition(type_: &'static str, (reason, message): (&str, &str), now: Time) -> JobCondition {
    JobCondition {
        type_,
        status: true,
        last_probe_time: now,
        last_transition_time: now,
        reason: reason.into(),
        message: message.into(),
    }
}

/// An Indexed Job pod's completion index.
fn completion_index(p: &Pod) -> Option<i32> {
    p.metadata.annotations.get(COMPLETION_INDEX)?.parse().ok()
}

/// The pod template of index `i` (`addCompletionIndexEnvVariables`, `addCompletionIndexAnnotation`,
/// the index label, hostname `<job>-<i>`): `JOB_COMPLETION_INDEX` through the downward API in
/// every container that does not set it — from the label, as PodIndexLabel (on by default
/// since v1.28) has `addCompletionIndexEnvVariable` read it.
fn indexed_template(
    job: &Job,
    template: &crate::api::PodTemplateSpec,
    i: i32,
) -> (crate::api::PodTemplateSpec, Box<crate::api::PodIdentity>) {
    let mut t = template.clone();
    t.metadata
        .annotations
        .insert(COMPLETION_INDEX.into(), i.to_string());
    t.metadata
        .labels
        .insert(COMPLETION_INDEX.into(), i.to_string());
    let mut spec = (*t.spec).clone();
    let var = serde_json::json!({"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
        "apiVersion": "v1",
        "fieldPath": format!("metadata.labels['{COMPLETION_INDEX}']")}}});
    for k in ["initContainers", "containers"] {
        for c in spec
            .get_mut(k)
            .and_then(serde_json::Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            let env = c
                .as_object_mut()
                .map(|o| o.entry("env").or_insert_with(|| serde_json::json!([])));
            if let Some(list) = env.and_then(serde_json::Value::as_array_mut) {
                if !list.iter().any(|e| e["name"] == "JOB_COMPLETION_INDEX") {
                    list.push(var.clone());
                }
            }
        }
    }
    t.spec = std::rc::Rc::new(spec);
    let subdomain = job
        .spec
        .template
        .spec
        .get("subdomain")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let identity = Box::new(crate::api::PodIdentity {
        hostname: Some(format!("{}-{i}", job.metadata.name)),
        subdomain,
    });
    (t, identity)
}

/// `pastBackoffLimitOnFailure`: the restarts of the running and pending pods of an `OnFailure`
/// job against its limit (any restart, for a limit of 0).
fn past_backoff_on_failure(job: &Job, pods: &[&Pod]) -> bool {
    if job.spec.restart_policy() != "OnFailure" {
        return false;
    }
    let restarts: i32 = pods
        .iter()
        .filter(|p| matches!(p.status.phase.as_str(), "Running" | "Pending"))
        .flat_map(|p| {
            p.status
                .init_container_statuses
                .iter()
                .chain(p.status.container_statuses.iter())
        })
        .map(|c| c.restart_count)
        .sum();
    match job.spec.backoff_limit.unwrap_or(6) {
        0 => restarts > 0,
        limit => restarts >= limit,
    }
}

/// What one sync reads from the Job's spec, once.
struct SyncCtx {
    policy: Option<PodFailurePolicy>,
    /// `onlyReplaceFailedPods`: `podReplacementPolicy: Failed`, or any pod failure policy.
    only_failed: bool,
    indexed: bool,
    completions: i32,
    /// `backoffLimitPerIndex` of an Indexed Job.
    per_index: Option<i32>,
}

impl SyncCtx {
    fn new(job: &Job, _pods: &[Pod]) -> Self {
        let policy = job
            .spec
            .pod_failure_policy
            .as_ref()
            .filter(|p| !p.is_null())
            .map(PodFailurePolicy::from_value);
        let indexed = job.spec.indexed();
        Self {
            only_failed: policy.is_some()
                || job.spec.pod_replacement_policy.as_deref() == Some("Failed"),
            policy,
            indexed,
            completions: job.spec.completions.unwrap_or(0),
            per_index: job.spec.backoff_limit_per_index.filter(|_| indexed),
        }
    }

    /// `isPodFailed`: Failed, or (unless only failed pods are replaced) deleted before it
    /// succeeded.
    fn is_failed(&self, p: &Pod) -> bool {
        p.status.phase == crate::api::PodPhase::Failed
            || (!self.only_failed
                && p.metadata.deletion_timestamp.is_some()
                && p.status.phase != crate::api::PodPhase::Succeeded)
    }

    /// The pod's completion index, when the Job is Indexed and it is in range.
    fn index(&self, p: &Pod) -> Option<i32> {
        completion_index(p).filter(|i| self.indexed && (0..self.completions).contains(i))
    }

    /// Whether the pod counts at all: any pod of a NonIndexed Job, an in-range index else.
    fn valid_index(&self, p: &Pod) -> bool {
        !self.indexed || self.index(p).is_some()
    }

    /// `isIndexFailed`: a `FailIndex` rule matched, or a counted failure with the index's
    /// failures already at `backoffLimitPerIndex`.
    fn is_index_failed(&self, p: &Pod) -> bool {
        let Some(limit) = self.per_index else {
            return false;
        };
        if !self.is_failed(p) || self.index(p).is_none() {
            return false;
        }
        let d = match_pod_failure_policy(self.policy.as_ref(), p);
        if d.action == Some(crate::controllers::job_policy::Action::FailIndex) {
            return true;
        }
        d.count_failed && annotation_count(p, INDEX_FAILURE_COUNT) >= limit
    }

    /// `getPodsWithDelayedDeletionPerIndex`: per index neither succeeded, failed nor running,
    /// its latest failed pod (most failures, then latest finished).
    fn delayed_per_index<'a>(
        &self,
        uncounted: &[&'a Pod],
        active: &[&Pod],
        succeeded: &std::collections::BTreeSet<i32>,
        failed: &std::collections::BTreeSet<i32>,
    ) -> std::collections::BTreeMap<i32, &'a Pod> {
        let running: std::collections::BTreeSet<i32> =
            active.iter().filter_map(|p| completion_index(p)).collect();
        let mut out: std::collections::BTreeMap<i32, &'a Pod> = std::collections::BTreeMap::new();
        for p in uncounted.iter().filter(|p| self.is_failed(p)) {
            let Some(i) = self.index(p) else {
                continue;
            };
            if succeeded.contains(&i) || failed.contains(&i) || running.contains(&i) {
                continue;
            }
            let absolute = |p: &Pod| {
                annotation_count(p, INDEX_FAILURE_COUNT)
                    .saturating_add(annotation_count(p, INDEX_IGNORED_FAILURE_COUNT))
            };
            match out.get(&i) {
                Some(last)
                    if !(absolute(last) <= absolute(p)
                        && pod_finished_time(p) >= pod_finished_time(last)) => {}
                _ => {
                    out.insert(i, p);
                }
            }
        }
        out
    }
}

/// `getFinishedTime`: when the last container finished, else when the pod stopped being
/// ready, else its deletion (less the grace period), else its creation.
fn pod_finished_time(p: &Pod) -> Time {
    let statuses = &p.status.container_statuses;
    let finished: Option<Time> = statuses
        .iter()
        .map(|cs| match &cs.state {
            crate::api::ContainerState::Terminated(t) if t.finished_at != 0 => Some(t.finished_at),
            _ => None,
        })
        .collect::<Option<Vec<Time>>>()
        .and_then(|v| v.into_iter().max());
    if let Some(t) = finished.filter(|_| !statuses.is_empty()) {
        return t;
    }
    if let Some(c) = p.status.condition("Ready").filter(|c| !c.is_true()) {
        return c.last_transition_time();
    }
    if let Some(d) = p.metadata.deletion_timestamp {
        return d.saturating_sub(
            p.metadata
                .deletion_grace_period_seconds
                .unwrap_or(0)
                .saturating_mul(1000),
        );
    }
    p.metadata.creation_timestamp
}

/// `addIndexFailureCountAnnotation`: the replacement of an index's failed pod carries the
/// failures so far (the ignored ones apart); a first pod carries 0.
fn add_index_failure_counts(
    t: &mut crate::api::PodTemplateSpec,
    ctx: &SyncCtx,
    replaced: Option<&Pod>,
) {
    let (mut failures, mut ignored) = (0, 0);
    if let Some(p) = replaced {
        failures = annotation_count(p, INDEX_FAILURE_COUNT);
        ignored = annotation_count(p, INDEX_IGNORED_FAILURE_COUNT);
        if match_pod_failure_policy(ctx.policy.as_ref(), p).count_failed {
            failures = failures.saturating_add(1);
        } else {
            ignored = ignored.saturating_add(1);
        }
    }
    t.metadata
        .annotations
        .insert(INDEX_FAILURE_COUNT.into(), failures.to_string());
    if ignored > 0 {
        t.metadata
            .annotations
            .insert(INDEX_IGNORED_FAILURE_COUNT.into(), ignored.to_string());
    }
}

impl Cluster {
    pub(crate) fn write_job(&mut self, mut j: Job) {
        self.enqueue_cronjob_for_job(&j);
        let key = j.metadata.key();
        j.metadata.resource_version = self.store.next_resource_version();
        self.store.jobs.put(j);
        self.watched("Job", &key, false);
        self.job_queue.add(key);
    }

    /// A status write: the sync that made it needs no other.
    fn write_job_status(&mut self, mut j: Job) {
        self.enqueue_cronjob_for_job(&j);
        let key = j.metadata.key();
        j.metadata.resource_version = self.store.next_resource_version();
        self.store.jobs.put(j);
        self.watched("Job", &key, false);
    }

    pub(crate) fn remove_job(&mut self, key: &ObjKey) {
        self.watched("Job", key, true);
        if let Some(j) = self.store.jobs.remove(key) {
            self.store.next_resource_version();
            self.enqueue_cronjob_for_job(&j);
            self.gc_queue.add(j.metadata.uid.clone());
        }
    }

    /// `syncJob` with `trackJobStatusAndRemoveFinalizers`: counts the pods that finished since
    /// the last sync (through the pod failure policy), decides the interim terminal condition
    /// (the policy's `FailJob`, `backoffLimit`, the deadline, failed indexes, the success
    /// policy, the completions), then deletes the active pods of a finishing Job or creates
    /// and deletes pods (`manageJob`).
    pub(crate) fn sync_job(&mut self, key: &ObjKey) {
        let Some(mut job) = self.store.jobs.get(key).cloned() else {
            return;
        };
        if job.metadata.deletion_timestamp.is_some() || job.status.finished() {
            return;
        }
        // managedByExternalController (JobManagedBy, beta and on in v1.33): another
        // controller's Job is left alone
        if job
            .spec
            .managed_by
            .as_deref()
            .is_some_and(|m| m != JOB_CONTROLLER_NAME)
        {
            return;
        }
        let now = self.now;
        let before = job.clone();
        let selector = job.spec.selector();
        let pods: Vec<Pod> = self
            .store
            .pods
            .owned_iter(&job.metadata.uid)
            .filter(|p| selector.matches(&p.metadata.labels))
            .cloned()
            .collect();
        let suspended = job.spec.suspend == Some(true);
        let was_suspended = job.status.has("Suspended");
        if suspended && !was_suspended {
            self.set_suspended(&mut job, true, now);
        } else if !suspended && was_suspended {
            // resumed: the deadline counts from now
            self.set_suspended(&mut job, false, now);
            job.status.start_time = None;
        }
        if job.status.start_time.is_none() && !suspended {
            job.status.start_time = Some(now);
            if let Some(ads) = job.spec.active_deadline_seconds {
                self.after(
                    secs_ms(ads).min(MAX_TIMER_MS) as u64,
                    Timer::SyncJob(key.clone()),
                );
            }
        }
        let ctx = SyncCtx::new(&job, &pods);
        let uncounted: Vec<&Pod> = pods
            .iter()
            .filter(|p| !job.counted.contains(p.metadata.uid.as_str()))
            .collect();
        let active: Vec<&Pod> = pods
            .iter()
            .filter(|p| !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_none())
            .collect();
        let terminating = pods
            .iter()
            .filter(|p| !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_some())
            .count() as i32;
        // what the counters will be once this sync's finished pods are counted
        let new_failed = uncounted
            .iter()
            .filter(|p| ctx.is_failed(p) && ctx.valid_index(p))
            .filter(|p| match_pod_failure_policy(ctx.policy.as_ref(), p).count_failed)
            .count() as i32;
        let failed = job.status.failed + new_failed;
        let mut succeeded_indexes = job.succeeded_indexes.clone();
        if ctx.indexed {
            succeeded_indexes.extend(
                uncounted
                    .iter()
                    .filter(|p| p.status.phase == crate::api::PodPhase::Succeeded)
                    .filter_map(|p| ctx.index(p)),
            );
        }
        let mut failed_indexes = job.failed_index_set.clone();
        if ctx.per_index.is_some() {
            failed_indexes.extend(
                uncounted
                    .iter()
                    .filter(|p| ctx.is_index_failed(p))
                    .filter_map(|p| ctx.index(p)),
            );
        }
        let succeeded_total = if ctx.indexed {
            succeeded_indexes.len() as i32
        } else {
            job.status.succeeded
                + uncounted
                    .iter()
                    .filter(|p| p.status.phase == crate::api::PodPhase::Succeeded)
                    .count() as i32
        };
        let st = &job.status;
        if !st.has("FailureTarget") && !st.has("SuccessCriteriaMet") {
            let limit = job.spec.backoff_limit.unwrap_or(6);
            let deadline_passed = !suspended
                && match (job.spec.active_deadline_seconds, st.start_time) {
                    (Some(ads), Some(start)) => now >= start.saturating_add(secs_ms(ads)),
                    _ => false,
                };
            let done = match job.spec.completions {
                Some(c) => succeeded_total >= c,
                None => succeeded_total > 0 && active.is_empty(),
            };
            // getFailJobMessage: the first failed pod a FailJob rule matches
            let fail_job = pods
                .iter()
                .filter(|p| ctx.is_failed(p))
                .find_map(|p| match_pod_failure_policy(ctx.policy.as_ref(), p).fail_job_message);
            let mut interim = if let Some(message) = fail_job {
                Some(condition(
                    "FailureTarget",
                    (POD_FAILURE_POLICY, message.as_str()),
                    now,
                ))
            } else if failed > limit || past_backoff_on_failure(&job, &active) {
                Some(condition("FailureTarget", BACKOFF_LIMIT_EXCEEDED, now))
            } else if deadline_passed {
                Some(condition("FailureTarget", DEADLINE_EXCEEDED, now))
            } else {
                None
            };
            let completions = i64::from(job.spec.completions.unwrap_or(0));
            if interim.is_none() && ctx.per_index.is_some() {
                let nfailed = failed_indexes.len() as i64;
                if job
                    .spec
                    .max_failed_indexes
                    .is_some_and(|m| nfailed > i64::from(m))
                {
                    interim = Some(condition("FailureTarget", MAX_FAILED_INDEXES_EXCEEDED, now));
                } else if nfailed > 0 && nfailed + succeeded_indexes.len() as i64 >= completions {
                    interim = Some(condition("FailureTarget", FAILED_INDEXES, now));
                }
            }
            if interim.is_none() && ctx.indexed {
                if let Some(sp) = &job.spec.success_policy {
                    let rules = success_rules(sp);
                    let have = intervals_of(&succeeded_indexes);
                    if let Some(message) = match_success_policy(&rules, completions, &have) {
                        interim = Some(condition(
                            "SuccessCriteriaMet",
                            (SUCCESS_POLICY, message.as_str()),
                            now,
                        ));
                    }
                }
            }
            if interim.is_none() && done {
                interim = Some(condition("SuccessCriteriaMet", COMPLETIONS_REACHED, now));
            }
            if let Some(c) = interim {
                job.status.conditions.push(c);
            }
        }
        let failing = job.status.has("FailureTarget");
        let finishing = failing || job.status.has("SuccessCriteriaMet");
        // podsWithDelayedDeletionPerIndex: the last failure of an index still to be retried
        // keeps its finalizer (and stays uncounted) until its replacement carries its count
        let delayed = if ctx.per_index.is_some() && !finishing {
            ctx.delayed_per_index(&uncounted, &active, &succeeded_indexes, &failed_indexes)
        } else {
            std::collections::BTreeMap::new()
        };
        // finished (and, for a failing Job, every unfinished) pod counted once, its tracking
        // finalizer removed
        for p in &uncounted {
            let phase = p.status.phase;
            let index = ctx.index(p);
            let counts_as_failed =
                ctx.is_failed(p) || (failing && phase != crate::api::PodPhase::Succeeded);
            if phase == crate::api::PodPhase::Succeeded {
                if ctx.valid_index(p) {
                    // an Indexed Job counts each index once
                    let fresh = match index.filter(|_| ctx.indexed) {
                        Some(i) => job.succeeded_indexes.insert(i),
                        None => true,
                    };
                    if fresh {
                        job.status.succeeded += 1;
                    }
                }
                job.failures_since_success = 0;
            } else if counts_as_failed {
                if delayed
                    .values()
                    .any(|d: &&Pod| d.metadata.uid == p.metadata.uid)
                {
                    continue;
                }
                if ctx.valid_index(p) {
                    let decision = match_pod_failure_policy(ctx.policy.as_ref(), p);
                    if decision.count_failed {
                        job.status.failed += 1;
                    }
                    if ctx.is_index_failed(p) {
                        job.failed_index_set.extend(index);
                    }
                }
                if ctx.is_failed(p) {
                    job.failures_since_success += 1;
                    job.last_failure = Some(now);
                }
            } else if !finishing {
                continue;
            }
            job.counted.insert(p.metadata.uid.clone());
            self.remove_tracking_finalizer(p);
        }
        if ctx.indexed {
            job.status.completed_indexes = format_indexes(&job.succeeded_indexes);
            // the indexes that failed for good never run again
            job.failed_index_set
                .retain(|i| !job.succeeded_indexes.contains(i));
        }
        if ctx.per_index.is_some() {
            job.status.failed_indexes = Some(format_indexes(&job.failed_index_set));
        }
        let mut deleted = 0;
        if finishing {
            for p in &active {
                self.delete_job_pod(&job, p);
                deleted += 1;
            }
            if active.is_empty() && terminating == 0 {
                self.finish_job(&mut job, now);
            }
        } else if !suspended {
            self.manage_job(&mut job, &ctx, &active, terminating, &delayed, now);
        } else {
            for p in &active {
                self.delete_uncounted_job_pod(&mut job, p);
                deleted += 1;
            }
        }
        let pods_after: Vec<&Pod> = self
            .store
            .pods
            .owned_iter(&job.metadata.uid)
            .filter(|p| !p.status.phase.is_terminal())
            .collect();
        job.status.active = pods_after
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .count() as i32;
        job.status.ready = pods_after
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none() && p.is_ready())
            .count() as i32;
        job.status.terminating = terminating + deleted;
        if job != before {
            self.write_job_status(job);
        }
    }

    /// Takes the `batch.kubernetes.io/job-tracking` finalizer off a counted pod (a write of the
    /// pod, as upstream's patch). A deleted pod that already finished is then gone: the
    /// finalizer was all that held it.
    /// A pod the Job could not create: FailedCreate, and the failed sync retried with the
    /// workqueue's back-off.
    fn job_create_failed(&mut self, job: &Job, msg: &str) {
        self.record_event(
            involved(job, "batch/v1"),
            "Warning",
            "FailedCreate",
            format!("Error creating: {msg}"),
            SOURCE,
            None,
        );
        let key = job.metadata.key();
        let delay = self.retry_delay_ms(crate::sim::SyncKind::Job, &key);
        self.after(delay, Timer::SyncJob(key));
    }

    fn remove_tracking_finalizer(&mut self, p: &Pod) {
        if !p
            .metadata
            .finalizers
            .iter()
            .any(|f| f == TRACKING_FINALIZER)
        {
            return;
        }
        let key = p.metadata.key();
        self.update_pod(&key, |pod| {
            pod.metadata.finalizers.retain(|f| f != TRACKING_FINALIZER)
        });
        if let Some(pod) = self.store.pods.get(&key) {
            if pod.metadata.deletion_timestamp.is_some()
                && pod.status.phase.is_terminal()
                && pod.metadata.finalizers.is_empty()
            {
                self.remove_pod(&key);
            }
        }
    }

    /// `manageJob`: creates pods up to the wanted active count once the failure back-off has
    /// passed (per index with `backoffLimitPerIndex`), or deletes the surplus. With
    /// `podReplacementPolicy: Failed` (and always with a pod failure policy) a terminating pod
    /// is replaced only once it has failed.
    fn manage_job(
        &mut self,
        job: &mut Job,
        ctx: &SyncCtx,
        active_pods: &[&Pod],
        terminating: i32,
        delayed: &std::collections::BTreeMap<i32, &Pod>,
        now: Time,
    ) {
        let active = active_pods.len() as i32;
        let parallelism = job.spec.parallelism.unwrap_or(1).max(0);
        let succeeded = if ctx.indexed {
            job.succeeded_indexes.len() as i32
        } else {
            job.status.succeeded
        };
        let want = match job.spec.completions {
            Some(c) => parallelism.min((c - succeeded).max(0)),
            None if succeeded > 0 => active.min(parallelism),
            None => parallelism,
        };
        if active > want {
            let surplus: Vec<Pod> = self
                .store
                .pods
                .owned_iter(&job.metadata.uid)
                .filter(|p| {
                    !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_none()
                })
                .take((active - want) as usize)
                .cloned()
                .collect();
            for p in &surplus {
                self.delete_uncounted_job_pod(job, p);
            }
            return;
        }
        let blocked = if ctx.only_failed { terminating } else { 0 };
        let missing = (want - blocked - active).min(MAX_CREATES_PER_SYNC);
        if missing <= 0 {
            return;
        }
        if ctx.per_index.is_none() {
            if let Some(last) = job.last_failure {
                let wait = last + failure_backoff_ms(job.failures_since_success) - now;
                if wait > 0 {
                    self.after(wait as u64, Timer::SyncJob(job.metadata.key()));
                    return;
                }
            }
        }
        let template = crate::api::apps::PodTemplateSpec {
            metadata: job.spec.template.metadata.clone(),
            spec: crate::api::defaults::pod_spec_from_template(&job.spec.template.spec),
        };
        // an Indexed Job creates the lowest indexes neither succeeded, failed nor running
        // (nor terminating, when only failed pods are replaced): firstPendingIndexes
        let mut indexes = Vec::new();
        if ctx.indexed {
            let busy: std::collections::BTreeSet<i32> = self
                .store
                .pods
                .owned_iter(&job.metadata.uid)
                .filter(|p| !p.status.phase.is_terminal())
                .filter(|p| ctx.only_failed || p.metadata.deletion_timestamp.is_none())
                .filter_map(completion_index)
                .collect();
            indexes = (0..job.spec.completions.unwrap_or(0))
                .filter(|i| {
                    !busy.contains(i)
                        && !job.succeeded_indexes.contains(i)
                        && !job.failed_index_set.contains(i)
                })
                .take(missing as usize)
                .collect();
            if ctx.per_index.is_some() {
                // getPodCreationInfoForIndependentIndexes: the indexes whose back-off has
                // passed, else come back when the first one's has
                let remaining = |i: &i32| {
                    delayed.get(i).map_or(0, |p| {
                        let failures = annotation_count(p, INDEX_FAILURE_COUNT)
                            .saturating_add(annotation_count(p, INDEX_IGNORED_FAILURE_COUNT))
                            .saturating_add(1);
                        pod_finished_time(p)
                            .saturating_add(failure_backoff_ms(failures))
                            .saturating_sub(now)
                            .max(0)
                    })
                };
                let ready: Vec<i32> = indexes
                    .iter()
                    .copied()
                    .filter(|i| remaining(i) == 0)
                    .collect();
                // come back when the first waiting index's back-off has passed
                if let Some(wait) = indexes.iter().map(remaining).filter(|w| *w > 0).min() {
                    self.after(wait as u64, Timer::SyncJob(job.metadata.key()));
                }
                if ready.is_empty() {
                    return;
                }
                indexes = ready;
            }
        }
        let missing = if ctx.indexed {
            indexes.len() as i32
        } else {
            missing
        };
        for n in 0..missing {
            // the API server's admission (Priority plugin) or kubeplay's own pod limit refuses
            let generated = format!("{}-", job.metadata.name);
            let sa =
                self.service_account_error(&job.metadata.namespace, &generated, &template.spec);
            let refused = match crate::api::priority::check_spec(&template.spec) {
                // admission: the ServiceAccount plugin, then Priority
                _ if sa.is_some() => sa,
                Err(reason) => Some(crate::api::priority::forbidden(&generated, &reason)),
                Ok(_) if self.store.pods.len() >= MAX_PODS => Some(format!(
                    "pods \"{}-\" is forbidden: kubeplay holds at most {MAX_PODS} pods",
                    job.metadata.name
                )),
                Ok(_) => None,
            };
            if let Some(msg) = refused {
                self.job_create_failed(job, &msg);
                return;
            }
            let created = match indexes.get(n as usize) {
                Some(&i) => {
                    let (mut t, identity) = indexed_template(job, &template, i);
                    if ctx.per_index.is_some() {
                        add_index_failure_counts(&mut t, ctx, delayed.get(&i).copied());
                    }
                    let prefix = format!("{}-{i}-", job.metadata.name);
                    self.stamp_pod(job, "Job", "batch/v1", &t, &prefix, Some(identity))
                }
                None if ctx.indexed => break,
                None => self.create_pod_from_template(job, "Job", "batch/v1", &template),
            };
            let name = match created {
                Ok(name) => name,
                Err(msg) => {
                    self.job_create_failed(job, &msg);
                    return;
                }
            };
            // created with the tracking finalizer, which holds it until it is counted
            let key = ObjKey::new(job.metadata.namespace.as_str(), name.as_str());
            self.store.modify_pod(&key, |pod| {
                pod.metadata.finalizers.push(TRACKING_FINALIZER.into())
            });
            self.record_event(
                involved(job, "batch/v1"),
                "Normal",
                "SuccessfulCreate",
                format!("Created pod: {name}"),
                SOURCE,
                None,
            );
            self.forget_failures(crate::sim::SyncKind::Job, &job.metadata.key());
        }
    }

    /// The `Suspended` condition (True: JobSuspended, False: JobResumed) and its event.
    fn set_suspended(&mut self, job: &mut Job, suspend: bool, now: Time) {
        let (reason, message, event) = if suspend {
            ("JobSuspended", "Job suspended", "Suspended")
        } else {
            ("JobResumed", "Job resumed", "Resumed")
        };
        let c = JobCondition {
            type_: "Suspended",
            status: suspend,
            last_probe_time: now,
            last_transition_time: now,
            reason: reason.into(),
            message: message.into(),
        };
        match job
            .status
            .conditions
            .iter_mut()
            .find(|c| c.type_ == "Suspended")
        {
            Some(old) => *old = c,
            None => job.status.conditions.push(c),
        }
        self.record_event(
            involved(job, "batch/v1"),
            "Normal",
            event,
            message.into(),
            SOURCE,
            None,
        );
    }

    /// `deleteActivePods` (a finishing Job: the pod keeps its finalizer and is counted when
    /// it has gone).
    fn delete_job_pod(&mut self, job: &Job, p: &Pod) {
        self.delete_pod_gracefully(&p.metadata.key(), None);
        self.record_event(
            involved(job, "batch/v1"),
            "Normal",
            "SuccessfulDelete",
            format!("Deleted pod: {}", p.metadata.name),
            SOURCE,
            None,
        );
    }

    /// `deleteJobPods` (suspension, surplus): the tracking finalizer comes off first, so the
    /// deleted pod is never counted, neither as a failure nor as a success.
    fn delete_uncounted_job_pod(&mut self, job: &mut Job, p: &Pod) {
        job.counted.insert(p.metadata.uid.clone());
        self.remove_tracking_finalizer(p);
        self.delete_job_pod(job, p);
    }

    /// The terminal condition after the interim one, once no pod runs: `Complete` (with the
    /// completion time) or `Failed`, their event, and the TTL timer.
    fn finish_job(&mut self, job: &mut Job, now: Time) {
        let success = job.status.has("SuccessCriteriaMet");
        let (type_, reason, message) = match job
            .status
            .conditions
            .iter()
            .find(|c| c.status && matches!(c.type_, "SuccessCriteriaMet" | "FailureTarget"))
        {
            Some(c) => (
                if success { "Complete" } else { "Failed" },
                c.reason.clone(),
                c.message.clone(),
            ),
            None => return,
        };
        job.status.conditions.push(JobCondition {
            type_,
            status: true,
            last_probe_time: now,
            last_transition_time: now,
            reason: reason.clone(),
            message: message.clone(),
        });
        if success {
            job.status.completion_time = Some(now);
            self.record_event(
                involved(job, "batch/v1"),
                "Normal",
                "Completed",
                "Job completed".into(),
                SOURCE,
                None,
            );
        } else {
            // recordJobFinished: a Warning with the condition's reason and message
            let reason = FAILURE_REASONS
                .iter()
                .find(|r| **r == reason)
                .copied()
                .unwrap_or(BACKOFF_LIMIT_EXCEEDED.0);
            self.record_event(
                involved(job, "batch/v1"),
                "Warning",
                reason,
                message,
                SOURCE,
                None,
            );
        }
        if let Some(ttl) = job.spec.ttl_seconds_after_finished {
            self.after(
                (ttl.max(0) as u64) * 1000,
                Timer::JobTtl {
                    job: job.metadata.key(),
                    uid: job.metadata.uid.clone(),
                },
            );
        }
    }

    /// The TTL-after-finished controller: a finished job whose TTL ran out is deleted, its
    /// pods first (foreground).
    pub(crate) fn job_ttl_expired(&mut self, key: &ObjKey, uid: &str) {
        if self
            .store
            .jobs
            .get(key)
            .is_some_and(|j| j.metadata.uid == uid && j.status.finished())
        {
            self.delete_job(key, Propagation::Foreground);
        }
    }

    /// Whether a terminated pod stays until its Job counts it: it still has the tracking
    /// finalizer and the Job that controls it is alive (deleted or finished Jobs, and
    /// orphans, have the finalizer removed at once — upstream's orphan worker and the
    /// finalizer removal of a Job being deleted).
    pub(crate) fn job_holds_pod(&self, pod: &Pod) -> bool {
        if !pod
            .metadata
            .finalizers
            .iter()
            .any(|f| f == TRACKING_FINALIZER)
        {
            return false;
        }
        let Some(r) = pod.metadata.controller_ref().filter(|r| r.kind == "Job") else {
            return false;
        };
        self.store
            .jobs
            .get(&ObjKey::new(pod.metadata.namespace.clone(), r.name.clone()))
            .is_some_and(|j| {
                j.metadata.uid == r.uid
                    && j.metadata.deletion_timestamp.is_none()
                    && !j.status.finished()
            })
    }

    /// A pod event wakes the Job that controls it.
    pub(crate) fn enqueue_job_for_pod(&mut self, pod: &Pod) {
        if let Some(r) = pod.metadata.controller_ref() {
            if r.kind == "Job" {
                self.job_queue
                    .add(ObjKey::new(pod.metadata.namespace.clone(), r.name.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::failure_backoff_ms;

    /// upstream TestGetRemainingTimeForFailuresCount's durations: 10 s doubling, capped at
    /// 10 minutes.
    #[test]
    fn pod_failure_backoff_doubles_to_ten_minutes() {
        let got: Vec<i64> = (0..9).map(failure_backoff_ms).collect();
        assert_eq!(
            got,
            [0, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]
        );
    }

    /// Found by the command fuzzer: an `activeDeadlineSeconds` near int64's maximum (the API
    /// allows any non-negative value) overflowed the deadline arithmetic.
    #[test]
    fn a_huge_active_deadline_does_not_overflow() {
        let mut c = crate::Cluster::new(crate::ClusterConfig {
            seed: 1,
            workers: 2,
        });
        let out = c.run("kubectl create job pi --image=busybox -- sleep 5");
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        let out = c.run(
            r#"kubectl patch job pi -p '{"spec":{"activeDeadlineSeconds":9223372036854775807}}'"#,
        );
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        c.run("sim advance 1m");
        let out = c.run("kubectl get job pi -o jsonpath={.status.succeeded}");
        assert_eq!(out.stdout(), "1");
    }
}
