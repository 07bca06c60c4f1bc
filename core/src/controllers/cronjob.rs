//! The CronJob controller, after upstream `pkg/controller/cronjob/cronjob_controllerv2.go`
//! (v1.33): at each scheduled minute a Job `<cronjob>-<scheduled time in minutes since the
//! epoch>` from the job template, with the scheduled-timestamp annotation and a controller
//! reference; the concurrency policy (Allow, Forbid: wait for the running one, Replace: delete
//! it); `startingDeadlineSeconds`; the active list and the finished Jobs' history limits. The
//! controller looks again 100 ms after the next scheduled time. Schedules are read in
//! `spec.timeZone` (`timezone.rs`), UTC without one (the controller manager's own zone); the
//! status and the Job names count in UTC instants, the scheduled-timestamp annotation shows
//! the zone's local time.

use super::cron_schedule::Schedule;
use super::timezone::{load_location, Zone};
use crate::api::cronjob::{ActiveJob, CronJob, SCHEDULED_TIMESTAMP_ANNOTATION};
use crate::api::yaml::go_quote;
use crate::api::{Job, ObjKey, Time};
use crate::controllers::gc::Propagation;
use crate::kubectl::printers::timefmt::rfc1123z;
use crate::sim::{involved, Cluster, Timer};
use serde_json::{json, Value};

pub(crate) const SOURCE: &str = "cronjob-controller";

/// `nextScheduleTimeDuration` adds this to the next scheduled time.
const REQUEUE_SLACK_MS: i64 = 100;

/// More missed start times than this are reported (`TooManyMissedTimes`).
const MAX_MISSED: i64 = 100;

/// How many start times `mostRecentScheduleTime` reckons were missed (upstream's
/// `missedSchedulesType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    None,
    Few,
    /// More than [`MAX_MISSED`]: the `TooManyMissedTimes` warning.
    Many,
}

/// The error of a schedule whose consecutive times are not a second apart, or that has no
/// time at all (`59 23 31 2 *`: robfig's Next gives the zero time).
const TOO_CLOSE: &str = "time difference between two schedules is less than 1 second";

/// `mostRecentScheduleTime` (pkg/controller/cronjob/utils.go, v1.33): the latest scheduled
/// time in (earliest, now], if any, and how many were missed. Upstream does not walk every
/// missed time: it takes the gap between the first two, counts how many such gaps fit before
/// `now` (`numberOfMissedSchedules`), and walks only from two gaps before the estimate. So the
/// count (and, for a schedule of uneven gaps long overdue, the time found) is upstream's
/// estimate, not an exact tally.
pub fn most_recent(
    schedule: &Schedule,
    zone: &Zone,
    earliest: Time,
    now: Time,
) -> Result<(Option<Time>, Missed), String> {
    let Some(t1) = schedule.next(earliest, zone) else {
        return Err(TOO_CLOSE.into());
    };
    if now < t1 {
        return Ok((None, Missed::None));
    }
    let Some(t2) = schedule.next(t1, zone) else {
        return Err(TOO_CLOSE.into());
    };
    if now < t2 {
        return Ok((Some(t1), Missed::None));
    }
    // t2.Sub(t1).Round(time.Second).Seconds(): halves round away from zero
    let between = (t2 - t1 + 500).div_euclid(1000);
    if between < 1 {
        return Err(TOO_CLOSE.into());
    }
    let elapsed = (now - t1).div_euclid(1000);
    let missed = elapsed / between + 1;
    let mut t = t1.saturating_add((missed - 2).saturating_mul(between).saturating_mul(1000));
    let mut most = None;
    // the walk covers about two gaps; the bound only keeps an uneven schedule from running on
    for _ in 0..10_000 {
        match schedule.next(t, zone) {
            Some(next) if next <= now => {
                most = Some(next);
                t = next;
            }
            _ => break,
        }
    }
    let missed = if missed > MAX_MISSED {
        Missed::Many
    } else {
        Missed::Few
    };
    Ok((most, missed))
}

/// `nextScheduleTimeDuration`: when the controller looks again — 100 ms after the time that
/// follows the most recent one (from `earliest`, without the starting deadline), or after
/// `earliest` when nothing is due, or after `now` when times were missed but none found or
/// the schedule is invalid.
pub fn next_sync(schedule: &Schedule, zone: &Zone, earliest: Time, now: Time) -> Option<Time> {
    let from = match most_recent(schedule, zone, earliest, now) {
        Ok((Some(t), _)) => t,
        Ok((None, Missed::None)) => earliest,
        Ok((None, _)) | Err(_) => now,
    };
    schedule.next(from, zone).map(|t| t + REQUEUE_SLACK_MS)
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

    /// An update through the API. Upstream's `updateCronJob` handler syncs the CronJob at once
    /// unless the update changed `schedule` or `timeZone`: then it only requeues it for the
    /// next time under the new ones after the most recent one since the last schedule
    /// (`nextScheduleTimeDuration`), so a time the change uncovers in the past waits until
    /// then (or until the timer set for the old schedule fires).
    pub(crate) fn update_cronjob(&mut self, mut c: CronJob, old: &CronJob) {
        if c.spec.schedule == old.spec.schedule && c.spec.time_zone == old.spec.time_zone {
            self.write_cronjob(c);
            return;
        }
        let key = c.metadata.key();
        c.metadata.resource_version = self.store.next_resource_version();
        // formatSchedule: a zone LoadLocation rejects is left out, the schedule read as is
        let zone = c
            .spec
            .time_zone
            .as_deref()
            .and_then(|z| load_location(z).ok())
            .unwrap_or(Zone::UTC);
        let at = Schedule::parse(&c.spec.schedule).ok().map(|schedule| {
            let earliest = c
                .status
                .last_schedule_time
                .unwrap_or(c.metadata.creation_timestamp);
            next_sync(&schedule, &zone, earliest, self.now)
        });
        if at.is_none() {
            // UnParseableCronJobSchedule (the API server's validation keeps this from happening)
            self.record_event(
                involved(&c, "batch/v1"),
                "Warning",
                "UnParseableCronJobSchedule",
                format!("unparseable schedule for cronjob: {}", c.spec.schedule),
                SOURCE,
                None,
            );
        }
        self.store.cronjobs.put(c);
        self.watched("CronJob", &key, false);
        match at {
            Some(Some(at)) if at > self.now => self.wake_cronjob_at(key, at),
            // due already, or no next time (Go's zero time makes the delay negative): now
            Some(_) => self.cronjob_queue.add(key),
            None => {}
        }
    }

    /// `queue.AddAfter`: the controller's next look at a CronJob, one timer per distinct time.
    fn wake_cronjob_at(&mut self, key: ObjKey, at: Time) {
        if self.cronjob_wakeups.get(&key) != Some(&at) {
            self.cronjob_wakeups.insert(key.clone(), at);
            self.at(at, Timer::SyncCronJob(key));
        }
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
        // a zone the API server accepted is always known here (one table serves both); the
        // check stays because upstream's controller makes it before the suspend check
        if let Some(zone) = self.cronjob_zone(&cj) {
            if cj.spec.suspend != Some(true) {
                self.schedule_cronjob(&mut cj, now, &zone);
            }
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

    /// `syncCronJob`'s `time.LoadLocation(spec.timeZone)`: the zone to read the schedule in, or
    /// None after an `UnknownTimeZone` warning (no Job is started until the zone is fixed).
    fn cronjob_zone(&mut self, cj: &CronJob) -> Option<Zone> {
        let Some(name) = cj.spec.time_zone.as_deref() else {
            return Some(Zone::UTC);
        };
        match load_location(name) {
            Ok(zone) => Some(zone),
            Err(e) => {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Warning",
                    "UnknownTimeZone",
                    format!("invalid timeZone: {}: {e}", go_quote(name)),
                    SOURCE,
                    None,
                );
                None
            }
        }
    }

    /// The schedule half of `syncCronJob`: the most recent missed time, if any, starts a Job
    /// (unless too late or forbidden); the controller comes back after the next time.
    fn schedule_cronjob(&mut self, cj: &mut CronJob, now: Time, zone: &Zone) {
        let Some(schedule) = self.cronjob_schedule(cj) else {
            return;
        };
        if self.start_due_job(cj, &schedule, now, zone) {
            // nextScheduleTimeDuration, from the status as this sync leaves it
            let earliest = cj
                .status
                .last_schedule_time
                .unwrap_or(cj.metadata.creation_timestamp);
            if let Some(at) = next_sync(&schedule, zone, earliest, now) {
                self.wake_cronjob_at(cj.metadata.key(), at);
            }
        }
    }

    /// The parsed schedule, or None after the UnparseableSchedule warning (not requeued).
    fn cronjob_schedule(&mut self, cj: &CronJob) -> Option<Schedule> {
        match Schedule::parse(&cj.spec.schedule) {
            Err(e) => {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Warning",
                    "UnparseableSchedule",
                    format!(
                        "unparseable schedule: {} : {e}",
                        go_quote(&cj.spec.schedule)
                    ),
                    SOURCE,
                    None,
                );
                None
            }
            Ok(s) => Some(s),
        }
    }

    /// The rest of `syncCronJob` once the schedule parsed: `nextScheduleTime`, then the Job for
    /// the time found, if it is not too late nor forbidden. False when the schedule turned out
    /// invalid (InvalidSchedule: not requeued until the CronJob changes).
    fn start_due_job(
        &mut self,
        cj: &mut CronJob,
        schedule: &Schedule,
        now: Time,
        zone: &Zone,
    ) -> bool {
        let mut earliest = cj
            .status
            .last_schedule_time
            .unwrap_or(cj.metadata.creation_timestamp);
        if let Some(sds) = cj.spec.starting_deadline_seconds {
            earliest = earliest.max(now.saturating_sub(sds.max(0).saturating_mul(1000)));
        }
        let (scheduled, missed) = match most_recent(schedule, zone, earliest, now) {
            Ok(found) => found,
            Err(e) => {
                self.record_event(
                    involved(cj, "batch/v1"),
                    "Warning",
                    "InvalidSchedule",
                    format!("invalid schedule: {} : {e}", cj.spec.schedule),
                    SOURCE,
                    None,
                );
                return false;
            }
        };
        let Some(scheduled) = scheduled else {
            return true;
        };
        if missed == Missed::Many {
            self.record_event(
                involved(cj, "batch/v1"),
                "Warning",
                "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew".into(),
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
                return true;
            }
        }
        let name = format!("{}-{}", cj.metadata.name, scheduled.div_euclid(60_000));
        let job_key = ObjKey::new(cj.metadata.namespace.as_str(), name.as_str());
        if self.store.jobs.contains(&job_key) {
            // created by an earlier sync: the time is taken
            cj.status.last_schedule_time = Some(scheduled);
            return true;
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
                return true;
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
        let job = self.job_from_template(cj, &name, scheduled, zone);
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
        true
    }

    /// `getJobFromTemplate2`: the template's labels and annotations, the scheduled time (in
    /// RFC 3339 in the CronJob's zone: `scheduledTime.In(timeZoneLocation)`), a controller
    /// reference to the CronJob.
    pub(crate) fn job_from_template(
        &self,
        cj: &CronJob,
        name: &str,
        scheduled: Time,
        zone: &Zone,
    ) -> Value {
        let t = &cj.spec.job_template;
        let mut annotations = t
            .pointer("/metadata/annotations")
            .cloned()
            .filter(Value::is_object)
            .unwrap_or(json!({}));
        annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = json!(zone.rfc3339(scheduled));
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
        let utc = &Zone::UTC;
        let min = 60_000;
        assert_eq!(
            most_recent(&s, utc, start, start + 5 * min),
            Ok((None, Missed::None))
        );
        assert_eq!(
            most_recent(&s, utc, start, start + 15 * min),
            Ok((Some(start + 10 * min), Missed::None))
        );
        assert_eq!(
            most_recent(&s, utc, start, start + 35 * min),
            Ok((Some(start + 30 * min), Missed::Few))
        );
        // (elapsed / gap) + 1 > 100: 1,000 minutes after the first time, 101 gaps
        assert_eq!(
            most_recent(&s, utc, start, start + 1_010 * min),
            Ok((Some(start + 1_010 * min), Missed::Many))
        );
        assert_eq!(
            most_recent(&s, utc, start, start + 1_009 * min),
            Ok((Some(start + 1_000 * min), Missed::Few))
        );
        // robfig finds no 31 February: upstream's "less than 1 second" error
        let never = Schedule::parse("59 23 31 2 *").unwrap();
        assert_eq!(
            most_recent(&never, utc, start, start + 5 * min),
            Err(TOO_CLOSE.to_string())
        );
    }

    /// The uneven schedule upstream's comment names, `30 6-16/4 * * 1-5` (06:30, 10:30, 14:30
    /// on weekdays): the walk from one gap before the estimate finds Monday's 10:30 after a
    /// weekend.
    #[test]
    fn most_recent_walks_uneven_gaps() {
        let s = Schedule::parse("30 6-16/4 * * 1-5").unwrap();
        let utc = &Zone::UTC;
        // Friday 2025-01-03 14:30 last; now Monday 2025-01-06 11:00
        let fri = 1_735_914_600_000;
        let mon_11 = 1_736_161_200_000;
        let mon_1030 = 1_736_159_400_000;
        assert_eq!(
            most_recent(&s, utc, fri, mon_11),
            Ok((Some(mon_1030), Missed::Few))
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

    /// A zone the table does not know (the API server's validation keeps one out, so it is
    /// written past it here): upstream's UnknownTimeZone warning, and no Job.
    #[test]
    fn an_unknown_zone_starts_no_job() {
        let mut c = crate::Cluster::new(crate::ClusterConfig {
            seed: 1,
            workers: 2,
        });
        let out = c.run("kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *'");
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        let key = ObjKey::new("default", "tick");
        let mut cj = c.store.cronjobs.get(&key).cloned().unwrap();
        cj.spec.time_zone = Some("Mars/Base".into());
        c.write_cronjob(cj);
        c.run("sim advance 6m");
        let out = c.run("kubectl get jobs -o name");
        assert_eq!(out.stdout(), "", "{}", out.combined());
        let out = c.run("kubectl get events -o jsonpath={.items[*].message}");
        assert!(
            out.stdout()
                .contains(r#"invalid timeZone: "Mars/Base": unknown time zone Mars/Base"#),
            "{}",
            out.combined()
        );
    }
}
