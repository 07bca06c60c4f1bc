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

    pub fn namespace(&self) -> String {
        self.get("namespace")
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
            .to_string()
    }
}

pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Parses `args` (after the command words) against the command's flags plus the global ones.
/// `command` is the command path used in `See 'kubectl <command> --help' for usage.`.
pub fn parse(args: &[String], flags: &[Flag], command: &str) -> Result<Parsed, String> {
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
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(f) = find_long(name) else {
                return Err(format!("error: unknown flag: --{name}\n{see}"));
            };
            let value = match (inline, f.boolean) {
                (Some(v), _) => v,
                (None, true) => "true".to_string(),
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
