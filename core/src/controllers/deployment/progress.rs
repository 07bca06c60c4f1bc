//! Progress reporting (spec §4.8–§4.9, upstream `progress.go`): the Progressing condition,
//! ReplicaFailure, the progress deadline and paused conditions.

use super::util::*;
use crate::api::{Deployment, ReplicaSet};
use crate::sim::{Cluster, Timer};

impl Cluster {
    /// syncRolloutStatus.
    pub(crate) fn sync_rollout_status(
        &mut self,
        all: &[ReplicaSet],
        new_rs: Option<&ReplicaSet>,
        d: &Deployment,
    ) {
        let all = self.fresh(all);
        let new_rs = new_rs.and_then(|r| self.store.replicasets.get(&r.metadata.key()).cloned());
        let Some(d) = self.store.deployments.get(&d.metadata.key()).cloned() else {
            return;
        };
        let now = self.now;
        let mut status = self.calculate_status(&all, new_rs.as_ref(), &d);
        if !has_progress_deadline(&d) {
            remove_condition(&mut status, "Progressing");
        }
        let current = status.condition("Progressing").cloned();
        let complete = status.replicas == status.updated_replicas
            && current
                .as_ref()
                .is_some_and(|c| c.reason == "NewReplicaSetAvailable");
        if has_progress_deadline(&d) && !complete {
            let subject = match &new_rs {
                Some(rs) => format!("ReplicaSet \"{}\"", rs.metadata.name),
                None => format!("Deployment \"{}\"", d.metadata.name),
            };
            if deployment_complete(&d, &status) {
                let msg = format!("{subject} has successfully progressed.");
                set_condition(
                    &mut status,
                    condition("Progressing", "True", "NewReplicaSetAvailable", msg, now),
                );
            } else if deployment_progressing(&d, &status) {
                let msg = format!("{subject} is progressing.");
                let mut c = condition("Progressing", "True", "ReplicaSetUpdated", msg, now);
                if let Some(cur) = &current {
                    if cur.status == "True" {
                        c.last_transition_time = cur.last_transition_time;
                    }
                }
                remove_condition(&mut status, "Progressing");
                status.conditions.push(c);
            } else if deployment_timed_out(&d, &status, now) {
                let msg = format!("{subject} has timed out progressing.");
                set_condition(
                    &mut status,
                    condition("Progressing", "False", "ProgressDeadlineExceeded", msg, now),
                );
            }
        }
        let failure = new_rs
            .iter()
            .flat_map(|r| r.status.conditions.iter())
            .find(|c| c.type_ == "ReplicaFailure")
            .or_else(|| {
                all.iter()
                    .flat_map(|r| r.status.conditions.iter())
                    .find(|c| c.type_ == "ReplicaFailure")
            })
            .cloned();
        match failure {
            Some(c) => {
                let mut dc = condition(
                    "ReplicaFailure",
                    &c.status,
                    &c.reason,
                    c.message.clone(),
                    c.last_transition_time,
                );
                dc.last_update_time = c.last_transition_time;
                set_condition(&mut status, dc);
            }
            None => remove_condition(&mut status, "ReplicaFailure"),
        }
        if status == d.status {
            self.requeue_stuck_deployment(&d, &status);
            return;
        }
        let mut nd = d;
        nd.status = status;
        self.write_deployment(nd);
    }

    /// requeueStuckDeployment: look again when the progress deadline would pass.
    fn requeue_stuck_deployment(
        &mut self,
        d: &Deployment,
        new_status: &crate::api::DeploymentStatus,
    ) {
        if !has_progress_deadline(d) || deployment_complete(d, new_status) {
            return;
        }
        let Some(c) = d.status.condition("Progressing") else {
            return;
        };
        if c.reason == "ProgressDeadlineExceeded" {
            return;
        }
        let deadline = d.spec.progress_deadline_seconds.unwrap_or(0) as i64 * 1000;
        let after = (c.last_update_time / 1000) * 1000 + deadline - self.now;
        let key = d.metadata.key();
        if after < 1000 {
            // AddRateLimited: a real queue retries after a back-off; one second keeps the
            // simulation bounded without spinning at one instant.
            self.after(1000, Timer::SyncDeployment(key));
        } else {
            self.after((after + 1000) as u64, Timer::SyncDeployment(key));
        }
    }

    /// checkPausedConditions (spec §4.8): written immediately; returns the current Deployment.
    pub(crate) fn check_paused_conditions(&mut self, d: Deployment) -> Deployment {
        if !has_progress_deadline(&d) {
            return d;
        }
        let cond = d.status.condition("Progressing");
        if cond.is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
            return d;
        }
        let paused_cond = cond.is_some_and(|c| c.reason == "DeploymentPaused");
        let now = self.now;
        let mut nd = d.clone();
        if d.spec.paused && !paused_cond {
            set_condition(
                &mut nd.status,
                condition(
                    "Progressing",
                    "Unknown",
                    "DeploymentPaused",
                    "Deployment is paused".into(),
                    now,
                ),
            );
        } else if !d.spec.paused && paused_cond {
            set_condition(
                &mut nd.status,
                condition(
                    "Progressing",
                    "Unknown",
                    "DeploymentResumed",
                    "Deployment is resumed".into(),
                    now,
                ),
            );
        } else {
            return d;
        }
        self.write_deployment(nd.clone());
        self.store
            .deployments
            .get(&nd.metadata.key())
            .cloned()
            .unwrap_or(nd)
    }
}
