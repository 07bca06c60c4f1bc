//! Where in the editor buffer an error of `kubectl apply -f -` is: the message stays kubectl's
//! (the API server's words); this finds the line and column it is about.
//!
//! - YAML syntax errors (`error parsing STDIN: … yaml: line N: …`): the document is re-read with
//!   serde_yaml, whose error carries the exact line and column.
//! - Field errors name a field path (`spec.replicas: Invalid value`, `Go struct field
//!   DeploymentSpec.spec.replicas`, `unknown field "spec.foo"`, `namespaces "x" not found`):
//!   the path is looked up in the block-style YAML of the document the error names. A missing
//!   field (`Required value`) points at its nearest parent that exists.

use serde::Deserialize;

/// A problem to show at a place in the buffer (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A document of the buffer: its first line (0-based) and text.
struct Doc<'a> {
    start: usize,
    lines: Vec<&'a str>,
}

/// Splits like kubectl's YAML reader: a line starting with `---` separates documents.
fn documents(text: &str) -> Vec<Doc<'_>> {
    let mut docs = vec![Doc {
        start: 0,
        lines: Vec::new(),
    }];
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") && line[3..].trim().is_empty() {
            docs.push(Doc {
                start: i + 1,
                lines: Vec::new(),
            });
        } else if let Some(d) = docs.last_mut() {
            d.lines.push(line);
        }
    }
    docs
}

/// Locates every problem in `stderr` (kubectl's error output for applying `text`). Lines of
/// the output that are not about a place (e.g. `ensure CRDs are installed first`) ride along
/// with the error before them.
pub fn locate(text: &str, stderr: &str) -> Vec<InlineError> {
    let docs = documents(text);
    let mut out: Vec<InlineError> = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            continue;
        }
        if line.contains("error parsing") || line.contains("error converting YAML") {
            out.push(syntax_error(&docs, line));
            continue;
        }
        // `The Deployment "x" is invalid: ` followed by `* path: message` bullets.
        if line.ends_with("is invalid: ") || line.ends_with("is invalid:") {
            let doc = doc_named(&docs, line);
            while let Some(b) = lines.peek() {
                let Some(bullet) = b.strip_prefix("* ") else {
                    break;
                };
                let (line_no, col) = field_position(&docs, doc, bullet);
                out.push(InlineError {
                    line: line_no,
                    column: col,
                    message: format!("{}\n{}", line.trim_end(), b),
                });
                lines.next();
            }
            continue;
        }
        if line.starts_with("* ")
            || line.starts_with("Error from server")
            || line.starts_with("error:")
            || line.starts_with("The ")
        {
            let doc = doc_named(&docs, line);
            let (line_no, col) = field_position(&docs, doc, line);
            out.push(InlineError {
                line: line_no,
                column: col,
                message: line.to_string(),
            });
            continue;
        }
        match out.last_mut() {
            Some(prev) => {
                prev.message.push('\n');
                prev.message.push_str(line);
            }
            None => out.push(InlineError {
                line: 1,
                column: 1,
                message: line.to_string(),
            }),
        }
    }
    out
}

fn syntax_error(docs: &[Doc], message: &str) -> InlineError {
    for d in docs {
        let text = d.lines.join("\n");
        for doc in serde_yaml::Deserializer::from_str(&text) {
            if let Err(e) = serde::de::IgnoredAny::deserialize(doc) {
                if let Some(loc) = e.location() {
                    return InlineError {
                        line: d.start + loc.line(),
                        column: loc.column(),
                        message: message.to_string(),
                    };
                }
            }
        }
    }
    // Fall back on kubectl's `yaml: line N` (relative to the first document).
    let line = message
        .split("line ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    InlineError {
        line,
        column: 1,
        message: message.to_string(),
    }
}

/// The document the message names (`"name"` in quotes that is some document's
/// `metadata.name`), else the first non-empty one.
fn doc_named(docs: &[Doc], message: &str) -> usize {
    let quoted: Vec<&str> = message.split('"').skip(1).step_by(2).collect();
    for (i, d) in docs.iter().enumerate() {
        if let Some((l, c)) = find_path(&d.lines, &["metadata", "name"]) {
            let value = value_at(d.lines[l], c);
            if quoted.contains(&value) {
                return i;
            }
        }
    }
    docs.iter()
        .position(|d| {
            d.lines
                .iter()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .unwrap_or(0)
}

/// The plain value after `key:` on a line (quotes and comments removed).
fn value_at(line: &str, col: usize) -> &str {
    let rest = &line[col..];
    let v = rest.split_once(':').map(|x| x.1).unwrap_or("");
    let v = v.split(" #").next().unwrap_or("").trim();
    v.trim_matches(|c| c == '"' || c == '\'')
}

/// The field path a message is about, as segments (`spec.template.spec.containers[0].image` →
/// `spec`, `template`, `spec`, `containers`, `0`, `image`).
fn message_path(message: &str) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    // `Go struct field DeploymentSpec.spec.replicas of type int32`
    if let Some(rest) = message.split("Go struct field ").nth(1) {
        let field = rest.split_whitespace().next().unwrap_or("");
        if let Some((_, path)) = field.split_once('.') {
            candidates.push(path.to_string());
        }
    }
    // `unknown field "spec.foo"`
    if let Some(rest) = message.split("unknown field \"").nth(1) {
        candidates.push(rest.split('"').next().unwrap_or("").to_string());
    }
    // `namespaces "web-testing" not found`
    if message.contains("namespaces \"") && message.contains("not found") {
        candidates.push("metadata.namespace".into());
    }
    // `no matches for kind "Deployment" in version "extensions/v1beta1"`
    if message.contains("no matches for kind") {
        candidates.push("apiVersion".into());
    }
    if message.contains("Object 'Kind' is missing") || message.contains("kind not set") {
        candidates.push("kind".into());
    }
    if message.contains("apiVersion not set") {
        candidates.push("apiVersion".into());
    }
    // `* spec.selector: Required value` / `is invalid: spec.replicas: Invalid value: …`
    let body = message.trim_start_matches("* ");
    let body = body.rsplit("is invalid: ").next().unwrap_or(body);
    if let Some((path, _)) = body.split_once(": ") {
        if !path.contains(' ') && path.contains(|c: char| c.is_ascii_lowercase()) {
            candidates.push(path.to_string());
        }
    }
    let best = candidates
        .into_iter()
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    let mut segs = Vec::new();
    for part in best.split('.') {
        let mut p = part;
        while let Some(open) = p.find('[') {
            if open > 0 {
                segs.push(p[..open].to_string());
            }
            let close = p[open..].find(']').map(|c| open + c).unwrap_or(p.len());
            segs.push(p[open + 1..close.min(p.len())].to_string());
            p = p.get(close + 1..).unwrap_or("");
        }
        if !p.is_empty() {
            segs.push(p.to_string());
        }
    }
    segs
}

/// 1-based line and column of the field a message is about, in document `doc`.
fn field_position(docs: &[Doc], doc: usize, message: &str) -> (usize, usize) {
    let Some(d) = docs.get(doc) else {
        return (1, 1);
    };
    let path = message_path(message);
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    // Longest prefix of the path that exists: a missing field points at its parent.
    for n in (1..=segs.len()).rev() {
        if let Some((l, c)) = find_path(&d.lines, &segs[..n]) {
            return (d.start + l + 1, c + 1);
        }
    }
    let first = d
        .lines
        .iter()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or(0);
    (d.start + first + 1, 1)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// `key` when the text at `col` is `key:` followed by a space or the end of the line.
fn key_at(line: &str, col: usize) -> Option<&str> {
    let rest = line.get(col..)?;
    let (k, after) = if let Some(q) = rest.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = rest.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(|s| s.len()))?;
        (&rest[..end], &rest[end..])
    };
    let after = after.trim_start_matches(' ');
    after.starts_with(':').then_some(k.trim_end())
}

/// Column where a list item's content starts (after `- `), if the text at `col` is an item.
fn item_content(line: &str, col: usize) -> Option<usize> {
    let rest = line.get(col..)?;
    if rest == "-" {
        return Some(col + 1);
    }
    let after = rest.strip_prefix("- ")?;
    Some(col + 2 + (after.len() - after.trim_start_matches(' ').len()))
}

/// A mapping or sequence: lines `from..to`, whose first entry starts at (`from`, `col`) when
/// `inline` (a list item's content on the item line), else at the first non-blank line.
#[derive(Clone, Copy)]
struct Block {
    from: usize,
    to: usize,
    inline: Option<usize>,
}

/// Position (0-based line, column) of the key or item a path names.
fn find_path(lines: &[&str], path: &[&str]) -> Option<(usize, usize)> {
    let mut block = Block {
        from: 0,
        to: lines.len(),
        inline: None,
    };
    let mut pos = None;
    for seg in path {
        let (l, c, next) = match seg.parse::<usize>() {
            Ok(i) => find_item(lines, block, i)?,
            Err(_) => find_key(lines, block, seg)?,
        };
        pos = Some((l, c));
        block = next;
    }
    pos
}

/// The entries' column of a block and the first line to look at.
fn block_column(lines: &[&str], b: Block) -> Option<usize> {
    if let Some(c) = b.inline {
        return Some(c);
    }
    (b.from..b.to)
        .find(|&i| !is_blank(lines[i]))
        .map(|i| indent(lines[i]))
}

/// The value block of an entry at (`line`, `col`): following lines indented deeper, and list
/// items at the same column (`containers:` then `- name:` under it).
fn value_block(lines: &[&str], line: usize, col: usize, to: usize, key: bool) -> Block {
    let mut end = line + 1;
    while end < to {
        let l = lines[end];
        if is_blank(l)
            || indent(l) > col
            || (key && indent(l) == col && item_content(l, col).is_some())
        {
            end += 1;
        } else {
            break;
        }
    }
    Block {
        from: line + 1,
        to: end,
        inline: None,
    }
}

fn find_key(lines: &[&str], b: Block, key: &str) -> Option<(usize, usize, Block)> {
    let col = block_column(lines, b)?;
    for i in b.from..b.to {
        let l = lines[i];
        let c = if i == b.from && b.inline.is_some() {
            col
        } else {
            if is_blank(l) {
                continue;
            }
            let c = indent(l);
            if c < col {
                return None;
            }
            if c > col {
                continue;
            }
            c
        };
        if key_at(l, c) == Some(key) {
            return Some((i, c, value_block(lines, i, c, b.to, true)));
        }
    }
    None
}

fn find_item(lines: &[&str], b: Block, index: usize) -> Option<(usize, usize, Block)> {
    let col = block_column(lines, b)?;
    let mut n = 0;
    for i in b.from..b.to {
        let l = lines[i];
        if is_blank(l) || indent(l) != col {
            continue;
        }
        let Some(content) = item_content(l, col) else {
            continue;
        };
        if n == index {
            let mut inner = value_block(lines, i, col, b.to, false);
            inner.from = i;
            inner.inline = Some(content);
            return Some((i, content, inner));
        }
        n += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::{Cluster, ClusterConfig};

    fn apply(text: &str) -> Vec<InlineError> {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let out = c.exec("kubectl apply -f -", Some(text), &|_| Err(String::new()));
        assert_ne!(out.exit_code, 0, "{text}");
        locate(text, &out.stderr())
    }

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: a\n        image: nginx\n";

    #[test]
    fn yaml_syntax_errors_point_at_line_and_column() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  selector: a: b\n";
        let e = apply(text);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (7, 14));
        assert!(e[0]
            .message
            .contains("yaml: line 7: mapping values are not allowed"));
    }

    #[test]
    fn syntax_errors_in_a_later_document_count_lines_from_the_buffer_start() {
        let text = format!("{DEPLOY}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: x\n");
        let e = apply(&text);
        // The unclosed `{` on line 21 is noticed at the end of the document.
        assert!((21..=22).contains(&e[0].line), "{e:?}");
    }

    #[test]
    fn type_errors_point_at_the_field() {
        let e = apply(&DEPLOY.replace("replicas: 2", "replicas: \"two\""));
        assert_eq!((e[0].line, e[0].column), (6, 3));
        assert!(e[0].message.contains("spec.replicas"));
    }

    #[test]
    fn validation_bullets_point_at_each_field_or_its_parent() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx\n";
        let e = apply(text);
        assert!(e.len() >= 2, "{e:?}");
        // spec.selector is missing: its parent `spec`.
        assert_eq!((e[0].line, e[0].column), (5, 1));
        // spec.template.metadata.labels is missing: its parent `template`.
        assert_eq!((e[1].line, e[1].column), (7, 3));
    }

    #[test]
    fn list_indices_are_followed() {
        let text = DEPLOY.replace(
            "      - name: a\n        image: nginx\n",
            "      - name: a\n        image: nginx\n      - name: b\n        image: \"\"\n",
        );
        let e = apply(&text);
        assert!(e.iter().any(|e| e.line == 19), "{e:?}");
    }

    #[test]
    fn removed_api_versions_point_at_api_version() {
        let text = crate::samples::SAMPLES[10].yaml;
        let e = apply(text);
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(e[0].message.contains("ensure CRDs are installed first"));
    }

    #[test]
    fn paths_are_split_into_segments() {
        assert_eq!(
            message_path("* spec.template.spec.containers[1].image: Required value"),
            vec!["spec", "template", "spec", "containers", "1", "image"]
        );
    }
}
