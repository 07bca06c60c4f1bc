//! Manifest decoding as kubectl 1.33 does it: the YAML-or-JSON stream is split into documents,
//! each converted YAML→JSON the way sigs.k8s.io/yaml does (go-yaml v2 rules: YAML 1.1 booleans
//! `yes/no/on/off/y/n`, `0755` octal, `1_000`, merge keys `<<`), then checked for
//! `apiVersion`/`kind` (kubectl's client-side `getObjectKind`) and `*List` documents flattened.
//! Error texts are kubectl's, without the leading `error: ` kubectl prints in front of them.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The REST mapping of a kind kubeplay serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: &'static str,
    pub group: &'static str,
    pub version: &'static str,
    /// Plural resource name, e.g. `deployments`.
    pub resource: &'static str,
    pub namespaced: bool,
}

impl KindInfo {
    /// `apps/v1` or `v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Served kinds: (kind, group, version, resource, namespaced).
pub const KINDS: &[(&str, &str, &str, &str, bool)] = &[
    ("Deployment", "apps", "v1", "deployments", true),
    ("ReplicaSet", "apps", "v1", "replicasets", true),
    ("StatefulSet", "apps", "v1", "statefulsets", true),
    ("DaemonSet", "apps", "v1", "daemonsets", true),
    ("Job", "batch", "v1", "jobs", true),
    ("CronJob", "batch", "v1", "cronjobs", true),
    ("Pod", "", "v1", "pods", true),
    ("Service", "", "v1", "services", true),
    ("Namespace", "", "v1", "namespaces", false),
    ("ConfigMap", "", "v1", "configmaps", true),
    ("Secret", "", "v1", "secrets", true),
    ("ServiceAccount", "", "v1", "serviceaccounts", true),
    ("ResourceQuota", "", "v1", "resourcequotas", true),
    ("LimitRange", "", "v1", "limitranges", true),
    (
        "PodDisruptionBudget",
        "policy",
        "v1",
        "poddisruptionbudgets",
        true,
    ),
    (
        "HorizontalPodAutoscaler",
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        true,
    ),
    (
        "HorizontalPodAutoscaler",
        "autoscaling",
        "v1",
        "horizontalpodautoscalers",
        true,
    ),
    (
        "PersistentVolumeClaim",
        "",
        "v1",
        "persistentvolumeclaims",
        true,
    ),
    ("PersistentVolume", "", "v1", "persistentvolumes", false),
];

/// Maps `apiVersion` + `kind` to a served kind. The error is the RESTMapper's
/// `no matches for kind "Deployment" in version "extensions/v1beta1"`; see [`mapping_error`] for
/// the full kubectl line. Kinds match case-insensitively, as kubectl's RESTMapper does.
pub fn resolve_kind(api_version: &str, kind: &str) -> Result<KindInfo, String> {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    KINDS
        .iter()
        .find(|k| k.0.eq_ignore_ascii_case(kind) && k.1 == group && k.2 == version)
        .map(|k| KindInfo {
            kind: k.0,
            group: k.1,
            version: k.2,
            resource: k.3,
            namespaced: k.4,
        })
        .ok_or_else(|| {
            format!(
                "no matches for kind {} in version {}",
                go_quote(kind),
                go_quote(api_version)
            )
        })
}

/// Resolves a decoded document the way kubectl's builder does, with kubectl's full messages:
/// `unable to decode "<src>": Object 'Kind' is missing in '<json>'` for an empty kind,
/// `unable to decode "<src>": json: cannot unmarshal …` for a mistyped `metadata` field, and
/// `resource mapping not found for name: "x" namespace: "" from "<src>": no matches for kind …\nensure CRDs are installed first`.
pub fn resolve_doc(obj: &Value, source: &str) -> Result<KindInfo, String> {
    let av = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind.is_empty() {
        return Err(format!(
            "unable to decode {}: Object 'Kind' is missing in '{}'",
            go_quote(source),
            obj
        ));
    }
    if let Some(e) = super::schema::metadata_decode_error(obj, source) {
        return Err(e);
    }
    resolve_kind(av, kind).map_err(|e| mapping_error(obj, source, &e))
}

/// kubectl's `resource mapping not found …` message for a document whose kind did not resolve.
pub fn mapping_error(obj: &Value, source: &str, err: &str) -> String {
    let meta = |k: &str| {
        obj.pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    format!(
        "resource mapping not found for name: {} namespace: {} from {}: {}\nensure CRDs are installed first",
        go_quote(&meta("name")),
        go_quote(&meta("namespace")),
        go_quote(source),
        err
    )
}

/// Decodes every document of a manifest stream (YAML with `---` separators, or JSON objects),
/// skipping empty/null documents and flattening `List`/`*List` documents into their items.
/// `source` is the file name as given to `-f`, or `STDIN` for `-f -`. The first error stops the
/// stream and is returned alone (`kubectl apply` collects all documents before acting).
pub fn parse_documents(text: &str, source: &str) -> Result<Vec<Value>, String> {
    match parse_stream(text, source) {
        (docs, None) => Ok(docs),
        (_, Some(e)) => Err(e),
    }
}

/// Like [`parse_documents`] but also returns the documents decoded before the first error, for
/// commands that act on each document as it is read (`kubectl create` does).
pub fn parse_stream(text: &str, source: &str) -> (Vec<Value>, Option<String>) {
    let mut out = Vec::new();
    let raw = split_stream(text);
    for item in raw {
        let doc = match item {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(e) => return (out, Some(format!("error parsing {source}: {e}"))),
        };
        if let Err(errs) = object_kind_errors(&doc) {
            let agg = if errs.len() == 1 {
                errs[0].clone()
            } else {
                format!("[{}]", errs.join(", "))
            };
            let msg = format!(
                "error validating {}: error validating data: {agg}; if you choose to ignore these errors, turn validation off with --validate=false",
                go_quote(source)
            );
            return (out, Some(msg));
        }
        flatten(doc, &mut out);
    }
    (out, None)
}

/// kubectl's client-side `getObjectKind` (+ `validateList` for `v1 List`) checks.
fn object_kind_errors(doc: &Value) -> Result<(), Vec<String>> {
    fn gvk(doc: &Value, errs: &mut Vec<String>) {
        let Some(m) = doc.as_object() else {
            errs.push("invalid object to validate".into());
            return;
        };
        match m.get("apiVersion") {
            None | Some(Value::Null) => errs.push("apiVersion not set".into()),
            Some(Value::String(s)) => {
                if s.matches('/').count() > 1 {
                    errs.push(format!("unexpected GroupVersion string: {s}"));
                }
            }
            Some(_) => errs.push("apiVersion isn't string type".into()),
        }
        match m.get("kind") {
            None | Some(Value::Null) => errs.push("kind not set".into()),
            Some(Value::String(_)) => {}
            Some(_) => errs.push("kind isn't string type".into()),
        }
    }
    let mut errs = Vec::new();
    gvk(doc, &mut errs);
    if errs.is_empty() && doc["apiVersion"] == "v1" && doc["kind"] == "List" {
        match doc.get("items") {
            Some(Value::Array(items)) => items.iter().for_each(|i| gvk(i, &mut errs)),
            _ => errs.push("invalid object to validate".into()),
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

fn flatten(doc: Value, out: &mut Vec<Value>) {
    let kind = doc
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let is_list = kind.ends_with("List") && doc.get("items").is_some_and(Value::is_array);
    if !is_list {
        out.push(doc);
        return;
    }
    let av = doc.get("apiVersion").cloned().unwrap_or(Value::Null);
    let item_kind = kind.trim_end_matches("List").to_string();
    if let Some(Value::Array(items)) = doc.get("items") {
        for item in items {
            let mut item = item.clone();
            if let Some(m) = item.as_object_mut() {
                if kind != "List"
                    && m.get("kind")
                        .is_none_or(|k| k.as_str().is_none_or(|s| s.is_empty()))
                {
                    m.insert("kind".into(), Value::String(item_kind.clone()));
                    m.insert("apiVersion".into(), av.clone());
                }
            }
            flatten(item, out);
        }
    }
}

/// Splits and converts the stream. `Ok(None)` is an empty/null document.
fn split_stream(text: &str) -> Vec<Result<Option<Value>, String>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return json_stream(text, text.len() - trimmed.len());
    }
    let mut out = Vec::new();
    for chunk in yaml_chunks(text) {
        let r = chunk.and_then(yaml_to_json);
        let stop = r.is_err();
        out.push(r);
        if stop {
            break;
        }
    }
    out
}

/// kubectl's YAMLReader: a line that starts with `---` followed by nothing but whitespace or a
/// `# comment` separates documents (anything else after `---` is an error); each document's line
/// numbers start at 1.
fn yaml_chunks(text: &str) -> Vec<Result<&str, String>> {
    let mut chunks = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for line in text.split_inclusive('\n') {
        if let Some(after) = line.strip_prefix("---") {
            let after = after.trim();
            if pos > start {
                chunks.push(Ok(&text[start..pos]));
            }
            if !after.is_empty() && !after.starts_with('#') {
                chunks.push(Err(format!("invalid Yaml document separator: {after}")));
                return chunks;
            }
            start = pos + line.len();
        }
        pos += line.len();
    }
    if pos > start {
        chunks.push(Ok(&text[start..pos]));
    }
    chunks
}

// ---------------------------------------------------------------------------------------------
// YAML → JSON (sigs.k8s.io/yaml over go-yaml v2)

/// A YAML node as go-yaml v2 resolves it into `interface{}`.
enum Y {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Y>),
    Map(Vec<(Y, Y)>),
}

#[derive(Clone, Copy)]
struct Seed<'a> {
    base: &'a str,
}

impl<'de, 'a> DeserializeSeed<'de> for Seed<'a> {
    type Value = Y;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Y, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'a> Visitor<'de> for Seed<'a> {
    type Value = Y;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Y, E> {
        Ok(Y::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Y, E> {
        Ok(Y::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Y, E> {
        Ok(if v <= i64::MAX as u64 {
            Y::Int(v as i64)
        } else {
            Y::UInt(v)
        })
    }
    fn visit_i128<E>(self, v: i128) -> Result<Y, E> {
        Ok(Y::Float(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Y, E> {
        Ok(Y::Float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Y, E> {
        Ok(Y::Float(v))
    }
    fn visit_unit<E>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_none<E>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Y, E> {
        // serde_yaml hands out plain scalars (and quoted ones without escapes) borrowed from the
        // input: look at the bytes around the slice to tell a plain scalar from a quoted one.
        let base = self.base.as_ptr() as usize;
        let at = (s.as_ptr() as usize).wrapping_sub(base);
        let b = self.base.as_bytes();
        if at <= b.len() && at + s.len() <= b.len() {
            let before = if at > 0 { b[at - 1] } else { b' ' };
            let after = b.get(at + s.len()).copied().unwrap_or(b' ');
            let quoted = (before == b'"' || before == b'\'') && after == before;
            let tagged = self.base[..at]
                .trim_end()
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .is_some_and(|w| w.starts_with('!'));
            if !quoted && !tagged {
                return Ok(resolve_plain(s));
            }
        }
        Ok(Y::Str(s.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Y, E> {
        Ok(Y::Str(s.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Y, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element_seed(self)? {
            v.push(x);
        }
        Ok(Y::Seq(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Y, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = a.next_key_seed(self)? {
            let x = a.next_value_seed(self)?;
            v.push((k, x));
        }
        Ok(Y::Map(v))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, a: A) -> Result<Y, A::Error> {
        // A tagged node (`!foo bar`): keep its value, as go-yaml does for unknown tags.
        use serde::de::VariantAccess;
        let (_, va): (serde::de::IgnoredAny, _) = a.variant()?;
        va.newtype_variant_seed(self)
    }
}

/// go-yaml v2's `resolve()` for a plain scalar that serde_yaml (YAML 1.2) left as a string.
fn resolve_plain(s: &str) -> Y {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Y::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Y::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Y::Null,
        ".nan" | ".NaN" | ".NAN" => return Y::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Y::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Y::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let c = s.as_bytes()[0];
    if !(c.is_ascii_digit() || c == b'+' || c == b'-' || c == b'.') {
        return Y::Str(s.to_string());
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return i;
    }
    if go_float_syntax(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Y::Float(f);
        }
    }
    Y::Str(s.to_string())
}

/// strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading-0 octal).
fn go_parse_int(s: &str) -> Option<Y> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if mag <= i64::MAX as u64 + 1 {
            Some(Y::Int((mag as i128).wrapping_neg() as i64))
        } else {
            None
        }
    } else if mag <= i64::MAX as u64 {
        Some(Y::Int(mag as i64))
    } else {
        Some(Y::UInt(mag))
    }
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn go_float_syntax(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if b.first() == Some(&b'.') {
        i = 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-') | Some(b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// One YAML document (chunk) → JSON, with go-yaml/sigs.k8s.io/yaml error texts.
fn yaml_to_json(chunk: &str) -> Result<Option<Value>, String> {
    let mut docs = serde_yaml::Deserializer::from_str(chunk);
    let Some(doc) = docs.next() else {
        return Ok(None);
    };
    let y = Seed { base: chunk }.deserialize(doc).map_err(|e| {
        format!(
            "error converting YAML to JSON: {}",
            go_yaml_error(&e, chunk)
        )
    })?;
    let v = y_to_json(y).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    Ok(if v.is_null() { None } else { Some(v) })
}

fn y_to_json(y: Y) -> Result<Value, String> {
    Ok(match y {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Int(i) => Value::from(i),
        Y::UInt(u) => Value::from(u),
        Y::Float(f) => {
            if !f.is_finite() {
                let s = if f.is_nan() {
                    "NaN"
                } else if f > 0.0 {
                    "+Inf"
                } else {
                    "-Inf"
                };
                return Err(format!("json: unsupported value: {s}"));
            }
            norm_float(f)
        }
        Y::Str(s) => Value::String(s),
        Y::Seq(v) => Value::Array(v.into_iter().map(y_to_json).collect::<Result<_, _>>()?),
        Y::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                if let Y::Str(ref s) = k {
                    if s == "<<" {
                        merge_into(&mut m, v)?;
                        continue;
                    }
                }
                let key = match k {
                    Y::Str(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Int(i) => i.to_string(),
                    Y::UInt(u) => u.to_string(),
                    Y::Float(f) => go_float(f),
                    Y::Null => {
                        let vs = y_to_json(v).map(|v| v.to_string()).unwrap_or_default();
                        return Err(format!(
                            "unsupported map key of type: %!s(<nil>), key: <nil>, value: {vs}"
                        ));
                    }
                    Y::Seq(_) | Y::Map(_) => return Err("yaml: invalid map key".into()),
                };
                m.insert(key, y_to_json(v)?);
            }
            Value::Object(m)
        }
    })
}

/// go-yaml v2 merge key: a mapping, or a sequence of mappings (earlier ones win).
fn merge_into(m: &mut Map<String, Value>, v: Y) -> Result<(), String> {
    match y_to_json(v)? {
        Value::Object(o) => m.extend(o),
        Value::Array(a) => {
            for item in a.into_iter().rev() {
                match item {
                    Value::Object(o) => m.extend(o),
                    _ => {
                        return Err(
                            "yaml: map merge requires map or sequence of maps as the value".into(),
                        )
                    }
                }
            }
        }
        _ => return Err("yaml: map merge requires map or sequence of maps as the value".into()),
    }
    Ok(())
}

/// A float as Go's encoding/json writes it, parsed back as the API server sees it: integral
/// values become JSON integers.
fn norm_float(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        Value::from(f as i64)
    } else {
        Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// Integral floats → integers throughout a JSON value (for JSON input).
fn norm_numbers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => *v = norm_float(n.as_f64().unwrap_or(0.0)),
        Value::Array(a) => a.iter_mut().for_each(norm_numbers),
        Value::Object(o) => o.values_mut().for_each(norm_numbers),
        _ => {}
    }
}

/// strconv.FormatFloat(f, 'g', -1, 64)-ish, used for float map keys.
fn go_float(f: f64) -> String {
    let s = format!("{f}");
    if f.abs() >= 1e21 || (f != 0.0 && f.abs() < 1e-4) {
        go_exp(f)
    } else {
        s
    }
}

fn go_exp(f: f64) -> String {
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, d) = if let Some(d) = e.strip_prefix('-') {
                ('-', d)
            } else {
                ('+', e)
            };
            format!("{m}e{sign}{d:0>2}")
        }
        None => s,
    }
}

/// A JSON number literal as Go's encoding/json prints it (used in `cannot unmarshal number …`).
pub fn go_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f != 0.0 && (f.abs() < 1e-6 || f.abs() >= 1e21) {
        go_exp(f)
    } else {
        format!("{f}")
    }
}

/// Maps a serde_yaml (libyaml) error to go-yaml v2's text: `yaml: line N: <problem>`, where N
/// follows go-yaml's `parser.fail()` convention (scanner errors: problem line + 1; parser
/// errors: the 0-based problem line; no line when it is 0).
fn go_yaml_error(e: &serde_yaml::Error, chunk: &str) -> String {
    let dbg = format!("{e:?}");
    let field = |name: &str| -> Option<String> {
        let i = dbg.find(&format!("{name}: "))? + name.len() + 2;
        let rest = &dbg[i..];
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find("\", ").or_else(|| r.rfind('"'))?;
            Some(r[..end].to_string())
        } else {
            Some(rest.split([',', ' ', '}']).next()?.to_string())
        }
    };
    let mark_line = |name: &str| -> u64 {
        dbg.find(&format!("{name}: Mark {{ line: "))
            .and_then(|i| {
                dbg[i + name.len() + 15..]
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse::<u64>()
                    .ok()
            })
            .map_or(0, |l| l.saturating_sub(1))
    };
    if dbg.starts_with("Error {") {
        let problem = field("problem").unwrap_or_default();
        let scanner = field("kind").as_deref() == Some("SCANNER");
        let (pl, cl) = (mark_line("problem_mark"), mark_line("context_mark"));
        let line = if pl != 0 { pl + scanner as u64 } else { cl };
        let problem = if problem.is_empty() {
            "unknown problem parsing YAML content".to_string()
        } else {
            problem
        };
        return if line != 0 {
            format!("yaml: line {line}: {problem}")
        } else {
            format!("yaml: {problem}")
        };
    }
    let msg = e.to_string();
    if msg.starts_with("unknown anchor") {
        let name = e
            .location()
            .and_then(|l| chunk.get(l.index()..))
            .map(|s| {
                s.trim_start_matches('*')
                    .split(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default();
        return format!("yaml: unknown anchor '{name}' referenced");
    }
    if msg.starts_with("recursion limit exceeded") {
        return "yaml: exceeded max depth of 10000".into();
    }
    if msg.starts_with("repetition limit exceeded") {
        return "yaml: document contains excessive aliasing".into();
    }
    format!("yaml: {msg}")
}

// ---------------------------------------------------------------------------------------------
// JSON streams (kubectl sniffs a leading `{`)

/// Decodes consecutive JSON values; on a syntax error the rest is retried as YAML (as kubectl's
/// YAMLOrJSONDecoder does), and only if that fails too is Go's JSON error reported.
fn json_stream(text: &str, mut pos: usize) -> Vec<Result<Option<Value>, String>> {
    let mut out = Vec::new();
    loop {
        while pos < text.len() && text.as_bytes()[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= text.len() {
            return out;
        }
        match json_scan(text.as_bytes(), pos) {
            Ok(end) => {
                let mut v: Value = match serde_json::from_str(&text[pos..end]) {
                    Ok(v) => v,
                    Err(e) => {
                        out.push(Err(format!("json: {e}")));
                        return out;
                    }
                };
                norm_numbers(&mut v);
                out.push(Ok(if v.is_null() { None } else { Some(v) }));
                pos = end;
            }
            Err(None) => {
                out.push(Err("unexpected EOF".into()));
                return out;
            }
            Err(Some((off, msg))) => {
                let rest = &text[pos..];
                let mut ys: Vec<_> = Vec::new();
                let mut ok = true;
                for chunk in yaml_chunks(rest) {
                    match chunk.and_then(yaml_to_json) {
                        Ok(v) => ys.push(Ok(v)),
                        Err(_) => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    out.extend(ys);
                } else {
                    out.push(Err(format!("json: offset {}: {msg}", off + 1)));
                }
                return out;
            }
        }
    }
}

/// Go's encoding/json scanner over one value starting at `p`: the end offset, or the error
/// offset and message (`None` for unexpected EOF).
fn json_scan(b: &[u8], p: usize) -> Result<usize, Option<(usize, String)>> {
    struct S<'a> {
        b: &'a [u8],
        i: usize,
        depth: usize,
    }
    type R = Result<(), Option<(usize, String)>>;
    fn quote_char(c: u8) -> String {
        match c {
            b'\'' => "'\\''".into(),
            b'"' => "'\"'".into(),
            _ => {
                let s = go_quote(&(c as char).to_string());
                format!("'{}'", &s[1..s.len() - 1])
            }
        }
    }
    impl S<'_> {
        fn ws(&mut self) {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
        }
        fn peek(&self) -> Result<u8, Option<(usize, String)>> {
            self.b.get(self.i).copied().ok_or(None)
        }
        fn err(&self, ctx: &str) -> R {
            Err(Some((
                self.i,
                format!("invalid character {} {ctx}", quote_char(self.b[self.i])),
            )))
        }
        fn value(&mut self) -> R {
            self.ws();
            let c = self.peek()?;
            match c {
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth > 200 {
                        return Err(Some((self.i, "exceeded max depth".into())));
                    }
                    self.i += 1;
                    let close = if c == b'{' { b'}' } else { b']' };
                    self.ws();
                    if self.peek()? == close {
                        self.i += 1;
                        self.depth -= 1;
                        return Ok(());
                    }
                    loop {
                        if c == b'{' {
                            self.ws();
                            if self.peek()? != b'"' {
                                return self.err("looking for beginning of object key string");
                            }
                            self.string()?;
                            self.ws();
                            if self.peek()? != b':' {
                                return self.err("after object key");
                            }
                            self.i += 1;
                        }
                        self.value()?;
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            x if x == close => {
                                self.i += 1;
                                self.depth -= 1;
                                return Ok(());
                            }
                            _ => {
                                return self.err(if c == b'{' {
                                    "after object key:value pair"
                                } else {
                                    "after array element"
                                })
                            }
                        }
                    }
                }
                b'"' => self.string(),
                b'-' | b'0'..=b'9' => self.number(),
                b't' => self.lit("true"),
                b'f' => self.lit("false"),
                b'n' => self.lit("null"),
                _ => self.err("looking for beginning of value"),
            }
        }
        fn lit(&mut self, w: &str) -> R {
            for (k, &e) in w.as_bytes().iter().enumerate() {
                if self.peek()? != e {
                    return self.err(&format!(
                        "in literal {w} (expecting {})",
                        quote_char(w.as_bytes()[k])
                    ));
                }
                self.i += 1;
            }
            Ok(())
        }
        fn string(&mut self) -> R {
            self.i += 1;
            loop {
                let c = self.peek()?;
                match c {
                    b'"' => {
                        self.i += 1;
                        return Ok(());
                    }
                    b'\\' => {
                        self.i += 1;
                        let e = self.peek()?;
                        if e == b'u' {
                            self.i += 1;
                            for _ in 0..4 {
                                if !self.peek()?.is_ascii_hexdigit() {
                                    return self.err("in \\u hexadecimal character escape");
                                }
                                self.i += 1;
                            }
                            continue;
                        }
                        if !b"\"\\/bfnrt".contains(&e) {
                            return self.err("in string escape code");
                        }
                        self.i += 1;
                    }
                    0..=0x1f => return self.err("in string literal"),
                    _ => self.i += 1,
                }
            }
        }
        fn digits(&mut self) -> usize {
            let s = self.i;
            while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                self.i += 1;
            }
            self.i - s
        }
        fn number(&mut self) -> R {
            if self.b[self.i] == b'-' {
                self.i += 1;
                if !self.peek()?.is_ascii_digit() {
                    return self.err("in numeric literal");
                }
            }
            if self.b[self.i] == b'0' {
                self.i += 1;
            } else {
                self.digits();
            }
            if self.b.get(self.i) == Some(&b'.') {
                self.i += 1;
                if !self.peek()?.is_ascii_digit() {
                    return self.err("after decimal point in numeric literal");
                }
                self.digits();
            }
            if matches!(self.b.get(self.i), Some(b'e') | Some(b'E')) {
                self.i += 1;
                if matches!(self.peek()?, b'+' | b'-') {
                    self.i += 1;
                }
                if !self.peek()?.is_ascii_digit() {
                    return self.err("in exponent of numeric literal");
                }
                self.digits();
            }
            Ok(())
        }
    }
    let mut s = S { b, i: p, depth: 0 };
    s.value()?;
    Ok(s.i)
}

/// Go's `strconv.Quote` (what `%q` prints).
pub fn go_quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            '\x07' => o.push_str("\\a"),
            '\x08' => o.push_str("\\b"),
            '\x0c' => o.push_str("\\f"),
            '\x0b' => o.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => o.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || c == '\u{feff}' || c == '\u{200b}' => {
                if (c as u32) < 0x10000 {
                    o.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    o.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(text: &str) -> String {
        parse_documents(text, "t.yaml").unwrap_err()
    }

    #[test]
    fn multi_doc_and_lists() {
        let docs = parse_documents("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# only a comment\n---\n\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n", "x").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1]["metadata"]["name"], "b");
        let docs = parse_documents(
            "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n",
            "x",
        )
        .unwrap();
        assert_eq!(
            docs,
            vec![json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}})]
        );
        assert_eq!(parse_documents("", "x").unwrap(), Vec::<Value>::new());
        assert_eq!(
            parse_documents("---\n---\n", "x").unwrap(),
            Vec::<Value>::new()
        );
    }

    #[test]
    fn go_yaml_scalars() {
        let d = &parse_documents(
            "apiVersion: v1\nkind: X\nzz:\n  a: y\n  b: yes\n  c: on\n  d: 0755\n  e: 1.0\n  f: 1e12\n  g: 0x1F\n  h: 1_000\n  i: 0o17\n  j: 2001-12-14\n  k: +12\n  l: .5\n  m: 12e3\n  n: 1\n  o: 0b101\n  p: N\n  q: Off\n  r: \"yes\"\n  s: 00\n  t: 09\n  u: 1:20\n  \"1\": x\n  2: x\n  true: x\n  v: 1e21\n  w: 123456789012345678901\n  z: ~\n  aa: 'on'\n  ab: !!str 5\n  ac: !!int \"7\"\n  ad: 9223372036854775808\n",
            "x",
        )
        .unwrap()[0]["zz"];
        let exp = json!({"a": true, "b": true, "c": true, "d": 493, "e": 1, "f": 1000000000000i64, "g": 31, "h": 1000,
            "i": 15, "j": "2001-12-14", "k": 12, "l": 0.5, "m": 12000, "false": 1, "o": 5, "p": false, "q": false, "r": "yes",
            "s": 0, "t": 9, "u": "1:20", "1": "x", "2": "x", "true": "x", "v": 1e21, "w": 123456789012345678901f64, "z": null,
            "aa": "on", "ab": "5", "ac": 7, "ad": 9223372036854775808u64});
        assert_eq!(d, &exp);
    }

    #[test]
    fn merge_keys_and_anchors() {
        let d = &parse_documents(
            "apiVersion: v1\nkind: X\nbase: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n  y: 4\n",
            "x",
        )
        .unwrap()[0];
        assert_eq!(d["m"], json!({"p": 1, "q": 3, "true": 4}));
    }

    #[test]
    fn yaml_errors_match_kubectl() {
        // Verified against kubectl.1.33 create --dry-run=client -f.
        let cases: &[(&str, &str)] = &[
            ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  selector: a: b\n", "yaml: line 7: mapping values are not allowed in this context"),
            ("a: b\n  c: d\n", "yaml: line 2: mapping values are not allowed in this context"),
            ("a:\n- b\n c: d\n", "yaml: line 3: mapping values are not allowed in this context"),
            ("a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"),
            ("a: \"abc\n", "yaml: line 2: found unexpected end of stream"),
            ("\tapiVersion: v1\n", "yaml: found character that cannot start any token"),
            ("a: *x\n", "yaml: unknown anchor 'x' referenced"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n\timage: b\n", "yaml: line 8: found a tab character that violates indentation"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n     image: b\n", "yaml: line 8: mapping values are not allowed in this context"),
            ("apiVersion: v1\nkind: Pod\nmetadata\n  name: x\n", "yaml: line 4: could not find expected ':'"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 'x\n", "yaml: line 5: found unexpected end of stream"),
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", "yaml: line 3: did not find expected ',' or '}'"),
            ("apiVersion: v1\nkind: Pod\n- a\n", "yaml: line 2: did not find expected key"),
            ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n   image: b\n", "yaml: line 5: did not find expected key"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    - a\n    b: c\n", "yaml: line 5: did not find expected '-' indicator"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\" b\n", "yaml: line 3: did not find expected key"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: @x\n", "yaml: line 4: found character that cannot start any token"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b\n  x: y\n", "yaml: line 4: did not find expected ',' or ']'"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name2: \"\\q\"\n", "yaml: line 5: found unknown escape character"),
            ("apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: x\r\n bad: 1\r\n", "yaml: line 4: did not find expected key"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\n\n\n  - a\n", "yaml: line 7: did not find expected key"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: b\n     ports: []\n", "yaml: line 8: did not find expected '-' indicator"),
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b,, c: d}\n", "yaml: line 3: did not find expected node content"),
            ("a:\n  b:\n    c: [\n", "yaml: line 3: did not find expected node content"),
            ("a: b\n- c\n", "yaml: line 1: did not find expected key"),
            ("- a\n- b\nc: d\n", "yaml: line 2: did not find expected '-' indicator"),
            ("key: \"unterminated\n\nnext: 1\n", "yaml: line 4: found unexpected end of stream"),
            ("a:\n\t- b\n", "yaml: line 2: found character that cannot start any token"),
            ("a: {b: c}}\n", "yaml: did not find expected key"),
            ("a: [b: c: d]\n", "yaml: did not find expected ',' or ']'"),
            ("a: b\n  # comment\n c: d\n", "yaml: line 2: did not find expected key"),
            ("metadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n  ports:\n    - containerPort: 80\n      protocol\n", "yaml: line 10: could not find expected ':'"),
        ];
        for (text, want) in cases {
            assert_eq!(
                err(text),
                format!("error parsing t.yaml: error converting YAML to JSON: {want}"),
                "input {text:?}"
            );
        }
        assert!(parse_documents("a: .inf\n", "STDIN")
            .unwrap_err()
            .ends_with("error converting YAML to JSON: json: unsupported value: +Inf"));
    }

    #[test]
    fn document_separators() {
        let d = parse_documents("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n--- # next\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n...\nfoo: bar\n", "x").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            err("apiVersion: v1\nkind: Pod\n--- {foo: bar}\n"),
            "error parsing t.yaml: invalid Yaml document separator: {foo: bar}"
        );
        assert_eq!(
            err("apiVersion: v1\nkind: Pod\n----\n"),
            "error parsing t.yaml: invalid Yaml document separator: -"
        );
    }

    #[test]
    fn second_document_line_numbers_are_relative() {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n spec: 1\n";
        assert_eq!(err(text), "error parsing t.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key");
        let (docs, e) = parse_stream(text, "t.yaml");
        assert_eq!(docs.len(), 1);
        assert!(e.is_some());
    }

    #[test]
    fn validation_messages() {
        let tail =
            "; if you choose to ignore these errors, turn validation off with --validate=false";
        let v = |t: &str, src: &str| parse_documents(t, src).unwrap_err();
        assert_eq!(v("metadata:\n  name: x\n", "nokind.yaml"), format!("error validating \"nokind.yaml\": error validating data: [apiVersion not set, kind not set]{tail}"));
        assert_eq!(
            v("kind: Deployment\n", "STDIN"),
            format!("error validating \"STDIN\": error validating data: apiVersion not set{tail}")
        );
        assert_eq!(
            v("apiVersion: v1\n", "a"),
            format!("error validating \"a\": error validating data: kind not set{tail}")
        );
        assert_eq!(v("apiVersion: 1\nkind: 5\n", "a"), format!("error validating \"a\": error validating data: [apiVersion isn't string type, kind isn't string type]{tail}"));
        assert_eq!(v("apiVersion: a/b/c\nkind: Pod\n", "a"), format!("error validating \"a\": error validating data: unexpected GroupVersion string: a/b/c{tail}"));
        assert_eq!(
            v("[1,2]", "a"),
            format!(
                "error validating \"a\": error validating data: invalid object to validate{tail}"
            )
        );
        assert_eq!(
            v("hello", "a"),
            format!(
                "error validating \"a\": error validating data: invalid object to validate{tail}"
            )
        );
        assert_eq!(v("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n- apiVersion: v1\n", "a"), format!("error validating \"a\": error validating data: [apiVersion not set, kind not set]{tail}"));
        assert_eq!(
            v("apiVersion: v1\nkind: List\nitems: 3\n", "a"),
            format!(
                "error validating \"a\": error validating data: invalid object to validate{tail}"
            )
        );
    }

    #[test]
    fn json_input() {
        let d = parse_documents("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"y\"}}", "x").unwrap();
        assert_eq!(d.len(), 2);
        let d = parse_documents("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"},\"n\":1.0,}", "x").unwrap();
        assert_eq!(d[0]["n"], json!(1));
        assert_eq!(
            err("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}"),
            "error parsing t.yaml: unexpected EOF"
        );
        assert_eq!(err("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\" \"metadata\":{\"name\":\"x\"}}"), "error parsing t.yaml: json: offset 39: invalid character '\"' after object key:value pair");
        assert_eq!(err("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\n\"metadata\":{\"name\":\"x\"}}}"), "error parsing t.yaml: json: offset 64: invalid character '}' looking for beginning of value");
    }

    #[test]
    fn kinds_and_mapping_errors() {
        let k = resolve_kind("apps/v1", "Deployment").unwrap();
        assert_eq!(
            (k.resource, k.namespaced, k.api_version()),
            ("deployments", true, "apps/v1".to_string())
        );
        assert!(!resolve_kind("v1", "Namespace").unwrap().namespaced);
        assert_eq!(
            resolve_kind("extensions/v1beta1", "Deployment").unwrap_err(),
            "no matches for kind \"Deployment\" in version \"extensions/v1beta1\""
        );
        let doc = json!({"apiVersion": "extensions/v1beta1", "kind": "Deployment", "metadata": {"name": "nginx-deployment"}});
        assert_eq!(resolve_doc(&doc, "ext.yaml").unwrap_err(), "resource mapping not found for name: \"nginx-deployment\" namespace: \"\" from \"ext.yaml\": no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first");
        let doc = json!({"apiVersion": "apps/v1beta2", "kind": "StatefulSet", "metadata": {"name": "x", "namespace": "foo"}});
        assert_eq!(resolve_doc(&doc, "STDIN").unwrap_err(), "resource mapping not found for name: \"x\" namespace: \"foo\" from \"STDIN\": no matches for kind \"StatefulSet\" in version \"apps/v1beta2\"\nensure CRDs are installed first");
        assert_eq!(resolve_doc(&json!({"apiVersion": "v1", "kind": ""}), "t.yaml").unwrap_err(), "unable to decode \"t.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\"}'");
    }

    #[test]
    fn no_panics_on_garbage() {
        let mut seed = 0x2545F4914F6CDD1Du64;
        let alphabet: Vec<char> = "ab:- \n\t{}[],\"'&*!|>#%@`?~0123456789.eé日\\\u{0}"
            .chars()
            .collect();
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let _ = parse_stream(&s, "x");
            let _ = parse_stream(&format!("{{{s}"), "x");
        }
        let deep = "a:\n".to_string() + &"[".repeat(5000);
        assert!(parse_documents(&deep, "x").is_err());
        let deep = "{\"a\":".repeat(3000);
        assert!(parse_documents(&deep, "x").is_err());
        let _ = parse_documents("a: &a [*a]\n", "x");
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        let _ = parse_documents(bomb, "x");
    }
}
