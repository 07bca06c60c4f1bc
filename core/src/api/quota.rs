//! core/v1 ResourceQuota and LimitRange (`k8s.io/api/core/v1/types.go`), and what the quota
//! system measures of a pod (`pkg/quota/v1/evaluator/core/pods.go` PodUsageFunc).
//!
//! A quota's spec is kept as the validated JSON sent, its `hard` quantities canonicalized as the
//! API server's round trip through `resource.Quantity` leaves them. Its status is not stored:
//! the quota controller (`pkg/controller/resourcequota`) and the admission plugin, which
//! charges a pod's usage to the quota's `status.used` as it admits it, keep `used` equal to the
//! namespace's usage at every instant kubeplay can observe, so the status is computed when the
//! quota is read, from the store's per-namespace running sums (`store::quota`).

use super::codec::{meta_from_value, meta_to_value};
use super::meta::ObjectMeta;
use super::validation::{quantity, quantity_string, QFmt};
use serde_json::{json, Map, Value};

/// A parsed quantity: nano-units and the format `String()` keeps.
pub type Qty = (i128, QFmt);

/// A resource list: names in order with their quantities.
pub type ResourceList = Vec<(String, Qty)>;

/// `resource.Quantity.String()` of a parsed quantity.
pub fn qty_text(q: Qty) -> String {
    quantity_string(q.0, q.1)
}

/// A quantity re-serialized as the API server stores it (`1024Mi` → `1Gi`); unparsable text
/// (validation refuses it) is kept.
pub fn canonical(v: &Value) -> Value {
    match quantity(v) {
        Some(q) => json!(qty_text(q)),
        None => v.clone(),
    }
}

fn canonical_map(m: Option<&Value>) -> Option<Value> {
    let m = m.and_then(Value::as_object)?;
    Some(Value::Object(
        m.iter().map(|(k, v)| (k.clone(), canonical(v))).collect(),
    ))
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceQuota {
    pub metadata: ObjectMeta,
    /// `hard`, `scopes`, `scopeSelector` as sent (validated), `hard` canonicalized.
    pub spec: Value,
    /// The status as the controller last wrote it (`hard`, `used`): a write bumps the
    /// resourceVersion only when it changes. What is shown is computed when read, and equal.
    pub written: (ResourceList, ResourceList),
}

impl ResourceQuota {
    /// `spec.hard`, sorted by name (SortableResourceNames), parsed.
    pub fn hard(&self) -> Vec<(String, Qty)> {
        let mut out: Vec<(String, Qty)> = self
            .spec
            .get("hard")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), quantity(v)?)))
            .collect();
        crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        out
    }

    /// `spec.scopes` plus the scope names of `spec.scopeSelector`'s expressions
    /// (getScopeSelectorsFromQuota), with their operator and values.
    pub fn scope_selectors(&self) -> Vec<(String, String, Vec<String>)> {
        let mut out: Vec<(String, String, Vec<String>)> = self
            .spec
            .get("scopes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|s| (s.to_string(), "Exists".to_string(), Vec::new()))
            .collect();
        for e in self
            .spec
            .pointer("/scopeSelector/matchExpressions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let values = e
                .get("values")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            out.push((text("scopeName"), text("operator"), values));
        }
        out
    }
}

pub fn quota_from_value(v: &Value) -> ResourceQuota {
    let mut spec = v.get("spec").cloned().unwrap_or_else(|| json!({}));
    if let Some(h) = canonical_map(spec.get("hard")) {
        spec["hard"] = h;
    }
    ResourceQuota {
        metadata: meta_from_value(v),
        spec,
        written: Default::default(),
    }
}

/// The quota as the API serves it, with the status the controller keeps (`hard` copied from
/// the spec, `used` for each hard resource).
pub fn quota_to_value(q: &ResourceQuota, used: &[(String, Qty)]) -> Value {
    let mut v = json!({"apiVersion": "v1", "kind": "ResourceQuota",
                       "metadata": meta_to_value(&q.metadata), "spec": q.spec});
    let hard = q.hard();
    if !hard.is_empty() {
        let h: Map<String, Value> = hard
            .iter()
            .map(|(k, x)| (k.clone(), json!(qty_text(*x))))
            .collect();
        let u: Map<String, Value> = used
            .iter()
            .map(|(k, x)| (k.clone(), json!(qty_text(*x))))
            .collect();
        v["status"] = json!({"hard": h, "used": u});
    } else {
        v["status"] = json!({});
    }
    v
}

#[derive(Debug, Clone, PartialEq)]
pub struct LimitRange {
    pub metadata: ObjectMeta,
    /// `limits` as sent, defaulted (SetDefaults_LimitRangeItem) and canonicalized.
    pub spec: Value,
}

const LIMIT_FIELDS: [&str; 5] = [
    "max",
    "min",
    "default",
    "defaultRequest",
    "maxLimitRequestRatio",
];

/// `SetDefaults_LimitRangeItem` (pkg/apis/core/v1/defaults.go) on every `Container` item: a
/// missing default limit is the max, a missing default request the default limit, else the
/// min. Applied before validation, as decoding does.
pub fn default_limit_range(v: &mut Value) {
    let Some(items) = v.pointer_mut("/spec/limits").and_then(Value::as_array_mut) else {
        return;
    };
    for item in items {
        if let Some(o) = item.as_object_mut() {
            for f in LIMIT_FIELDS {
                if let Some(m) = canonical_map(o.get(f)) {
                    o.insert(f.into(), m);
                }
            }
        }
        if item.get("type").and_then(Value::as_str) != Some("Container") {
            continue;
        }
        let get = |item: &Value, f: &str| -> Map<String, Value> {
            item.get(f)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let max = get(item, "max");
        let min = get(item, "min");
        let mut default = get(item, "default");
        for (k, x) in &max {
            default.entry(k.clone()).or_insert_with(|| x.clone());
        }
        let mut request = get(item, "defaultRequest");
        for (k, x) in default.iter().chain(&min) {
            request.entry(k.clone()).or_insert_with(|| x.clone());
        }
        if !default.is_empty() {
            item["default"] = Value::Object(default);
        }
        if !request.is_empty() {
            item["defaultRequest"] = Value::Object(request);
        }
    }
}

pub fn limitrange_from_value(v: &Value) -> LimitRange {
    LimitRange {
        metadata: meta_from_value(v),
        spec: v.get("spec").cloned().unwrap_or_else(|| json!({})),
    }
}

pub fn limitrange_to_value(l: &LimitRange) -> Value {
    json!({"apiVersion": "v1", "kind": "LimitRange",
           "metadata": meta_to_value(&l.metadata), "spec": l.spec})
}

/// The compute resources a pod is charged for, in the order of [`PodUsage::res`].
pub const COMPUTE: [&str; 6] = [
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
    "requests.ephemeral-storage",
    "limits.ephemeral-storage",
];

/// What one pod counts for (PodUsageFunc): `count/pods` always; `pods` and the compute
/// resources unless it is terminal; the scopes it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PodUsage {
    /// Not Succeeded or Failed: counts for `pods` and compute resources.
    pub live: bool,
    /// BestEffort QoS (the BestEffort / NotBestEffort scopes).
    pub best_effort: bool,
    /// `activeDeadlineSeconds >= 0` (the Terminating / NotTerminating scopes).
    pub terminating: bool,
    /// Per [`COMPUTE`]: the summed quantity and whether the pod sets it at all.
    pub res: [Option<Qty>; 6],
}

/// resourcehelper.PodRequests / PodLimits for one kind (`requests` or `limits`) and resource:
/// the containers summed, then the max with each init container (sidecars not simulated).
/// Requests fall back to limits, as API defaulting sets them.
fn pod_resource(spec: &Value, which: &str, name: &str) -> Option<Qty> {
    let of = |c: &Value| -> Option<Qty> {
        let r = c.get("resources")?;
        let x = r.pointer(&format!("/{which}/{name}")).or_else(|| {
            (which == "requests")
                .then(|| r.pointer(&format!("/limits/{name}")))
                .flatten()
        })?;
        quantity(x)
    };
    let mut sum: Option<Qty> = None;
    for c in spec
        .get("containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(q) = of(c) {
            sum = Some(add(sum, q));
        }
    }
    for c in spec
        .get("initContainers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(q) = of(c) {
            if sum.is_none_or(|s| q.0 > s.0) {
                sum = Some(q);
            }
        }
    }
    sum
}

/// Quantity.Add: a zero sum takes the format of what is added.
pub fn add(a: Option<Qty>, b: Qty) -> Qty {
    match a {
        Some(a) if a.0 != 0 => (a.0.saturating_add(b.0), a.1),
        Some(a) => (a.0.saturating_add(b.0), b.1),
        None => b,
    }
}

impl PodUsage {
    /// The usage of a pod of `spec` in phase terminal or not.
    pub fn of(spec: &Value, terminal: bool) -> Self {
        let mut res = [None; 6];
        for (i, r) in COMPUTE.iter().enumerate() {
            let (which, name) = r.split_once('.').unwrap_or(("", ""));
            res[i] = pod_resource(spec, which, name);
        }
        PodUsage {
            live: !terminal,
            best_effort: super::qos::pod_qos_class(spec) == "BestEffort",
            terminating: spec
                .get("activeDeadlineSeconds")
                .and_then(Value::as_i64)
                .is_some_and(|d| d >= 0),
            res,
        }
    }
}

/// The scope buckets a namespace's sums are kept in: (best effort, terminating).
pub const BUCKETS: [(bool, bool); 4] = [(false, false), (false, true), (true, false), (true, true)];

pub fn bucket_index(best_effort: bool, terminating: bool) -> usize {
    usize::from(best_effort) * 2 + usize::from(terminating)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_sums_containers_and_takes_the_init_max() {
        let spec = json!({"containers": [
            {"name": "a", "resources": {"requests": {"cpu": "700m", "memory": "600Mi"},
                                        "limits": {"cpu": "800m", "memory": "800Mi"}}},
            {"name": "b", "resources": {"limits": {"cpu": "1"}}}],
            "initContainers": [{"name": "i", "resources": {"requests": {"memory": "1Gi"}}}]});
        let u = PodUsage::of(&spec, false);
        let text = |i: usize| u.res[i].map(qty_text);
        assert_eq!(text(0).as_deref(), Some("1700m"));
        assert_eq!(text(1).as_deref(), Some("1Gi"));
        assert_eq!(text(2).as_deref(), Some("1800m"));
        assert_eq!(text(3).as_deref(), Some("800Mi"));
        assert_eq!(text(4), None);
        assert!(u.live && !u.best_effort && !u.terminating);
        let none = PodUsage::of(
            &json!({"containers": [{"name": "a"}],
                                         "activeDeadlineSeconds": 0}),
            true,
        );
        assert!(!none.live && none.best_effort && none.terminating);
    }

    #[test]
    fn limit_range_defaults_follow_max_then_default_then_min() {
        let mut v = json!({"spec": {"limits": [
            {"type": "Container", "max": {"memory": "1Gi"}, "min": {"cpu": "100m"}},
            {"type": "Pod", "max": {"memory": "2048Mi"}}]}});
        default_limit_range(&mut v);
        assert_eq!(
            v["spec"]["limits"][0],
            json!({"type": "Container", "max": {"memory": "1Gi"}, "min": {"cpu": "100m"},
                   "default": {"memory": "1Gi"},
                   "defaultRequest": {"memory": "1Gi", "cpu": "100m"}})
        );
        assert_eq!(
            v["spec"]["limits"][1],
            json!({"type": "Pod", "max": {"memory": "2Gi"}})
        );
    }
}
