//! apps/v1 StatefulSet and ControllerRevision, core/v1 PersistentVolumeClaim and PersistentVolume:
//! the types and their JSON as a v1.33 API server serves it.

use super::apps::{empty_object, PodTemplateSpec};
use super::codec::{meta_from_value, meta_to_value, template_to_value};
use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

fn one() -> i32 {
    1
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateStatefulSetStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetUpdateStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
}

/// `persistentVolumeClaimRetentionPolicy`: `Retain` or `Delete` for each event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPolicy {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when_deleted: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when_scaled: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatefulSetOrdinals {
    #[serde(default)]
    pub start: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetSpec {
    #[serde(default = "one")]
    pub replicas: i32,
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
    /// The claim templates as the API stores them (defaulted PersistentVolumeClaims).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<Value>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pod_management_policy: String,
    #[serde(default)]
    pub update_strategy: StatefulSetUpdateStrategy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy: Option<RetentionPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<StatefulSetOrdinals>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatefulSetStatus {
    pub observed_generation: i64,
    pub replicas: i32,
    pub ready_replicas: i32,
    pub current_replicas: i32,
    pub updated_replicas: i32,
    pub available_replicas: i32,
    pub current_revision: String,
    pub update_revision: String,
    pub collision_count: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatefulSet {
    pub metadata: ObjectMeta,
    pub spec: StatefulSetSpec,
    pub status: StatefulSetStatus,
}

impl StatefulSet {
    /// `spec.ordinals.start` (StatefulSetStartOrdinal, GA in 1.31), else 0.
    pub fn start_ordinal(&self) -> i64 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start as i64)
    }

    /// (whenDeleted, whenScaled), `Retain` when unset.
    pub fn retention(&self) -> (&str, &str) {
        let p = self.spec.persistent_volume_claim_retention_policy.as_ref();
        let f = |s: Option<&String>| match s.map(String::as_str) {
            Some("Delete") => "Delete",
            _ => "Retain",
        };
        (f(p.map(|p| &p.when_deleted)), f(p.map(|p| &p.when_scaled)))
    }
}

/// A ControllerRevision: a snapshot (`data`) of a StatefulSet's template and its sequence number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ControllerRevision {
    pub metadata: ObjectMeta,
    pub data: Value,
    pub revision: i64,
}

/// A PersistentVolumeClaim; spec and status kept as the API's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct PersistentVolumeClaim {
    pub metadata: ObjectMeta,
    pub spec: Value,
    pub status: Value,
}

impl PersistentVolumeClaim {
    pub fn phase(&self) -> &str {
        self.status
            .get("phase")
            .and_then(Value::as_str)
            .unwrap_or("Pending")
    }

    pub fn volume_name(&self) -> &str {
        self.spec
            .get("volumeName")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// A PersistentVolume (cluster-scoped); spec and status kept as the API's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct PersistentVolume {
    pub metadata: ObjectMeta,
    pub spec: Value,
    pub status: Value,
}

impl PersistentVolume {
    /// The node a local volume lives on (its required node affinity), if any.
    pub fn node(&self) -> Option<&str> {
        self.spec
            .pointer("/nodeAffinity/required/nodeSelectorTerms/0/matchExpressions/0/values/0")
            .and_then(Value::as_str)
    }
}

// ---------------------------------------------------------------- codec

fn spec_value(spec: &StatefulSetSpec) -> Value {
    let mut v = serde_json::to_value(spec).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("template".into(), template_to_value(&spec.template));
    }
    v
}

pub fn statefulset_from_value(v: &Value) -> Result<StatefulSet, String> {
    let mut spec: StatefulSetSpec =
        serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
            .map_err(|e| e.to_string())?;
    if spec.template.spec.is_null() {
        spec.template.spec = empty_object();
    }
    Ok(StatefulSet {
        metadata: meta_from_value(v),
        spec,
        status: Default::default(),
    })
}

pub fn statefulset_to_value(s: &StatefulSet) -> Value {
    let st = &s.status;
    let mut o = Map::new();
    o.insert("availableReplicas".into(), json!(st.available_replicas));
    if let Some(c) = st.collision_count {
        o.insert("collisionCount".into(), json!(c));
    }
    for (k, n) in [
        ("currentReplicas", st.current_replicas as i64),
        ("observedGeneration", st.observed_generation),
        ("readyReplicas", st.ready_replicas as i64),
    ] {
        if n != 0 {
            o.insert(k.into(), json!(n));
        }
    }
    if !st.current_revision.is_empty() {
        o.insert("currentRevision".into(), json!(st.current_revision));
    }
    o.insert("replicas".into(), json!(st.replicas));
    if !st.update_revision.is_empty() {
        o.insert("updateRevision".into(), json!(st.update_revision));
    }
    if st.updated_replicas != 0 {
        o.insert("updatedReplicas".into(), json!(st.updated_replicas));
    }
    json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta_to_value(&s.metadata),
           "spec": spec_value(&s.spec), "status": Value::Object(o)})
}

pub fn controllerrevision_from_value(v: &Value) -> ControllerRevision {
    ControllerRevision {
        metadata: meta_from_value(v),
        data: v.get("data").cloned().unwrap_or(Value::Null),
        revision: v.get("revision").and_then(Value::as_i64).unwrap_or(0),
    }
}

pub fn controllerrevision_to_value(r: &ControllerRevision) -> Value {
    let mut o = Map::new();
    o.insert("apiVersion".into(), json!("apps/v1"));
    if !r.data.is_null() {
        o.insert("data".into(), r.data.clone());
    }
    o.insert("kind".into(), json!("ControllerRevision"));
    o.insert("metadata".into(), meta_to_value(&r.metadata));
    o.insert("revision".into(), json!(r.revision));
    Value::Object(o)
}

pub fn pvc_from_value(v: &Value) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: meta_from_value(v),
        spec: v.get("spec").cloned().unwrap_or(json!({})),
        status: json!({"phase": "Pending"}),
    }
}

pub fn pvc_to_value(p: &PersistentVolumeClaim) -> Value {
    json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta_to_value(&p.metadata),
           "spec": p.spec, "status": p.status})
}

pub fn pv_from_value(v: &Value) -> PersistentVolume {
    PersistentVolume {
        metadata: meta_from_value(v),
        spec: v.get("spec").cloned().unwrap_or(json!({})),
        status: json!({"phase": "Available"}),
    }
}

pub fn pv_to_value(p: &PersistentVolume) -> Value {
    json!({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta_to_value(&p.metadata),
           "spec": p.spec, "status": p.status})
}
