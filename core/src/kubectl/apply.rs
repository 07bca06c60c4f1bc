//! `kubectl apply` (client-side: last-applied annotation and three-way merge) and
//! `kubectl create -f`.

use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::mutate::shown_object;
use super::patch::print_object;
use super::patch::{child, element_kind, list_key, no_merge_key, SmpError};
use super::resource::Resource;
use super::Ctx;
use crate::api::server::resource_of;
use crate::api::yaml::{parse_documents, resolve_doc};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

const FLAGS: &[args::Flag] = &[
    short("filename", 'f'),
    short("output", 'o'),
    flag("dry-run"),
    boolean("record"),
    flag("validate"),
    short_bool("recursive", 'R'),
    flag("field-manager"),
    boolean("save-config"),
    short("selector", 'l'),
    // apply's own (`kubectl create` has none of these)
    boolean("overwrite"),
    boolean("server-side"),
    boolean("force-conflicts"),
    boolean("force"),
];

/// How many of [`FLAGS`] `kubectl create` shares with apply (the rest are apply's).
const CREATE_FLAGS: usize = 9;

/// A manifest document and where it came from.
pub(super) struct Doc {
    pub(super) value: Value,
    pub(super) source: String,
}

/// Reads every `-f` input (files, or `-` for stdin) into documents.
pub(super) fn read_docs(p: &Parsed, ctx: &Ctx) -> Result<Vec<Doc>, String> {
    let files = p.all("filename");
    if files.is_empty() {
        return Err("error: must specify one of -f and -k".into());
    }
    let mut docs = Vec::new();
    for f in files {
        let (text, source) = ctx.manifest_source(&f)?;
        let values = parse_documents(&text, &source).map_err(|e| format!("error: {e}"))?;
        for value in values {
            docs.push(Doc {
                value,
                source: source.clone(),
            });
        }
    }
    if docs.is_empty() {
        return Err("error: no objects passed to apply".into());
    }
    Ok(docs)
}

/// kubectl's rendering of the command for `kubernetes.io/change-cause` (`--record`):
/// `kubectl <command> <args> --flag=value…`.
pub fn change_cause(command: &str, p: &Parsed, raw: &[String]) -> String {
    let mut s = format!("kubectl {command}");
    for a in &p.positional {
        s.push(' ');
        s.push_str(a);
    }
    let mut i = 0;
    while i < raw.len() {
        let a = &raw[i];
        i += 1;
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            };
            let is_bool = matches!(
                name.as_str(),
                "record" | "overwrite" | "all" | "local" | "force" | "recursive"
            );
            let value = match value {
                Some(v) => v,
                None if is_bool => "true".into(),
                None => {
                    i += 1;
                    raw.get(i - 1).cloned().unwrap_or_default()
                }
            };
            s.push_str(&format!(" --{name}={value}"));
        } else if a.len() > 1 && a.starts_with('-') {
            let c = &a[1..2];
            let name = match c {
                "f" => "filename",
                "o" => "output",
                "n" => "namespace",
                "c" => "containers",
                "l" => "selector",
                "R" => "recursive",
                _ => c,
            };
            let value = if a.len() > 2 {
                a[2..].trim_start_matches('=').to_string()
            } else if name == "recursive" {
                "true".into()
            } else {
                i += 1;
                raw.get(i - 1).cloned().unwrap_or_default()
            };
            s.push_str(&format!(" --{name}={value}"));
        }
    }
    s
}

pub(super) fn set_annotation(v: &mut Value, key: &str, value: String) {
    let meta = v
        .as_object_mut()
        .map(|o| o.entry("metadata").or_insert_with(|| json!({})));
    if let Some(meta) = meta.and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations").or_insert_with(|| json!({}));
        if !ann.is_object() {
            *ann = json!({});
        }
        ann[key] = json!(value);
    }
}

/// `CreateApplyAnnotation`: the object as sent (namespace filled in, without the annotation
/// itself), as JSON, in the last-applied-configuration annotation.
pub(super) fn save_config(value: &mut Value, r: Resource, ns: &str) {
    let mut config = value.clone();
    if let Some(m) = config.get_mut("metadata").and_then(Value::as_object_mut) {
        if r.namespaced() {
            m.insert("namespace".into(), json!(ns));
        }
        let ann = m.entry("annotations").or_insert_with(|| json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        }
    }
    let last_applied = format!("{}\n", serde_json::to_string(&config).unwrap_or_default());
    set_annotation(value, LAST_APPLIED, last_applied);
}

/// The version half of a manifest's `apiVersion` (`v1` of `apps/v1`), its REST mapping's.
pub(super) fn manifest_version(doc: &Value) -> &str {
    doc.get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("")
}

/// Namespace for a document: its own, or `-n`, or `default`; a conflict is kubectl's error.
pub(super) fn doc_namespace(doc: &Value, p: &Parsed) -> Result<String, String> {
    let own = doc
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let flag = p.get("namespace").filter(|s| !s.is_empty());
    match (own, flag) {
        (Some(o), Some(f)) if o != f => Err(format!(
            "error: the namespace from the provided object \"{o}\" does not match the namespace \"{f}\". You must pass '--namespace={o}' to perform this operation."
        )),
        (Some(o), _) => Ok(o.to_string()),
        (None, Some(f)) => Ok(f.to_string()),
        (None, None) => Ok(args::context_namespace()),
    }
}

fn dry_run_suffix(p: &Parsed) -> Result<&'static str, String> {
    super::patch::dry_run(p)
        .map(super::patch::dry_suffix)
        .map_err(|e| format!("error: {}", e.text()))
}

pub fn apply(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    run(cluster, raw, ctx, true)
}

pub fn create(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    run(cluster, raw, ctx, false)
}

fn run(cluster: &mut Cluster, raw: &[String], ctx: &Ctx, is_apply: bool) -> CommandOutput {
    let command = if is_apply { "apply" } else { "create" };
    let flags = if is_apply {
        FLAGS
    } else {
        &FLAGS[..CREATE_FLAGS]
    };
    let p = match args::parse(raw, flags, command) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let record = p.bool("record", false).unwrap_or(false);
    // apply's ToOptions and create's ValidateArgs reject arguments before any -f is read (a URL
    // with a space typed unquoted splits into a URL and an argument; `kubectl create
    // nginx.yaml` forgets the -f).
    if !p.positional.is_empty() {
        out.fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {command} -h' for help and examples",
            p.positional.join(" ")
        ));
        return out;
    }
    let suffix = match dry_run_suffix(&p) {
        Ok(s) => s,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    if let Some(v) = p.get("validate") {
        if super::args::parse_bool(v).is_none() && !matches!(v, "strict" | "warn" | "ignore") {
            out.fail(format!(
                "error: invalid - validate option {}; must be one of: strict (or true), warn, ignore (or false)",
                crate::api::yaml::go_quote(v)
            ));
            return out;
        }
    }
    // ApplyOptions.Validate
    let server_side = is_apply && p.bool("server-side", false).unwrap_or(false);
    if is_apply && p.bool("force-conflicts", false).unwrap_or(false) && !server_side {
        out.fail("error: --force-conflicts only works with --server-side");
        return out;
    }
    if server_side && suffix == " (dry run)" {
        out.fail("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
        return out;
    }
    if server_side && p.bool("force", false).unwrap_or(false) {
        out.fail("error: --force cannot be used with --server-side");
        return out;
    }
    // PrintFlags.ToPrinter: `-o` prints each object instead of the name and what happened
    let output = match super::mutate::output_of(&p) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let mut printed_objects = 0;
    let docs = match read_docs(&p, ctx) {
        Ok(d) => d,
        Err(e) if !is_apply => {
            out.fail(e.replace("no objects passed to apply", "no objects passed to create"));
            return out;
        }
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // Map every document first: kubectl resolves the whole input before it acts.
    let mut mapped = Vec::new();
    for d in docs {
        if let Err(e) = resolve_doc(&d.value, &d.source) {
            out.fail(format!("error: {e}"));
            return out;
        }
        let ns = match doc_namespace(&d.value, &p) {
            Ok(ns) => ns,
            Err(e) => {
                out.fail(e);
                return out;
            }
        };
        mapped.push((d, ns));
    }
    let cause = record.then(|| change_cause(command, &p, raw));
    let mut errors = Vec::new();
    for (doc, ns) in mapped {
        let Some(r) = resource_of(&doc.value) else {
            continue;
        };
        let mut value = doc.value.clone();
        if let Some(c) = &cause {
            set_annotation(&mut value, CHANGE_CAUSE, c.clone());
        }
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let printed = format!("{}/{}", r.qualified_singular(), name);
        if is_apply && name.is_empty() && value.pointer("/metadata/generateName").is_none() {
            let version = manifest_version(&value);
            // GroupVersionResource/Kind.String(): `apps/v1, …`, `/v1, …` for the core group
            let gv = format!("{}/{version}", r.group());
            errors.push(format!(
                "error: error when retrieving current configuration of:\nResource: \"{gv}, Resource={}\", GroupVersionKind: \"{gv}, Kind={}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{}\": resource name may not be empty",
                r.plural(),
                r.kind(),
                if r.namespaced() { ns.as_str() } else { "" },
                doc.source
            ));
            continue;
        }
        // kubectl reads (and patches) the live object in the manifest's version
        let existing = if r == Resource::HorizontalPodAutoscaler
            && value.get("apiVersion").and_then(Value::as_str) == Some("autoscaling/v1")
        {
            cluster
                .store()
                .hpas
                .get(&crate::api::ObjKey::new(ns.clone(), name.clone()))
                .map(crate::api::autoscaling::hpa_to_v1_value)
        } else {
            cluster.object_value(r, &ns, &name)
        };
        if is_apply && !server_side {
            save_config(&mut value, r, &ns);
        }
        match existing {
            // Server-side apply: the manifest's fields are set, nothing else is touched, and
            // kubectl says so whatever changed. (kubeplay keeps no managedFields: a field another
            // manager owns is taken over instead of reported as a conflict.)
            _ if server_side => {
                let sent = match &existing {
                    None => value,
                    Some(current) => three_way_merge(None, &value, current),
                };
                let result = match &existing {
                    _ if !suffix.is_empty() => Ok(()),
                    None => cluster.create_value(sent.clone(), &ns).map(|_| ()),
                    Some(_) => cluster.update_value(sent.clone()).map(|_| ()),
                };
                match result {
                    Ok(()) => {
                        let shown = shown_object(cluster, r, &ns, &name, !suffix.is_empty(), sent);
                        let operation = format!("serverside-applied{suffix}");
                        print_object(&mut out, output, &printed, &operation, &shown, &mut printed_objects);
                    }
                    // the apply PATCH's error as the server words it, without a source
                    Err(e) => errors.push(e.to_kubectl()),
                }
            }
            None => {
                let result = match suffix.is_empty() {
                    true => cluster.create_value(value.clone(), &ns).map(|_| ()),
                    false => Ok(()),
                };
                match result {
                    Ok(()) => {
                        let shown = shown_object(cluster, r, &ns, &name, !suffix.is_empty(), value);
                        let operation = format!("created{suffix}");
                        print_object(&mut out, output, &printed, &operation, &shown, &mut printed_objects);
                    }
                    Err(e) => errors.push(e.with_source("creating", &doc.source)),
                }
            }
            Some(current) if is_apply => {
                let original = current
                    .pointer("/metadata/annotations")
                    .and_then(|a| a.get(LAST_APPLIED))
                    .and_then(Value::as_str)
                    .and_then(|s| serde_json::from_str::<Value>(s).ok());
                let has_last_applied = current
                    .pointer("/metadata/annotations")
                    .and_then(|a| a.get(LAST_APPLIED))
                    .is_some();
                if !has_last_applied && suffix != " (dry run)" {
                    out.err(format!(
                        "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                        r.plural()
                    ));
                }
                // patcher.patchSimple: the three-way patch is sent unless it is `{}`, and kubectl
                // says `configured` for any patch it sent, `unchanged` otherwise.
                // the builder's DefaultNamespace() put the namespace into the object read
                let mut modified = value.clone();
                if let (true, Some(m)) = (
                    r.namespaced(),
                    modified.get_mut("metadata").and_then(Value::as_object_mut),
                ) {
                    m.insert("namespace".into(), json!(ns));
                }
                let patch = match three_way_patch(original.as_ref(), &modified, &current, r.kind()) {
                    Ok(p) => p,
                    Err(e) => {
                        errors.push(format!("error: {}", e.message()));
                        continue;
                    }
                };
                let merged = match (&current, patch.is_empty()) {
                    (Value::Object(c), false) => {
                        match super::patch::strategic_merge(c.clone(), patch.clone(), r.kind()) {
                            Ok(m) => Value::Object(m),
                            Err(e) => {
                                errors.push(format!("error: {}", e.message()));
                                continue;
                            }
                        }
                    }
                    _ => current.clone(),
                };
                let result = match (suffix.is_empty(), patch.is_empty()) {
                    (true, false) => cluster.update_value(merged.clone()).map(|_| ()),
                    _ => Ok(()),
                };
                match result {
                    Ok(()) => {
                        let shown = shown_object(cluster, r, &ns, &name, !suffix.is_empty(), merged);
                        // a client dry run computes no patch (applyOneObject)
                        let operation = match patch.is_empty() && suffix != " (dry run)" {
                            false => format!("configured{suffix}"),
                            true => format!("unchanged{suffix}"),
                        };
                        print_object(&mut out, output, &printed, &operation, &shown, &mut printed_objects);
                    }
                    Err(e) => errors.push(apply_patch_error(&e, r, &doc.source)),
                }
            }
            Some(_) => errors.push(format!(
                "Error from server (AlreadyExists): error when creating \"{}\": {} \"{name}\" already exists",
                doc.source,
                r.qualified_plural()
            )),
        }
    }
    for e in errors {
        out.fail(e);
    }
    out
}

fn apply_patch_error(e: &crate::api::server::ApiError, _r: Resource, source: &str) -> String {
    e.with_source("applying patch", source)
}

/// The merge server-side apply uses here (client-side apply sends [`three_way_patch`]): fields
/// in `modified` win; fields that were in the last
/// applied configuration (`original`) but are gone from `modified` are removed; everything else
/// in `current` (set by others, or defaulted) stays. Lists of named objects (containers, ports
/// with names, env) merge by name as a strategic merge patch does.
pub fn three_way_merge(original: Option<&Value>, modified: &Value, current: &Value) -> Value {
    match (modified, current) {
        (Value::Object(m), Value::Object(c)) => {
            let o = original.and_then(Value::as_object);
            let mut result: Map<String, Value> = c.clone();
            if let Some(o) = o {
                for k in o.keys() {
                    if !m.contains_key(k) {
                        result.remove(k);
                    }
                }
            }
            for (k, mv) in m {
                let merged = match c.get(k) {
                    Some(cv) => three_way_merge(o.and_then(|o| o.get(k)), mv, cv),
                    None => mv.clone(),
                };
                result.insert(k.clone(), merged);
            }
            Value::Object(result)
        }
        (Value::Array(m), Value::Array(c)) if is_named_list(m) && is_named_list(c) => {
            let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
            let orig = original.and_then(Value::as_array);
            let mut result: Vec<Value> = m
                .iter()
                .map(|mv| {
                    let n = name(mv);
                    let cv = c.iter().find(|cv| name(cv) == n);
                    let ov = orig.and_then(|o| o.iter().find(|ov| name(ov) == n));
                    match cv {
                        Some(cv) => three_way_merge(ov, mv, cv),
                        None => mv.clone(),
                    }
                })
                .collect();
            for cv in c {
                let n = name(cv);
                let in_modified = m.iter().any(|mv| name(mv) == n);
                let in_original = orig.is_some_and(|o| o.iter().any(|ov| name(ov) == n));
                if !in_modified && !in_original {
                    result.push(cv.clone());
                }
            }
            Value::Array(result)
        }
        _ => modified.clone(),
    }
}

fn is_named_list(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|v| v.get("name").and_then(Value::as_str).is_some())
}

// ---------------------------------------------------------------------------------------------
// Client-side apply's patch: apimachinery strategicpatch `CreateThreeWayMergePatch` (v0.33).

/// `DiffOptions` of strategicpatch's `diffMaps`.
#[derive(Clone, Copy)]
struct DiffOptions {
    ignore_changes: bool,
    ignore_deletions: bool,
    retain_keys: bool,
}

/// Fields whose `patchStrategy` includes `retainKeys` (DeploymentSpec.strategy, PodSpec.volumes).
fn retain_keys(ty: &str, key: &str) -> bool {
    matches!(
        (ty, key),
        ("WorkloadSpec", "strategy") | ("PodSpec", "volumes")
    )
}

/// `reflect.DeepEqual` of values decoded by encoding/json, where every number is a float64.
fn deep_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| deep_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_eq(v, w)))
        }
        _ => a == b,
    }
}

/// `reflect.TypeOf` equality of decoded JSON values (numbers are all float64).
fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `fmt.Sprintf("%v", v)`, the sort key of scalars and merge keys.
fn sort_key(v: &Value) -> String {
    super::patch::go_fmt(v)
}

/// CreateThreeWayMergePatch: the changes from `current` to `modified` (no deletions), plus the
/// deletions from `original` (the last applied configuration) to `modified`. An empty map is
/// kubectl's `{}` patch: the object is `unchanged`.
pub fn three_way_patch(
    original: Option<&Value>,
    modified: &Value,
    current: &Value,
    kind: &str,
) -> Result<Map<String, Value>, SmpError> {
    let empty = Map::new();
    let as_map = |v: Option<&Value>| v.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (original, modified, current) = (
        as_map(original),
        as_map(Some(modified)),
        as_map(Some(current)),
    );
    let delta = diff_maps(
        &current,
        &modified,
        kind,
        DiffOptions {
            ignore_changes: false,
            ignore_deletions: true,
            retain_keys: false,
        },
    )?;
    let deletions = diff_maps(
        &original,
        &modified,
        kind,
        DiffOptions {
            ignore_changes: true,
            ignore_deletions: false,
            retain_keys: false,
        },
    )?;
    Ok(merge_patches(deletions, delta, kind))
}

/// mergeMap(deletions, delta) without parallel-list merging: the two patches meet only in
/// maps (merged), merge lists (delete directives, then changed items, the items of one merge key
/// merged; their `$setElementOrder` lists are equal) and directives (equal).
fn merge_patches(
    mut base: Map<String, Value>,
    add: Map<String, Value>,
    ty: &str,
) -> Map<String, Value> {
    for (k, v) in add {
        let merged = match (base.remove(&k), v) {
            (Some(Value::Object(b)), Value::Object(a)) => {
                Value::Object(merge_patches(b, a, child(ty, &k)))
            }
            (Some(Value::Array(mut b)), Value::Array(a)) if !k.starts_with('$') => {
                let mk = list_key(ty, &k).unwrap_or("");
                for item in a {
                    let same = b.iter().position(|x| {
                        !mk.is_empty() && x.get(mk).is_some() && x.get(mk) == item.get(mk)
                    });
                    match (same, item) {
                        (Some(i), Value::Object(im)) => {
                            if let Value::Object(bm) = b[i].take() {
                                b[i] = Value::Object(merge_patches(bm, im, child(ty, &k)));
                            }
                        }
                        (_, item) => b.push(item),
                    }
                }
                Value::Array(b)
            }
            (_, v) => v,
        };
        base.insert(k, merged);
    }
    base
}

/// strategicpatch `diffMaps`.
fn diff_maps(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    ty: &str,
    o: DiffOptions,
) -> Result<Map<String, Value>, SmpError> {
    let mut patch = Map::new();
    let mut retain = Vec::new();
    for (key, mv) in modified {
        if o.retain_keys && !mv.is_null() {
            retain.push(key.clone());
        }
        let Some(ov) = original.get(key) else {
            if !o.ignore_changes {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        };
        if key == "$patch" {
            match (ov.as_str(), mv.as_str()) {
                (Some(a), Some(b)) if a != b => {
                    patch.insert(key.clone(), mv.clone());
                }
                (Some(_), Some(_)) => {}
                _ => {
                    return Err(SmpError::Internal(
                        "invalid value for special key: $patch".into(),
                    ))
                }
            }
            continue;
        }
        if !same_type(ov, mv) {
            if !o.ignore_changes {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        match (ov, mv) {
            (Value::Object(om), Value::Object(mm)) => {
                let sub = DiffOptions {
                    retain_keys: retain_keys(ty, key),
                    ..o
                };
                let pv = diff_maps(om, mm, child(ty, key), sub)?;
                if !pv.is_empty() {
                    patch.insert(key.clone(), Value::Object(pv));
                }
            }
            (Value::Array(ol), Value::Array(ml)) if list_key(ty, key).is_some() => {
                let sub = DiffOptions {
                    retain_keys: retain_keys(ty, key),
                    ..o
                };
                let mk = list_key(ty, key).unwrap_or("");
                let (add, del, order) = diff_lists(ol, ml, child(ty, key), mk, sub)?;
                if !add.is_empty() {
                    patch.insert(key.clone(), Value::Array(add));
                }
                if !del.is_empty() {
                    patch.insert(format!("$deleteFromPrimitiveList/{key}"), Value::Array(del));
                }
                if !order.is_empty() {
                    patch.insert(format!("$setElementOrder/{key}"), Value::Array(order));
                }
            }
            _ => {
                if !o.ignore_changes && !deep_eq(ov, mv) {
                    patch.insert(key.clone(), mv.clone());
                }
            }
        }
    }
    if !o.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    // hasAdditionalNewField: a field of the original that the modified map lacks.
    let additional = original
        .iter()
        .any(|(k, v)| !v.is_null() && !modified.contains_key(k));
    if !retain.is_empty() && (!patch.is_empty() || additional) {
        crate::sort::sort_by_key(&mut retain, |k| k.clone());
        patch.insert(
            "$retainKeys".into(),
            Value::Array(retain.into_iter().map(Value::String).collect()),
        );
    }
    Ok(patch)
}

/// The patch list, the deletions of a list of scalars and the `$setElementOrder` list.
type ListDiff = (Vec<Value>, Vec<Value>, Vec<Value>);

/// strategicpatch `diffLists`: additions/changes (with delete directives appended), deletions
/// from a list of scalars, and the `$setElementOrder` list.
fn diff_lists(
    original: &[Value],
    modified: &[Value],
    ty: &str,
    mk: &str,
    o: DiffOptions,
) -> Result<ListDiff, SmpError> {
    if original.is_empty() {
        if modified.is_empty() || o.ignore_changes {
            return Ok(Default::default());
        }
        return Ok((modified.to_vec(), Vec::new(), Vec::new()));
    }
    let in_modified = |v: &Value| {
        let id = if mk.is_empty() { Some(v) } else { v.get(mk) };
        modified.iter().position(|m| {
            let mid = if mk.is_empty() { Some(m) } else { m.get(mk) };
            mid.is_some() && mid == id
        })
    };
    if element_kind(original, modified)? {
        for v in original.iter().chain(modified) {
            if v.get(mk).is_none() {
                return Err(no_merge_key(v, mk));
            }
        }
        let (mut changed, deletes) = diff_lists_of_maps(original, modified, ty, mk, o)?;
        crate::sort::sort_by_key(&mut changed, |v| in_modified(v));
        let order_same = original.len() == modified.len()
            && original
                .iter()
                .zip(modified)
                .all(|(a, b)| a.get(mk) == b.get(mk));
        changed.extend(deletes);
        let want_order = (!o.ignore_changes && (!changed.is_empty() || !order_same))
            || (!o.ignore_deletions && !changed.is_empty());
        let order = match want_order {
            true => modified
                .iter()
                .map(|v| {
                    let mut m = Map::new();
                    m.insert(mk.to_string(), v.get(mk).cloned().unwrap_or(Value::Null));
                    Value::Object(m)
                })
                .collect(),
            false => Vec::new(),
        };
        return Ok((changed, Vec::new(), order));
    }
    let (mut add, del) = diff_lists_of_scalars(original, modified, o);
    crate::sort::sort_by_key(&mut add, |v| in_modified(v));
    let changed = original.len() != modified.len()
        || original.iter().zip(modified).any(|(a, b)| !deep_eq(a, b));
    let order = match (!o.ignore_deletions && !del.is_empty()) || (!o.ignore_changes && changed) {
        true => modified.to_vec(),
        false => Vec::new(),
    };
    Ok((add, del, order))
}

/// strategicpatch `diffListsOfMaps`: both lists walked in merge-key order (`%v` strings).
fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    ty: &str,
    mk: &str,
    o: DiffOptions,
) -> Result<(Vec<Value>, Vec<Value>), SmpError> {
    let sorted = |l: &[Value]| {
        let mut l = l.to_vec();
        crate::sort::sort_by_key(&mut l, |v| sort_key(v.get(mk).unwrap_or(&Value::Null)));
        l
    };
    let (os, ms) = (sorted(original), sorted(modified));
    let (mut patch, mut deletes) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < os.len() || j < ms.len() {
        let ok = os
            .get(i)
            .map(|v| sort_key(v.get(mk).unwrap_or(&Value::Null)));
        let mkey = ms
            .get(j)
            .map(|v| sort_key(v.get(mk).unwrap_or(&Value::Null)));
        let added = match (&ok, &mkey) {
            (Some(a), Some(b)) if a == b => {
                let (Value::Object(om), Value::Object(mm)) = (&os[i], &ms[j]) else {
                    return Err(no_merge_key(&os[i], mk));
                };
                let mut pv = diff_maps(om, mm, ty, o)?;
                if !pv.is_empty() {
                    pv.insert(mk.to_string(), mm.get(mk).cloned().unwrap_or(Value::Null));
                    patch.push(Value::Object(pv));
                }
                i += 1;
                j += 1;
                continue;
            }
            (None, _) => true,
            (Some(a), Some(b)) => a > b,
            (Some(_), None) => false,
        };
        if added {
            if !o.ignore_changes {
                patch.push(ms[j].clone());
            }
            j += 1;
        } else {
            if !o.ignore_deletions {
                let mut d = Map::new();
                d.insert("$patch".into(), Value::String("delete".into()));
                d.insert(
                    mk.to_string(),
                    os[i].get(mk).cloned().unwrap_or(Value::Null),
                );
                deletes.push(Value::Object(d));
            }
            i += 1;
        }
    }
    Ok((patch, deletes))
}

/// strategicpatch `diffListsOfScalars`: additions and (deduplicated) deletions, comparing the
/// sorted `%v` strings.
fn diff_lists_of_scalars(
    original: &[Value],
    modified: &[Value],
    o: DiffOptions,
) -> (Vec<Value>, Vec<Value>) {
    let sorted = |l: &[Value]| {
        let mut l = l.to_vec();
        crate::sort::sort_by_key(&mut l, sort_key);
        l
    };
    let (os, ms) = (sorted(original), sorted(modified));
    let (mut add, mut del): (Vec<Value>, Vec<Value>) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < os.len() || j < ms.len() {
        let a = os.get(i).map(sort_key);
        let b = ms.get(j).map(sort_key);
        match (a, b) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (None, Some(_)) => {
                if !o.ignore_changes {
                    add.push(ms[j].clone());
                }
                j += 1;
            }
            (Some(a), Some(b)) if a > b => {
                if !o.ignore_changes {
                    add.push(ms[j].clone());
                }
                j += 1;
            }
            _ => {
                if !o.ignore_deletions && !del.contains(&os[i]) {
                    del.push(os[i].clone());
                }
                i += 1;
            }
        }
    }
    (add, del)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_field_is_dropped_and_others_kept() {
        let original = json!({"spec": {"replicas": 3, "paused": false}});
        let modified = json!({"spec": {"paused": false}});
        let current = json!({"spec": {"replicas": 5, "paused": false, "revisionHistoryLimit": 10}});
        let merged = three_way_merge(Some(&original), &modified, &current);
        assert_eq!(
            merged,
            json!({"spec": {"paused": false, "revisionHistoryLimit": 10}})
        );
    }

    #[test]
    fn containers_merge_by_name_keeping_defaults() {
        let original = json!({"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]});
        let modified = json!({"containers": [{"name": "nginx", "image": "nginx:1.16.1"}]});
        let current = json!({"containers": [{"name": "nginx", "image": "nginx:1.14.2", "imagePullPolicy": "IfNotPresent"}]});
        let merged = three_way_merge(Some(&original), &modified, &current);
        assert_eq!(
            merged,
            json!({"containers": [{"name": "nginx", "image": "nginx:1.16.1", "imagePullPolicy": "IfNotPresent"}]})
        );
    }

    #[test]
    fn change_cause_renders_flags_long_form() {
        let raw: Vec<String> = "-f nginx-deploy.yaml --record"
            .split(' ')
            .map(String::from)
            .collect();
        let p = args::parse(&raw, FLAGS, "apply").unwrap();
        assert_eq!(
            change_cause("apply", &p, &raw),
            "kubectl apply --filename=nginx-deploy.yaml --record=true"
        );
    }
}
