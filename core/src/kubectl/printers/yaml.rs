//! YAML as kubectl prints it (sigs.k8s.io/yaml → go-yaml v2). Placeholder emitter.

use serde_json::Value;

pub fn to_yaml(v: &Value) -> String {
    serde_yaml::to_string(v).unwrap_or_default()
}
