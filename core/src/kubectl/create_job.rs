//! `kubectl create job NAME --image=IMAGE [-- COMMAND ARGS…]`: kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go`. One container named after the
//! job, the command after `--` as its `command`, `restartPolicy: Never`; created through the API
//! server's write path. `--from=cronjob/NAME` needs CronJobs, which kubeplay does not serve.

use super::args::{self, flag};
use super::create_deployment::status_message;
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[flag("image"), flag("from")];

const COMMAND: &str = "create job";

pub fn create_job(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (before, command) = match raw.iter().position(|a| a == "--") {
        Some(i) => (&raw[..i], raw[i + 1..].to_vec()),
        None => (raw, Vec::new()),
    };
    let p = match args::parse(before, &generate::generator_flags(FLAGS), COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, COMMAND) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let image = p.get("image").unwrap_or("").to_string();
    let from = p.get("from").unwrap_or("");
    if image.is_empty() == from.is_empty() {
        return CommandOutput::failure("error: either --image or --from must be specified");
    }
    if !command.is_empty() && !from.is_empty() {
        return CommandOutput::failure("error: cannot specify --from and command");
    }
    if !from.is_empty() {
        let kind = from.split('/').next().unwrap_or("");
        return CommandOutput::failure(match kind {
            "cronjob" | "cronjobs" | "cj" | "cronjob.batch" | "cronjobs.batch" => {
                "error: the server doesn't have a resource type \"cronjobs\"".to_string()
            }
            _ => format!("error: from must be an existing cronjob: {kind:?}"),
        });
    }
    let mut container = json!({"name": name, "image": image});
    if !command.is_empty() {
        container["command"] = json!(command);
    }
    let ns = p.namespace();
    let mut job = json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": {"spec": {"containers": [container], "restartPolicy": "Never"}}},
    });
    if p.has("namespace") {
        job["metadata"]["namespace"] = json!(ns);
    }
    let mut shown = job.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    shown["spec"]["template"]["metadata"] = json!({"creationTimestamp": null});
    shown["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({});
    shown["status"] = json!({});
    let generated = Generated {
        resource: Resource::Job,
        namespace: ns,
        printed: format!("job.batch/{name}"),
        verb: "created",
        object: job,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create job: {}",
            status_message(&e.message, "Job", "Job.batch")
        )
    })
}
