//! `kubectl autoscale`: kubectl 1.33's `staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go`.
//! `--max` is a required cobra flag; `Validate` checks `--max >= 1` and `--max >= --min`; the
//! target must have a scale subresource (discovery: Deployments, ReplicaSets, StatefulSets);
//! the HPA is created as autoscaling/v2 (`minReplicas` only when `--min > 0`, a cpu Utilization
//! metric when `--cpu-percent >= 0`, otherwise the server's 80% default), falling back to
//! autoscaling/v1 on error — which fails the same way here, so the v1 error is what is printed.

use super::args::{self, boolean, flag, short};
use super::resource::Resource;
use super::NO_RESOURCES;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    flag("min"),
    flag("max"),
    flag("cpu-percent"),
    flag("name"),
    flag("dry-run"),
    short("output", 'o'),
    short("filename", 'f'),
    boolean("save-config"),
    boolean("record"),
    flag("field-manager"),
    flag("template"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
];

/// pflag's `Int32Var`, -1 when not given.
fn int32_flag(p: &args::Parsed, name: &str) -> Result<i64, String> {
    Ok(p.int32(name, &format!("--{name}"), "autoscale")?
        .unwrap_or(-1))
}

pub fn autoscale(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "autoscale") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (min, max, cpu) = match (
        int32_flag(&p, "min"),
        int32_flag(&p, "max"),
        int32_flag(&p, "cpu-percent"),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return CommandOutput::failure(e),
    };
    if p.get("max").is_none() {
        return CommandOutput::failure("error: required flag(s) \"max\" not set");
    }
    let dry_run = match super::patch::dry_run(&p) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failure(format!("error: {}", e.text())),
    };
    let output = p.get("output").unwrap_or("").to_string();
    if !matches!(output.as_str(), "" | "name" | "yaml" | "json") {
        return CommandOutput::failure(format!(
            "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,name,yaml"
        ));
    }
    // Validate
    if max < 1 {
        return CommandOutput::failure(format!(
            "error: --max=MAXPODS is required and must be at least 1, max: {max}"
        ));
    }
    if max < min {
        return CommandOutput::failure(format!(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"
        ));
    }
    if p.get("filename").is_some() {
        return CommandOutput::failure(
            "error: \"kubectl autoscale -f\" is not available in kubeplay",
        );
    }
    let targets = match super::resource_args(&p.positional) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return CommandOutput::failure(format!("error: {NO_RESOURCES}")),
        Err(e) => return CommandOutput::failure(e),
    };
    if targets.iter().any(|(_, n)| n.is_none()) {
        return CommandOutput::failure(
            "error: resource(s) were provided, but no name was specified",
        );
    }
    let ns = p.namespace();
    let mut out = CommandOutput::new();
    // --record: the Recorder annotates the new HPA with the command line
    let record = p.bool("record", false).unwrap_or(false);
    let mut count = 0;
    for (r, name) in targets {
        let name = name.unwrap_or_default();
        let Some(target) = cluster.object_value(r, &ns, &name) else {
            out.fail(super::not_found_in(cluster, r, Some(&ns), &name));
            continue;
        };
        if !matches!(
            r,
            Resource::Deployment | Resource::ReplicaSet | Resource::StatefulSet
        ) {
            out.fail(format!(
                "error: cannot autoscale a {}: could not find scale subresource for {}, Resource={} in discovery information",
                r.kind(),
                r.api_version_gv(),
                r.plural()
            ));
            return out;
        }
        let hpa_name = p
            .get("name")
            .filter(|n| !n.is_empty())
            .unwrap_or(&name)
            .to_string();
        let mut spec = json!({
            "scaleTargetRef": {
                "apiVersion": target.get("apiVersion").cloned().unwrap_or(json!("apps/v1")),
                "kind": r.kind(),
                "name": name,
            },
            "maxReplicas": max,
        });
        if min > 0 {
            spec["minReplicas"] = json!(min);
        }
        if cpu >= 0 {
            spec["metrics"] = json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]);
        }
        let mut hpa = json!({
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": hpa_name},
            "spec": spec,
        });
        if record {
            hpa["metadata"]["annotations"] = json!({
                super::apply::CHANGE_CAUSE: super::apply::change_cause("autoscale", &p, raw)
            });
        }
        let printed = format!("horizontalpodautoscaler.autoscaling/{hpa_name}");
        if dry_run == Some("client") {
            // the object as built, never sent
            let mut shown = hpa.clone();
            shown["metadata"]["creationTimestamp"] = Value::Null;
            shown["status"] = json!({"currentMetrics": null, "desiredReplicas": 0});
            match output.as_str() {
                "yaml" => out.out(super::printers::yaml::to_yaml(&shown)),
                "json" => out.out(super::printers::go_order::typed_json(&shown)),
                "name" => out.out(format!("{printed}\n")),
                _ => out.out(format!("{printed} created (dry run)\n")),
            }
            count += 1;
            continue;
        }
        let mut scratch;
        let target = if dry_run == Some("server") {
            scratch = cluster.clone();
            &mut scratch
        } else {
            &mut *cluster
        };
        match target.create_value(hpa, &ns) {
            Ok(created) => {
                // the typed client's answer (a server dry run's too): Go struct field order
                let v = target
                    .object_value(Resource::HorizontalPodAutoscaler, &ns, &created)
                    .unwrap_or_default();
                let o = Some(output.as_str()).filter(|o| !o.is_empty());
                let operation = format!("autoscaled{}", super::patch::dry_suffix(dry_run));
                super::patch::print_typed_object(&mut out, o, &printed, &operation, &v, &mut count);
            }
            Err(e) => {
                out.fail(e.to_kubectl());
                return out;
            }
        }
    }
    if count == 0 && out.exit_code == 0 {
        out.fail("error: no objects passed to autoscale");
    }
    cluster.drain();
    out
}
