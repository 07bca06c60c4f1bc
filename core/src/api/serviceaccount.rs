//! core/v1 ServiceAccount: the type and its JSON. Every namespace has a `default` one, made by
//! the service account controller (`pkg/controller/serviceaccount`) and made again if deleted;
//! the ServiceAccount admission plugin refuses pods naming one that does not exist.

use super::codec::{meta_from_value, meta_to_value};
use super::meta::ObjectMeta;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceAccount {
    pub metadata: ObjectMeta,
    /// `secrets`, `imagePullSecrets` and `automountServiceAccountToken` as sent.
    pub rest: serde_json::Map<String, Value>,
}

const FIELDS: [&str; 3] = [
    "automountServiceAccountToken",
    "imagePullSecrets",
    "secrets",
];

impl ServiceAccount {
    /// The names listed under `field` (`secrets` or `imagePullSecrets`).
    pub fn names(&self, field: &str) -> Vec<String> {
        self.rest
            .get(field)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("name").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    }
}

pub fn serviceaccount_from_value(v: &Value) -> ServiceAccount {
    let mut rest = serde_json::Map::new();
    for k in FIELDS {
        if let Some(x) = v.get(k).filter(|x| !x.is_null()) {
            rest.insert(k.into(), x.clone());
        }
    }
    ServiceAccount {
        metadata: meta_from_value(v),
        rest,
    }
}

pub fn serviceaccount_to_value(s: &ServiceAccount) -> Value {
    let mut v = json!({"apiVersion": "v1", "kind": "ServiceAccount",
                       "metadata": meta_to_value(&s.metadata)});
    for (k, x) in &s.rest {
        v[k] = x.clone();
    }
    v
}
