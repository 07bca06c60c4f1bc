//! API-server validation (apps/v1 + core/v1, as of v1.33) on the *defaulted* JSON object, with
//! apimachinery's field.Error texts. Bad values render as v1.33's `ErrorBody` does: strings
//! quoted (`%q`), numbers plain, composite values in Go's `%#v` syntax
//! (`map[string]string{"app":"nginx"}`, `v1.LabelSelector{…}`, `intstr.IntOrString{…}`).
//! Map-keyed checks (labels, resources) run in sorted key order (Go's map order is random).

use super::yaml::go_quote as q;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required,
    /// the bad value, already rendered as Go prints it
    Invalid(String),
    /// the bad value (rendered); the supported values are in `detail`
    NotSupported(String),
    Forbidden,
    Duplicate(String),
    NotFound(String),
    TooLong,
    /// `field.TooMany`: the actual count (rendered); the limit is in `detail`
    TooMany(String),
    /// `field.Invalid` with `field.OmitValueType{}`: no value shown
    InvalidOmitted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub kind: FieldErrorKind,
    pub detail: String,
}

impl FieldError {
    /// apimachinery's `ErrorBody()`: the message without the field path.
    pub fn body(&self) -> String {
        use FieldErrorKind::*;
        let mut s = match &self.kind {
            Required => "Required value".to_string(),
            Forbidden => "Forbidden".to_string(),
            TooLong => "Too long".to_string(),
            Invalid(v) => format!("Invalid value: {v}"),
            NotSupported(v) => format!("Unsupported value: {v}"),
            Duplicate(v) => format!("Duplicate value: {v}"),
            NotFound(v) => format!("Not found: {v}"),
            TooMany(v) => format!("Too many: {v}"),
            InvalidOmitted => "Invalid value".to_string(),
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.body())
    }
}

/// kubectl's rendering of a 422 for one object: `The Deployment "x" is invalid: <err>` for one
/// error, `The Deployment "x" is invalid: \n* <err>\n* <err>` for several (duplicates dropped).
/// No trailing newline; kubectl prints it to stderr without an `error: ` prefix.
pub fn format_invalid(kind: &str, name: &str, errs: &[FieldError]) -> String {
    let msgs = dedup(errs);
    let head = format!("The {kind} {} is invalid", q(name));
    match msgs.len() {
        0 => head,
        1 => format!("{head}: {}", msgs[0]),
        _ => format!(
            "{head}: \n{}",
            msgs.iter()
                .map(|m| format!("* {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The API server's Status message for the same failure, as kubectl shows it when several
/// documents failed (`Error from server (Invalid): error when creating "f.yaml": <this>`):
/// `Deployment.apps "x" is invalid: <err>` or `… is invalid: [<err>, <err>]`.
pub fn status_message(kind: &str, name: &str, errs: &[FieldError]) -> String {
    let qualified = match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => format!("{kind}.apps"),
        "Job" | "CronJob" => format!("{kind}.batch"),
        _ => kind.to_string(),
    };
    let msgs = dedup(errs);
    match msgs.len() {
        0 => format!("{qualified} {} is invalid", q(name)),
        1 => format!("{qualified} {} is invalid: {}", q(name), msgs[0]),
        _ => format!("{qualified} {} is invalid: [{}]", q(name), msgs.join(", ")),
    }
}

fn dedup(errs: &[FieldError]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    errs.iter()
        .map(|e| e.to_string())
        .filter(|m| seen.insert(m.clone()))
        .collect()
}

/// API warnings returned on create (kubectl prints each as `Warning: <text>` on stderr).
pub fn warnings(kind: &str, obj: &Value) -> Vec<String> {
    let name = s(&obj["metadata"], "name");
    let what = match kind {
        "Pod" => "this is used in the Pod's hostname",
        "Deployment" | "ReplicaSet" => "this is used in Pod names and hostnames",
        _ => return Vec::new(),
    };
    let msgs = dns1123_label(name);
    if name.is_empty() || msgs.is_empty() {
        return Vec::new();
    }
    vec![format!("metadata.name: {what}, which can result in surprising behavior; a DNS label is recommended: [{}]", msgs.join(" "))]
}

/// Validates a defaulted object of `kind` (create when `old` is None, else update).
pub fn validate(kind: &str, obj: &Value, old: Option<&Value>) -> Vec<FieldError> {
    let mut v = V(Vec::new());
    let meta = &obj["metadata"];
    let spec = &obj["spec"];
    match kind {
        "Deployment" | "ReplicaSet" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            if kind == "Deployment" {
                v.deployment_spec(spec);
            } else {
                v.replica_set_spec(spec);
            }
            if let Some(o) = old {
                if !sem_eq(&spec["selector"], &o["spec"]["selector"]) {
                    v.invalid(
                        "spec.selector",
                        selector_go(spec.get("selector")),
                        "field is immutable",
                    );
                }
            }
        }
        "StatefulSet" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Label);
            v.stateful_set_spec(spec);
            if let Some(o) = old {
                let strip = |x: &Value| {
                    let mut x = x.clone();
                    if let Some(m) = x.as_object_mut() {
                        for k in [
                            "replicas",
                            "ordinals",
                            "template",
                            "updateStrategy",
                            "persistentVolumeClaimRetentionPolicy",
                            "minReadySeconds",
                        ] {
                            m.remove(k);
                        }
                    }
                    x
                };
                if !sem_eq(&strip(spec), &strip(&o["spec"])) {
                    v.push("spec", FieldErrorKind::Forbidden, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
                }
            }
        }
        "CronJob" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            let name = s(meta, "name");
            if name.len() > 52 {
                v.invalid(
                    "metadata.name",
                    q(name),
                    "must be no more than 52 characters",
                );
            }
            v.cron_job_spec(spec, old.map(|o| &o["spec"]));
        }
        "Job" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.job_spec(spec, old.is_none());
            // ValidateJob (create): an Indexed Job's last pod hostname `<name>-<completions-1>`
            // must be a DNS label
            let completions = spec.get("completions").and_then(Value::as_i64);
            if let Some(c) = completions.filter(|c| *c > 0 && old.is_none()) {
                if s(spec, "completionMode") == "Indexed" {
                    let name = s(meta, "name");
                    let host = format!("{name}-{}", c - 1);
                    if !dns1123_label(&host).is_empty() {
                        v.invalid(
                            "metadata.name",
                            q(name),
                            &format!("will not able to create pod with invalid DNS label: {host}"),
                        );
                    }
                }
            }
            if let Some(o) = old {
                let os = &o["spec"];
                if !sem_eq(&spec["selector"], &os["selector"]) {
                    v.invalid(
                        "spec.selector",
                        selector_go(spec.get("selector")),
                        "field is immutable",
                    );
                }
                if !sem_eq(&spec["template"], &os["template"]) {
                    v.invalid(
                        "spec.template",
                        "core.PodTemplateSpec{…}".into(),
                        "field is immutable",
                    );
                }
                for k in ["completions", "completionMode"] {
                    if spec.get(k) != os.get(k) {
                        let shown = spec.get(k).map_or("null".into(), |x| match x {
                            Value::String(t) => q(t),
                            other => other.to_string(),
                        });
                        v.invalid(&format!("spec.{k}"), shown, "field is immutable");
                    }
                }
                // podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy are
                // immutable too (ValidateJobSpecUpdate)
                let new_pfp = spec.get("podFailurePolicy");
                if !sem_eq(&spec["podFailurePolicy"], &os["podFailurePolicy"]) {
                    let shown = match new_pfp.filter(|x| !x.is_null()) {
                        None => "null".to_string(),
                        Some(p) => pod_failure_policy_go(p),
                    };
                    v.invalid("spec.podFailurePolicy", shown, "field is immutable");
                }
                for k in ["backoffLimitPerIndex", "managedBy"] {
                    let (n, o) = (
                        spec.get(k).filter(|x| !x.is_null()),
                        os.get(k).filter(|x| !x.is_null()),
                    );
                    if n != o {
                        let shown = n.map_or("null".into(), |x| match x {
                            Value::String(t) => q(t),
                            other => other.to_string(),
                        });
                        v.invalid(&format!("spec.{k}"), shown, "field is immutable");
                    }
                }
                let new_sp = spec.get("successPolicy");
                if !sem_eq(&spec["successPolicy"], &os["successPolicy"]) {
                    let shown = match new_sp.filter(|x| !x.is_null()) {
                        None => "null".to_string(),
                        Some(p) => success_policy_go(p),
                    };
                    v.invalid("spec.successPolicy", shown, "field is immutable");
                }
            }
        }
        "DaemonSet" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.daemon_set_spec(spec);
            if let Some(o) = old {
                if !sem_eq(&spec["selector"], &o["spec"]["selector"]) {
                    v.invalid(
                        "spec.selector",
                        selector_go(spec.get("selector")),
                        "field is immutable",
                    );
                }
            }
        }
        "Pod" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.pod_spec(spec, "spec");
            if let Some(o) = old {
                if !pod_spec_update_allowed(&o["spec"], spec) {
                    v.forbidden("spec", POD_UPDATE_FORBIDDEN);
                }
            }
        }
        "Service" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Dns1035);
            v.service_spec(spec);
        }
        "Namespace" => v.meta(meta, old.map(|o| &o["metadata"]), false, Name::Label),
        "ServiceAccount" => v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain),
        // the strategy validates the spec only; the generic registry then checks the metadata
        // (rest.BeforeCreate), names only as path segments
        "ResourceQuota" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.quota_spec(spec);
        }
        "LimitRange" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.limit_range_spec(spec);
        }
        "PodDisruptionBudget" => {
            v.pdb_spec(spec);
            if v.0.is_empty() {
                v.meta(meta, old.map(|o| &o["metadata"]), true, Name::PathSegment);
            }
        }
        "HorizontalPodAutoscaler" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.hpa_spec(spec);
        }
        "PersistentVolumeClaim" => {
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.pvc_spec(spec, "spec");
        }
        "PersistentVolume" => {
            v.meta(meta, old.map(|o| &o["metadata"]), false, Name::Subdomain);
            v.pv_spec(spec);
            if let Some(o) = old {
                v.pv_update(spec, &o["spec"]);
            }
        }
        "ConfigMap" | "Secret" => {
            if let Some(o) = old {
                v.config_update(kind, obj, o);
            }
            v.meta(meta, old.map(|o| &o["metadata"]), true, Name::Subdomain);
            v.config_data(kind, obj);
        }
        _ => {}
    }
    v.0
}

// ---------------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation

/// `core.MaxSecretSize`: the data of a ConfigMap or Secret, 1 MiB.
const MAX_SECRET_SIZE: usize = 1024 * 1024;

/// `IsConfigMapKey`: the messages for a bad ConfigMap/Secret key (also kubectl's client check).
pub fn config_key(k: &str) -> Vec<String> {
    let mut e = Vec::new();
    if k.len() > 253 {
        e.push(max_len(253));
    }
    let ok = !k.is_empty()
        && k.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    if !ok {
        e.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    match k {
        "." => e.push("must not be '.'".into()),
        ".." => e.push("must not be '..'".into()),
        _ if k.starts_with("..") => e.push("must not start with '..'".into()),
        _ => {}
    }
    e
}

fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut m = msg.to_string();
    if !examples.is_empty() {
        m.push_str(" (e.g. ");
        for (i, e) in examples.iter().enumerate() {
            if i > 0 {
                m.push_str(" or ");
            }
            m.push_str(&format!("'{e}', "));
        }
        m.push_str(&format!("regex used for validation is '{fmt}')"));
    } else {
        m.push_str(&format!(" (regex used for validation is '{fmt}')"));
    }
    m
}

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_label_chars(s: &str, first: fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && first(b[0])
        && (b[b.len() - 1].is_ascii_lowercase() || b[b.len() - 1].is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

fn lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

const DNS1123_LABEL: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 63 {
        e.push(max_len(63));
    }
    if !is_label_chars(s, lower_alnum) {
        if s.split('.').all(|l| is_label_chars(l, lower_alnum)) {
            e.push("must not contain dots".into());
        } else {
            e.push(regex_error("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL, &["my-name", "123-abc"]));
        }
    }
    e
}

pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 253 {
        e.push(max_len(253));
    }
    if !s.split('.').all(|l| is_label_chars(l, lower_alnum)) {
        e.push(regex_error("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, &["example.com"]));
    }
    e
}

pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 63 {
        e.push(max_len(63));
    }
    if !is_label_chars(s, |c| c.is_ascii_lowercase()) {
        e.push(regex_error("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", "[a-z]([-a-z0-9]*[a-z0-9])?", &["my-name", "abc-123"]));
    }
    e
}

const QNAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QNAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

fn is_qname_chars(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"-_.".contains(&c))
}

pub fn qualified_name(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.len() {
        1 => parts[0],
        2 => {
            if parts[0].is_empty() {
                e.push("prefix part must be non-empty".into());
            } else {
                e.extend(
                    dns1123_subdomain(parts[0])
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            parts[1]
        }
        _ => {
            e.push(format!("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", regex_error(QNAME_MSG, QNAME_FMT, &["MyName", "my.name", "123-abc"])));
            return e;
        }
    };
    if name.is_empty() {
        e.push("name part must be non-empty".into());
    } else if name.len() > 63 {
        e.push(format!("name part {}", max_len(63)));
    }
    if !is_qname_chars(name) {
        e.push(format!(
            "name part {}",
            regex_error(QNAME_MSG, QNAME_FMT, &["MyName", "my.name", "123-abc"])
        ));
    }
    e
}

pub fn label_value(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 63 {
        e.push(max_len(63));
    }
    if !s.is_empty() && !is_qname_chars(s) {
        e.push(regex_error("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", &["MyValue", "my_value", "12345"]));
    }
    e
}

fn port_num(p: i64) -> Vec<String> {
    if (1..=65535).contains(&p) {
        vec![]
    } else {
        vec!["must be between 1 and 65535, inclusive".into()]
    }
}

fn port_name(p: &str) -> Vec<String> {
    let mut e = Vec::new();
    if p.len() > 15 {
        e.push(max_len(15));
    }
    if p.is_empty()
        || !p
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        e.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !p.bytes().any(|c| c.is_ascii_lowercase()) {
        e.push("must contain at least one letter (a-z)".into());
    }
    if p.contains("--") {
        e.push("must not contain consecutive hyphens".into());
    }
    if p.starts_with('-') || p.ends_with('-') {
        e.push("must not begin or end with a hyphen".into());
    }
    e
}

fn valid_percent(s: &str) -> bool {
    s.len() > 1 && s.ends_with('%') && s[..s.len() - 1].bytes().all(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Go-syntax rendering of bad values

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn i(v: &Value, k: &str) -> i64 {
    v.get(k).and_then(Value::as_i64).unwrap_or(0)
}

fn arr<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], |a| a.as_slice())
}

fn obj<'a>(v: &'a Value, k: &str) -> Option<&'a Map<String, Value>> {
    v.get(k).and_then(Value::as_object)
}

fn str_map_go(m: Option<&Map<String, Value>>) -> String {
    match m {
        None => "map[string]string(nil)".into(),
        Some(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", q(k), q(v.as_str().unwrap_or(""))))
                .collect();
            format!("map[string]string{{{}}}", items.join(", "))
        }
    }
}

fn str_list_go(v: Option<&Value>) -> String {
    match v.and_then(Value::as_array) {
        None => "[]string(nil)".into(),
        Some(a) => format!(
            "[]string{{{}}}",
            a.iter()
                .map(|x| q(x.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `*metav1.LabelSelector` as `%#v` prints it (pointer dereferenced; nil → `null`).
fn selector_go(sel: Option<&Value>) -> String {
    let Some(sel) = sel.filter(|s| s.is_object()) else {
        return "null".into();
    };
    let exprs = match sel.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".into(),
        Some(a) => format!(
            "[]v1.LabelSelectorRequirement{{{}}}",
            a.iter()
                .map(|r| format!(
                    "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                    q(s(r, "key")),
                    q(s(r, "operator")),
                    str_list_go(r.get("values"))
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}",
        str_map_go(obj(sel, "matchLabels"))
    )
}

fn intstr_go(v: &Value) -> String {
    match v {
        Value::String(x) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", q(x)),
        _ => format!(
            "intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}",
            v.as_i64().unwrap_or(0)
        ),
    }
}

fn ptr_go(present: bool, ty: &str) -> String {
    if present {
        format!("(*{ty})(0xc000a1b2c0)")
    } else {
        format!("(*{ty})(nil)")
    }
}

fn not_supported_detail(allowed: &[&str]) -> String {
    format!(
        "supported values: {}",
        allowed.iter().map(|a| q(a)).collect::<Vec<_>>().join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Quantities (enough of resource.Quantity for comparisons and canonical String())

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum QFmt {
    Dec,
    Bin,
    Exp,
}

/// A quantity in nano-units (cpu `200m` → 200,000,000; memory `1Ki` → 1,024 × 10⁹), for
/// comparing and summing as resource.Quantity does; `None` when it does not parse.
pub(crate) fn quantity_nano(v: &Value) -> Option<i128> {
    quantity(v).map(|(nano, _)| nano)
}

/// value in nano-units (rounded up like ParseQuantity) and the suffix format.
pub(crate) fn quantity(v: &Value) -> Option<(i128, QFmt)> {
    let text = match v {
        Value::String(x) => x.trim().to_string(),
        Value::Number(n) => super::yaml::go_number(n),
        _ => return None,
    };
    super::schema::parse_quantity(&text).ok()?;
    let b = text.as_bytes();
    let mut end = 0;
    while end < b.len() && (b[end].is_ascii_digit() || b"+-.".contains(&b[end])) {
        end += 1;
    }
    let (num, suf) = text.split_at(end);
    let (neg, num) = match num.as_bytes().first() {
        Some(b'-') => (true, &num[1..]),
        Some(b'+') => (false, &num[1..]),
        _ => (false, num),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let (mul, exp10, fmt): (i128, i32, QFmt) = match suf {
        "" => (1, 0, QFmt::Dec),
        "n" => (1, -9, QFmt::Dec),
        "u" => (1, -6, QFmt::Dec),
        "m" => (1, -3, QFmt::Dec),
        "k" => (1, 3, QFmt::Dec),
        "M" => (1, 6, QFmt::Dec),
        "G" => (1, 9, QFmt::Dec),
        "T" => (1, 12, QFmt::Dec),
        "P" => (1, 15, QFmt::Dec),
        "E" => (1, 18, QFmt::Dec),
        "Ki" => (1 << 10, 0, QFmt::Bin),
        "Mi" => (1 << 20, 0, QFmt::Bin),
        "Gi" => (1 << 30, 0, QFmt::Bin),
        "Ti" => (1 << 40, 0, QFmt::Bin),
        "Pi" => (1 << 50, 0, QFmt::Bin),
        "Ei" => (1 << 60, 0, QFmt::Bin),
        e => (1, e[1..].parse::<i32>().ok()?.clamp(-40, 40), QFmt::Exp),
    };
    // digits as an integer with a decimal exponent, then scale to nano units (ceil)
    let digits: String = format!("{int}{frac}").chars().take(30).collect();
    let mut m: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let mut e = exp10 - frac.len().min(30) as i32 + 9;
    m = m.checked_mul(mul)?;
    while e > 0 {
        m = m.checked_mul(10)?;
        e -= 1;
    }
    while e < 0 {
        let up = m % 10 != 0;
        m = m / 10 + up as i128;
        e += 1;
    }
    Some((if neg { -m } else { m }, fmt))
}

/// A byte count as the API server serializes a binary-suffixed quantity (`8388608Ki` is `8Gi`):
/// what a kubelet's `Ki` report of a node's memory reads back as.
pub(crate) fn binary_quantity(bytes: i64) -> String {
    quantity_string(i128::from(bytes) * 1_000_000_000, QFmt::Bin)
}

/// resource.Quantity.String() for a parsed quantity.
pub(crate) fn quantity_string(nano: i128, fmt: QFmt) -> String {
    if nano == 0 {
        return "0".into();
    }
    let (sign, n) = if nano < 0 { ("-", -nano) } else { ("", nano) };
    const UNIT: i128 = 1_000_000_000;
    if fmt == QFmt::Bin && n >= 1024 * UNIT && n % UNIT == 0 {
        let mut v = n / UNIT;
        let mut k = 0;
        while k < 6 && v % 1024 == 0 {
            v /= 1024;
            k += 1;
        }
        return format!("{sign}{v}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k]);
    }
    // largest multiple-of-3 exponent with an integral mantissa
    let (mut v, mut e) = (n, -9);
    while e < 18 && v % 1000 == 0 {
        v /= 1000;
        e += 3;
    }
    let suffix = if fmt == QFmt::Exp {
        if e == 0 {
            String::new()
        } else {
            format!("e{e}")
        }
    } else {
        match e {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => "",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        }
        .to_string()
    };
    format!("{sign}{v}{suffix}")
}

// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Name {
    Subdomain,
    Label,
    Dns1035,
    /// `path.ValidatePathSegmentName`: what the generic registry checks of kinds whose own
    /// validation leaves the name alone (PodDisruptionBudget).
    PathSegment,
}

fn name_msgs(rule: Name, n: &str, prefix: bool) -> Vec<String> {
    let n = if prefix && n.ends_with('-') {
        format!("{}a", &n[..n.len() - 1])
    } else {
        n.to_string()
    };
    match rule {
        Name::Subdomain => dns1123_subdomain(&n),
        Name::Label => dns1123_label(&n),
        Name::Dns1035 => dns1035_label(&n),
        Name::PathSegment => {
            if !prefix && (n == "." || n == "..") {
                return vec![format!("may not be '{n}'")];
            }
            ["/", "%"]
                .iter()
                .filter(|c| n.contains(*c))
                .map(|c| format!("may not contain '{c}'"))
                .collect()
        }
    }
}

/// ValidatePodUpdate's refusal. The API server follows it with a `cmp.Diff` of the internal
/// PodSpecs, which kubeplay leaves out.
const POD_UPDATE_FORBIDDEN: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// ValidatePodUpdate: the new spec with what an update may change taken from the old one
/// (container images, activeDeadlineSeconds, added tolerations, a negative grace period set to
/// 1) must equal the old spec.
fn pod_spec_update_allowed(old: &Value, new: &Value) -> bool {
    let mut munged = new.clone();
    for list in ["containers", "initContainers"] {
        let olds = old.get(list).and_then(Value::as_array);
        if let (Some(news), Some(olds)) = (munged.get_mut(list).and_then(Value::as_array_mut), olds)
        {
            if news.len() == olds.len() {
                for (n, o) in news.iter_mut().zip(olds) {
                    if let (Some(obj), Some(image)) = (n.as_object_mut(), o.get("image")) {
                        obj.insert("image".into(), image.clone());
                    }
                }
            }
        }
    }
    if let Some(m) = munged.as_object_mut() {
        // an activeDeadlineSeconds may be set, or lowered
        let (old_ads, new_ads) = (
            old.get("activeDeadlineSeconds").and_then(Value::as_i64),
            m.get("activeDeadlineSeconds").and_then(Value::as_i64),
        );
        if new_ads.is_some_and(|n| old_ads.is_none_or(|o| n <= o)) {
            match old.get("activeDeadlineSeconds") {
                Some(o) => m.insert("activeDeadlineSeconds".into(), o.clone()),
                None => m.remove("activeDeadlineSeconds"),
            };
        }
        // tolerations may only be added to
        let olds = old.get("tolerations").and_then(Value::as_array);
        let news = m.get("tolerations").and_then(Value::as_array);
        if let (Some(news), Some(olds)) = (news, olds) {
            if olds.iter().all(|t| news.iter().any(|n| sem_eq(n, t))) {
                m.insert("tolerations".into(), Value::Array(olds.clone()));
            }
        } else if olds.is_none() {
            m.remove("tolerations");
        }
        let grace = |v: &Value| {
            v.get("terminationGracePeriodSeconds")
                .and_then(Value::as_i64)
        };
        if grace(old).is_some_and(|g| g < 0)
            && m.get("terminationGracePeriodSeconds")
                .and_then(Value::as_i64)
                == Some(1)
        {
            m.insert(
                "terminationGracePeriodSeconds".into(),
                Value::from(grace(old)),
            );
        }
    }
    sem_eq(&munged, old)
}

/// Semantic equality: null, absent, empty list and empty map compare equal.
/// `maxParallelismForIndexedJob`, `maxFailedIndexesForIndexedJob`, `completionsSoftLimit`.
const MAX_PARALLELISM_INDEXED: i64 = 100_000;
const MAX_FAILED_INDEXES: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;

/// `validateIndexesFormat`: a list of `a` or `a-b` intervals, increasing, below
/// `completions`; the number of indexes it holds, or the first error in upstream's words.
pub fn validate_indexes_format(text: &str, completions: i64) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0i64;
    for interval in text.split(',') {
        let (x, y) = parse_index_interval(interval, completions)?;
        if let Some(l) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// `parseIndexInterval`. Go's `strconv.Atoi` takes an optional sign and decimal digits.
fn parse_index_interval(interval: &str, completions: i64) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = interval.split('-').collect();
    if parts.len() > 2 {
        return Err(format!("the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'", q(interval)));
    }
    let atoi = |p: &str| -> Result<i64, String> {
        let digits = p.strip_prefix('+').unwrap_or(p);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "cannot convert string to integer for index: {}",
                q(p)
            ));
        }
        digits
            .parse::<i64>()
            .map_err(|_| format!("cannot convert string to integer for index: {}", q(p)))
    };
    let x = atoi(parts[0])?;
    if x >= completions {
        return Err(format!("too large index: {}", q(parts[0])));
    }
    if let Some(second) = parts.get(1) {
        let y = atoi(second)?;
        if y >= completions {
            return Err(format!("too large index: {}", q(second)));
        }
        if x >= y {
            return Err(format!("non-increasing order, previous: {x}, current: {y}"));
        }
        return Ok((x, y));
    }
    Ok((x, x))
}

/// `%#v` of the internal `batch.PodFailurePolicy` (pointers as Go prints them, with a made-up
/// address).
fn pod_failure_policy_go(pfp: &Value) -> String {
    let rules: Vec<String> = arr(pfp, "rules")
        .iter()
        .map(|r| {
            let conds = match r.get("onPodConditions").and_then(Value::as_array) {
                None => "[]batch.PodFailurePolicyOnPodConditionsPattern(nil)".to_string(),
                Some(list) => format!(
                    "[]batch.PodFailurePolicyOnPodConditionsPattern{{{}}}",
                    list.iter()
                        .map(|c| format!(
                            "batch.PodFailurePolicyOnPodConditionsPattern{{Type:{}, Status:{}}}",
                            q(s(c, "type")),
                            q(s(c, "status"))
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            format!(
                "batch.PodFailurePolicyRule{{Action:{}, OnExitCodes:{}, OnPodConditions:{conds}}}",
                q(s(r, "action")),
                ptr_go(
                    r.get("onExitCodes").is_some_and(|v| !v.is_null()),
                    "batch.PodFailurePolicyOnExitCodesRequirement"
                )
            )
        })
        .collect();
    let list = if pfp.get("rules").and_then(Value::as_array).is_none() {
        "[]batch.PodFailurePolicyRule(nil)".to_string()
    } else {
        format!("[]batch.PodFailurePolicyRule{{{}}}", rules.join(", "))
    };
    format!("batch.PodFailurePolicy{{Rules:{list}}}")
}

/// `%#v` of the internal `batch.SuccessPolicy` (its rules' pointers as Go prints them; the
/// address is made up, as a real API server's varies).
fn success_policy_go(sp: &Value) -> String {
    let rules: Vec<String> = arr(sp, "rules")
        .iter()
        .map(|r| {
            format!(
                "batch.SuccessPolicyRule{{SucceededIndexes:{}, SucceededCount:{}}}",
                ptr_go(
                    r.get("succeededIndexes").is_some_and(|v| !v.is_null()),
                    "string"
                ),
                ptr_go(
                    r.get("succeededCount").is_some_and(|v| !v.is_null()),
                    "int32"
                )
            )
        })
        .collect();
    let list = if sp.get("rules").and_then(Value::as_array).is_none() {
        "[]batch.SuccessPolicyRule(nil)".to_string()
    } else {
        format!("[]batch.SuccessPolicyRule{{{}}}", rules.join(", "))
    };
    format!("batch.SuccessPolicy{{Rules:{list}}}")
}

fn sem_eq(a: &Value, b: &Value) -> bool {
    fn norm(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(crate::sort::json_map(
                m.iter()
                    .filter(|(_, x)| {
                        !(x.is_null()
                            || x.as_array().is_some_and(Vec::is_empty)
                            || x.as_object().is_some_and(Map::is_empty))
                    })
                    .map(|(k, x)| (k.clone(), norm(x))),
            )),
            Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
            x => x.clone(),
        }
    }
    norm(a) == norm(b)
}

struct V(Vec<FieldError>);

/// `IsValidPathSegmentName` (apimachinery/pkg/api/validation/path).
fn path_segment_msgs(s: &str) -> Vec<String> {
    if s == "." || s == ".." {
        return vec![format!("may not be '{s}'")];
    }
    let mut out = Vec::new();
    for bad in ["/", "%"] {
        if s.contains(bad) {
            out.push(format!("may not contain '{bad}'"));
        }
    }
    out
}

impl V {
    /// `validateHorizontalPodAutoscalerSpec` (pkg/apis/autoscaling/validation, v1.33, with the
    /// HPAScaleToZero gate off: minReplicas lower bound 1). Metrics are only checked when the
    /// target reference is valid, as upstream's `else if` chain does.
    fn hpa_spec(&mut self, spec: &Value) {
        let min = spec.get("minReplicas").and_then(Value::as_i64);
        let max = spec.get("maxReplicas").and_then(Value::as_i64).unwrap_or(0);
        if let Some(m) = min.filter(|&m| m < 1) {
            self.invalid(
                "spec.minReplicas",
                m.to_string(),
                "must be greater than or equal to 1",
            );
        }
        if max < 1 {
            self.invalid(
                "spec.maxReplicas",
                max.to_string(),
                "must be greater than 0",
            );
        }
        if min.is_some_and(|m| max < m) {
            self.invalid(
                "spec.maxReplicas",
                max.to_string(),
                "must be greater than or equal to `minReplicas`",
            );
        }
        let before = self.0.len();
        let r = &spec["scaleTargetRef"];
        for (field, val) in [("kind", s(r, "kind")), ("name", s(r, "name"))] {
            let path = format!("spec.scaleTargetRef.{field}");
            if val.is_empty() {
                self.required(&path, "");
            } else {
                self.strs(&path, val, path_segment_msgs(val));
            }
        }
        if self.0.len() != before {
            return;
        }
        const TYPES: [&str; 5] = [
            "ContainerResource",
            "External",
            "Object",
            "Pods",
            "Resource",
        ];
        let metrics = spec
            .get("metrics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, m) in metrics.iter().enumerate() {
            let path = format!("spec.metrics[{i}]");
            let ty = s(m, "type");
            if ty.is_empty() {
                self.required(&format!("{path}.type"), "must specify a metric source type");
            }
            if !TYPES.contains(&ty) {
                self.not_supported(&format!("{path}.type"), ty, &TYPES);
            }
            let present: Vec<&str> = [
                "containerResource",
                "external",
                "object",
                "pods",
                "resource",
            ]
            .into_iter()
            .filter(|f| m.get(*f).is_some_and(|x| !x.is_null()))
            .collect();
            if ty == "Resource" {
                match m.get("resource").filter(|x| !x.is_null()) {
                    None => self.required(
                        &format!("{path}.resource"),
                        "must populate information for the given metric source",
                    ),
                    Some(res) => {
                        if s(res, "name").is_empty() {
                            self.required(
                                &format!("{path}.resource.name"),
                                "must specify a resource name",
                            );
                        }
                        self.metric_target(&res["target"], &format!("{path}.resource.target"));
                    }
                }
            }
            if present.len() > 1 {
                let own = ty.to_lowercase();
                for f in present {
                    if f.to_lowercase() != own {
                        self.forbidden(
                            &format!("{path}.{}", f.to_lowercase()),
                            "must populate the given metric source only",
                        );
                    }
                }
            }
        }
    }

    /// `validateMetricTarget`.
    fn metric_target(&mut self, t: &Value, path: &str) {
        let ty = s(t, "type");
        if ty.is_empty() {
            self.required(&format!("{path}.type"), "must specify a metric target type");
        }
        if !matches!(ty, "Utilization" | "Value" | "AverageValue") {
            self.invalid(
                &format!("{path}.type"),
                q(ty),
                "must be either Utilization, Value, or AverageValue",
            );
        }
        if let Some(u) = t.get("averageUtilization").and_then(Value::as_i64) {
            if u < 1 {
                self.invalid(
                    &format!("{path}.averageUtilization"),
                    u.to_string(),
                    "must be greater than 0",
                );
            }
        }
    }

    fn push(&mut self, path: &str, kind: FieldErrorKind, detail: &str) {
        self.0.push(FieldError {
            path: path.to_string(),
            kind,
            detail: detail.to_string(),
        });
    }
    fn required(&mut self, path: &str, detail: &str) {
        self.push(path, FieldErrorKind::Required, detail)
    }
    fn forbidden(&mut self, path: &str, detail: &str) {
        self.push(path, FieldErrorKind::Forbidden, detail)
    }
    fn invalid(&mut self, path: &str, value: String, detail: &str) {
        self.push(path, FieldErrorKind::Invalid(value), detail)
    }
    fn not_supported(&mut self, path: &str, value: &str, allowed: &[&str]) {
        self.push(
            path,
            FieldErrorKind::NotSupported(q(value)),
            &not_supported_detail(allowed),
        )
    }
    fn nonneg(&mut self, path: &str, v: i64) {
        if v < 0 {
            self.invalid(path, v.to_string(), "must be greater than or equal to 0");
        }
    }
    fn strs(&mut self, path: &str, value: &str, msgs: Vec<String>) {
        for m in msgs {
            self.invalid(path, q(value), &m);
        }
    }
    /// An enum-like string field: Required when empty, else NotSupported.
    fn one_of(&mut self, path: &str, value: &str, allowed: &[&str], required_detail: &str) {
        if value.is_empty() {
            self.required(path, required_detail);
        } else if !allowed.contains(&value) {
            self.not_supported(path, value, allowed);
        }
    }

    fn labels(&mut self, m: Option<&Map<String, Value>>, path: &str) {
        for (k, v) in m.into_iter().flatten() {
            self.strs(path, k, qualified_name(k));
            let v = v.as_str().unwrap_or("");
            self.strs(path, v, label_value(v));
        }
    }

    fn annotations(&mut self, m: Option<&Map<String, Value>>, path: &str) {
        let mut total = 0;
        for (k, v) in m.into_iter().flatten() {
            self.strs(path, k, qualified_name(&k.to_lowercase()));
            total += k.len() + v.as_str().map_or(0, str::len);
        }
        if total > 256 * 1024 {
            self.push(
                path,
                FieldErrorKind::TooLong,
                "may not be more than 262144 bytes",
            );
        }
    }

    fn meta(&mut self, m: &Value, _old: Option<&Value>, namespaced: bool, rule: Name) {
        let gen_name = s(m, "generateName");
        if !gen_name.is_empty() {
            self.strs(
                "metadata.generateName",
                gen_name,
                name_msgs(rule, gen_name, true),
            );
        }
        let name = s(m, "name");
        if name.is_empty() {
            self.required("metadata.name", "name or generateName is required");
        } else {
            self.strs("metadata.name", name, name_msgs(rule, name, false));
        }
        let ns = s(m, "namespace");
        if namespaced {
            if !ns.is_empty() {
                self.strs("metadata.namespace", ns, dns1123_label(ns));
            }
        } else if !ns.is_empty() {
            self.forbidden("metadata.namespace", "not allowed on this type");
        }
        self.labels(obj(m, "labels"), "metadata.labels");
        self.annotations(obj(m, "annotations"), "metadata.annotations");
    }

    /// ValidateConfigMapUpdate / ValidateSecretUpdate: the type of a Secret, and everything once
    /// `immutable` was set.
    fn config_update(&mut self, kind: &str, new: &Value, old: &Value) {
        if kind == "Secret" && s(new, "type") != s(old, "type") {
            self.invalid("type", q(s(new, "type")), "field is immutable");
        }
        if old.get("immutable") != Some(&Value::Bool(true)) {
            return;
        }
        const IMMUTABLE: &str = "field is immutable when `immutable` is set";
        if new.get("immutable") != Some(&Value::Bool(true)) {
            self.forbidden("immutable", IMMUTABLE);
        }
        let fields: &[&str] = if kind == "Secret" {
            &["data"]
        } else {
            &["data", "binaryData"]
        };
        let empty = Value::Object(Map::new());
        let map = |v: &Value, f: &str| match v.get(f) {
            None | Some(Value::Null) => empty.clone(),
            Some(x) => x.clone(),
        };
        for f in fields {
            if map(new, f) != map(old, f) {
                self.forbidden(f, IMMUTABLE);
            }
        }
    }

    /// ValidateConfigMap / ValidateSecret: keys are config keys (IsConfigMapKey), a ConfigMap
    /// key not in both maps, the total at most 1 MiB, and the keys some Secret types require.
    fn config_data(&mut self, kind: &str, o: &Value) {
        let data = obj(o, "data");
        let binary = obj(o, "binaryData");
        let mut total = 0;
        for (k, val) in data.into_iter().flatten() {
            for m in config_key(k) {
                self.invalid(&format!("data[{k}]"), q(k), &m);
            }
            if kind == "ConfigMap" && binary.is_some_and(|b| b.contains_key(k)) {
                self.invalid(
                    &format!("data[{k}]"),
                    q(k),
                    "duplicate of key present in binaryData",
                );
            }
            total += val.as_str().map_or(0, |x| {
                if kind == "Secret" {
                    x.len() / 4 * 3
                } else {
                    x.len()
                }
            });
        }
        if kind == "ConfigMap" {
            for (k, val) in binary.into_iter().flatten() {
                for m in config_key(k) {
                    self.invalid(&format!("binaryData[{k}]"), q(k), &m);
                }
                total += val.as_str().map_or(0, |x| x.len() / 4 * 3);
            }
        }
        if total > MAX_SECRET_SIZE {
            let path = if kind == "Secret" { "data" } else { "" };
            self.push(
                path,
                FieldErrorKind::TooLong,
                &format!("may not be more than {MAX_SECRET_SIZE} bytes"),
            );
        }
        if kind != "Secret" {
            return;
        }
        let has = |k: &str| data.is_some_and(|d| d.contains_key(k));
        match s(o, "type") {
            "kubernetes.io/service-account-token" => {
                let ann = o.pointer("/metadata/annotations/kubernetes.io~1service-account.name");
                if ann.and_then(Value::as_str).is_none_or(str::is_empty) {
                    self.required(
                        "metadata.annotations[kubernetes.io/service-account.name]",
                        "",
                    );
                }
            }
            "kubernetes.io/dockercfg" if !has(".dockercfg") => {
                self.required("data[.dockercfg]", "")
            }
            "kubernetes.io/dockerconfigjson" if !has(".dockerconfigjson") => {
                self.required("data[.dockerconfigjson]", "")
            }
            "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
                self.required("data[username]", "");
                self.required("data[password]", "");
            }
            "kubernetes.io/ssh-auth" if !has("ssh-privatekey") => {
                self.required("data[ssh-privatekey]", "")
            }
            "kubernetes.io/tls" => {
                if !has("tls.crt") {
                    self.required("data[tls.crt]", "");
                }
                if !has("tls.key") {
                    self.required("data[tls.key]", "");
                }
            }
            _ => {}
        }
    }

    /// The access modes of a claim or a volume: each one supported, and ReadWriteOncePod
    /// alone. A claim counts an unsupported mode as another mode (ValidatePersistentVolume-
    /// ClaimSpec); a volume counts only supported ones (ValidatePersistentVolumeSpec).
    fn access_modes(&mut self, path: &str, modes: &[Value], unsupported_is_other: bool) {
        const MODES: &[&str] = &[
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOnce",
            "ReadWriteOncePod",
        ];
        let (mut rwop, mut other) = (false, false);
        for m in modes {
            let m = m.as_str().unwrap_or("");
            let supported = MODES.contains(&m);
            if !supported {
                self.not_supported(path, m, MODES);
            }
            if m == "ReadWriteOncePod" {
                rwop = true
            } else if supported || unsupported_is_other {
                other = true
            }
        }
        if rwop && other {
            self.forbidden(path, "may not use ReadWriteOncePod with other access modes");
        }
    }

    fn label_selector(&mut self, sel: &Value, path: &str) {
        self.labels(obj(sel, "matchLabels"), &format!("{path}.matchLabels"));
        for (n, r) in arr(sel, "matchExpressions").iter().enumerate() {
            let p = format!("{path}.matchExpressions[{n}]");
            let values = arr(r, "values");
            match s(r, "operator") {
                "In" | "NotIn" => {
                    if values.is_empty() {
                        self.required(
                            &format!("{p}.values"),
                            "must be specified when `operator` is 'In' or 'NotIn'",
                        );
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if !values.is_empty() {
                        self.forbidden(
                            &format!("{p}.values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                        );
                    }
                }
                op => self.invalid(
                    &format!("{p}.operator"),
                    q(op),
                    "not a valid selector operator",
                ),
            }
            let key = s(r, "key");
            self.strs(&format!("{p}.key"), key, qualified_name(key));
            for (vi, val) in values.iter().enumerate() {
                let val = val.as_str().unwrap_or("");
                self.strs(&format!("{p}.values[{vi}]"), val, label_value(val));
            }
        }
    }

    /// Selector checks shared by Deployment/ReplicaSet/StatefulSet; returns the usable selector.
    fn workload_selector<'a>(
        &mut self,
        spec: &'a Value,
        what: &str,
    ) -> Result<Option<&'a Value>, ()> {
        let sel = spec.get("selector").filter(|s| s.is_object());
        match sel {
            None => self.required("spec.selector", ""),
            Some(sel) => {
                self.label_selector(sel, "spec.selector");
                if obj(sel, "matchLabels").map_or(0, Map::len) + arr(sel, "matchExpressions").len()
                    == 0
                {
                    self.invalid(
                        "spec.selector",
                        selector_go(Some(sel)),
                        &format!("empty selector is invalid for {what}"),
                    );
                }
            }
        }
        // metav1.LabelSelectorAsSelector
        if let Some(sel) = sel {
            let bad = arr(sel, "matchExpressions").iter().any(|r| {
                let n = arr(r, "values").len();
                let op_bad = match s(r, "operator") {
                    "In" | "NotIn" => n == 0,
                    "Exists" | "DoesNotExist" => n != 0,
                    _ => true,
                };
                op_bad
                    || !qualified_name(s(r, "key")).is_empty()
                    || arr(r, "values")
                        .iter()
                        .any(|v| !label_value(v.as_str().unwrap_or("")).is_empty())
            }) || obj(sel, "matchLabels").into_iter().flatten().any(|(k, v)| {
                !qualified_name(k).is_empty() || !label_value(v.as_str().unwrap_or("")).is_empty()
            });
            if bad {
                return Err(());
            }
        }
        Ok(sel)
    }

    fn template_matches(&mut self, sel: Option<&Value>, template: &Value) {
        let labels = obj(&template["metadata"], "labels");
        let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        let matches = match sel {
            None => false, // labels.Nothing()
            Some(sel) => {
                let empty = obj(sel, "matchLabels").map_or(0, Map::len)
                    + arr(sel, "matchExpressions").len()
                    == 0;
                empty
                    || obj(sel, "matchLabels")
                        .into_iter()
                        .flatten()
                        .all(|(k, v)| get(k) == v.as_str())
                        && arr(sel, "matchExpressions").iter().all(|r| {
                            let vals: Vec<&str> =
                                arr(r, "values").iter().filter_map(Value::as_str).collect();
                            let have = get(s(r, "key"));
                            match s(r, "operator") {
                                "In" => have.is_some_and(|h| vals.contains(&h)),
                                "NotIn" => have.is_none_or(|h| !vals.contains(&h)),
                                "Exists" => have.is_some(),
                                _ => have.is_none(),
                            }
                        })
            }
        };
        if !matches {
            self.invalid(
                "spec.template.metadata.labels",
                str_map_go(labels),
                "`selector` does not match template `labels`",
            );
        }
    }

    fn deployment_spec(&mut self, spec: &Value) {
        self.nonneg("spec.replicas", i(spec, "replicas"));
        match self.workload_selector(spec, "deployment") {
            Ok(sel) => self.template_for_rs(sel, &spec["template"], "ReplicaSet"),
            Err(()) => self.invalid(
                "spec.selector",
                selector_go(spec.get("selector")),
                "invalid label selector",
            ),
        }
        let st = &spec["strategy"];
        let ru = st.get("rollingUpdate").filter(|r| r.is_object());
        match s(st, "type") {
            "Recreate" => {
                if ru.is_some() {
                    self.forbidden(
                        "spec.strategy.rollingUpdate",
                        "may not be specified when strategy `type` is 'Recreate'",
                    );
                }
            }
            "RollingUpdate" => match ru {
                None => self.required(
                    "spec.strategy.rollingUpdate",
                    "this should be defaulted and never be nil",
                ),
                Some(ru) => {
                    let (mu, ms) = (
                        ru.get("maxUnavailable").unwrap_or(&Value::Null),
                        ru.get("maxSurge").unwrap_or(&Value::Null),
                    );
                    self.int_or_percent(mu, "spec.strategy.rollingUpdate.maxUnavailable");
                    self.int_or_percent(ms, "spec.strategy.rollingUpdate.maxSurge");
                    if int_or_percent_value(mu) == 0 && int_or_percent_value(ms) == 0 {
                        self.invalid(
                            "spec.strategy.rollingUpdate.maxUnavailable",
                            intstr_go(mu),
                            "may not be 0 when `maxSurge` is 0",
                        );
                    }
                    self.not_over_100(mu, "spec.strategy.rollingUpdate.maxUnavailable");
                }
            },
            t => {
                let v = format!(
                    "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{}}}",
                    q(t),
                    ptr_go(ru.is_some(), "apps.RollingUpdateDeployment")
                );
                self.push(
                    "spec.strategy",
                    FieldErrorKind::NotSupported(v),
                    &not_supported_detail(&["Recreate", "RollingUpdate"]),
                );
            }
        }
        self.nonneg("spec.minReadySeconds", i(spec, "minReadySeconds"));
        if let Some(r) = spec.get("revisionHistoryLimit").and_then(Value::as_i64) {
            self.nonneg("spec.revisionHistoryLimit", r);
        }
        if let Some(p) = spec.get("progressDeadlineSeconds").and_then(Value::as_i64) {
            self.nonneg("spec.progressDeadlineSeconds", p);
            if p <= i(spec, "minReadySeconds") {
                self.invalid(
                    "spec.progressDeadlineSeconds",
                    p.to_string(),
                    "must be greater than minReadySeconds",
                );
            }
        }
    }

    fn replica_set_spec(&mut self, spec: &Value) {
        self.nonneg("spec.replicas", i(spec, "replicas"));
        self.nonneg("spec.minReadySeconds", i(spec, "minReadySeconds"));
        // sic: upstream says "deployment" for ReplicaSets too
        match self.workload_selector(spec, "deployment") {
            Ok(sel) => self.template_for_rs(sel, &spec["template"], "ReplicaSet"),
            Err(()) => self.invalid(
                "spec.selector",
                selector_go(spec.get("selector")),
                "invalid label selector",
            ),
        }
    }

    /// ValidatePodTemplateSpec: the template's labels and annotations and its pod spec; returns
    /// the pod spec for the workload's own checks.
    fn pod_template<'a>(&mut self, t: &'a Value) -> &'a Value {
        self.labels(obj(&t["metadata"], "labels"), "spec.template.labels");
        self.annotations(
            obj(&t["metadata"], "annotations"),
            "spec.template.annotations",
        );
        let ps = &t["spec"];
        self.pod_spec(ps, "spec.template.spec");
        ps
    }

    /// ValidatePodTemplateSpecForReplicaSet
    fn template_for_rs(&mut self, sel: Option<&Value>, t: &Value, what: &str) {
        self.template_matches(sel, t);
        let ps = self.pod_template(t);
        let rp = s(ps, "restartPolicy");
        if rp != "Always" {
            self.not_supported("spec.template.spec.restartPolicy", rp, &["Always"]);
        }
        if ps
            .get("activeDeadlineSeconds")
            .is_some_and(|v| !v.is_null())
        {
            self.forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                &format!("activeDeadlineSeconds in {what} is not Supported"),
            );
        }
    }

    fn int_or_percent(&mut self, v: &Value, path: &str) {
        match v {
            Value::String(x) => {
                if !valid_percent(x) {
                    self.invalid(path, intstr_go(v), &regex_error("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", &["1%", "93%"]));
                }
            }
            _ => self.nonneg(path, v.as_i64().unwrap_or(0)),
        }
    }

    /// `ValidatePodDisruptionBudgetSpec` (pkg/apis/policy/validation, v1.33). The spec is shown
    /// as `%#v` of the internal struct, pointers and all.
    fn pdb_spec(&mut self, spec: &Value) {
        let set = |k: &str| spec.get(k).is_some_and(|x| !x.is_null());
        if set("minAvailable") && set("maxUnavailable") {
            let shown = format!(
                "policy.PodDisruptionBudgetSpec{{MinAvailable:{}, Selector:{}, MaxUnavailable:{}, UnhealthyPodEvictionPolicy:{}}}",
                ptr_go(true, "intstr.IntOrString"),
                ptr_go(set("selector"), "v1.LabelSelector"),
                ptr_go(true, "intstr.IntOrString"),
                ptr_go(set("unhealthyPodEvictionPolicy"), "policy.UnhealthyPodEvictionPolicyType"),
            );
            self.invalid(
                "spec",
                shown,
                "minAvailable and maxUnavailable cannot be both set",
            );
        }
        for k in ["minAvailable", "maxUnavailable"] {
            if let Some(x) = spec.get(k).filter(|x| !x.is_null()) {
                let path = format!("spec.{k}");
                self.int_or_percent(x, &path);
                self.not_over_100(x, &path);
            }
        }
        if let Some(sel) = spec.get("selector").filter(|x| !x.is_null()) {
            self.label_selector(sel, "spec.selector");
        }
        if let Some(p) = spec
            .get("unhealthyPodEvictionPolicy")
            .filter(|x| !x.is_null())
        {
            let p = p.as_str().unwrap_or("");
            if !matches!(p, "AlwaysAllow" | "IfHealthyBudget") {
                self.not_supported(
                    "spec.unhealthyPodEvictionPolicy",
                    p,
                    &["AlwaysAllow", "IfHealthyBudget"],
                );
            }
        }
    }

    /// `ValidateResourceQuotaSpec` (pkg/apis/core/validation, v1.33): each hard resource a
    /// qualified name, standard unless domain-prefixed, its quantity not negative (whole for
    /// the object counts); then the scopes (`validateResourceQuotaScopes`). Go walks the hard
    /// map in no fixed order; kubeplay in name order.
    fn quota_spec(&mut self, spec: &Value) {
        let hard = obj(spec, "hard");
        for (k, x) in hard.into_iter().flatten() {
            let path = format!("spec.hard[{k}]");
            let msgs = qualified_name(k);
            if !msgs.is_empty() {
                self.strs(&path, k, msgs);
            } else if !k.contains('/') && !STANDARD_RESOURCES.contains(&k.as_str()) {
                self.invalid(
                    &path,
                    q(k),
                    "must be a standard resource type or fully qualified",
                );
            }
            if !k.contains('/') && !QUOTA_RESOURCES.contains(&k.as_str()) {
                self.invalid(&path, q(k), "must be a standard resource for quota");
            }
            let Some((nano, fmt)) = quantity(x) else {
                continue;
            };
            if nano < 0 {
                self.invalid(
                    &path,
                    q(&quantity_string(nano, fmt)),
                    "must be greater than or equal to 0",
                );
            }
            if INTEGER_RESOURCES.contains(&k.as_str()) && nano % 1_000_000_000 != 0 {
                self.invalid(&path, q(&quantity_string(nano, fmt)), "must be an integer");
            }
        }
        let scopes: Vec<&str> = arr(spec, "scopes")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if scopes.is_empty() {
            return;
        }
        let shown = format!(
            "[]core.ResourceQuotaScope{{{}}}",
            scopes.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
        );
        for s in &scopes {
            if !QUOTA_SCOPES.contains(s) {
                self.invalid("spec.scopes", shown.clone(), "unsupported scope");
            }
            for (k, _) in hard.into_iter().flatten() {
                if QUOTA_RESOURCES.contains(&k.as_str()) && !scope_fits(s, k) {
                    self.invalid(
                        "spec.scopes",
                        shown.clone(),
                        "unsupported scope applied to resource",
                    );
                }
            }
        }
        for pair in [
            ["BestEffort", "NotBestEffort"],
            ["NotTerminating", "Terminating"],
        ] {
            if pair.iter().all(|p| scopes.contains(p)) {
                self.invalid("spec.scopes", shown.clone(), "conflicting scopes");
            }
        }
    }

    /// `ValidateLimitRange` (v1.33), on the defaulted items: the type a standard limit type or
    /// qualified, no type twice, Pod items without defaults, and each resource's min ≤ default
    /// request ≤ default ≤ max, a ratio of at least 1 and at most max/min.
    fn limit_range_spec(&mut self, spec: &Value) {
        let mut seen: Vec<String> = Vec::new();
        for (i, item) in arr(spec, "limits").iter().enumerate() {
            let p = format!("spec.limits[{i}]");
            let t = s(item, "type");
            let msgs = qualified_name(t);
            if !msgs.is_empty() {
                self.strs(&format!("{p}.type"), t, msgs);
            } else if !t.contains('/')
                && !["Pod", "Container", "PersistentVolumeClaim"].contains(&t)
            {
                self.invalid(
                    &format!("{p}.type"),
                    q(t),
                    "must be a standard limit type or fully qualified",
                );
            }
            if seen.iter().any(|x| x == t) {
                self.push(&format!("{p}.type"), FieldErrorKind::Duplicate(q(t)), "");
            }
            seen.push(t.to_string());
            let get = |f: &str| -> Vec<(String, (i128, QFmt))> {
                obj(item, f)
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, x)| Some((k.clone(), quantity(x)?)))
                    .collect()
            };
            for f in [
                "max",
                "min",
                "default",
                "defaultRequest",
                "maxLimitRequestRatio",
            ] {
                if t == "Pod" && matches!(f, "default" | "defaultRequest") {
                    continue;
                }
                for (k, _) in obj(item, f).into_iter().flatten() {
                    let kp = format!("{p}.{f}[{k}]");
                    if !k.contains('/') {
                        if !["cpu", "memory", "ephemeral-storage", "storage"].contains(&k.as_str())
                            && !k.starts_with("hugepages-")
                        {
                            self.invalid(
                                &kp,
                                q(k),
                                "must be a standard resource type or fully qualified",
                            );
                        }
                    } else {
                        self.strs(&kp, k, qualified_name(k));
                    }
                }
            }
            if t == "Pod" {
                for f in ["default", "defaultRequest"] {
                    if obj(item, f).is_some_and(|m| !m.is_empty()) {
                        self.forbidden(
                            &format!("{p}.{f}"),
                            "may not be specified when `type` is 'Pod'",
                        );
                    }
                }
            }
            if t == "PersistentVolumeClaim"
                && obj(item, "min").and_then(|m| m.get("storage")).is_none()
                && obj(item, "max").and_then(|m| m.get("storage")).is_none()
            {
                self.required(
                    &format!("{p}.limits"),
                    "either minimum or maximum storage value is required, but neither was provided",
                );
            }
            let (max, min, def, req, ratio) = (
                get("max"),
                get("min"),
                if t == "Pod" {
                    Vec::new()
                } else {
                    get("default")
                },
                if t == "Pod" {
                    Vec::new()
                } else {
                    get("defaultRequest")
                },
                get("maxLimitRequestRatio"),
            );
            let mut keys: Vec<&String> = max
                .iter()
                .chain(&min)
                .chain(&def)
                .chain(&req)
                .chain(&ratio)
                .map(|x| &x.0)
                .collect();
            crate::sort::sort(&mut keys);
            keys.dedup();
            let find =
                |l: &[(String, (i128, QFmt))], k: &str| l.iter().find(|x| x.0 == k).map(|x| x.1);
            let text = |x: (i128, QFmt)| quantity_string(x.0, x.1);
            for k in keys {
                let (mn, mx, d, r, ra) = (
                    find(&min, k),
                    find(&max, k),
                    find(&def, k),
                    find(&req, k),
                    find(&ratio, k),
                );
                // upstream's six orderings, in its order: (lower, its name, upper, its name,
                // the field the error is on, the value it shows)
                let orderings = [
                    (mn, "min", mx, "max", "min", mn),
                    (mn, "min", r, "default request", "defaultRequest", r),
                    (r, "default request", mx, "max", "defaultRequest", r),
                    (
                        r,
                        "default request",
                        d,
                        "default limit",
                        "defaultRequest",
                        r,
                    ),
                    (mn, "min", d, "default", "default", mn),
                    (d, "default", mx, "max", "default", mx),
                ];
                for (lo, lo_name, hi, hi_name, field, shown) in orderings {
                    if let (Some(lo), Some(hi), Some(shown)) = (lo, hi, shown) {
                        if lo.0 > hi.0 {
                            self.invalid(
                                &format!("{p}.{field}[{k}]"),
                                q(&text(shown)),
                                &format!(
                                    "{lo_name} value {} is greater than {hi_name} value {}",
                                    text(lo),
                                    text(hi)
                                ),
                            );
                        }
                    }
                }
                if let Some(ra) = ra {
                    if ra.0 < 1_000_000_000 {
                        self.invalid(
                            &format!("{p}.maxLimitRequestRatio[{k}]"),
                            q(&text(ra)),
                            &format!("ratio {} is less than 1", text(ra)),
                        );
                    }
                    if let (Some(mn), Some(mx)) = (mn, mx) {
                        let limit = mx.0 as f64 / mn.0 as f64;
                        if mn.0 != 0 && ra.0 as f64 / 1e9 > limit {
                            self.invalid(
                                &format!("{p}.maxLimitRequestRatio[{k}]"),
                                q(&text(ra)),
                                &format!("ratio {} is greater than max/min = {limit:.6}", text(ra)),
                            );
                        }
                    }
                }
            }
        }
    }

    fn not_over_100(&mut self, v: &Value, path: &str) {
        if let Some(x) = v.as_str().filter(|x| valid_percent(x)) {
            if x[..x.len() - 1].parse::<u64>().map_or(true, |n| n > 100) {
                self.invalid(path, intstr_go(v), "must not be greater than 100%");
            }
        }
    }

    /// validateCronJobSpec: the schedule as robfig/cron parses it, the starting deadline, the
    /// time zone (on create, or when an update changes it), the policy, the job template's spec
    /// as a Job's (its selector is generated per Job), the history limits — upstream's order.
    fn cron_job_spec(&mut self, spec: &Value, old: Option<&Value>) {
        let schedule = s(spec, "schedule");
        if schedule.is_empty() {
            self.required("spec.schedule", "");
        } else {
            if let Err(e) = crate::controllers::cron_schedule::Schedule::parse(schedule) {
                self.invalid("spec.schedule", q(schedule), &e);
            }
            if schedule.contains("TZ") {
                self.invalid(
                    "spec.schedule",
                    q(schedule),
                    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
                );
            }
        }
        if let Some(n) = spec.get("startingDeadlineSeconds").and_then(Value::as_i64) {
            self.nonneg("spec.startingDeadlineSeconds", n);
        }
        let zone = spec.get("timeZone").and_then(Value::as_str);
        if old.is_none_or(|o| o.get("timeZone").and_then(Value::as_str) != zone) {
            if let Some(zone) = zone {
                self.time_zone(zone);
            }
        }
        match s(spec, "concurrencyPolicy") {
            "Allow" | "Forbid" | "Replace" => {}
            "" => self.required("spec.concurrencyPolicy", ""),
            p => self.not_supported("spec.concurrencyPolicy", p, &["Allow", "Forbid", "Replace"]),
        }
        let mut errs = V(Vec::new());
        errs.job_spec(&spec["jobTemplate"]["spec"], true);
        for mut e in errs.0 {
            e.path = format!("spec.jobTemplate.{}", e.path);
            self.0.push(e);
        }
        for k in ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            if let Some(n) = spec.get(k).and_then(Value::as_i64) {
                self.nonneg(&format!("spec.{k}"), n);
            }
        }
    }

    /// validateTimeZone: each `/`-separated part as IANA names are made (`^[A-Za-z.\-_0-9+]{1,14}$`,
    /// not `.`/`..`, not starting with `-`), never `Local` in any case, then whatever
    /// `time.LoadLocation` says of it (`timezone::load_location`).
    fn time_zone(&mut self, zone: &str) {
        const PATH: &str = "spec.timeZone";
        if zone.is_empty() {
            self.invalid(PATH, q(zone), "timeZone must be nil or non-empty string");
            return;
        }
        let part_ok = |p: &str| {
            (1..=14).contains(&p.len())
                && p != "."
                && p != ".."
                && !p.starts_with('-')
                && p.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+'))
        };
        if !zone.split('/').all(part_ok) {
            self.invalid(PATH, q(zone), &format!("unknown time zone {zone}"));
            return;
        }
        if zone.eq_ignore_ascii_case("Local") {
            self.invalid(
                PATH,
                q(zone),
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            );
        }
        if let Err(e) = crate::controllers::timezone::load_location(zone) {
            self.invalid(PATH, q(zone), &e);
        }
    }

    /// validateJobSpec then ValidateJobSpec's selector checks, in upstream's order
    /// (`pkg/apis/batch/validation/validation.go`, v1.33). On create the API server generates
    /// the selector and the template's labels (unless `manualSelector`) before this runs: only
    /// a manual selector is checked.
    fn job_spec(&mut self, spec: &Value, create: bool) {
        for k in [
            "parallelism",
            "completions",
            "activeDeadlineSeconds",
            "backoffLimit",
            "ttlSecondsAfterFinished",
            "backoffLimitPerIndex",
            "maxFailedIndexes",
        ] {
            if let Some(n) = spec.get(k).and_then(Value::as_i64) {
                self.nonneg(&format!("spec.{k}"), n);
            }
        }
        let num = |k: &str| spec.get(k).and_then(Value::as_i64);
        let (per_index, max_failed) = (num("backoffLimitPerIndex"), num("maxFailedIndexes"));
        if max_failed.is_some() && per_index.is_none() {
            self.required(
                "spec.backoffLimitPerIndex",
                "when maxFailedIndexes is specified",
            );
        }
        if let Some(by) = spec.get("managedBy").and_then(Value::as_str) {
            self.domain_prefixed_path("spec.managedBy", by);
            if by.len() > 63 {
                self.push(
                    "spec.managedBy",
                    FieldErrorKind::TooLong,
                    "may not be more than 63 bytes",
                );
            }
        }
        let (completions, parallelism) = (num("completions"), num("parallelism"));
        let mode = s(spec, "completionMode");
        match mode {
            "" | "NonIndexed" => {}
            "Indexed" => {
                if completions.is_none() {
                    self.required("spec.completions", "when completion mode is Indexed");
                }
                if let Some(p) = parallelism.filter(|p| *p > MAX_PARALLELISM_INDEXED) {
                    self.invalid(
                        "spec.parallelism",
                        p.to_string(),
                        "must be less than or equal to 100000 when completion mode is Indexed",
                    );
                }
                if let (Some(c), Some(m)) = (completions, max_failed) {
                    if m > c {
                        self.invalid(
                            "spec.maxFailedIndexes",
                            m.to_string(),
                            "must be less than or equal to completions",
                        );
                    }
                }
                if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES) {
                    self.invalid(
                        "spec.maxFailedIndexes",
                        m.to_string(),
                        "must be less than or equal to 100000",
                    );
                }
                if completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT) && per_index.is_some() {
                    if max_failed.is_none() {
                        self.required(
                            "spec.maxFailedIndexes",
                            "must be specified when completions is above 100000",
                        );
                    }
                    if let Some(p) = parallelism.filter(|p| *p > 10_000) {
                        self.invalid("spec.parallelism", p.to_string(), "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                    }
                    if let Some(m) = max_failed.filter(|m| *m > 10_000) {
                        self.invalid("spec.maxFailedIndexes", m.to_string(), "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                    }
                }
            }
            m => self.not_supported("spec.completionMode", m, &["NonIndexed", "Indexed"]),
        }
        if mode != "Indexed" {
            if let Some(b) = per_index {
                self.invalid(
                    "spec.backoffLimitPerIndex",
                    b.to_string(),
                    "requires indexed completion mode",
                );
            }
            if let Some(m) = max_failed {
                self.invalid(
                    "spec.maxFailedIndexes",
                    m.to_string(),
                    "requires indexed completion mode",
                );
            }
        }
        let t = &spec["template"];
        let pfp = spec.get("podFailurePolicy").filter(|p| !p.is_null());
        if let Some(pfp) = pfp {
            self.pod_failure_policy(pfp, &t["spec"], per_index.is_some());
        }
        if let Some(sp) = spec.get("successPolicy").filter(|p| !p.is_null()) {
            if mode != "Indexed" {
                self.invalid(
                    "spec.successPolicy",
                    success_policy_go(sp),
                    "requires indexed completion mode",
                );
            } else {
                self.success_policy(sp, completions.unwrap_or(0));
            }
        }
        // validatePodReplacementPolicy
        if let Some(rp) = spec.get("podReplacementPolicy").and_then(Value::as_str) {
            if pfp.is_some() {
                if rp != "Failed" {
                    self.not_supported("spec.podReplacementPolicy", rp, &["Failed"]);
                }
            } else if !matches!(rp, "Failed" | "TerminatingOrFailed") {
                self.not_supported(
                    "spec.podReplacementPolicy",
                    rp,
                    &["Failed", "TerminatingOrFailed"],
                );
            }
        }
        let ps = self.pod_template(t);
        match s(ps, "restartPolicy") {
            "" | "Always" => self.required(
                "spec.template.spec.restartPolicy",
                "valid values: \"OnFailure\", \"Never\"",
            ),
            "Never" => {}
            "OnFailure" if pfp.is_some() => self.invalid(
                "spec.template.spec.restartPolicy",
                q("OnFailure"),
                "only \"Never\" is supported when podFailurePolicy is specified",
            ),
            "OnFailure" => {}
            rp => self.not_supported(
                "spec.template.spec.restartPolicy",
                rp,
                &["OnFailure", "Never"],
            ),
        }
        let manual = spec.get("manualSelector") == Some(&Value::Bool(true));
        if manual || !create {
            match spec.get("selector").filter(|s| s.is_object()) {
                None => self.required("spec.selector", ""),
                Some(sel) => {
                    self.label_selector(sel, "spec.selector");
                    self.template_matches(Some(sel), t);
                }
            }
        }
    }

    /// apimachinery's `IsDomainPrefixedPath` (`acme.io/foo`).
    fn domain_prefixed_path(&mut self, path: &str, value: &str) {
        if value.is_empty() {
            self.required(path, "");
            return;
        }
        let Some((host, rest)) = value
            .split_once('/')
            .filter(|(h, r)| !h.is_empty() && !r.is_empty())
        else {
            self.invalid(
                path,
                q(value),
                "must be a domain-prefixed path (such as \"acme.io/foo\")",
            );
            return;
        };
        self.strs(path, host, dns1123_subdomain(host));
        let ok = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c));
        if !ok {
            self.invalid(
                path,
                q(rest),
                &regex_error("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", &[]),
            );
        }
    }

    /// validatePodFailurePolicy and its rules.
    fn pod_failure_policy(&mut self, pfp: &Value, pod_spec: &Value, per_index: bool) {
        let rules = arr(pfp, "rules");
        if rules.len() > 20 {
            self.push(
                "spec.podFailurePolicy.rules",
                FieldErrorKind::TooMany(rules.len().to_string()),
                "must have at most 20 items",
            );
        }
        let names: BTreeSet<&str> = arr(pod_spec, "containers")
            .iter()
            .chain(arr(pod_spec, "initContainers"))
            .map(|c| s(c, "name"))
            .collect();
        for (ix, rule) in rules.iter().enumerate() {
            let p = format!("spec.podFailurePolicy.rules[{ix}]");
            let action = s(rule, "action");
            match action {
                "" => self.required(
                    &format!("{p}.action"),
                    "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
                ),
                "FailIndex" if !per_index => self.invalid(
                    &format!("{p}.action"),
                    q(action),
                    "requires the backoffLimitPerIndex to be set",
                ),
                "FailIndex" | "Count" | "FailJob" | "Ignore" => {}
                a => self.not_supported(
                    &format!("{p}.action"),
                    a,
                    &["Count", "FailIndex", "FailJob", "Ignore"],
                ),
            }
            let on_exit = rule.get("onExitCodes").filter(|x| !x.is_null());
            let conditions = arr(rule, "onPodConditions");
            if let Some(oe) = on_exit {
                self.on_exit_codes(oe, &format!("{p}.onExitCodes"), &names);
            }
            if !conditions.is_empty() {
                let cp = format!("{p}.onPodConditions");
                if conditions.len() > 20 {
                    self.push(
                        &cp,
                        FieldErrorKind::TooMany(conditions.len().to_string()),
                        "must have at most 20 items",
                    );
                }
                for (j, pat) in conditions.iter().enumerate() {
                    let type_ = s(pat, "type");
                    self.strs(&format!("{cp}[{j}].type"), type_, qualified_name(type_));
                    match s(pat, "status") {
                        "" => self.required(
                            &format!("{cp}[{j}].status"),
                            "valid values: [\"False\" \"True\" \"Unknown\"]",
                        ),
                        "False" | "True" | "Unknown" => {}
                        st => self.not_supported(
                            &format!("{cp}[{j}].status"),
                            st,
                            &["False", "True", "Unknown"],
                        ),
                    }
                }
            }
            if on_exit.is_some() && !conditions.is_empty() {
                self.push(
                    &p,
                    FieldErrorKind::InvalidOmitted,
                    "specifying both OnExitCodes and OnPodConditions is not supported",
                );
            }
            if on_exit.is_none() && conditions.is_empty() {
                self.push(
                    &p,
                    FieldErrorKind::InvalidOmitted,
                    "specifying one of OnExitCodes and OnPodConditions is required",
                );
            }
        }
    }

    /// validatePodFailurePolicyRuleOnExitCodes.
    fn on_exit_codes(&mut self, oe: &Value, p: &str, names: &BTreeSet<&str>) {
        let op = s(oe, "operator");
        match op {
            "" => self.required(&format!("{p}.operator"), "valid values: [\"In\" \"NotIn\"]"),
            "In" | "NotIn" => {}
            o => self.not_supported(&format!("{p}.operator"), o, &["In", "NotIn"]),
        }
        if let Some(name) = oe.get("containerName").and_then(Value::as_str) {
            if !names.contains(name) {
                self.invalid(
                    &format!("{p}.containerName"),
                    q(name),
                    "must be one of the container or initContainer names in the pod template",
                );
            }
        }
        let values: Vec<i64> = arr(oe, "values").iter().filter_map(Value::as_i64).collect();
        let go_values = match oe.get("values").and_then(Value::as_array) {
            None => "[]int32(nil)".to_string(),
            Some(_) => format!(
                "[]int32{{{}}}",
                values
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let vp = format!("{p}.values");
        if values.is_empty() {
            self.invalid(&vp, go_values.clone(), "at least one value is required");
        } else if values.len() > 255 {
            self.push(
                &vp,
                FieldErrorKind::TooMany(values.len().to_string()),
                "must have at most 255 items",
            );
        }
        let mut seen = BTreeSet::new();
        for (j, v) in values.iter().enumerate() {
            if op == "In" && *v == 0 {
                self.invalid(
                    &format!("{vp}[{j}]"),
                    "0".into(),
                    "must not be 0 for the In operator",
                );
            }
            if !seen.insert(*v) {
                self.push(
                    &format!("{vp}[{j}]"),
                    FieldErrorKind::Duplicate(v.to_string()),
                    "",
                );
            }
        }
        if values.windows(2).any(|w| w[0] > w[1]) {
            self.invalid(&vp, go_values, "must be ordered");
        }
    }

    /// validateSuccessPolicy and validateSuccessPolicyRule (an Indexed Job's).
    fn success_policy(&mut self, sp: &Value, completions: i64) {
        let rules = arr(sp, "rules");
        let rp = "spec.successPolicy.rules";
        if rules.is_empty() {
            self.required(
                rp,
                "at least one rules must be specified when the successPolicy is specified",
            );
        }
        if rules.len() > 20 {
            self.push(
                rp,
                FieldErrorKind::TooMany(rules.len().to_string()),
                "must have at most 20 items",
            );
        }
        for (ix, rule) in rules.iter().enumerate() {
            let p = format!("{rp}[{ix}]");
            let indexes = rule.get("succeededIndexes").and_then(Value::as_str);
            let count = rule.get("succeededCount").and_then(Value::as_i64);
            if indexes.is_none() && count.is_none() {
                self.required(
                    &p,
                    "at least one of succeededCount or succeededIndexes must be specified",
                );
            }
            let mut total = 0;
            if let Some(ix_str) = indexes {
                let ip = format!("{p}.succeededIndexes");
                if ix_str.len() > 64 * 1024 {
                    self.push(
                        &ip,
                        FieldErrorKind::TooLong,
                        "may not be more than 65536 bytes",
                    );
                }
                match validate_indexes_format(ix_str, completions) {
                    Ok(t) => total = t,
                    Err(e) => self.invalid(
                        &ip,
                        q(ix_str),
                        &format!("error parsing succeededIndexes: {e}"),
                    ),
                }
            }
            if let Some(c) = count {
                let cp = format!("{p}.succeededCount");
                self.nonneg(&cp, c);
                if c > completions {
                    self.invalid(
                        &cp,
                        c.to_string(),
                        &format!(
                            "must be less than or equal to {completions} (the number of specified completions)"
                        ),
                    );
                }
                if indexes.is_some() && c > total {
                    self.invalid(&cp, c.to_string(), &format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"));
                }
            }
        }
    }

    /// ValidateDaemonSetSpec: no Required for a missing selector (it then matches nothing, so
    /// the template's labels do not match it).
    fn daemon_set_spec(&mut self, spec: &Value) {
        let t = &spec["template"];
        let sel = spec.get("selector").filter(|s| s.is_object());
        match sel {
            None => self.template_matches(None, t),
            Some(sel) => {
                self.label_selector(sel, "spec.selector");
                let empty = obj(sel, "matchLabels").map_or(0, Map::len)
                    + arr(sel, "matchExpressions").len()
                    == 0;
                if !empty {
                    self.template_matches(Some(sel), t);
                } else {
                    // labels.Everything() matches every template
                    self.invalid(
                        "spec.selector",
                        selector_go(Some(sel)),
                        "empty selector is invalid for daemonset",
                    );
                }
            }
        }
        let ps = self.pod_template(t);
        let rp = s(ps, "restartPolicy");
        if rp != "Always" {
            self.not_supported("spec.template.spec.restartPolicy", rp, &["Always"]);
        }
        if let Some(d) = ps.get("activeDeadlineSeconds").filter(|v| !v.is_null()) {
            self.invalid(
                "spec.template.spec.activeDeadlineSeconds",
                d.to_string(),
                "activeDeadlineSeconds in DaemonSet is not Supported",
            );
        }
        self.nonneg("spec.minReadySeconds", i(spec, "minReadySeconds"));
        // ValidateDaemonSetUpdateStrategy
        let us = &spec["updateStrategy"];
        let ru = us.get("rollingUpdate").filter(|r| r.is_object());
        match s(us, "type") {
            "OnDelete" => {}
            "RollingUpdate" => match ru {
                None => self.required("spec.updateStrategy.rollingUpdate", ""),
                Some(ru) => {
                    let p = "spec.updateStrategy.rollingUpdate";
                    let (mu, ms) = (
                        ru.get("maxUnavailable").unwrap_or(&Value::Null),
                        ru.get("maxSurge").unwrap_or(&Value::Null),
                    );
                    self.int_or_percent(mu, &format!("{p}.maxUnavailable"));
                    self.int_or_percent(ms, &format!("{p}.maxSurge"));
                    self.not_over_100(mu, &format!("{p}.maxUnavailable"));
                    self.not_over_100(ms, &format!("{p}.maxSurge"));
                    let (has_unavailable, has_surge) =
                        (int_or_percent_value(mu) != 0, int_or_percent_value(ms) != 0);
                    if has_unavailable && has_surge {
                        self.invalid(
                            &format!("{p}.maxSurge"),
                            intstr_go(ms),
                            "may not be set when maxUnavailable is non-zero",
                        );
                    } else if !has_unavailable && !has_surge {
                        self.required(
                            &format!("{p}.maxUnavailable"),
                            "cannot be 0 when maxSurge is 0",
                        );
                    }
                }
            },
            t => {
                let v = format!(
                    "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                    q(t),
                    ptr_go(ru.is_some(), "apps.RollingUpdateDaemonSet")
                );
                self.push(
                    "spec.updateStrategy",
                    FieldErrorKind::NotSupported(v),
                    &not_supported_detail(&["RollingUpdate", "OnDelete"]),
                );
            }
        }
        if let Some(r) = spec.get("revisionHistoryLimit").and_then(Value::as_i64) {
            self.nonneg("spec.revisionHistoryLimit", r);
        }
    }

    fn stateful_set_spec(&mut self, spec: &Value) {
        match s(spec, "podManagementPolicy") {
            "" => self.required("spec.podManagementPolicy", ""),
            "OrderedReady" | "Parallel" => {}
            p => self.invalid(
                "spec.podManagementPolicy",
                q(p),
                "must be 'OrderedReady' or 'Parallel'",
            ),
        }
        let us = &spec["updateStrategy"];
        let ru = us.get("rollingUpdate").filter(|r| r.is_object());
        match s(us, "type") {
            "" => self.required("spec.updateStrategy", ""),
            "OnDelete" => {
                if let Some(ru) = ru {
                    let v = format!(
                        "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{}}}",
                        i(ru, "partition"),
                        ptr_go(ru.get("maxUnavailable").is_some(), "intstr.IntOrString")
                    );
                    self.invalid(
                        "spec.updateStrategy.rollingUpdate",
                        v,
                        "only allowed for updateStrategy 'RollingUpdate'",
                    );
                }
            }
            "RollingUpdate" => {
                if let Some(ru) = ru {
                    self.nonneg(
                        "spec.updateStrategy.rollingUpdate.partition",
                        i(ru, "partition"),
                    );
                    if let Some(mu) = ru.get("maxUnavailable").filter(|v| !v.is_null()) {
                        let p = "spec.updateStrategy.rollingUpdate.maxUnavailable";
                        self.int_or_percent(mu, p);
                        if int_or_percent_value(mu) == 0 {
                            self.invalid(p, intstr_go(mu), "cannot be 0");
                        }
                        self.not_over_100(mu, p);
                    }
                }
            }
            t => {
                let v = format!(
                    "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                    q(t),
                    ptr_go(ru.is_some(), "apps.RollingUpdateStatefulSetStrategy")
                );
                self.invalid(
                    "spec.updateStrategy",
                    v,
                    "must be 'RollingUpdate' or 'OnDelete'",
                );
            }
        }
        if let Some(rp) = obj(spec, "persistentVolumeClaimRetentionPolicy") {
            for k in ["whenDeleted", "whenScaled"] {
                let v = rp.get(k).and_then(Value::as_str).unwrap_or("");
                if v != "Retain" && v != "Delete" {
                    self.not_supported(
                        &format!("spec.persistentVolumeClaimRetentionPolicy.{k}"),
                        v,
                        &["Retain", "Delete"],
                    );
                }
            }
        }
        self.nonneg("spec.replicas", i(spec, "replicas"));
        self.nonneg("spec.minReadySeconds", i(spec, "minReadySeconds"));
        if let Some(o) = spec.get("ordinals").filter(|o| o.is_object()) {
            self.nonneg("spec.ordinals.start", i(o, "start"));
        }
        let t = &spec["template"];
        match self.workload_selector(spec, "statefulset") {
            Ok(sel) => {
                // ValidatePodTemplateSpecForStatefulSet: no PodSpec validation upstream
                if sel.is_none_or(|s| {
                    obj(s, "matchLabels").map_or(0, Map::len) + arr(s, "matchExpressions").len() > 0
                }) {
                    self.template_matches(sel, t);
                }
                self.labels(obj(&t["metadata"], "labels"), "spec.template.labels");
                self.annotations(
                    obj(&t["metadata"], "annotations"),
                    "spec.template.annotations",
                );
            }
            Err(()) => self.invalid("spec.selector", selector_go(spec.get("selector")), ""),
        }
        let rp = s(&t["spec"], "restartPolicy");
        if rp != "Always" {
            self.not_supported("spec.template.spec.restartPolicy", rp, &["Always"]);
        }
        if t["spec"]
            .get("activeDeadlineSeconds")
            .is_some_and(|v| !v.is_null())
        {
            self.forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in StatefulSet is not Supported",
            );
        }
    }

    fn pod_spec(&mut self, ps: &Value, p: &str) {
        if ps
            .get("terminationGracePeriodSeconds")
            .is_none_or(Value::is_null)
        {
            self.required(&format!("{p}.terminationGracePeriodSeconds"), "must be set");
        }
        let vols = self.volumes(arr(ps, "volumes"), &format!("{p}.volumes"));
        let mut names = BTreeSet::new();
        let containers = arr(ps, "containers");
        if containers.is_empty() {
            self.required(&format!("{p}.containers"), "");
        } else {
            for (n, c) in containers.iter().enumerate() {
                let cp = format!("{p}.containers[{n}]");
                self.container(c, &cp, &vols);
                let name = s(c, "name");
                if !names.insert(name.to_string()) {
                    self.push(
                        &format!("{cp}.name"),
                        FieldErrorKind::Duplicate(q(name)),
                        "",
                    );
                }
                for (k, kind) in [
                    ("livenessProbe", 'l'),
                    ("readinessProbe", 'r'),
                    ("startupProbe", 's'),
                ] {
                    self.probe(c.get(k), &format!("{cp}.{k}"), kind);
                }
                if c.get("restartPolicy").is_some_and(|v| !v.is_null()) {
                    self.forbidden(
                        &format!("{cp}.restartPolicy"),
                        "may not be set for non-init containers",
                    );
                }
            }
            self.host_ports(containers, &format!("{p}.containers"));
        }
        let inits = arr(ps, "initContainers");
        for (n, c) in inits.iter().enumerate() {
            let cp = format!("{p}.initContainers[{n}]");
            self.container(c, &cp, &vols);
            let rp = c.get("restartPolicy").and_then(Value::as_str);
            if let Some(r) = rp.filter(|r| *r != "Always") {
                self.not_supported(&format!("{cp}.restartPolicy"), r, &["Always"]);
            }
            let name = s(c, "name");
            if names.contains(name) {
                self.push(
                    &format!("{cp}.name"),
                    FieldErrorKind::Duplicate(q(name)),
                    "",
                );
            } else if !name.is_empty() {
                names.insert(name.to_string());
            }
            for (k, kind) in [
                ("livenessProbe", 'l'),
                ("readinessProbe", 'r'),
                ("startupProbe", 's'),
            ] {
                if rp == Some("Always") {
                    self.probe(c.get(k), &format!("{cp}.{k}"), kind);
                } else if c.get(k).is_some_and(|v| !v.is_null()) {
                    self.forbidden(
                        &format!("{cp}.{k}"),
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
        }
        if !inits.is_empty() {
            self.host_ports(inits, &format!("{p}.initContainers"));
        }
        let rp = s(ps, "restartPolicy");
        self.one_of(
            &format!("{p}.restartPolicy"),
            rp,
            &["Always", "OnFailure", "Never"],
            "",
        );
        self.one_of(
            &format!("{p}.dnsPolicy"),
            s(ps, "dnsPolicy"),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
            "",
        );
        self.labels(obj(ps, "nodeSelector"), &format!("{p}.nodeSelector"));
        for (k, rule) in [
            ("serviceAccountName", Name::Subdomain),
            ("nodeName", Name::Subdomain),
        ] {
            let v = s(ps, k);
            if !v.is_empty() {
                self.strs(&format!("{p}.{k}"), v, name_msgs(rule, v, false));
            }
        }
        if let Some(a) = ps.get("activeDeadlineSeconds").and_then(Value::as_i64) {
            if !(1..=i32::MAX as i64).contains(&a) {
                self.invalid(
                    &format!("{p}.activeDeadlineSeconds"),
                    a.to_string(),
                    "must be between 1 and 2147483647, inclusive",
                );
            }
        }
        for k in ["hostname", "subdomain"] {
            let v = s(ps, k);
            if !v.is_empty() {
                self.strs(&format!("{p}.{k}"), v, dns1123_label(v));
            }
        }
        for (n, t) in arr(ps, "tolerations").iter().enumerate() {
            self.toleration(t, &format!("{p}.tolerations[{n}]"));
        }
        // ValidatePodSpec: `ValidatePriorityClassName` (a DNS subdomain); whether the class
        // exists is the Priority admission plugin's question (super::priority), asked of pods
        // only, so a template may name any class
        let class = s(ps, "priorityClassName");
        if !class.is_empty() {
            self.strs(
                &format!("{p}.priorityClassName"),
                class,
                name_msgs(Name::Subdomain, class, false),
            );
        }
    }

    fn toleration(&mut self, t: &Value, p: &str) {
        let (key, op, value, effect) =
            (s(t, "key"), s(t, "operator"), s(t, "value"), s(t, "effect"));
        if !key.is_empty() {
            self.strs(&format!("{p}.key"), key, qualified_name(key));
        }
        if key.is_empty() && op != "Exists" {
            self.invalid(&format!("{p}.operator"), q(op), "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
        }
        if t.get("tolerationSeconds").is_some_and(|v| !v.is_null()) && effect != "NoExecute" {
            self.invalid(
                &format!("{p}.effect"),
                q(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let errs = label_value(value);
                if !errs.is_empty() {
                    self.invalid(&format!("{p}.operator"), q(value), &errs.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    let secs = t
                        .get("tolerationSeconds")
                        .map_or("(*int64)(nil)".to_string(), |_| {
                            "(*int64)(0xc000a1b2c0)".into()
                        });
                    let v = format!("core.Toleration{{Key:{}, Operator:{}, Value:{}, Effect:{}, TolerationSeconds:{secs}}}", q(key), q(op), q(value), q(effect));
                    self.invalid(
                        &format!("{p}.operator"),
                        v,
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            _ => self.not_supported(&format!("{p}.operator"), op, &["Equal", "Exists"]),
        }
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            self.not_supported(
                &format!("{p}.effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }

    /// ValidateVolumes: returns the names of the valid volumes.
    fn volumes(&mut self, vols: &[Value], p: &str) -> BTreeSet<String> {
        const ORDER: &[&str] = &[
            "emptyDir",
            "hostPath",
            "gitRepo",
            "gcePersistentDisk",
            "awsElasticBlockStore",
            "secret",
            "nfs",
            "iscsi",
            "glusterfs",
            "flocker",
            "persistentVolumeClaim",
            "rbd",
            "cinder",
            "cephfs",
            "quobyte",
            "downwardAPI",
            "fc",
            "flexVolume",
            "configMap",
            "azureFile",
            "vsphereVolume",
            "photonPersistentDisk",
            "portworxVolume",
            "azureDisk",
            "storageos",
            "projected",
            "scaleIO",
            "csi",
            "ephemeral",
            "image",
        ];
        let mut names = BTreeSet::new();
        for (n, vol) in vols.iter().enumerate() {
            let vp = format!("{p}[{n}]");
            let before = self.0.len();
            let mut count = 0;
            for src in ORDER {
                let Some(sv) = vol.get(*src).filter(|x| !x.is_null()) else {
                    continue;
                };
                let sp = format!("{vp}.{src}");
                if count > 0 {
                    self.forbidden(&sp, "may not specify more than 1 volume type");
                    continue;
                }
                count += 1;
                let req = |me: &mut Self, k: &str| {
                    if s(sv, k).is_empty() {
                        me.required(&format!("{sp}.{k}"), "");
                    }
                };
                match *src {
                    "hostPath" => {
                        req(self, "path");
                        let t = s(sv, "type");
                        const HP: &[&str] = &[
                            "",
                            "BlockDevice",
                            "CharDevice",
                            "Directory",
                            "DirectoryOrCreate",
                            "File",
                            "FileOrCreate",
                            "Socket",
                        ];
                        if !HP.contains(&t) {
                            self.not_supported(&format!("{sp}.type"), t, HP);
                        }
                    }
                    "secret" | "configMap" => {
                        req(
                            self,
                            if *src == "secret" {
                                "secretName"
                            } else {
                                "name"
                            },
                        );
                        if let Some(m) = sv.get("defaultMode").and_then(Value::as_i64) {
                            if !(0..=0o777).contains(&m) {
                                self.invalid(
                                    &format!("{sp}.defaultMode"),
                                    m.to_string(),
                                    "must be a number between 0 and 0777 (octal), both inclusive",
                                );
                            }
                        }
                        for (k, item) in arr(sv, "items").iter().enumerate() {
                            if s(item, "key").is_empty() {
                                self.required(&format!("{sp}.items[{k}].key"), "");
                            }
                            if s(item, "path").is_empty() {
                                self.required(&format!("{sp}.items[{k}].path"), "");
                            }
                        }
                    }
                    "persistentVolumeClaim" => req(self, "claimName"),
                    _ => {}
                }
            }
            if count == 0 {
                self.required(&vp, "must specify a volume type");
            }
            let name = s(vol, "name");
            if name.is_empty() {
                self.required(&format!("{vp}.name"), "");
            } else {
                self.strs(&format!("{vp}.name"), name, dns1123_label(name));
            }
            if names.contains(name) {
                self.push(
                    &format!("{vp}.name"),
                    FieldErrorKind::Duplicate(q(name)),
                    "",
                );
            }
            if self.0.len() == before {
                names.insert(name.to_string());
            }
        }
        names
    }

    fn container(&mut self, c: &Value, p: &str, vols: &BTreeSet<String>) {
        let name = s(c, "name");
        if name.is_empty() {
            self.required(&format!("{p}.name"), "");
        } else {
            self.strs(&format!("{p}.name"), name, dns1123_label(name));
        }
        if s(c, "image").is_empty() {
            self.required(&format!("{p}.image"), "");
        }
        self.one_of(
            &format!("{p}.terminationMessagePolicy"),
            s(c, "terminationMessagePolicy"),
            &["File", "FallbackToLogsOnError"],
            "must be 'File' or 'FallbackToLogsOnError'",
        );
        // ports
        let mut port_names = BTreeSet::new();
        for (n, port) in arr(c, "ports").iter().enumerate() {
            let pp = format!("{p}.ports[{n}]");
            let pname = s(port, "name");
            if !pname.is_empty() {
                let msgs = port_name(pname);
                if !msgs.is_empty() {
                    self.strs(&format!("{pp}.name"), pname, msgs);
                } else if !port_names.insert(pname.to_string()) {
                    self.push(
                        &format!("{pp}.name"),
                        FieldErrorKind::Duplicate(q(pname)),
                        "",
                    );
                }
            }
            let cp = i(port, "containerPort");
            if cp == 0 {
                self.required(&format!("{pp}.containerPort"), "");
            } else {
                for m in port_num(cp) {
                    self.invalid(&format!("{pp}.containerPort"), cp.to_string(), &m);
                }
            }
            let hp = i(port, "hostPort");
            if hp != 0 {
                for m in port_num(hp) {
                    self.invalid(&format!("{pp}.hostPort"), hp.to_string(), &m);
                }
            }
            let proto = s(port, "protocol");
            self.one_of(
                &format!("{pp}.protocol"),
                proto,
                &["SCTP", "TCP", "UDP"],
                "",
            );
        }
        // env
        for (n, e) in arr(c, "env").iter().enumerate() {
            let ep = format!("{p}.env[{n}]");
            let en = s(e, "name");
            if en.is_empty() {
                self.required(&format!("{ep}.name"), "");
                self.invalid(
                    &format!("{ep}.name"),
                    q(en),
                    "environment variable name must be non-empty",
                );
            } else if en.chars().any(|ch| !(' '..='~').contains(&ch) || ch == '=') {
                self.invalid(&format!("{ep}.name"), q(en), "a valid environment variable name must consist only of printable ASCII characters other than '='");
            }
            if let Some(vf) = e.get("valueFrom").filter(|v| v.is_object()) {
                let nsrc = [
                    "fieldRef",
                    "resourceFieldRef",
                    "configMapKeyRef",
                    "secretKeyRef",
                ]
                .iter()
                .filter(|k| vf.get(**k).is_some_and(|x| !x.is_null()))
                .count();
                let vp = format!("{ep}.valueFrom");
                if nsrc == 0 {
                    self.invalid(&vp, q(""), "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
                } else if !s(e, "value").is_empty() {
                    self.invalid(&vp, q(""), "may not be specified when `value` is not empty");
                } else if nsrc > 1 {
                    self.invalid(
                        &vp,
                        q(""),
                        "may not have more than one field specified at a time",
                    );
                }
            }
        }
        // volume mounts
        let mut mount_points = BTreeSet::new();
        for (n, m) in arr(c, "volumeMounts").iter().enumerate() {
            let mp = format!("{p}.volumeMounts[{n}]");
            let mname = s(m, "name");
            if mname.is_empty() {
                self.required(&format!("{mp}.name"), "");
            }
            if !vols.contains(mname) {
                self.push(
                    &format!("{mp}.name"),
                    FieldErrorKind::NotFound(q(mname)),
                    "",
                );
            }
            let path = s(m, "mountPath");
            if path.is_empty() {
                self.required(&format!("{mp}.mountPath"), "");
            }
            if !mount_points.insert(path.to_string()) {
                self.invalid(&format!("{mp}.mountPath"), q(path), "must be unique");
            }
        }
        self.one_of(
            &format!("{p}.imagePullPolicy"),
            s(c, "imagePullPolicy"),
            &["Always", "IfNotPresent", "Never"],
            "",
        );
        self.resources(&c["resources"], &format!("{p}.resources"));
    }

    fn resources(&mut self, r: &Value, p: &str) {
        let limits = obj(r, "limits");
        for (which, m) in [("limits", limits), ("requests", obj(r, "requests"))] {
            for (name, val) in m.into_iter().flatten() {
                let kp = format!("{p}.{which}[{name}]");
                if !name.contains('/') {
                    if !["cpu", "memory", "ephemeral-storage"].contains(&name.as_str())
                        && !name.starts_with("hugepages-")
                    {
                        self.invalid(&kp, q(name), "must be a standard resource for containers");
                    }
                } else {
                    self.strs(&kp, name, qualified_name(name));
                }
                let Some((nano, fmt)) = quantity(val) else {
                    continue;
                };
                if nano < 0 {
                    self.invalid(
                        &kp,
                        q(&quantity_string(nano, fmt)),
                        "must be greater than or equal to 0",
                    );
                }
                if which == "requests" {
                    if let Some((lim, lfmt)) = limits.and_then(|l| l.get(name)).and_then(quantity) {
                        let (qs, ls) = (quantity_string(nano, fmt), quantity_string(lim, lfmt));
                        if name.starts_with("hugepages-") && nano != lim {
                            self.invalid(
                                &format!("{p}.requests"),
                                q(&qs),
                                &format!("must be equal to {name} limit of {ls}"),
                            );
                        } else if nano > lim {
                            self.invalid(
                                &format!("{p}.requests"),
                                q(&qs),
                                &format!("must be less than or equal to {name} limit of {ls}"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn probe(&mut self, probe: Option<&Value>, p: &str, kind: char) {
        let Some(pr) = probe.filter(|x| x.is_object()) else {
            return;
        };
        let mut handlers = 0;
        for h in ["exec", "httpGet", "tcpSocket", "grpc"] {
            let Some(hv) = pr.get(h).filter(|x| !x.is_null()) else {
                continue;
            };
            let hp = format!("{p}.{h}");
            if handlers > 0 {
                self.forbidden(&hp, "may not specify more than 1 handler type");
                continue;
            }
            handlers += 1;
            match h {
                "exec" => {
                    if arr(hv, "command").is_empty() {
                        self.required(&format!("{hp}.command"), "");
                    }
                }
                "httpGet" => {
                    if s(hv, "path").is_empty() {
                        self.required(&format!("{hp}.path"), "");
                    }
                    self.port_num_or_name(
                        hv.get("port").unwrap_or(&Value::Null),
                        &format!("{hp}.port"),
                    );
                    let scheme = s(hv, "scheme");
                    if scheme != "HTTP" && scheme != "HTTPS" {
                        self.not_supported(&format!("{hp}.scheme"), scheme, &["HTTP", "HTTPS"]);
                    }
                }
                "tcpSocket" => self.port_num_or_name(
                    hv.get("port").unwrap_or(&Value::Null),
                    &format!("{hp}.port"),
                ),
                _ => {
                    let port = i(hv, "port");
                    for m in port_num(port) {
                        self.invalid(&format!("{hp}.port"), port.to_string(), &m);
                    }
                }
            }
        }
        if handlers == 0 {
            self.required(p, "must specify a handler type");
        }
        for k in [
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold",
        ] {
            self.nonneg(&format!("{p}.{k}"), i(pr, k));
        }
        let tgp = pr
            .get("terminationGracePeriodSeconds")
            .and_then(Value::as_i64);
        if let Some(t) = tgp.filter(|t| *t <= 0) {
            self.invalid(
                &format!("{p}.terminationGracePeriodSeconds"),
                t.to_string(),
                "must be greater than 0",
            );
        }
        match kind {
            'r' => {
                if let Some(t) = tgp {
                    self.invalid(
                        &format!("{p}.terminationGracePeriodSeconds"),
                        t.to_string(),
                        "must not be set for readinessProbes",
                    );
                }
            }
            _ => {
                let st = i(pr, "successThreshold");
                if st != 1 {
                    self.invalid(
                        &format!("{p}.successThreshold"),
                        st.to_string(),
                        "must be 1",
                    );
                }
            }
        }
    }

    fn port_num_or_name(&mut self, v: &Value, p: &str) {
        match v {
            Value::String(x) => self.strs(p, x, port_name(x)),
            _ => {
                let n = v.as_i64().unwrap_or(0);
                for m in port_num(n) {
                    self.invalid(p, n.to_string(), &m);
                }
            }
        }
    }

    fn host_ports(&mut self, containers: &[Value], p: &str) {
        let mut seen = BTreeSet::new();
        for (ci, c) in containers.iter().enumerate() {
            for (pi, port) in arr(c, "ports").iter().enumerate() {
                let hp = i(port, "hostPort");
                if hp == 0 {
                    continue;
                }
                let key = format!("{}/{}/{hp}", s(port, "hostIP"), s(port, "protocol"));
                if !seen.insert(key.clone()) {
                    self.push(
                        &format!("{p}[{ci}].ports[{pi}].hostPort"),
                        FieldErrorKind::Duplicate(q(&key)),
                        "",
                    );
                }
            }
        }
    }

    fn service_spec(&mut self, spec: &Value) {
        let ty = s(spec, "type");
        let ports = arr(spec, "ports");
        let headless = s(spec, "clusterIP") == "None";
        if ports.is_empty() && !headless && ty != "ExternalName" {
            self.required("spec.ports", "");
        }
        if ty == "ExternalName" {
            if !arr(spec, "clusterIPs").is_empty() {
                self.forbidden(
                    "spec.clusterIPs",
                    "may not be set for ExternalName services",
                );
            }
            if !arr(spec, "ipFamilies").is_empty() {
                self.forbidden(
                    "spec.ipFamilies",
                    "may not be set for ExternalName services",
                );
            }
            if spec.get("ipFamilyPolicy").is_some_and(|v| !v.is_null()) {
                self.forbidden(
                    "spec.ipFamilyPolicy",
                    "may not be set for ExternalName services",
                );
            }
            let cname = s(spec, "externalName").trim_end_matches('.');
            if cname.is_empty() {
                self.required("spec.externalName", "");
            } else {
                self.strs("spec.externalName", cname, dns1123_subdomain(cname));
            }
        }
        let mut names = BTreeSet::new();
        for (n, sp) in ports.iter().enumerate() {
            let pp = format!("spec.ports[{n}]");
            let name = s(sp, "name");
            if ports.len() > 1 && name.is_empty() {
                self.required(&format!("{pp}.name"), "");
            } else if !name.is_empty() {
                self.strs(&format!("{pp}.name"), name, dns1123_label(name));
                if !names.insert(name.to_string()) {
                    self.push(
                        &format!("{pp}.name"),
                        FieldErrorKind::Duplicate(q(name)),
                        "",
                    );
                }
            }
            let port = i(sp, "port");
            for m in port_num(port) {
                self.invalid(&format!("{pp}.port"), port.to_string(), &m);
            }
            self.one_of(
                &format!("{pp}.protocol"),
                s(sp, "protocol"),
                &["SCTP", "TCP", "UDP"],
                "",
            );
            self.port_num_or_name(
                sp.get("targetPort").unwrap_or(&Value::Null),
                &format!("{pp}.targetPort"),
            );
        }
        self.labels(obj(spec, "selector"), "spec.selector");
        self.one_of(
            "spec.sessionAffinity",
            s(spec, "sessionAffinity"),
            &["ClientIP", "None"],
            "",
        );
        self.one_of(
            "spec.type",
            ty,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
            "",
        );
        if ty == "ClusterIP" {
            for (n, sp) in ports.iter().enumerate() {
                if i(sp, "nodePort") != 0 {
                    self.forbidden(
                        &format!("spec.ports[{n}].nodePort"),
                        "may not be used when `type` is 'ClusterIP'",
                    );
                }
            }
        }
        // ValidateService: a node port once per protocol, then a port once per protocol
        let mut node_ports = BTreeSet::new();
        for (n, sp) in ports.iter().enumerate() {
            let node_port = i(sp, "nodePort");
            if node_port != 0 && !node_ports.insert((s(sp, "protocol"), node_port)) {
                self.push(
                    &format!("spec.ports[{n}].nodePort"),
                    FieldErrorKind::Duplicate(node_port.to_string()),
                    "",
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (n, sp) in ports.iter().enumerate() {
            let key = (s(sp, "protocol").to_string(), i(sp, "port"));
            if !seen.insert(key.clone()) {
                let v = format!("core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}", q(&key.0), key.1);
                self.push(
                    &format!("spec.ports[{n}]"),
                    FieldErrorKind::Duplicate(v),
                    "",
                );
            }
        }
    }

    fn pvc_spec(&mut self, spec: &Value, p: &str) {
        let modes = arr(spec, "accessModes");
        if modes.is_empty() {
            self.required(
                &format!("{p}.accessModes"),
                "at least 1 access mode is required",
            );
        }
        if let Some(sel) = spec.get("selector").filter(|v| v.is_object()) {
            self.label_selector(sel, &format!("{p}.selector"));
        }
        self.access_modes(&format!("{p}.accessModes"), modes, true);
        let sp = format!("{p}.resources[storage]");
        match spec["resources"]["requests"]
            .get("storage")
            .and_then(quantity)
        {
            None => self.required(&sp, ""),
            Some((n, f)) if n <= 0 => {
                self.invalid(&sp, q(&quantity_string(n, f)), "must be greater than zero")
            }
            _ => {}
        }
        let sc = s(spec, "storageClassName");
        if !sc.is_empty() {
            self.strs(&format!("{p}.storageClassName"), sc, dns1123_subdomain(sc));
        }
        if let Some(vm) = spec.get("volumeMode").and_then(Value::as_str) {
            if vm != "Block" && vm != "Filesystem" {
                self.not_supported(&format!("{p}.volumeMode"), vm, &["Block", "Filesystem"]);
            }
        }
    }
}

impl V {
    /// ValidatePersistentVolumeUpdate: the volume source and the volume mode are immutable.
    /// Upstream appends go-cmp's diff of the two PersistentVolumeSource structs to the message;
    /// go-cmp randomizes that text's spacing on purpose, so only a diff of the changed
    /// source's fields is shown here, in its layout.
    fn pv_update(&mut self, spec: &Value, old: &Value) {
        let pick = |x: &Value| -> Vec<(String, Value)> {
            PV_SOURCES
                .iter()
                .filter_map(|(k, _)| {
                    x.get(*k)
                        .filter(|v| !v.is_null())
                        .map(|v| (k.to_string(), v.clone()))
                })
                .collect()
        };
        let (new_src, old_src) = (pick(spec), pick(old));
        if !sem_eq(&json!(new_src), &json!(old_src)) {
            let show = |src: &[(String, Value)], sign: char| -> String {
                src.iter()
                    .map(|(k, v)| {
                        let mut go = k.clone();
                        go[..1].make_ascii_uppercase();
                        format!(
                            "{sign} \t{go}: {},\n",
                            serde_json::to_string(v).unwrap_or_default()
                        )
                    })
                    .collect()
            };
            let diff = format!(
                "  core.PersistentVolumeSource{{\n{}{}  }}\n",
                show(&old_src, '-'),
                show(&new_src, '+')
            );
            self.forbidden(
                "spec.persistentvolumesource",
                &format!("spec.persistentvolumesource is immutable after creation\n{diff}"),
            );
        }
        let (nm, om) = (s(spec, "volumeMode"), s(old, "volumeMode"));
        if nm != om {
            self.invalid("volumeMode", q(nm), "field is immutable");
        }
    }

    /// ValidatePersistentVolumeSpec (k8s.io/kubernetes pkg/apis/core/validation, v1.33) for a
    /// PersistentVolume object (not an inline volume), in upstream's order: access modes,
    /// capacity (`storage` only, positive), reclaim policy, the volume sources (exactly one; the
    /// checks of the sources a playground uses: hostPath, local, nfs), storage class, volume mode.
    fn pv_spec(&mut self, spec: &Value) {
        let modes = arr(spec, "accessModes");
        if modes.is_empty() {
            self.required("spec.accessModes", "");
        }
        self.access_modes("spec.accessModes", modes, false);
        let capacity = obj(spec, "capacity");
        if capacity.is_none_or(|c| c.is_empty()) {
            self.required("spec.capacity", "");
        }
        if capacity.is_none_or(|c| !c.contains_key("storage") || c.len() > 1) {
            // the BadValue is the Go map, printed with %#v (only its empty forms are exact)
            let shown = match capacity {
                None => "core.ResourceList(nil)".to_string(),
                Some(c) if c.is_empty() => "core.ResourceList{}".to_string(),
                Some(c) => format!(
                    "core.ResourceList{{{}}}",
                    c.keys().map(|k| q(k)).collect::<Vec<_>>().join(", ")
                ),
            };
            self.push(
                "spec.capacity",
                FieldErrorKind::NotSupported(shown),
                &not_supported_detail(&["storage"]),
            );
        }
        for (k, qty) in capacity.into_iter().flatten() {
            let path = format!("spec.capacity[{k}]");
            if let Some((n, f)) = quantity(qty) {
                if n < 0 {
                    let whole = n.div_euclid(1_000_000_000) + i128::from(n % 1_000_000_000 != 0);
                    self.invalid(
                        &path,
                        whole.to_string(),
                        "must be a valid resource quantity",
                    );
                }
                if n <= 0 {
                    self.invalid(
                        &path,
                        q(&quantity_string(n, f)),
                        "must be greater than zero",
                    );
                }
            }
        }
        let policy = s(spec, "persistentVolumeReclaimPolicy");
        const POLICIES: &[&str] = &["Delete", "Recycle", "Retain"];
        if !policy.is_empty() && !POLICIES.contains(&policy) {
            self.not_supported("spec.persistentVolumeReclaimPolicy", policy, POLICIES);
        }
        let affinity = spec.get("nodeAffinity").is_some_and(|a| !a.is_null());

        let mut count = 0;
        for (src, forbidden_path) in PV_SOURCES {
            let Some(sv) = spec.get(*src).filter(|x| !x.is_null()) else {
                continue;
            };
            // flexVolume is counted without the more-than-one check (as upstream)
            if count > 0 && !forbidden_path.is_empty() {
                self.forbidden(
                    &format!("spec.{forbidden_path}"),
                    "may not specify more than 1 volume type",
                );
                continue;
            }
            count += 1;
            let path = s(sv, "path");
            let pp = format!("spec.{src}.path");
            match *src {
                "hostPath" | "local" => {
                    if path.is_empty() {
                        self.required(&pp, "");
                    } else {
                        if path.split('/').any(|p| p == "..") {
                            self.invalid(&pp, q(path), "must not contain '..'");
                        }
                        let t = s(sv, "type");
                        const HP: &[&str] = &[
                            "",
                            "BlockDevice",
                            "CharDevice",
                            "Directory",
                            "DirectoryOrCreate",
                            "File",
                            "FileOrCreate",
                            "Socket",
                        ];
                        if *src == "hostPath" && !HP.contains(&t) {
                            self.not_supported("spec.hostPath.type", t, HP);
                        }
                    }
                    if *src == "local" && !affinity {
                        self.required("spec.nodeAffinity", "Local volume requires node affinity");
                    }
                }
                "nfs" => {
                    if s(sv, "server").is_empty() {
                        self.required("spec.nfs.server", "");
                    }
                    if path.is_empty() {
                        self.required(&pp, "");
                    }
                    if !path.starts_with('/') {
                        self.invalid(&pp, q(path), "must be an absolute path");
                    }
                }
                _ => {}
            }
        }
        if count == 0 {
            self.required("spec", "must specify a volume type");
        }
        if policy == "Recycle" {
            let root = spec
                .pointer("/hostPath/path")
                .and_then(Value::as_str)
                .is_some_and(|p| !p.is_empty() && p.split('/').all(|x| x.is_empty() || x == "."));
            if root {
                self.forbidden(
                    "spec.persistentVolumeReclaimPolicy",
                    "may not be 'recycle' for a hostPath mount of '/'",
                );
            }
        }
        let sc = s(spec, "storageClassName");
        if !sc.is_empty() {
            self.strs("spec.storageClassName", sc, dns1123_subdomain(sc));
        }
        if let Some(vm) = spec.get("volumeMode").and_then(Value::as_str) {
            if vm != "Block" && vm != "Filesystem" {
                self.not_supported("spec.volumeMode", vm, &["Block", "Filesystem"]);
            }
        }
    }
}

/// The PersistentVolumeSource fields in ValidatePersistentVolumeSpec's order of checks, with
/// the path of their "more than 1 volume type" error (cephfs's is `cephFS`; flexVolume has none).
const PV_SOURCES: &[(&str, &str)] = &[
    ("hostPath", "hostPath"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("nfs", "nfs"),
    ("rbd", "rbd"),
    ("quobyte", "quobyte"),
    ("cephfs", "cephFS"),
    ("iscsi", "iscsi"),
    ("cinder", "cinder"),
    ("fc", "fc"),
    ("flexVolume", ""),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("scaleIO", "scaleIO"),
    ("local", "local"),
    ("storageos", "storageos"),
    ("csi", "csi"),
];

/// getIntOrPercentValue: the percent number, or the int (a malformed string counts as 0).
fn int_or_percent_value(v: &Value) -> i64 {
    match v {
        Value::String(x) if valid_percent(x) => x[..x.len() - 1].parse().unwrap_or(i64::MAX),
        Value::String(x) => x.parse().unwrap_or(0),
        _ => v.as_i64().unwrap_or(0),
    }
}

/// `helper.IsStandardResourceName` (v1.33).
const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
    "storage",
];

/// `standardQuotaResources` (pkg/apis/core/helper).
const QUOTA_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
];

/// `integerResources`: object counts, whole numbers only.
const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

/// `standardResourceQuotaScopes`.
const QUOTA_SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
    "VolumeAttributesClass",
];

/// `IsResourceQuotaScopeValidForResource`: the pod scopes apply to `pods` and the compute
/// resources (BestEffort to `pods` only), VolumeAttributesClass to the claim resources.
fn scope_fits(scope: &str, resource: &str) -> bool {
    const COMPUTE: &[&str] = &[
        "cpu",
        "memory",
        "requests.cpu",
        "requests.memory",
        "limits.cpu",
        "limits.memory",
        "ephemeral-storage",
        "requests.ephemeral-storage",
        "limits.ephemeral-storage",
    ];
    match scope {
        "BestEffort" => resource == "pods",
        "VolumeAttributesClass" => {
            matches!(resource, "persistentvolumeclaims" | "requests.storage")
        }
        _ => resource == "pods" || COMPUTE.contains(&resource),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{
        defaults::apply_defaults,
        schema::check_strict,
        yaml::{parse_documents, parse_stream},
    };
    use super::*;
    use serde_json::json;

    fn deploy() -> Value {
        let mut d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx", "namespace": "default"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}}, "template": {"metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}}}});
        apply_defaults("Deployment", &mut d);
        d
    }

    fn errs(kind: &str, mut obj: Value) -> Vec<String> {
        apply_defaults(kind, &mut obj);
        validate(kind, &obj, None)
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    fn with(f: impl FnOnce(&mut Value)) -> Vec<String> {
        let mut d = deploy();
        f(&mut d);
        errs("Deployment", d)
    }

    const LABEL_RE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    const SUBDOMAIN_RE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const PERCENT_RE: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    fn job(spec: Value) -> Value {
        let mut spec = spec;
        spec["template"] = json!({"spec": {"restartPolicy": "Never",
            "containers": [{"name": "abc", "image": "image"}],
            "initContainers": [{"name": "def", "image": "image"}]}});
        json!({"apiVersion": "batch/v1", "kind": "Job",
               "metadata": {"name": "myjob", "namespace": "default"}, "spec": spec})
    }

    /// upstream TestValidateJob's "valid pod failure policy", "valid pod failure policy with
    /// FailIndex" and "valid success policy" cases have no errors.
    #[test]
    fn upstream_valid_job_policies() {
        let pfp = json!({"rules": [
            {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
            {"action": "FailJob", "onPodConditions": [{"type": "CustomConditionType", "status": "False"}]},
            {"action": "Count", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}},
            {"action": "Ignore", "onExitCodes": {"containerName": "def", "operator": "In", "values": [4]}},
            {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [5, 6, 7]}}]});
        assert_eq!(
            errs("Job", job(json!({"podFailurePolicy": pfp}))),
            Vec::<String>::new()
        );
        let fail_index = json!({"completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": 1,
            "podFailurePolicy": {"rules": [{"action": "FailIndex",
                "onExitCodes": {"operator": "In", "values": [10]}}]}});
        assert_eq!(errs("Job", job(fail_index)), Vec::<String>::new());
        let success = json!({"completionMode": "Indexed", "completions": 10, "successPolicy": {"rules": [
            {"succeededCount": 1, "succeededIndexes": "0,2,4"}, {"succeededIndexes": "1,3,5-9"}]}});
        assert_eq!(errs("Job", job(success)), Vec::<String>::new());
        // parallelism and maxFailedIndexes at the limits for high completions
        let high = json!({"completionMode": "Indexed", "completions": 1_000_000_000, "parallelism": 10_000,
            "maxFailedIndexes": 10_000, "backoffLimitPerIndex": 1});
        assert_eq!(errs("Job", job(high)), Vec::<String>::new());
    }

    /// validateIndexesFormat's errors, as upstream's test names spell them.
    #[test]
    fn indexes_format_errors() {
        assert_eq!(validate_indexes_format("0,2-4,7", 10), Ok(5));
        assert_eq!(validate_indexes_format("", 10), Ok(0));
        assert_eq!(
            validate_indexes_format("invalid-format", 5),
            Err("cannot convert string to integer for index: \"invalid\"".into())
        );
        assert_eq!(
            validate_indexes_format("1-3,2", 5),
            Err("non-increasing order, previous: 3, current: 2".into())
        );
        assert_eq!(
            validate_indexes_format("3-1", 5),
            Err("non-increasing order, previous: 3, current: 1".into())
        );
        assert_eq!(
            validate_indexes_format("0-5", 5),
            Err("too large index: \"5\"".into())
        );
        assert_eq!(
            validate_indexes_format("1-2-3", 5),
            Err("the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'".into())
        );
        let e = errs(
            "Job",
            job(json!({"completionMode": "Indexed", "completions": 5,
                "successPolicy": {"rules": [{"succeededIndexes": "invalid-format"}]}})),
        );
        assert_eq!(e, vec!["spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"invalid-format\": error parsing succeededIndexes: cannot convert string to integer for index: \"invalid\"".to_string()]);
    }

    #[test]
    fn valid_deployment_has_no_errors() {
        assert_eq!(validate("Deployment", &deploy(), None), vec![]);
    }

    #[test]
    fn deployment_rules() {
        type Case = (Box<dyn Fn(&mut Value)>, Vec<String>);
        let cases: Vec<Case> = vec![
            (Box::new(|d| d["spec"]["replicas"] = json!(-1)), vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0".into()]),
            (Box::new(|d| d["metadata"]["name"] = json!("Foo_bar")), vec![format!("metadata.name: Invalid value: \"Foo_bar\": {SUBDOMAIN_RE}")]),
            (Box::new(|d| d["metadata"]["name"] = json!("")), vec!["metadata.name: Required value: name or generateName is required".into()]),
            (Box::new(|d| d["spec"]["minReadySeconds"] = json!(-5)), vec!["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0".into()]),
            (Box::new(|d| d["spec"]["revisionHistoryLimit"] = json!(-1)), vec!["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0".into()]),
            (
                Box::new(|d| {
                    d["spec"]["minReadySeconds"] = json!(700);
                }),
                vec!["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds".into()],
            ),
            (
                Box::new(|d| d["spec"]["progressDeadlineSeconds"] = json!(-1)),
                vec![
                    "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0".into(),
                    "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds".into(),
                ],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = json!("150x")),
                vec![format!("spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"150x\"}}: {PERCENT_RE}")],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["rollingUpdate"] = json!({"maxSurge": 0, "maxUnavailable": 0})),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0".into()],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["rollingUpdate"] = json!({"maxSurge": "0%", "maxUnavailable": "0%"})),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0".into()],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] = json!("110%")),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%".into()],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = json!(-1)),
                vec!["spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0".into()],
            ),
            (
                Box::new(|d| d["spec"]["strategy"]["type"] = json!("Recreate")),
                vec!["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'".into()],
            ),
            (
                Box::new(|d| d["spec"]["strategy"] = json!({"type": "BlueGreen"})),
                vec!["spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure")),
                vec!["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["restartPolicy"] = json!("Sometimes")),
                vec![
                    "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".into(),
                    "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\"".into(),
                ],
            ),
            (Box::new(|d| d["spec"]["template"]["spec"]["containers"] = json!([])), vec!["spec.template.spec.containers: Required value".into()]),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0]["name"] = json!("Web_1")),
                vec![format!("spec.template.spec.containers[0].name: Invalid value: \"Web_1\": {LABEL_RE}")],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0].as_object_mut().unwrap().remove("name").map(|_| ()).unwrap_or(())),
                vec!["spec.template.spec.containers[0].name: Required value".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0].as_object_mut().unwrap().remove("image").map(|_| ()).unwrap_or(())),
                vec!["spec.template.spec.containers[0].image: Required value".into()],
            ),
            (
                Box::new(|d| {
                    let c = d["spec"]["template"]["spec"]["containers"][0].clone();
                    d["spec"]["template"]["spec"]["containers"].as_array_mut().unwrap().push(c);
                }),
                vec!["spec.template.spec.containers[1].name: Duplicate value: \"nginx\"".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = json!(70000)),
                vec!["spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"] = json!("HTTP")),
                vec!["spec.template.spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = json!("Sometimes")),
                vec!["spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"".into()],
            ),
            (
                Box::new(|d| d["spec"]["template"]["metadata"]["labels"] = json!({"app": "web"})),
                vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`".into()],
            ),
            (
                Box::new(|d| d["spec"]["selector"] = json!({})),
                vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment".into()],
            ),
            (
                Box::new(|d| {
                    d["spec"].as_object_mut().unwrap().remove("selector");
                    d["spec"]["template"]["metadata"]["labels"] = json!({"app": "demo", "environment": "development"});
                }),
                vec![
                    "spec.selector: Required value".into(),
                    "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"demo\", \"environment\":\"development\"}: `selector` does not match template `labels`".into(),
                ],
            ),
            (
                Box::new(|d| d["metadata"]["labels"] = json!({"app": "a b", "-x": "ok"})),
                vec![
                    "metadata.labels: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".into(),
                    "metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".into(),
                ],
            ),
        ];
        for (n, (f, want)) in cases.into_iter().enumerate() {
            assert_eq!(with(f), want, "case {n}");
        }
    }

    #[test]
    fn pod_spec_rules() {
        let got = with(|d| {
            let c = &mut d["spec"]["template"]["spec"]["containers"][0];
            c["readinessProbe"] = json!({"httpGet": {"port": 0}, "exec": {"command": ["true"]}});
            c["livenessProbe"] = json!({"tcpSocket": {"port": "http"}, "successThreshold": 2});
            c["volumeMounts"] = json!([{"name": "www", "mountPath": "/x"}]);
            c["resources"] =
                json!({"limits": {"cpu": "500m", "memroy": "1Gi"}, "requests": {"cpu": "2"}});
            c["env"] = json!([{"name": "A=B", "value": "1"}]);
        });
        assert_eq!(
            got,
            vec![
                "spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"www\"",
                "spec.template.spec.containers[0].resources.limits[memroy]: Invalid value: \"memroy\": must be a standard resource for containers",
                "spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 500m",
                "spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
                "spec.template.spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
            ]
        );
        // volumes
        let got = with(|d| {
            d["spec"]["template"]["spec"]["volumes"] = json!([{"name": "webroot", "emptyDir": {}, "hostPath": {"path": "/etc/hosts"}, "secret": {"secretName": "s"}}, {"name": "Bad_Name", "configMap": {}}]);
        });
        assert_eq!(
            got,
            vec![
                "spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type".to_string(),
                "spec.template.spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type".into(),
                "spec.template.spec.volumes[1].configMap.name: Required value".into(),
                format!("spec.template.spec.volumes[1].name: Invalid value: \"Bad_Name\": {LABEL_RE}"),
            ]
        );
        // StatefulSet templates are not PodSpec-validated upstream; Pods are
        let mut p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": [{"name": "c"}]}});
        assert_eq!(
            errs("Pod", p.clone()),
            vec!["spec.containers[0].image: Required value"]
        );
        p["spec"]["restartPolicy"] = json!("OnFailure");
        assert_eq!(
            errs("Pod", p),
            vec!["spec.containers[0].image: Required value"]
        );
    }

    #[test]
    fn quantities_canonical() {
        let qs = |v: Value| quantity(&v).map(|(n, f)| quantity_string(n, f)).unwrap();
        assert_eq!(qs(json!("1000m")), "1");
        assert_eq!(qs(json!("0.5")), "500m");
        assert_eq!(qs(json!(2)), "2");
        assert_eq!(qs(json!("1024Mi")), "1Gi");
        assert_eq!(qs(json!("1536Mi")), "1536Mi");
        assert_eq!(qs(json!("512Mi")), "512Mi");
        assert_eq!(qs(json!("1500")), "1500");
        assert_eq!(qs(json!("1e3")), "1e3");
        assert_eq!(qs(json!("100k")), "100k");
        assert_eq!(qs(json!("0")), "0");
        assert_eq!(qs(json!("-1")), "-1");
    }

    #[test]
    fn statefulset_rules_and_update() {
        let sts = || {
            let mut s = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web", "namespace": "default"},
                "spec": {"serviceName": "nginx", "replicas": 2, "selector": {"matchLabels": {"app": "nginx"}},
                "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}});
            apply_defaults("StatefulSet", &mut s);
            s
        };
        assert_eq!(validate("StatefulSet", &sts(), None), vec![]);
        let mut bad = sts();
        bad["metadata"]["name"] = json!("web.v1");
        bad["spec"]["selector"] = json!({});
        bad["spec"]["podManagementPolicy"] = json!("Random");
        bad["spec"]["updateStrategy"] =
            json!({"type": "OnDelete", "rollingUpdate": {"partition": 1}});
        let got: Vec<String> = validate("StatefulSet", &bad, None)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            got,
            vec![
                "metadata.name: Invalid value: \"web.v1\": must not contain dots",
                "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
                "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
            ]
        );
        // updates
        let old = sts();
        let mut new = old.clone();
        new["spec"]["replicas"] = json!(5);
        new["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.16.1");
        new["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
        assert_eq!(validate("StatefulSet", &new, Some(&old)), vec![]);
        new["spec"]["serviceName"] = json!("other");
        assert_eq!(
            validate("StatefulSet", &new, Some(&old)).iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            vec!["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]
        );
    }

    #[test]
    fn deployment_selector_immutable() {
        let old = deploy();
        let mut new = old.clone();
        new["spec"]["selector"]["matchLabels"] = json!({"app": "nginx", "tier": "web"});
        new["spec"]["template"]["metadata"]["labels"] = json!({"app": "nginx"});
        let got: Vec<String> = validate("Deployment", &new, Some(&old))
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            got,
            vec![
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"nginx\", \"tier\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
            ]
        );
        assert_eq!(
            format_invalid("Deployment", "nginx-deployment", &validate("Deployment", &new, Some(&old))),
            "The Deployment \"nginx-deployment\" is invalid: \n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`\n* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"nginx\", \"tier\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
        );
        let mut rs_old = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r"}, "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}}});
        apply_defaults("ReplicaSet", &mut rs_old);
        let mut rs_new = rs_old.clone();
        rs_new["spec"]["selector"] = json!({});
        let got: Vec<String> = validate("ReplicaSet", &rs_new, Some(&rs_old))
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(got[0], "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
        assert!(got[1].ends_with("field is immutable"));
    }

    #[test]
    fn formats() {
        let e = vec![FieldError {
            path: "spec.replicas".into(),
            kind: FieldErrorKind::Invalid("-1".into()),
            detail: "must be greater than or equal to 0".into(),
        }];
        assert_eq!(format_invalid("Deployment", "x", &e), "The Deployment \"x\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assert_eq!(status_message("Deployment", "x", &e), "Deployment.apps \"x\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        let two = vec![
            FieldError {
                path: "spec.selector".into(),
                kind: FieldErrorKind::Required,
                detail: String::new(),
            },
            e[0].clone(),
            e[0].clone(),
        ];
        assert_eq!(status_message("Service", "s", &two), "Service \"s\" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]");
        assert_eq!(format_invalid("Deployment", "x", &two), "The Deployment \"x\" is invalid: \n* spec.selector: Required value\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        let w = warnings("Deployment", &json!({"metadata": {"name": "manage-v1.1"}}));
        assert_eq!(w, vec!["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"]);
        assert!(warnings("Deployment", &json!({"metadata": {"name": "ok"}})).is_empty());
    }

    #[test]
    fn service_pvc_namespace() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"}, "spec": {"ports": [{"port": 80, "name": "web"}], "clusterIP": "None", "selector": {"app": "nginx"}}});
        assert_eq!(errs("Service", svc), Vec::<String>::new());
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web"}, "spec": {"ports": [{"port": 80}, {"port": 80, "name": "b"}], "type": "Foo"}});
        assert_eq!(
            errs("Service", svc),
            vec![
                "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.ports[0].name: Required value",
                "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
            ]
        );
        let pvc = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "www-web-0"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
        assert_eq!(errs("PersistentVolumeClaim", pvc), Vec::<String>::new());
        let pvc = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "p"}, "spec": {"accessModes": ["ReadWriteAlways"]}});
        assert_eq!(
            errs("PersistentVolumeClaim", pvc),
            vec![
                "spec.accessModes: Unsupported value: \"ReadWriteAlways\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                "spec.resources[storage]: Required value",
            ]
        );
        assert_eq!(
            errs("Namespace", json!({"metadata": {"name": "Dev"}})),
            vec![format!("metadata.name: Invalid value: \"Dev\": {LABEL_RE}")]
        );
    }

    /// Every manifest in the seeds (indentation restored), through decode → strict → default → validate.
    #[test]
    fn seed_manifests() {
        let text = include_str!("testdata/seeds.yaml");
        let docs = parse_documents(text, "seeds.yaml").unwrap();
        assert_eq!(docs.len(), 12);
        let mut outcomes = Vec::new();
        for doc in docs {
            let kind = doc["kind"].as_str().unwrap().to_string();
            let name = doc["metadata"]["name"].as_str().unwrap_or("").to_string();
            let outcome = match super::super::yaml::resolve_doc(&doc, "seeds.yaml") {
                Err(e) => e,
                Ok(_) => match check_strict(&kind, &doc) {
                    Err(e) => e,
                    Ok(()) => {
                        let mut d = doc.clone();
                        apply_defaults(&kind, &mut d);
                        format_invalid(&kind, &name, &validate(&kind, &d, None))
                    }
                },
            };
            outcomes.push(outcome);
        }
        let ok = |k: &str, n: &str| format!("The {k} \"{n}\" is invalid");
        assert_eq!(outcomes[0], ok("ReplicaSet", "nginx-ds"));
        assert_eq!(outcomes[1], ok("Deployment", "nginx-deploy"));
        assert_eq!(outcomes[2], ok("Deployment", "serve-deployment"));
        assert_eq!(outcomes[3], ok("Deployment", "nginx-deployment"));
        assert_eq!(outcomes[4], ok("Service", "nginx"));
        // 002's StatefulSet has no selector: invalid on a real apps/v1 cluster too
        assert_eq!(
            outcomes[5],
            "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`"
        );
        for (n, o) in outcomes.iter().enumerate().take(10).skip(6) {
            assert_eq!(o, &ok("Deployment", "nginx-deployment"), "doc {n}");
        }
        assert_eq!(outcomes[10], "resource mapping not found for name: \"nginx-deployment\" namespace: \"\" from \"seeds.yaml\": no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first");
        assert_eq!(outcomes[11], "resource mapping not found for name: \"nginx-deploy\" namespace: \"\" from \"seeds.yaml\": no matches for kind \"Deployment\" in version \"apps/v1beta1\"\nensure CRDs are installed first");
    }

    /// The annotated Pod "field reference" of seed 002 is not a manifest (kubectl.1.33 agrees).
    #[test]
    fn seed_pod_reference_is_rejected() {
        let text = include_str!("testdata/seed_pod_reference.yaml");
        assert_eq!(
            parse_documents(text, "podref.yaml").unwrap_err(),
            "error parsing podref.yaml: error converting YAML to JSON: yaml: line 14: mapping values are not allowed in this context"
        );
        // Go's decoder: an error from a custom unmarshaler (Quantity) aborts and wins over an
        // earlier saved type error (metadata.annotations)
        let qty = "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
        let fixed = text.replace("image: nginx: v1", "image: \"nginx:v1\"");
        assert_eq!(
            check_strict("Pod", &parse_documents(&fixed, "pod.yaml").unwrap()[0]).unwrap_err(),
            qty
        );
        let fixed = fixed.replace("MiB", "Mi");
        assert_eq!(
            check_strict("Pod", &parse_documents(&fixed, "pod.yaml").unwrap()[0]).unwrap_err(),
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type map[string]string"
        );
        let fixed = fixed.replace("    - app: nginx", "    app: nginx");
        let mut doc = parse_documents(&fixed, "pod.yaml").unwrap().remove(0);
        assert_eq!(
            check_strict("Pod", &doc).unwrap_err(),
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].securityContext.provoleged\""
        );
        doc["spec"]["containers"][0]["securityContext"] = json!({});
        assert_eq!(check_strict("Pod", &doc), Ok(()));
        apply_defaults("Pod", &mut doc);
        assert_eq!(
            validate("Pod", &doc, None).iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            vec![
                "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type",
                "spec.containers[0].volumeMounts[0].name: Not found: \"webroot\"",
                "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
                "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
            ]
        );
    }

    /// Random objects built from real field names and random JSON types, end to end.
    #[test]
    fn no_panics_on_random_objects() {
        const KEYS: &[&str] = &[
            "metadata",
            "spec",
            "name",
            "labels",
            "selector",
            "matchLabels",
            "matchExpressions",
            "template",
            "containers",
            "initContainers",
            "image",
            "ports",
            "containerPort",
            "replicas",
            "strategy",
            "rollingUpdate",
            "maxSurge",
            "maxUnavailable",
            "type",
            "resources",
            "limits",
            "requests",
            "cpu",
            "volumes",
            "volumeMounts",
            "emptyDir",
            "updateStrategy",
            "partition",
            "key",
            "operator",
            "values",
            "readinessProbe",
            "httpGet",
            "port",
            "env",
            "valueFrom",
            "tolerations",
            "日本",
            "",
            "creationTimestamp",
            "restartPolicy",
        ];
        let mut seed = 0x9E3779B97F4A7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        fn gen(next: &mut dyn FnMut() -> u64, depth: u32) -> Value {
            match next() % if depth > 5 { 6 } else { 9 } {
                0 => Value::Null,
                1 => json!(next().is_multiple_of(2)),
                2 => json!((next() % 200) as i64 - 100),
                3 => json!(1e12),
                4 => json!(
                    ["25%", "x", "-1", "1e40", "日本語", "", "0", "500m"][(next() % 8) as usize]
                ),
                5 => json!(1.5),
                6 | 7 => {
                    let mut m = Map::new();
                    for _ in 0..next() % 5 {
                        let k = KEYS[(next() % KEYS.len() as u64) as usize];
                        m.insert(k.to_string(), gen(next, depth + 1));
                    }
                    Value::Object(m)
                }
                _ => Value::Array((0..next() % 4).map(|_| gen(next, depth + 1)).collect()),
            }
        }
        for n in 0..3000 {
            let mut v = gen(&mut next, 0);
            if n % 2 == 0 {
                v = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": v});
            }
            for k in [
                "Deployment",
                "ReplicaSet",
                "StatefulSet",
                "Pod",
                "Service",
                "Namespace",
                "PersistentVolumeClaim",
            ] {
                let _ = check_strict(k, &v);
                let _ = super::super::schema::metadata_decode_error(&v, "x");
                let mut d = v.clone();
                apply_defaults(k, &mut d);
                let e = validate(k, &d, None);
                let _ = validate(k, &d, Some(&v));
                let _ = (
                    format_invalid(k, "x", &e),
                    status_message(k, "x", &e),
                    warnings(k, &d),
                );
            }
            let text = serde_yaml::to_string(&v).unwrap_or_default();
            let _ = parse_stream(&text, "x");
        }
    }

    #[test]
    fn no_panics_on_odd_objects() {
        let odd = [
            json!(null),
            json!([]),
            json!({"spec": []}),
            json!({"metadata": 5, "spec": {"selector": [], "template": 1, "strategy": {"type": 3}}}),
            json!({"spec": {"replicas": 1e12, "template": {"spec": {"containers": [null, 1, {"ports": [null, {"containerPort": "x"}], "resources": {"limits": {"cpu": "1e40000"}, "requests": {"cpu": "99999999999999999999999999999999999E"}}}]}}}}),
            json!({"spec": {"selector": {"matchExpressions": [null, {"operator": 5}]}, "updateStrategy": {"rollingUpdate": {"maxUnavailable": "1000000000000000000000%"}, "type": "RollingUpdate"}}}),
        ];
        for v in odd {
            for k in [
                "Deployment",
                "ReplicaSet",
                "StatefulSet",
                "Pod",
                "Service",
                "Namespace",
                "PersistentVolumeClaim",
            ] {
                let mut x = v.clone();
                apply_defaults(k, &mut x);
                let e = validate(k, &x, Some(&v));
                let _ = format_invalid(k, "n", &e);
                let _ = validate(k, &v, None);
            }
        }
    }
}
