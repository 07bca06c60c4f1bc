//! Commands that change objects: `scale`, `set image`, `set resources`, `delete`.

use super::apply::{change_cause, CHANGE_CAUSE};
use super::args::{self, boolean, flag, short, short_bool};
use super::patch::{dry_suffix, finish, verbatim, Fail};
use super::resource::Resource;
use super::selector::Selector;
use super::Ctx;
use super::NO_RESOURCES;
use crate::api::ObjKey;
use crate::controllers::gc::Propagation;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

/// Kinds with a pod template, for `set` and `scale`.
fn has_template(r: Resource) -> bool {
    matches!(
        r,
        Resource::Deployment | Resource::ReplicaSet | Resource::StatefulSet
    )
}

/// Sends an update, or only pretends to: `--dry-run=client` sends nothing, `--dry-run=server`
/// has the API server admit it without storing it (a scratch copy of the cluster takes it).
pub(super) fn submit(
    cluster: &mut Cluster,
    v: Value,
    dry: Option<&str>,
) -> Result<(), crate::api::server::ApiError> {
    match dry {
        Some("client") => Ok(()),
        Some(_) => cluster.clone().update_value(v).map(|_| ()),
        None => cluster.update_value(v).map(|_| ()),
    }
}

/// `-o` of a command that prints the objects it changed: `None` for the name printer's
/// sentence, or kubectl's error for a format it has no printer for.
pub(super) fn output_of(p: &args::Parsed) -> Result<Option<&str>, String> {
    let o = p.get("output").filter(|o| !o.is_empty());
    super::patch::check_output(o).map_err(|e| format!("error: {}", e.text()))?;
    Ok(o)
}

/// Submits an object a command changed, then prints it as `-o` asks (the object the server
/// stored, or the one a client dry run would have sent), else `<kind>/<name> <operation>`.
/// The `set` commands' builders decode into the Go types (`WithScheme(scheme.Scheme, …)`), and
/// their patch's answer is decoded the same way, so `-o json` is in struct field order.
pub(super) fn submit_printed(
    cluster: &mut Cluster,
    r: Resource,
    v: Value,
    dry: Option<&str>,
    output: Option<&str>,
    operation: &str,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let meta = |k: &str| {
        v.pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (ns, name) = (meta("namespace"), meta("name"));
    let sent = v.clone();
    submit(cluster, v, dry).map_err(|e| e.to_kubectl())?;
    let shown = shown_object(cluster, r, &ns, &name, dry.is_some(), sent);
    let printed = format!("{}/{name}", r.qualified_singular());
    let operation = format!("{operation}{}", dry_suffix(dry));
    super::patch::print_typed_object(out, output, &printed, &operation, &shown, &mut 0);
    Ok(())
}

/// What `-o` prints for an object a command wrote: the server's copy, or on a dry run the
/// object kubectl sent.
pub(super) fn shown_object(
    cluster: &Cluster,
    r: Resource,
    ns: &str,
    name: &str,
    dry_run: bool,
    sent: Value,
) -> Value {
    match dry_run {
        false => cluster.object_value(r, ns, name).unwrap_or(sent),
        true => sent,
    }
}

/// `--dry-run` as `GetDryRunStrategy` reads it, with kubectl's error.
pub(super) fn dry_run_of(p: &args::Parsed) -> Result<Option<&'static str>, String> {
    super::patch::dry_run(p).map_err(|e| format!("error: {}", e.text()))
}

/// The builder for `TYPE NAME…` / `TYPE/NAME…` arguments with `-l` / `--all`: nothing at all is kubectl's "You must provide one or
/// more resources"; see [`super::select_objects`] for the rest.
fn selected_from(
    cluster: &Cluster,
    args: &[String],
    p: &args::Parsed,
    ns: &str,
) -> Result<Vec<(Resource, Option<String>)>, String> {
    let targets = super::resource_args(args)?;
    let selecting =
        p.get("selector").is_some_and(|s| !s.is_empty()) || p.bool("all", false).unwrap_or(false);
    if targets.is_empty() && !selecting {
        return Err(format!("error: {NO_RESOURCES}"));
    }
    super::select_objects(cluster, targets, p, ns, false)
}

/// [`selected_from`], then every object is fetched.
pub(super) fn fetch_named(
    cluster: &Cluster,
    args: &[String],
    p: &args::Parsed,
    ns: &str,
) -> Result<Vec<(Resource, String, Value)>, String> {
    let targets = selected_from(cluster, args, p, ns)?;
    named_objects(cluster, &targets, ns)
}

/// Resolves `TYPE NAME` / `TYPE/NAME` arguments to existing objects, or kubectl's errors.
fn named_objects(
    cluster: &Cluster,
    targets: &[(Resource, Option<String>)],
    ns: &str,
) -> Result<Vec<(Resource, String, Value)>, String> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (r, n) in targets {
        let Some(n) = n else {
            return Err("error: resource(s) were provided, but no name was specified".into());
        };
        match cluster.object_value(*r, ns, n) {
            Some(v) => out.push((*r, n.clone(), v)),
            // `Infos()` fails with every NotFound, one line each
            None => missing.push(super::not_found(*r, n)),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing.join("\n"))
    }
}

pub fn scale(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let flags = [
        flag("replicas"),
        flag("current-replicas"),
        flag("resource-version"),
        short("filename", 'f'),
        short("selector", 'l'),
        boolean("all"),
        flag("timeout"),
        short("output", 'o'),
        flag("dry-run"),
        boolean("record"),
    ];
    let p = match args::parse(raw, &flags, "scale") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let (dry, output) = match dry_run_of(&p).and_then(|d| Ok((d, output_of(&p)?))) {
        Ok(x) => x,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // pflag int flags (Go's strconv.ParseInt with base prefixes)
    let (replicas, current) = match (
        p.int("replicas", "scale"),
        p.int("current-replicas", "scale"),
    ) {
        (Err(e), _) | (_, Err(e)) => {
            out.fail(e);
            return out;
        }
        (Ok(None), _) => {
            out.fail("error: required flag(s) \"replicas\" not set");
            return out;
        }
        (Ok(Some(r)), Ok(c)) => (r, c),
    };
    if replicas < 0 {
        out.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        return out;
    }
    let ns = p.namespace();
    let targets = match selected_from(cluster, &p.positional, &p, &ns) {
        Ok(t) if t.is_empty() => {
            out.fail("error: no objects passed to scale");
            return out;
        }
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // kubectl visits every object and keeps the ones it could fetch; the second visit goes in
    // argument order, a missing object an error in its place
    let mut missing = Vec::new();
    let mut visit = Vec::new();
    for (r, n) in &targets {
        let n = n.clone().unwrap_or_default();
        match cluster.object_value(*r, &ns, &n) {
            Some(v) => visit.push(Ok((*r, n, v))),
            None => {
                missing.push(format!("{} \"{n}\" not found", r.qualified_plural()));
                visit.push(Err(super::not_found(*r, &n)));
            }
        }
    }
    let found = visit.len() - missing.len();
    if found == 0 {
        let why = match missing.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        out.fail(format!("error: no objects passed to scale {why}"));
        return out;
    }
    let record = p.bool("record", false).unwrap_or(false);
    let resource_version = p.get("resource-version").filter(|v| !v.is_empty());
    if resource_version.is_some() && found > 1 {
        out.fail("error: cannot use --resource-version with multiple resources");
        return out;
    }
    let mut errors = Vec::new();
    for target in visit {
        let (r, name, mut v) = match target {
            Ok(t) => t,
            Err(e) => {
                errors.push(verbatim(e));
                continue;
            }
        };
        if !has_template(r) {
            // no scale subresource
            errors.push(verbatim(
                "Error from server (NotFound): the server could not find the requested resource"
                    .to_string(),
            ));
            continue;
        }
        let actual = v
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        let live_rv = v
            .pointer("/metadata/resourceVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let precondition = current.is_some_and(|c| c != -1) || resource_version.is_some();
        if let Some(c) = current.filter(|&c| c != -1) {
            if c != actual {
                errors.push(verbatim(format!(
                    "error: Expected replicas to be {c}, was {actual}"
                )));
                continue;
            }
        }
        if let Some(rv) = resource_version {
            if rv != live_rv {
                errors.push(verbatim(format!(
                    "error: Expected resource version to be {rv}, was {live_rv}"
                )));
                continue;
            }
        }
        // with a precondition kubectl updates the Scale with int32(newSize); without, it sends
        // a merge patch that the server cannot decode into an int32
        let size = if precondition {
            let wrapped = replicas as u64 as u32 as i32;
            if wrapped < 0 {
                errors.push(verbatim(format!("The Scale \"{name}\" is invalid: spec.replicas: Invalid value: {wrapped}: must be greater than or equal to 0")));
                continue;
            }
            wrapped as i64
        } else if replicas > i32::MAX as i64 {
            errors.push(verbatim(scale_patch_error(&v, replicas)));
            continue;
        } else {
            replicas
        };
        let recorded = v
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(CHANGE_CAUSE))
            .cloned();
        // kubectl 1.33 prints the object its (unstructured) builder fetched, as it was before
        // the scale: keys sorted, the old replicas and resourceVersion
        let fetched = v.clone();
        v["spec"]["replicas"] = json!(size);
        if let Err(e) = submit(cluster, v, dry) {
            errors.push(verbatim(e.to_kubectl()));
            continue;
        }
        let printed = format!("{}/{name}", r.qualified_singular());
        let operation = format!("scaled{}", dry_suffix(dry));
        super::patch::print_object(&mut out, output, &printed, &operation, &fetched, &mut 0);
        if record && dry.is_none() {
            let cause = change_cause("scale", &p, raw);
            if recorded.as_ref().and_then(Value::as_str) != Some(cause.as_str()) {
                record_change_cause(cluster, r, &ns, &name, cause);
            }
        }
    }
    finish(&mut out, errors);
    out
}

/// Recorder.MakeRecordMergePatch after a scale: a second write, setting only the change-cause
/// (kubectl ignores its failure).
fn record_change_cause(cluster: &mut Cluster, r: Resource, ns: &str, name: &str, cause: String) {
    if let Some(mut live) = cluster.object_value(r, ns, name) {
        set_change_cause(&mut live, cause);
        let _ = cluster.update_value(live);
    }
}

/// The API server's answer to the scale subresource patch `{"spec":{"replicas":N}}` with N out
/// of int32 range: the patched Scale (keys sorted, as the merge patch re-encodes it) does not
/// decode.
fn scale_patch_error(obj: &Value, replicas: i64) -> String {
    let meta = |k: &str| {
        obj.pointer(&format!("/metadata/{k}"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let selector: crate::api::LabelSelector = obj
        .pointer("/spec/selector")
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .unwrap_or_default();
    let status_replicas = obj
        .pointer("/status/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let scale = format!(
        "{{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{{\"creationTimestamp\":{},\"name\":{},\"namespace\":{},\"resourceVersion\":{},\"uid\":{}}},\"spec\":{{\"replicas\":{replicas}}},\"status\":{{\"replicas\":{status_replicas},\"selector\":{}}}}}",
        meta("creationTimestamp"),
        meta("name"),
        meta("namespace"),
        meta("resourceVersion"),
        meta("uid"),
        json!(selector.to_selector_string()),
    );
    format!(
        "The request is invalid: patch: Invalid value: {}: json: cannot unmarshal number {replicas} into Go struct field ScaleSpec.spec.replicas of type int32",
        crate::api::yaml::go_quote(&scale)
    )
}

pub fn set(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let i = raw.iter().position(|a| !a.starts_with('-')).filter(|&i| {
        matches!(
            raw[i].as_str(),
            "image" | "resources" | "env" | "selector" | "serviceaccount" | "sa" | "subject"
        )
    });
    let Some(i) = i else {
        // cobra: the `set` command's own flags, then DefaultSubCommandRun
        let p = match args::parse(raw, &[], "set") {
            Ok(p) => p,
            Err(e) => return CommandOutput::failure(e),
        };
        if p.positional.is_empty() {
            return super::subcommand_help("set");
        }
        return CommandOutput::failure(format!(
            "error: unknown command {}\nSee 'kubectl set -h' for help and examples",
            crate::api::yaml::go_quote(&p.positional.join(" "))
        ));
    };
    let sub = raw[i].clone();
    let mut rest: Vec<String> = raw[..i].to_vec();
    rest.extend(raw[i + 1..].iter().cloned());
    match sub.as_str() {
        "image" => set_image(cluster, &rest),
        "resources" => set_resources(cluster, &rest),
        "env" => super::set_env::set_env(cluster, &rest),
        "serviceaccount" | "sa" => {
            super::set_serviceaccount::set_serviceaccount(cluster, &rest, &sub)
        }
        other => CommandOutput::failure(format!(
            "error: \"kubectl set {other}\" is not available in kubeplay"
        )),
    }
}

const SET_FLAGS: &[args::Flag] = &[
    short("filename", 'f'),
    short("selector", 'l'),
    boolean("all"),
    boolean("local"),
    short("output", 'o'),
    flag("dry-run"),
    boolean("record"),
    short("containers", 'c'),
    flag("limits"),
    flag("requests"),
    flag("field-manager"),
    short_bool("recursive", 'R'),
];

/// `cmdutil.GetResourcesAndPairs`: resources first, then `container=image` pairs (a word with
/// `=` not at its start); a resource after a pair is an error.
/// `set image` arguments: resources, and `(container, image)` pairs.
type ImageArgs = (Vec<String>, Vec<(String, String)>);

fn split_image_args(pos: &[String]) -> Result<ImageArgs, String> {
    let mut res = Vec::new();
    let mut pairs = Vec::new();
    for a in pos {
        let pair = a.contains('=') && !a.starts_with('=');
        match (pair, pairs.is_empty()) {
            (true, _) => {
                // upstream keeps the pairs in a map (`ContainerImages`): a container named
                // twice takes the last image and is reported missing once
                let (c, i) = a.split_once('=').unwrap_or_default();
                match pairs.iter_mut().find(|(name, _)| name == c) {
                    Some(pair) => pair.1 = i.to_string(),
                    None => pairs.push((c.to_string(), i.to_string())),
                }
            }
            (false, true) => res.push(a.clone()),
            (false, false) => {
                return Err(format!(
                    "error: all resources must be specified before image changes: {a}"
                ))
            }
        }
    }
    Ok((res, pairs))
}

/// `polymorphichelpers.UpdatePodSpecForObject`: where each kind keeps its pod spec.
pub(super) fn pod_spec_path(r: Resource) -> Option<&'static str> {
    match r {
        Resource::Pod => Some("/spec"),
        Resource::Deployment
        | Resource::ReplicaSet
        | Resource::StatefulSet
        | Resource::DaemonSet
        | Resource::Job => Some("/spec/template/spec"),
        Resource::CronJob => Some("/spec/jobTemplate/spec/template/spec"),
        _ => None,
    }
}

/// The containers of a pod template, or of a pod itself.
fn containers_mut(r: Resource, v: &mut Value) -> Option<&mut Vec<Value>> {
    let path = match r {
        Resource::Pod => "/spec/containers",
        _ => "/spec/template/spec/containers",
    };
    v.pointer_mut(path).and_then(Value::as_array_mut)
}

fn set_image(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, SET_FLAGS, "set image") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let (dry, output) = match dry_run_of(&p).and_then(|d| Ok((d, output_of(&p)?))) {
        Ok(x) => x,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let (res, pairs) = match split_image_args(&p.positional) {
        Ok(x) => x,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let objects = match fetch_named(cluster, &res, &p, &p.namespace()) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // SetImageOptions.Validate, after the objects were fetched
    if pairs.is_empty() {
        out.fail("error: at least one image update is required");
        return out;
    }
    if pairs.len() > 1 && pairs.iter().any(|(c, _)| c == "*") {
        out.fail("error: all containers are already specified by *, but saw more than one container_name=container_image pairs");
        return out;
    }
    let mut errors = Vec::new();
    let record = p.bool("record", false).unwrap_or(false);
    for (r, name, mut v) in objects {
        let before = v.clone();
        let spec = pod_spec_path(r).and_then(|path| v.pointer_mut(path));
        let Some(spec) = spec.and_then(Value::as_object_mut) else {
            out.fail(format!(
                "error: {}/{name} the object is not a pod or does not have a pod template: *v1.{}",
                r.plural(),
                r.kind()
            ));
            continue;
        };
        for (c, image) in &pairs {
            // setImage on the init containers, then on the containers
            let mut found = false;
            for key in ["initContainers", "containers"] {
                let Some(list) = spec.get_mut(key).and_then(Value::as_array_mut) else {
                    continue;
                };
                for cont in list.iter_mut() {
                    if c == "*" || cont.get("name").and_then(Value::as_str) == Some(c) {
                        cont["image"] = json!(image);
                        found = true;
                    }
                }
            }
            if !found {
                // reported at the end; the containers that were found are still updated
                errors.push(format!("error: unable to find container named \"{c}\""));
            }
        }
        if record {
            set_change_cause(&mut v, change_cause("set image", &p, raw));
        }
        if v == before {
            continue;
        }
        if let Err(e) = submit_printed(cluster, r, v, dry, output, "image updated", &mut out) {
            out.fail(e);
        }
    }
    for e in errors {
        out.fail(e);
    }
    out
}

pub(super) fn set_change_cause(v: &mut Value, cause: String) {
    let meta = &mut v["metadata"];
    if !meta.get("annotations").is_some_and(Value::is_object) {
        meta["annotations"] = json!({});
    }
    meta["annotations"][CHANGE_CAUSE] = json!(cause);
}

/// `cpu=200m,memory=512Mi` → map; kubectl's error for a malformed pair.
fn parse_resource_list(s: &str) -> Result<serde_json::Map<String, Value>, String> {
    let mut m = serde_json::Map::new();
    for part in s.split(',') {
        let Some((k, v)) = part.split_once('=').filter(|(_, v)| !v.contains('=')) else {
            return Err(format!(
                "error: Invalid argument syntax {part}, expected <resource>=<value>"
            ));
        };
        if crate::api::parse_bytes(v).is_none() && crate::api::parse_cpu_milli(v).is_none() {
            return Err("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".to_string());
        }
        m.insert(k.to_string(), json!(v));
    }
    Ok(m)
}

fn set_resources(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, SET_FLAGS, "set resources") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let (dry, output) = match dry_run_of(&p).and_then(|d| Ok((d, output_of(&p)?))) {
        Ok(x) => x,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    // Complete reads the objects (NotFound first), Validate then checks the requirements.
    let objects = match fetch_named(cluster, &p.positional, &p, &p.namespace()) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let limits = match p
        .get("limits")
        .filter(|l| !l.is_empty())
        .map(parse_resource_list)
        .transpose()
    {
        Ok(l) => l,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let requests = match p
        .get("requests")
        .filter(|l| !l.is_empty())
        .map(parse_resource_list)
        .transpose()
    {
        Ok(l) => l,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    if limits.is_none() && requests.is_none() {
        out.fail("error: you must specify an update to requests or limits (in the form of --requests/--limits)");
        return out;
    }
    let only = p.get("containers").unwrap_or("*").to_string();
    let record = p.bool("record", false).unwrap_or(false);
    for (r, _, mut v) in objects {
        let before = v.clone();
        let Some(containers) = containers_mut(r, &mut v) else {
            continue;
        };
        let mut matched = false;
        for c in containers.iter_mut() {
            if only != "*" && c.get("name").and_then(Value::as_str) != Some(only.as_str()) {
                continue;
            }
            matched = true;
            if !c.get("resources").is_some_and(Value::is_object) {
                c["resources"] = json!({});
            }
            for (field, list) in [("limits", &limits), ("requests", &requests)] {
                if let Some(l) = list {
                    if !c["resources"].get(field).is_some_and(Value::is_object) {
                        c["resources"][field] = json!({});
                    }
                    for (k, q) in l {
                        c["resources"][field][k] = q.clone();
                    }
                }
            }
        }
        if !matched {
            out.fail(format!("error: unable to find container named {only}"));
            continue;
        }
        // the Recorder, then CalculatePatches: an empty patch is skipped without a word
        if record {
            set_change_cause(&mut v, change_cause("set resources", &p, raw));
        }
        if v == before {
            continue;
        }
        let operation = "resource requirements updated";
        if let Err(e) = submit_printed(cluster, r, v, dry, output, operation, &mut out) {
            out.fail(e);
        }
    }
    out
}

const DELETE_FLAGS: &[args::Flag] = &[
    short("filename", 'f'),
    short("selector", 'l'),
    boolean("all"),
    short_bool("all-namespaces", 'A'),
    flag("cascade"),
    flag("grace-period"),
    boolean("now"),
    boolean("force"),
    boolean("wait"),
    flag("timeout"),
    boolean("ignore-not-found"),
    short("output", 'o'),
    flag("dry-run"),
    short_bool("recursive", 'R'),
    flag("field-selector"),
];

pub fn delete(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    let p = match args::parse(raw, DELETE_FLAGS, "delete") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let timeout = match p.duration_ms("timeout", "delete") {
        Ok(t) => t.filter(|&t| t > 0),
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let dry = match dry_run_of(&p) {
        Ok(d) => d,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let name_only = match p.get("output").unwrap_or("") {
        "" => false,
        "name" => true,
        other => {
            out.fail(format!(
                "error: unexpected -o output mode: {other}. We only support '-o name'"
            ));
            return out;
        }
    };
    let propagation = match p.get("cascade") {
        None | Some("background") | Some("true") => Propagation::Background,
        Some("foreground") => Propagation::Foreground,
        Some("orphan") => Propagation::Orphan,
        Some("false") => {
            out.err("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n");
            Propagation::Orphan
        }
        Some(other) => {
            out.fail(format!("error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""));
            return out;
        }
    };
    let mut grace: Option<i64> = match p.get("grace-period").map(str::parse::<i64>) {
        None => None,
        Some(Ok(g)) if g >= 0 => Some(g),
        Some(Ok(_)) => None,
        Some(Err(_)) => {
            let v = p.get("grace-period").unwrap_or("");
            out.fail(format!("error: invalid argument \"{v}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl delete --help' for usage."));
            return out;
        }
    };
    let now = p.bool("now", false).unwrap_or(false);
    if now && p.get("grace-period").is_some_and(|g| g != "-1") {
        out.fail("error: --now and --grace-period cannot be specified together");
        return out;
    }
    if now {
        grace = Some(1);
    }
    let force = p.bool("force", false).unwrap_or(false);
    // the resource builder's argument checks, then DeleteOptions.Validate
    let all = p.bool("all", false).unwrap_or(false);
    let label_sel = p.get("selector").map(str::trim).filter(|s| !s.is_empty());
    let field_sel = p
        .get("field-selector")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let builder_error = if all && label_sel.is_some() {
        Some("setting 'all' parameter but found a non empty selector. ")
    } else if !p.all("filename").is_empty() && !p.positional.is_empty() {
        Some("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
    } else if all || label_sel.is_some() || field_sel.is_some() {
        if p.positional.iter().any(|a| a.contains('/')) {
            Some("selectors and the all flag cannot be used when passing resource/name arguments")
        } else if p.positional.len() > 1 {
            Some("name cannot be provided when a selector is specified")
        } else {
            None
        }
    } else {
        None
    };
    if let Some(e) = builder_error {
        out.fail(format!("error: {e}"));
        return out;
    }
    if all && field_sel.is_some() {
        out.fail("error: cannot set --all and --field-selector at the same time");
        return out;
    }
    if force && grace.is_some_and(|g| g > 0) {
        out.fail("error: --force and --grace-period greater than 0 cannot be specified together");
        return out;
    }
    if force {
        if grace.is_none() {
            grace = Some(0);
        }
        if grace == Some(0) {
            out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
        }
    }
    let ns = p.namespace();
    // resource, namespace, name, and the manifest that named it (`-f`)
    let mut victims: Vec<(Resource, String, String, Option<String>)> = Vec::new();
    if !p.all("filename").is_empty() {
        match ctx.manifest_objects(&p.all("filename")) {
            Ok(objects) => victims.extend(objects.into_iter().map(|o| {
                let namespace = o.namespace.unwrap_or_else(|| ns.clone());
                (o.resource, namespace, o.name, Some(o.source))
            })),
            Err(e) => {
                out.fail(e);
                return out;
            }
        }
    } else {
        let targets = match super::resource_args(&p.positional) {
            Ok(t) => t,
            Err(e) => {
                out.fail(e);
                return out;
            }
        };
        if targets.is_empty() {
            out.fail(if all || label_sel.is_some() || field_sel.is_some() {
                "error: at least one resource must be specified to use a selector".to_string()
            } else {
                format!("error: {NO_RESOURCES}")
            });
            return out;
        }
        let selector = match label_sel.map(Selector::parse).transpose() {
            Ok(s) => s,
            Err(e) => {
                out.fail(super::selector::server_error(
                    &super::selector::gvr(targets[0].0),
                    label_sel.unwrap_or(""),
                    field_sel.unwrap_or(""),
                    &e,
                ));
                return out;
            }
        };
        for (r, n) in targets {
            match n {
                Some(n) => victims.push((r, ns.clone(), n, None)),
                None if all || selector.is_some() => {
                    for name in names_of(cluster, r, &ns) {
                        let labels = cluster
                            .object_value(r, &ns, &name)
                            .and_then(|v| v.pointer("/metadata/labels").cloned());
                        let labels: std::collections::BTreeMap<String, String> = labels
                            .and_then(|l| serde_json::from_value(l).ok())
                            .unwrap_or_default();
                        if selector.as_ref().is_none_or(|s| s.matches(&labels)) {
                            victims.push((r, ns.clone(), name, None));
                        }
                    }
                }
                None => {
                    out.fail("error: resource(s) were provided, but no name was specified");
                    return out;
                }
            }
        }
        if victims.is_empty() {
            out.err("No resources found\n".to_string());
            return out;
        }
    }
    let ignore = p.bool("ignore-not-found", false).unwrap_or(false);
    let mut deleted: Vec<(Resource, ObjKey, Value)> = Vec::new();
    let uid_of = |v: &Value| v.pointer("/metadata/uid").cloned().unwrap_or(Value::Null);
    let verb = if force && grace == Some(0) {
        "force deleted"
    } else {
        "deleted"
    };
    let printed = |r: Resource, name: &str| {
        if name_only {
            format!("{}/{name}\n", r.qualified_singular())
        } else {
            format!(
                "{} \"{name}\" {verb}{}\n",
                r.qualified_singular(),
                dry_suffix(dry)
            )
        }
    };
    // ContinueOnError: the visit goes on past a failure; the errors end the command after it
    let mut errors = Vec::new();
    for (r, vns, name, source) in victims {
        if dry == Some("client") {
            // a client dry run sends nothing, so it cannot know whether the object exists
            out.out(printed(r, &name));
            continue;
        }
        // cmdutil.AddSourceToErr("deleting", info.Source, err): the API server's errors about an
        // object a manifest named say which manifest
        let server_error = |e: String| {
            Fail::Server(match (&source, e.split_once("): ")) {
                (Some(source), Some((status, message))) => {
                    format!("{status}): error when deleting \"{source}\": {message}")
                }
                _ => e,
            })
        };
        let Some(live) = cluster.object_value(r, &vns, &name) else {
            if !ignore {
                errors.push(server_error(super::not_found(r, &name)));
            }
            continue;
        };
        if dry.is_some() {
            out.out(printed(r, &name));
            continue;
        }
        let key = ObjKey::new(
            if r.namespaced() { vns.as_str() } else { "" },
            name.as_str(),
        );
        if let Err(e) = delete_object(cluster, r, &key, propagation, grace) {
            errors.push(server_error(format!("Error from server (Forbidden): {e}")));
            continue;
        }
        out.out(printed(r, &name));
        deleted.push((r, key, uid_of(&live)));
    }
    cluster.drain();
    if !errors.is_empty() {
        finish(&mut out, errors);
        return out;
    }
    // kubectl waits (--wait=true) until the objects are gone (a same-named successor, such as a
    // StatefulSet's re-created pod, does not count). With `--timeout` it gives up at the
    // deadline with cmdwait's error for the first object still there; without one (a week,
    // upstream) the wait ends, as a learner's Ctrl-C would, once an hour passes or nothing is
    // left to happen.
    if p.bool("wait", true).unwrap_or(true) {
        let deadline = timeout.map(|t| cluster.now() + t.min(super::wait::MAX_FOLLOW_MS));
        let limit = deadline.unwrap_or(cluster.now() + 3_600_000);
        let remaining = |c: &Cluster| {
            deleted
                .iter()
                .find(|(r, k, uid)| {
                    c.object_value(*r, k.namespace(), k.name())
                        .is_some_and(|v| uid_of(&v) == *uid)
                })
                .map(|(r, k, _)| format!("{}/{}", r.plural(), k.name()))
        };
        while remaining(cluster).is_some() {
            match cluster.next_timer_at() {
                Some(t) if t <= limit => {
                    cluster.step();
                }
                _ => break,
            }
        }
        if let (Some(deadline), Some(object)) = (deadline, remaining(cluster)) {
            cluster.advance_to(deadline);
            out.fail(format!(
                "error: timed out waiting for the condition on {object}"
            ));
        }
    }
    out
}

/// The API server's DELETE of one existing object with its DeleteOptions (`propagationPolicy`,
/// `gracePeriodSeconds`): what `kubectl delete` sends for each object it visits, and what a
/// `curl -X DELETE` through `kubectl proxy` asks. The collectors' follow-up work is queued (the
/// caller drains). A refusal is the Forbidden Status's message.
pub(super) fn delete_object(
    cluster: &mut Cluster,
    r: Resource,
    key: &ObjKey,
    propagation: Propagation,
    grace: Option<i64>,
) -> Result<(), String> {
    match r {
        Resource::Deployment => cluster.delete_deployment(key, propagation),
        Resource::ReplicaSet => cluster.delete_replicaset(key, propagation),
        Resource::Pod => cluster.delete_pod_gracefully(key, grace),
        Resource::Service => {
            cluster.store.services.remove(key);
        }
        Resource::StatefulSet => cluster.delete_statefulset(key, propagation),
        Resource::DaemonSet => cluster.delete_daemonset(key, propagation),
        Resource::Job => cluster.delete_job(key, propagation),
        Resource::CronJob => cluster.delete_cronjob(key, propagation),
        Resource::ControllerRevision => cluster.remove_controllerrevision(key),
        Resource::PersistentVolumeClaim => cluster.delete_pvc(key),
        Resource::PersistentVolume => cluster.delete_pv(key),
        Resource::HorizontalPodAutoscaler => cluster.remove_hpa(key),
        Resource::ConfigMap => cluster.remove_configmap(key),
        Resource::Secret => cluster.remove_secret(key),
        Resource::ServiceAccount => cluster.remove_serviceaccount(key),
        Resource::PodDisruptionBudget => cluster.remove_pdb(key),
        Resource::ResourceQuota => cluster.remove_quota(key),
        Resource::LimitRange => cluster.remove_limitrange(key),
        Resource::Namespace => cluster.delete_namespace(key.name())?,
        Resource::Node | Resource::Event | Resource::Endpoints => {
            return Err(format!(
                "{} \"{}\" is forbidden: kubeplay does not delete {}",
                r.qualified_plural(),
                key.name(),
                r.plural()
            ))
        }
    }
    Ok(())
}

fn names_of(cluster: &Cluster, r: Resource, ns: &str) -> Vec<String> {
    let s = cluster.store();
    match r {
        Resource::Deployment => s
            .deployments
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::ReplicaSet => s
            .replicasets
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::Pod => s
            .pods
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::Service => s
            .services
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::StatefulSet => s
            .statefulsets
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::DaemonSet => s
            .daemonsets
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::Job => s
            .jobs
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::CronJob => s
            .cronjobs
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::ControllerRevision => s
            .controllerrevisions
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::PersistentVolumeClaim => s
            .pvcs
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::PersistentVolume => s.pvs.iter().map(|x| x.metadata.name.clone()).collect(),
        Resource::Namespace => s.namespaces.keys().cloned().collect(),
        Resource::HorizontalPodAutoscaler => s
            .hpas
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::ConfigMap => s
            .configmaps
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::Secret => s
            .secrets
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::ServiceAccount => s
            .serviceaccounts
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::PodDisruptionBudget => s
            .pdbs
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::ResourceQuota => s
            .quotas
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        Resource::LimitRange => s
            .limitranges
            .in_namespace(ns)
            .map(|x| x.metadata.name.clone())
            .collect(),
        _ => Vec::new(),
    }
}
