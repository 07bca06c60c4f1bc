//! The CronJob controller, after upstream `pkg/controller/cronjob/cronjob_controllerv2.go`
//! (v1.33): at each scheduled minute a Job `<cronjob>-<scheduled time in minutes since the
//! epoch>` from the job template, with the scheduled-timestamp annotation and a controller
//! reference; the concurrency policy (Allow, Forbid: wait for the running one, Replace: delete
//! it); `startingDeadlineSeconds`; the active list and the finished Jobs' history limits. The
//! controller looks again 100 ms after the next scheduled time. Schedules are read in UTC.

use super::cron_schedule::Schedule;
use crate::api::cronjob::{ActiveJob, CronJob, SCHEDULED_TIMESTAMP_ANNOTATION};
use crate::api::{Job, ObjKey, Time};
use crate::controllers::gc::Propagation;
use crate::kubectl::printers::timefmt::{rfc1123z, rfc3339};
use crate::sim::{involved, Cluster, Timer};
use serde_json::{json, Value};

pub(crate) const SOURCE: &str = "cronjob-controller";

/// `nextScheduleTimeDuration` adds this to the next scheduled time.
const REQUEUE_SLACK_MS: i64 = 100;

/// More missed start times than this are reported (`TooManyMissedTimes`).
const MAX_MISSED: usize = 100;

/// `getMostRecentScheduleTime`: the latest scheduled time in (earliest, now], and how many
/// there were.
pub fn most_recent(schedule: &Schedule, earliest: Time, now: Time) -> (Option<Time>, usize) {
    let mut t = earliest;
    let mut last = None;
    let mut missed = 0;
    while let Some(next) = schedule.next(t) {
        if next > now {
            break;
        }
        last = Some(next);
        missed += 1;
        t = next;
        if missed > 1_000 {
            break;
        }
    }
    (last, missed)
}

fn job_finished(j: &Job) -> Option<&'static str> {
    if j.status.has("Complete") {
        Some("Complete")
    } else if j.status.has("Failed") {
        Some("Failed")
    } else {
        None
    }
}

impl Cluster {
    pub(crate) fn write_cronjob(&mut self, mut c: CronJob) {
        let key = c.metadata.key();
        c.metadata.resource_version = self.store.next_resource_version();
        self.store.cronjobs.put(c);
        self.watched("CronJob", &key, false);
        self.cronjob_queue.add(key);
    }

    fn write_cronjob_status(&mut self, mut c: CronJob) {
        let key = c.metadata.key();
        c.metadata.resource_version = self.store.next_resource_version();
        self.store.cronjobs.put(c);
        self.watched("CronJob", &key, false);
    }

    pub(crate) fn remove_cronjob(&mut self, key: &ObjKey) {
        self.watched("CronJob", key, true);
        self.cronjob_wakeups.remove(key);
        if let Some(c) = self.store.cronjobs.remove(key) {
            self.store.next_resource_version();
            self.gc_queue.add(c.metadata.uid.clone());
        }
    }

    /// A Job event wakes the CronJob that controls it.
    pub(crate) fn enqueue_cronjob_for_job(&mut self, job: &Job) {
        if let Some(r) = job.metadata.controller_ref() {
            if r.kind == "CronJob" {
                self.cronjob_queue
                    .add(ObjKey::new(job.metadata.namespace.clone(), r.name.clone()));
            }
        }
    }

    /// `sync`: the active list, the history limits, then the schedule.
    pub(crate) fn sync_cronjob(&mut self, key: &ObjKey) {
        let Some(mut cj) = self.store.cronjobs.get(key).cloned() else {
            return;
        };
        if cj.metadata.deletion_timestamp.is_some() {
            return;
        }
        let before = cj.clone();
        let now = self.now;
        let jobs: Vec<Job> = self
            .store
            .jobs
            .owned_iter(&cj.metadata.uid)
            .cloned()
            .collect();
        self.reconcile_active(&mut cj, &jobs);
        self.cleanup_finished_jobs(&cj, &jobs);
        if cj.spec.suspend != Some(true) {
            self.schedule_cronjob(&mut cj, now);
        }
        if cj != before {
            self.write_cronjob_status(cj);
        }
    }

    /// `syncCronJob`'s first half: finished or vanished Jobs leave the active list (a finished
    /// one with `SawCompletedJob`), running Jobs it controls join it, and the newest completion
    /// is the last successful time.
    fn reconcile_active(&mut self, cj: &mut CronJob, jobs: &[Job]) {
        for j in jobs {
            let in_active = cj.status.active.iter().any(|a| a.uid == j.metadata.uid);
            match job_finished(j) {
                // a running Job it controls but did not make (`create job --from=cronjob/…`)
                None if !in_active => self.record_event(
                    involved(cj, "batch/v1"),
                    "Warning",
                    "UnexpectedJob",
                    format!(
                        "Saw a job that the controller did not create or forgot: {}",
                        j.metadata.name
                    ),
                    SOURCE,
                    None,
                ),
                None => {}
                Some(status) => {
                    if in_active {
                        cj.status.active.retain(|a| a.uid != j.metadata.uid);
                        self.record_event(
                            involved(cj, "batch/v1"),
                            "Normal",
                            "SawCompletedJob",
                            format!(
                                "Saw completed job: {}, condition: {status}",
                                j.metadata.name
                            ),
                            SOURCE,
                            None,
                        );
                    }
                    if let Some(t) = j.status.completion_time.filter(|_| status == "Complete") {
                        if cj.status.last_successful_time.is_none_or(|l| l < t) {
                            cj.status.last_successful_time = Some(t);
                        }
                    }
                }
            }
        }
        // an active Job that is gone (deleted by hand)
        let missing: Vec<ActiveJob> = cj
            .status
            .active
            .iter()
            .filter(|a| !jobs.iter().any(|j| j.metadata.uid == a.uid))
            .cloned()
            .collect();
        for a in missing {
            self.record_event(
                involved(cj, "batch/v1"),
                "Normal",
                "MissingJob",
                format!("Active job went missing: {}", a.name),
                SOURCE,
                None,
            );
            cj.status.active.retain(|x| x.uid != a.uid);
        }
    }

    /// `cleanupFinishedJobs`: finished Jobs beyond `successfulJobsHistoryLimit` /
    /// `failedJobsHistoryLimit` are deleted, oldest start first.
    fn cleanup_finished_jobs(&mut self, cj: &CronJob, jobs: &[Job]) {
        for (status, limit) in [
            ("Complete", cj.spec.successful_jobs_history_limit),
            ("Failed", cj.spec.failed_jobs_history_limit),
        ] {
            let Some(limit) = limit else { continue };
            let mut done: Vec<&Job> = jobs
                .iter()
                .filter(|j| job_finished(j) == Some(status))
                .collect();
            if done.len() <= limit.max(0) as usize {
                continue;
            }
            crate::sort::sort_by(&mut done, |a, b| {
                (a.status.start_time, &a.metadata.name)
                    .cmp(&(b.status.start_time, &b.metadata.name))
            });
            let extra = done.len() - limit.max(0) as usize;
            for j in &done[..extra] {
                self.delete_job(&j.metadata.key(), Propagation::Background);
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted job {}", j.metadata.name),
                    SOURCE,
                    None,
                );
            }
        }
    }

    /// The schedule half of `syncCronJob`: the most recent missed time, if any, starts a Job
    /// (unless too late or forbidden); the controller comes back after the next time.
    fn schedule_cronjob(&mut self, cj: &mut CronJob, now: Time) {
        let Ok(schedule) = Schedule::parse(&cj.spec.schedule) else {
            self.record_event(
                involved(cj, "batch/v1"),
                "Warning",
                "UnparseableSchedule",
                format!("unparseable schedule: {:?}", cj.spec.schedule),
                SOURCE,
                None,
            );
            return;
        };
        let mut earliest = cj
            .status
            .last_schedule_time
            .unwrap_or(cj.metadata.creation_timestamp);
        if let Some(sds) = cj.spec.starting_deadline_seconds {
            earliest = earliest.max(now.saturating_sub(sds.max(0).saturating_mul(1000)));
        }
        let (scheduled, missed) = most_recent(&schedule, earliest, now);
        if let Some(next) = schedule.next(now) {
            let at = next + REQUEUE_SLACK_MS;
            let key = cj.metadata.key();
            if self.cronjob_wakeups.get(&key) != Some(&at) {
                self.cronjob_wakeups.insert(key.clone(), at);
                self.at(at, Timer::SyncCronJob(key));
            }
        }
        let Some(scheduled) = scheduled else {
            return;
        };
        if missed > MAX_MISSED {
            self.record_event(
                involved(cj, "batch/v1"),
                "Warning",
                "TooManyMissedTimes",
                format!("too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"),
                SOURCE,
                None,
            );
        }
        if let Some(sds) = cj.spec.starting_deadline_seconds {
            if scheduled.saturating_add(sds.max(0).saturating_mul(1000)) < now {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Warning",
                    "MissSchedule",
                    format!(
                        "Missed scheduled time to start a job: {}",
                        rfc1123z(scheduled)
                    ),
                    SOURCE,
                    None,
                );
                return;
            }
        }
        let name = format!("{}-{}", cj.metadata.name, scheduled.div_euclid(60_000));
        let job_key = ObjKey::new(cj.metadata.namespace.as_str(), name.as_str());
        if self.store.jobs.contains(&job_key) {
            // created by an earlier sync: the time is taken
            cj.status.last_schedule_time = Some(scheduled);
            return;
        }
        match cj.spec.concurrency_policy.as_str() {
            "Forbid" if !cj.status.active.is_empty() => {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Normal",
                    "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
                    SOURCE,
                    None,
                );
                return;
            }
            "Replace" => {
                for a in std::mem::take(&mut cj.status.active) {
                    self.delete_job(
                        &ObjKey::new(a.namespace.as_str(), a.name.as_str()),
                        Propagation::Background,
                    );
                    self.record_event(
                        involved(cj, "batch/v1"),
                        "Normal",
                        "SuccessfulDelete",
                        format!("Deleted job {}", a.name),
                        SOURCE,
                        None,
                    );
                }
            }
            _ => {}
        }
        let job = self.job_from_template(cj, &name, scheduled);
        match self.create_value_within(job, &cj.metadata.namespace) {
            Ok(_) => {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Normal",
                    "SuccessfulCreate",
                    format!("Created job {name}"),
                    SOURCE,
                    None,
                );
                if let Some(j) = self.store.jobs.get(&job_key) {
                    cj.status.active.push(ActiveJob {
                        namespace: j.metadata.namespace.clone(),
                        name: name.clone(),
                        uid: j.metadata.uid.clone(),
                        resource_version: j.metadata.resource_version,
                    });
                }
                cj.status.last_schedule_time = Some(scheduled);
            }
            Err(e) => self.record_event(
                involved(cj, "batch/v1"),
                "Warning",
                "FailedCreate",
                format!("Error creating job: {}", e.message),
                SOURCE,
                None,
            ),
        }
    }

    /// `getJobFromTemplate2`: the template's labels and annotations, the scheduled time, a
    /// controller reference to the CronJob.
    pub(crate) fn job_from_template(&self, cj: &CronJob, name: &str, scheduled: Time) -> Value {
        let t = &cj.spec.job_template;
        let mut annotations = t
            .pointer("/metadata/annotations")
            .cloned()
            .filter(Value::is_object)
            .unwrap_or(json!({}));
        annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = json!(rfc3339(scheduled));
        let mut meta = json!({
            "name": name,
            "namespace": cj.metadata.namespace,
            "annotations": annotations,
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob",
                "name": cj.metadata.name, "uid": cj.metadata.uid,
                "controller": true, "blockOwnerDeletion": true}],
        });
        if let Some(l) = t.pointer("/metadata/labels").filter(|l| l.is_object()) {
            meta["labels"] = l.clone();
        }
        json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
               "spec": t.get("spec").cloned().unwrap_or(json!({}))})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_counts_missed_times() {
        let s = Schedule::parse("*/10 * * * *").unwrap();
        let start = 1_735_689_600_000; // 00:00
        assert_eq!(most_recent(&s, start, start + 5 * 60_000), (None, 0));
        assert_eq!(
            most_recent(&s, start, start + 35 * 60_000),
            (Some(start + 30 * 60_000), 3)
        );
    }

    /// Found by the command fuzzer: a `startingDeadlineSeconds` near int64's maximum overflowed
    /// the earliest-schedule arithmetic.
    #[test]
    fn a_huge_starting_deadline_does_not_overflow() {
        let mut c = crate::Cluster::new(crate::ClusterConfig {
            seed: 1,
            workers: 2,
        });
        let out = c.run("kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *'");
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        let out = c.run(
            r#"kubectl patch cronjob tick -p '{"spec":{"startingDeadlineSeconds":9223372036854775807}}'"#,
        );
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        c.run("sim advance 6m");
        let out = c.run("kubectl get jobs -o name");
        assert!(
            out.stdout().starts_with("job.batch/tick-"),
            "{}",
            out.combined()
        );
    }
}
