//! Typed objects ↔ JSON as the API server stores and serves them. Input is decoded after strict
//! checking and defaulting (schema.rs, defaults.rs); output has the field names, omissions and
//! timestamp formats of a real v1.33 API server, keys sorted as kubectl prints them.

use super::*;
use crate::kubectl::printers::timefmt::{parse_rfc3339, rfc3339};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

pub(crate) fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| {
            crate::sort::btree_map(m.iter().map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                )
            }))
        })
        .unwrap_or_default()
}

/// Reads the metadata a client sent (server-owned fields are left for the caller to fill).
pub fn meta_from_value(v: &Value) -> ObjectMeta {
    let m = v.get("metadata");
    let s = |k: &str| {
        m.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    ObjectMeta {
        name: s("name"),
        generate_name: shared_text(&s("generateName")),
        namespace: s("namespace"),
        labels: string_map(m.and_then(|m| m.get("labels"))).into(),
        annotations: string_map(m.and_then(|m| m.get("annotations"))).into(),
        owner_references: m
            .and_then(|m| m.get("ownerReferences"))
            .and_then(|o| serde_json::from_value(o.clone()).ok())
            .unwrap_or_default(),
        finalizers: m
            .and_then(|m| m.get("finalizers"))
            .and_then(|o| serde_json::from_value(o.clone()).ok())
            .unwrap_or_default(),
        uid: s("uid"),
        creation_timestamp: m
            .and_then(|m| m.get("creationTimestamp"))
            .and_then(Value::as_str)
            .and_then(parse_rfc3339)
            .unwrap_or(0),
        ..Default::default()
    }
}

pub fn meta_to_value(m: &ObjectMeta) -> Value {
    let mut o = Map::new();
    if !m.annotations.is_empty() {
        o.insert("annotations".into(), json!(m.annotations));
    }
    o.insert(
        "creationTimestamp".into(),
        json!(rfc3339(m.creation_timestamp)),
    );
    if let Some(g) = m.deletion_grace_period_seconds {
        o.insert("deletionGracePeriodSeconds".into(), json!(g));
    }
    if let Some(t) = m.deletion_timestamp {
        o.insert("deletionTimestamp".into(), json!(rfc3339(t)));
    }
    if !m.finalizers.is_empty() {
        o.insert("finalizers".into(), json!(m.finalizers));
    }
    if !m.generate_name.is_empty() {
        o.insert("generateName".into(), json!(m.generate_name));
    }
    if m.generation > 0 {
        o.insert("generation".into(), json!(m.generation));
    }
    if !m.labels.is_empty() {
        o.insert("labels".into(), json!(m.labels));
    }
    o.insert("name".into(), json!(m.name));
    if !m.namespace.is_empty() {
        o.insert("namespace".into(), json!(m.namespace));
    }
    if !m.owner_references.is_empty() {
        o.insert("ownerReferences".into(), json!(m.owner_references));
    }
    o.insert(
        "resourceVersion".into(),
        json!(m.resource_version.to_string()),
    );
    o.insert("uid".into(), json!(m.uid));
    Value::Object(o)
}

/// A template as the API prints it: `metadata.creationTimestamp: null` included.
pub fn template_to_value(t: &PodTemplateSpec) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        m.entry("creationTimestamp").or_insert(Value::Null);
    }
    v
}

fn spec_to_value<T: serde::Serialize>(spec: &T, template: &PodTemplateSpec) -> Value {
    let mut v = serde_json::to_value(spec).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("template".into(), template_to_value(template));
    }
    v
}

fn insert_nonzero(o: &mut Map<String, Value>, k: &str, v: i64) {
    if v != 0 {
        o.insert(k.into(), json!(v));
    }
}

pub fn deployment_from_value(v: &Value) -> Result<Deployment, String> {
    let spec: DeploymentSpec = serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
        .map_err(|e| e.to_string())?;
    Ok(Deployment {
        metadata: meta_from_value(v),
        spec,
        status: Default::default(),
    })
}

pub fn deployment_to_value(d: &Deployment) -> Value {
    let s = &d.status;
    let mut st = Map::new();
    insert_nonzero(&mut st, "availableReplicas", s.available_replicas as i64);
    if let Some(c) = s.collision_count {
        st.insert("collisionCount".into(), json!(c));
    }
    if !s.conditions.is_empty() {
        let conds: Vec<Value> = s
            .conditions
            .iter()
            .map(|c| {
                json!({"lastTransitionTime": rfc3339(c.last_transition_time), "lastUpdateTime": rfc3339(c.last_update_time),
                       "message": c.message, "reason": c.reason, "status": c.status, "type": c.type_})
            })
            .collect();
        st.insert("conditions".into(), Value::Array(conds));
    }
    insert_nonzero(&mut st, "observedGeneration", s.observed_generation);
    insert_nonzero(&mut st, "readyReplicas", s.ready_replicas as i64);
    insert_nonzero(&mut st, "replicas", s.replicas as i64);
    insert_nonzero(
        &mut st,
        "unavailableReplicas",
        s.unavailable_replicas as i64,
    );
    insert_nonzero(&mut st, "updatedReplicas", s.updated_replicas as i64);
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta_to_value(&d.metadata),
           "spec": spec_to_value(&d.spec, &d.spec.template), "status": Value::Object(st)})
}

pub fn replicaset_from_value(v: &Value) -> Result<ReplicaSet, String> {
    let spec: ReplicaSetSpec = serde_json::from_value(v.get("spec").cloned().unwrap_or(json!({})))
        .map_err(|e| e.to_string())?;
    Ok(ReplicaSet {
        metadata: meta_from_value(v),
        spec,
        status: Default::default(),
    })
}

pub fn replicaset_to_value(rs: &ReplicaSet) -> Value {
    let s = &rs.status;
    let mut st = Map::new();
    insert_nonzero(&mut st, "availableReplicas", s.available_replicas as i64);
    if !s.conditions.is_empty() {
        let conds: Vec<Value> = s
            .conditions
            .iter()
            .map(|c| json!({"lastTransitionTime": rfc3339(c.last_transition_time), "message": c.message, "reason": c.reason, "status": c.status, "type": c.type_}))
            .collect();
        st.insert("conditions".into(), Value::Array(conds));
    }
    insert_nonzero(
        &mut st,
        "fullyLabeledReplicas",
        s.fully_labeled_replicas as i64,
    );
    insert_nonzero(&mut st, "observedGeneration", s.observed_generation);
    insert_nonzero(&mut st, "readyReplicas", s.ready_replicas as i64);
    st.insert("replicas".into(), json!(s.replicas));
    let spec = spec_to_value(&rs.spec, &rs.spec.template);
    json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta_to_value(&rs.metadata),
           "spec": spec, "status": Value::Object(st)})
}

/// A bare Pod sent by a client.
pub fn pod_from_value(v: &Value) -> Pod {
    let spec = v.get("spec").cloned().unwrap_or(json!({}));
    let node_name = spec
        .get("nodeName")
        .and_then(Value::as_str)
        .map(shared_text);
    Pod {
        metadata: meta_from_value(v),
        status: PodStatus::created(&spec),
        spec: Rc::new(spec),
        node_name,
        identity: None,
    }
}

fn container_status_to_value(c: &ContainerStatus) -> Value {
    let mut o = Map::new();
    if !c.container_id.is_empty() {
        o.insert("containerID".into(), json!(c.container_id.to_string()));
    }
    o.insert("image".into(), json!(c.image));
    o.insert("imageID".into(), json!(c.image_id));
    o.insert(
        "lastState".into(),
        c.last_state
            .as_deref()
            .map(state_to_value)
            .unwrap_or(json!({})),
    );
    o.insert("name".into(), json!(c.name));
    o.insert("ready".into(), json!(c.ready));
    o.insert("restartCount".into(), json!(c.restart_count));
    o.insert("started".into(), json!(c.started));
    o.insert("state".into(), state_to_value(&c.state));
    Value::Object(o)
}

fn state_to_value(s: &ContainerState) -> Value {
    match s {
        ContainerState::Waiting(waiting) => {
            let mut w = Map::new();
            if !waiting.message.is_empty() {
                w.insert("message".into(), json!(waiting.message));
            }
            w.insert("reason".into(), json!(waiting.reason));
            json!({ "waiting": w })
        }
        ContainerState::Running { started_at } => {
            json!({"running": {"startedAt": rfc3339(*started_at)}})
        }
        ContainerState::Terminated(terminated) => {
            let TerminatedState {
                exit_code,
                reason,
                started_at,
                finished_at,
                container_id,
                message,
            } = &**terminated;
            // metav1.Time's MarshalJSON writes the zero time as null (the fields have no
            // omitempty that could drop a struct)
            let at = |t: Time| {
                if t == ZERO_TIME {
                    Value::Null
                } else {
                    json!(rfc3339(t))
                }
            };
            let mut t = Map::new();
            if !container_id.is_empty() {
                t.insert("containerID".into(), json!(container_id.to_string()));
            }
            t.insert("exitCode".into(), json!(exit_code));
            t.insert("finishedAt".into(), at(*finished_at));
            if !message.is_empty() {
                t.insert("message".into(), json!(message));
            }
            t.insert("reason".into(), json!(reason));
            t.insert("startedAt".into(), at(*started_at));
            json!({ "terminated": t })
        }
    }
}

/// The 5 characters after `kube-api-access-`: random in a real cluster (the ServiceAccount
/// admission plugin's name generator); here derived from the pod's UID (FNV-1a), so showing a
/// pod draws nothing from the seeded RNG and shows the same name every time.
fn token_volume_suffix(uid: &str) -> String {
    let alphabet = crate::sim::NAME_ALPHABET;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in uid.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..5)
        .map(|i| char::from(alphabet[((h >> (i * 12)) % alphabet.len() as u64) as usize]))
        .collect()
}

pub fn pod_to_value(p: &Pod) -> Value {
    let mut spec = (*p.spec).clone();
    if let Some(o) = spec.as_object_mut() {
        if let Some(n) = &p.node_name {
            o.insert("nodeName".into(), json!(n));
        }
        if let Some(h) = p.hostname() {
            o.insert("hostname".into(), json!(h));
        }
        if let Some(s) = p.subdomain() {
            o.insert("subdomain".into(), json!(s));
        }
        o.entry("enableServiceLinks").or_insert(json!(true));
    }
    // What the default admission plugins add to every new pod (service account and its token
    // volume, default tolerations, priority), applied when the pod is shown so that a
    // ReplicaSet's pods keep sharing their template's spec.
    let mut pod = json!({ "spec": spec });
    super::defaults::admit_pod(&mut pod, &token_volume_suffix(&p.metadata.uid));
    let spec = pod["spec"].take();
    let s = &p.status;
    let mut st = Map::new();
    if !s.conditions.is_empty() {
        let conds: Vec<Value> = s
            .conditions
            .iter()
            .map(|c| {
                let mut o = Map::new();
                o.insert("lastProbeTime".into(), Value::Null);
                o.insert(
                    "lastTransitionTime".into(),
                    json!(rfc3339(c.last_transition_time())),
                );
                if let Some(m) = c.message() {
                    o.insert("message".into(), json!(m));
                } else if let Some((statuses, what)) = match c.reason() {
                    Some("ContainersNotReady") => Some((&s.container_statuses, "unready")),
                    Some("ContainersNotInitialized") => {
                        Some((&s.init_container_statuses, "incomplete"))
                    }
                    _ => None,
                } {
                    // status/generate.go's messages, made when shown
                    let names: Vec<&str> = statuses
                        .iter()
                        .filter(|cs| !cs.ready)
                        .map(|cs| cs.name.as_str())
                        .collect();
                    o.insert(
                        "message".into(),
                        json!(format!(
                            "containers with {what} status: [{}]",
                            names.join(" ")
                        )),
                    );
                }
                if let Some(r) = c.reason() {
                    o.insert("reason".into(), json!(r));
                }
                o.insert("status".into(), json!(c.status()));
                o.insert("type".into(), json!(c.type_()));
                Value::Object(o)
            })
            .collect();
        st.insert("conditions".into(), Value::Array(conds));
    }
    for (field, statuses) in [
        ("initContainerStatuses", &s.init_container_statuses),
        ("containerStatuses", &s.container_statuses),
    ] {
        if !statuses.is_empty() {
            let list: Vec<Value> = statuses.iter().map(container_status_to_value).collect();
            st.insert(field.into(), Value::Array(list));
        }
    }
    if let Some(ip) = &s.host_ip {
        st.insert("hostIP".into(), json!(ip));
        st.insert("hostIPs".into(), json!([{"ip": ip}]));
    }
    if let Some(m) = s.message() {
        st.insert("message".into(), json!(m));
    }
    st.insert("phase".into(), json!(s.phase.as_str()));
    if let Some(ip) = &s.pod_ip {
        st.insert("podIP".into(), json!(ip));
        st.insert("podIPs".into(), json!([{"ip": ip}]));
    }
    st.insert("qosClass".into(), json!(s.qos_class()));
    if let Some(r) = s.reason() {
        st.insert("reason".into(), json!(r));
    }
    if let Some(t) = s.start_time {
        st.insert("startTime".into(), json!(rfc3339(t)));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta_to_value(&p.metadata), "spec": spec, "status": Value::Object(st)})
}

pub fn node_to_value(n: &Node) -> Value {
    let mut spec = Map::new();
    spec.insert("podCIDR".into(), json!(n.pod_cidr));
    spec.insert("podCIDRs".into(), json!([n.pod_cidr]));
    spec.insert(
        "providerID".into(),
        json!(format!("kind://docker/kind/{}", n.metadata.name)),
    );
    if !n.taints.is_empty() {
        let taints: Vec<Value> = n
            .taints
            .iter()
            .map(|t| {
                let mut o = Map::new();
                o.insert("effect".into(), json!(t.effect));
                o.insert("key".into(), json!(t.key));
                if let Some(ta) = t.time_added {
                    o.insert("timeAdded".into(), json!(rfc3339(ta)));
                }
                if !t.value.is_empty() {
                    o.insert("value".into(), json!(t.value));
                }
                Value::Object(o)
            })
            .collect();
        spec.insert("taints".into(), Value::Array(taints));
    }
    if n.unschedulable {
        spec.insert("unschedulable".into(), json!(true));
    }
    // the kubelet's capacity (kind sets no reservations or eviction thresholds that would make
    // allocatable smaller); the node's disk is the host's
    let cap = json!({"cpu": (n.cpu_milli / 1000).to_string(), "ephemeral-storage": NODE_EPHEMERAL_STORAGE,
                     "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                     "memory": super::validation::binary_quantity(n.memory_bytes / 1024 * 1024), "pods": n.max_pods.to_string()});
    // the kubelet's conditions in its setters' order; once the node lifecycle controller stops
    // hearing from it, every one of them is Unknown (tryUpdateNodeHealth), and they all change
    // at the same instants, so they share the Ready condition's transition time
    let unknown = n.ready != "True";
    let condition = |type_: &str, healthy: &str, reason: &str, message: &str| {
        let (status, reason, message) = if unknown {
            (
                n.ready.as_str(),
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
            )
        } else {
            (healthy, reason, message)
        };
        json!({"lastHeartbeatTime": rfc3339(n.last_heartbeat), "lastTransitionTime": rfc3339(n.ready_since),
               "message": message, "reason": reason, "status": status, "type": type_})
    };
    let conditions = json!([
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available"
        ),
        condition(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure"
        ),
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available"
        ),
        condition(
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status"
        ),
    ]);
    // machine-id, the product UUID and the boot ID: fixed per node, derived from its name
    let id = |salt: &str| {
        crate::controllers::endpoints::uid_from(&format!("{salt}/{}", n.metadata.name))
    };
    let status = json!({
        "addresses": [{"address": n.internal_ip, "type": "InternalIP"}, {"address": n.metadata.name, "type": "Hostname"}],
        "allocatable": cap, "capacity": cap,
        "conditions": conditions,
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "nodeInfo": {"architecture": "amd64", "bootID": id("boot"), "containerRuntimeVersion": "containerd://2.1.1", "kernelVersion": "6.8.0",
                     "kubeProxyVersion": "", "kubeletVersion": crate::kubectl::SERVER_VERSION, "machineID": id("machine").replace('-', ""),
                     "operatingSystem": "linux", "osImage": "Debian GNU/Linux 12 (bookworm)", "systemUUID": id("system")}
    });
    json!({"apiVersion": "v1", "kind": "Node", "metadata": meta_to_value(&n.metadata), "spec": Value::Object(spec), "status": status})
}

/// A kind node's `ephemeral-storage` capacity (the host's disk: about 98 GiB).
const NODE_EPHEMERAL_STORAGE: &str = "102626232Ki";

pub fn namespace_to_value(n: &Namespace) -> Value {
    let mut meta = meta_to_value(&n.metadata);
    if let Some(o) = meta.as_object_mut() {
        o.entry("labels")
            .or_insert(json!({"kubernetes.io/metadata.name": n.metadata.name}));
    }
    let phase = if n.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else {
        "Active"
    };
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta,
           "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": phase}})
}

pub fn service_to_value(s: &Service) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": meta_to_value(&s.metadata), "spec": s.spec, "status": {"loadBalancer": {}}})
}

pub fn event_to_value(e: &Event) -> Value {
    let mut inv = Map::new();
    inv.insert("apiVersion".into(), json!(e.involved.api_version));
    if let Some(f) = &e.involved.field_path {
        inv.insert("fieldPath".into(), json!(f));
    }
    inv.insert("kind".into(), json!(e.involved.kind));
    inv.insert("name".into(), json!(e.involved.name));
    if !e.involved.namespace.is_empty() {
        inv.insert("namespace".into(), json!(e.involved.namespace));
    }
    if e.involved.resource_version > 0 {
        inv.insert(
            "resourceVersion".into(),
            json!(e.involved.resource_version.to_string()),
        );
    }
    inv.insert("uid".into(), json!(e.involved.uid));
    if e.is_events_k8s_io() {
        // The scheduler records through events.k8s.io/v1 (tools/events): read as core/v1 it has
        // an action and an eventTime, no count, source or first/last timestamps (so
        // `--sort-by=.lastTimestamp` lists these Events first, as in a real cluster).
        let action = if e.reason == "Scheduled" {
            "Binding"
        } else {
            "Scheduling"
        };
        let micro = crate::kubectl::printers::timefmt::rfc3339_micro;
        let mut v = json!({"action": action, "apiVersion": "v1", "eventTime": micro(e.first_timestamp),
            "firstTimestamp": null, "involvedObject": inv, "kind": "Event", "lastTimestamp": null, "message": e.message,
            "metadata": meta_to_value(&e.metadata), "reason": e.reason, "reportingComponent": e.source_component,
            "reportingInstance": crate::nodes::scheduler::reporting_instance(), "source": {}, "type": e.type_});
        // a repeat makes it a series (tools/events: count 2 on the second occurrence)
        if e.count > 1 {
            v["series"] = json!({"count": e.count, "lastObservedTime": micro(e.last_timestamp)});
        }
        return v;
    }
    let mut source = Map::new();
    source.insert("component".into(), json!(e.source_component));
    if let Some(h) = &e.source_host {
        source.insert("host".into(), json!(h));
    }
    json!({"apiVersion": "v1", "count": e.count, "eventTime": null, "firstTimestamp": rfc3339(e.first_timestamp),
           "involvedObject": inv, "kind": "Event", "lastTimestamp": rfc3339(e.last_timestamp), "message": e.message,
           "metadata": meta_to_value(&e.metadata), "reason": e.reason, "reportingComponent": e.source_component,
           "reportingInstance": e.source_host.clone().unwrap_or_default(), "source": source, "type": e.type_})
}
