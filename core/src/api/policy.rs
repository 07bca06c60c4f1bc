//! policy/v1 PodDisruptionBudget (`k8s.io/api/policy/v1/types.go`): the spec is kept as the
//! validated JSON sent (minAvailable / maxUnavailable as int or percent, selector,
//! unhealthyPodEvictionPolicy; policy/v1 has no defaulting), the status is typed because the
//! disruption controller and the eviction subresource own it.

use super::codec::meta_to_value;
use super::meta::{LabelSelector, ObjectMeta, Time};
use crate::kubectl::printers::timefmt::{parse_rfc3339, rfc3339};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The `DisruptionAllowed` condition (`metav1.Condition`; the only type the controller sets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdbCondition {
    pub status: bool,
    /// `SufficientPods`, `InsufficientPods` or `SyncFailed`.
    pub reason: &'static str,
    pub message: String,
    pub observed_generation: i64,
    pub last_transition_time: Time,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PdbStatus {
    pub observed_generation: i64,
    /// Pods the eviction subresource let go and the controller has not yet seen deleted, with
    /// when they were evicted.
    pub disrupted_pods: BTreeMap<String, Time>,
    pub disruptions_allowed: i32,
    pub current_healthy: i32,
    pub desired_healthy: i32,
    pub expected_pods: i32,
    pub condition: Option<PdbCondition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodDisruptionBudget {
    pub metadata: ObjectMeta,
    /// The spec as sent, validated.
    pub spec: Value,
    /// `spec.selector`, decoded once (every pod event of the namespace reads it).
    pub sel: Option<LabelSelector>,
    pub status: PdbStatus,
}

/// An int-or-string budget (`intstr.IntOrString`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
}

impl IntOrPercent {
    /// Reads a validated value; a string that is not `N%` reads as None (upstream's
    /// GetScaledValueFromIntOrPercent error).
    pub fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::String(s) => s
                .strip_suffix('%')
                .and_then(|n| n.parse().ok())
                .map(IntOrPercent::Percent),
            _ => v.as_i64().map(IntOrPercent::Int),
        }
    }

    /// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp)`.
    pub fn scaled(self, total: i64, round_up: bool) -> i64 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let x = p.saturating_mul(total);
                if round_up {
                    // math.Ceil(float64(value) * float64(total) / 100)
                    x.div_euclid(100) + i64::from(x.rem_euclid(100) != 0)
                } else {
                    x.div_euclid(100)
                }
            }
        }
    }
}

impl PodDisruptionBudget {
    pub fn min_available(&self) -> Option<&Value> {
        self.spec.get("minAvailable").filter(|v| !v.is_null())
    }

    pub fn max_unavailable(&self) -> Option<&Value> {
        self.spec.get("maxUnavailable").filter(|v| !v.is_null())
    }

    /// `spec.selector`: None for a null selector, which selects no pods.
    pub fn selector(&self) -> Option<&LabelSelector> {
        self.sel.as_ref()
    }

    /// `spec.unhealthyPodEvictionPolicy` is `AlwaysAllow` (the default, IfHealthyBudget,
    /// otherwise).
    pub fn always_allow_unhealthy(&self) -> bool {
        self.spec
            .get("unhealthyPodEvictionPolicy")
            .and_then(Value::as_str)
            == Some("AlwaysAllow")
    }
}

/// `IntOrString.String()`: `2` or `50%`.
pub fn intstr_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.as_i64().unwrap_or(0).to_string(),
    }
}

pub fn pdb_from_value(v: &Value) -> PodDisruptionBudget {
    let mut spec = Map::new();
    for k in [
        "minAvailable",
        "maxUnavailable",
        "selector",
        "unhealthyPodEvictionPolicy",
    ] {
        if let Some(x) = v.pointer(&format!("/spec/{k}")).filter(|x| !x.is_null()) {
            spec.insert(k.into(), x.clone());
        }
    }
    let st = v.get("status");
    let int = |k: &str| {
        st.and_then(|s| s.get(k))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let disrupted = st
        .and_then(|s| s.get("disruptedPods"))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, t)| Some((k.clone(), parse_rfc3339(t.as_str()?)?)))
                .collect()
        })
        .unwrap_or_default();
    let sel = spec
        .get("selector")
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    PodDisruptionBudget {
        metadata: super::codec::meta_from_value(v),
        spec: Value::Object(spec),
        sel,
        status: PdbStatus {
            observed_generation: int("observedGeneration"),
            disrupted_pods: disrupted,
            disruptions_allowed: int("disruptionsAllowed") as i32,
            current_healthy: int("currentHealthy") as i32,
            desired_healthy: int("desiredHealthy") as i32,
            expected_pods: int("expectedPods") as i32,
            condition: None,
        },
    }
}

pub fn pdb_to_value(p: &PodDisruptionBudget) -> Value {
    let s = &p.status;
    let mut status = json!({
        "disruptionsAllowed": s.disruptions_allowed,
        "currentHealthy": s.current_healthy,
        "desiredHealthy": s.desired_healthy,
        "expectedPods": s.expected_pods,
    });
    if s.observed_generation != 0 {
        status["observedGeneration"] = json!(s.observed_generation);
    }
    if !s.disrupted_pods.is_empty() {
        let m: Map<String, Value> = s
            .disrupted_pods
            .iter()
            .map(|(k, t)| (k.clone(), json!(rfc3339(*t))))
            .collect();
        status["disruptedPods"] = Value::Object(m);
    }
    if let Some(c) = &s.condition {
        let mut cv = json!({
            "type": "DisruptionAllowed",
            "status": if c.status { "True" } else { "False" },
            "lastTransitionTime": rfc3339(c.last_transition_time),
            "reason": c.reason,
            "message": c.message,
        });
        if c.observed_generation != 0 {
            cv["observedGeneration"] = json!(c.observed_generation);
        }
        status["conditions"] = json!([cv]);
    }
    json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": meta_to_value(&p.metadata),
        "spec": p.spec,
        "status": status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up_as_get_scaled_value_from_int_or_percent() {
        // upstream intstr_test.go cases with roundUp=true
        assert_eq!(IntOrPercent::Percent(50).scaled(3, true), 2);
        assert_eq!(IntOrPercent::Percent(50).scaled(3, false), 1);
        assert_eq!(IntOrPercent::Percent(30).scaled(10, true), 3);
        assert_eq!(IntOrPercent::Percent(1).scaled(10, true), 1);
        assert_eq!(IntOrPercent::Percent(0).scaled(10, true), 0);
        assert_eq!(IntOrPercent::Percent(100).scaled(7, true), 7);
        assert_eq!(IntOrPercent::Int(2).scaled(7, true), 2);
        assert_eq!(
            IntOrPercent::from_value(&json!("28%")),
            Some(IntOrPercent::Percent(28))
        );
        assert_eq!(IntOrPercent::from_value(&json!("x")), None);
    }

    #[test]
    fn round_trip_keeps_status() {
        let v = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "a", "namespace": "default"},
            "spec": {"minAvailable": "50%", "selector": {"matchLabels": {"app": "x"}}},
            "status": {"disruptionsAllowed": 1, "currentHealthy": 3, "desiredHealthy": 2,
                       "expectedPods": 3, "disruptedPods": {"p": "2026-01-01T00:00:00Z"}}});
        let p = pdb_from_value(&v);
        assert_eq!(p.status.disruptions_allowed, 1);
        assert_eq!(p.status.disrupted_pods.len(), 1);
        let back = pdb_to_value(&p);
        assert_eq!(back["spec"], v["spec"]);
        assert_eq!(
            back["status"]["disruptedPods"],
            v["status"]["disruptedPods"]
        );
    }
}
