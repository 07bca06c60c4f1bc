//! `kubectl diff` (k8s.io/kubectl/pkg/cmd/diff, 1.33): each manifest object's live version and
//! the version the API server would store if it were applied, as YAML files in two temporary
//! directories (`/tmp/LIVE-…`, `/tmp/MERGED-…`), compared by `diff -u -N`.
//!
//! The merged version is what a dry-run request answers: a dry-run create for a new object,
//! otherwise the client-side apply patch (three-way, the live object's last-applied
//! configuration as the original, the manifest *without* a new annotation as the modified
//! document: `GetModifiedConfiguration(…, annotate=false)`) sent with `dryRun=All`; with
//! `--server-side`, the apply patch. kubeplay runs each request against a copy of the cluster,
//! which is then dropped: the API server's defaulting, validation and generation rules answer,
//! and nothing changes. A dry-run update keeps the live resourceVersion; a dry-run create has
//! none.
//!
//! Exit status as kubectl's: 0 without differences, 1 with, 2 when kubectl fails
//! (`CheckDiffErr` adds one to every error's code).

use super::apply::{
    doc_namespace, manifest_version, read_docs, three_way_merge, three_way_patch, LAST_APPLIED,
};
use super::args::{self, boolean, flag, short, short_bool};
use super::printers::timefmt::civil;
use super::printers::yaml::to_yaml;
use super::resource::Resource;
use super::selector::Selector;
use super::Ctx;
use crate::api::server::resource_of;
use crate::api::yaml::resolve_doc;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const FLAGS: &[args::Flag] = &[
    flag("concurrency"),
    flag("field-manager"),
    short("filename", 'f'),
    boolean("force-conflicts"),
    boolean("prune"),
    flag("prune-allowlist"),
    short_bool("recursive", 'R'),
    short("selector", 'l'),
    boolean("server-side"),
    boolean("show-managed-fields"),
];

/// The Secret masks of diff.go's `Masker`.
const MASK: &str = "***";
const MASK_BEFORE: &str = "*** (before)";
const MASK_AFTER: &str = "*** (after)";

pub fn diff(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    // a flag error is a usage error, its exit code raised past diff's 1
    let p = match args::parse(raw, FLAGS, "diff") {
        Ok(p) => p,
        Err(e) => {
            return failed(e.replace(
                "kubectl diff --help' for usage.",
                "kubectl diff -h' for help and examples",
            ))
        }
    };
    // Complete: -f first, then the flags' consistency, then ValidateArgs
    if p.all("filename").is_empty() {
        return failed("error: must specify one of -f and -k");
    }
    let server_side = p.bool("server-side", false).unwrap_or(false);
    if p.bool("force-conflicts", false).unwrap_or(false) && !server_side {
        return failed("error: --force-conflicts only works with --server-side");
    }
    if !p.positional.is_empty() {
        return failed(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples",
            p.positional.join(" ")
        ));
    }
    if p.bool("prune", false).unwrap_or(false) {
        return failed("error: \"kubectl diff --prune\" is not available in kubeplay");
    }
    let selector = match p.get("selector").filter(|s| !s.is_empty()) {
        Some(s) => match Selector::parse(s) {
            Ok(sel) => Some(sel),
            Err(e) => return failed(format!("error: {e}")),
        },
        None => None,
    };
    let docs = match read_docs(&p, ctx) {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    cluster.finish_instant();
    let mut out = CommandOutput::new();
    let mut rng = cluster.client_rng();
    let live_dir = format!("/tmp/LIVE-{}", rng.next_u64() as u32);
    let merged_dir = format!("/tmp/MERGED-{}", rng.next_u64() as u32);
    // kubectl writes each object's files as it reads and dry-runs it, milliseconds apart
    let mut clock =
        cluster.now().saturating_mul(1_000_000) + 3_000_000 + rng.below(4_000_000) as i64;
    // file name → its two versions, as YAML, and when each was written; a later document of
    // the same object overwrites the files
    let mut files: BTreeMap<String, [(String, i64); 2]> = BTreeMap::new();
    for doc in docs {
        if let Err(e) = resolve_doc(&doc.value, &doc.source) {
            return failed(format!("error: {e}"));
        }
        let Some(r) = resource_of(&doc.value) else {
            continue;
        };
        if let Some(sel) = &selector {
            if !sel.matches(&labels_of(&doc.value)) {
                continue;
            }
        }
        let ns = match doc_namespace(&doc.value, &p) {
            Ok(ns) => ns,
            Err(e) => return failed(e),
        };
        let ns = if r.namespaced() { ns } else { String::new() };
        let name = doc
            .value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        // info.Get(): client-go refuses a request for no name
        if name.is_empty() {
            return failed("error: resource name may not be empty");
        }
        let mut local = doc.value.clone();
        if let (true, Some(m)) = (
            r.namespaced(),
            local.get_mut("metadata").and_then(Value::as_object_mut),
        ) {
            m.insert("namespace".into(), json!(ns));
        }
        let version = manifest_version(&doc.value).to_string();
        let live = live_object(cluster, r, &ns, &name, &version);
        let mut shadow = cluster.clone();
        // the server's random choices for a request it does not keep are its own
        shadow.rng = crate::sim::Rng::new(rng.next_u64());
        let target = Target {
            r,
            ns: &ns,
            name: &name,
            version: &version,
        };
        let merged = match merged_object(shadow, &target, local, live.as_ref(), server_side) {
            Ok(m) => m,
            Err(e) => return failed(e),
        };
        if live
            .as_ref()
            .and_then(|l| l.pointer("/metadata/deletionTimestamp"))
            .is_some()
        {
            out.err(format!(
                "Warning: Detected changes to resource {name} which is currently being deleted.\n"
            ));
        }
        let (mut from, mut to) = (live, Some(merged));
        if r == Resource::Secret {
            mask_secret_data(&mut from, &mut to);
        }
        let file = file_name(r, &version, &ns, &name);
        let text = |v: &Option<Value>| v.as_ref().map(to_yaml).unwrap_or_default();
        let live_at = clock;
        clock += 2_000_000 + rng.below(9_000_000) as i64;
        files.insert(file, [(text(&from), live_at), (text(&to), clock)]);
        clock += 100_000 + rng.below(400_000) as i64;
    }
    // diff walks the two directories in file name order
    let mut differs = false;
    for (file, [(from, live_at), (to, merged_at)]) in &files {
        let from_path = format!("{live_dir}/{file}");
        let to_path = format!("{merged_dir}/{file}");
        let from_header = format!("{from_path}\t{}", mtime(*live_at));
        let to_header = format!("{to_path}\t{}", mtime(*merged_at));
        if let Some(text) = super::unidiff::unified(from, to, &from_header, &to_header) {
            out.out(format!("diff -u -N {from_path} {to_path}\n"));
            out.out(text);
            differs = true;
        }
    }
    out.exit_code = i32::from(differs);
    out
}

/// An error as `CheckDiffErr` ends the command: the message and exit code 2.
fn failed(message: impl Into<String>) -> CommandOutput {
    CommandOutput::failure(message).with_code(2)
}

fn labels_of(v: &Value) -> BTreeMap<String, String> {
    v.pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The object as `info.Get()` reads it, in the manifest's version (an autoscaling/v1
/// HorizontalPodAutoscaler is converted as the API server serves it).
fn live_object(
    cluster: &Cluster,
    r: Resource,
    ns: &str,
    name: &str,
    version: &str,
) -> Option<Value> {
    if r == Resource::HorizontalPodAutoscaler && version == "v1" {
        return cluster
            .store()
            .hpas
            .get(&crate::api::ObjKey::new(ns, name))
            .map(crate::api::autoscaling::hpa_to_v1_value);
    }
    cluster.object_value(r, ns, name)
}

/// `InfoObject.Merged`: the API server's answer to the dry-run request, asked of `shadow`, a
/// copy of the cluster; an error as kubectl prints the request's failure.
fn merged_object(
    mut shadow: Cluster,
    t: &Target,
    local: Value,
    live: Option<&Value>,
    server_side: bool,
) -> Result<Value, String> {
    let (r, ns, name) = (t.r, t.ns, t.name);
    let not_found = || format!("error: {} \"{name}\" not found", r.qualified_plural());
    let sent = match (live, server_side) {
        (None, _) => {
            shadow.create_value(local, ns).map_err(|e| e.to_kubectl())?;
            return live_object(&shadow, r, ns, name, t.version)
                .map(|mut v| {
                    remove_meta(&mut v, "resourceVersion");
                    v
                })
                .ok_or_else(not_found);
        }
        (Some(current), true) => three_way_merge(None, &local, current),
        (Some(current), false) => {
            let original = current
                .pointer("/metadata/annotations")
                .and_then(|a| a.get(LAST_APPLIED))
                .and_then(Value::as_str)
                .and_then(|s| serde_json::from_str::<Value>(s).ok());
            // GetModifiedConfiguration sets the annotations it took the annotation out of,
            // an empty map when there were none (as the last-applied configuration has them)
            let mut modified = local;
            if let Some(m) = modified.get_mut("metadata").and_then(Value::as_object_mut) {
                let a = m.entry("annotations").or_insert_with(|| json!({}));
                match a.as_object_mut() {
                    Some(a) => {
                        a.remove(LAST_APPLIED);
                    }
                    None => *a = json!({}),
                }
            }
            let patch = three_way_patch(original.as_ref(), &modified, current, r.kind())
                .map_err(|e| format!("error: {}", e.message()))?;
            // patchSimple: an empty patch is not sent, the live object is the answer
            if patch.is_empty() {
                return Ok(current.clone());
            }
            let Value::Object(c) = current.clone() else {
                return Ok(current.clone());
            };
            Value::Object(
                super::patch::strategic_merge(c, patch, r.kind())
                    .map_err(|e| format!("error: {}", e.message()))?,
            )
        }
    };
    shadow.update_value(sent).map_err(|e| e.to_kubectl())?;
    let mut merged = live_object(&shadow, r, ns, name, t.version).ok_or_else(not_found)?;
    // a dry-run update is not stored: the live resourceVersion comes back
    if let (Some(rv), Some(m)) = (
        live.and_then(|l| l.pointer("/metadata/resourceVersion"))
            .cloned(),
        merged.get_mut("metadata").and_then(Value::as_object_mut),
    ) {
        m.insert("resourceVersion".into(), rv);
    }
    Ok(merged)
}

/// Which object a document names, and in which version.
struct Target<'a> {
    r: Resource,
    ns: &'a str,
    name: &'a str,
    version: &'a str,
}

fn remove_meta(v: &mut Value, key: &str) {
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove(key);
    }
}

/// `InfoObject.Name`: `<group>.<version>.<Kind>.<namespace>.<name>`, the group and its dot
/// left out for the core group, the namespace empty for cluster-scoped kinds.
fn file_name(r: Resource, version: &str, ns: &str, name: &str) -> String {
    let group = match r.group() {
        "" => String::new(),
        g => format!("{g}."),
    };
    format!("{group}{version}.{}.{ns}.{name}", r.kind())
}

/// diff.go's `Masker`: every value under a Secret's `data` is masked, a key whose value
/// changes with a before/after suffix so the change still shows.
fn mask_secret_data(from: &mut Option<Value>, to: &mut Option<Value>) {
    let data = |v: &Option<Value>| {
        v.as_ref()
            .and_then(|v| v.get("data"))
            .and_then(Value::as_object)
            .cloned()
    };
    let (Some(mut f), t) = (data(from), data(to)) else {
        if let (Some(mut t), Some(obj)) = (data(to), to.as_mut()) {
            for v in t.values_mut() {
                *v = json!(MASK);
            }
            obj["data"] = Value::Object(t);
        }
        return;
    };
    let mut t = t;
    for (k, fv) in f.iter_mut() {
        match t.as_mut().and_then(|t| t.get_mut(k)) {
            Some(tv) if tv != fv => {
                *fv = json!(MASK_BEFORE);
                *tv = json!(MASK_AFTER);
            }
            Some(tv) => {
                *tv = json!(MASK);
                *fv = json!(MASK);
            }
            None => *fv = json!(MASK),
        }
    }
    if let Some(t) = t.as_mut() {
        for (k, tv) in t.iter_mut() {
            if !f.contains_key(k) {
                *tv = json!(MASK);
            }
        }
    }
    if let Some(obj) = from.as_mut() {
        obj["data"] = Value::Object(f);
    }
    if let (Some(t), Some(obj)) = (t, to.as_mut()) {
        obj["data"] = Value::Object(t);
    }
}

/// A file's modification time as GNU diff's unified header prints it
/// (`%Y-%m-%d %H:%M:%S.%N %z`), in UTC.
fn mtime(ns: i64) -> String {
    let c = civil(ns.div_euclid(1_000_000));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09} +0000",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        ns.rem_euclid(1_000_000_000)
    )
}
