//! kubectl's `-h` texts (`help.txt`: `%%%% KEY` lines, each followed by the text kubectl 1.33
//! prints for `kubectl KEY -h`). Native builds compile them in (the `explain-schema` feature,
//! with the explain schemas); the playground downloads them with the schemas the first time a
//! command needs either, as `help.txt` beside the page: ≈ 115 KB of text it would otherwise
//! carry in its wasm.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every key `help.txt` has, so that a build still waiting for the texts knows which commands
/// have one.
pub const KEYS: &[&str] = &[
    "get",
    "describe",
    "apply",
    "create",
    "scale",
    "delete",
    "version",
    "patch",
    "label",
    "annotate",
    "edit",
    "cordon",
    "uncordon",
    "drain",
    "api-resources",
    "explain",
    "run",
    "expose",
    "events",
    "logs",
    "replace",
    "wait",
    "api-versions",
    "autoscale",
    "cluster-info",
    "rollout history",
    "rollout pause",
    "rollout restart",
    "rollout resume",
    "rollout status",
    "rollout undo",
    "set image",
    "set resources",
    "create deployment",
    "create namespace",
    "create service",
    "create service clusterip",
    "create service externalname",
    "create service loadbalancer",
    "create service nodeport",
    "set env",
    "taint",
    "exec",
    "create configmap",
    "create secret",
    "create secret generic",
    "proxy",
    "port-forward",
    "attach",
    "diff",
    "set serviceaccount",
    "create job",
    "create cronjob",
    "create serviceaccount",
    "create poddisruptionbudget",
    "create quota",
];

/// What `-h` prints while a build without the embedded texts has not been given them.
pub const NOT_LOADED: &str =
    "error: kubectl's help texts are not loaded (the host has not provided them)";

const MARK: &str = "%%%% ";

static TEXTS: OnceLock<BTreeMap<&'static str, &'static str>> = OnceLock::new();

#[cfg(feature = "explain-schema")]
const TEXT: &str = include_str!("help.txt");

/// Splits the text into its keyed sections.
fn parse(text: &'static str) -> Result<BTreeMap<&'static str, &'static str>, String> {
    let mut map = BTreeMap::new();
    let rest = text
        .strip_prefix(MARK)
        .ok_or("help.txt: does not start with a key line")?;
    for section in rest.split(&format!("\n{MARK}")) {
        let (key, body) = section
            .split_once('\n')
            .ok_or_else(|| format!("help.txt: no text after {section:?}"))?;
        // every text ends with a newline; the split took it from all but the last
        let start = offset(text, body);
        let end = (start + body.len() + 1).min(text.len());
        map.insert(key, &text[start..end]);
    }
    match KEYS.iter().find(|k| !map.contains_key(*k)) {
        Some(k) => Err(format!("help.txt: no text for {k:?}")),
        None => Ok(map),
    }
}

/// Where `part`, a slice of `text`, starts in it.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

fn texts() -> Option<&'static BTreeMap<&'static str, &'static str>> {
    #[cfg(feature = "explain-schema")]
    {
        // The embedded text is checked by the unit tests: a failure would be a build defect.
        Some(TEXTS.get_or_init(|| parse(TEXT).unwrap_or_else(|e| panic!("{e}"))))
    }
    #[cfg(not(feature = "explain-schema"))]
    {
        TEXTS.get()
    }
}

/// kubectl's `-h` text for `key` (`get`, `rollout status`), if the texts are in place.
pub fn text(key: &str) -> Option<&'static str> {
    texts()?.get(key).copied()
}

/// Whether the help texts are in place (always, with the embedded ones).
pub fn loaded() -> bool {
    cfg!(feature = "explain-schema") || TEXTS.get().is_some()
}

/// Makes `text` (the format of `help.txt`) the help texts, for builds without the embedded
/// ones. Malformed text is an error and changes nothing; the first accepted text stays.
pub fn provide(text: String) -> Result<(), String> {
    if TEXTS.get().is_some() {
        return Ok(());
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let map = parse(text)?;
    let _ = TEXTS.set(map);
    Ok(())
}

/// Whether running `line` needs help texts that are not loaded yet: a kubectl command line
/// asking for `-h`/`--help`. A host that loads them on demand asks this before running a line.
pub fn needs_help(line: &str) -> bool {
    if loaded() {
        return false;
    }
    super::kubectl_words(line).is_some_and(|rest| rest.iter().any(|a| a == "--help" || a == "-h"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_txt_has_a_text_for_every_key() {
        let map = parse(include_str!("help.txt")).expect("help.txt parses");
        assert_eq!(map.len(), KEYS.len());
        let get = map["get"];
        assert!(get.starts_with("Display one or many resources.\n"));
        assert!(get.ends_with("(applies to all commands).\n"));
    }

    #[test]
    fn malformed_text_is_an_error() {
        assert!(parse("get\nno mark").is_err());
        assert!(parse("%%%% get\nonly one\n").is_err());
    }
}
