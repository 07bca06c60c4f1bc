//! API-server defaulting (apps/v1 and core/v1 `SetDefaults_*`), so that `-o yaml` shows what a
//! real v1.33 cluster shows. Runs on the strictly-decoded JSON; never panics on odd shapes.
//! Also [`admit_pod`]: the mutations the default admission plugins make to a new Pod
//! (ServiceAccount token volume, DefaultTolerationSeconds, Priority).

use serde_json::{json, Map, Value};
use std::rc::Rc;

/// Applies the defaults of `kind` in place (unknown kinds are left alone). Null-valued fields are
/// dropped first, as a decode/encode round trip through the Go types does.
pub fn apply_defaults(kind: &str, obj: &mut Value) {
    drop_nulls(obj);
    let Some(o) = obj.as_object_mut() else { return };
    match kind {
        "Deployment" => {
            let s = sub(o, "spec");
            set_if_absent(s, "replicas", json!(1));
            let st = sub(s, "strategy");
            if is_empty(st, "type") {
                st.insert("type".into(), json!("RollingUpdate"));
            }
            if st["type"] == "RollingUpdate" {
                let ru = sub(st, "rollingUpdate");
                set_if_absent(ru, "maxUnavailable", json!("25%"));
                set_if_absent(ru, "maxSurge", json!("25%"));
            }
            set_if_absent(s, "revisionHistoryLimit", json!(10));
            set_if_absent(s, "progressDeadlineSeconds", json!(600));
            pod_template(sub(s, "template"));
        }
        "ReplicaSet" => {
            let s = sub(o, "spec");
            set_if_absent(s, "replicas", json!(1));
            pod_template(sub(s, "template"));
        }
        "CronJob" => {
            // SetDefaults_CronJob (batch/v1); the job template gets the pod defaults only
            let s = sub(o, "spec");
            if is_empty(s, "concurrencyPolicy") {
                s.insert("concurrencyPolicy".into(), json!("Allow"));
            }
            set_if_absent(s, "suspend", json!(false));
            set_if_absent(s, "successfulJobsHistoryLimit", json!(3));
            set_if_absent(s, "failedJobsHistoryLimit", json!(1));
            let jt = sub(s, "jobTemplate");
            set_if_absent(sub(jt, "metadata"), "creationTimestamp", Value::Null);
            pod_template(sub(sub(jt, "spec"), "template"));
        }
        "Job" => {
            // SetDefaults_Job (batch/v1)
            let s = sub(o, "spec");
            let completions = s.get("completions").is_some_and(|v| !v.is_null());
            let parallelism = s.get("parallelism").is_some_and(|v| !v.is_null());
            if !completions && !parallelism {
                s.insert("completions".into(), json!(1));
            }
            set_if_absent(s, "parallelism", json!(1));
            if is_empty(s, "completionMode") {
                s.insert("completionMode".into(), json!("NonIndexed"));
            }
            let per_index = s.get("backoffLimitPerIndex").is_some_and(|v| !v.is_null());
            set_if_absent(
                s,
                "backoffLimit",
                json!(if per_index { i32::MAX } else { 6 }),
            );
            set_if_absent(s, "suspend", json!(false));
            // a pod failure policy's onPodConditions patterns match status True unless told
            if let Some(rules) = s
                .get_mut("podFailurePolicy")
                .and_then(|p| p.get_mut("rules"))
                .and_then(Value::as_array_mut)
            {
                for pattern in rules
                    .iter_mut()
                    .filter_map(|r| r.get_mut("onPodConditions"))
                    .filter_map(Value::as_array_mut)
                    .flatten()
                    .filter_map(Value::as_object_mut)
                {
                    if pattern
                        .get("status")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .is_empty()
                    {
                        pattern.insert("status".into(), json!("True"));
                    }
                }
            }
            if is_empty(s, "podReplacementPolicy") {
                let failure_policy = s.get("podFailurePolicy").is_some_and(|v| !v.is_null());
                s.insert(
                    "podReplacementPolicy".into(),
                    json!(if failure_policy {
                        "Failed"
                    } else {
                        "TerminatingOrFailed"
                    }),
                );
            }
            pod_template(sub(s, "template"));
        }
        "DaemonSet" => {
            // SetDefaults_DaemonSet (apps/v1)
            let s = sub(o, "spec");
            let us = sub(s, "updateStrategy");
            if is_empty(us, "type") {
                us.insert("type".into(), json!("RollingUpdate"));
            }
            if us["type"] == "RollingUpdate" {
                let ru = sub(us, "rollingUpdate");
                set_if_absent(ru, "maxUnavailable", json!(1));
                set_if_absent(ru, "maxSurge", json!(0));
            }
            set_if_absent(s, "revisionHistoryLimit", json!(10));
            pod_template(sub(s, "template"));
        }
        "StatefulSet" => {
            let s = sub(o, "spec");
            if is_empty(s, "podManagementPolicy") {
                s.insert("podManagementPolicy".into(), json!("OrderedReady"));
            }
            let us = sub(s, "updateStrategy");
            if is_empty(us, "type") {
                us.insert("type".into(), json!("RollingUpdate"));
                sub(us, "rollingUpdate");
            }
            if us["type"] == "RollingUpdate" {
                if let Some(Value::Object(ru)) = us.get_mut("rollingUpdate") {
                    set_if_absent(ru, "partition", json!(0));
                }
            }
            let rp = sub(s, "persistentVolumeClaimRetentionPolicy");
            for k in ["whenDeleted", "whenScaled"] {
                if is_empty(rp, k) {
                    rp.insert(k.into(), json!("Retain"));
                }
            }
            set_if_absent(s, "replicas", json!(1));
            set_if_absent(s, "revisionHistoryLimit", json!(10));
            pod_template(sub(s, "template"));
            for t in objects(s, "volumeClaimTemplates") {
                t.insert("apiVersion".into(), json!("v1"));
                t.insert("kind".into(), json!("PersistentVolumeClaim"));
                set_if_absent(sub(t, "metadata"), "creationTimestamp", Value::Null);
                pvc(t);
            }
        }
        "Pod" => {
            let s = sub(o, "spec");
            pod_spec(s);
            requests_from_limits(s);
            set_if_absent(s, "enableServiceLinks", json!(true));
            host_network_ports(s);
        }
        "Service" => {
            let s = sub(o, "spec");
            if is_empty(s, "sessionAffinity") {
                s.insert("sessionAffinity".into(), json!("None"));
            }
            if s["sessionAffinity"] == "None" {
                s.remove("sessionAffinityConfig");
            }
            if is_empty(s, "type") {
                s.insert("type".into(), json!("ClusterIP"));
            }
            for p in objects(s, "ports") {
                if is_empty(p, "protocol") {
                    p.insert("protocol".into(), json!("TCP"));
                }
                let tp = p.get("targetPort");
                if tp.is_none_or(|t| t == &json!(0) || t == &json!("")) {
                    let port = p.get("port").cloned().unwrap_or(json!(0));
                    p.insert("targetPort".into(), port);
                }
            }
            let ty = s["type"].as_str().unwrap_or("").to_string();
            let external = ty == "NodePort"
                || ty == "LoadBalancer"
                || (ty == "ClusterIP"
                    && s.get("externalIPs")
                        .is_some_and(|a| a.as_array().is_some_and(|a| !a.is_empty())));
            if external && is_empty(s, "externalTrafficPolicy") {
                s.insert("externalTrafficPolicy".into(), json!("Cluster"));
            }
            if matches!(ty.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") {
                set_if_absent(s, "internalTrafficPolicy", json!("Cluster"));
                // Set by the registry's IP allocator on create (single-stack IPv4 cluster).
                set_if_absent(s, "ipFamilyPolicy", json!("SingleStack"));
                set_if_absent(s, "ipFamilies", json!(["IPv4"]));
                if let Some(ip) = s
                    .get("clusterIP")
                    .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                    .cloned()
                {
                    set_if_absent(s, "clusterIPs", json!([ip]));
                }
            }
            if ty == "LoadBalancer" {
                set_if_absent(s, "allocateLoadBalancerNodePorts", json!(true));
            }
        }
        "PersistentVolumeClaim" => pvc(o),
        "PersistentVolume" => pv(o),
        "Namespace" => {
            let name = o.get("metadata").and_then(|m| m.get("name")).cloned();
            if let Some(name) = name.filter(Value::is_string) {
                sub(sub(o, "metadata"), "labels")
                    .insert("kubernetes.io/metadata.name".into(), name);
            }
            let s = sub(o, "spec");
            set_if_absent(s, "finalizers", json!(["kubernetes"]));
            let st = sub(o, "status");
            if is_empty(st, "phase") {
                st.insert("phase".into(), json!("Active"));
            }
        }
        _ => {}
    }
}

/// SetDefaults_Pod (Pods only, not templates): a container's requests default to its limits.
fn requests_from_limits(s: &mut Map<String, Value>) {
    for c in pod_containers(s) {
        let r = sub(c, "resources");
        if let Some(Value::Object(limits)) = r.get("limits").cloned() {
            let req = sub(r, "requests");
            for (k, v) in limits {
                req.entry(k).or_insert(v);
            }
        }
    }
}

/// SetDefaults_Pod: a host-network pod's container ports get their own number as host port
/// (pods only: DefaultHostNetworkHostPortsInPodTemplates is off since v1.28). True when a port
/// changed.
fn host_network_ports(s: &mut Map<String, Value>) -> bool {
    if s.get("hostNetwork") != Some(&json!(true)) {
        return false;
    }
    let mut changed = false;
    for c in pod_containers(s) {
        for p in objects(c, "ports") {
            if p.get("hostPort").and_then(Value::as_i64).unwrap_or(0) == 0 {
                if let Some(cp) = p.get("containerPort").cloned() {
                    p.insert("hostPort".into(), cp);
                    changed = true;
                }
            }
        }
    }
    changed
}

/// The spec of a pod a controller stamps from `template`: the template's own spec unless
/// SetDefaults_Pod changes it (a container with limits but not the matching requests, as after
/// `kubectl set resources … --limits=cpu=200m,memory=512Mi`, or a host-network container port
/// without a host port); then a defaulted copy, so the pod shows and is scheduled with the
/// requests a real pod gets, and is Guaranteed.
pub fn pod_spec_from_template(template: &Rc<Value>) -> Rc<Value> {
    let needs_requests = ["initContainers", "containers"]
        .into_iter()
        .filter_map(|k| template.get(k).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.get("resources"))
        .any(|r| {
            let requests = r.get("requests");
            r.get("limits")
                .and_then(Value::as_object)
                .is_some_and(|l| l.keys().any(|k| requests.and_then(|q| q.get(k)).is_none()))
        });
    let host_network = template.get("hostNetwork") == Some(&json!(true));
    if !needs_requests && !host_network {
        return template.clone();
    }
    let mut spec = (**template).clone();
    let mut changed = needs_requests;
    if let Some(s) = spec.as_object_mut() {
        requests_from_limits(s);
        changed |= host_network_ports(s);
    }
    if !changed {
        return template.clone();
    }
    Rc::new(spec)
}

/// Mutating admission for a new Pod, as a default cluster applies it: `serviceAccountName`/
/// `serviceAccount` `default`, the `kube-api-access-<suffix>` projected token volume mounted in
/// every container (unless `automountServiceAccountToken: false`), the not-ready/unreachable
/// NoExecute tolerations (300 s), and the `priority` and `preemptionPolicy` of the pod's
/// PriorityClass (`0` and `PreemptLowerPriority` without one).
/// `suffix` is 5 random characters from the name alphabet.
pub fn admit_pod(pod: &mut Value, suffix: &str) {
    let Some(o) = pod.as_object_mut() else { return };
    let s = sub(o, "spec");
    if is_empty(s, "serviceAccountName") {
        s.insert("serviceAccountName".into(), json!("default"));
    }
    let sa = s["serviceAccountName"].clone();
    s.insert("serviceAccount".into(), sa);
    let has_mount = |s: &Map<String, Value>| {
        s.get("volumes").and_then(Value::as_array).is_some_and(|v| {
            v.iter().any(|v| {
                v["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("kube-api-access-"))
            })
        })
    };
    if s.get("automountServiceAccountToken") != Some(&json!(false)) && !has_mount(s) {
        let name = format!("kube-api-access-{suffix}");
        let vol = json!({"name": name, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}});
        push(s, "volumes", vol);
        let mount = json!({"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": name, "readOnly": true});
        for c in pod_containers(s) {
            push(c, "volumeMounts", mount.clone());
        }
    }
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let present = s
            .get("tolerations")
            .and_then(Value::as_array)
            .is_some_and(|t| {
                // DefaultTolerationSeconds: an empty key (an `operator: Exists` toleration
                // of every taint) or an empty effect counts as tolerating it already
                t.iter().any(|t| {
                    (t["key"] == key || t.get("key").is_none_or(|k| k == "" || k.is_null()))
                        && (t["effect"] == "NoExecute"
                            || t.get("effect").is_none_or(|e| e == "" || e.is_null()))
                })
            });
        if !present {
            push(
                s,
                "tolerations",
                json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}),
            );
        }
    }
    // the Priority plugin: the class's value (a class that does not exist is refused before a
    // pod is made, see super::priority::admit_new_pod)
    let class = s
        .get("priorityClassName")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (priority, policy) =
        super::priority::resolve(class).unwrap_or((0, super::priority::DEFAULT_PREEMPTION_POLICY));
    set_if_absent(s, "priority", json!(priority));
    set_if_absent(s, "preemptionPolicy", json!(policy));
}

/// `imagePullPolicy` default for an image: `Always` when the tag is `latest` (or there is neither
/// tag nor digest), else `IfNotPresent` (also when the reference does not parse).
pub fn default_pull_policy(image: &str) -> &'static str {
    if image.is_empty() || image.chars().any(|c| c.is_whitespace()) {
        return "IfNotPresent";
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let (repo_tail, tag) = match last.split_once(':') {
        Some((r, t)) => (r, Some(t)),
        None => (last, None),
    };
    // docker references must be lowercase (the registry host may not be: only check the path)
    let path_start = if name.contains('/') {
        name.find('/').map_or(0, |i| i + 1)
    } else {
        0
    };
    let lower_ok = name[path_start..name.len() - last.len()]
        .chars()
        .chain(repo_tail.chars())
        .all(|c| !c.is_ascii_uppercase());
    if !lower_ok || repo_tail.is_empty() || tag == Some("") {
        return "IfNotPresent";
    }
    match (tag, digest) {
        (Some("latest"), _) | (None, None) => "Always",
        _ => "IfNotPresent",
    }
}

fn pvc(o: &mut Map<String, Value>) {
    let s = sub(o, "spec");
    if is_empty(s, "volumeMode") {
        s.insert("volumeMode".into(), json!("Filesystem"));
    }
    let st = sub(o, "status");
    if is_empty(st, "phase") {
        st.insert("phase".into(), json!("Pending"));
    }
}

/// SetDefaults_PersistentVolume (k8s.io/kubernetes pkg/apis/core/v1/defaults.go): a static
/// volume is Retained unless told otherwise, a Filesystem, and Pending until the PV controller
/// first looks at it; SetDefaults_HostPathVolumeSource gives `hostPath.type` `""`.
fn pv(o: &mut Map<String, Value>) {
    let s = sub(o, "spec");
    if is_empty(s, "persistentVolumeReclaimPolicy") {
        s.insert("persistentVolumeReclaimPolicy".into(), json!("Retain"));
    }
    if is_empty(s, "volumeMode") {
        s.insert("volumeMode".into(), json!("Filesystem"));
    }
    if let Some(Value::Object(h)) = s.get_mut("hostPath") {
        set_if_absent(h, "type", json!(""));
    }
    let st = sub(o, "status");
    if is_empty(st, "phase") {
        st.insert("phase".into(), json!("Pending"));
    }
}

fn pod_template(t: &mut Map<String, Value>) {
    set_if_absent(sub(t, "metadata"), "creationTimestamp", Value::Null);
    pod_spec(sub(t, "spec"));
}

/// `omitempty` non-pointer fields of the PodSpec types: a zero value (`""`, `false`, `0`, `[]`,
/// `{}`) decodes to the Go zero value and is not encoded back, so the API never shows it.
const POD_SPEC_OMITEMPTY: &[&str] = &[
    "volumes",
    "initContainers",
    "ephemeralContainers",
    "restartPolicy",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "readinessGates",
    "topologySpreadConstraints",
    "overhead",
    "schedulingGates",
    "resourceClaims",
];
const CONTAINER_OMITEMPTY: &[&str] = &[
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resizePolicy",
    "volumeMounts",
    "volumeDevices",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "stdin",
    "stdinOnce",
    "tty",
];
const PORT_OMITEMPTY: &[&str] = &["name", "hostPort", "protocol", "hostIP"];
const MOUNT_OMITEMPTY: &[&str] = &["readOnly", "subPath", "subPathExpr"];
const ENV_OMITEMPTY: &[&str] = &["value"];
const TOLERATION_OMITEMPTY: &[&str] = &["key", "operator", "value", "effect"];

fn is_zero(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
    }
}

fn drop_zeros(m: &mut Map<String, Value>, fields: &[&str]) {
    m.retain(|k, v| !(fields.contains(&k.as_str()) && is_zero(v)));
}

/// What a decode/encode round trip of a PodSpec through the Go types does: `omitempty` zero
/// values vanish, and `serviceAccount` is the deprecated alias of `serviceAccountName` (v1
/// conversion: the new field wins when both are set; the alias is always written back).
fn pod_spec_round_trip(s: &mut Map<String, Value>) {
    drop_zeros(s, POD_SPEC_OMITEMPTY);
    if let Some(sa) = s.get("serviceAccount").cloned() {
        s.entry("serviceAccountName").or_insert(sa);
    }
    match s.get("serviceAccountName").cloned() {
        Some(sa) => s.insert("serviceAccount".into(), sa),
        None => s.remove("serviceAccount"),
    };
    for key in ["containers", "initContainers", "ephemeralContainers"] {
        for c in objects(s, key) {
            drop_zeros(c, CONTAINER_OMITEMPTY);
            for p in objects(c, "ports") {
                drop_zeros(p, PORT_OMITEMPTY);
            }
            for m in objects(c, "volumeMounts") {
                drop_zeros(m, MOUNT_OMITEMPTY);
            }
            for e in objects(c, "env") {
                drop_zeros(e, ENV_OMITEMPTY);
            }
            if let Some(Value::Object(r)) = c.get_mut("resources") {
                drop_zeros(r, &["limits", "requests", "claims"]);
            }
        }
    }
    for v in objects(s, "volumes") {
        if let Some(Value::Object(e)) = v.get_mut("emptyDir") {
            drop_zeros(e, &["medium"]);
        }
        for k in ["configMap", "secret"] {
            if let Some(Value::Object(src)) = v.get_mut(k) {
                drop_zeros(src, &["items"]);
            }
        }
    }
    for t in objects(s, "tolerations") {
        drop_zeros(t, TOLERATION_OMITEMPTY);
    }
}

/// SetDefaults_PodSpec and the defaulters of everything inside a PodSpec.
fn pod_spec(s: &mut Map<String, Value>) {
    pod_spec_round_trip(s);
    if is_empty(s, "dnsPolicy") {
        s.insert("dnsPolicy".into(), json!("ClusterFirst"));
    }
    if is_empty(s, "restartPolicy") {
        s.insert("restartPolicy".into(), json!("Always"));
    }
    sub(s, "securityContext");
    set_if_absent(s, "terminationGracePeriodSeconds", json!(30));
    if is_empty(s, "schedulerName") {
        s.insert("schedulerName".into(), json!("default-scheduler"));
    }
    for key in ["containers", "initContainers", "ephemeralContainers"] {
        for c in objects(s, key) {
            container(c);
        }
    }
    for v in objects(s, "volumes") {
        volume(v);
    }
}

fn container(c: &mut Map<String, Value>) {
    if is_empty(c, "imagePullPolicy") {
        let p = default_pull_policy(c.get("image").and_then(Value::as_str).unwrap_or(""));
        c.insert("imagePullPolicy".into(), json!(p));
    }
    if is_empty(c, "terminationMessagePath") {
        c.insert(
            "terminationMessagePath".into(),
            json!("/dev/termination-log"),
        );
    }
    if is_empty(c, "terminationMessagePolicy") {
        c.insert("terminationMessagePolicy".into(), json!("File"));
    }
    sub(c, "resources");
    for p in objects(c, "ports") {
        if is_empty(p, "protocol") {
            p.insert("protocol".into(), json!("TCP"));
        }
    }
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(Value::Object(p)) = c.get_mut(key) {
            for (k, d) in [
                ("timeoutSeconds", 1),
                ("periodSeconds", 10),
                ("successThreshold", 1),
                ("failureThreshold", 3),
            ] {
                if p.get(k).and_then(Value::as_i64).unwrap_or(0) == 0 {
                    p.insert(k.into(), json!(d));
                }
            }
            http_get(p);
            // GRPCAction.Service's declarative `+default=""` (zz_generated.defaults.go): the
            // health check of the server as a whole, which `-o yaml` then shows
            if let Some(Value::Object(g)) = p.get_mut("grpc") {
                set_if_absent(g, "service", json!(""));
            }
        }
    }
    if let Some(Value::Object(l)) = c.get_mut("lifecycle") {
        for h in ["postStart", "preStop"] {
            if let Some(Value::Object(h)) = l.get_mut(h) {
                http_get(h);
            }
        }
    }
    for e in objects(c, "env") {
        if let Some(Value::Object(f)) = e.get_mut("valueFrom").and_then(|v| v.get_mut("fieldRef")) {
            if is_empty(f, "apiVersion") {
                f.insert("apiVersion".into(), json!("v1"));
            }
        }
        // ResourceFieldSelector.divisor is a resource.Quantity value: always encoded, "0" unset
        if let Some(Value::Object(f)) = e
            .get_mut("valueFrom")
            .and_then(|v| v.get_mut("resourceFieldRef"))
        {
            set_if_absent(f, "divisor", json!("0"));
        }
    }
}

fn http_get(h: &mut Map<String, Value>) {
    if let Some(Value::Object(g)) = h.get_mut("httpGet") {
        if is_empty(g, "path") {
            g.insert("path".into(), json!("/"));
        }
        if is_empty(g, "scheme") {
            g.insert("scheme".into(), json!("HTTP"));
        }
    }
}

const SOURCES: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "hostPath",
    "image",
    "iscsi",
    "nfs",
    "persistentVolumeClaim",
    "photonPersistentDisk",
    "portworxVolume",
    "projected",
    "quobyte",
    "rbd",
    "scaleIO",
    "secret",
    "storageos",
    "vsphereVolume",
];

fn volume(v: &mut Map<String, Value>) {
    if !SOURCES.iter().any(|k| v.contains_key(*k)) {
        v.insert("emptyDir".into(), json!({}));
    }
    for k in ["secret", "configMap", "projected", "downwardAPI"] {
        if let Some(Value::Object(src)) = v.get_mut(k) {
            set_if_absent(src, "defaultMode", json!(420));
        }
    }
    if let Some(Value::Object(h)) = v.get_mut("hostPath") {
        set_if_absent(h, "type", json!(""));
    }
}

// --- small helpers over JSON maps

fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The object at `m[k]`, created (or replacing a non-object) when needed.
fn sub<'a>(m: &'a mut Map<String, Value>, k: &str) -> &'a mut Map<String, Value> {
    let e = m.entry(k.to_string()).or_insert_with(|| json!({}));
    if !e.is_object() {
        *e = json!({});
    }
    match e {
        Value::Object(o) => o,
        _ => unreachable!(),
    }
}

/// The object elements of the array at `m[k]`.
fn objects<'a>(m: &'a mut Map<String, Value>, k: &str) -> Vec<&'a mut Map<String, Value>> {
    match m.get_mut(k) {
        Some(Value::Array(a)) => a.iter_mut().filter_map(Value::as_object_mut).collect(),
        _ => Vec::new(),
    }
}

/// The containers and init containers of a PodSpec.
fn pod_containers(s: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    s.iter_mut()
        .filter(|(k, _)| *k == "containers" || *k == "initContainers")
        .flat_map(|(_, v)| {
            v.as_array_mut()
                .into_iter()
                .flatten()
                .filter_map(Value::as_object_mut)
        })
        .collect()
}

fn push(m: &mut Map<String, Value>, k: &str, v: Value) {
    let e = m.entry(k.to_string()).or_insert_with(|| json!([]));
    if !e.is_array() {
        *e = json!([]);
    }
    if let Value::Array(a) = e {
        a.push(v);
    }
}

fn set_if_absent(m: &mut Map<String, Value>, k: &str, v: Value) {
    if m.get(k).is_none_or(Value::is_null) {
        m.insert(k.into(), v);
    }
}

/// Go's zero-value test for a string field.
fn is_empty(m: &Map<String, Value>, k: &str) -> bool {
    m.get(k).is_none_or(|v| v.is_null() || v == "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        let v: Value = serde_yaml::from_str(s).unwrap();
        v
    }

    #[test]
    fn deployment_before_after() {
        let mut d = yaml(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n  labels:\n    app: nginx\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n        ports:\n        - containerPort: 80\n",
        );
        apply_defaults("Deployment", &mut d);
        let want = yaml(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n  labels:\n    app: nginx\nspec:\n  progressDeadlineSeconds: 600\n  replicas: 3\n  revisionHistoryLimit: 10\n  selector:\n    matchLabels:\n      app: nginx\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - image: nginx:1.14.2\n        imagePullPolicy: IfNotPresent\n        name: nginx\n        ports:\n        - containerPort: 80\n          protocol: TCP\n        resources: {}\n        terminationMessagePath: /dev/termination-log\n        terminationMessagePolicy: File\n      dnsPolicy: ClusterFirst\n      restartPolicy: Always\n      schedulerName: default-scheduler\n      securityContext: {}\n      terminationGracePeriodSeconds: 30\n",
        );
        assert_eq!(d, want);
        // idempotent
        let mut again = d.clone();
        apply_defaults("Deployment", &mut again);
        assert_eq!(again, d);
    }

    #[test]
    fn deployment_strategies() {
        let mut d = json!({"spec": {"strategy": {"type": "Recreate"}}});
        apply_defaults("Deployment", &mut d);
        assert_eq!(d["spec"]["strategy"], json!({"type": "Recreate"}));
        let mut d = json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 1}}}});
        apply_defaults("Deployment", &mut d);
        assert_eq!(
            d["spec"]["strategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"}})
        );
        assert_eq!(d["spec"]["replicas"], json!(1));
        let mut d = json!({"spec": {"replicas": 0, "revisionHistoryLimit": 0}});
        apply_defaults("Deployment", &mut d);
        assert_eq!(
            (
                d["spec"]["replicas"].clone(),
                d["spec"]["revisionHistoryLimit"].clone()
            ),
            (json!(0), json!(0))
        );
    }

    #[test]
    fn statefulset_update_strategy_subtlety() {
        let mut s = json!({"spec": {}});
        apply_defaults("StatefulSet", &mut s);
        assert_eq!(
            s["spec"]["updateStrategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        );
        assert_eq!(s["spec"]["podManagementPolicy"], "OrderedReady");
        assert_eq!(
            s["spec"]["persistentVolumeClaimRetentionPolicy"],
            json!({"whenDeleted": "Retain", "whenScaled": "Retain"})
        );
        assert_eq!(
            (
                s["spec"]["replicas"].clone(),
                s["spec"]["revisionHistoryLimit"].clone()
            ),
            (json!(1), json!(10))
        );
        let mut s = json!({"spec": {"updateStrategy": {"type": "RollingUpdate"}}});
        apply_defaults("StatefulSet", &mut s);
        assert_eq!(
            s["spec"]["updateStrategy"],
            json!({"type": "RollingUpdate"})
        );
        let mut s =
            json!({"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {}}}});
        apply_defaults("StatefulSet", &mut s);
        assert_eq!(
            s["spec"]["updateStrategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        );
        let mut s = json!({"spec": {"updateStrategy": {"type": "OnDelete"}, "persistentVolumeClaimRetentionPolicy": {"whenScaled": "Delete"},
            "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}});
        apply_defaults("StatefulSet", &mut s);
        assert_eq!(s["spec"]["updateStrategy"], json!({"type": "OnDelete"}));
        assert_eq!(
            s["spec"]["persistentVolumeClaimRetentionPolicy"],
            json!({"whenDeleted": "Retain", "whenScaled": "Delete"})
        );
        assert_eq!(
            s["spec"]["volumeClaimTemplates"][0],
            json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"creationTimestamp": null, "name": "www"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"},
                "status": {"phase": "Pending"}})
        );
    }

    #[test]
    fn pod_spec_details() {
        let mut p = yaml(
            "spec:\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      limits: {cpu: 500m, memory: 128Mi}\n      requests: {cpu: 100m}\n    readinessProbe:\n      httpGet: {port: 80}\n    livenessProbe:\n      tcpSocket: {port: 80}\n      periodSeconds: 5\n    env:\n    - name: N\n      valueFrom: {fieldRef: {fieldPath: metadata.name}}\n  initContainers:\n  - name: i\n    image: busybox@sha256:abc\n  volumes:\n  - name: v\n  - name: s\n    secret: {secretName: x}\n  - name: h\n    hostPath: {path: /etc}\n",
        );
        apply_defaults("Pod", &mut p);
        let c = &p["spec"]["containers"][0];
        assert_eq!(c["imagePullPolicy"], "Always");
        assert_eq!(
            c["resources"]["requests"],
            json!({"cpu": "100m", "memory": "128Mi"})
        );
        assert_eq!(
            c["readinessProbe"],
            json!({"httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})
        );
        assert_eq!(c["livenessProbe"]["periodSeconds"], 5);
        assert_eq!(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
        assert_eq!(
            p["spec"]["initContainers"][0]["imagePullPolicy"],
            "IfNotPresent"
        );
        assert_eq!(p["spec"]["enableServiceLinks"], true);
        assert_eq!(
            p["spec"]["volumes"],
            json!([{"name": "v", "emptyDir": {}}, {"name": "s", "secret": {"secretName": "x", "defaultMode": 420}}, {"name": "h", "hostPath": {"path": "/etc", "type": ""}}])
        );
        // templates do not get the Pod-only defaults
        let mut d = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a", "resources": {"limits": {"cpu": "1"}}}]}}}});
        apply_defaults("ReplicaSet", &mut d);
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["resources"],
            json!({"limits": {"cpu": "1"}})
        );
        assert!(d["spec"]["template"]["spec"]
            .get("enableServiceLinks")
            .is_none());
        assert_eq!(d["spec"]["replicas"], 1);
    }

    #[test]
    fn pods_from_templates_get_requests_from_limits() {
        let plain = Rc::new(json!({"containers": [{"name": "a", "image": "nginx",
            "resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}}]}));
        assert!(
            Rc::ptr_eq(&pod_spec_from_template(&plain), &plain),
            "nothing to default: shared"
        );
        let limited = Rc::new(json!({"containers": [{"name": "a", "image": "nginx",
            "resources": {"limits": {"cpu": "200m", "memory": "512Mi"}, "requests": {"cpu": "100m"}}}],
            "initContainers": [{"name": "i", "image": "busybox", "resources": {"limits": {"memory": "1Gi"}}}]}));
        let pod = pod_spec_from_template(&limited);
        assert_eq!(
            pod["containers"][0]["resources"]["requests"],
            json!({"cpu": "100m", "memory": "512Mi"}),
            "a given request stays; a missing one is the limit"
        );
        assert_eq!(
            pod["initContainers"][0]["resources"]["requests"],
            json!({"memory": "1Gi"})
        );
        assert_eq!(
            limited["containers"][0]["resources"]["requests"],
            json!({"cpu": "100m"}),
            "the template keeps its own spec"
        );
    }

    #[test]
    fn pull_policies() {
        for (img, p) in [
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.14.2", "IfNotPresent"),
            ("localhost:5000/nginx", "Always"),
            ("localhost:5000/nginx:v1", "IfNotPresent"),
            ("k8s.gcr.io/nginx-slim:0.7", "IfNotPresent"),
            ("nginx@sha256:abc", "IfNotPresent"),
            ("nginx:latest@sha256:abc", "Always"),
            ("Nginx", "IfNotPresent"),
            ("nginx: v1", "IfNotPresent"),
            ("", "IfNotPresent"),
            ("auto-serve:latest", "Always"),
        ] {
            assert_eq!(default_pull_policy(img), p, "{img}");
        }
    }

    #[test]
    fn service_pvc_namespace() {
        let mut s = yaml("apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n    name: web\n  clusterIP: None\n  selector:\n    app: nginx\n");
        apply_defaults("Service", &mut s);
        assert_eq!(
            s["spec"],
            json!({"clusterIP": "None", "clusterIPs": ["None"], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}, "sessionAffinity": "None", "type": "ClusterIP"})
        );
        let mut s =
            json!({"spec": {"type": "NodePort", "ports": [{"port": 80, "targetPort": "http"}]}});
        apply_defaults("Service", &mut s);
        assert_eq!(s["spec"]["externalTrafficPolicy"], "Cluster");
        assert_eq!(s["spec"]["ports"][0]["targetPort"], "http");
        let mut s = json!({"spec": {"type": "ExternalName", "externalName": "example.com"}});
        apply_defaults("Service", &mut s);
        assert_eq!(
            s["spec"],
            json!({"type": "ExternalName", "externalName": "example.com", "sessionAffinity": "None"})
        );
        let mut p = json!({"spec": {"accessModes": ["ReadWriteOnce"]}});
        apply_defaults("PersistentVolumeClaim", &mut p);
        assert_eq!(
            p,
            json!({"spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem"}, "status": {"phase": "Pending"}})
        );
        let mut n = json!({"metadata": {"name": "dev"}});
        apply_defaults("Namespace", &mut n);
        assert_eq!(
            n,
            json!({"metadata": {"name": "dev", "labels": {"kubernetes.io/metadata.name": "dev"}}, "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
        );
    }

    #[test]
    fn admission() {
        let mut p = json!({"spec": {"containers": [{"name": "a", "image": "nginx"}]}});
        apply_defaults("Pod", &mut p);
        admit_pod(&mut p, "x7k2p");
        let s = &p["spec"];
        assert_eq!(s["serviceAccountName"], "default");
        assert_eq!(s["serviceAccount"], "default");
        assert_eq!(s["volumes"][0]["name"], "kube-api-access-x7k2p");
        assert_eq!(
            s["containers"][0]["volumeMounts"][0],
            json!({"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-x7k2p", "readOnly": true})
        );
        assert_eq!(s["tolerations"].as_array().unwrap().len(), 2);
        assert_eq!(
            (s["priority"].clone(), s["preemptionPolicy"].clone()),
            (json!(0), json!("PreemptLowerPriority"))
        );
        let before = p.clone();
        admit_pod(&mut p, "zzzzz");
        assert_eq!(p, before);
    }

    #[test]
    fn default_toleration_seconds_skips_tolerations_already_there() {
        // admission.go: a toleration with an empty key (or of the taint's key) whose effect is
        // NoExecute or empty already tolerates the taint; only the missing ones are added
        let added = |tolerations: Value| {
            let mut p = json!({"spec": {"containers": [{"name": "a", "image": "nginx"}],
                "tolerations": tolerations}});
            admit_pod(&mut p, "x7k2p");
            p["spec"]["tolerations"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["tolerationSeconds"] == 300)
                .map(|t| t["key"].as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        };
        assert!(added(json!([{"operator": "Exists"}])).is_empty());
        assert!(added(json!([{"operator": "Exists", "effect": "NoExecute"}])).is_empty());
        assert_eq!(
            added(json!([{"operator": "Exists", "effect": "NoSchedule"}])),
            [
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable"
            ]
        );
        assert_eq!(
            added(json!([{"key": "node.kubernetes.io/not-ready", "operator": "Exists"}])),
            ["node.kubernetes.io/unreachable"]
        );
    }

    #[test]
    fn pod_spec_round_trip_drops_omitempty_zeros() {
        let mut d = json!({"spec": {"template": {"spec": {
            "serviceAccount": "robot", "hostNetwork": false, "nodeSelector": {},
            "tolerations": [{"key": "k", "operator": "Exists", "value": ""}],
            "priorityClassName": "", "terminationGracePeriodSeconds": 0,
            "containers": [{"name": "a", "image": "nginx", "args": [], "stdin": false,
                "ports": [{"containerPort": 80, "hostPort": 0, "name": ""}],
                "env": [{"name": "E", "value": ""},
                        {"name": "M", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}],
                "resources": {"limits": {}},
                "volumeMounts": [{"name": "v", "mountPath": "/v", "readOnly": false, "subPath": ""}]}],
            "volumes": [{"name": "v", "emptyDir": {"medium": ""}}]}}}});
        apply_defaults("Deployment", &mut d);
        let s = &d["spec"]["template"]["spec"];
        assert_eq!(
            (&s["serviceAccountName"], &s["serviceAccount"]),
            (&json!("robot"), &json!("robot"))
        );
        for k in ["hostNetwork", "nodeSelector", "priorityClassName"] {
            assert!(s.get(k).is_none(), "{k}");
        }
        // pointers keep their zero value
        assert_eq!(s["terminationGracePeriodSeconds"], 0);
        assert_eq!(
            s["tolerations"][0],
            json!({"key": "k", "operator": "Exists"})
        );
        let c = &s["containers"][0];
        assert!(c.get("args").is_none() && c.get("stdin").is_none());
        assert_eq!(
            c["ports"][0],
            json!({"containerPort": 80, "protocol": "TCP"})
        );
        assert_eq!(c["env"][0], json!({"name": "E"}));
        assert_eq!(c["env"][1]["valueFrom"]["resourceFieldRef"]["divisor"], "0");
        assert_eq!(c["resources"], json!({}));
        assert_eq!(
            c["volumeMounts"][0],
            json!({"name": "v", "mountPath": "/v"})
        );
        assert_eq!(s["volumes"][0], json!({"name": "v", "emptyDir": {}}));
    }

    #[test]
    fn no_panic_on_odd_shapes() {
        for v in [
            json!(null),
            json!(5),
            json!({"spec": 5}),
            json!({"spec": {"template": [], "strategy": "x", "ports": 3}}),
            json!({"spec": {"containers": [1, null, {"ports": "x", "readinessProbe": 2}], "volumes": [[]]}}),
        ] {
            for k in [
                "Deployment",
                "ReplicaSet",
                "StatefulSet",
                "Pod",
                "Service",
                "Namespace",
                "PersistentVolumeClaim",
            ] {
                let mut x = v.clone();
                apply_defaults(k, &mut x);
                admit_pod(&mut x, "abcde");
            }
        }
    }
}
