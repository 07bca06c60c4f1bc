//! `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P] [-- COMMAND ARGS…]`:
//! kubectl 1.33's `staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go`. The object is
//! built client-side (label `app=NAME`, one container per image named after the image's base
//! name, `sanitizeAndUniquify` for names with `_` or `.`) and created through the API server's
//! write path, so defaults, validation and the controllers apply as for `create -f`.

use super::args::{self, flag, short};
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

/// Its own flags (the generators' common ones come from `generate`).
const FLAGS: &[args::Flag] = &[flag("image"), flag("port"), short("replicas", 'r')];

const COMMAND: &str = "create deployment";

/// The generator `kubectl create …` names (`deployment`, `namespace`, `service`, or one of
/// kubectl's generators kubeplay lacks, by its canonical name whatever alias was typed): the
/// first argument that is neither a flag nor a flag's value. None for `create -f`.
pub fn generator(raw: &[String]) -> Option<&'static str> {
    const TAKES_VALUE: &[&str] = &[
        "-n",
        "--namespace",
        "-o",
        "--output",
        "-f",
        "--filename",
        "--context",
        "--kubeconfig",
        "--image",
        "--replicas",
        "-r",
        "--port",
        "--dry-run",
        "--tcp",
        "--clusterip",
        "--node-port",
        "--external-name",
        "--from-file",
        "--from-literal",
        "--from-env-file",
        "--type",
        "--from",
        "--schedule",
        "--restart",
        "--selector",
        "--min-available",
        "--max-unavailable",
        "--hard",
        "--scopes",
    ];
    let mut prev_takes_value = false;
    for a in raw {
        if a == "--" {
            return None;
        }
        if prev_takes_value {
            prev_takes_value = false;
            continue;
        }
        if a.starts_with('-') {
            prev_takes_value = !a.contains('=') && TAKES_VALUE.contains(&a.as_str());
            continue;
        }
        return match a.as_str() {
            "deployment" | "deploy" | "deployments" => Some("deployment"),
            "namespace" | "ns" => Some("namespace"),
            "service" | "svc" => Some("service"),
            // kubectl's other generators, which kubeplay does not have
            "clusterrole" => Some("clusterrole"),
            "clusterrolebinding" => Some("clusterrolebinding"),
            "configmap" | "cm" => Some("configmap"),
            "cronjob" | "cj" => Some("cronjob"),
            "ingress" | "ing" => Some("ingress"),
            "job" => Some("job"),
            "poddisruptionbudget" | "pdb" => Some("poddisruptionbudget"),
            "priorityclass" | "pc" => Some("priorityclass"),
            "quota" | "resourcequota" => Some("quota"),
            "role" => Some("role"),
            "rolebinding" => Some("rolebinding"),
            "secret" => Some("secret"),
            "serviceaccount" | "sa" => Some("serviceaccount"),
            "token" => Some("token"),
            _ => None,
        };
    }
    None
}

/// `buildPodSpec`: the image's last path element without tag or digest, made DNS-1123-like.
fn container_name(cluster: &mut Cluster, image: &str) -> String {
    let mut name = image.rsplit('/').next().unwrap_or(image);
    name = name.split(':').next().unwrap_or(name);
    name = name.split('@').next().unwrap_or(name);
    if name.contains(['_', '.']) {
        let base = name.replace(['_', '.'], "-");
        format!("{base}-{}", cluster.rng.name_suffix(5))
    } else {
        name.to_string()
    }
}

pub fn create_deployment(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (before, command) = super::args::split_dashes(raw);
    let p = match args::parse(before, &generate::generator_flags(FLAGS), COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (replicas, port) = match (
        p.int32("replicas", "-r, --replicas", COMMAND),
        p.int32("port", "--port", COMMAND),
    ) {
        (Ok(r), Ok(port)) => (r.unwrap_or(1), port.unwrap_or(-1)),
        (Err(e), _) | (_, Err(e)) => return CommandOutput::failure(e),
    };
    let images: Vec<String> = p
        .all("image")
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::to_string)
        .collect();
    if !p.has("image") {
        return CommandOutput::failure("error: required flag(s) \"image\" not set");
    }
    let (name, dry_run, output) = match generate::name_and_mode(&p, COMMAND) {
        Ok(x) => x,
        Err(out) => return out,
    };
    if images.len() > 1 && !command.is_empty() {
        return CommandOutput::failure(
            "error: cannot specify multiple --image options and command",
        );
    }
    let containers: Vec<Value> = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let mut c = json!({"name": container_name(cluster, image), "image": image});
            if !command.is_empty() {
                c["command"] = json!(command);
            }
            if i == 0 && port >= 0 {
                c["ports"] = json!([{"containerPort": port}]);
            }
            c
        })
        .collect();
    let ns = p.namespace();
    let mut deploy = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": containers},
            },
        },
    });
    if p.has("namespace") {
        deploy["metadata"]["namespace"] = json!(ns);
    }
    let mut shown = deploy.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    shown["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
    shown["spec"]["strategy"] = json!({});
    for c in shown["spec"]["template"]["spec"]["containers"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        c["resources"] = json!({});
    }
    shown["status"] = json!({});
    let generated = Generated {
        resource: Resource::Deployment,
        namespace: ns,
        printed: format!("deployment.apps/{name}"),
        verb: "created",
        object: deploy,
        client_yaml: shown,
    };
    // `fmt.Errorf("failed to create deployment: %v", err)`: the StatusError's own message,
    // without the `Error from server (Reason): ` CheckErr adds to a bare one.
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create deployment: {}",
            status_message(&e.message, "Deployment", "Deployment.apps")
        )
    })
}

/// The API server's own Status message for an Invalid create of a `kind` (`Deployment.apps "x"
/// is invalid: [a, b]`, the kind `qualified` by its group), which kubeplay keeps in the form
/// kubectl's CheckErr prints (`The Deployment "x" is invalid: …`, causes as `* ` lines); other
/// messages are already the server's.
pub(super) fn status_message(message: &str, kind: &str, qualified: &str) -> String {
    let Some(rest) = message
        .strip_prefix("The ")
        .and_then(|m| m.strip_prefix(kind))
        .and_then(|m| m.strip_prefix(' '))
    else {
        return message.to_string();
    };
    let Some((head, causes)) = rest.split_once(" is invalid: ") else {
        return message.to_string();
    };
    let causes: Vec<&str> = causes
        .lines()
        .filter_map(|l| l.strip_prefix("* "))
        .collect();
    let tail = if causes.is_empty() {
        rest.split_once(" is invalid: ")
            .map_or("", |(_, c)| c)
            .to_string()
    } else {
        format!("[{}]", causes.join(", "))
    };
    format!("{qualified} {head} is invalid: {tail}")
}
