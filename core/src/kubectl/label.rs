//! `kubectl label` and `kubectl annotate`: `key=value` / `key-` pairs, `--overwrite`, `--list`,
//! `--all`, `-l`, `--resource-version`, `--local`, dry runs. Both send a JSON merge patch of
//! `metadata.labels|annotations`; here the changed object goes through the same update path.

use super::apply::{change_cause, CHANGE_CAUSE};
use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::patch::{
    check_output, dry_run, dry_suffix, finish, print_object, select, write, Fail, Select, Target,
};
use super::Ctx;
use crate::api::yaml::go_quote;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const FLAGS: &[args::Flag] = &[
    boolean("all"),
    short_bool("all-namespaces", 'A'),
    boolean("allow-missing-template-keys"),
    flag("dry-run"),
    flag("field-manager"),
    flag("field-selector"),
    short("filename", 'f'),
    short("kustomize", 'k'),
    boolean("list"),
    boolean("local"),
    short("output", 'o'),
    boolean("overwrite"),
    short_bool("recursive", 'R'),
    flag("resource-version"),
    short("selector", 'l'),
    boolean("show-managed-fields"),
    flag("template"),
    boolean("record"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Label,
    Annotate,
}

impl Which {
    fn command(self) -> &'static str {
        match self {
            Which::Label => "label",
            Which::Annotate => "annotate",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Which::Label => "label",
            Which::Annotate => "annotation",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Which::Label => "labels",
            Which::Annotate => "annotations",
        }
    }
}

pub fn label(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    run(cluster, raw, ctx, Which::Label)
}

pub fn annotate(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    run(cluster, raw, ctx, Which::Annotate)
}

fn run(cluster: &mut Cluster, raw: &[String], ctx: &Ctx, w: Which) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, w.command()) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let mut errors = Vec::new();
    if let Err(e) = body(cluster, &p, raw, ctx, w, &mut out, &mut errors) {
        errors.push(e);
    }
    finish(&mut out, errors);
    out
}

/// cmdutil.GetResourcesAndPairs: resources first, then `k=v` / `k-` pairs.
fn split_pairs(args: &[String], kind: &str) -> Result<(Vec<String>, Vec<String>), Fail> {
    let (mut res, mut pairs) = (Vec::new(), Vec::new());
    for s in args {
        let pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        match (pairs.is_empty(), pair) {
            (_, true) => pairs.push(s.clone()),
            (true, false) => res.push(s.clone()),
            (false, false) => {
                return Err(Fail::Plain(format!(
                    "all resources must be specified before {kind} changes: {s}"
                )))
            }
        }
    }
    Ok((res, pairs))
}

/// validation.IsValidLabelValue.
fn label_value_errors(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    let b = v.as_bytes();
    let ok = b.is_empty()
        || (b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')));
    if !ok {
        errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string());
    }
    errs
}

type Pairs = (BTreeMap<String, String>, Vec<String>);

fn parse_labels(pairs: &[String]) -> Result<Pairs, Fail> {
    let (mut set, mut remove) = (BTreeMap::new(), Vec::new());
    for spec in pairs {
        if spec.contains('=') {
            let parts: Vec<&str> = spec.split('=').collect();
            if parts.len() != 2 {
                return Err(Fail::Plain(format!("invalid label spec: {spec}")));
            }
            let errs = label_value_errors(parts[1]);
            if !errs.is_empty() {
                return Err(Fail::Plain(format!(
                    "invalid label value: {}: {}",
                    go_quote(spec),
                    errs.join(";")
                )));
            }
            set.insert(parts[0].to_string(), parts[1].to_string());
        } else {
            remove.push(spec[..spec.len() - 1].to_string());
        }
    }
    if remove.iter().any(|r| set.contains_key(r)) {
        return Err(Fail::Plain(
            "can not both modify and remove a label in the same command".into(),
        ));
    }
    Ok((set, remove))
}

fn parse_annotations(pairs: &[String]) -> Pairs {
    let (mut set, mut remove) = (BTreeMap::new(), Vec::new());
    for spec in pairs {
        match spec.split_once('=') {
            Some((k, v)) => {
                set.insert(k.to_string(), v.to_string());
            }
            None => remove.push(spec[..spec.len() - 1].to_string()),
        }
    }
    (set, remove)
}

/// Everything one invocation needs per object.
struct Op<'a> {
    w: Which,
    set: &'a BTreeMap<String, String>,
    remove: &'a [String],
    overwrite: bool,
    resource_version: Option<&'a str>,
}

fn string_map(v: &Value, field: &str) -> BTreeMap<String, String> {
    v.pointer(&format!("/metadata/{field}"))
        .and_then(|m| serde_json::from_value(m.clone()).ok())
        .unwrap_or_default()
}

impl Op<'_> {
    /// labelFunc / updateAnnotations: the overwrite check, then set and remove.
    fn apply(&self, obj: &mut Value) -> Result<(), Fail> {
        let cur = string_map(obj, self.w.field());
        if !self.overwrite {
            let clashes: Vec<(&String, &String)> = self
                .set
                .iter()
                .filter_map(|(k, v)| {
                    cur.get(k)
                        .filter(|c| *c != v && !(self.w == Which::Annotate && k == CHANGE_CAUSE))
                        .map(|c| (k, c))
                })
                .collect();
            match (self.w, clashes.as_slice()) {
                (_, []) => {}
                (Which::Label, [(k, c)]) => {
                    return Err(Fail::Plain(format!(
                        "'{k}' already has a value ({c}), and --overwrite is false"
                    )))
                }
                (Which::Label, many) => {
                    let lines: Vec<String> = many
                        .iter()
                        .map(|(k, c)| {
                            format!("'{k}' already has a value ({c}), and --overwrite is false")
                        })
                        .collect();
                    return Err(Fail::Server(lines.join("\n")));
                }
                (Which::Annotate, many) => {
                    let list: Vec<String> = many
                        .iter()
                        .map(|(k, c)| format!("'{k}' already has a value ({c})"))
                        .collect();
                    return Err(Fail::Plain(format!(
                        "--overwrite is false but found the following declared annotation(s): {}",
                        list.join("; ")
                    )));
                }
            }
        }
        let mut map: Map<String, Value> =
            crate::sort::json_map(cur.into_iter().map(|(k, v)| (k, Value::String(v))));
        for (k, v) in self.set {
            map.insert(k.clone(), json!(v));
        }
        for k in self.remove {
            map.remove(k);
        }
        set_meta(obj, self.w.field(), Value::Object(map));
        if let Some(rv) = self.resource_version {
            set_meta(obj, "resourceVersion", json!(rv));
        }
        Ok(())
    }

    /// updateDataChangeMsg (label); annotate always says `annotated`.
    fn message(&self, old: &Value, new: &Value) -> &'static str {
        if self.w == Which::Annotate {
            return "annotated";
        }
        let (o, n) = (old.to_string(), new.to_string());
        if o == n {
            "not labeled"
        } else if !self.overwrite && n.len() < o.len() {
            "unlabeled"
        } else {
            "labeled"
        }
    }
}

fn set_meta(obj: &mut Value, key: &str, v: Value) {
    if let Some(o) = obj.as_object_mut() {
        let meta = o.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.insert(key.to_string(), v);
        }
    }
}

fn body(
    cluster: &mut Cluster,
    p: &Parsed,
    raw: &[String],
    ctx: &Ctx,
    w: Which,
    out: &mut CommandOutput,
    errors: &mut Vec<Fail>,
) -> Result<(), Fail> {
    let dry = dry_run(p)?;
    let o = p.get("output").filter(|s| !s.is_empty());
    if w == Which::Annotate {
        check_output(o)?;
    }
    let (resources, pairs) = split_pairs(&p.positional, w.singular())?;
    let (set, remove) = match w {
        Which::Label => parse_labels(&pairs)?,
        Which::Annotate => parse_annotations(&pairs),
    };
    let list = p.bool("list", false).unwrap_or(false);
    if w == Which::Label && list && o.is_some() {
        return Err(Fail::Plain(
            "--list and --output may not be specified together".into(),
        ));
    }
    let all = p.bool("all", false).unwrap_or(false);
    let selector = p.get("selector").filter(|s| !s.is_empty());
    let field_selector = p.get("field-selector").filter(|s| !s.is_empty());
    if all && selector.is_some() {
        return Err(Fail::Plain(
            "cannot set --all and --selector at the same time".into(),
        ));
    }
    if all && field_selector.is_some() {
        return Err(Fail::Plain(
            "cannot set --all and --field-selector at the same time".into(),
        ));
    }
    let local = p.bool("local", false).unwrap_or(false);
    let files = p.all("filename");
    if local {
        if dry == Some("server") {
            return Err(Fail::Plain(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?"
                    .into(),
            ));
        }
        if !resources.is_empty() {
            return Err(Fail::Plain("can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set".into()));
        }
    }
    if resources.is_empty() && files.is_empty() {
        return Err(Fail::Plain(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>"
                .into(),
        ));
    }
    if set.is_empty() && remove.is_empty() && !list {
        return Err(Fail::Plain(format!(
            "at least one {} update is required",
            w.singular()
        )));
    }
    if w == Which::Annotate {
        let both: Vec<&str> = remove
            .iter()
            .filter(|r| set.contains_key(*r))
            .map(String::as_str)
            .collect();
        if !both.is_empty() {
            return Err(Fail::Plain(format!("can not both modify and remove the following annotation(s) in the same command: {}", both.join(", "))));
        }
    }
    let overwrite = p.bool("overwrite", false).unwrap_or(false);
    let resource_version = p.get("resource-version").filter(|s| !s.is_empty());
    let op = Op {
        w,
        set: &set,
        remove: &remove,
        overwrite,
        resource_version,
    };
    let sel = Select {
        resources: &resources,
        selector,
        field_selector,
        all,
        all_namespaces: p.bool("all-namespaces", false).unwrap_or(false),
    };
    let (targets, one) = select(cluster, p, &sel, ctx)?;
    let cause = p
        .bool("record", false)
        .unwrap_or(false)
        .then(|| change_cause(w.command(), p, raw));
    let mut count = 0;
    for t in &targets {
        match visit(cluster, t, &op, local, dry, list, cause.as_deref(), out) {
            Ok((_, obj)) if list => print_list(out, w, t, &obj, one),
            Ok((msg, obj)) => {
                if w == Which::Label {
                    if let Err(e) = check_output(o) {
                        errors.push(e);
                        continue;
                    }
                }
                print_object(
                    out,
                    o,
                    &t.printed(),
                    &format!("{msg}{}", dry_suffix(dry)),
                    &obj,
                    &mut count,
                );
            }
            Err(e) => errors.push(e),
        }
    }
    Ok(())
}

/// Changes one object; returns the name printer's operation and the object to print.
#[allow(clippy::too_many_arguments)]
fn visit(
    cluster: &mut Cluster,
    t: &Target,
    op: &Op,
    local: bool,
    dry: Option<&str>,
    list: bool,
    cause: Option<&str>,
    out: &mut CommandOutput,
) -> Result<(String, Value), Fail> {
    let base = if local { t.doc.clone() } else { t.live.clone() };
    let Some(mut obj) = base else {
        return Err(t.not_found());
    };
    if op.resource_version.is_some() {
        set_meta(&mut obj, "resourceVersion", json!(""));
    }
    let old = obj.clone();
    if dry == Some("client") || local || list {
        op.apply(&mut obj)?;
        return Ok((op.message(&old, &obj).to_string(), obj));
    }
    if op.w == Which::Label {
        let cur = string_map(&obj, "labels");
        for r in op.remove {
            if !cur.contains_key(r) {
                out.out(format!("label {} not found.\n", go_quote(r)));
            }
        }
    }
    op.apply(&mut obj)?;
    if let Some(c) = cause {
        let mut ann = obj
            .pointer("/metadata/annotations")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        ann.insert(CHANGE_CAUSE.into(), json!(c));
        set_meta(&mut obj, "annotations", Value::Object(ann));
    }
    let msg = op.message(&old, &obj).to_string();
    let live = t.live.clone().unwrap_or(Value::Null);
    let mut put = obj.clone();
    if op.resource_version.is_none() {
        if let Some(rv) = live.pointer("/metadata/resourceVersion").cloned() {
            set_meta(&mut put, "resourceVersion", rv);
        }
    }
    let server_dry = dry == Some("server");
    write(cluster, t, &live, put.clone(), server_dry)?;
    let shown = if server_dry {
        put
    } else {
        cluster.object_value(t.r, &t.ns, &t.name).unwrap_or(put)
    };
    Ok((msg, shown))
}

/// `--list`: the object's labels/annotations, under a header unless one object was named.
fn print_list(out: &mut CommandOutput, w: Which, t: &Target, obj: &Value, one: bool) {
    let indent = if one { "" } else { " " };
    if !one {
        let kind = obj
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or(t.r.kind());
        let what = if w == Which::Label {
            "labels"
        } else {
            "annotations"
        };
        out.out(format!(
            "Listing {what} for {kind}.{}/{}:\n",
            t.r.group(),
            t.name
        ));
    }
    for (k, v) in string_map(obj, w.field()) {
        out.out(format!("{indent}{k}={v}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn pairs_follow_resources() {
        assert_eq!(
            split_pairs(&s(&["deploy", "x", "a=b", "c-"]), "label").unwrap(),
            (s(&["deploy", "x"]), s(&["a=b", "c-"]))
        );
        assert_eq!(
            split_pairs(&s(&["deploy", "x", "=y"]), "label").unwrap(),
            (s(&["deploy", "x", "=y"]), vec![])
        );
        assert_eq!(
            split_pairs(&s(&["deploy", "a=b", "x"]), "label").unwrap_err(),
            Fail::Plain("all resources must be specified before label changes: x".into())
        );
    }

    #[test]
    fn label_specs_are_checked_like_kubectl() {
        assert_eq!(
            parse_labels(&s(&["x=a=b"])).unwrap_err(),
            Fail::Plain("invalid label spec: x=a=b".into())
        );
        assert_eq!(
            parse_labels(&s(&["a=1", "a-"])).unwrap_err(),
            Fail::Plain("can not both modify and remove a label in the same command".into())
        );
        let long = format!("x={}", "a".repeat(64));
        assert_eq!(
            parse_labels(std::slice::from_ref(&long)).unwrap_err(),
            Fail::Plain(format!(
                "invalid label value: \"{long}\": must be no more than 63 characters"
            ))
        );
        assert!(
            matches!(parse_labels(&s(&["x=-a"])), Err(Fail::Plain(m)) if m.starts_with("invalid label value: \"x=-a\": a valid label must be an empty string"))
        );
        assert_eq!(
            parse_labels(&s(&["a=", "b-"])).unwrap(),
            (
                BTreeMap::from([("a".to_string(), String::new())]),
                s(&["b"])
            )
        );
    }

    #[test]
    fn label_and_annotate_on_a_live_object() {
        let mut c = super::super::patch::demo_cluster();
        let mut run = |l: &str| c.run(l).combined();
        assert_eq!(
            run("kubectl label deployment nginx app=x"),
            "error: 'app' already has a value (nginx), and --overwrite is false\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx app=nginx"),
            "deployment.apps/nginx not labeled\n"
        );
        assert_eq!(
            run("kubectl label deployment/nginx tier=web"),
            "deployment.apps/nginx labeled\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx foo-"),
            "label \"foo\" not found.\ndeployment.apps/nginx not labeled\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx tier-"),
            "deployment.apps/nginx unlabeled\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx app=q tier=y --overwrite"),
            "deployment.apps/nginx labeled\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx app=r tier=z"),
            "'app' already has a value (q), and --overwrite is false\n'tier' already has a value (y), and --overwrite is false\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx --list"),
            "app=q\ntier=y\n"
        );
        assert_eq!(
            run("kubectl label deploy --all --list"),
            "Listing labels for Deployment.apps/nginx:\n app=q\n tier=y\n"
        );
        assert_eq!(
            run("kubectl label deployment nginx"),
            "error: at least one label update is required\n"
        );
        assert_eq!(run("kubectl label"), "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n");
        assert_eq!(
            run("kubectl label pods a=b"),
            "error: resource(s) were provided, but no name was specified\n"
        );
        assert_eq!(run("kubectl label deploy/nginx rs/foo a=1"), "deployment.apps/nginx labeled\nError from server (NotFound): replicasets.apps \"foo\" not found\n");
        assert_eq!(
            run("kubectl label node node-1 disktype=ssd"),
            "node/node-1 labeled\n"
        );
        assert_eq!(
            run("kubectl label pods bare x=1 --dry-run=client"),
            "pod/bare labeled (dry run)\n"
        );
        assert_eq!(
            run("kubectl label deploy nginx x=w --resource-version=1"),
            "Error from server (Conflict): Operation cannot be fulfilled on deployments.apps \"nginx\": the object has been modified; please apply your changes to the latest version and try again\n"
        );
        assert_eq!(run("kubectl annotate deployment/nginx kubernetes.io/change-cause='image updated to 1.16.1'"), "deployment.apps/nginx annotated\n");
        assert_eq!(
            run("kubectl annotate deployment nginx kubernetes.io/change-cause=again"),
            "deployment.apps/nginx annotated\n"
        );
        assert_eq!(
            run("kubectl annotate deployment nginx a=1"),
            "deployment.apps/nginx annotated\n"
        );
        assert_eq!(run("kubectl annotate deployment nginx a=2"), "error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (1)\n");
        assert_eq!(run("kubectl annotate deployment nginx a=1 a-"), "error: can not both modify and remove the following annotation(s) in the same command: a\n");
        assert_eq!(
            run("kubectl annotate deployment nginx zz-"),
            "deployment.apps/nginx annotated\n"
        );
        assert_eq!(
            run("kubectl annotate deployment nginx"),
            "error: at least one annotation update is required\n"
        );
        assert!(run("kubectl rollout history deployment/nginx").contains("1         again\n"));
        let d = c.store().deployments.iter().next().unwrap().clone();
        assert_eq!(d.metadata.labels.get("app").map(String::as_str), Some("q"));
        assert_eq!(
            d.metadata.annotations.get("a").map(String::as_str),
            Some("1")
        );
    }
}
