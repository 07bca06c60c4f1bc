//! Controllers: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob and the garbage collector, each a set of
//! `Cluster` methods driven by its work queue; storage provisioning and Endpoints.

pub mod configmaps;
pub mod cron_schedule;
pub mod cronjob;
pub mod daemon;
pub mod deployment;
pub mod disruption;
pub mod endpoints;
pub mod gc;
pub mod job;
pub mod job_policy;
pub mod namespace;
pub mod podautoscaler;
pub mod replicaset;
pub mod resourcequota;
pub mod serviceaccounts;
pub mod statefulset;
pub mod timezone;
pub mod volume;

#[cfg(test)]
mod tests;
