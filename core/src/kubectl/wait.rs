//! `kubectl wait` (kubectl 1.33, `pkg/cmd/wait`): waits until objects meet a condition
//! (`--for=condition=NAME[=VALUE]`, `--for=jsonpath='{…}'[=VALUE]`, `--for=delete`,
//! `--for=create`), following the virtual clock timer by timer as `rollout status` does.
//!
//! As upstream: one `--timeout` (default 30s, negative = a week) bounds the whole command, the
//! objects are visited in turn (arguments in order, a selector's matches in list order), and
//! once the deadline has passed every object still to visit times out, met or not (its informer
//! can no longer sync). A condition counts only when its `observedGeneration` (or the status's)
//! is not behind `metadata.generation`. Successes print as `pod/web-0 condition met` (or by
//! `-o name|yaml|json`); one failure prints as `error: …`, several as one line each.

use super::args::{self, boolean, flag, short, short_bool};
use super::jsonpath::{self, JsonPath};
use super::patch::{check_output, finish, print_object, verbatim};
use super::resource::Resource;
use super::selector::Selector;
use super::NO_RESOURCES;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

const FLAGS: &[args::Flag] = &[
    flag("for"),
    flag("timeout"),
    short("selector", 'l'),
    boolean("all"),
    short_bool("all-namespaces", 'A'),
    flag("field-selector"),
    short_bool("recursive", 'R'),
    boolean("local"),
    short("output", 'o'),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
    flag("template"),
];

/// `--timeout`'s default.
const DEFAULT_TIMEOUT_MS: i64 = 30_000;
/// A negative `--timeout`: "wait a week".
const WEEK_MS: i64 = 168 * 3600 * 1000;
/// The most virtual time one command follows (`wait`, `rollout status`, watches, `delete`'s
/// wait): upstream's week. A longer `--timeout`/`--request-timeout` (`99999h`) is accepted
/// but ends there, as a learner's Ctrl-C would: stepping years of a crash-looping pod's
/// restarts would freeze the page for minutes.
pub(crate) const MAX_FOLLOW_MS: i64 = WEEK_MS;

/// `conditionFuncFor`.
enum Condition {
    Delete,
    Create,
    Status {
        name: String,
        value: String,
    },
    JsonPath {
        path: JsonPath,
        value: Option<String>,
    },
}

impl Condition {
    fn parse(spec: &str) -> Result<Condition, String> {
        let lower = spec.to_lowercase();
        if lower == "delete" {
            return Ok(Condition::Delete);
        }
        if lower == "create" {
            return Ok(Condition::Create);
        }
        if let Some(rest) = spec.strip_prefix("condition=") {
            let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
            return Ok(Condition::Status {
                name: name.to_string(),
                value: value.to_string(),
            });
        }
        if let Some(rest) = spec.strip_prefix("jsonpath=") {
            // processJSONPathInput: `EXPR` alone waits for any value, `EXPR=VALUE` for that one
            let parts = split_json_path_input(rest);
            if parts.len() > 2 {
                return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
            }
            let relaxed = super::columns::relaxed(&parts[0])?;
            let value = match parts.get(1).map(|v| v.trim_matches(['\'', '"'])) {
                None => None,
                Some("") => return Err("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into()),
                Some(v) => Some(v.to_string()),
            };
            if relaxed.is_empty() {
                return Err("jsonpath expression cannot be empty".into());
            }
            let path = jsonpath::parse(&relaxed)?;
            return Ok(Condition::JsonPath { path, value });
        }
        Err(format!(
            "unrecognized condition: {}",
            crate::api::yaml::go_quote(spec)
        ))
    }

    /// Whether `obj` (None: the object is gone) meets the condition now.
    fn met(&self, obj: Option<&Value>) -> Result<bool, String> {
        let Some(obj) = obj else {
            return Ok(matches!(self, Condition::Delete));
        };
        match self {
            Condition::Delete => Ok(false),
            Condition::Create => Ok(true),
            Condition::Status { name, value } => Ok(status_condition(obj, name, value)),
            Condition::JsonPath { path, value } => json_path_condition(obj, path, value.as_deref()),
        }
    }
}

/// `splitJSONPathInput`: splits on single `=`; `==` (a filter's comparison) stays whole.
fn split_json_path_input(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut element = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '=' {
            element.push(c);
        } else if chars.peek() == Some(&'=') {
            chars.next();
            element.push_str("==");
        } else {
            out.push(std::mem::take(&mut element));
        }
    }
    out.push(element);
    out
}

/// `ConditionalWait.checkCondition`.
fn status_condition(obj: &Value, name: &str, value: &str) -> bool {
    let Some(conditions) = obj.pointer("/status/conditions").and_then(Value::as_array) else {
        return false;
    };
    let generation = obj.pointer("/metadata/generation").and_then(Value::as_i64);
    for c in conditions {
        let Some(t) = c.get("type").and_then(Value::as_str) else {
            continue;
        };
        if !t.eq_ignore_ascii_case(name) {
            continue;
        }
        let Some(status) = c.get("status").and_then(Value::as_str) else {
            continue;
        };
        if let Some(generation) = generation {
            let observed = c
                .get("observedGeneration")
                .or_else(|| obj.pointer("/status/observedGeneration"))
                .and_then(Value::as_i64);
            if observed.is_some_and(|o| o < generation) {
                return false;
            }
        }
        return status.eq_ignore_ascii_case(value);
    }
    false
}

/// `JSONPathWait.checkCondition`: missing fields are not met; a match must be one scalar.
fn json_path_condition(obj: &Value, path: &JsonPath, value: Option<&str>) -> Result<bool, String> {
    let results = path.find_results(obj, true)?;
    if results.first().is_none_or(|r| r.is_empty()) {
        return Ok(false);
    }
    if results.len() > 1 {
        return Err("given jsonpath expression matches more than one list".into());
    }
    if results[0].len() > 1 {
        return Err("given jsonpath expression matches more than one value".into());
    }
    let Some(want) = value else {
        return Ok(true);
    };
    let got = &results[0][0];
    if got.is_object() || got.is_array() {
        return Err("jsonpath leads to a nested object or list which is not supported".into());
    }
    Ok(jsonpath::go_sprint(got) == want)
}

/// One object the builder found.
struct Target {
    r: Resource,
    namespace: String,
    name: String,
}

impl Target {
    fn object(&self, cluster: &Cluster) -> Option<Value> {
        cluster.object_value(self.r, &self.namespace, &self.name)
    }
}

pub fn wait(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "wait") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    match run(cluster, &p) {
        Ok(out) => out,
        Err(e) => CommandOutput::failure(e),
    }
}

fn run(cluster: &mut Cluster, p: &args::Parsed) -> Result<CommandOutput, String> {
    let timeout = match p.duration_ms("timeout", "wait")? {
        None => DEFAULT_TIMEOUT_MS,
        Some(ms) if ms < 0 => WEEK_MS,
        Some(ms) => ms.min(MAX_FOLLOW_MS),
    };
    let output = Output::parse(p.get("output").unwrap_or(""))?;
    let condition =
        Condition::parse(p.get("for").unwrap_or("")).map_err(|e| format!("error: {e}"))?;
    let all_namespaces = p.bool("all-namespaces", false)?;
    let namespace = p.namespace();
    let targets = super::resource_args(&p.positional)?;
    if targets.is_empty() {
        return Err(format!("error: {NO_RESOURCES}"));
    }
    let selector = match p.get("selector").filter(|s| !s.is_empty()) {
        Some(s) => Some(Selector::parse(s).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let fields = match p.get("field-selector").filter(|s| !s.is_empty()) {
        Some(s) => Some(super::get::parse_field_selector(s).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let collection = selector.is_some() || fields.is_some() || p.bool("all", false)?;
    if !collection && targets.iter().any(|(_, n)| n.is_none()) {
        return Err("error: resource(s) were provided, but no name was specified".into());
    }
    let deadline = cluster.now() + timeout;
    let mut out = CommandOutput::new();
    if matches!(condition, Condition::Create) {
        // polled until every named object exists
        let exists = |c: &Cluster| {
            targets.iter().all(|(r, n)| {
                n.as_ref()
                    .is_none_or(|n| c.object_value(*r, &namespace, n).is_some())
            })
        };
        if !follow_until(cluster, deadline, |c| Ok(exists(c)))? {
            return Err("error: timed out waiting for the condition".into());
        }
    }
    let mut errors: Vec<String> = Vec::new();
    let (mut visited, mut printed) = (0, 0);
    for (r, name) in &targets {
        let found: Vec<Target> = match name {
            Some(n) => {
                if cluster.object_value(*r, &namespace, n).is_none() {
                    if !matches!(condition, Condition::Delete) {
                        errors.push(super::not_found(*r, n));
                    }
                    continue;
                }
                vec![Target {
                    r: *r,
                    namespace: namespace.clone(),
                    name: n.clone(),
                }]
            }
            None => {
                let scope = (r.namespaced() && !all_namespaces).then_some(namespace.as_str());
                super::get::list_names(cluster, *r, scope, selector.as_ref(), fields.as_deref())
                    .into_iter()
                    .map(|(namespace, name)| Target {
                        r: *r,
                        namespace,
                        name,
                    })
                    .collect()
            }
        };
        for t in found {
            visited += 1;
            match visit(cluster, &condition, &t, deadline, timeout) {
                Ok(obj) => output.print(&mut out, &t, &obj, &mut printed),
                Err(e) => errors.push(e),
            }
        }
    }
    if visited == 0 && errors.is_empty() && !matches!(condition, Condition::Delete) {
        errors.push("error: no matching resources found".into());
    }
    finish(&mut out, errors.into_iter().map(verbatim).collect());
    Ok(out)
}

/// Waits for one object: met now, met later (the clock steps on), or timed out.
fn visit(
    cluster: &mut Cluster,
    condition: &Condition,
    t: &Target,
    deadline: i64,
    timeout: i64,
) -> Result<Value, String> {
    let object_name = format!("{}/{}", t.r.plural(), t.name);
    let mut last = t.object(cluster);
    if timeout == 0 {
        return match condition
            .met(last.as_ref())
            .map_err(|e| format!("error: {e}"))?
        {
            true => Ok(last.unwrap_or(Value::Null)),
            false => Err(format!("error: condition not met for {object_name}")),
        };
    }
    if cluster.now() >= deadline {
        return Err(format!(
            "error: timed out waiting for the condition on {object_name}"
        ));
    }
    // the object waited on is this one: a successor with the same name (a StatefulSet's
    // re-created pod) is another object, and the first one is gone
    let uid_of = |v: &Value| v.pointer("/metadata/uid").cloned();
    let uid = last.as_ref().and_then(uid_of);
    let met = follow_until(cluster, deadline, |c| {
        let now = t.object(c).filter(|v| uid_of(v) == uid);
        let met = condition
            .met(now.as_ref())
            .map_err(|e| format!("error: {e}"))?;
        if now.is_some() {
            last = now;
        }
        Ok(met)
    })?;
    if met {
        Ok(last.unwrap_or(Value::Null))
    } else {
        Err(format!(
            "error: timed out waiting for the condition on {object_name}"
        ))
    }
}

/// Checks `done` now and after every timer up to `deadline`; at the deadline the clock stops
/// there. Whether `done` became true in time.
pub(super) fn follow_until(
    cluster: &mut Cluster,
    deadline: i64,
    mut done: impl FnMut(&Cluster) -> Result<bool, String>,
) -> Result<bool, String> {
    loop {
        if done(cluster)? {
            return Ok(true);
        }
        match cluster.next_timer_at() {
            Some(t) if t <= deadline => {
                cluster.step();
            }
            _ => {
                cluster.advance_to(deadline);
                return done(cluster);
            }
        }
    }
}

/// How a met object is printed (`-o`): `PrintFlags` with the operation `condition met` (the
/// mutating commands' printers), or a JSONPath template.
enum Output {
    Printer(Option<String>),
    JsonPath { template: String, as_json: bool },
}

impl Output {
    fn parse(o: &str) -> Result<Output, String> {
        let (format, template) = o.split_once('=').unwrap_or((o, ""));
        Ok(match format {
            "jsonpath" | "jsonpath-as-json" if template.is_empty() => {
                return Err("error: template format specified but no template given".into())
            }
            "jsonpath" | "jsonpath-as-json" => {
                if let Err(e) = jsonpath::parse(template) {
                    return Err(format!("error: error parsing jsonpath {template}, {e}"));
                }
                Output::JsonPath {
                    template: template.to_string(),
                    as_json: format == "jsonpath-as-json",
                }
            }
            _ => {
                let o = (!o.is_empty()).then(|| o.to_string());
                check_output(o.as_deref()).map_err(|e| format!("error: {}", e.text()))?;
                Output::Printer(o)
            }
        })
    }

    fn print(&self, out: &mut CommandOutput, t: &Target, obj: &Value, count: &mut usize) {
        match self {
            Output::Printer(o) => {
                let name = format!("{}/{}", t.r.qualified_singular(), t.name);
                print_object(out, o.as_deref(), &name, "condition met", obj, count);
            }
            Output::JsonPath { template, as_json } => {
                match jsonpath::print(template, obj, *as_json, true) {
                    Ok(text) => out.out(text),
                    Err(e) => out.err(format!("error: {e}\n")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upstream's `TestWaitForDifferentJSONPathExpression` and `splitJSONPathInput` cases.
    #[test]
    fn parses_for_conditions() {
        let ok = [
            "jsonpath=status.conditions[?(@.type==\"Available\")].status=True",
            "jsonpath={.status.containerStatuses[?(@.name==\"foo\")].ready}",
            "jsonpath=.status.containerStatuses[?(@.name==\"foo\")].ready",
            "delete",
            "DELETE",
            "create",
            "condition=hello",
            "condition=hello=world",
        ];
        for c in ok {
            assert!(Condition::parse(c).is_ok(), "{c}");
        }
        let bad = [
            ("jsonpath={.metadata.name}='test=wrong'", "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'"),
            ("jsonpath={.metadata.name}=", "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3"),
            ("jsonpath={=True", "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"),
            ("cond=invalid", "unrecognized condition: \"cond=invalid\""),
        ];
        for (c, want) in bad {
            assert_eq!(Condition::parse(c).err().as_deref(), Some(want), "{c}");
        }
        assert_eq!(
            split_json_path_input("a.b.c====d.e.f===g.h.i==="),
            ["a.b.c====d.e.f==", "g.h.i==", ""]
        );
    }

    #[test]
    fn conditions_wait_for_the_observed_generation() {
        let obj = serde_json::json!({
            "metadata": {"generation": 2},
            "status": {"observedGeneration": 1, "conditions": [{"type": "Available", "status": "True"}]}
        });
        assert!(!status_condition(&obj, "available", "true"));
        let caught_up = serde_json::json!({
            "metadata": {"generation": 2},
            "status": {"observedGeneration": 2, "conditions": [{"type": "Available", "status": "True"}]}
        });
        assert!(status_condition(&caught_up, "available", "TRUE"));
        assert!(!status_condition(&caught_up, "Available", "false"));
    }
}
