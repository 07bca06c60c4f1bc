//! `kubectl expose (TYPE NAME | TYPE/NAME) [--port=P] [--target-port=T] [--type=…] [--name=…]
//! [--protocol=…] [--labels=…] [--selector=…] [--cluster-ip=…]`: kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go`. The Service is built client-side from
//! the exposed object (its map-based selector, its labels, its containers' ports and protocols,
//! `polymorphichelpers`' MapBasedSelectorForObject / PortsForObject / ProtocolsForObject) and
//! created through the API server's write path, so a NodePort gets its node port there.

use super::args::{self, boolean, flag, short};
use super::generate;
use super::patch;
use super::resource::Resource;
use super::NO_RESOURCES;
use crate::api::server::ApiError;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

const FLAGS: &[args::Flag] = &[
    flag("port"),
    flag("target-port"),
    flag("protocol"),
    flag("type"),
    flag("name"),
    short("labels", 'l'),
    flag("selector"),
    flag("cluster-ip"),
    flag("session-affinity"),
    flag("dry-run"),
    short("output", 'o'),
    short("filename", 'f'),
    boolean("save-config"),
    flag("field-manager"),
    flag("template"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
    boolean("record"),
];

pub fn expose(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "expose") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    if p.has("filename") {
        return CommandOutput::failure("error: \"kubectl expose -f\" is not available in kubeplay");
    }
    let output = p.get("output").filter(|o| !o.is_empty());
    let dry_run = match patch::dry_run(&p).and_then(|d| patch::check_output(output).map(|_| d)) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failure(format!("error: {}", e.text())),
    };
    let (r, name) = match super::resource_args(&p.positional) {
        Ok(t) if t.is_empty() => return CommandOutput::failure(format!("error: {NO_RESOURCES}")),
        Ok(t) => match t.into_iter().next() {
            Some((r, Some(name))) => (r, name),
            _ => {
                return CommandOutput::failure(
                    "error: resource(s) were provided, but no name was specified",
                )
            }
        },
        Err(e) => return CommandOutput::failure(e),
    };
    let ns = p.namespace();
    let Some(object) = cluster.object_value(r, &ns, &name) else {
        return CommandOutput::failure(super::not_found_in(cluster, r, Some(&ns), &name));
    };
    // CanBeExposed
    if !matches!(
        r,
        Resource::Pod | Resource::Service | Resource::Deployment | Resource::ReplicaSet
    ) {
        let group = r.group();
        let kind = if group.is_empty() {
            r.kind().to_string()
        } else {
            format!("{}.{group}", r.kind())
        };
        return CommandOutput::failure(format!("error: cannot expose a {kind}"));
    }
    let selector = match p.get("selector").filter(|s| !s.is_empty()) {
        Some(s) => match super::run::parse_labels(s) {
            Ok(sel) => sel,
            Err(e) => return CommandOutput::failure(format!("error: {e}")),
        },
        None => match map_based_selector(r, &object) {
            Ok(sel) => sel,
            Err(e) => {
                return CommandOutput::failure(format!(
                    "error: couldn't retrieve selectors via --selector flag or introspection: {e}"
                ))
            }
        },
    };
    let object_ports = ports_for_object(r, &object);
    let ports: Vec<String> = match p.get("port").filter(|v| !v.is_empty()) {
        Some(port) => port.split(',').map(str::to_string).collect(),
        None if object_ports.is_empty() => {
            return CommandOutput::failure(
                "error: couldn't find port via --port flag or introspection",
            )
        }
        None => object_ports
            .iter()
            .map(|(port, _)| port.to_string())
            .collect(),
    };
    let labels = match p.get("labels").filter(|l| !l.is_empty()) {
        Some(l) => match super::run::parse_labels(l) {
            Ok(l) => l,
            Err(e) => return CommandOutput::failure(format!("error: {e}")),
        },
        None => object
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let mut service_ports = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let Ok(number) = port.parse::<i32>() else {
            return CommandOutput::failure(format!(
                "error: strconv.Atoi: parsing \"{port}\": invalid syntax"
            ));
        };
        let protocol = match p.get("protocol").filter(|v| !v.is_empty()) {
            Some(proto) => proto.to_string(),
            None => object_ports
                .iter()
                .find(|(n, _)| *n == number)
                .map_or("TCP".to_string(), |(_, proto)| proto.clone()),
        };
        let target = match p.get("target-port").filter(|v| !v.is_empty()) {
            Some(t) => t.parse::<i32>().map_or_else(|_| json!(t), |n| json!(n)),
            None => json!(number),
        };
        service_ports.push(ServicePort {
            name: (ports.len() > 1).then(|| format!("port-{}", i + 1)),
            protocol,
            port: number,
            target,
        });
    }
    // the Recorder: the command line as the new object's change-cause
    let change_cause = p
        .bool("record", false)
        .unwrap_or(false)
        .then(|| super::apply::change_cause("expose", &p, raw));
    let service = ServiceSpec {
        change_cause,
        name: p
            .get("name")
            .filter(|n| !n.is_empty())
            .unwrap_or(&name)
            .to_string(),
        namespace: p.has("namespace").then(|| ns.clone()),
        labels,
        selector,
        ports: service_ports,
        cluster_ip: p
            .get("cluster-ip")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        type_: p.get("type").filter(|v| !v.is_empty()).map(str::to_string),
        session_affinity: p
            .get("session-affinity")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
    };
    let generated = generate::Generated {
        resource: Resource::Service,
        namespace: ns,
        printed: format!("service/{}", service.name),
        verb: "exposed",
        object: service.value(),
        client_yaml: service.shown(),
    };
    generate::finish(cluster, generated, dry_run, output, ApiError::to_kubectl)
}

/// `MapBasedSelectorForObject`: the equality selector a Service can use.
fn map_based_selector(r: Resource, object: &Value) -> Result<Vec<(String, String)>, String> {
    let pairs = |v: Option<&Value>| -> Vec<(String, String)> {
        v.and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    match r {
        Resource::Pod => {
            let labels = pairs(object.pointer("/metadata/labels"));
            if labels.is_empty() {
                return Err("the pod has no labels and cannot be exposed".into());
            }
            Ok(labels)
        }
        Resource::Service => {
            let selector = pairs(object.pointer("/spec/selector"));
            if selector.is_empty() {
                return Err("the service has no pod selector set".into());
            }
            Ok(selector)
        }
        Resource::Deployment | Resource::ReplicaSet => {
            let what = if r == Resource::Deployment {
                "deployment"
            } else {
                "replicaset"
            };
            let labels = pairs(object.pointer("/spec/selector/matchLabels"));
            if labels.is_empty() {
                return Err(format!(
                    "invalid {what}: no selectors, therefore cannot be exposed"
                ));
            }
            let expressions = object
                .pointer("/spec/selector/matchExpressions")
                .and_then(Value::as_array)
                .filter(|e| !e.is_empty());
            if let Some(e) = expressions {
                let shown: Vec<String> = e
                    .iter()
                    .map(|x| {
                        let values: Vec<&str> = x["values"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .collect();
                        format!(
                            "{{Key:{} Operator:{} Values:[{}]}}",
                            x["key"].as_str().unwrap_or(""),
                            x["operator"].as_str().unwrap_or(""),
                            values.join(" ")
                        )
                    })
                    .collect();
                return Err(format!(
                    "couldn't convert expressions - [{}] to map-based selector format",
                    shown.join(" ")
                ));
            }
            Ok(labels)
        }
        other => Err(format!("cannot extract pod selector from {}", other.kind())),
    }
}

/// `PortsForObject` with `ProtocolsForObject`: the container ports (or a Service's ports) and
/// their protocols, in spec order.
fn ports_for_object(r: Resource, object: &Value) -> Vec<(i32, String)> {
    let from_ports = |ports: &[Value], key: &str| -> Vec<(i32, String)> {
        ports
            .iter()
            .filter_map(|p| {
                let n = p.get(key).and_then(Value::as_i64)?;
                let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                Some((n as i32, proto.to_string()))
            })
            .collect()
    };
    let containers = |spec: Option<&Value>| -> Vec<(i32, String)> {
        spec.and_then(|s| s.get("containers"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|c| {
                from_ports(
                    c.get("ports").and_then(Value::as_array).map_or(&[], |v| v),
                    "containerPort",
                )
            })
            .collect()
    };
    match r {
        Resource::Pod => containers(object.get("spec")),
        Resource::Deployment | Resource::ReplicaSet => {
            containers(object.pointer("/spec/template/spec"))
        }
        Resource::Service => from_ports(
            object
                .pointer("/spec/ports")
                .and_then(Value::as_array)
                .map_or(&[], |v| v),
            "port",
        ),
        _ => Vec::new(),
    }
}

struct ServicePort {
    name: Option<String>,
    protocol: String,
    port: i32,
    target: Value,
}

/// The Service expose builds.
struct ServiceSpec {
    /// `kubernetes.io/change-cause` with `--record`.
    change_cause: Option<String>,
    name: String,
    namespace: Option<String>,
    labels: Vec<(String, String)>,
    selector: Vec<(String, String)>,
    ports: Vec<ServicePort>,
    cluster_ip: Option<String>,
    type_: Option<String>,
    session_affinity: Option<String>,
}

fn object_of(pairs: &[(String, String)]) -> Value {
    Value::Object(crate::sort::json_map(
        pairs.iter().map(|(k, v)| (k.clone(), json!(v))),
    ))
}

impl ServiceSpec {
    fn ports_value(&self) -> Value {
        let ports = self
            .ports
            .iter()
            .map(|p| {
                let mut m = Map::new();
                if let Some(n) = &p.name {
                    m.insert("name".into(), json!(n));
                }
                m.insert("protocol".into(), json!(p.protocol));
                m.insert("port".into(), json!(p.port));
                m.insert("targetPort".into(), p.target.clone());
                Value::Object(m)
            })
            .collect();
        Value::Array(ports)
    }

    /// The object sent to the API server.
    fn value(&self) -> Value {
        let mut meta = Map::new();
        meta.insert("name".into(), json!(self.name));
        if let Some(ns) = &self.namespace {
            meta.insert("namespace".into(), json!(ns));
        }
        if !self.labels.is_empty() {
            meta.insert("labels".into(), object_of(&self.labels));
        }
        if let Some(cause) = &self.change_cause {
            meta.insert(
                "annotations".into(),
                json!({ super::apply::CHANGE_CAUSE: cause }),
            );
        }
        let mut spec = Map::new();
        spec.insert("ports".into(), self.ports_value());
        spec.insert("selector".into(), object_of(&self.selector));
        if let Some(ip) = &self.cluster_ip {
            spec.insert("clusterIP".into(), json!(ip));
        }
        if let Some(t) = &self.type_ {
            spec.insert("type".into(), json!(t));
        }
        if let Some(a) = &self.session_affinity {
            spec.insert("sessionAffinity".into(), json!(a));
        }
        json!({"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec})
    }

    /// `--dry-run=client -o yaml`: the Go object marshalled.
    fn shown(&self) -> Value {
        let mut v = self.value();
        v["metadata"]["creationTimestamp"] = Value::Null;
        v["status"] = json!({"loadBalancer": {}});
        v
    }
}
