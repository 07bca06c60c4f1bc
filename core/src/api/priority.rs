//! The Priority admission plugin (plugin/pkg/admission/priority/admission.go, `admitPod`) for
//! a new Pod: its `priorityClassName` names the PriorityClass whose value becomes
//! `spec.priority` and whose policy becomes `spec.preemptionPolicy`; a class that does not
//! exist, or a priority or policy the pod sets itself that differs from the class's, is
//! refused with a Forbidden error. kubeplay has no PriorityClass objects: a cluster has the two
//! system classes the API server creates at start (pkg/apis/scheduling/types.go,
//! `SystemPriorityClasses`), and a pod without a class gets the no-default-class value 0
//! (`DefaultPriorityWhenNoDefaultClassExists`) with `PreemptLowerPriority`.

use serde_json::Value;

/// The system PriorityClasses and their values (`SystemCriticalPriority` = 2000000000; the node
/// class 1000 above it). Both are created with the default policy.
pub const SYSTEM_PRIORITY_CLASSES: &[(&str, i64)] = &[
    ("system-node-critical", 2_000_001_000),
    ("system-cluster-critical", 2_000_000_000),
];

/// A PriorityClass's policy when it sets none (SetDefaults_PriorityClass), and the policy of a
/// pod without a class (`getDefaultPriority`).
pub const DEFAULT_PREEMPTION_POLICY: &str = "PreemptLowerPriority";

/// The priority and preemption policy a `priorityClassName` resolves to (`""`: no class), or
/// why the plugin refuses it (`no PriorityClass with name foo was found`).
pub fn resolve(class: &str) -> Result<(i64, &'static str), String> {
    if class.is_empty() {
        return Ok((0, DEFAULT_PREEMPTION_POLICY));
    }
    SYSTEM_PRIORITY_CLASSES
        .iter()
        .find(|(name, _)| *name == class)
        .map(|(_, value)| (*value, DEFAULT_PREEMPTION_POLICY))
        .ok_or_else(|| format!("no PriorityClass with name {class} was found"))
}

/// A pod spec's `priorityClassName` (`""` when it has none).
pub fn class_of(spec: &Value) -> &str {
    spec.get("priorityClassName")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// What the plugin decides for a pod spec: the priority and preemption policy its class
/// gives, or why it refuses the spec (an unknown class, or a `priority`/`preemptionPolicy`
/// set to something else than the class gives). Reads only: controllers ask it for every pod
/// they create from a template.
pub fn check_spec(spec: &Value) -> Result<(i64, &'static str), String> {
    let (priority, policy) = resolve(class_of(spec))?;
    if let Some(set) = spec.get("priority").filter(|p| !p.is_null()) {
        if set.as_i64() != Some(priority) {
            return Err(format!(
                "the integer value of priority ({set}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"
            ));
        }
    }
    if let Some(set) = spec.get("preemptionPolicy").and_then(Value::as_str) {
        if set != policy {
            return Err(format!(
                "the string value of PreemptionPolicy ({set}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name"
            ));
        }
    }
    Ok((priority, policy))
}

/// `admitPod` on create: checks a new pod's class and sets `spec.priority` and
/// `spec.preemptionPolicy` from it; Err is the API server's Forbidden message
/// (`pods "x" is forbidden: …`). Runs before validation, as mutating admission does.
pub fn admit_new_pod(pod: &mut Value) -> Result<(), String> {
    let name = resource_name(pod);
    let Some(spec) = pod.get("spec").filter(|s| s.is_object()) else {
        return Ok(());
    };
    let (priority, policy) = check_spec(spec).map_err(|e| forbidden(&name, &e))?;
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("priority".into(), Value::from(priority));
        spec.insert("preemptionPolicy".into(), Value::from(policy));
    }
    Ok(())
}

/// `admission.NewForbidden`: `pods "<name>" is forbidden: <reason>`. Admission runs before
/// the registry generates a name, so a pod with only `generateName` (a controller's) is named
/// by its prefix (`extractResourceName`): `pods "web-7d4b9c6f5d-" is forbidden: …`.
pub fn forbidden(name: &str, reason: &str) -> String {
    format!(
        "pods {} is forbidden: {reason}",
        super::yaml::go_quote(name)
    )
}

/// `extractResourceName`: the name, else the generateName, else `Unknown`.
fn resource_name(pod: &Value) -> String {
    ["name", "generateName"]
        .iter()
        .filter_map(|k| pod.get("metadata")?.get(*k)?.as_str())
        .find(|n| !n.is_empty())
        .unwrap_or("Unknown")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn system_classes_and_the_default() {
        let spec = |class: &str| json!({"priorityClassName": class});
        assert_eq!(
            resolve(class_of(&spec("system-node-critical"))),
            Ok((2_000_001_000, "PreemptLowerPriority"))
        );
        assert_eq!(
            resolve(class_of(&spec("system-cluster-critical"))),
            Ok((2_000_000_000, "PreemptLowerPriority"))
        );
        assert_eq!(
            resolve(class_of(&json!({}))),
            Ok((0, "PreemptLowerPriority"))
        );
        assert_eq!(
            resolve("high"),
            Err("no PriorityClass with name high was found".into())
        );
    }

    #[test]
    fn admission_of_a_new_pod() {
        let mut pod = json!({"metadata": {"name": "x"},
            "spec": {"priorityClassName": "system-cluster-critical"}});
        assert_eq!(admit_new_pod(&mut pod), Ok(()));
        assert_eq!(pod["spec"]["priority"], 2_000_000_000);
        assert_eq!(pod["spec"]["preemptionPolicy"], "PreemptLowerPriority");
        // admitting again changes nothing: the values match the class
        assert_eq!(admit_new_pod(&mut pod), Ok(()));

        let mut pod = json!({"metadata": {"name": "x"}, "spec": {"priorityClassName": "foo"}});
        assert_eq!(
            admit_new_pod(&mut pod),
            Err("pods \"x\" is forbidden: no PriorityClass with name foo was found".into())
        );
        let mut pod = json!({"metadata": {"generateName": "web-5d4c8b9f7-"},
            "spec": {"priorityClassName": "foo"}});
        assert_eq!(
            admit_new_pod(&mut pod),
            Err(
                "pods \"web-5d4c8b9f7-\" is forbidden: no PriorityClass with name foo was found"
                    .into()
            )
        );

        let mut pod = json!({"metadata": {"name": "x"}, "spec": {"priority": 5}});
        assert_eq!(
            admit_new_pod(&mut pod),
            Err("pods \"x\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name".into())
        );
        let mut pod = json!({"metadata": {"name": "x"}, "spec": {"preemptionPolicy": "Never"}});
        assert_eq!(
            admit_new_pod(&mut pod),
            Err("pods \"x\" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name".into())
        );
        // odd shapes do not panic
        assert_eq!(admit_new_pod(&mut json!(null)), Ok(()));
        assert_eq!(admit_new_pod(&mut json!({"spec": 3})), Ok(()));
    }
}
