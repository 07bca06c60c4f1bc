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
use crate::controllers::replicaset::MAX_PODS;
use crate::sim::{involved, Cluster, Timer};

pub(crate) const SOURCE: &str = "job-controller";
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
/// the index label, hostname `<job>-<i>`): `JOB_COMPLETION_INDEX` from the annotation through
/// the downward API in every container that does not set it.
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
        "fieldPath": format!("metadata.annotations['{COMPLETION_INDEX}']")}}});
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

    /// `syncJob`.
    pub(crate) fn sync_job(&mut self, key: &ObjKey) {
        let Some(mut job) = self.store.jobs.get(key).cloned() else {
            return;
        };
        if job.metadata.deletion_timestamp.is_some() || job.status.finished() {
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
        // finished (and deleted) pods, each counted once
        for p in &pods {
            if job.counted.contains(p.metadata.uid.as_str()) {
                continue;
            }
            let phase = p.status.phase.as_str();
            if phase == "Succeeded" {
                // an Indexed Job counts each index once
                let fresh = match completion_index(p).filter(|_| job.spec.indexed()) {
                    Some(i) => job.succeeded_indexes.insert(i),
                    None => true,
                };
                if fresh {
                    job.status.succeeded += 1;
                }
                job.failures_since_success = 0;
            } else if phase != "Failed" && p.metadata.deletion_timestamp.is_some() && suspended {
                // deleted for the suspension: neither a failure nor a completion
            } else if phase == "Failed" || p.metadata.deletion_timestamp.is_some() {
                job.status.failed += 1;
                job.failures_since_success += 1;
                job.last_failure = Some(now);
            } else {
                continue;
            }
            job.counted.insert(p.metadata.uid.clone());
            // counted: the tracking finalizer comes off (a write of the pod, as upstream)
            if p.metadata
                .finalizers
                .iter()
                .any(|f| f == TRACKING_FINALIZER)
            {
                self.update_pod(&p.metadata.key(), |pod| {
                    pod.metadata.finalizers.retain(|f| f != TRACKING_FINALIZER)
                });
            }
        }
        if job.spec.indexed() {
            job.status.completed_indexes = format_indexes(&job.succeeded_indexes);
        }
        let active: Vec<&Pod> = pods
            .iter()
            .filter(|p| !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_none())
            .collect();
        let terminating = pods
            .iter()
            .filter(|p| !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_some())
            .count() as i32;
        let st = &job.status;
        let failure_target = st.has("FailureTarget");
        let success_met = st.has("SuccessCriteriaMet");
        if !failure_target && !success_met {
            let limit = job.spec.backoff_limit.unwrap_or(6);
            let deadline_passed = match (job.spec.active_deadline_seconds, st.start_time) {
                (Some(ads), Some(start)) => now >= start.saturating_add(secs_ms(ads)),
                _ => false,
            };
            let done = match job.spec.completions {
                Some(c) => st.succeeded >= c,
                None => st.succeeded > 0 && active.is_empty(),
            };
            let interim = if st.failed > limit || past_backoff_on_failure(&job, &active) {
                Some(condition("FailureTarget", BACKOFF_LIMIT_EXCEEDED, now))
            } else if deadline_passed {
                Some(condition("FailureTarget", DEADLINE_EXCEEDED, now))
            } else if done {
                Some(condition("SuccessCriteriaMet", COMPLETIONS_REACHED, now))
            } else {
                None
            };
            if let Some(c) = interim {
                job.status.conditions.push(c);
            }
        }
        let finishing = job.status.has("FailureTarget") || job.status.has("SuccessCriteriaMet");
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
            self.manage_job(&mut job, active.len() as i32, now);
        } else {
            for p in &active {
                self.delete_job_pod(&job, p);
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

    /// `manageJob`: creates pods up to the wanted active count once the failure back-off has
    /// passed, or deletes the surplus.
    fn manage_job(&mut self, job: &mut Job, active: i32, now: Time) {
        let parallelism = job.spec.parallelism.unwrap_or(1).max(0);
        let want = match job.spec.completions {
            Some(c) => parallelism.min((c - job.status.succeeded).max(0)),
            None if job.status.succeeded > 0 => active.min(parallelism),
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
                self.delete_job_pod(job, p);
            }
            return;
        }
        let missing = (want - active).min(MAX_CREATES_PER_SYNC);
        if missing <= 0 {
            return;
        }
        if let Some(last) = job.last_failure {
            let wait = last + failure_backoff_ms(job.failures_since_success) - now;
            if wait > 0 {
                self.after(wait as u64, Timer::SyncJob(job.metadata.key()));
                return;
            }
        }
        let template = crate::api::apps::PodTemplateSpec {
            metadata: job.spec.template.metadata.clone(),
            spec: crate::api::defaults::pod_spec_from_template(&job.spec.template.spec),
        };
        // an Indexed Job creates the lowest indexes neither succeeded nor running
        let mut indexes = Vec::new();
        if job.spec.indexed() {
            let running: std::collections::BTreeSet<i32> = self
                .store
                .pods
                .owned_iter(&job.metadata.uid)
                .filter(|p| {
                    !p.status.phase.is_terminal() && p.metadata.deletion_timestamp.is_none()
                })
                .filter_map(completion_index)
                .collect();
            indexes = (0..job.spec.completions.unwrap_or(0))
                .filter(|i| !running.contains(i) && !job.succeeded_indexes.contains(i))
                .take(missing as usize)
                .collect();
        }
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
                self.record_event(
                    involved(job, "batch/v1"),
                    "Warning",
                    "FailedCreate",
                    format!("Error creating: {msg}"),
                    SOURCE,
                    None,
                );
                // the failed sync is retried with the workqueue's back-off
                let key = job.metadata.key();
                let delay = self.retry_delay_ms(crate::sim::SyncKind::Job, &key);
                self.after(delay, Timer::SyncJob(key));
                return;
            }
            let created = match indexes.get(n as usize) {
                Some(&i) => {
                    let (t, identity) = indexed_template(job, &template, i);
                    let prefix = format!("{}-{i}-", job.metadata.name);
                    self.stamp_pod(job, "Job", "batch/v1", &t, &prefix, Some(identity))
                }
                None if job.spec.indexed() => break,
                None => self.create_pod_from_template(job, "Job", "batch/v1", &template),
            };
            let name = match created {
                Ok(name) => name,
                Err(msg) => {
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
            let reason = if reason == DEADLINE_EXCEEDED.0 {
                DEADLINE_EXCEEDED.0
            } else {
                BACKOFF_LIMIT_EXCEEDED.0
            };
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
