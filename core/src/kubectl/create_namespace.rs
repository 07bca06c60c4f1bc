//! `kubectl create namespace NAME` (alias `ns`): kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/create/create_namespace.go`. The Namespace is built
//! client-side and created through the API server's write path (which validates the name).

use super::args;
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::api::server::ApiError;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::json;

const COMMAND: &str = "create namespace";

pub fn create_namespace(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, &generate::generator_flags(&[]), COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, COMMAND) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let generated = Generated {
        resource: Resource::Namespace,
        namespace: String::new(),
        printed: format!("namespace/{name}"),
        verb: "created",
        object: json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
        client_yaml: json!({
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"creationTimestamp": null, "name": name},
            "spec": {},
            "status": {},
        }),
    };
    generate::finish(cluster, generated, dry_run, output, ApiError::to_kubectl)
}

/// `kubectl create serviceaccount NAME` (alias `sa`): `create_serviceaccount.go`.
pub fn create_serviceaccount(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    const CMD: &str = "create serviceaccount";
    let p = match args::parse(raw, &generate::generator_flags(&[]), CMD) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, CMD) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let ns = p.namespace();
    let mut object =
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}});
    if p.has("namespace") {
        object["metadata"]["namespace"] = json!(ns);
    }
    let mut client_yaml = object.clone();
    client_yaml["metadata"]["creationTimestamp"] = serde_json::Value::Null;
    let generated = Generated {
        resource: Resource::ServiceAccount,
        namespace: ns,
        printed: format!("serviceaccount/{name}"),
        verb: "created",
        object,
        client_yaml,
    };
    generate::finish(cluster, generated, dry_run, output, ApiError::to_kubectl)
}
