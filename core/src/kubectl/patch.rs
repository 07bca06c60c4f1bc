//! `kubectl patch`: strategic merge patch (the API server's apply half, with the v1 types' merge
//! keys), JSON merge patch (RFC 7386) and JSON patch (RFC 6902), against the server or `--local`.
//! Also the object-selection and error-collection helpers `label`/`annotate` share.

use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::printers::{json::to_json, yaml::to_yaml};
use super::resource::Resource;
use super::selector::Selector;
use super::Ctx;
use super::NO_RESOURCES;
use crate::api::server::resource_of;
use crate::api::yaml::{go_quote, parse_documents, parse_stream, resolve_doc};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{Map, Value};

/// The `--type` of a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    Strategic,
    Merge,
    Json,
}

/// A failure as kubectl prints it: `Plain` messages get `error: ` in front when printed alone;
/// `Server` messages are printed as they are (`Error from server (…): …`, `The request is …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    Plain(String),
    Server(String),
}

impl Fail {
    pub(super) fn text(&self) -> &str {
        match self {
            Fail::Plain(s) | Fail::Server(s) => s,
        }
    }
}

/// Errors a command collected while visiting objects (kubectl's ContinueOnError visitors):
/// one is printed as `error: …` (or the server's text), several one per line without prefix.
pub(super) fn finish(out: &mut CommandOutput, errors: Vec<Fail>) {
    match errors.as_slice() {
        [] => {}
        [Fail::Plain(m)] => out.fail(format!("error: {m}")),
        [Fail::Server(m)] => out.fail(m.clone()),
        many => {
            let text: String = many.iter().map(|e| format!("{}\n", e.text())).collect();
            out.fail(text);
        }
    }
}

/// A complete message from reading `-f`: `error: …` is plain, anything else (`Unable to connect
/// to the server: …` for an unreachable URL) is printed as is.
pub(super) fn verbatim(e: String) -> Fail {
    match e.strip_prefix("error: ") {
        Some(m) => Fail::Plain(m.to_string()),
        None => Fail::Server(e),
    }
}

/// `resource_args` and friends return messages with kubectl's `error: ` already in front.
fn plain(e: String) -> Fail {
    Fail::Plain(e.strip_prefix("error: ").map(str::to_string).unwrap_or(e))
}

/// One object a command acts on.
pub(super) struct Target {
    pub r: Resource,
    pub ns: String,
    pub name: String,
    /// The object on the server, if it exists.
    pub live: Option<Value>,
    /// The manifest from `-f`, if the object was named by a file.
    pub doc: Option<Value>,
}

impl Target {
    pub fn printed(&self) -> String {
        format!("{}/{}", self.r.qualified_singular(), self.name)
    }

    pub fn not_found(&self) -> Fail {
        Fail::Server(super::not_found(self.r, &self.name))
    }
}

/// What object selection a command allows.
pub(super) struct Select<'a> {
    pub resources: &'a [String],
    /// `-l`, `--field-selector`, `--all` (label, annotate); patch has none of them.
    pub selector: Option<&'a str>,
    pub field_selector: Option<&'a str>,
    pub all: bool,
    pub all_namespaces: bool,
}

/// Resolves `-f` files and `TYPE NAME` / `TYPE/NAME` / `TYPE -l sel` arguments to objects, with
/// the builder's errors. Returns the targets and whether a single item was implied.
pub(super) fn select(
    cluster: &Cluster,
    p: &Parsed,
    s: &Select,
    ctx: &Ctx,
) -> Result<(Vec<Target>, bool), Fail> {
    let files = p.all("filename");
    if !files.is_empty() && !s.resources.is_empty() {
        return Err(Fail::Plain("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well".into()));
    }
    let ns = p.namespace();
    let mut out = Vec::new();
    if !files.is_empty() {
        for f in &files {
            let (text, source) = ctx.manifest_source(f).map_err(verbatim)?;
            for doc in parse_documents(&text, &source).map_err(Fail::Plain)? {
                let info = resolve_doc(&doc, &source).map_err(Fail::Plain)?;
                let r = resource_of(&doc).ok_or_else(|| {
                    Fail::Plain(format!(
                        "the server doesn't have a resource type \"{}\"",
                        info.resource
                    ))
                })?;
                let name = doc
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let dns = match (doc.pointer("/metadata/namespace").and_then(Value::as_str).filter(|n| !n.is_empty()), p.get("namespace").filter(|n| !n.is_empty())) {
                    (Some(o), Some(f)) if o != f => {
                        return Err(Fail::Plain(format!(
                            "the namespace from the provided object \"{o}\" does not match the namespace \"{f}\". You must pass '--namespace={o}' to perform this operation."
                        )))
                    }
                    (Some(o), _) => o.to_string(),
                    _ => ns.clone(),
                };
                let live = cluster.object_value(r, &dns, &name);
                out.push(Target {
                    r,
                    ns: dns,
                    name,
                    live,
                    doc: Some(doc),
                });
            }
        }
        let one = files.len() == 1 && out.len() == 1;
        return Ok((out, one));
    }
    let targets = super::resource_args(s.resources).map_err(plain)?;
    let selector = match s.selector {
        Some(sel) => Some(Selector::parse(sel).map_err(|e| {
            // the API server parses the selector of the list request
            let r = targets.first().map_or(Resource::Pod, |t| t.0);
            Fail::Server(super::selector::server_error(
                &super::selector::gvr(r),
                sel.trim(),
                s.field_selector.unwrap_or("").trim(),
                &e,
            ))
        })?),
        None => None,
    };
    let fields = s.field_selector.map(field_terms);
    let listing = selector.is_some() || fields.is_some();
    if listing && targets.iter().any(|(_, n)| n.is_some()) {
        return Err(Fail::Plain(
            "name cannot be provided when a selector is specified".into(),
        ));
    }
    let mut one = true;
    for (r, name) in &targets {
        match name {
            Some(n) => out.push(Target {
                r: *r,
                ns: ns.clone(),
                name: n.clone(),
                live: cluster.object_value(*r, &ns, n),
                doc: None,
            }),
            None if listing || s.all => {
                one = false;
                let scope = (!s.all_namespaces).then_some(ns.as_str());
                for (ons, n) in names_in(cluster, *r, scope) {
                    let Some(v) = cluster.object_value(*r, &ons, &n) else {
                        continue;
                    };
                    let labels: std::collections::BTreeMap<String, String> = v
                        .pointer("/metadata/labels")
                        .and_then(|l| serde_json::from_value(l.clone()).ok())
                        .unwrap_or_default();
                    let fields_ok = fields.as_ref().is_none_or(|f| {
                        f.iter()
                            .all(|(k, eq, want)| (field_value(&v, k) == *want) == *eq)
                    });
                    if fields_ok && selector.as_ref().is_none_or(|sel| sel.matches(&labels)) {
                        out.push(Target {
                            r: *r,
                            ns: ons,
                            name: n,
                            live: Some(v),
                            doc: None,
                        });
                    }
                }
            }
            None => {
                return Err(Fail::Plain(
                    "resource(s) were provided, but no name was specified".into(),
                ))
            }
        }
    }
    Ok((out, one && targets.len() == 1))
}

/// `--field-selector` terms: (field path, equal?, value).
fn field_terms(s: &str) -> Vec<(String, bool, String)> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(|t| match t.split_once("!=") {
            Some((k, v)) => (k.to_string(), false, v.to_string()),
            None => {
                let (k, v) = t.split_once('=').unwrap_or((t, ""));
                (k.to_string(), true, v.trim_start_matches('=').to_string())
            }
        })
        .collect()
}

fn field_value(v: &Value, path: &str) -> String {
    match v.pointer(&format!("/{}", path.replace('.', "/"))) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// `(namespace, name)` of every object of a kind in scope (None = all namespaces), sorted.
pub(super) fn names_in(cluster: &Cluster, r: Resource, ns: Option<&str>) -> Vec<(String, String)> {
    let s = cluster.store();
    let keep = |n: &str| ns.is_none_or(|x| x == n);
    let mut v: Vec<(String, String)> = match r {
        Resource::Deployment => s
            .deployments
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::ReplicaSet => s
            .replicasets
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Pod => s
            .pods
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Service => s
            .services
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Event => s
            .events
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Node => s.nodes.keys().map(|n| (String::new(), n.clone())).collect(),
        Resource::StatefulSet => s
            .statefulsets
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::ControllerRevision => s
            .controllerrevisions
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::DaemonSet => s
            .daemonsets
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Job => s
            .jobs
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::CronJob => s
            .cronjobs
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::PersistentVolumeClaim => s
            .pvcs
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::PersistentVolume => s
            .pvs
            .iter()
            .map(|x| (String::new(), x.metadata.name.clone()))
            .collect(),
        Resource::Namespace => s
            .namespaces
            .keys()
            .map(|n| (String::new(), n.clone()))
            .collect(),
        Resource::ConfigMap => s
            .configmaps
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Secret => s
            .secrets
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::ServiceAccount => s
            .serviceaccounts
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::PodDisruptionBudget => s
            .pdbs
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::ResourceQuota => s
            .quotas
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::LimitRange => s
            .limitranges
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::HorizontalPodAutoscaler => s
            .hpas
            .iter()
            .map(|x| (x.metadata.namespace.clone(), x.metadata.name.clone()))
            .collect(),
        Resource::Endpoints => cluster
            .endpoints_names(ns)
            .into_iter()
            .map(|k| (k.namespace().to_string(), k.name().to_string()))
            .collect(),
    };
    if r.namespaced() {
        v.retain(|(n, _)| keep(n));
    }
    crate::sort::sort(&mut v);
    v
}

/// `-o` for the mutating commands: name, yaml, json (others are rejected up front).
pub(super) fn check_output(o: Option<&str>) -> Result<(), Fail> {
    match o {
        None | Some("") | Some("name") | Some("yaml") | Some("json") => Ok(()),
        Some(other) => match template_of(other) {
            Some((_, "")) => Err(Fail::Plain(
                "template format specified but no template given".into(),
            )),
            Some(("go-template" | "template", t)) => super::gotemplate::parse(t)
                .map(|_| ())
                .map_err(|e| Fail::Plain(format!("error parsing template {t}, {e}"))),
            Some((_, t)) => super::jsonpath::parse(t)
                .map(|_| ())
                .map_err(|e| Fail::Plain(format!("error parsing jsonpath {t}, {e}"))),
            None => Err(Fail::Plain(format!(
                "unable to match a printer suitable for the output format \"{other}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
            ))),
        },
    }
}

/// A template printer's `-o NAME=TEMPLATE`: (name, template).
fn template_of(o: &str) -> Option<(&str, &str)> {
    let (name, t) = o.split_once('=').unwrap_or((o, ""));
    matches!(
        name,
        "jsonpath" | "jsonpath-as-json" | "go-template" | "template"
    )
    .then_some((name, t))
}

/// Prints an object the way `-o` asks, or the name printer's `<kind>/<name> <operation>`.
pub(super) fn print_object(
    out: &mut CommandOutput,
    o: Option<&str>,
    printed: &str,
    operation: &str,
    obj: &Value,
    count: &mut usize,
) {
    match o {
        Some("name") => out.out(format!("{printed}\n")),
        Some("yaml") => {
            if *count > 0 {
                out.out("---\n");
            }
            out.out(to_yaml(obj));
        }
        Some("json") => out.out(format!("{}\n", to_json(obj))),
        Some(o) => match template_of(o) {
            Some((name @ ("go-template" | "template"), t)) => {
                match super::gotemplate::render(t, obj) {
                    Ok(s) => out.out(s),
                    Err(e) => out.fail(format!("error: error executing {name} \"{t}\": {e}")),
                }
            }
            Some((name, t)) => {
                match super::jsonpath::print(t, obj, name == "jsonpath-as-json", true) {
                    Ok(s) => out.out(s),
                    Err(e) => out.fail(format!("error: {e}")),
                }
            }
            None => out.out(format!("{printed} {operation}\n")),
        },
        None => out.out(format!("{printed} {operation}\n")),
    }
    *count += 1;
}

/// [`print_object`] for an object kubectl decoded into its Go type (`set image|resources|env`,
/// `rollout history|undo`, the objects a generator created): `-o json` writes its fields in
/// struct order (`printers/go_order.rs`); every other format prints it as an unstructured one.
pub(super) fn print_typed_object(
    out: &mut CommandOutput,
    o: Option<&str>,
    printed: &str,
    operation: &str,
    obj: &Value,
    count: &mut usize,
) {
    if o == Some("json") {
        out.out(super::printers::go_order::typed_json(obj));
        *count += 1;
    } else {
        print_object(out, o, printed, operation, obj, count);
    }
}

/// `GetDryRunStrategy`: `Some("client" | "server")`, `None` for no dry run, or kubectl's
/// error. A bare `--dry-run` and the boolean values are the deprecated spellings of `client`
/// (true) and `none` (false), for which kubectl logs klog warnings.
pub(super) fn dry_run(p: &Parsed) -> Result<Option<&'static str>, Fail> {
    let Some(v) = p.get("dry-run") else {
        return Ok(None);
    };
    if let Some(b) = args::parse_bool(v) {
        let (at, instead) = if b {
            ("helpers.go:717", "client")
        } else {
            ("helpers.go:720", "none")
        };
        args::klog_warning(
            at,
            format!("--dry-run={v} is deprecated (boolean value) and can be replaced with --dry-run={instead}."),
        );
        return Ok(b.then_some("client"));
    }
    match v {
        args::DRY_RUN_BARE => {
            args::klog_warning(
                "helpers.go:703",
                "--dry-run is deprecated and can be replaced with --dry-run=client.".into(),
            );
            Ok(Some("client"))
        }
        "client" => Ok(Some("client")),
        "server" => Ok(Some("server")),
        "none" => Ok(None),
        other => Err(Fail::Plain(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

pub(super) fn dry_suffix(d: Option<&str>) -> &'static str {
    match d {
        Some("client") => " (dry run)",
        Some("server") => " (server dry run)",
        _ => "",
    }
}

/// The API server's checks on a PUT/PATCH result before it is stored: the name and namespace in
/// the body must match the URL and `resourceVersion`, when sent, must match the live one.
pub(super) fn preconditions(t: &Target, live: &Value, new: &Value) -> Result<(), Fail> {
    let get = |v: &Value, k: &str| {
        v.pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let name = get(new, "name");
    if name != t.name {
        return Err(Fail::Server(format!("Error from server (BadRequest): the name of the object ({name}) does not match the name on the URL ({})", t.name)));
    }
    let ns = get(new, "namespace");
    if t.r.namespaced() && !ns.is_empty() && ns != t.ns {
        return Err(Fail::Server(format!(
            "Error from server (BadRequest): the namespace of the object ({ns}) does not match the namespace on the URL ({})",
            t.ns
        )));
    }
    let rv = get(new, "resourceVersion");
    if !rv.is_empty() && rv != get(live, "resourceVersion") {
        return Err(Fail::Server(format!(
            "Error from server (Conflict): Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
            t.r.qualified_plural(),
            t.name
        )));
    }
    Ok(())
}

const FLAGS: &[args::Flag] = &[
    short("patch", 'p'),
    flag("patch-file"),
    flag("type"),
    short("filename", 'f'),
    short("kustomize", 'k'),
    short_bool("recursive", 'R'),
    boolean("local"),
    short("output", 'o'),
    flag("dry-run"),
    flag("field-manager"),
    flag("subresource"),
    flag("template"),
    boolean("show-managed-fields"),
    boolean("allow-missing-template-keys"),
    boolean("record"),
];

pub fn patch(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "patch") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let mut errors = Vec::new();
    if let Err(e) = run(cluster, &p, raw, ctx, &mut out, &mut errors) {
        errors.push(e);
    }
    finish(&mut out, errors);
    out
}

fn run(
    cluster: &mut Cluster,
    p: &Parsed,
    raw: &[String],
    ctx: &Ctx,
    out: &mut CommandOutput,
    errors: &mut Vec<Fail>,
) -> Result<(), Fail> {
    let dry = dry_run(p)?;
    let o = p.get("output");
    check_output(o)?;
    let local = p.bool("local", false).unwrap_or(false);
    let text = p.get("patch").unwrap_or("");
    let file = p.get("patch-file").unwrap_or("");
    if !text.is_empty() && !file.is_empty() {
        return Err(Fail::Plain(
            "cannot specify --patch and --patch-file together".into(),
        ));
    }
    if text.is_empty() && file.is_empty() {
        return Err(Fail::Plain(
            "must specify --patch or --patch-file containing the contents of the patch".into(),
        ));
    }
    if local && !p.positional.is_empty() {
        return Err(Fail::Plain(
            "cannot specify --local and server resources".into(),
        ));
    }
    if local && dry == Some("server") {
        return Err(Fail::Plain(
            "cannot specify --local and --dry-run=server - did you mean --dry-run=client?".into(),
        ));
    }
    let ty = match p.get("type").unwrap_or("strategic").to_lowercase().as_str() {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        _ => {
            return Err(Fail::Plain(format!(
                "--type must be one of [json merge strategic], not \"{}\"",
                p.get("type").unwrap_or("")
            )))
        }
    };
    let body = if file.is_empty() {
        text.to_string()
    } else {
        (ctx.read_file)(file).map_err(|_| {
            Fail::Plain(format!(
                "unable to read patch file: open {file}: no such file or directory"
            ))
        })?
    };
    let body = to_json_body(&body)
        .map_err(|e| Fail::Plain(format!("unable to parse {}: {e}", go_quote(text))))?;
    if p.positional.is_empty() && p.all("filename").is_empty() {
        return Err(Fail::Plain(NO_RESOURCES.into()));
    }
    let sel = Select {
        resources: &p.positional,
        selector: None,
        field_selector: None,
        all: false,
        all_namespaces: false,
    };
    let (targets, _) = select(cluster, p, &sel, ctx)?;
    let scale = p.get("subresource") == Some("scale");
    if p.get("subresource")
        .is_some_and(|s| !matches!(s, "" | "status" | "scale"))
    {
        // no such subresource route on the API server
        for _ in &targets {
            errors.push(Fail::Server(
                "Error from server (NotFound): the server could not find the requested resource"
                    .into(),
            ));
        }
        return Ok(());
    }
    let mut count = 0;
    for t in &targets {
        let res = if local || dry == Some("client") {
            let Some(base) = t.doc.clone().or_else(|| t.live.clone()) else {
                errors.push(t.not_found());
                continue;
            };
            patch_local(&base, &body, ty, t.r).map(|v| (v != base, v))
        } else {
            server_patch(cluster, t, &body, ty, scale, dry == Some("server"), out)
        };
        match res {
            Ok((changed, mut obj)) => {
                let server = !local && dry.is_none() && !scale;
                if server && p.bool("record", false).unwrap_or(false) {
                    obj = record(cluster, t, p, raw).unwrap_or(obj);
                }
                // PatchOptions.Complete runs PrintFlagsWithDryRunStrategy before ToPrinter sets
                // the operation, which overwrites the `(dry run)` suffix: a dry run says
                // `patched` like a real one.
                let op = if changed {
                    "patched"
                } else {
                    "patched (no change)"
                };
                let printed = if scale {
                    format!("scale.autoscaling/{}", t.name)
                } else {
                    t.printed()
                };
                print_object(out, o, &printed, op, &obj, &mut count);
            }
            Err(e) => errors.push(e),
        }
    }
    if targets.is_empty() && errors.is_empty() {
        return Err(Fail::Plain("no objects passed to patch".into()));
    }
    Ok(())
}

/// `--record`: a second (merge) patch setting `kubernetes.io/change-cause` to the command line.
fn record(cluster: &mut Cluster, t: &Target, p: &Parsed, raw: &[String]) -> Option<Value> {
    let raw: Vec<String> = raw
        .iter()
        .map(|a| match a.strip_prefix("-p") {
            Some("") => "--patch".to_string(),
            Some(v) if !a.starts_with("--") => format!("--patch={}", v.trim_start_matches('=')),
            _ => a.clone(),
        })
        .collect();
    let cause = super::apply::change_cause("patch", p, &raw);
    let mut obj = cluster.object_value(t.r, &t.ns, &t.name)?;
    let meta = obj.get_mut("metadata")?.as_object_mut()?;
    let ann = meta
        .entry("annotations")
        .or_insert_with(|| Value::Object(Map::new()));
    ann.as_object_mut()?
        .insert(super::apply::CHANGE_CAUSE.into(), Value::String(cause));
    cluster.update_value(obj).ok()?;
    cluster.object_value(t.r, &t.ns, &t.name)
}

/// The patch text after kubectl's `yaml.ToJSON`: text starting with `{` is JSON as typed (and may
/// be invalid, for the server to reject); anything else is YAML, converted.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(Value),
    /// JSON that does not parse, with Go's decoder error.
    Invalid(String),
}

pub fn to_json_body(text: &str) -> Result<Body, String> {
    if text.trim_start().starts_with('{') {
        return Ok(match serde_json::from_str::<Value>(text) {
            Ok(v) => Body::Json(v),
            Err(e) => Body::Invalid(go_json_check(text).err().unwrap_or_else(|| e.to_string())),
        });
    }
    yaml_value(text).map(Body::Json)
}

/// One YAML document as sigs.k8s.io/yaml converts it to JSON; errors in go-yaml's words.
fn yaml_value(text: &str) -> Result<Value, String> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(y) => Ok(yaml_to_json(y)),
        Err(e) => Err(match parse_stream(text, "-") {
            (_, Some(m)) if m.starts_with("error parsing -: ") => {
                let m = &m["error parsing -: ".len()..];
                m.strip_prefix("error converting YAML to JSON: ")
                    .unwrap_or(m)
                    .to_string()
            }
            _ => format!("yaml: {e}"),
        }),
    }
}

fn yaml_to_json(y: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match y {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::from(i),
            (_, Some(u), _) => Value::from(u),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Value::from(f as i64),
            (_, _, Some(f)) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            _ => Value::Null,
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(crate::sort::json_map(m.into_iter().map(|(k, v)| {
            let key = match yaml_to_json(k) {
                Value::String(s) => s,
                Value::Null => "null".into(),
                other => other.to_string(),
            };
            (key, yaml_to_json(v))
        }))),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// `--local` / `--dry-run=client`: kubectl's own client-side patch, with the libraries' raw errors.
pub fn patch_local(base: &Value, body: &Body, ty: PatchType, r: Resource) -> Result<Value, Fail> {
    let patch = match (body, ty) {
        (Body::Json(v), _) => v,
        (Body::Invalid(_), PatchType::Strategic) => {
            return Err(Fail::Plain("invalid JSON document".into()))
        }
        (Body::Invalid(_), PatchType::Merge) => {
            return Err(Fail::Plain("Invalid JSON Patch".into()))
        }
        (Body::Invalid(m), PatchType::Json) => return Err(Fail::Plain(m.clone())),
    };
    match ty {
        PatchType::Strategic if patch.is_null() => Ok(base.clone()),
        PatchType::Strategic => {
            let (Value::Object(o), Value::Object(pm)) = (base, patch) else {
                return Err(Fail::Plain("invalid JSON document".into()));
            };
            strategic_merge(o.clone(), pm.clone(), r.kind())
                .map(Value::Object)
                .map_err(|e| Fail::Plain(e.message().to_string()))
        }
        PatchType::Merge => match patch {
            Value::Object(_) => {
                let merged = merge_patch(base.clone(), patch);
                match merged {
                    Value::Object(_) => Ok(merged),
                    other => Err(Fail::Plain(format!(
                        "json: cannot unmarshal {} into Go value of type unstructured.detector",
                        json_kind(&other)
                    ))),
                }
            }
            Value::Array(_) => Err(Fail::Plain(
                "json: cannot unmarshal array into Go value of type unstructured.detector".into(),
            )),
            _ => Err(Fail::Plain("Invalid JSON Patch".into())),
        },
        PatchType::Json => match patch {
            // getPatchedJSON's rewrite of json-patch's replace error ("TODO: This is pretty
            // hacky"): the text after `key: ` becomes `Object to be patched is missing field`.
            Value::Array(ops) => json_patch(base.clone(), ops).map_err(|e| {
                Fail::Plain(match e.split_once("doc is missing key: ") {
                    Some((_, key)) => format!("Object to be patched is missing field ({key})"),
                    None => e,
                })
            }),
            Value::Null => Ok(base.clone()),
            other => Err(Fail::Plain(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                json_kind(other)
            ))),
        },
    }
}

/// encoding/json's name for a JSON value's type in an UnmarshalTypeError.
pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// PATCH against the API server: decode, apply, strict-decode (unknown fields are warnings, as
/// with an unset `fieldValidation`), preconditions, then the update path. Returns whether the
/// object changed and the object as stored.
fn server_patch(
    cluster: &mut Cluster,
    t: &Target,
    body: &Body,
    ty: PatchType,
    scale: bool,
    dry: bool,
    out: &mut CommandOutput,
) -> Result<(bool, Value), Fail> {
    let Some(live) = t.live.clone() else {
        return Err(t.not_found());
    };
    let bad = |m: String| Fail::Server(format!("Error from server (BadRequest): {m}"));
    let patch = match body {
        Body::Invalid(m) => {
            return Err(bad(match ty {
                PatchType::Strategic => m.clone(),
                _ => format!("error decoding patch: {m}"),
            }))
        }
        Body::Json(v) => v.clone(),
    };
    let (current, kind) = if scale {
        (scale_of(t, &live)?, "Scale")
    } else {
        (live.clone(), t.r.kind())
    };
    let patched = match ty {
        PatchType::Strategic => {
            let pm = match patch {
                Value::Object(m) => m,
                Value::Null => Map::new(),
                other => {
                    return Err(bad(format!(
                        "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                        json_kind(&other)
                    )))
                }
            };
            let Value::Object(cm) = current.clone() else {
                return Err(bad("invalid JSON document".into()));
            };
            let merged = strategic_merge(cm, pm.clone(), kind).map_err(|e| e.to_server())?;
            let merged = Value::Object(merged);
            decode_check(
                kind,
                merged,
                || go_fmt(&Value::Object(pm.clone())),
                true,
                out,
            )?
        }
        PatchType::Merge => {
            let merged = match &patch {
                Value::Object(_) => merge_patch(current.clone(), &patch),
                Value::Null => return Err(bad("Invalid JSON Patch".into())),
                other => return Err(bad(format!("error decoding patch: json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_kind(other)))),
            };
            let js = merged.to_string();
            decode_check(kind, merged, || js.clone(), false, out)?
        }
        PatchType::Json => {
            let ops = match &patch {
                Value::Array(ops) => ops.clone(),
                Value::Null => Vec::new(),
                other => return Err(bad(format!("error decoding patch: json: cannot unmarshal {} into Go value of type []handlers.jsonPatchOp", json_kind(other)))),
            };
            for op in &ops {
                let Value::Object(m) = op else {
                    return Err(bad(format!("error decoding patch: json: cannot unmarshal {} into Go value of type handlers.jsonPatchOp", json_kind(op))));
                };
                for f in ["op", "path", "from"] {
                    if let Some(v) = m.get(f).filter(|v| !v.is_string() && !v.is_null()) {
                        return Err(bad(format!("error decoding patch: json: cannot unmarshal {} into Go struct field jsonPatchOp.{f} of type string", json_kind(v))));
                    }
                }
            }
            let merged = json_patch(current.clone(), &ops).map_err(|_| unprocessable())?;
            let js = merged.to_string();
            decode_check(kind, merged, || js.clone(), false, out)?
        }
    };
    if scale {
        let replicas = patched
            .pointer("/spec/replicas")
            .cloned()
            .unwrap_or(Value::from(0));
        let mut obj = live.clone();
        obj["spec"]["replicas"] = replicas;
        let changed = write(cluster, t, &live, obj, dry)?;
        let now = cluster.object_value(t.r, &t.ns, &t.name).unwrap_or(live);
        return Ok((changed, scale_of(t, &now)?));
    }
    let changed = write(cluster, t, &live, patched.clone(), dry)?;
    let stored = if dry {
        patched
    } else {
        cluster.object_value(t.r, &t.ns, &t.name).unwrap_or(patched)
    };
    // Named by a file, kubectl compares the file's object with the server's answer.
    let changed = match &t.doc {
        Some(doc) => *doc != stored,
        None => changed,
    };
    Ok((changed, stored))
}

/// Stores a changed object (PUT semantics), or for server dry-run only compares.
pub(super) fn write(
    cluster: &mut Cluster,
    t: &Target,
    live: &Value,
    new: Value,
    dry: bool,
) -> Result<bool, Fail> {
    preconditions(t, live, &new)?;
    if dry {
        return Ok(strip_status(&new) != strip_status(live));
    }
    cluster
        .update_value(new)
        .map_err(|e| Fail::Server(e.to_kubectl()))
}

fn strip_status(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    v
}

fn unprocessable() -> Fail {
    Fail::Server(
        "The request is invalid: the server rejected our request due to an error in our request"
            .into(),
    )
}

/// The `autoscaling/v1` Scale of a Deployment or ReplicaSet (`--subresource=scale`).
fn scale_of(t: &Target, live: &Value) -> Result<Value, Fail> {
    if !matches!(
        t.r,
        Resource::Deployment | Resource::ReplicaSet | Resource::StatefulSet
    ) {
        return Err(Fail::Server(
            "Error from server (NotFound): the server could not find the requested resource".into(),
        ));
    }
    let selector = live
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let mut meta = live.get("metadata").cloned().unwrap_or(Value::Null);
    if let Some(m) = meta.as_object_mut() {
        m.retain(|k, _| {
            matches!(
                k.as_str(),
                "name" | "namespace" | "uid" | "resourceVersion" | "creationTimestamp"
            )
        });
    }
    Ok(serde_json::json!({
        "apiVersion": "autoscaling/v1",
        "kind": "Scale",
        "metadata": meta,
        "spec": {"replicas": live.pointer("/spec/replicas").cloned().unwrap_or(Value::from(1))},
        "status": {"replicas": live.pointer("/status/replicas").cloned().unwrap_or(Value::from(0)), "selector": selector},
    }))
}

/// Decodes the patched object into the kind's type as the API server does: a type error is an
/// Invalid `patch` error (value: the patch for strategic, the patched JSON otherwise); unknown
/// fields become `Warning: unknown field "…"` lines and are dropped.
fn decode_check(
    kind: &str,
    mut v: Value,
    value: impl Fn() -> String,
    strategic: bool,
    out: &mut CommandOutput,
) -> Result<Value, Fail> {
    let Err(e) = crate::api::schema::strict_detail(kind, &v) else {
        return Ok(v);
    };
    let Some(list) = e.strip_prefix("strict decoding error: ") else {
        let detail = if strategic { converter_error(&e) } else { e };
        return Err(Fail::Server(format!(
            "The request is invalid: patch: Invalid value: {}: {detail}",
            go_quote(&value())
        )));
    };
    for field in list.split(", ") {
        let path = field.trim_start_matches("unknown field ").trim_matches('"');
        out.err(format!("Warning: unknown field \"{path}\"\n"));
        remove_path(&mut v, path);
    }
    Ok(v)
}

/// runtime.DefaultUnstructuredConverter's wording for a type mismatch the JSON decoder reports
/// as `json: cannot unmarshal X into Go … of type T`.
fn converter_error(json_err: &str) -> String {
    let Some(rest) = json_err.strip_prefix("json: cannot unmarshal ") else {
        return json_err.to_string();
    };
    let Some((src, _)) = rest.split_once(" into Go ") else {
        return json_err.to_string();
    };
    let Some((_, ty)) = rest.rsplit_once(" of type ") else {
        return json_err.to_string();
    };
    let src_kind = match src.split(' ').next().unwrap_or("") {
        "number" if src.contains('.') || src.contains('e') => "float64",
        "number" => "int64",
        "array" => "slice",
        "object" => "map",
        other => other,
    };
    if ty.starts_with("[]") {
        return format!("cannot restore slice from {src_kind}");
    }
    if ty.starts_with("map[") || ty == "v1.ResourceList" {
        return format!("cannot restore map from {src_kind}");
    }
    match ty {
        "int32" | "int64" | "bool" => {
            if src_kind == "float64" && ty != "bool" {
                format!("cannot convert float64 to {ty}")
            } else {
                format!("unrecognized type: {ty}")
            }
        }
        t if t == "string" || (t.starts_with("v1.") && src_kind != "map") => {
            if src_kind == "int64" {
                format!("cannot convert int64 to {t}")
            } else if t == "string" {
                "unrecognized type: string".to_string()
            } else {
                format!("cannot restore struct from: {src_kind}")
            }
        }
        _ => json_err.to_string(),
    }
}

/// Removes `a.b[0].c` from an object (the decoder's unknown-field path).
fn remove_path(v: &mut Value, path: &str) {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for seg in path.split('.') {
        let mut parts = seg.split('[');
        steps.push(Ok(parts.next().unwrap_or("").to_string()));
        for idx in parts {
            steps.push(Err(idx.trim_end_matches(']').parse().unwrap_or(usize::MAX)));
        }
    }
    let Some((last, init)) = steps.split_last() else {
        return;
    };
    let mut cur = v;
    for s in init {
        let next = match s {
            Ok(k) => cur.get_mut(k.as_str()),
            Err(i) => cur.get_mut(*i),
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let (Ok(k), Some(m)) = (last, cur.as_object_mut()) {
        m.remove(k);
    }
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch, v0.33, apply half).

/// Why a strategic merge patch failed, with the status the API server answers it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmpError {
    /// 400 (malformed directives).
    BadRequest(String),
    /// 422 (`lists of lists are not supported`).
    Unprocessable(String),
    /// Any other error: a 500 without a reason (`Error from server: …`).
    Internal(String),
}

impl SmpError {
    pub fn message(&self) -> &str {
        match self {
            SmpError::BadRequest(m) | SmpError::Unprocessable(m) | SmpError::Internal(m) => m,
        }
    }

    fn to_server(&self) -> Fail {
        match self {
            SmpError::BadRequest(m) => Fail::Server(format!("Error from server (BadRequest): {m}")),
            SmpError::Unprocessable(_) => unprocessable(),
            SmpError::Internal(m) => Fail::Server(format!("Error from server: {m}")),
        }
    }
}

/// The Go type a field decodes into, as far as patch strategies care: the struct a map is, or
/// "" for anything without merge lists below it.
pub(super) fn child(ty: &str, key: &str) -> &'static str {
    const ROOTS: [&str; 8] = [
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Pod",
        "Service",
        "Node",
        "Namespace",
    ];
    let root = ROOTS.contains(&ty);
    match (ty, key) {
        (_, "metadata") if root || ty == "PodTemplateSpec" => "ObjectMeta",
        (_, "status") if root => "Status",
        ("Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet", "spec") => "WorkloadSpec",
        ("Pod" | "PodTemplateSpec", "spec") => "PodSpec",
        ("Service", "spec") => "ServiceSpec",
        ("Node", "spec") => "NodeSpec",
        ("WorkloadSpec", "template") => "PodTemplateSpec",
        ("PodSpec", "containers" | "initContainers" | "ephemeralContainers") => "Container",
        _ => "",
    }
}

/// The merge key of a list field with `patchStrategy:"merge"` (Some("") for lists of scalars);
/// None for lists that are replaced whole.
pub(super) fn list_key(ty: &str, key: &str) -> Option<&'static str> {
    Some(match (ty, key) {
        (
            "PodSpec",
            "containers"
            | "initContainers"
            | "ephemeralContainers"
            | "volumes"
            | "imagePullSecrets"
            | "resourceClaims"
            | "schedulingGates",
        ) => "name",
        ("PodSpec", "hostAliases") => "ip",
        ("PodSpec", "topologySpreadConstraints") => "topologyKey",
        ("Container", "ports") => "containerPort",
        ("Container", "env") => "name",
        ("Container", "volumeMounts") => "mountPath",
        ("Container", "volumeDevices") => "devicePath",
        ("ServiceSpec", "ports") => "port",
        ("ObjectMeta", "finalizers") | ("NodeSpec", "podCIDRs") => "",
        ("ObjectMeta", "ownerReferences") => "uid",
        ("Status", "conditions" | "addresses") => "type",
        ("Status", "podIPs" | "hostIPs") => "ip",
        _ => return None,
    })
}

/// The Go kind of a list field's elements: `string` for the lists of strings, else `struct`.
fn elem_kind(ty: &str, key: &str) -> &'static str {
    match (ty, key) {
        ("Container", "args" | "command")
        | ("ObjectMeta", "finalizers")
        | ("NodeSpec", "podCIDRs") => "string",
        _ => "struct",
    }
}

/// Applies a strategic merge patch to an object of `kind` (`Deployment`, `Pod`, …).
pub fn strategic_merge(
    original: Map<String, Value>,
    patch: Map<String, Value>,
    kind: &str,
) -> Result<Map<String, Value>, SmpError> {
    merge_map(original, patch, kind)
}

fn ntype(v: &Value) -> &'static str {
    match v {
        Value::Null => "nil",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => "slice",
        Value::Object(_) => "map",
    }
}

fn discard_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(crate::sort::json_map(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, discard_nulls(v))),
        )),
        Value::Array(a) => Value::Array(a.into_iter().map(discard_nulls).collect()),
        other => other,
    }
}

fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    ty: &str,
) -> Result<Map<String, Value>, SmpError> {
    if let Some(d) = patch.get("$patch") {
        return match d.as_str() {
            Some("replace") => {
                patch.remove("$patch");
                Ok(patch)
            }
            Some("delete") => Ok(Map::new()),
            _ => Err(SmpError::Internal(format!(
                "unknown patch type: {} in map: {}",
                go_fmt(d),
                go_fmt(&Value::Object(patch.clone()))
            ))),
        };
    }
    if let Some(keys) = patch.remove("$retainKeys") {
        let Value::Array(keys) = keys else {
            return Err(SmpError::BadRequest(
                "invalid patch format of retainKeys".into(),
            ));
        };
        let keep = |k: &str| keys.iter().any(|x| x.as_str() == Some(k));
        if patch.iter().any(|(k, v)| {
            !v.is_null()
                && !k.starts_with("$deleteFromPrimitiveList/")
                && !k.starts_with("$setElementOrder/")
                && !keep(k)
        }) {
            return Err(SmpError::BadRequest(
                "invalid patch format of retainKeys".into(),
            ));
        }
        original.retain(|k, _| keep(k));
    }
    let orders: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with("$setElementOrder/"))
        .cloned()
        .collect();
    for ok in orders {
        let order = match patch.remove(&ok) {
            Some(Value::Array(order)) => order,
            other => return Err(bad_list_type(other.as_ref())),
        };
        let key = ok["$setElementOrder/".len()..].to_string();
        let mk = list_key(ty, &key);
        let as_list = |v: Option<Value>| match v {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(other) => Err(bad_list_type(Some(&other))),
        };
        let o = as_list(original.get(&key).cloned())?;
        let pl = as_list(patch.remove(&key))?;
        check_set_order(pl.as_deref().unwrap_or_default(), &order, mk.unwrap_or(""))?;
        let merged = match (o.clone(), pl.clone()) {
            (Some(o), None) => o,
            (None, Some(p)) => p,
            (Some(o), Some(p)) => match mk {
                Some(mk) => merge_slice(o, p, child(ty, &key), mk, false, elem_kind(ty, &key))?,
                None => p,
            },
            (None, None) => continue,
        };
        let mk = mk.unwrap_or("");
        let (pi, so) = partition(&merged, &order, mk)?;
        let is_map = merged.first().is_some_and(Value::is_object);
        original.insert(
            key,
            Value::Array(normalize_order(
                pi,
                so,
                &order,
                &o.unwrap_or_default(),
                mk,
                is_map,
            )?),
        );
    }
    for (k, pv) in patch {
        let (key, delete_list) = match k.strip_prefix("$deleteFromPrimitiveList/") {
            Some(s) => (s.to_string(), true),
            None => (k, false),
        };
        if pv.is_null() {
            original.remove(&key);
            continue;
        }
        let Some(ov) = original.remove(&key) else {
            if !delete_list {
                original.insert(key, discard_nulls(pv));
            }
            continue;
        };
        if ntype(&ov) != ntype(&pv) {
            original.insert(key, if delete_list { ov } else { discard_nulls(pv) });
            continue;
        }
        let merged = match (ov, pv) {
            (Value::Object(o), Value::Object(p)) => {
                Value::Object(merge_map(o, p, child(ty, &key))?)
            }
            // mergeSliceHandler: "Delete lists are handled the same way regardless of what
            // the field's patch strategy is".
            (Value::Array(o), Value::Array(p)) => match list_key(ty, &key) {
                Some(mk) => Value::Array(merge_slice(
                    o,
                    p,
                    child(ty, &key),
                    mk,
                    delete_list,
                    elem_kind(ty, &key),
                )?),
                None if delete_list => {
                    Value::Array(merge_slice(o, p, "", "", true, elem_kind(ty, &key))?)
                }
                None => Value::Array(p),
            },
            (_, p) => p,
        };
        original.insert(key, merged);
    }
    Ok(original)
}

/// All elements of both lists must share one Go type (and not be lists); true for maps.
pub(super) fn element_kind(original: &[Value], patch: &[Value]) -> Result<bool, SmpError> {
    let mut first: Option<&'static str> = None;
    for v in original.iter().chain(patch) {
        match first {
            None if v.is_array() => {
                return Err(SmpError::Unprocessable(
                    "lists of lists are not supported".into(),
                ))
            }
            None => first = Some(ntype(v)),
            Some(t) if t != ntype(v) => {
                let both = Value::Array(vec![
                    Value::Array(original.to_vec()),
                    Value::Array(patch.to_vec()),
                ]);
                return Err(SmpError::Internal(format!(
                    "list element types are not identical: {}",
                    go_fmt(&both)
                )));
            }
            Some(_) => {}
        }
    }
    Ok(first == Some("map"))
}

/// The Go type of a decoded JSON value as `reflect.TypeOf` prints it.
fn go_type(v: Option<&Value>) -> &'static str {
    match v {
        None | Some(Value::Null) => "%!s(<nil>)",
        Some(Value::Bool(_)) => "bool",
        Some(Value::Number(n)) if n.is_f64() => "float64",
        Some(Value::Number(_)) => "int64",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "[]interface {}",
        Some(Value::Object(_)) => "map[string]interface {}",
    }
}

/// `mergepatch.ErrBadArgType([]interface{}, v)`: a `$setElementOrder` directive, or the list
/// it orders, that is not a list.
fn bad_list_type(v: Option<&Value>) -> SmpError {
    SmpError::Internal(format!(
        "expected a []interface {{}}, but received a {}",
        go_type(v)
    ))
}

/// validatePatchWithSetOrderList: the patch list's items (deletions aside) must appear in the
/// `$setElementOrder` list in the same relative order.
fn check_set_order(patch: &[Value], order: &[Value], mk: &str) -> Result<(), SmpError> {
    if patch.is_empty() || order.is_empty() {
        return Ok(());
    }
    let mut items = Vec::new();
    for v in patch {
        if !mk.is_empty() {
            if !v.is_object() {
                return Err(SmpError::Internal(format!(
                    "expected a map[string]interface {{}}, but received a {}",
                    go_type(Some(v))
                )));
            }
            if v.get("$patch").and_then(Value::as_str) == Some("delete") {
                continue;
            }
        }
        items.push(v);
    }
    let (mut pi, mut si) = (0, 0);
    while pi < items.len() && si < order.len() {
        if items[pi].get("$patch").is_some() {
            pi += 1;
            continue;
        }
        let equal = if mk.is_empty() {
            *items[pi] == order[si]
        } else {
            let key = |v: &Value| match v {
                Value::Object(m) => m.get(mk).cloned().ok_or_else(|| no_merge_key(v, mk)),
                other => Err(SmpError::Internal(format!(
                    "expected a map[string]interface {{}}, but received a {}",
                    go_type(Some(other))
                ))),
            };
            key(items[pi])? == key(&order[si])?
        };
        if equal {
            pi += 1;
        }
        si += 1;
    }
    if pi < items.len() && si >= order.len() {
        return Err(SmpError::Internal(format!(
            "The order in patch list:\n{}\n doesn't match $setElementOrder list:\n{}\n",
            go_fmt(&Value::Array(patch.to_vec())),
            go_fmt(&Value::Array(order.to_vec()))
        )));
    }
    Ok(())
}

pub(super) fn no_merge_key(m: &Value, mk: &str) -> SmpError {
    SmpError::Internal(format!(
        "map: {} does not contain declared merge key: {mk}",
        go_fmt(m)
    ))
}

/// `elem` is the Go kind of the field's element type (`schema.Name()` in upstream's error).
fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    ty: &str,
    mk: &str,
    delete_list: bool,
    elem: &str,
) -> Result<Vec<Value>, SmpError> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let is_map = element_kind(&original, &patch)?;
    if !is_map {
        if delete_list {
            return Ok(original
                .into_iter()
                .filter(|v| !patch.contains(v))
                .collect());
        }
        let mut merged: Vec<Value> = Vec::new();
        for v in original.iter().chain(&patch) {
            if !merged.contains(v) {
                merged.push(v.clone());
            }
        }
        let (pi, so) = partition(&merged, &patch, "")?;
        return normalize_order(pi, so, &patch, &original, "", false);
    }
    if mk.is_empty() {
        return Err(SmpError::Internal(format!(
            "cannot merge lists without merge key for {elem}"
        )));
    }
    // $patch elements: delete entries, or replace the whole list.
    let mut original = original;
    let mut plain = Vec::new();
    let mut replace = false;
    for v in &patch {
        match v.get("$patch") {
            None => plain.push(v.clone()),
            Some(d) => match d.as_str() {
                Some("delete") => {
                    let Some(key) = v.get(mk) else {
                        return Err(no_merge_key(v, mk));
                    };
                    original.retain(|o| o.get(mk) != Some(key));
                }
                Some("replace") => replace = true,
                Some("merge") => {
                    return Err(SmpError::Internal(
                        "merging lists cannot yet be specified in the patch".into(),
                    ))
                }
                _ => {
                    return Err(SmpError::Internal(format!(
                        "unknown patch type: {} in map: {}",
                        go_fmt(d),
                        go_fmt(v)
                    )))
                }
            },
        }
    }
    let (original, patch) = if replace {
        (plain, Vec::new())
    } else {
        (original, plain)
    };
    let mut merged = original.clone();
    for v in &patch {
        let Some(key) = v.get(mk) else {
            return Err(no_merge_key(v, mk));
        };
        match merged.iter().position(|o| o.get(mk) == Some(key)) {
            Some(i) => {
                let (Value::Object(o), Value::Object(p)) = (merged[i].clone(), v.clone()) else {
                    continue;
                };
                merged[i] = Value::Object(merge_map(o, p, ty)?);
            }
            None => merged.push(v.clone()),
        }
    }
    let (pi, so) = partition(&merged, &patch, mk)?;
    normalize_order(pi, so, &patch, &original, mk, true)
}

/// Identity of a list element: its merge key value, or itself for scalars.
fn ident<'a>(v: &'a Value, mk: &str) -> Option<&'a Value> {
    if mk.is_empty() {
        Some(v)
    } else {
        v.get(mk)
    }
}

fn index_in(list: &[Value], v: &Value, mk: &str) -> Option<usize> {
    let id = ident(v, mk)?;
    list.iter().position(|x| ident(x, mk) == Some(id))
}

/// Splits `merged` into the elements present in `by` and the others (server-only).
fn partition(
    merged: &[Value],
    by: &[Value],
    mk: &str,
) -> Result<(Vec<Value>, Vec<Value>), SmpError> {
    let (mut pi, mut so) = (Vec::new(), Vec::new());
    for v in merged {
        if !mk.is_empty() && v.get(mk).is_none() {
            return Err(no_merge_key(v, mk));
        }
        if index_in(by, v, mk).is_some() {
            pi.push(v.clone());
        } else {
            so.push(v.clone());
        }
    }
    Ok((pi, so))
}

/// normalizeElementOrder: patch items in patch order, server-only items in live order, then
/// interleaved by the live order where both are known (patch items win ties).
fn normalize_order(
    patch_items: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    mk: &str,
    is_map: bool,
) -> Result<Vec<Value>, SmpError> {
    let sort = |mut items: Vec<Value>, order: &[Value]| -> Result<Vec<Value>, SmpError> {
        if is_map {
            if let Some(v) = items.iter().chain(order).find(|v| v.get(mk).is_none()) {
                return Err(no_merge_key(v, mk));
            }
        }
        let (mut found, rest): (Vec<Value>, Vec<Value>) = items
            .drain(..)
            .partition(|v| index_in(order, v, mk).is_some());
        crate::sort::sort_by_key(&mut found, |v| index_in(order, v, mk));
        found.extend(rest);
        Ok(found)
    };
    let right = sort(patch_items, patch_order)?;
    let left = sort(server_only, server_order)?;
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(left.len() + right.len());
    while i < left.len() || j < right.len() {
        let take_left = if i >= left.len() {
            false
        } else if j >= right.len() {
            true
        } else {
            matches!((index_in(server_order, &left[i], mk), index_in(server_order, &right[j], mk)), (Some(a), Some(b)) if a < b)
        };
        if take_left {
            out.push(left[i].clone());
            i += 1;
        } else {
            out.push(right[j].clone());
            j += 1;
        }
    }
    Ok(out)
}

/// Go's `%v` of a decoded JSON value: `map[a:1 b:[x y]]`.
pub fn go_fmt(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => go_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_fmt).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_fmt(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)` with %v's exponent rule).
fn go_float(f: f64) -> String {
    let exp = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32
    };
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let s = format!("{f:e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let (sign, d) = e.strip_prefix('-').map_or(('+', e), |d| ('-', d));
    format!("{m}e{sign}{d:0>2}")
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch (RFC 7386, evanphx/json-patch MergePatch).

pub fn merge_patch(doc: Value, patch: &Value) -> Value {
    match (doc, patch) {
        (Value::Object(mut d), Value::Object(p)) => {
            for (k, pv) in p {
                if pv.is_null() {
                    d.remove(k);
                    continue;
                }
                let cur = d.remove(k).unwrap_or(Value::Null);
                let merged = if cur.is_object() && pv.is_object() {
                    merge_patch(cur, pv)
                } else {
                    prune_nulls(pv.clone())
                };
                d.insert(k.clone(), merged);
            }
            Value::Object(d)
        }
        (_, p) => prune_nulls(p.clone()),
    }
}

fn prune_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(crate::sort::json_map(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, prune_nulls(v))),
        )),
        Value::Array(a) => Value::Array(a.into_iter().map(prune_nulls).collect()),
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// JSON patch (RFC 6902, evanphx/json-patch v4 semantics and messages).

fn unescape(tok: &str) -> String {
    tok.replace("~1", "/").replace("~0", "~")
}

/// `strconv.Atoi`: an optional sign and decimal digits, with its error text.
fn atoi(key: &str) -> Result<i64, String> {
    let digits = key.strip_prefix(['+', '-']).unwrap_or(key);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(key)
        ));
    }
    key.trim_start_matches('+').parse().map_err(|_| {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            go_quote(key)
        )
    })
}

/// json-patch v4's `partialArray` index check: `get`/`set`/`remove` take `-len..len`, `add`
/// one more; negative indices count from the end. Errors are the library's bare texts.
fn array_index(key: &str, len: usize, add: bool) -> Result<usize, String> {
    let i = atoi(key)?;
    let size = len as i64 + i64::from(add);
    if i >= size || i < -size {
        return Err(format!(
            "Unable to access invalid index: {i}: invalid index referenced"
        ));
    }
    Ok(if i < 0 { i + size } else { i } as usize)
}

/// `container.get`: a map's key (None when absent, which is no error), or an array element.
fn get_in(c: &Value, key: &str) -> Result<Option<Value>, String> {
    match c {
        Value::Array(a) => array_index(key, a.len(), false).map(|i| Some(a[i].clone())),
        other => Ok(other.get(key).cloned()),
    }
}

/// json-patch v4's `findObject`: the map or array holding a pointer's last token, and that
/// token; None when the path has no `/` or a parent is missing or not a map or array.
fn container<'a>(doc: &'a mut Value, path: &str) -> Option<(&'a mut Value, String)> {
    let rest = path.strip_prefix('/')?;
    let toks: Vec<String> = rest.split('/').map(unescape).collect();
    let (last, parents) = toks.split_last()?;
    let mut cur = doc;
    for t in parents {
        cur = match cur {
            Value::Object(m) => m.get_mut(t)?,
            Value::Array(a) => {
                let i = array_index(t, a.len(), false).ok()?;
                &mut a[i]
            }
            _ => return None,
        };
    }
    (cur.is_object() || cur.is_array()).then_some((cur, last.clone()))
}

/// `container.add`: a map's key is set; into an array `-` appends, an index inserts (a bad
/// index wrapped as `value was not a proper array index`).
fn add_in(c: &mut Value, key: String, v: Value) -> Result<(), String> {
    match c {
        Value::Array(a) if key == "-" => a.push(v),
        Value::Array(a) => {
            let i = match atoi(&key) {
                Err(e) => return Err(format!("value was not a proper array index: '{key}': {e}")),
                Ok(_) => array_index(&key, a.len(), true)?,
            };
            a.insert(i, v);
        }
        Value::Object(m) => {
            m.insert(key, v);
        }
        _ => {}
    }
    Ok(())
}

/// `container.remove`.
fn remove_in(c: &mut Value, key: &str) -> Result<(), String> {
    match c {
        Value::Array(a) => {
            let i = array_index(key, a.len(), false)?;
            a.remove(i);
        }
        Value::Object(m) => {
            m.remove(key)
                .ok_or_else(|| format!("Unable to remove nonexistent key: {key}: missing value"))?;
        }
        _ => {}
    }
    Ok(())
}

/// Applies RFC 6902 operations in order; the first failure stops with the library's message
/// (gopkg.in/evanphx/json-patch.v4 `Patch.Apply`: `add`, `remove`, `replace`, `move`, `test`,
/// `copy`).
pub fn json_patch(mut doc: Value, ops: &[Value]) -> Result<Value, String> {
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("unknown");
        let path = op.get("path").and_then(Value::as_str);
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        let need_path =
            || path.ok_or_else(|| format!("{kind} operation failed to decode path: missing value"));
        match kind {
            "add" => {
                let p = need_path()?;
                let (c, key) = container(&mut doc, p).ok_or_else(|| {
                    format!(
                        "add operation does not apply: doc is missing path: {}: missing value",
                        go_quote(p)
                    )
                })?;
                add_in(c, key, value).map_err(|e| format!("error in add for path: '{p}': {e}"))?;
            }
            "remove" => {
                let p = need_path()?;
                let (c, key) = container(&mut doc, p).ok_or_else(|| {
                    format!(
                        "remove operation does not apply: doc is missing path: {}: missing value",
                        go_quote(p)
                    )
                })?;
                remove_in(c, &key).map_err(|e| format!("error in remove for path: '{p}': {e}"))?;
            }
            "replace" => {
                let p = need_path()?;
                let (c, key) = container(&mut doc, p).ok_or_else(|| {
                    format!(
                        "replace operation does not apply: doc is missing path: {p}: missing value"
                    )
                })?;
                if get_in(c, &key).is_err() {
                    return Err(format!(
                        "replace operation does not apply: doc is missing key: {p}: missing value"
                    ));
                }
                match c {
                    Value::Array(a) => {
                        let i = array_index(&key, a.len(), false)?;
                        a[i] = value;
                    }
                    other => other[key] = value,
                }
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).ok_or_else(|| {
                    format!("{kind} operation failed to decode from: missing value")
                })?;
                let (c, key) = container(&mut doc, from).ok_or_else(|| {
                    format!("{kind} operation does not apply: doc is missing from path: {from}: missing value")
                })?;
                let v = if kind == "move" {
                    let v = get_in(c, &key)
                        .and_then(|v| remove_in(c, &key).map(|()| v))
                        .map_err(|e| format!("error in move for path: '{key}': {e}"))?;
                    v.unwrap_or(Value::Null)
                } else {
                    get_in(c, &key)
                        .map_err(|e| format!("error in copy for from: '{from}': {e}"))?
                        .unwrap_or(Value::Null)
                };
                let p = need_path()?;
                let (c, key) = container(&mut doc, p).ok_or_else(|| {
                    format!("{kind} operation does not apply: doc is missing destination path: {p}: missing value")
                })?;
                add_in(c, key, v).map_err(|e| match kind {
                    "move" => format!("error in move for path: '{p}': {e}"),
                    _ => format!("error while adding value during copy: {e}"),
                })?;
            }
            "test" => {
                let p = need_path()?;
                let (c, key) = container(&mut doc, p).ok_or_else(|| {
                    format!("test operation does not apply: is missing path: {p}: missing value")
                })?;
                let found = get_in(c, &key)
                    .map_err(|e| format!("error in test for path: '{p}': {e}"))?
                    .unwrap_or(Value::Null);
                if found != value {
                    return Err(format!("testing value {p} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// Go encoding/json syntax errors, for patches typed as `{…}` that are not valid JSON.

fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'"' => "'\"'".into(),
        _ => {
            let q = go_quote(&(c as char).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

const EOF: &str = "unexpected end of JSON input";

impl Scan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn next(&mut self) -> Result<u8, String> {
        let c = *self.b.get(self.i).ok_or(EOF)?;
        self.i += 1;
        Ok(c)
    }

    fn bad(c: u8, ctx: &str) -> String {
        format!("invalid character {} {ctx}", quote_char(c))
    }

    /// One value, iteratively (an explicit stack of open containers, so that deep nesting cannot
    /// overflow the call stack), with Go's limit of 10000 nested objects and arrays.
    fn value(&mut self) -> Result<(), String> {
        const MAX_DEPTH: usize = 10_000;
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.ws();
            let c = self.next()?;
            match c {
                b'{' | b'[' => {
                    if open.len() >= MAX_DEPTH {
                        return Err(Self::bad(c, "exceeded max depth"));
                    }
                    self.ws();
                    let close = if c == b'{' { b'}' } else { b']' };
                    if self.b.get(self.i) == Some(&close) {
                        self.i += 1;
                    } else {
                        open.push(c);
                        if c == b'{' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                b'"' => self.string()?,
                b'-' | b'0'..=b'9' => self.number(c)?,
                b't' => self.lit("true")?,
                b'f' => self.lit("false")?,
                b'n' => self.lit("null")?,
                c => return Err(Self::bad(c, "looking for beginning of value")),
            }
            // a value is complete: close the containers it completes
            loop {
                let Some(&top) = open.last() else {
                    return Ok(());
                };
                self.ws();
                match (top, self.next()?) {
                    (_, b',') => {
                        if top == b'{' {
                            self.key()?;
                        }
                        break;
                    }
                    (b'{', b'}') | (b'[', b']') => {
                        open.pop();
                    }
                    (b'{', c) => return Err(Self::bad(c, "after object key:value pair")),
                    (_, c) => return Err(Self::bad(c, "after array element")),
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> Result<(), String> {
        self.ws();
        match self.next()? {
            b'"' => self.string()?,
            c => return Err(Self::bad(c, "looking for beginning of object key string")),
        }
        self.ws();
        match self.next()? {
            b':' => Ok(()),
            c => Err(Self::bad(c, "after object key")),
        }
    }

    fn string(&mut self) -> Result<(), String> {
        loop {
            match self.next()? {
                b'"' => return Ok(()),
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' => {
                        for _ in 0..4 {
                            let h = self.next()?;
                            if !h.is_ascii_hexdigit() {
                                return Err(Self::bad(h, "in \\u hexadecimal character escape"));
                            }
                        }
                    }
                    c => return Err(Self::bad(c, "in string escape code")),
                },
                c if c < 0x20 => return Err(Self::bad(c, "in string literal")),
                _ => {}
            }
        }
    }

    fn digits(&mut self) -> usize {
        let s = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - s
    }

    fn number(&mut self, first: u8) -> Result<(), String> {
        let first = if first == b'-' { self.next()? } else { first };
        match first {
            b'0' => {}
            b'1'..=b'9' => {
                self.digits();
            }
            c => return Err(Self::bad(c, "in numeric literal")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            let c = self.next()?;
            if !c.is_ascii_digit() {
                return Err(Self::bad(c, "after decimal point in numeric literal"));
            }
            self.digits();
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let mut c = self.next()?;
            if c == b'+' || c == b'-' {
                c = self.next()?;
            }
            if !c.is_ascii_digit() {
                return Err(Self::bad(c, "in exponent of numeric literal"));
            }
            self.digits();
        }
        Ok(())
    }

    fn lit(&mut self, word: &str) -> Result<(), String> {
        for want in word.bytes().skip(1) {
            let c = self.next()?;
            if c != want {
                return Err(Self::bad(
                    c,
                    &format!("in literal {word} (expecting {})", quote_char(want)),
                ));
            }
        }
        Ok(())
    }
}

/// Go's `json.Unmarshal` syntax check: the first error in its words.
pub fn go_json_check(text: &str) -> Result<(), String> {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    s.value()?;
    s.ws();
    match s.b.get(s.i) {
        Some(&c) => Err(Scan::bad(c, "after top-level value")),
        None => Ok(()),
    }
}

/// A cluster with `nginx` (2 replicas, ready) and an unmanaged pod `bare`, for command tests.
#[cfg(test)]
pub(super) fn demo_cluster() -> Cluster {
    let mut c = Cluster::new(crate::ClusterConfig::default());
    let files = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n        ports:\n        - containerPort: 80\n";
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n  - name: c\n    image: busybox\n";
    assert_eq!(
        c.exec("kubectl apply -f -", Some(deploy), &files).exit_code,
        0
    );
    assert_eq!(c.exec("kubectl apply -f -", Some(pod), &files).exit_code, 0);
    assert_eq!(
        c.run("kubectl rollout status deployment/nginx").exit_code,
        0
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn two_containers() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [
            {"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]},
            {"name": "side", "image": "busybox", "env": [{"name": "A", "value": "1"}]}
        ]}}}})
    }

    fn smp(base: &Value, patch: Value) -> Result<Value, SmpError> {
        strategic_merge(obj(base.clone()), obj(patch), "Deployment").map(Value::Object)
    }

    #[test]
    fn strategic_patch_merges_containers_by_name_but_merge_patch_replaces_the_list() {
        let base = two_containers();
        let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.16"}]}}}});
        let s = smp(&base, patch.clone()).unwrap();
        let cs = s.pointer("/spec/template/spec/containers").unwrap();
        assert_eq!(
            cs[0],
            json!({"name": "nginx", "image": "nginx:1.16", "ports": [{"containerPort": 80}]})
        );
        assert_eq!(cs[1]["name"], "side");
        let m = merge_patch(base, &patch);
        assert_eq!(
            m.pointer("/spec/template/spec/containers").unwrap(),
            &json!([{"name": "nginx", "image": "nginx:1.16"}])
        );
    }

    #[test]
    fn new_list_items_come_first_and_patch_order_wins() {
        let base = two_containers();
        let s = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "new", "image": "n"}]}}}})).unwrap();
        let names: Vec<&str> = s
            .pointer("/spec/template/spec/containers")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["new", "nginx", "side"]);
        let s = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "side"}, {"name": "nginx"}]}}}})).unwrap();
        assert_eq!(
            s.pointer("/spec/template/spec/containers/0/name").unwrap(),
            "side"
        );
        let s = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 81}, {"containerPort": 80, "name": "http"}]}]}}}})).unwrap();
        assert_eq!(
            s.pointer("/spec/template/spec/containers/0/ports").unwrap(),
            &json!([{"containerPort": 81}, {"containerPort": 80, "name": "http"}])
        );
    }

    #[test]
    fn directives_and_nulls() {
        let base = two_containers();
        let del = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "$patch": "delete"}]}}}})).unwrap();
        assert_eq!(
            del.pointer("/spec/template/spec/containers")
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let rep = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "x", "image": "x"}, {"$patch": "replace"}]}}}})).unwrap();
        assert_eq!(
            rep.pointer("/spec/template/spec/containers").unwrap(),
            &json!([{"name": "x", "image": "x"}])
        );
        let empty = smp(
            &base,
            json!({"spec": {"template": {"spec": {"containers": []}}}}),
        )
        .unwrap();
        assert_eq!(empty, base);
        let nulls = smp(
            &base,
            json!({"metadata": {"name": null}, "spec": {"x": {"y": null, "z": 1}}}),
        )
        .unwrap();
        assert_eq!(nulls.pointer("/metadata"), Some(&json!({})));
        assert_eq!(nulls.pointer("/spec/x"), Some(&json!({"z": 1})));
        let map_replace = smp(
            &base,
            json!({"spec": {"template": {"$patch": "replace", "metadata": {}}}}),
        )
        .unwrap();
        assert_eq!(
            map_replace.pointer("/spec/template"),
            Some(&json!({"metadata": {}}))
        );
    }

    #[test]
    fn strategic_errors_use_go_formatting() {
        let base = two_containers();
        let e = smp(
            &base,
            json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}),
        )
        .unwrap_err();
        assert_eq!(
            e,
            SmpError::Internal(
                "map: map[image:x] does not contain declared merge key: name".into()
            )
        );
        let e = smp(&base, json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "$patch": "foo"}]}}}})).unwrap_err();
        assert_eq!(
            e.message(),
            "unknown patch type: foo in map: map[$patch:foo name:nginx]"
        );
        let e = smp(
            &base,
            json!({"spec": {"template": {"spec": {"containers": [[1]]}}}}),
        )
        .unwrap_err();
        assert!(e.message().starts_with("list element types are not identical: [[map[image:nginx:1.14.2 name:nginx ports:[map[containerPort:80]]]"), "{e:?}");
        assert_eq!(
            go_fmt(&json!({"a": [1, 1.5, true, null, "s", {"b": 1e21}]})),
            "map[a:[1 1.5 true <nil> s map[b:1e+21]]]"
        );
    }

    #[test]
    fn json_patch_operations_and_errors() {
        let base = two_containers();
        let ops = |v: Value| v.as_array().cloned().unwrap();
        let r = json_patch(base.clone(), &ops(json!([{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "x"}]))).unwrap();
        assert_eq!(
            r.pointer("/spec/template/spec/containers/0/image").unwrap(),
            "x"
        );
        let r = json_patch(base.clone(), &ops(json!([{"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "z"}}]))).unwrap();
        assert_eq!(
            r.pointer("/spec/template/spec/containers/2/name").unwrap(),
            "z"
        );
        let r = json_patch(base.clone(), &ops(json!([{"op": "move", "from": "/metadata/name", "path": "/metadata/x"}, {"op": "copy", "from": "/metadata/x", "path": "/metadata/y"}]))).unwrap();
        assert_eq!(r["metadata"], json!({"x": "web", "y": "web"}));
        let err = |v: Value| json_patch(base.clone(), &ops(v)).unwrap_err();
        assert_eq!(
            err(json!([{"op": "test", "path": "/metadata/name", "value": "x"}])),
            "testing value /metadata/name failed: test failed"
        );
        assert_eq!(err(json!([{"op": "remove", "path": "/spec/nope"}])), "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value");
        assert_eq!(
            err(json!([{"op": "add", "path": "/spec/nope/x", "value": 1}])),
            "add operation does not apply: doc is missing path: \"/spec/nope/x\": missing value"
        );
        assert_eq!(err(json!([{"op": "add", "path": "/spec/template/spec/containers/3", "value": 1}])), "error in add for path: '/spec/template/spec/containers/3': Unable to access invalid index: 3: invalid index referenced");
        assert_eq!(err(json!([{"op": "replace", "path": "/spec/template/spec/containers/5/image", "value": 1}])), "replace operation does not apply: doc is missing path: /spec/template/spec/containers/5/image: missing value");
        assert_eq!(
            err(json!([{"op": "foo", "path": "/a"}])),
            "Unexpected kind: foo"
        );
    }

    #[test]
    fn patch_text_is_json_or_yaml() {
        assert_eq!(
            to_json_body("spec:\n  replicas: 3").unwrap(),
            Body::Json(json!({"spec": {"replicas": 3}}))
        );
        assert_eq!(
            to_json_body("{spec:1}").unwrap(),
            Body::Invalid(
                "invalid character 's' looking for beginning of object key string".into()
            )
        );
        assert_eq!(to_json_body("{\"a\":").unwrap(), Body::Invalid(EOF.into()));
        assert_eq!(
            to_json_body("a: b: c").unwrap_err(),
            "yaml: mapping values are not allowed in this context"
        );
        assert_eq!(
            to_json_body("[1").unwrap_err(),
            "yaml: line 1: did not find expected ',' or ']'"
        );
        assert_eq!(
            go_json_check("{\"a\":1,}"),
            Err("invalid character '}' looking for beginning of object key string".into())
        );
        assert_eq!(
            go_json_check("{\"a\" 1}"),
            Err("invalid character '1' after object key".into())
        );
        assert_eq!(
            go_json_check("{\"a\":tru}"),
            Err("invalid character '}' in literal true (expecting 'e')".into())
        );
        assert_eq!(
            go_json_check("{} x"),
            Err("invalid character 'x' after top-level value".into())
        );
    }

    #[test]
    fn server_patch_outputs() {
        let mut c = demo_cluster();
        let run = |c: &mut Cluster, l: &str| c.run(l).combined();
        assert_eq!(
            run(
                &mut c,
                r#"kubectl patch deployment/nginx -p '{"spec":{"progressDeadlineSeconds":600}}'"#
            ),
            "deployment.apps/nginx patched (no change)\n"
        );
        assert_eq!(
            run(
                &mut c,
                r#"kubectl patch deployment nginx -p '{"spec":{"progressDeadlineSeconds":700}}'"#
            ),
            "deployment.apps/nginx patched\n"
        );
        assert_eq!(
            c.store()
                .deployments
                .iter()
                .next()
                .unwrap()
                .spec
                .progress_deadline_seconds,
            Some(700)
        );
        assert_eq!(
            run(&mut c, r#"kubectl patch deploy nginx --type json -p '[{"op":"remove","path":"/spec/nope"}]'"#),
            "The request is invalid: the server rejected our request due to an error in our request\n"
        );
        assert_eq!(
            run(
                &mut c,
                r#"kubectl patch deploy nginx -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'"#
            ),
            "Error from server: map: map[image:x] does not contain declared merge key: name\n"
        );
        assert_eq!(
            run(&mut c, r#"kubectl patch deploy nginx -p '{"spec":{"replicas":"abc"}}'"#),
            "The request is invalid: patch: Invalid value: \"map[spec:map[replicas:abc]]\": unrecognized type: int32\n"
        );
        assert_eq!(
            run(
                &mut c,
                r#"kubectl patch deploy nginx -p '{"spec":{"foo":1}}'"#
            ),
            "Warning: unknown field \"spec.foo\"\ndeployment.apps/nginx patched (no change)\n"
        );
        assert_eq!(run(&mut c, r#"kubectl patch deploy nginx -p '{spec:1}'"#), "Error from server (BadRequest): invalid character 's' looking for beginning of object key string\n");
        assert_eq!(run(&mut c, r#"kubectl patch deploy nginx -p 'a: b: c'"#), "error: unable to parse \"a: b: c\": yaml: mapping values are not allowed in this context\n");
        assert_eq!(run(&mut c, r#"kubectl patch deploy nginx --type json -p '{"op":"add"}'"#), "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n");
        assert_eq!(
            run(&mut c, "kubectl patch deploy nginx"),
            "error: must specify --patch or --patch-file containing the contents of the patch\n"
        );
        assert_eq!(
            run(&mut c, "kubectl patch deploy nginx -p '{}' --type foo"),
            "error: --type must be one of [json merge strategic], not \"foo\"\n"
        );
        assert_eq!(
            run(&mut c, "kubectl patch deploy nope -p '{}'"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(
            run(&mut c, "kubectl patch deploy -p '{}'"),
            "error: resource(s) were provided, but no name was specified\n"
        );
        assert_eq!(
            run(
                &mut c,
                "kubectl patch deploy nginx -p '{\"spec\":{\"replicas\":3}}' --dry-run=client"
            ),
            "deployment.apps/nginx patched\n"
        );
        assert_eq!(run(&mut c, "kubectl patch deploy nginx --subresource=scale --type=merge -p '{\"spec\":{\"replicas\":3}}'"), "scale.autoscaling/nginx patched\n");
        assert_eq!(
            c.store().deployments.iter().next().unwrap().spec.replicas,
            3
        );
    }
}
