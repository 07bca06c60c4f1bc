//! `kubectl taint` (upstream `pkg/cmd/taint`): add, overwrite and remove node taints. The
//! scheduler keeps pods off a node whose NoSchedule/NoExecute taints they do not tolerate, and
//! a NoExecute taint evicts the pods already there (see `nodes::taint_evict`).

use super::args::{self, boolean, flag, short};
use super::patch::dry_run;
use super::resource::Resource;
use super::selector::Selector;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    boolean("all"),
    boolean("allow-missing-template-keys"),
    flag("dry-run"),
    flag("field-manager"),
    short("output", 'o'),
    boolean("overwrite"),
    short("selector", 'l'),
    boolean("show-managed-fields"),
    flag("template"),
    flag("validate"),
];

const COMMAND: &str = "taint";

/// One taint as the command line gives it; `effect` is empty in `KEY-` (every effect).
#[derive(Debug, Clone, PartialEq, Eq)]
struct TaintSpec {
    key: String,
    value: String,
    effect: String,
}

impl TaintSpec {
    /// `Taint.ToString`: `key=value:effect`, with the empty parts left out.
    fn text(&self) -> String {
        let mut s = self.key.clone();
        if !self.value.is_empty() {
            s.push('=');
            s.push_str(&self.value);
        }
        if !self.effect.is_empty() {
            s.push(':');
            s.push_str(&self.effect);
        }
        s
    }

    fn of(v: &Value) -> Self {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        TaintSpec {
            key: s("key"),
            value: s("value"),
            effect: s("effect"),
        }
    }

    /// `Taint.MatchTaint`: the same key and effect.
    fn matches(&self, other: &TaintSpec) -> bool {
        self.key == other.key && self.effect == other.effect
    }
}

/// `parseTaint`: `KEY[=VALUE]:EFFECT`, `KEY:EFFECT` or `KEY`.
fn parse_taint(spec: &str) -> Result<TaintSpec, String> {
    let invalid = |detail: Vec<String>| {
        if detail.is_empty() {
            format!("error: invalid taint spec: {spec}")
        } else {
            format!("error: invalid taint spec: {spec}, {}", detail.join("; "))
        }
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (key.to_string(), String::new(), String::new()),
        [kv, effect] => {
            if !matches!(*effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!(
                    "error: invalid taint effect: {effect}, unsupported taint effect"
                ));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            match kv.as_slice() {
                [k] => (k.to_string(), String::new(), effect.to_string()),
                [k, v] => {
                    let errs = crate::api::validation::label_value(v);
                    if !errs.is_empty() {
                        return Err(invalid(errs));
                    }
                    (k.to_string(), v.to_string(), effect.to_string())
                }
                _ => return Err(invalid(Vec::new())),
            }
        }
        _ => return Err(invalid(Vec::new())),
    };
    let errs = crate::api::validation::qualified_name(&key);
    if !errs.is_empty() {
        return Err(invalid(errs));
    }
    Ok(TaintSpec { key, value, effect })
}

/// `parseTaints`: the taints to add and to remove (`…-`).
fn parse_taints(specs: &[String]) -> Result<(Vec<TaintSpec>, Vec<TaintSpec>), String> {
    let mut add: Vec<TaintSpec> = Vec::new();
    let mut remove = Vec::new();
    for s in specs {
        if let Some(r) = s.strip_suffix('-') {
            let t = parse_taint(r)?;
            remove.push(TaintSpec {
                value: String::new(),
                ..t
            });
        } else {
            let t = parse_taint(s)?;
            if t.effect.is_empty() {
                return Err(format!("error: invalid taint spec: {s}"));
            }
            if add.iter().any(|a| a.matches(&t)) {
                return Err(format!(
                    "error: duplicated taints with the same key and effect: {{{} {} {} <nil>}}",
                    t.key, t.value, t.effect
                ));
            }
            add.push(t);
        }
    }
    Ok((add, remove))
}

pub fn taint(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    super::run_parsed(cluster, raw, FLAGS, COMMAND, run)
}

fn run(cluster: &mut Cluster, p: &args::Parsed, out: &mut CommandOutput) -> Result<(), String> {
    // Complete: resources first, then taint changes
    let is_taint = |s: &str| s.contains('=') || s.contains(':') || s.ends_with('-');
    let mut resources = Vec::new();
    let mut specs = Vec::new();
    for a in &p.positional {
        match (is_taint(a), specs.is_empty()) {
            (true, _) => specs.push(a.clone()),
            (false, true) => resources.push(a.clone()),
            (false, false) => {
                return Err(format!(
                    "error: all resources must be specified before taint changes: {a}"
                ))
            }
        }
    }
    // parseTaints' errors are usage errors
    let (add, remove) = parse_taints(&specs)
        .map_err(|e| format!("{e}\nSee 'kubectl {COMMAND} -h' for help and examples"))?;
    let dry = dry_run(p).map_err(|e| format!("error: {}", e.text()))?;
    if resources.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name>".into());
    }
    if add.is_empty() && remove.is_empty() {
        return Err("error: at least one taint update is required".into());
    }
    // Validate
    let kind = resources[0].split('/').next().unwrap_or_default();
    match Resource::parse(kind) {
        Some(Resource::Node) => {}
        Some(_) => {
            return Err(format!(
                "error: invalid resource type {}, only node types are supported",
                kind.to_lowercase()
            ))
        }
        // explain.SplitAndParseResourceRequest's error, returned without `error: `
        None => {
            return Err(format!(
                "the server doesn't have a resource type \"{kind}\""
            ))
        }
    }
    let conflicts: Vec<String> = add
        .iter()
        .flat_map(|a| {
            remove
                .iter()
                .filter(move |r| r.key == a.key && (r.effect.is_empty() || r.effect == a.effect))
                .map(|r| format!("{}={}", r.key, r.effect))
        })
        .collect();
    if !conflicts.is_empty() {
        return Err(format!(
            "error: can not both modify and remove the following taint(s) in the same command: {}",
            conflicts.join(", ")
        ));
    }
    let names = node_names(cluster, p, &resources)?;
    let overwrite = p.bool("overwrite", false)?;
    for name in names {
        let Some(mut node) = cluster.object_value(Resource::Node, "", &name) else {
            return Err(super::not_found(Resource::Node, &name));
        };
        let old: Vec<Value> = node
            .pointer("/spec/taints")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let old_specs: Vec<TaintSpec> = old.iter().map(TaintSpec::of).collect();
        if !overwrite {
            let exists: Vec<&str> = add
                .iter()
                .filter(|a| old_specs.iter().any(|o| o.matches(a)))
                .map(|a| a.key.as_str())
                .collect();
            if !exists.is_empty() {
                return Err(format!(
                    "error: node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    exists.join(",")
                ));
            }
        }
        // reorganizeTaints: the new ones, then the old ones they do not replace, less the removed
        let mut taints: Vec<Value> = add
            .iter()
            .map(|t| {
                let mut v = json!({"key": t.key, "effect": t.effect});
                if !t.value.is_empty() {
                    v["value"] = json!(t.value);
                }
                v
            })
            .collect();
        for (o, spec) in old.iter().zip(&old_specs) {
            if !add.iter().any(|a| a.matches(spec)) {
                taints.push(o.clone());
            }
        }
        let added = old.len() != taints.len();
        let mut deleted = false;
        for r in &remove {
            let before = taints.len();
            taints.retain(|t| {
                let t = TaintSpec::of(t);
                !(t.key == r.key && (r.effect.is_empty() || t.effect == r.effect))
            });
            deleted = taints.len() != before;
            if !deleted {
                return Err(format!(
                    "error: taint {} not found",
                    crate::api::yaml::go_quote(&r.text())
                ));
            }
        }
        let operation = if (added && deleted) || overwrite {
            "modified"
        } else if added {
            "tainted"
        } else {
            "untainted"
        };
        // `ToPrinter(operation)`, before anything is sent; the taint command's printer says
        // nothing of a dry run
        let output = p.get("output").filter(|o| !o.is_empty());
        super::patch::check_output(output).map_err(|e| format!("error: {}", e.text()))?;
        if let Some(spec) = node.get_mut("spec").and_then(Value::as_object_mut) {
            if taints.is_empty() {
                spec.remove("taints");
            } else {
                spec.insert("taints".into(), Value::Array(taints));
            }
        }
        let printed = format!("node/{name}");
        match dry {
            // the patched object decoded as unstructured: keys sorted
            Some("client") => {
                super::patch::print_object(out, output, &printed, operation, &node, &mut 0)
            }
            // the patch's answer, decoded into a v1.Node: Go struct field order
            _ => {
                let mut scratch;
                let target = if dry == Some("server") {
                    scratch = cluster.clone();
                    &mut scratch
                } else {
                    &mut *cluster
                };
                target.update_value(node).map_err(|e| e.to_kubectl())?;
                let stored = target
                    .object_value(Resource::Node, "", &name)
                    .unwrap_or_default();
                super::patch::print_typed_object(out, output, &printed, operation, &stored, &mut 0);
            }
        }
    }
    Ok(())
}

/// The nodes named (`NODE…`, `node NODE…`, `node/NODE`) or selected with `--all` / `-l`.
fn node_names(
    cluster: &Cluster,
    p: &args::Parsed,
    resources: &[String],
) -> Result<Vec<String>, String> {
    let all = p.bool("all", false)?;
    let selector = p.get("selector").filter(|s| !s.is_empty());
    let mut names: Vec<String> = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        match r.split_once('/') {
            Some((_, n)) => names.push(n.to_string()),
            None if i > 0 => names.push(r.clone()),
            None => {}
        }
    }
    let parsed = selector.map(Selector::parse).transpose().map_err(|e| {
        super::selector::server_error(
            &super::selector::gvr(Resource::Node),
            selector.unwrap_or(""),
            "",
            &e,
        )
    })?;
    if !names.is_empty() {
        // named nodes are narrowed by a selector
        if let Some(sel) = &parsed {
            let nodes = &cluster.store().nodes;
            names.retain(|n| {
                nodes
                    .get(n)
                    .is_none_or(|node| sel.matches(&node.metadata.labels))
            });
        }
    } else if all || parsed.is_some() {
        for (name, node) in &cluster.store().nodes {
            if parsed
                .as_ref()
                .is_none_or(|s| s.matches(&node.metadata.labels))
            {
                names.push(name.clone());
            }
        }
    } else {
        return Err("error: resource(s) were provided, but no name was specified".into());
    }
    for n in &names {
        if !cluster.store().nodes.contains_key(n) {
            return Err(super::not_found(Resource::Node, n));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taint_specs_parse_as_parse_taints_does() {
        let t = |k: &str, v: &str, e: &str| TaintSpec {
            key: k.into(),
            value: v.into(),
            effect: e.into(),
        };
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            parse_taints(&w("a=b:NoSchedule c:NoExecute d- e:NoSchedule-")).unwrap(),
            (
                vec![t("a", "b", "NoSchedule"), t("c", "", "NoExecute")],
                vec![t("d", "", ""), t("e", "", "NoSchedule")]
            )
        );
        // a taint to add needs an effect
        assert_eq!(
            parse_taints(&w("a")).unwrap_err(),
            "error: invalid taint spec: a"
        );
        assert_eq!(
            parse_taints(&w("a=b:Bogus")).unwrap_err(),
            "error: invalid taint effect: Bogus, unsupported taint effect"
        );
        assert!(parse_taints(&w("a:NoSchedule a=x:NoSchedule")).is_err());
        assert_eq!(t("k", "v", "NoSchedule").text(), "k=v:NoSchedule");
        assert_eq!(t("k", "", "").text(), "k");
    }
}
