//! Upstream `pkg/controller/daemon/util/daemonset_util.go` and the scheduling predicates of
//! `daemon_controller.go`: the pod a DaemonSet stamps for a node, which nodes should run one,
//! and whether a pod is of the current template.

use crate::api::daemonset::DaemonSet;
use crate::api::{Node, Pod, PodTemplateSpec, Taint};
use serde_json::{json, Map, Value};
use std::rc::Rc;

/// `apps.DefaultDaemonSetUniqueLabelKey`: the pods' and revisions' hash label.
pub const HASH_LABEL: &str = "controller-revision-hash";
/// `extensions.DaemonSetTemplateGenerationKey`.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

/// `AddOrUpdateDaemonPodTolerations`: daemons survive node problems and cordons. The network
/// one only for host-network pods.
const DAEMON_TOLERATIONS: [(&str, &str); 6] = [
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];

/// `AddOrUpdateTolerationInPodSpec` for each daemon toleration: an equal toleration (same key,
/// operator, value and effect) is kept as it is; one with the same key, effect and operator is
/// replaced; anything else is appended.
fn add_daemon_tolerations(spec: &mut Map<String, Value>) {
    let host_network = spec.get("hostNetwork") == Some(&json!(true));
    let mut wanted: Vec<(&str, &str)> = DAEMON_TOLERATIONS.to_vec();
    if host_network {
        wanted.push(("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    let list = spec
        .entry("tolerations")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    let Some(list) = list.as_array_mut() else {
        return;
    };
    for (key, effect) in wanted {
        let t = json!({"effect": effect, "key": key, "operator": "Exists"});
        let same = |x: &Value| {
            x.get("key") == t.get("key")
                && x.get("effect") == t.get("effect")
                && x.get("operator").and_then(Value::as_str).unwrap_or("Equal") == "Exists"
        };
        match list.iter_mut().find(|x| same(x)) {
            Some(x) => *x = t,
            None => list.push(t),
        }
    }
}

/// `CreatePodTemplate`: the template with the daemon tolerations and the generation and hash
/// labels.
pub fn create_pod_template(ds: &DaemonSet, hash: &str) -> PodTemplateSpec {
    let mut t = ds.spec.template.clone();
    let mut spec = (*t.spec).clone();
    if let Some(s) = spec.as_object_mut() {
        add_daemon_tolerations(s);
    }
    t.spec = Rc::new(spec);
    t.metadata.labels.insert(
        TEMPLATE_GENERATION_LABEL.into(),
        ds.template_generation.to_string(),
    );
    if !hash.is_empty() {
        t.metadata.labels.insert(HASH_LABEL.into(), hash.into());
    }
    t
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the pod's required node affinity becomes the one
/// term `metadata.name In [node]`, so the default scheduler binds it there; the rest of its
/// affinity stays.
pub fn with_node_affinity(spec: &Value, node: &str) -> Value {
    let mut spec = spec.clone();
    let term =
        json!({"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]});
    let Some(s) = spec.as_object_mut() else {
        return spec;
    };
    let affinity = s.entry("affinity").or_insert_with(|| json!({}));
    if !affinity.is_object() {
        *affinity = json!({});
    }
    let na = &mut affinity["nodeAffinity"];
    if !na.is_object() {
        *na = json!({});
    }
    let required = &mut na["requiredDuringSchedulingIgnoredDuringExecution"];
    if !required.is_object() {
        *required = json!({});
    }
    required["nodeSelectorTerms"] = json!([term]);
    spec
}

/// The pod spec `NodeShouldRunDaemonPod` checks: the template's, with the daemon tolerations.
pub fn daemon_pod_spec(ds: &DaemonSet) -> Value {
    let mut spec = (*ds.spec.template.spec).clone();
    if let Some(s) = spec.as_object_mut() {
        add_daemon_tolerations(s);
    }
    spec
}

/// `NodeShouldRunDaemonPod`: (shouldRun, shouldContinueRunning). A node that does not fit the
/// template's node name or affinity runs nothing; one with an untolerated NoSchedule/NoExecute
/// taint keeps a running daemon only when no NoExecute taint is untolerated.
pub fn node_should_run(spec: &Value, node: &Node) -> (bool, bool) {
    let node_name = spec.get("nodeName").and_then(Value::as_str).unwrap_or("");
    if !node_name.is_empty() && node_name != node.metadata.name {
        return (false, false);
    }
    if !crate::nodes::scheduler::node_affinity_matches(spec, node) {
        return (false, false);
    }
    let untolerated = |effects: &[&str]| {
        node.taints
            .iter()
            .filter(|t| effects.contains(&t.effect.as_str()))
            .any(|t: &Taint| !crate::nodes::scheduler::tolerates(spec, t))
    };
    if untolerated(&["NoSchedule", "NoExecute"]) {
        return (false, !untolerated(&["NoExecute"]));
    }
    (true, true)
}

/// `GetTargetNodeName`: the bound node, else the node of the pod's `metadata.name` affinity.
pub fn target_node(pod: &Pod) -> Option<&str> {
    if let Some(n) = pod.node_name.as_deref() {
        return Some(n);
    }
    let terms = pod
        .spec
        .pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")?
        .as_array()?;
    terms.iter().find_map(|t| {
        t.get("matchFields")?.as_array()?.iter().find_map(|f| {
            let values = f.get("values")?.as_array()?;
            (f.get("key")? == "metadata.name" && f.get("operator")? == "In" && values.len() == 1)
                .then(|| values[0].as_str())
                .flatten()
        })
    })
}

/// `IsPodUpdated`: the pod carries the current hash, or the current template generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, template_generation: i64) -> bool {
    let labels = &pod.metadata.labels;
    let generation_matches = labels
        .get(TEMPLATE_GENERATION_LABEL)
        .is_some_and(|g| *g == template_generation.to_string());
    let hash_matches = !hash.is_empty() && labels.get(HASH_LABEL).is_some_and(|h| h == hash);
    hash_matches || generation_matches
}

/// `podByCreationTimestampAndPhase`: scheduled pods before unscheduled ones, then oldest
/// first, then by name.
pub fn by_creation_and_phase(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    let scheduled = |p: &Pod| p.node_name.is_some();
    scheduled(b)
        .cmp(&scheduled(a))
        .then((a.metadata.creation_timestamp / 1000).cmp(&(b.metadata.creation_timestamp / 1000)))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daemon_tolerations_in_upstream_order_and_not_duplicated() {
        let mut s = json!({"tolerations": [
            {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
            {"key": "dedicated", "operator": "Equal", "value": "x", "effect": "NoSchedule"}
        ], "hostNetwork": true});
        add_daemon_tolerations(s.as_object_mut().unwrap());
        let keys: Vec<&str> = s["tolerations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "node.kubernetes.io/unschedulable",
                "dedicated",
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
                "node.kubernetes.io/disk-pressure",
                "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure",
                "node.kubernetes.io/network-unavailable",
            ]
        );
    }

    #[test]
    fn node_affinity_replaces_only_the_required_terms() {
        let spec = json!({"affinity": {"nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1}],
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}]}}}});
        let out = with_node_affinity(&spec, "node-2");
        assert_eq!(
            out["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"],
            json!({"nodeSelectorTerms": [{"matchFields": [
                {"key": "metadata.name", "operator": "In", "values": ["node-2"]}]}]})
        );
        assert_eq!(
            out["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"],
            json!([{"weight": 1}])
        );
    }

    #[test]
    fn updated_by_hash_or_generation() {
        let mut p = crate::api::codec::pod_from_value(&json!({"metadata": {"name": "p",
            "labels": {HASH_LABEL: "abc", TEMPLATE_GENERATION_LABEL: "1"}}}));
        p.metadata.name = "p".into();
        assert!(is_pod_updated(&p, "abc", 2));
        assert!(is_pod_updated(&p, "def", 1));
        assert!(!is_pod_updated(&p, "def", 2));
        assert!(!is_pod_updated(&p, "", 2));
    }
}
