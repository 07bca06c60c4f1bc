//! `kubectl set serviceaccount|sa` (upstream `pkg/cmd/set/set_serviceaccount.go`): the pod
//! spec's `serviceAccountName` of pods and pod templates. Unlike `set image`, every object is
//! patched and reported `serviceaccount updated` even when its account was already that one
//! (Run sends the patch whatever it holds). A Deployment whose template changes rolls out; a
//! missing account stops its pods at the ServiceAccount admission plugin.

use super::apply::change_cause;
use super::args::{self, boolean, flag, short, short_bool};
use super::mutate::{dry_run_of, fetch_named, output_of, pod_spec_path, submit_printed};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    boolean("all"),
    boolean("allow-missing-template-keys"),
    flag("dry-run"),
    flag("field-manager"),
    short("filename", 'f'),
    boolean("local"),
    short("output", 'o'),
    boolean("record"),
    short_bool("recursive", 'R'),
    boolean("show-managed-fields"),
    flag("template"),
];

const COMMAND: &str = "set serviceaccount";

/// `typed` is the subcommand as typed (`serviceaccount` or `sa`), which `--record` keeps.
pub fn set_serviceaccount(cluster: &mut Cluster, raw: &[String], typed: &str) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (dry, output) = match dry_run_of(&p).and_then(|d| Ok((d, output_of(&p)?))) {
        Ok(x) => x,
        Err(e) => return CommandOutput::failure(e),
    };
    let Some((account, resources)) = p.positional.split_last() else {
        return CommandOutput::failure("error: serviceaccount is required");
    };
    let objects = match fetch_named(cluster, resources, &p, &p.namespace()) {
        Ok(o) => o,
        Err(e) => return CommandOutput::failure(e),
    };
    let record = p.bool("record", false).unwrap_or(false);
    let mut out = CommandOutput::new();
    let mut errors = Vec::new();
    for (r, name, mut v) in objects {
        let spec = pod_spec_path(r).and_then(|path| v.pointer_mut(path));
        let Some(spec) = spec.and_then(Value::as_object_mut) else {
            errors.push(format!(
                "error: {}/{name} the object is not a pod or does not have a pod template: *v1.{}",
                r.plural(),
                r.kind()
            ));
            continue;
        };
        spec.insert("serviceAccountName".into(), json!(account));
        if record {
            let cause = change_cause(&format!("set {typed}"), &p, raw);
            super::mutate::set_change_cause(&mut v, cause);
        }
        let operation = "serviceaccount updated";
        if let Err(e) = submit_printed(cluster, r, v, dry, output, operation, &mut out) {
            // the API error's own text (StatusError.Error()), wrapped
            let e = match e.strip_prefix("Error from server ") {
                Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m).to_string(),
                None => e.strip_prefix("The ").unwrap_or(&e).to_string(),
            };
            errors.push(format!("error: failed to patch ServiceAccountName {e}"));
        }
    }
    for e in errors {
        out.fail(e);
    }
    out
}
