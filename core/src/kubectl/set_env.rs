//! `kubectl set env` (upstream `pkg/cmd/set/set_env.go` and `pkg/cmd/set/env`): add, update or
//! remove environment variables on the containers of pod templates (and pods), or `--list`
//! them. A change to a Deployment's template is a rollout like any other.

use super::args::{self, boolean, flag, short, short_bool};
use super::mutate::{dry_run_of, fetch_named, output_of, submit_printed};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    boolean("all"),
    short("containers", 'c'),
    flag("dry-run"),
    short("env", 'e'),
    flag("field-manager"),
    short("filename", 'f'),
    flag("from"),
    flag("keys"),
    boolean("list"),
    boolean("local"),
    short("output", 'o'),
    boolean("overwrite"),
    flag("prefix"),
    short_bool("recursive", 'R'),
    boolean("resolve"),
    short("selector", 'l'),
    boolean("show-managed-fields"),
    flag("template"),
    boolean("allow-missing-template-keys"),
];

const COMMAND: &str = "set env";

/// `envutil.SplitEnvironmentFromResources`: resources first, then `KEY=VALUE` and `KEY-`
/// words; a resource after an environment word is an error.
fn split(words: &[String]) -> Result<(Vec<String>, Vec<String>), String> {
    let is_env = |w: &str| (w.contains('=') && !w.starts_with('=')) || w.ends_with('-');
    let mut resources = Vec::new();
    let mut env = Vec::new();
    for w in words {
        match (is_env(w), env.is_empty()) {
            (true, _) => env.push(w.clone()),
            (false, true) => resources.push(w.clone()),
            (false, false) => {
                return Err(format!(
                    "error: all resources must be specified before environment changes: {}",
                    words.join(" ")
                ))
            }
        }
    }
    Ok((resources, env))
}

/// `validation.IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn valid_name(k: &str) -> bool {
    let ok = |c: char, first: bool| {
        c == '-'
            || c == '.'
            || c == '_'
            || c.is_ascii_alphabetic()
            || (!first && c.is_ascii_digit())
    };
    let mut chars = k.chars();
    chars.next().is_some_and(|c| ok(c, true)) && chars.all(|c| ok(c, false))
}

/// Variables to set, in order, and names to remove.
type EnvChanges = (Vec<(String, String)>, Vec<String>);

/// `envutil.ParseEnv`: the variables to set, in order, and the names to remove.
fn parse_env(words: &[String]) -> Result<EnvChanges, String> {
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove = Vec::new();
    for w in words {
        if let Some((k, v)) = w.split_once('=') {
            if !valid_name(k) {
                return Err(format!(
                    "error: {} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
                    crate::api::yaml::go_quote(k)
                ));
            }
            set.retain(|(name, _)| name != k);
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = w.strip_suffix('-').filter(|k| !k.is_empty()) {
            remove.push(k.to_string());
        } else {
            return Err(format!("error: unknown environment variable: {w}"));
        }
    }
    Ok((set, remove))
}

/// `path.Match` for the `--containers` pattern: `*` any run of characters, `?` one.
fn glob(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The pod spec of an object: a template's, or a pod's own.
fn pod_spec_mut(r: Resource, v: &mut Value) -> Option<&mut Value> {
    match r {
        Resource::Pod => v.get_mut("spec"),
        _ => v.pointer_mut("/spec/template/spec"),
    }
}

/// How `--list` shows one variable (`printEnvVar`... in set_env.go's RunEnv).
fn listed(env: &Value) -> String {
    let name = env.get("name").and_then(Value::as_str).unwrap_or("");
    if let Some(v) = env.get("value").and_then(Value::as_str) {
        return format!("{name}={v}\n");
    }
    let from = env.get("valueFrom");
    let s = |path: &str| from.and_then(|f| f.pointer(path)).and_then(Value::as_str);
    if let Some(field) = s("/fieldRef/fieldPath") {
        return format!("# {name} from field path {field}\n");
    }
    if let Some(resource) = s("/resourceFieldRef/resource") {
        return format!("# {name} from resource {resource}\n");
    }
    if let (Some(map), Some(key)) = (s("/configMapKeyRef/name"), s("/configMapKeyRef/key")) {
        return format!("# {name} from configmap {map}, key {key}\n");
    }
    if let (Some(secret), Some(key)) = (s("/secretKeyRef/name"), s("/secretKeyRef/key")) {
        return format!("# {name} from secret {secret}, key {key}\n");
    }
    format!("{name}=\n")
}

pub fn set_env(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    super::run_parsed(cluster, raw, FLAGS, COMMAND, run)
}

fn run(cluster: &mut Cluster, p: &args::Parsed, out: &mut CommandOutput) -> Result<(), String> {
    let (resources, env_words) = split(&p.positional)?;
    if resources.is_empty() && !p.has("filename") {
        return Err(
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>"
                .into(),
        );
    }
    let list = p.bool("list", false)?;
    if list && p.get("output").is_some_and(|o| !o.is_empty()) {
        return Err("error: --list and --output may not be specified together".into());
    }
    if let Some(from) = p.get("from").filter(|f| !f.is_empty()) {
        // kubeplay has no ConfigMaps or Secrets to read variables from
        let kind = from.split('/').next().unwrap_or(from);
        return Err(format!(
            "error: the server doesn't have a resource type {}",
            crate::api::yaml::go_quote(kind)
        ));
    }
    let dry = dry_run_of(p)?;
    let output = output_of(p)?;
    let mut words = p.all("env");
    words.extend(env_words);
    let (set, remove) = parse_env(&words)?;
    let overwrite = p.bool("overwrite", true)?;
    let pattern = p.get("containers").unwrap_or("*").to_string();
    let objects = fetch_named(cluster, &resources, p, &p.namespace())?;
    for (r, name, mut v) in objects {
        let before = v.clone();
        let Some(spec) = pod_spec_mut(r, &mut v) else {
            continue;
        };
        let mut matched = false;
        for field in ["initContainers", "containers"] {
            let Some(containers) = spec.get_mut(field).and_then(Value::as_array_mut) else {
                continue;
            };
            for c in containers.iter_mut() {
                let cname = c
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if !glob(&pattern, &cname) {
                    continue;
                }
                matched = true;
                update_env(c, &set, &remove, overwrite)?;
                if list {
                    out.out(format!("# {} {name}, container {cname}\n", r.kind()));
                    for e in c.get("env").and_then(Value::as_array).into_iter().flatten() {
                        out.out(listed(e));
                    }
                }
            }
        }
        if !matched {
            out.err(format!(
                "Warning: {}/{name} does not have any containers matching {}\n",
                r.kind(),
                crate::api::yaml::go_quote(&pattern)
            ));
            continue;
        }
        if list || v == before {
            continue;
        }
        if let Err(e) = submit_printed(cluster, r, v, dry, output, "env updated", out) {
            out.fail(e);
        }
    }
    Ok(())
}

/// `updateEnv`: variables already there are replaced in place (unless `--overwrite=false`),
/// new ones appended, removed ones dropped; an emptied list goes.
fn update_env(
    container: &mut Value,
    set: &[(String, String)],
    remove: &[String],
    overwrite: bool,
) -> Result<(), String> {
    let mut env: Vec<Value> = container
        .get("env")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let name_of = |e: &Value| e.get("name").and_then(Value::as_str).map(str::to_string);
    for (k, val) in set {
        match env.iter_mut().find(|e| name_of(e).as_deref() == Some(k)) {
            Some(existing) => {
                if !overwrite {
                    let old = existing.get("value").and_then(Value::as_str).unwrap_or("");
                    return Err(format!(
                        "error: '{k}' already has a value ({old}), and --overwrite is false"
                    ));
                }
                *existing = json!({"name": k, "value": val});
            }
            None => env.push(json!({"name": k, "value": val})),
        }
    }
    env.retain(|e| !name_of(e).is_some_and(|n| remove.contains(&n)));
    if env.is_empty() {
        if let Some(obj) = container.as_object_mut() {
            obj.remove("env");
        }
    } else {
        container["env"] = Value::Array(env);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_patterns_match_as_path_match_does() {
        for (pattern, name, want) in [
            ("*", "nginx", true),
            ("nginx", "nginx", true),
            ("ng*", "nginx", true),
            ("*x", "nginx", true),
            ("n?inx", "nginx", true),
            ("bogus", "nginx", false),
            ("*a*", "nginx", false),
            ("", "nginx", false),
        ] {
            assert_eq!(glob(pattern, name), want, "{pattern} vs {name}");
        }
    }

    #[test]
    fn environment_words_follow_the_resources() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            split(&w("deploy/a A=1 B-")).unwrap(),
            (w("deploy/a"), w("A=1 B-"))
        );
        assert!(split(&w("A=1 deploy/a")).is_err());
        // `=x` is not an assignment (no key): a resource word
        assert_eq!(split(&w("deploy =x")).unwrap(), (w("deploy =x"), vec![]));
        assert!(parse_env(&w("1A=x")).is_err());
        assert_eq!(
            parse_env(&w("A=1 A=2 B-")).unwrap(),
            (vec![("A".into(), "2".into())], vec!["B".to_string()])
        );
    }
}
