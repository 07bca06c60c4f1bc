//! Commands that change objects: `scale`, `set image`, `set resources`, `delete`.

use super::apply::{change_cause, CHANGE_CAUSE};
use super::args::{self, boolean, flag, short, short_bool};
use super::resource::Resource;
use super::selector::Selector;
use super::Ctx;
use crate::api::ObjKey;
use crate::controllers::gc::Propagation;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const RECORD_DEPRECATED: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";

/// Kinds with a pod template, for `set` and `scale`.
fn has_template(r: Resource) -> bool {
    matches!(r, Resource::Deployment | Resource::ReplicaSet)
}

/// Resolves `TYPE NAME` / `TYPE/NAME` arguments to existing objects, or kubectl's errors.
fn named_objects(
    cluster: &Cluster,
    targets: &[(Resource, Option<String>)],
    ns: &str,
) -> Result<Vec<(Resource, String, Value)>, String> {
    let mut out = Vec::new();
    for (r, n) in targets {
        let Some(n) = n else {
            return Err("error: resource(s) were provided, but no name was specified".into());
        };
        match cluster.object_value(*r, ns, n) {
            Some(v) => out.push((*r, n.clone(), v)),
            None => return Err(super::not_found(*r, n)),
        }
    }
    Ok(out)
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
    if p.has("record") {
        out.err(RECORD_DEPRECATED);
    }
    let replicas: i64 = match p.get("replicas").map(|v| v.parse::<i64>()) {
        None => {
            out.fail("error: required flag(s) \"replicas\" not set");
            return out;
        }
        Some(Err(_)) => {
            let v = p.get("replicas").unwrap_or("");
            out.fail(format!("error: invalid argument \"{v}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl scale --help' for usage."));
            return out;
        }
        Some(Ok(n)) => n,
    };
    if replicas < 0 {
        out.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        return out;
    }
    if replicas > i32::MAX as i64 {
        out.fail(format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": value out of range\nSee 'kubectl scale --help' for usage."));
        return out;
    }
    let targets = match super::resource_args(&p.positional) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => {
            out.fail("error: required resource not specified");
            return out;
        }
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let ns = p.namespace();
    let objects = match named_objects(cluster, &targets, &ns) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    for (r, name, mut v) in objects {
        if !has_template(r) {
            out.fail(format!(
                "error: no objects passed to scale {}/{name}",
                r.qualified_singular()
            ));
            continue;
        }
        if let Some(cur) = p.get("current-replicas") {
            let actual = v
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if cur.parse::<i64>().ok() != Some(actual) && cur != "-1" {
                out.fail(format!(
                    "error: Expected replicas to be {cur}, was {actual}"
                ));
                continue;
            }
        }
        v["spec"]["replicas"] = json!(replicas);
        if p.get("dry-run").is_some_and(|d| d != "none") {
            out.out(format!(
                "{}/{name} scaled (dry run)\n",
                r.qualified_singular()
            ));
            continue;
        }
        match cluster.update_value(v) {
            Ok(_) => out.out(format!("{}/{name} scaled\n", r.qualified_singular())),
            Err(e) => out.fail(e.to_kubectl()),
        }
    }
    out
}

pub fn set(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let Some(i) = raw.iter().position(|a| !a.starts_with('-')) else {
        return CommandOutput::failure(
            "error: unknown command \"\" for \"kubectl set\"\nRun 'kubectl set --help' for usage.",
        );
    };
    let sub = raw[i].clone();
    let mut rest: Vec<String> = raw[..i].to_vec();
    rest.extend(raw[i + 1..].iter().cloned());
    match sub.as_str() {
        "image" => set_image(cluster, &rest),
        "resources" => set_resources(cluster, &rest),
        other => CommandOutput::failure(format!("error: unknown command \"{other}\" for \"kubectl set\"\nRun 'kubectl set --help' for usage.")),
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

/// Splits `set image` positionals into resources and `container=image` pairs.
fn split_image_args(pos: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let mut res = Vec::new();
    let mut pairs = Vec::new();
    for a in pos {
        match a.split_once('=') {
            Some((c, i)) => pairs.push((c.to_string(), i.to_string())),
            None => res.push(a.clone()),
        }
    }
    (res, pairs)
}

fn containers_mut(v: &mut Value) -> Option<&mut Vec<Value>> {
    v.pointer_mut("/spec/template/spec/containers")
        .and_then(Value::as_array_mut)
}

fn set_image(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, SET_FLAGS, "set image") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    if p.has("record") {
        out.err(RECORD_DEPRECATED);
    }
    let (res, pairs) = split_image_args(&p.positional);
    if pairs.is_empty() {
        out.fail("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
        return out;
    }
    let targets = match super::resource_args(&res) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => {
            out.fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples");
            return out;
        }
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let ns = p.namespace();
    let objects = match named_objects(cluster, &targets, &ns) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let record = p.bool("record", false).unwrap_or(false);
    for (r, name, mut v) in objects {
        let before = v.clone();
        let Some(containers) = containers_mut(&mut v) else {
            out.fail(format!(
                "error: {}/{name} does not have a pod template",
                r.qualified_singular()
            ));
            continue;
        };
        let mut missing = None;
        for (c, image) in &pairs {
            let mut found = false;
            for cont in containers.iter_mut() {
                if c == "*" || cont.get("name").and_then(Value::as_str) == Some(c) {
                    cont["image"] = json!(image);
                    found = true;
                }
            }
            if !found {
                missing = Some(c.clone());
            }
        }
        if let Some(c) = missing {
            out.fail(format!("error: unable to find container named \"{c}\""));
            continue;
        }
        if record {
            set_change_cause(&mut v, change_cause("set image", &p, raw));
        }
        if v == before {
            continue;
        }
        if p.get("dry-run").is_some_and(|d| d != "none") {
            out.out(format!(
                "{}/{name} image updated (dry run)\n",
                r.qualified_singular()
            ));
            continue;
        }
        match cluster.update_value(v) {
            Ok(_) => out.out(format!("{}/{name} image updated\n", r.qualified_singular())),
            Err(e) => out.fail(e.to_kubectl()),
        }
    }
    out
}

fn set_change_cause(v: &mut Value, cause: String) {
    let meta = &mut v["metadata"];
    if !meta.get("annotations").is_some_and(Value::is_object) {
        meta["annotations"] = json!({});
    }
    meta["annotations"][CHANGE_CAUSE] = json!(cause);
}

/// `cpu=200m,memory=512Mi` → map; kubectl's error for a malformed pair.
fn parse_resource_list(s: &str) -> Result<serde_json::Map<String, Value>, String> {
    let mut m = serde_json::Map::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!(
                "error: invalid argument syntax {part}, expected <resource>=<value>"
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
    if p.has("record") {
        out.err(RECORD_DEPRECATED);
    }
    let limits = match p.get("limits").map(parse_resource_list).transpose() {
        Ok(l) => l,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let requests = match p.get("requests").map(parse_resource_list).transpose() {
        Ok(l) => l,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    if limits.is_none() && requests.is_none() {
        out.fail("error: you must specify an update to requests or limits or  (in the form of --requests/--limits)");
        return out;
    }
    let targets = match super::resource_args(&p.positional) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => {
            out.fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
            return out;
        }
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let ns = p.namespace();
    let objects = match named_objects(cluster, &targets, &ns) {
        Ok(o) => o,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    let only = p.get("containers").unwrap_or("*").to_string();
    for (r, name, mut v) in objects {
        let Some(containers) = containers_mut(&mut v) else {
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
        match cluster.update_value(v) {
            Ok(_) => out.out(format!(
                "{}/{name} resource requirements updated\n",
                r.qualified_singular()
            )),
            Err(e) => out.fail(e.to_kubectl()),
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
    let mut out = CommandOutput::new();
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
    if p.bool("now", false).unwrap_or(false) {
        grace = Some(1);
    }
    let force = p.bool("force", false).unwrap_or(false);
    if force {
        if grace.is_none() {
            grace = Some(0);
        }
        if grace == Some(0) {
            out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
        }
    }
    let ns = p.namespace();
    let mut victims: Vec<(Resource, String, String)> = Vec::new();
    if !p.all("filename").is_empty() {
        for f in p.all("filename") {
            let (text, source) = if f == "-" {
                (ctx.stdin.unwrap_or("").to_string(), "STDIN".to_string())
            } else {
                match (ctx.read_file)(&f) {
                    Ok(t) => (t, f.clone()),
                    Err(e) => {
                        out.fail(e);
                        return out;
                    }
                }
            };
            let docs = match crate::api::yaml::parse_documents(&text, &source) {
                Ok(d) => d,
                Err(e) => {
                    out.fail(format!("error: {e}"));
                    return out;
                }
            };
            for d in docs {
                let Some(r) = crate::api::server::resource_of(&d) else {
                    continue;
                };
                let name = d
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let dns = d
                    .pointer("/metadata/namespace")
                    .and_then(Value::as_str)
                    .unwrap_or(&ns)
                    .to_string();
                victims.push((r, dns, name));
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
            out.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
            return out;
        }
        let selector = match p.get("selector").map(Selector::parse).transpose() {
            Ok(s) => s,
            Err(e) => {
                out.fail(format!("error: {e}"));
                return out;
            }
        };
        let all = p.bool("all", false).unwrap_or(false);
        for (r, n) in targets {
            match n {
                Some(n) => victims.push((r, ns.clone(), n)),
                None if all || selector.is_some() => {
                    for name in names_of(cluster, r, &ns) {
                        let labels = cluster
                            .object_value(r, &ns, &name)
                            .and_then(|v| v.pointer("/metadata/labels").cloned());
                        let labels: std::collections::BTreeMap<String, String> = labels
                            .and_then(|l| serde_json::from_value(l).ok())
                            .unwrap_or_default();
                        if selector.as_ref().is_none_or(|s| s.matches(&labels)) {
                            victims.push((r, ns.clone(), name));
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
    let mut deleted: Vec<(Resource, ObjKey)> = Vec::new();
    for (r, vns, name) in victims {
        if cluster.object_value(r, &vns, &name).is_none() {
            if !ignore {
                out.fail(super::not_found(r, &name));
            }
            continue;
        }
        let key = ObjKey::new(
            if r.namespaced() { vns.as_str() } else { "" },
            name.as_str(),
        );
        match r {
            Resource::Deployment => cluster.delete_deployment(&key, propagation),
            Resource::ReplicaSet => cluster.delete_replicaset(&key, propagation),
            Resource::Pod => cluster.delete_pod_gracefully(&key, grace),
            Resource::Service => {
                cluster.store.services.remove(&key);
            }
            Resource::Namespace | Resource::Node | Resource::Event => {
                out.fail(format!("Error from server (Forbidden): {} \"{name}\" is forbidden: kubeplay does not delete {}", r.qualified_plural(), r.plural()));
                continue;
            }
        }
        let verb = if force && grace == Some(0) {
            "force deleted"
        } else {
            "deleted"
        };
        out.out(format!("{} \"{name}\" {verb}\n", r.qualified_singular()));
        deleted.push((r, key));
    }
    cluster.drain();
    // kubectl waits (--wait=true) until the objects are gone.
    if p.bool("wait", true).unwrap_or(true) {
        let limit = cluster.now() + 3_600_000;
        while deleted
            .iter()
            .any(|(r, k)| cluster.object_value(*r, &k.namespace, &k.name).is_some())
        {
            match cluster.next_timer_at() {
                Some(t) if t <= limit => {
                    cluster.step();
                }
                _ => break,
            }
        }
    }
    out
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
        _ => Vec::new(),
    }
}
