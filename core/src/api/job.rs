//! batch/v1 Job: the type and its JSON as a v1.33 API server serves it.

use super::apps::{empty_object, PodTemplateSpec};
use super::codec::{meta_from_value, meta_to_value, template_to_value};
use super::meta::{LabelSelector, ObjectMeta, Time};
use crate::kubectl::printers::timefmt::rfc3339;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The labels `generateSelector` puts on the template, and the selector's key.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
/// Their legacy twins, still added in v1.33.
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit_per_index: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed_indexes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_failure_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i32>,
}

impl JobSpec {
    pub fn restart_policy(&self) -> &str {
        self.template
            .spec
            .get("restartPolicy")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn selector(&self) -> LabelSelector {
        self.selector.clone().unwrap_or_default()
    }

    pub fn indexed(&self) -> bool {
        self.completion_mode.as_deref() == Some("Indexed")
    }
}

/// The annotation and label that carry an Indexed Job pod's completion index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";

/// `orderedIntervals.String()` (indexed_job_utils.go), the format of `completedIndexes` and
/// `failedIndexes`: ascending runs of three or more as `a-b`, a run of two as `a,b`, single
/// ones alone, comma-separated.
pub fn format_indexes(set: &std::collections::BTreeSet<i32>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut push = |a: i32, b: i32| {
        out.push(match b - a {
            0 => a.to_string(),
            1 => format!("{a},{b}"),
            _ => format!("{a}-{b}"),
        })
    };
    let mut run: Option<(i32, i32)> = None;
    for &i in set {
        run = match run {
            Some((a, b)) if i64::from(i) == i64::from(b) + 1 => Some((a, i)),
            Some((a, b)) => {
                push(a, b);
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    if let Some((a, b)) = run {
        push(a, b);
    }
    out.join(",")
}

/// A Job condition (`Complete`, `SuccessCriteriaMet`, `Failed`, `FailureTarget`, `Suspended`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobCondition {
    pub type_: &'static str,
    pub status: bool,
    pub last_probe_time: Time,
    pub last_transition_time: Time,
    pub reason: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobStatus {
    pub conditions: Vec<JobCondition>,
    pub start_time: Option<Time>,
    pub completion_time: Option<Time>,
    pub active: i32,
    pub succeeded: i32,
    pub failed: i32,
    pub terminating: i32,
    pub ready: i32,
    /// `completedIndexes` of an Indexed Job: ranges like `0-2,4`.
    pub completed_indexes: String,
    /// `failedIndexes` of an Indexed Job with `backoffLimitPerIndex` (a pointer upstream: set,
    /// possibly empty, from the controller's first sync).
    pub failed_indexes: Option<String>,
}

impl JobStatus {
    /// A condition of the type with status True.
    pub fn has(&self, type_: &str) -> bool {
        self.conditions.iter().any(|c| c.type_ == type_ && c.status)
    }

    /// `IsJobFinished`: Complete or Failed.
    pub fn finished(&self) -> bool {
        self.has("Complete") || self.has("Failed")
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Job {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
    pub status: JobStatus,
    /// UIDs of the finished (or deleted) pods already counted in `succeeded`/`failed`: what
    /// upstream keeps with the `batch.kubernetes.io/job-tracking` finalizer and
    /// `uncountedTerminatedPods`.
    pub counted: std::collections::BTreeSet<String>,
    /// When the newest counted failure happened (the pod failure back-off counts from it).
    pub last_failure: Option<Time>,
    /// Failures counted since the last success (`failuresAfterLastSuccess`).
    pub failures_since_success: i32,
    /// The indexes of an Indexed Job that succeeded.
    pub succeeded_indexes: std::collections::BTreeSet<i32>,
    /// The indexes of an Indexed Job with `backoffLimitPerIndex` that failed for good.
    pub failed_index_set: std::collections::BTreeSet<i32>,
}

impl Job {
    /// `generateSelector` (the Job strategy's PrepareForCreate): the job-name and controller-uid
    /// labels (both spellings) on the template unless set, and a selector on the controller
    /// uid.
    pub fn generate_selector(&mut self) {
        let (name, uid) = (self.metadata.name.clone(), self.metadata.uid.clone());
        let labels = &mut self.spec.template.metadata.labels;
        for (k, v) in [
            (LEGACY_JOB_NAME_LABEL, &name),
            (JOB_NAME_LABEL, &name),
            (LEGACY_CONTROLLER_UID_LABEL, &uid),
            (CONTROLLER_UID_LABEL, &uid),
        ] {
            if !labels.contains_key(k) {
                labels.insert(k.into(), v.clone());
            }
        }
        let sel = self.spec.selector.get_or_insert_with(Default::default);
        sel.match_labels
            .entry(CONTROLLER_UID_LABEL.into())
            .or_insert(uid);
    }
}

pub fn job_from_value(v: &Value) -> Result<Job, String> {
    let mut spec: JobSpec = serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
        .map_err(|e| e.to_string())?;
    if spec.template.spec.is_null() {
        spec.template.spec = empty_object();
    }
    Ok(Job {
        metadata: meta_from_value(v),
        spec,
        ..Default::default()
    })
}

pub fn job_to_value(j: &Job) -> Value {
    let s = &j.status;
    let mut st = Map::new();
    if s.active != 0 {
        st.insert("active".into(), json!(s.active));
    }
    if !s.completed_indexes.is_empty() {
        st.insert("completedIndexes".into(), json!(s.completed_indexes));
    }
    if let Some(t) = s.completion_time {
        st.insert("completionTime".into(), json!(rfc3339(t)));
    }
    if !s.conditions.is_empty() {
        let conds: Vec<Value> = s
            .conditions
            .iter()
            .map(|c| {
                json!({"lastProbeTime": rfc3339(c.last_probe_time),
                       "lastTransitionTime": rfc3339(c.last_transition_time),
                       "message": c.message, "reason": c.reason,
                       "status": if c.status { "True" } else { "False" }, "type": c.type_})
            })
            .collect();
        st.insert("conditions".into(), Value::Array(conds));
    }
    if s.failed != 0 {
        st.insert("failed".into(), json!(s.failed));
    }
    if let Some(f) = &s.failed_indexes {
        st.insert("failedIndexes".into(), json!(f));
    }
    // ready and terminating are pointers, set by the controller from its first sync
    if s.start_time.is_some() || !s.conditions.is_empty() {
        st.insert("ready".into(), json!(s.ready));
    }
    if let Some(t) = s.start_time {
        st.insert("startTime".into(), json!(rfc3339(t)));
    }
    if s.succeeded != 0 {
        st.insert("succeeded".into(), json!(s.succeeded));
    }
    if s.start_time.is_some() || !s.conditions.is_empty() {
        st.insert("terminating".into(), json!(s.terminating));
        st.insert("uncountedTerminatedPods".into(), json!({}));
    }
    let mut spec = serde_json::to_value(&j.spec).unwrap_or(Value::Null);
    if let Some(o) = spec.as_object_mut() {
        o.insert("template".into(), template_to_value(&j.spec.template));
    }
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta_to_value(&j.metadata),
           "spec": spec, "status": Value::Object(st)})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::printers::timefmt::parse_rfc3339;

    const CONDITION_TYPES: [&str; 5] = [
        "Complete",
        "SuccessCriteriaMet",
        "Failed",
        "FailureTarget",
        "Suspended",
    ];

    /// The conditions back from the JSON, to check the round trip.
    fn job_conditions_from_value(v: &Value) -> Vec<JobCondition> {
        let time = |c: &Value, k: &str| {
            c.get(k)
                .and_then(Value::as_str)
                .and_then(parse_rfc3339)
                .unwrap_or(0)
        };
        v.pointer("/status/conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let t = c.get("type").and_then(Value::as_str)?;
                let type_ = CONDITION_TYPES.iter().find(|x| **x == t)?;
                Some(JobCondition {
                    type_,
                    status: c.get("status").and_then(Value::as_str) == Some("True"),
                    last_probe_time: time(c, "lastProbeTime"),
                    last_transition_time: time(c, "lastTransitionTime"),
                    reason: c.get("reason").and_then(Value::as_str).unwrap_or("").into(),
                    message: c
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .into(),
                })
            })
            .collect()
    }

    /// upstream TestIntervalsToString's shapes: a pair is written `a,b`, longer runs `a-b`.
    #[test]
    fn indexes_format_as_upstream_intervals() {
        let f = |v: &[i32]| format_indexes(&v.iter().copied().collect());
        assert_eq!(f(&[]), "");
        assert_eq!(f(&[0]), "0");
        assert_eq!(f(&[0, 1]), "0,1");
        assert_eq!(f(&[0, 1, 2, 4, 5, 7, 8, 9]), "0-2,4,5,7-9");
        assert_eq!(
            f(&[i32::MAX - 1, i32::MAX]),
            format!("{},{}", i32::MAX - 1, i32::MAX)
        );
    }

    #[test]
    fn a_new_job_has_an_empty_status() {
        let j = Job::default();
        assert_eq!(job_to_value(&j)["status"], json!({}));
    }

    #[test]
    fn conditions_round_trip() {
        let mut j = Job::default();
        j.status.start_time = Some(1_000);
        j.status.conditions.push(JobCondition {
            type_: "Complete",
            status: true,
            last_probe_time: 5_000,
            last_transition_time: 5_000,
            reason: "CompletionsReached".into(),
            message: "Reached expected number of succeeded pods".into(),
        });
        let v = job_to_value(&j);
        assert_eq!(job_conditions_from_value(&v), j.status.conditions);
        assert_eq!(v["status"]["uncountedTerminatedPods"], json!({}));
    }
}
