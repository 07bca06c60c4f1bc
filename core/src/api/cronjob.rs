//! batch/v1 CronJob: the type and its JSON as a v1.33 API server serves it. The job template's
//! spec is kept as the API's JSON: the controller turns it into Jobs through the write path.

use super::codec::{meta_from_value, meta_to_value};
use super::meta::{ObjectMeta, Time};
use crate::kubectl::printers::timefmt::rfc3339;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The annotation a CronJob's Jobs carry: the time they were scheduled for (v1.28+).
pub const SCHEDULED_TIMESTAMP_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CronJobSpec {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub concurrency_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_jobs_history_limit: Option<i32>,
    /// `jobTemplate` (metadata and spec) as the API holds it.
    #[serde(default)]
    pub job_template: Value,
    #[serde(default)]
    pub schedule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successful_jobs_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// A reference to one of the CronJob's running Jobs (`status.active[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveJob {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub resource_version: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CronJobStatus {
    pub active: Vec<ActiveJob>,
    pub last_schedule_time: Option<Time>,
    pub last_successful_time: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CronJob {
    pub metadata: ObjectMeta,
    pub spec: CronJobSpec,
    pub status: CronJobStatus,
}

pub fn cronjob_from_value(v: &Value) -> Result<CronJob, String> {
    let spec: CronJobSpec = serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
        .map_err(|e| e.to_string())?;
    Ok(CronJob {
        metadata: meta_from_value(v),
        spec,
        status: Default::default(),
    })
}

pub fn cronjob_to_value(c: &CronJob) -> Value {
    let s = &c.status;
    let mut st = Map::new();
    if !s.active.is_empty() {
        let active: Vec<Value> = s
            .active
            .iter()
            .map(|a| {
                json!({"apiVersion": "batch/v1", "kind": "Job", "name": a.name,
                       "namespace": a.namespace, "resourceVersion": a.resource_version.to_string(),
                       "uid": a.uid})
            })
            .collect();
        st.insert("active".into(), Value::Array(active));
    }
    if let Some(t) = s.last_schedule_time {
        st.insert("lastScheduleTime".into(), json!(rfc3339(t)));
    }
    if let Some(t) = s.last_successful_time {
        st.insert("lastSuccessfulTime".into(), json!(rfc3339(t)));
    }
    json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta_to_value(&c.metadata),
           "spec": serde_json::to_value(&c.spec).unwrap_or(Value::Null), "status": Value::Object(st)})
}
