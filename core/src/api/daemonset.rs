//! apps/v1 DaemonSet: the type and its JSON as a v1.33 API server serves it.
//!
//! The API server keeps an internal `spec.templateGeneration` (1 at create, +1 whenever an
//! update changes the pod template) and serves it in apps/v1 as the annotation
//! `deprecated.daemonset.template.generation`; the controller stamps it on each pod as
//! `pod-template-generation` (pkg/registry/apps/daemonset/strategy.go, spec §1.4).

use super::apps::{empty_object, PodTemplateSpec};
use super::codec::{meta_from_value, meta_to_value, template_to_value};
use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The annotation apps/v1 serves the template generation as.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";

fn is_zero(v: &i32) -> bool {
    *v == 0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateDaemonSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetUpdateStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDaemonSet>,
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetSpec {
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default)]
    pub update_strategy: DaemonSetUpdateStrategy,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
}

impl DaemonSetSpec {
    /// `RollingUpdate` unless the strategy says `OnDelete`.
    pub fn rolling(&self) -> Option<&RollingUpdateDaemonSet> {
        match self.update_strategy.type_.as_str() {
            "OnDelete" => None,
            _ => self.update_strategy.rolling_update.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i32,
    pub number_misscheduled: i32,
    pub desired_number_scheduled: i32,
    pub number_ready: i32,
    pub observed_generation: i64,
    pub updated_number_scheduled: i32,
    pub number_available: i32,
    pub number_unavailable: i32,
    pub collision_count: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DaemonSet {
    pub metadata: ObjectMeta,
    pub spec: DaemonSetSpec,
    pub status: DaemonSetStatus,
    /// The API server's internal `spec.templateGeneration`.
    pub template_generation: i64,
}

impl DaemonSet {
    /// Sets the template generation and the annotation that serves it.
    pub fn set_template_generation(&mut self, generation: i64) {
        self.template_generation = generation;
        self.metadata.annotations.insert(
            TEMPLATE_GENERATION_ANNOTATION.into(),
            generation.to_string(),
        );
    }
}

pub fn daemonset_from_value(v: &Value) -> Result<DaemonSet, String> {
    let mut spec: DaemonSetSpec =
        serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
            .map_err(|e| e.to_string())?;
    if spec.template.spec.is_null() {
        spec.template.spec = empty_object();
    }
    let metadata = meta_from_value(v);
    let template_generation = metadata
        .annotations
        .get(TEMPLATE_GENERATION_ANNOTATION)
        .and_then(|g| g.parse().ok())
        .unwrap_or(0);
    Ok(DaemonSet {
        metadata,
        spec,
        status: Default::default(),
        template_generation,
    })
}

pub fn daemonset_to_value(d: &DaemonSet) -> Value {
    let s = &d.status;
    let mut st = Map::new();
    if let Some(c) = s.collision_count {
        st.insert("collisionCount".into(), json!(c));
    }
    // the first four have no omitempty in apps/v1
    st.insert(
        "currentNumberScheduled".into(),
        json!(s.current_number_scheduled),
    );
    st.insert(
        "desiredNumberScheduled".into(),
        json!(s.desired_number_scheduled),
    );
    st.insert("numberMisscheduled".into(), json!(s.number_misscheduled));
    st.insert("numberReady".into(), json!(s.number_ready));
    for (k, n) in [
        ("numberAvailable", s.number_available as i64),
        ("numberUnavailable", s.number_unavailable as i64),
        ("observedGeneration", s.observed_generation),
        ("updatedNumberScheduled", s.updated_number_scheduled as i64),
    ] {
        if n != 0 {
            st.insert(k.into(), json!(n));
        }
    }
    let mut spec = serde_json::to_value(&d.spec).unwrap_or(Value::Null);
    if let Some(o) = spec.as_object_mut() {
        o.insert("template".into(), template_to_value(&d.spec.template));
    }
    json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta_to_value(&d.metadata),
           "spec": spec, "status": Value::Object(st)})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_prints_the_four_counts_even_when_zero() {
        let d = DaemonSet::default();
        let v = daemonset_to_value(&d);
        assert_eq!(
            v["status"],
            json!({"currentNumberScheduled": 0, "desiredNumberScheduled": 0,
                   "numberMisscheduled": 0, "numberReady": 0})
        );
    }

    #[test]
    fn template_generation_round_trips_through_the_annotation() {
        let mut d = DaemonSet::default();
        d.set_template_generation(3);
        let back = daemonset_from_value(&daemonset_to_value(&d)).unwrap();
        assert_eq!(back.template_generation, 3);
        assert_eq!(
            back.metadata
                .annotations
                .get(TEMPLATE_GENERATION_ANNOTATION),
            Some(&"3".to_string())
        );
    }
}
