//! `kubectl describe` (placeholder until the full describers land).

use crate::api::PodTemplateSpec;

/// The `Pod Template:` block as `rollout history --revision` prints it (raw tabs).
pub fn pod_template_raw(t: &PodTemplateSpec) -> String {
    let mut s = String::from("Pod Template:\n");
    let labels: Vec<String> = t.metadata.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    s.push_str(&format!("  Labels:\t{}\n", labels.join("\n\t")));
    s
}
