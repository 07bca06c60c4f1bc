//! The endpoints controller, as a view: the `Endpoints` of a Service with a selector are computed
//! from the pods when read (ready pods in `addresses`, others in `notReadyAddresses`), so pod
//! churn costs nothing until someone looks.

use crate::api::codec::meta_to_value;
use crate::api::{ObjKey, Pod, Service};
use crate::sim::Cluster;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// `service.kubernetes.io/headless`, set on the Endpoints of a Service with `clusterIP: None`.
const HEADLESS: &str = "service.kubernetes.io/headless";

/// The port a pod serves a service port on: `targetPort` by number, or by container port name.
pub(crate) fn target_port(pod: &Pod, port: &Value) -> Option<i64> {
    match port.get("targetPort") {
        Some(Value::String(n)) => pod
            .spec
            .get("containers")?
            .as_array()?
            .iter()
            .flat_map(|c| {
                c.get("ports")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .find(|p| p.get("name").and_then(Value::as_str) == Some(n))
            .and_then(|p| p.get("containerPort").and_then(Value::as_i64)),
        Some(v) => v.as_i64(),
        None => port.get("port").and_then(Value::as_i64),
    }
}

/// A UUID-shaped UID derived from `seed` (objects a controller makes without drawing from the
/// cluster's RNG, so adding them leaves every other UID as it was).
pub(crate) fn uid_from(seed: &str) -> String {
    let d = Sha256::digest(seed.as_bytes());
    let h: String = d.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

impl Cluster {
    /// Services that have Endpoints (those with a selector), in a namespace or all.
    pub fn endpoints_names(&self, ns: Option<&str>) -> Vec<ObjKey> {
        self.store
            .services
            .iter()
            .filter(|s| {
                ns.is_none_or(|n| s.metadata.namespace == n)
                    && (s.selector().is_some() || is_apiserver_service(s))
            })
            .map(|s| s.metadata.key())
            .collect()
    }

    /// The Endpoints object of a Service, as the endpoints controller keeps it.
    pub fn endpoints_value(&self, ns: &str, name: &str) -> Option<Value> {
        let svc = self.store.services.get(&ObjKey::new(ns, name))?;
        if is_apiserver_service(svc) {
            return Some(apiserver_endpoints(svc));
        }
        let sel = svc.selector()?;
        Some(endpoints_of(self, svc, &sel))
    }
}

/// The API server's own Service, `default/kubernetes`: created by the apiserver's bootstrap
/// controller (`pkg/controlplane/controller/kubernetesservice`) before any user command, with
/// the first address of the service CIDR (kubeadm/kind: `10.96.0.1`), port `https` 443 → 6443,
/// and labels `component=apiserver`, `provider=kubernetes`. Its Endpoints are not computed from
/// pods but written by the apiserver's endpoint reconciler (the control-plane node's IP:6443).
pub const APISERVER_SERVICE_IP: &str = "10.96.0.1";
/// The address the API server advertises: the control-plane node's InternalIP.
pub const APISERVER_ADVERTISE_IP: &str = "172.18.0.2";
pub const APISERVER_PORT: i64 = 6443;

/// Whether this is the selector-less `default/kubernetes` Service the apiserver maintains.
pub fn is_apiserver_service(svc: &Service) -> bool {
    svc.metadata.namespace == "default"
        && svc.metadata.name == "kubernetes"
        && svc.selector().is_none()
}

impl Cluster {
    /// Creates `default/kubernetes` at cluster start. Its UID is derived, not drawn from the RNG,
    /// so every later random name stays what it was before the Service existed.
    pub(crate) fn add_kubernetes_service(&mut self) {
        let mut meta = crate::api::ObjectMeta {
            name: "kubernetes".into(),
            namespace: "default".into(),
            uid: uid_from("service/default/kubernetes"),
            creation_timestamp: self.now,
            ..Default::default()
        };
        meta.labels.insert("component".into(), "apiserver".into());
        meta.labels.insert("provider".into(), "kubernetes".into());
        meta.resource_version = self.store.next_resource_version();
        let spec = json!({
            "clusterIP": APISERVER_SERVICE_IP,
            "clusterIPs": [APISERVER_SERVICE_IP],
            "internalTrafficPolicy": "Cluster",
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": APISERVER_PORT}],
            "sessionAffinity": "None",
            "type": "ClusterIP",
        });
        self.store.services.put(Service {
            metadata: meta,
            spec,
        });
    }
}

/// The Endpoints the apiserver's lease reconciler keeps for `default/kubernetes`; they carry
/// `endpointslice.kubernetes.io/skip-mirror: "true"` because the apiserver writes its
/// EndpointSlice itself.
fn apiserver_endpoints(svc: &Service) -> Value {
    let mut meta = svc.metadata.clone();
    meta.uid = uid_from(&format!("endpoints/{}", svc.metadata.uid));
    meta.labels.clear();
    meta.labels.insert(
        "endpointslice.kubernetes.io/skip-mirror".into(),
        "true".into(),
    );
    json!({
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": meta_to_value(&meta),
        "subsets": [{
            "addresses": [{"ip": APISERVER_ADVERTISE_IP}],
            "ports": [{"name": "https", "port": APISERVER_PORT, "protocol": "TCP"}],
        }],
    })
}

fn endpoints_of(c: &Cluster, svc: &Service, sel: &BTreeMap<String, String>) -> Value {
    let ports: Vec<Value> = svc
        .spec
        .get("ports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Pods grouped by the port list they serve: (ports) → (ready, not ready) addresses.
    type Addrs = (Vec<(String, Value)>, Vec<(String, Value)>);
    let mut subsets: BTreeMap<String, (Vec<Value>, Addrs)> = BTreeMap::new();
    let headless = svc.spec.get("clusterIP").and_then(Value::as_str) == Some("None");
    for p in c.store.pods.in_namespace(&svc.metadata.namespace) {
        let Some(ip) = p.status.pod_ip.clone() else {
            continue;
        };
        if p.status.phase.is_terminal()
            || p.metadata.deletion_timestamp.is_some()
            || !sel.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        {
            continue;
        }
        let eps: Vec<Value> = ports
            .iter()
            .filter_map(|sp| {
                let mut o = Map::new();
                if let Some(n) = sp
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                {
                    o.insert("name".into(), json!(n));
                }
                o.insert("port".into(), json!(target_port(p, sp)?));
                o.insert(
                    "protocol".into(),
                    sp.get("protocol").cloned().unwrap_or(json!("TCP")),
                );
                Some(Value::Object(o))
            })
            .collect();
        let mut addr = Map::new();
        if p.hostname().is_some() && p.subdomain() == Some(svc.metadata.name.as_str()) {
            addr.insert("hostname".into(), json!(p.hostname()));
        }
        addr.insert("ip".into(), json!(ip));
        if let Some(n) = &p.node_name {
            addr.insert("nodeName".into(), json!(n));
        }
        addr.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": p.metadata.name, "namespace": p.metadata.namespace, "uid": p.metadata.uid}),
        );
        let entry = subsets
            .entry(Value::Array(eps.clone()).to_string())
            .or_insert_with(|| (eps, Default::default()));
        let list = if p.is_ready() {
            &mut entry.1 .0
        } else {
            &mut entry.1 .1
        };
        list.push((ip.to_string(), Value::Object(addr)));
    }
    let mut meta = svc.metadata.clone();
    meta.uid = uid_from(&format!("endpoints/{}", svc.metadata.uid));
    meta.annotations.clear();
    meta.owner_references.clear();
    meta.finalizers.clear();
    if headless {
        meta.labels.insert(HEADLESS.into(), String::new());
    }
    let mut o = Map::new();
    o.insert("apiVersion".into(), json!("v1"));
    o.insert("kind".into(), json!("Endpoints"));
    o.insert("metadata".into(), meta_to_value(&meta));
    let subsets: Vec<Value> = subsets
        .into_values()
        .map(|(ports, (mut ready, mut not_ready))| {
            crate::sort::sort_by(&mut ready, |a, b| a.0.cmp(&b.0));
            crate::sort::sort_by(&mut not_ready, |a, b| a.0.cmp(&b.0));
            let mut s = Map::new();
            if !ready.is_empty() {
                s.insert("addresses".into(), ready.into_iter().map(|a| a.1).collect());
            }
            if !not_ready.is_empty() {
                s.insert(
                    "notReadyAddresses".into(),
                    not_ready.into_iter().map(|a| a.1).collect(),
                );
            }
            if !ports.is_empty() {
                s.insert("ports".into(), Value::Array(ports));
            }
            Value::Object(s)
        })
        .collect();
    if !subsets.is_empty() {
        o.insert("subsets".into(), Value::Array(subsets));
    }
    Value::Object(o)
}

/// `formatEndpoints`: `ip:port` of ready addresses, at most 3, then ` + N more...`; `<none>`
/// without subsets.
pub fn format_endpoints(ep: &Value) -> String {
    let Some(subsets) = ep.get("subsets").and_then(Value::as_array) else {
        return "<none>".into();
    };
    let (mut list, mut count, max) = (Vec::new(), 0usize, 3usize);
    let mut more = false;
    for ss in subsets {
        let addrs: Vec<&str> = ss
            .get("addresses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("ip").and_then(Value::as_str))
            .collect();
        let ports: Vec<i64> = ss
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("port").and_then(Value::as_i64))
            .collect();
        let hosts: Vec<String> = if ports.is_empty() {
            addrs.iter().map(|a| a.to_string()).collect()
        } else {
            ports
                .iter()
                .flat_map(|port| addrs.iter().map(move |a| format!("{a}:{port}")))
                .collect()
        };
        for h in hosts {
            count += 1;
            if list.len() == max {
                more = true;
                continue;
            }
            list.push(h);
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}
