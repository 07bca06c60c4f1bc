//! autoscaling/v2 HorizontalPodAutoscaler (and autoscaling/v1, converted on the way in), as the
//! v1.33 API server stores it: the spec is kept as defaulted v2 JSON (the controller reads
//! `scaleTargetRef`, `minReplicas`, `maxReplicas`, `metrics`, `behavior`), the status is typed
//! because the controller owns it (`k8s.io/api/autoscaling/v2/types.go`).

use super::codec::meta_to_value;
use super::meta::{ObjectMeta, Time};
use crate::kubectl::printers::timefmt::rfc3339;
use serde_json::{json, Map, Value};

/// `autoscaling.DefaultCPUUtilization`: the target v2 defaulting adds when `metrics` is empty.
pub const DEFAULT_CPU_UTILIZATION: i64 = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HpaCondition {
    /// `AbleToScale`, `ScalingActive`, `ScalingLimited`.
    pub type_: String,
    pub status: String,
    pub last_transition_time: Time,
    pub reason: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HpaStatus {
    pub current_replicas: i32,
    pub desired_replicas: i32,
    pub last_scale_time: Option<Time>,
    /// `currentMetrics`: None is JSON `null` (never computed); the controller stores one entry
    /// per metric spec, left empty (`{"type": ""}`) when the metric could not be read.
    pub current_metrics: Option<Vec<Value>>,
    pub conditions: Vec<HpaCondition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HorizontalPodAutoscaler {
    pub metadata: ObjectMeta,
    /// The autoscaling/v2 spec, defaulted and validated.
    pub spec: Value,
    pub status: HpaStatus,
}

impl HorizontalPodAutoscaler {
    pub fn target_kind(&self) -> &str {
        self.spec
            .pointer("/scaleTargetRef/kind")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub fn target_name(&self) -> &str {
        self.spec
            .pointer("/scaleTargetRef/name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    pub fn target_api_version(&self) -> &str {
        self.spec
            .pointer("/scaleTargetRef/apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    /// `spec.minReplicas`, defaulted to 1 by the API server.
    pub fn min_replicas(&self) -> i32 {
        self.spec
            .get("minReplicas")
            .and_then(Value::as_i64)
            .unwrap_or(1) as i32
    }
    pub fn max_replicas(&self) -> i32 {
        self.spec
            .get("maxReplicas")
            .and_then(Value::as_i64)
            .unwrap_or(0) as i32
    }
    pub fn metrics(&self) -> Vec<Value> {
        self.spec
            .get("metrics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }
}

/// autoscaling/v1 → v2 (`pkg/apis/autoscaling/v1/conversion.go`): `targetCPUUtilizationPercentage`
/// becomes a Resource cpu Utilization metric. Other objects are returned unchanged.
pub fn v1_to_v2(mut v: Value) -> Value {
    if v.get("apiVersion").and_then(Value::as_str) != Some("autoscaling/v1") {
        return v;
    }
    v["apiVersion"] = json!("autoscaling/v2");
    // the alpha annotations carry what v1 cannot express; they are not kept as annotations
    let mut other_metrics: Vec<Value> = Vec::new();
    if let Some(ann) = v
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        if let Some(m) = ann
            .remove("autoscaling.alpha.kubernetes.io/metrics")
            .and_then(|s| {
                s.as_str()
                    .and_then(|s| serde_json::from_str::<Value>(s).ok())
            })
        {
            for m in m.as_array().into_iter().flatten() {
                let r = m.get("resource").cloned().unwrap_or_default();
                let target = match (
                    r.get("targetAverageUtilization"),
                    r.get("targetAverageValue"),
                ) {
                    (Some(u), _) => json!({"type": "Utilization", "averageUtilization": u}),
                    (_, Some(av)) => json!({"type": "AverageValue", "averageValue": av}),
                    _ => json!({}),
                };
                other_metrics.push(json!({"type": m.get("type").cloned().unwrap_or(json!("")),
                    "resource": {"name": r.get("name").cloned().unwrap_or(json!("")), "target": target}}));
            }
        }
        ann.retain(|k, _| !k.starts_with("autoscaling.alpha.kubernetes.io/"));
    }
    if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
        let cpu = spec
            .remove("targetCPUUtilizationPercentage")
            .filter(|t| !t.is_null());
        if let Some(t) = cpu {
            other_metrics.push(json!({"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": t}}}));
        }
        if !other_metrics.is_empty() {
            spec.insert("metrics".into(), Value::Array(other_metrics));
        }
    }
    if let Some(st) = v.get_mut("status").and_then(Value::as_object_mut) {
        st.remove("currentCPUUtilizationPercentage");
    }
    v
}

/// `SetDefaults_HorizontalPodAutoscaler` (autoscaling/v2): minReplicas 1, a cpu 80% metric when
/// none is given; `behavior` is only completed when present.
pub fn apply_defaults(v: &mut Value) {
    let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if spec.get("minReplicas").is_none_or(Value::is_null) {
        spec.insert("minReplicas".into(), json!(1));
    }
    let empty = spec
        .get("metrics")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty);
    if empty {
        spec.insert(
            "metrics".into(),
            json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": DEFAULT_CPU_UTILIZATION}}}]),
        );
    }
    if let Some(b) = spec.get_mut("behavior").and_then(Value::as_object_mut) {
        // GenerateHPAScaleUpRules / GenerateHPAScaleDownRules
        let up = b.entry("scaleUp").or_insert_with(|| json!({}));
        if let Some(up) = up.as_object_mut() {
            up.entry("stabilizationWindowSeconds").or_insert(json!(0));
            up.entry("selectPolicy").or_insert(json!("Max"));
            up.entry("policies").or_insert(json!([
                {"type": "Pods", "value": 4, "periodSeconds": 15},
                {"type": "Percent", "value": 100, "periodSeconds": 15}
            ]));
        }
        let down = b.entry("scaleDown").or_insert_with(|| json!({}));
        if let Some(down) = down.as_object_mut() {
            down.entry("selectPolicy").or_insert(json!("Max"));
            down.entry("policies").or_insert(json!([
                {"type": "Percent", "value": 100, "periodSeconds": 15}
            ]));
        }
    }
}

fn condition_value(c: &HpaCondition) -> Value {
    json!({"lastTransitionTime": rfc3339(c.last_transition_time), "message": c.message,
           "reason": c.reason, "status": c.status, "type": c.type_})
}

/// The object as autoscaling/v2 serves it. `desiredReplicas` and `currentMetrics` are not
/// `omitempty` in the v2 types, so a new HPA shows `currentMetrics: null`, `desiredReplicas: 0`.
pub fn hpa_to_value(h: &HorizontalPodAutoscaler) -> Value {
    let mut st = Map::new();
    if !h.status.conditions.is_empty() {
        st.insert(
            "conditions".into(),
            h.status.conditions.iter().map(condition_value).collect(),
        );
    }
    st.insert(
        "currentMetrics".into(),
        h.status
            .current_metrics
            .clone()
            .map_or(Value::Null, Value::Array),
    );
    if h.status.current_replicas != 0 {
        st.insert("currentReplicas".into(), json!(h.status.current_replicas));
    }
    st.insert("desiredReplicas".into(), json!(h.status.desired_replicas));
    if let Some(t) = h.status.last_scale_time {
        st.insert("lastScaleTime".into(), json!(rfc3339(t)));
    }
    json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": meta_to_value(&h.metadata), "spec": h.spec, "status": Value::Object(st)})
}

/// Go's `json.Marshal` of a string (the annotations below are Go-encoded, in struct field order).
fn go_json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The same object as autoscaling/v1 serves it (`kubectl get hpa.v1.autoscaling -o yaml`),
/// converted as `Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler` does:
/// the cpu utilization target in `targetCPUUtilizationPercentage`; other metric specs, the
/// current metrics and the conditions JSON-encoded (Go struct field order) in the
/// `autoscaling.alpha.kubernetes.io/{metrics,current-metrics,conditions}` annotations.
pub fn hpa_to_v1_value(h: &HorizontalPodAutoscaler) -> Value {
    let mut v = hpa_to_value(h);
    let metrics = h.metrics();
    let is_cpu_util = |m: &Value| {
        m.get("type") == Some(&json!("Resource"))
            && m.pointer("/resource/name") == Some(&json!("cpu"))
            && m.pointer("/resource/target/averageUtilization")
                .is_some_and(|u| !u.is_null())
    };
    let mut spec = h.spec.clone();
    if let Some(s) = spec.as_object_mut() {
        s.remove("metrics");
        s.remove("behavior");
        if let Some(t) = metrics
            .iter()
            .find(|m| is_cpu_util(m))
            .and_then(|m| m.pointer("/resource/target/averageUtilization"))
        {
            s.insert("targetCPUUtilizationPercentage".into(), t.clone());
        }
    }
    let mut ann: Vec<(String, String)> = Vec::new();
    let others: Vec<String> = metrics
        .iter()
        .filter(|m| !is_cpu_util(m))
        .map(|m| {
            let ty = m.get("type").and_then(Value::as_str).unwrap_or("");
            match (ty, m.get("resource")) {
                ("Resource", Some(r)) => {
                    let name = r.get("name").and_then(Value::as_str).unwrap_or("");
                    let target = match (
                        r.pointer("/target/averageUtilization"),
                        r.pointer("/target/averageValue"),
                    ) {
                        (Some(u), _) if !u.is_null() => {
                            format!(",\"targetAverageUtilization\":{u}")
                        }
                        (_, Some(av)) if !av.is_null() => format!(
                            ",\"targetAverageValue\":{}",
                            go_json_str(av.as_str().unwrap_or(""))
                        ),
                        _ => String::new(),
                    };
                    format!(
                        "{{\"type\":\"Resource\",\"resource\":{{\"name\":{}{target}}}}}",
                        go_json_str(name)
                    )
                }
                _ => format!("{{\"type\":{}}}", go_json_str(ty)),
            }
        })
        .collect();
    if !others.is_empty() {
        ann.push((
            "autoscaling.alpha.kubernetes.io/metrics".into(),
            format!("[{}]", others.join(",")),
        ));
    }
    if let Some(cur) = h.status.current_metrics.as_ref().filter(|c| !c.is_empty()) {
        let items: Vec<String> = cur
            .iter()
            .map(|m| {
                format!(
                    "{{\"type\":{}}}",
                    go_json_str(m.get("type").and_then(Value::as_str).unwrap_or(""))
                )
            })
            .collect();
        ann.push((
            "autoscaling.alpha.kubernetes.io/current-metrics".into(),
            format!("[{}]", items.join(",")),
        ));
    }
    if !h.status.conditions.is_empty() {
        let items: Vec<String> = h
            .status
            .conditions
            .iter()
            .map(|c| {
                format!(
                    "{{\"type\":{},\"status\":{},\"lastTransitionTime\":{},\"reason\":{},\"message\":{}}}",
                    go_json_str(&c.type_),
                    go_json_str(&c.status),
                    go_json_str(&rfc3339(c.last_transition_time)),
                    go_json_str(&c.reason),
                    go_json_str(&c.message)
                )
            })
            .collect();
        ann.push((
            "autoscaling.alpha.kubernetes.io/conditions".into(),
            format!("[{}]", items.join(",")),
        ));
    }
    if !ann.is_empty() {
        if let Some(m) = v.pointer_mut("/metadata").and_then(Value::as_object_mut) {
            let a = m.entry("annotations").or_insert_with(|| json!({}));
            if let Some(a) = a.as_object_mut() {
                for (k, val) in ann {
                    a.insert(k, json!(val));
                }
            }
        }
    }
    // v1's currentReplicas is not omitempty (v2's is)
    let mut st = Map::new();
    st.insert("currentReplicas".into(), json!(h.status.current_replicas));
    st.insert("desiredReplicas".into(), json!(h.status.desired_replicas));
    if let Some(t) = h.status.last_scale_time {
        st.insert("lastScaleTime".into(), json!(rfc3339(t)));
    }
    v["apiVersion"] = json!("autoscaling/v1");
    v["spec"] = spec;
    v["status"] = Value::Object(st);
    v
}

/// Decodes a created object (after strict decoding, defaulting and validation).
pub fn hpa_from_value(v: &Value) -> HorizontalPodAutoscaler {
    HorizontalPodAutoscaler {
        metadata: super::codec::meta_from_value(v),
        spec: v.get("spec").cloned().unwrap_or(json!({})),
        status: HpaStatus::default(),
    }
}
