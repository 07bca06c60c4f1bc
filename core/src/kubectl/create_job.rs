//! `kubectl create job NAME --image=IMAGE [-- COMMAND ARGS…]`: kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go`. One container named after the
//! job, the command after `--` as its `command`, `restartPolicy: Never`; created through the API
//! server's write path; `--from=cronjob/NAME` instantiates a CronJob's job template by hand.
//! `kubectl create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=…] [-- COMMAND…]`
//! (`create_cronjob.go`) lives here too.

use super::args::{self, flag};
use super::create_deployment::status_message;
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[flag("image"), flag("from")];
const CRONJOB_FLAGS: &[args::Flag] = &[flag("image"), flag("schedule"), flag("restart")];

const COMMAND: &str = "create job";

pub fn create_job(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (before, command) = super::args::split_dashes(raw);
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
        return create_job_from_cronjob(cluster, &p, &name, from, dry_run, output);
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

/// `createJobFromCronJob`: the template's labels and spec, its annotations plus
/// `cronjob.kubernetes.io/instantiate: manual`, a controller reference without
/// blockOwnerDeletion.
fn create_job_from_cronjob(
    cluster: &mut Cluster,
    p: &args::Parsed,
    name: &str,
    from: &str,
    dry_run: Option<&'static str>,
    output: Option<&str>,
) -> CommandOutput {
    let (kind, source) = from.split_once('/').unwrap_or((from, ""));
    if Resource::parse(kind) != Some(Resource::CronJob) {
        return CommandOutput::failure(format!(
            "error: from must be an existing cronjob: {}",
            Resource::parse(kind).map_or(kind.to_string(), |r| r.kind().to_string())
        ));
    }
    let ns = p.namespace();
    let Some(cj) = cluster
        .store()
        .cronjobs
        .get(&crate::api::ObjKey::new(ns.as_str(), source))
        .cloned()
    else {
        return CommandOutput::failure(format!(
            "Error from server (NotFound): cronjobs.batch \"{source}\" not found"
        ));
    };
    let t = &cj.spec.job_template;
    let mut annotations = json!({"cronjob.kubernetes.io/instantiate": "manual"});
    if let Some(a) = t
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
    {
        for (k, v) in a {
            annotations[k] = v.clone();
        }
    }
    let mut meta = json!({
        "name": name,
        "annotations": annotations,
        "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": cj.metadata.name,
                             "uid": cj.metadata.uid, "controller": true}],
    });
    if let Some(l) = t.pointer("/metadata/labels").filter(|l| l.is_object()) {
        meta["labels"] = l.clone();
    }
    if p.has("namespace") {
        meta["namespace"] = json!(ns);
    }
    let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
                     "spec": t.get("spec").cloned().unwrap_or(json!({}))});
    let mut shown = job.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
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

pub fn create_cronjob(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    const CMD: &str = "create cronjob";
    let (before, command) = super::args::split_dashes(raw);
    let p = match args::parse(before, &generate::generator_flags(CRONJOB_FLAGS), CMD) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, CMD) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let image = p.get("image").unwrap_or("").to_string();
    let schedule = p.get("schedule").unwrap_or("").to_string();
    if image.is_empty() {
        return CommandOutput::failure("error: --image must be specified");
    }
    if schedule.is_empty() {
        return CommandOutput::failure("error: --schedule must be specified");
    }
    let restart = p.get("restart").unwrap_or("OnFailure").to_string();
    let mut container = json!({"name": name, "image": image});
    if !command.is_empty() {
        container["command"] = json!(command);
    }
    let ns = p.namespace();
    let mut cj = json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": name},
        "spec": {
            "schedule": schedule,
            "jobTemplate": {
                "metadata": {"name": name},
                "spec": {"template": {"spec": {"containers": [container], "restartPolicy": restart}}},
            },
        },
    });
    if p.has("namespace") {
        cj["metadata"]["namespace"] = json!(ns);
    }
    let mut shown = cj.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    shown["spec"]["jobTemplate"]["metadata"]["creationTimestamp"] = Value::Null;
    shown["spec"]["jobTemplate"]["spec"]["template"]["metadata"] =
        json!({"creationTimestamp": null});
    shown["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["resources"] =
        json!({});
    shown["status"] = json!({});
    let generated = Generated {
        resource: Resource::CronJob,
        namespace: ns,
        printed: format!("cronjob.batch/{name}"),
        verb: "created",
        object: cj,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create cronjob: {}",
            status_message(&e.message, "CronJob", "CronJob.batch")
        )
    })
}

const PDB_FLAGS: &[args::Flag] = &[
    flag("selector"),
    flag("min-available"),
    flag("max-unavailable"),
];

/// kubectl's budget format check (`^[0-9]+%?$`).
fn budget_format(s: &str) -> bool {
    let digits = s.strip_suffix('%').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `intstr.Parse`: a number that fits an int32 is an int, anything else a string.
fn intstr_parse(s: &str) -> Value {
    match s.parse::<i32>() {
        Ok(n) => json!(n),
        Err(_) => json!(s),
    }
}

/// `kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N` (alias
/// `pdb`): kubectl 1.33's `create_pdb.go` — its Validate checks in order, the selector through
/// `metav1.ParseToLabelSelector`, `failed to create poddisruptionbudgets: …` for the server's
/// refusals.
pub fn create_pdb(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    const CMD: &str = "create poddisruptionbudget";
    let p = match args::parse(raw, &generate::generator_flags(PDB_FLAGS), CMD) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, CMD) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let selector = p.get("selector").unwrap_or("");
    let min = p.get("min-available").unwrap_or("");
    let max = p.get("max-unavailable").unwrap_or("");
    let refusal = if selector.is_empty() {
        Some("a selector must be specified")
    } else if min.is_empty() && max.is_empty() {
        Some("one of min-available or max-unavailable must be specified")
    } else if !min.is_empty() && !max.is_empty() {
        Some("min-available and max-unavailable cannot be both specified")
    } else if !min.is_empty() && !budget_format(min) {
        Some("invalid format specified for min-available")
    } else if !max.is_empty() && !budget_format(max) {
        Some("invalid format specified for max-unavailable")
    } else {
        None
    };
    if let Some(r) = refusal {
        return CommandOutput::failure(format!("error: {r}"));
    }
    let sel = match super::selector::parse_to_label_selector(selector) {
        Ok(s) => s,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    let ns = p.namespace();
    let mut spec = json!({"selector": sel});
    if !min.is_empty() {
        spec["minAvailable"] = intstr_parse(min);
    } else {
        spec["maxUnavailable"] = intstr_parse(max);
    }
    let mut object = json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name},
        "spec": spec,
    });
    if p.has("namespace") {
        object["metadata"]["namespace"] = json!(ns);
    }
    let mut shown = object.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    shown["status"] = json!({"disruptionsAllowed": 0, "currentHealthy": 0,
                             "desiredHealthy": 0, "expectedPods": 0});
    let generated = Generated {
        resource: Resource::PodDisruptionBudget,
        namespace: ns,
        printed: format!("poddisruptionbudget.policy/{name}"),
        verb: "created",
        object,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create poddisruptionbudgets: {}",
            status_message(
                &e.message,
                "PodDisruptionBudget",
                "PodDisruptionBudget.policy"
            )
        )
    })
}
