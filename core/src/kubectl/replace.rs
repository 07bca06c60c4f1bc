//! `kubectl replace -f FILE` (kubectl 1.33, `pkg/cmd/replace`): a PUT of each manifest object
//! as it is written, so fields the file leaves out go back to their defaults and the
//! last-applied annotation goes unless the file carries it (or `--save-config` writes it).
//! `--force` deletes each object (gracefully, waiting until it is gone) and creates it again.
//! Errors come after the output, as kubectl's ContinueOnError visit prints them.

use super::apply::{read_docs, save_config, Doc};
use super::args::{self, boolean, flag, short, short_bool};
use super::mutate::submit;
use super::patch::{check_output, dry_run, dry_suffix, finish, print_object, verbatim};
use super::Ctx;
use crate::api::server::resource_of;
use crate::api::yaml::resolve_doc;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

const FLAGS: &[args::Flag] = &[
    short("filename", 'f'),
    short("output", 'o'),
    flag("dry-run"),
    flag("validate"),
    short_bool("recursive", 'R'),
    boolean("save-config"),
    boolean("force"),
    flag("grace-period"),
    flag("cascade"),
    flag("timeout"),
    boolean("wait"),
    flag("field-manager"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
    flag("template"),
    short("kustomize", 'k'),
];

pub fn replace(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "replace") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    match run(cluster, &p, ctx, &mut out) {
        Ok(errors) => finish(&mut out, errors.into_iter().map(verbatim).collect()),
        Err(e) => out.fail(e),
    }
    out
}

/// The command's checks in kubectl's order, then the visit; the errors the visit collected.
fn run(
    cluster: &mut Cluster,
    p: &args::Parsed,
    ctx: &Ctx,
    out: &mut CommandOutput,
) -> Result<Vec<String>, String> {
    if p.all("filename").is_empty() {
        return Err("error: must specify one of -f and -k".into());
    }
    let output = p.get("output").filter(|o| !o.is_empty());
    check_output(output).map_err(|e| format!("error: {}", e.text()))?;
    let dry = dry_run(p).map_err(|e| format!("error: {}", e.text()))?;
    let force = p.bool("force", false)?;
    if force && dry.is_some() {
        return Err("error: --dry-run can not be used when --force is set".into());
    }
    let grace = p.get("grace-period");
    if grace.is_some_and(|g| g != "-1") && !force {
        return Err("error: --grace-period must have --force specified".into());
    }
    if let Some(c) = p.get("cascade") {
        if !matches!(c, "background" | "foreground" | "orphan" | "true" | "false") {
            return Err(format!("error: invalid cascade value ({c}). Must be \"background\", \"foreground\", or \"orphan\""));
        }
    }
    let docs: Vec<Doc> = read_docs(p, ctx)
        .map_err(|e| e.replace("no objects passed to apply", "no objects passed to replace"))?;
    let mut mapped = Vec::new();
    for d in docs {
        resolve_doc(&d.value, &d.source).map_err(|e| format!("error: {e}"))?;
        let ns = super::apply::doc_namespace(&d.value, p)?;
        mapped.push((d, ns));
    }
    let save = p.bool("save-config", false)?;
    let mut errors = Vec::new();
    let mut count = 0;
    for (doc, ns) in mapped {
        let Some(r) = resource_of(&doc.value) else {
            continue;
        };
        let mut value = doc.value;
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            if r.namespaced() {
                m.insert("namespace".into(), Value::String(ns.clone()));
            }
        }
        if save {
            save_config(&mut value, r, &ns);
        }
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let printed = format!("{}/{name}", r.qualified_singular());
        let operation = format!("replaced{}", dry_suffix(dry));
        if force {
            // forceReplace: delete (a missing object is fine), wait until it is gone, create
            if cluster.object_value(r, &ns, &name).is_some() {
                let mut delete = vec![
                    format!("{}/{name}", r.plural()),
                    format!("--namespace={ns}"),
                ];
                for f in ["grace-period", "cascade", "timeout"] {
                    if let Some(v) = p.get(f) {
                        delete.push(format!("--{f}={v}"));
                    }
                }
                let deleted = super::mutate::delete(cluster, &delete, ctx);
                let failed = deleted.exit_code != 0;
                out.chunks.extend(deleted.chunks);
                if failed {
                    continue;
                }
            }
            match cluster.create_value(value, &ns) {
                Ok(_) => {
                    let stored = cluster.object_value(r, &ns, &name).unwrap_or_default();
                    print_object(out, output, &printed, &operation, &stored, &mut count);
                }
                Err(e) => errors.push(e.with_source("replacing", &doc.source)),
            }
            continue;
        }
        // a PUT: the API server answers NotFound for a missing object (a client dry run sends
        // nothing)
        match submit(cluster, value.clone(), dry) {
            Ok(()) => {
                let shown = match dry {
                    None => cluster.object_value(r, &ns, &name).unwrap_or_default(),
                    Some(_) => value,
                };
                print_object(out, output, &printed, &operation, &shown, &mut count);
            }
            Err(e) => errors.push(e.with_source("replacing", &doc.source)),
        }
    }
    Ok(errors)
}
