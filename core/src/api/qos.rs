//! A pod's quality-of-service class, as the API server sets `status.qosClass` when a pod is
//! created (`pkg/registry/core/pod/strategy.go` PrepareForCreate calling
//! `pkg/apis/core/helper/qos.GetPodQOS`; v1.33, pod-level resources off). `kubectl describe pod`
//! prints it as `QoS Class:`; after the seeds' `kubectl set resources … --limits=cpu=200m,memory=512Mi`
//! the defaulted requests equal the limits and the new pods are Guaranteed.

use serde_json::Value;

/// GetPodQOS over the containers and init containers of a pod spec: only cpu and memory count,
/// and only quantities above zero. BestEffort without any; Guaranteed when every container has
/// both a cpu and a memory limit and the summed requests equal the summed limits for every
/// resource requested; Burstable otherwise.
pub fn pod_qos_class(spec: &Value) -> &'static str {
    let mut requests: Vec<(&str, i128)> = Vec::new();
    let mut limits: Vec<(&str, i128)> = Vec::new();
    let mut guaranteed = true;
    let containers = ["initContainers", "containers"]
        .into_iter()
        .filter_map(|k| spec.get(k).and_then(Value::as_array))
        .flatten();
    for c in containers {
        let resources = c.get("resources");
        let positive = |list: &str| {
            resources
                .and_then(|r| r.get(list))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(name, _)| matches!(name.as_str(), "cpu" | "memory"))
                .filter_map(|(name, q)| {
                    let nano = super::validation::quantity_nano(q)?;
                    (nano > 0).then_some((name.as_str(), nano))
                })
                .collect::<Vec<_>>()
        };
        for (name, q) in positive("requests") {
            add(&mut requests, name, q);
        }
        let container_limits = positive("limits");
        let limited = |n: &str| container_limits.iter().any(|(name, _)| *name == n);
        if !(limited("cpu") && limited("memory")) {
            guaranteed = false;
        }
        for (name, q) in container_limits {
            add(&mut limits, name, q);
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    let matched = requests
        .iter()
        .all(|(name, req)| limits.iter().any(|(n, lim)| n == name && lim == req));
    if guaranteed && matched && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn add<'a>(sums: &mut Vec<(&'a str, i128)>, name: &'a str, q: i128) {
    match sums.iter_mut().find(|(n, _)| *n == name) {
        Some((_, sum)) => *sum = sum.saturating_add(q),
        None => sums.push((name, q)),
    }
}

#[cfg(test)]
mod tests {
    use super::pod_qos_class;
    use serde_json::json;

    fn container(resources: serde_json::Value) -> serde_json::Value {
        json!({"name": "c", "image": "nginx", "resources": resources})
    }

    /// Cases from upstream `pkg/apis/core/helper/qos/qos_test.go` (TestGetPodQOS), with the
    /// requests the API server defaults from limits already filled in, as pods receive them.
    #[test]
    fn get_pod_qos_table() {
        let cases = [
            ("no resources", vec![container(json!({}))], "BestEffort"),
            (
                "zero quantities count as none",
                vec![container(json!({"requests": {"cpu": "0", "memory": "0"}}))],
                "BestEffort",
            ),
            (
                "only unsupported resources",
                vec![container(
                    json!({"requests": {"nvidia.com/gpu": "1"}, "limits": {"nvidia.com/gpu": "1"}}),
                )],
                "BestEffort",
            ),
            (
                "cpu and memory limits equal requests",
                vec![container(
                    json!({"limits": {"cpu": "200m", "memory": "512Mi"}, "requests": {"cpu": "200m", "memory": "512Mi"}}),
                )],
                "Guaranteed",
            ),
            (
                "equal after unit normalisation",
                vec![container(
                    json!({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1000m", "memory": "1024Mi"}}),
                )],
                "Guaranteed",
            ),
            (
                "two guaranteed containers",
                vec![
                    container(
                        json!({"limits": {"cpu": "100m", "memory": "100Mi"}, "requests": {"cpu": "100m", "memory": "100Mi"}}),
                    ),
                    container(
                        json!({"limits": {"cpu": "100m", "memory": "100Mi"}, "requests": {"cpu": "100m", "memory": "100Mi"}}),
                    ),
                ],
                "Guaranteed",
            ),
            (
                "one guaranteed, one best effort",
                vec![
                    container(
                        json!({"limits": {"cpu": "100m", "memory": "100Mi"}, "requests": {"cpu": "100m", "memory": "100Mi"}}),
                    ),
                    container(json!({})),
                ],
                "Burstable",
            ),
            (
                "request below limit",
                vec![container(
                    json!({"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}),
                )],
                "Burstable",
            ),
            (
                "only a cpu limit",
                vec![container(
                    json!({"limits": {"cpu": "100m"}, "requests": {"cpu": "100m"}}),
                )],
                "Burstable",
            ),
            (
                "only a memory request",
                vec![container(json!({"requests": {"memory": "64Mi"}}))],
                "Burstable",
            ),
        ];
        for (name, containers, want) in cases {
            let spec = json!({ "containers": containers });
            assert_eq!(pod_qos_class(&spec), want, "{name}");
        }
        let init = json!({
            "initContainers": [container(json!({"requests": {"cpu": "10m"}}))],
            "containers": [container(json!({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}))],
        });
        assert_eq!(
            pod_qos_class(&init),
            "Burstable",
            "an init container's request counts"
        );
    }
}
