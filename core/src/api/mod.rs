//! API types, codec, defaults and validation.

pub mod apps;
pub mod autoscaling;
pub mod codec;
pub mod config;
pub mod core;
pub mod cronjob;
pub mod daemonset;
pub mod defaults;
pub mod gourl;
pub mod job;
pub mod meta;
pub mod policy;
pub mod priority;
pub mod qos;
pub mod quota;
pub mod schema;
pub mod server;
pub mod serviceaccount;
pub mod statefulset;
pub mod validation;
pub mod yaml;

pub use self::apps::*;
pub use self::autoscaling::{HorizontalPodAutoscaler, HpaCondition, HpaStatus};
pub use self::config::{ConfigMap, Secret};
pub use self::core::*;
pub use self::cronjob::CronJob;
pub use self::daemonset::{DaemonSet, DaemonSetStatus};
pub use self::job::{Job, JobStatus};
pub use self::meta::*;
pub use self::policy::{PdbStatus, PodDisruptionBudget};
pub use self::quota::{LimitRange, ResourceQuota};
pub use self::serviceaccount::ServiceAccount;
pub use self::statefulset::*;
