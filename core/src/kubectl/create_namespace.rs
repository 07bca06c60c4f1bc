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
