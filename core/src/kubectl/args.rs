//! kubectl's command-line grammar (cobra + pflag): `--flag=value`, `--flag value`, `-f value`,
//! `-fvalue`, bool flags with optional `=true|false`, `--` ending flags, and kubectl's errors for
//! unknown flags and missing values.

use std::collections::BTreeMap;

/// A flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub name: &'static str,
    pub short: Option<char>,
    /// Bool flags take no separate value (`--watch=false` still works).
    pub boolean: bool,
}

pub const fn flag(name: &'static str) -> Flag {
    Flag {
        name,
        short: None,
        boolean: false,
    }
}

pub const fn short(name: &'static str, c: char) -> Flag {
    Flag {
        name,
        short: Some(c),
        boolean: false,
    }
}

pub const fn boolean(name: &'static str) -> Flag {
    Flag {
        name,
        short: None,
        boolean: true,
    }
}

pub const fn short_bool(name: &'static str, c: char) -> Flag {
    Flag {
        name,
        short: Some(c),
        boolean: true,
    }
}

/// Flags every kubectl command inherits from the root command.
pub const GLOBAL: &[Flag] = &[
    short("namespace", 'n'),
    flag("context"),
    flag("cluster"),
    flag("user"),
    flag("kubeconfig"),
    flag("request-timeout"),
    flag("server"),
    short("v", 'v'),
    boolean("insecure-skip-tls-verify"),
    boolean("warnings-as-errors"),
    boolean("match-server-version"),
    flag("as"),
    flag("token"),
    flag("cache-dir"),
];

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub positional: Vec<String>,
    pub values: BTreeMap<String, Vec<String>>,
}

impl Parsed {
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// Last value given for a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    /// A bool flag: absent → default; `--x` → true; `--x=false` → false.
    pub fn bool(&self, name: &str, default: bool) -> Result<bool, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => parse_bool(v).ok_or_else(|| format!("invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")),
        }
    }

    /// An int flag (pflag `Int`/`Int64`), with pflag's error for a bad value; `command` is the
    /// command path of the `See 'kubectl <command> --help'` line.
    pub fn int(&self, name: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        go_parse_int(v).map(Some).map_err(|e| {
            invalid_argument(
                &format!("--{name}"),
                v,
                &format!(
                    "strconv.ParseInt: parsing {}: {e}",
                    crate::api::yaml::go_quote(v)
                ),
                &format!("See 'kubectl {command} --help' for usage."),
            )
        })
    }

    /// An int32 flag (pflag `Int32Var`: `strconv.ParseInt(s, 0, 32)`) with pflag's syntax and
    /// range errors; `shown` is how pflag names the flag (`--port`, `-r, --replicas`).
    pub fn int32(&self, name: &str, shown: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        let why = match go_parse_int(v) {
            Ok(n) if i32::try_from(n).is_ok() => return Ok(Some(n)),
            Ok(_) => "value out of range",
            Err(e) => e,
        };
        Err(invalid_argument(
            shown,
            v,
            &format!(
                "strconv.ParseInt: parsing {}: {why}",
                crate::api::yaml::go_quote(v)
            ),
            &format!("See 'kubectl {command} --help' for usage."),
        ))
    }

    /// A duration flag (pflag `Duration`), in milliseconds, with pflag's error for a bad value.
    pub fn duration_ms(&self, name: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        super::printers::duration::parse_go_duration_ns(v)
            .map(|ns| Some(ns / 1_000_000))
            .map_err(|e| {
                invalid_argument(
                    &format!("--{name}"),
                    v,
                    &e,
                    &format!("See 'kubectl {command} --help' for usage."),
                )
            })
    }

    /// `-n`, else the kubeconfig context's namespace, else `default`.
    pub fn namespace(&self) -> String {
        match self.get("namespace").filter(|s| !s.is_empty()) {
            Some(ns) => ns.to_string(),
            None => context_namespace(),
        }
    }
}

pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// pflag's name for a flag in its errors: `--name`, or `-s, --name` when it has a shorthand.
fn display(f: &Flag) -> String {
    match f.short {
        Some(c) => format!("-{c}, --{}", f.name),
        None => format!("--{}", f.name),
    }
}

/// pflag's error for a value the flag's type rejects.
fn invalid_argument(flag: &str, value: &str, err: &str, see: &str) -> String {
    format!(
        "error: invalid argument {} for \"{flag}\" flag: {err}\n{see}",
        crate::api::yaml::go_quote(value)
    )
}

fn check_bool(f: &Flag, v: &str, see: &str) -> Result<(), String> {
    match parse_bool(v) {
        Some(_) => Ok(()),
        None => Err(invalid_argument(
            &display(f),
            v,
            &format!(
                "strconv.ParseBool: parsing {}: invalid syntax",
                crate::api::yaml::go_quote(v)
            ),
            see,
        )),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`, as pflag's int flags parse: base prefixes `0x`, `0o`,
/// `0b` and a leading `0` (octal), `_` separators; the error is `invalid syntax` or
/// `value out of range`.
pub fn go_parse_int(s: &str) -> Result<i64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    const RANGE: &str = "value out of range";
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return Err(SYNTAX);
    }
    let b = body.as_bytes();
    let (base, digits): (u64, &[u8]) = if b[0] == b'0' && b.len() >= 3 && b"bB".contains(&b[1]) {
        (2, &b[2..])
    } else if b[0] == b'0' && b.len() >= 3 && b"oO".contains(&b[1]) {
        (8, &b[2..])
    } else if b[0] == b'0' && b.len() >= 3 && b"xX".contains(&b[1]) {
        (16, &b[2..])
    } else if b[0] == b'0' {
        (8, &b[1..])
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => (c - b'0') as u64,
            b'a'..=b'z' => (c - b'a') as u64 + 10,
            b'A'..=b'Z' => (c - b'A') as u64 + 10,
            _ => return Err(SYNTAX),
        };
        if d >= base {
            return Err(SYNTAX);
        }
        n = n
            .checked_mul(base)
            .and_then(|n| n.checked_add(d))
            .ok_or(RANGE)?;
    }
    if underscores && !underscore_ok(s) {
        return Err(SYNTAX);
    }
    match (neg, n) {
        (false, n) if n <= i64::MAX as u64 => Ok(n as i64),
        (true, n) if n <= 1 << 63 => Ok((n as i64).wrapping_neg()),
        _ => Err(RANGE),
    }
}

/// Go's `underscoreOK`: `_` only between digits (or right after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && b"bBoOxX".contains(&b[1]) {
        i = 2;
        saw = b'0';
        hex = b"xX".contains(&b[1]);
    }
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

thread_local! {
    /// The namespace of the kubeconfig context the running kubectl command uses, if it sets
    /// one: what `-n` defaults to. Set by the dispatcher for the command's duration
    /// ([`ContextNamespace`]) so that every command's flag parsing sees it.
    static CONTEXT_NAMESPACE: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
}

/// The namespace a command uses when `-n` is not given.
pub fn context_namespace() -> String {
    CONTEXT_NAMESPACE
        .with(|c| c.borrow().clone())
        .unwrap_or_else(|| "default".to_string())
}

/// Sets the context namespace until dropped.
pub(crate) struct ContextNamespace(Option<String>);

impl ContextNamespace {
    pub(crate) fn enter(namespace: Option<String>) -> Self {
        let previous = CONTEXT_NAMESPACE.with(|c| c.replace(namespace));
        ContextNamespace(previous)
    }
}

impl Drop for ContextNamespace {
    fn drop(&mut self) {
        let previous = self.0.take();
        CONTEXT_NAMESPACE.with(|c| *c.borrow_mut() = previous);
    }
}

thread_local! {
    /// While set, [`parse`] only checks the flags: it records the outcome here and fails, so
    /// the command stops there ([`FlagsOnly`]).
    static FLAGS_ONLY: std::cell::RefCell<Option<Result<(), String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs a command only as far as its flags: cobra parses them before anything else, so an
/// unknown or malformed flag is reported before `-h` is honoured and before the kubeconfig is
/// read. While one exists, the first [`parse`] a command makes records its outcome and fails.
pub(crate) struct FlagsOnly;

/// What a [`parse`] in [`FlagsOnly`] mode returns, whatever the flags were.
const FLAGS_CHECKED: &str = "error: flags checked";

impl FlagsOnly {
    pub(crate) fn enter() -> Self {
        FLAGS_ONLY.with(|f| *f.borrow_mut() = Some(Ok(())));
        FlagsOnly
    }

    /// Whether commands are only having their flags checked.
    pub(crate) fn active() -> bool {
        FLAGS_ONLY.with(|f| f.borrow().is_some())
    }

    /// The flag error the command's parse met, if it met one.
    pub(crate) fn error(&self) -> Option<String> {
        FLAGS_ONLY.with(|f| f.borrow().clone().and_then(Result::err))
    }
}

impl Drop for FlagsOnly {
    fn drop(&mut self) {
        FLAGS_ONLY.with(|f| *f.borrow_mut() = None);
    }
}

/// pflag's notice for the deprecated `--record`, printed once the flags are parsed (before the
/// command does anything), whatever its value.
const RECORD_DEPRECATED: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";

/// What kubectl writes on stderr before a command's own output: pflag's notices and klog's
/// warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Notice {
    Text(&'static str),
    /// A klog warning: the `file:line` klog names, and the message.
    Warning(&'static str, String),
}

thread_local! {
    /// Notices the running command has printed (see [`take_notices`]).
    static NOTICES: std::cell::RefCell<Vec<Notice>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The process ID klog prints in its header: any fixed number, so output stays deterministic.
const KLOG_PID: u32 = 24601;

/// What the command that just ran printed before its output, emptied. klog's header carries
/// the time: the virtual clock's `now`.
pub(crate) fn take_notices(now: i64) -> String {
    let notices = NOTICES.with(|n| std::mem::take(&mut *n.borrow_mut()));
    let mut text = String::new();
    for n in notices {
        match n {
            Notice::Text(t) => text.push_str(t),
            Notice::Warning(at, message) => {
                let c = super::printers::timefmt::civil(now);
                text.push_str(&format!(
                    "W{:02}{:02} {:02}:{:02}:{:02}.{:03}000 {KLOG_PID:>7} {at}] {message}\n",
                    c.month, c.day, c.hour, c.minute, c.second, c.millisecond
                ));
            }
        }
    }
    text
}

fn notice(n: Notice) {
    NOTICES.with(|list| {
        let mut list = list.borrow_mut();
        if !list.contains(&n) {
            list.push(n);
        }
    });
}

/// klog's `klog.Warning` from `file:line`, written when the command reaches it.
pub(crate) fn klog_warning(at: &'static str, message: String) {
    notice(Notice::Warning(at, message));
}

/// The value of a bare `--dry-run` (pflag's NoOptDefVal for it).
pub const DRY_RUN_BARE: &str = "unchanged";

/// Parses `args` (after the command words) against the command's flags plus the global ones.
/// `command` is the command path used in `See 'kubectl <command> --help' for usage.`.
pub fn parse(args: &[String], flags: &[Flag], command: &str) -> Result<Parsed, String> {
    let parsed = parse_flags(args, flags, command);
    if parsed.as_ref().is_ok_and(|p| p.has("record")) {
        notice(Notice::Text(RECORD_DEPRECATED));
    }
    FLAGS_ONLY.with(|f| match &mut *f.borrow_mut() {
        Some(seen @ Ok(())) => {
            *seen = parsed.as_ref().map(|_| ()).map_err(Clone::clone);
            Err(FLAGS_CHECKED.to_string())
        }
        Some(Err(_)) => Err(FLAGS_CHECKED.to_string()),
        None => parsed,
    })
}

fn parse_flags(args: &[String], flags: &[Flag], command: &str) -> Result<Parsed, String> {
    let see = format!("See 'kubectl {command} --help' for usage.");
    let find_long = |n: &str| flags.iter().chain(GLOBAL).find(|f| f.name == n).copied();
    let find_short = |c: char| {
        flags
            .iter()
            .chain(GLOBAL)
            .find(|f| f.short == Some(c))
            .copied()
    };
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.positional.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            if long.is_empty() || long.starts_with(['-', '=']) {
                return Err(format!("error: bad flag syntax: {a}\n{see}"));
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(f) = find_long(name) else {
                return Err(format!("error: unknown flag: --{name}\n{see}"));
            };
            if let (Some(v), true) = (&inline, f.boolean) {
                check_bool(&f, v, &see)?;
            }
            let value = match (inline, f.boolean) {
                (Some(v), _) => v,
                (None, true) => "true".to_string(),
                // `AddDryRunFlag` sets NoOptDefVal: a bare `--dry-run` takes no next word
                (None, false) if f.name == "dry-run" => DRY_RUN_BARE.to_string(),
                (None, false) => {
                    if i >= args.len() {
                        return Err(format!("error: flag needs an argument: --{name}\n{see}"));
                    }
                    i += 1;
                    args[i - 1].clone()
                }
            };
            out.values
                .entry(f.name.to_string())
                .or_default()
                .push(value);
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(f) = find_short(c) else {
                    return Err(format!(
                        "error: unknown shorthand flag: '{c}' in {a}\n{see}"
                    ));
                };
                j += 1;
                if f.boolean {
                    let v = if j < chars.len() && chars[j] == '=' {
                        let v: String = chars[j + 1..].iter().collect();
                        j = chars.len();
                        check_bool(&f, &v, &see)?;
                        v
                    } else {
                        "true".to_string()
                    };
                    out.values.entry(f.name.to_string()).or_default().push(v);
                    continue;
                }
                let rest: String = chars[j..].iter().collect();
                let value = if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(&rest).to_string()
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    return Err(format!(
                        "error: flag needs an argument: '{c}' in -{c}\n{see}"
                    ));
                };
                out.values
                    .entry(f.name.to_string())
                    .or_default()
                    .push(value);
                break;
            }
        } else {
            out.positional.push(a.clone());
        }
    }
    Ok(out)
}

/// A command line split at its first `--`: the part kubectl parses, and what follows (the
/// container's command for `run`, `exec`, `create deployment|job|cronjob`).
pub fn split_dashes(raw: &[String]) -> (&[String], Vec<String>) {
    match raw.iter().position(|a| a == "--") {
        Some(i) => (&raw[..i], raw[i + 1..].to_vec()),
        None => (raw, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const F: &[Flag] = &[
        short("filename", 'f'),
        short("output", 'o'),
        boolean("watch"),
        short_bool("all-namespaces", 'A'),
        short("selector", 'l'),
    ];

    #[test]
    fn long_short_inline_and_bool_forms() {
        let p = parse(
            &words("pods -o wide --watch=false -lapp=nginx -A -n kube-system x"),
            F,
            "get",
        )
        .unwrap();
        assert_eq!(p.positional, vec!["pods", "x"]);
        assert_eq!(p.get("output"), Some("wide"));
        assert_eq!(p.bool("watch", true), Ok(false));
        assert_eq!(p.get("selector"), Some("app=nginx"));
        assert_eq!(p.bool("all-namespaces", false), Ok(true));
        assert_eq!(p.namespace(), "kube-system");
    }

    #[test]
    fn go_ints_and_bad_values() {
        assert_eq!(go_parse_int("42"), Ok(42));
        assert_eq!(go_parse_int("-7"), Ok(-7));
        assert_eq!(go_parse_int("0x10"), Ok(16));
        assert_eq!(go_parse_int("010"), Ok(8));
        assert_eq!(go_parse_int("0b11"), Ok(3));
        assert_eq!(go_parse_int("1_000"), Ok(1000));
        assert_eq!(go_parse_int("1__0"), Err("invalid syntax"));
        assert_eq!(go_parse_int("0x_1_0"), Ok(16));
        assert_eq!(go_parse_int("0x"), Err("invalid syntax"));
        assert_eq!(go_parse_int("08"), Err("invalid syntax"));
        assert_eq!(go_parse_int("1e12"), Err("invalid syntax"));
        assert_eq!(go_parse_int("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(go_parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(
            go_parse_int("9223372036854775808"),
            Err("value out of range")
        );
        assert_eq!(
            go_parse_int("99999999999999999999"),
            Err("value out of range")
        );
        assert_eq!(go_parse_int(""), Err("invalid syntax"));
        let p = parse(&words("--replicas=abc"), &[flag("replicas")], "scale").unwrap();
        assert_eq!(
            p.int("replicas", "scale").unwrap_err(),
            "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl scale --help' for usage."
        );
        assert_eq!(
            parse(&words("pods --watch=maybe"), F, "get").unwrap_err(),
            "error: invalid argument \"maybe\" for \"--watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("pods -A=maybe"), F, "get").unwrap_err(),
            "error: invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("pods ---all"), F, "get").unwrap_err(),
            "error: bad flag syntax: ---all\nSee 'kubectl get --help' for usage."
        );
    }

    #[test]
    fn unknown_flags_are_reported_as_kubectl_does() {
        assert_eq!(
            parse(&words("pods --foo"), F, "get").unwrap_err(),
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("pods -z"), F, "get").unwrap_err(),
            "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("pods -o"), F, "get").unwrap_err(),
            "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("pods --output"), F, "get").unwrap_err(),
            "error: flag needs an argument: --output\nSee 'kubectl get --help' for usage."
        );
    }
}
