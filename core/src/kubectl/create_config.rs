//! `kubectl create configmap NAME` (alias `cm`) and `kubectl create secret generic NAME`:
//! kubectl 1.33's `pkg/cmd/create/create_configmap.go` and `create_secret.go`. Keys come from
//! `--from-file=[KEY=]PATH` (read through the host's file reader), `--from-literal=KEY=VALUE`
//! and `--from-env-file=PATH` (`cmdutil.AddFromEnvFile`); `--append-hash` suffixes the name
//! with `pkg/util/hash`'s ConfigMapHash/SecretHash. The object is created through the API
//! server's write path, or printed by `--dry-run=client`.

use super::args::{self, boolean, flag};
use super::generate::{self, Generated};
use super::resource::Resource;
use super::Ctx;
use crate::api::config::base64_encode;
use crate::api::validation::config_key;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// `create secret`'s subcommands; kubeplay builds `generic` ones.
const SECRET_SUBCOMMANDS: &[&str] = &["docker-registry", "generic", "tls"];

/// Whether `word` names a `create secret` subcommand (for the help lookup).
pub(super) fn is_secret_subcommand(word: &str) -> bool {
    SECRET_SUBCOMMANDS.contains(&word)
}

fn source_flags(extra: &[args::Flag]) -> Vec<args::Flag> {
    let own = [
        flag("from-file"),
        flag("from-literal"),
        flag("from-env-file"),
        boolean("append-hash"),
    ];
    generate::generator_flags(&[&own[..], extra].concat())
}

/// What the sources gave: text values and (ConfigMap only) nothing binary, since the host's
/// reader hands kubeplay text.
struct Sources {
    data: BTreeMap<String, String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    ConfigMap,
    Secret,
}

impl Sources {
    /// `addKeyFromLiteralToConfigMap` / `addKeyFromLiteralToSecret`, with their messages.
    fn add(&mut self, target: Target, name: &str, key: &str, value: String) -> Result<(), String> {
        let errs = config_key(key);
        match target {
            Target::ConfigMap => {
                if !errs.is_empty() {
                    return Err(format!(
                        "{} is not a valid key name for a ConfigMap: {}",
                        go_quote(key),
                        errs.join(",")
                    ));
                }
                if self.data.contains_key(key) {
                    return Err(format!(
                        "cannot add key {}, another key by that name already exists in Data for ConfigMap {}",
                        go_quote(key),
                        go_quote(name)
                    ));
                }
            }
            Target::Secret => {
                if !errs.is_empty() {
                    return Err(format!(
                        "{} is not valid key name for a Secret {}",
                        go_quote(key),
                        errs.join(";")
                    ));
                }
                if self.data.contains_key(key) {
                    return Err(format!(
                        "cannot add key {key}, another key by that name already exists"
                    ));
                }
            }
        }
        self.data.insert(key.to_string(), value);
        Ok(())
    }
}

fn go_quote(s: &str) -> String {
    crate::api::yaml::go_quote(s)
}

/// `util.ParseLiteralSource`.
fn parse_literal(source: &str) -> Result<(&str, &str), String> {
    match source.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k, v)),
        _ => Err(format!(
            "invalid literal source {source}, expected key=value"
        )),
    }
}

/// `util.ParseFileSource`: `PATH` (the key is its base name) or `KEY=PATH`.
fn parse_file_source(source: &str) -> Result<(String, &str), String> {
    let n = source.matches('=').count();
    if n == 0 {
        let base = source.trim_end_matches('/');
        let base = base.rsplit('/').next().unwrap_or("");
        let base = if base.is_empty() {
            if source.starts_with('/') {
                "/"
            } else {
                "."
            }
        } else {
            base
        };
        return Ok((base.to_string(), source));
    }
    if n > 1 {
        return Err("key names or file paths cannot contain '='".into());
    }
    if let Some(path) = source.strip_prefix('=') {
        return Err(format!("key name for file path {path} missing"));
    }
    if let Some(key) = source.strip_suffix('=') {
        return Err(format!("file path for key name {key} missing"));
    }
    let (k, p) = source.split_once('=').unwrap_or((source, ""));
    Ok((k.to_string(), p))
}

/// `validation.IsEnvVarName` (the client's check of an env file's keys).
fn env_var_name_errors(k: &str) -> Vec<String> {
    let b = k.as_bytes();
    let ok = !b.is_empty()
        && !b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    let mut e = Vec::new();
    if !ok {
        e.push("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')".to_string());
    }
    match k {
        "." => e.push("must not be '.'".into()),
        ".." => e.push("must not be '..'".into()),
        _ if k.starts_with("..") => e.push("must not start with '..'".into()),
        _ => {}
    }
    e
}

/// `cmdutil.AddFromEnvFile`: `KEY=VALUE` lines (bufio.ScanLines drops a trailing `\r`; the
/// first line loses a UTF-8 BOM; leading space is trimmed; blank and `#` lines are skipped; a
/// line without `=` takes the variable from kubectl's environment, empty here).
fn env_file_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.split_terminator('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if i == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let errs = env_var_name_errors(key);
        if !errs.is_empty() {
            return Err(format!(
                "{} is not a valid key name: {}",
                go_quote(key),
                errs.join(";")
            ));
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok(out)
}

/// A path the host's reader could not read: what `os.Stat` says of a missing one.
fn read(ctx: &Ctx, path: &str) -> Result<String, String> {
    (ctx.read_file)(path).map_err(|_| format!("error reading {path}: no such file or directory"))
}

/// Gathers the keys in the order each command reads its sources.
fn gather(p: &args::Parsed, ctx: &Ctx, target: Target, name: &str) -> Result<Sources, String> {
    let split = |f: &str| -> Vec<String> {
        p.all(f)
            .iter()
            .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    let files = split("from-file");
    let literals = p.all("from-literal");
    let env_files = split("from-env-file");
    if !env_files.is_empty() && (!files.is_empty() || !literals.is_empty()) {
        return Err("from-env-file cannot be combined with from-file or from-literal".into());
    }
    let mut s = Sources {
        data: BTreeMap::new(),
    };
    let from_files = |s: &mut Sources| -> Result<(), String> {
        for f in &files {
            let (key, path) = parse_file_source(f)?;
            let text = read(ctx, path)?;
            s.add(target, name, &key, text)?;
        }
        Ok(())
    };
    let from_literals = |s: &mut Sources| -> Result<(), String> {
        for l in &literals {
            let (k, v) = parse_literal(l)?;
            s.add(target, name, k, v.to_string())?;
        }
        Ok(())
    };
    // createConfigMap reads files first; createSecret literals first
    if target == Target::ConfigMap {
        from_files(&mut s)?;
        from_literals(&mut s)?;
    } else {
        from_literals(&mut s)?;
        from_files(&mut s)?;
    }
    for f in &env_files {
        let text = read(ctx, f)?;
        for (k, v) in env_file_pairs(&text)? {
            s.add(target, name, &k, v)?;
        }
    }
    Ok(s)
}

/// `pkg/util/hash`'s `encodeHash(hash(json))`: the first ten hex digits of the SHA-256 of the
/// object's JSON (`json.Marshal` of a map: keys sorted, HTML characters escaped), with the
/// digits and letters that could spell words replaced.
fn name_hash(encoded: &Value) -> String {
    let text = super::printers::go_order::go_json_escapes(&encoded.to_string());
    let hex: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hex[..10]
        .chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// The flags' namespace when kubectl enforces one (`-n` given): the object carries it.
fn enforced_namespace(p: &args::Parsed) -> Option<String> {
    p.has("namespace").then(|| p.namespace())
}

pub fn create_configmap(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    const COMMAND: &str = "create configmap";
    let p = match args::parse(raw, &source_flags(&[]), COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let append_hash = match p.bool("append-hash", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, COMMAND) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let sources = match gather(&p, ctx, Target::ConfigMap, &name) {
        Ok(s) => s,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    let mut name = name;
    if append_hash {
        let h = name_hash(&json!({"data": sources.data, "kind": "ConfigMap", "name": name}));
        name = format!("{name}-{h}");
    }
    let ns = enforced_namespace(&p);
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(n) = &ns {
        meta.insert("namespace".into(), json!(n));
    }
    let mut object = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta});
    if !sources.data.is_empty() {
        object["data"] = json!(sources.data);
    }
    let mut shown = object.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    let generated = Generated {
        resource: Resource::ConfigMap,
        namespace: p.namespace(),
        printed: format!("configmap/{name}"),
        verb: "created",
        object,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create configmap: {}",
            super::create_deployment::status_message(&e.message, "ConfigMap", "ConfigMap")
        )
    })
}

pub fn create_secret(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    let all = source_flags(&[flag("type")]);
    let words = super::generate::create_words(raw, &all, "create secret");
    match words.get(1).map(String::as_str) {
        Some("generic") => {}
        Some(sub @ ("docker-registry" | "tls")) => {
            return CommandOutput::failure(format!(
                "error: \"kubectl create secret {sub}\" is not available in kubeplay"
            ))
        }
        _ => return super::create_parent_without_subcommand(raw, &words, "create secret"),
    }
    const COMMAND: &str = "create secret generic";
    let mut p = match args::parse(raw, &all, COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let append_hash = match p.bool("append-hash", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    // drop the `secret` word: what is left is what `create secret generic` was given
    p.positional.remove(0);
    let (name, dry_run, output) = match generate::name_and_mode(&p, COMMAND) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let sources = match gather(&p, ctx, Target::Secret, &name) {
        Ok(s) => s,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    let data: BTreeMap<String, String> = sources
        .data
        .iter()
        .map(|(k, v)| (k.clone(), base64_encode(v.as_bytes())))
        .collect();
    let ty = p.get("type").unwrap_or("").to_string();
    let mut name = name;
    if append_hash {
        let h = name_hash(&json!({"data": data, "kind": "Secret", "name": name, "type": ty}));
        name = format!("{name}-{h}");
    }
    let ns = enforced_namespace(&p);
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(n) = &ns {
        meta.insert("namespace".into(), json!(n));
    }
    let mut object = json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta});
    if !data.is_empty() {
        object["data"] = json!(data);
    }
    if !ty.is_empty() {
        object["type"] = json!(ty);
    }
    let mut shown = object.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    let generated = Generated {
        resource: Resource::Secret,
        namespace: p.namespace(),
        printed: format!("secret/{name}"),
        verb: "created",
        object,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create secret: {}",
            super::create_deployment::status_message(&e.message, "Secret", "Secret")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_kubectl() {
        // kubectl.1.33 create configmap x --from-literal=a=b --from-file=k=<"hello\n"> --append-hash
        let cm = json!({"data": {"a": "b", "k": "hello\n"}, "kind": "ConfigMap", "name": "x"});
        assert_eq!(name_hash(&cm), "mmkm2kgh6m");
        // kubectl.1.33 create secret generic s --from-literal=a=b --type=foo --append-hash
        let s = json!({"data": {"a": "Yg=="}, "kind": "Secret", "name": "s", "type": "foo"});
        assert_eq!(name_hash(&s), "76gkfd766k");
    }

    #[test]
    fn sources_parse_as_kubectl_does() {
        assert_eq!(parse_literal("a=b=c"), Ok(("a", "b=c")));
        assert!(parse_literal("=b").is_err());
        assert!(parse_literal("ab").is_err());
        assert_eq!(
            parse_file_source("dir/f.txt"),
            Ok(("f.txt".to_string(), "dir/f.txt"))
        );
        assert_eq!(parse_file_source("k=f"), Ok(("k".to_string(), "f")));
        assert_eq!(
            parse_file_source("=f"),
            Err("key name for file path f missing".to_string())
        );
        assert_eq!(
            env_file_pairs("\u{feff}a=1\n  c=x y \r\n# x\nnoval\n\n"),
            Ok(vec![
                ("a".into(), "1".into()),
                ("c".into(), "x y ".into()),
                ("noval".into(), String::new())
            ])
        );
        assert!(env_file_pairs("b = two\n").is_err());
    }
}
