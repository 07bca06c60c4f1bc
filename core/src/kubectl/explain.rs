//! `kubectl explain TYPE[.FIELD…] [--recursive] [--api-version=GROUP/VERSION]`, as kubectl v1.33
//! prints it from the server's OpenAPI v3 documents.
//!
//! Upstream: `staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go` (flags, argument errors,
//! resource lookup), `pkg/explain/explain.go` (`SplitAndParseResourceRequestWithMatchingPrefix`),
//! `pkg/explain/v2/explain.go` and `templates/plaintext.tmpl` (the output, mirrored function by
//! function below: `output`, `fieldList`, `fieldDetail`, `description`, `typeGuess`), `funcs.go`
//! (`wrap` = github.com/mitchellh/go-wordwrap v1.0.1 `WrapString`, `indent`). The schemas
//! (`explain/schema.txt`) are limited to the kinds kubeplay serves; they are compiled in with the
//! `explain-schema` feature (the default), else the host supplies them with `provide_schema`
//! (the web playground downloads them the first time `kubectl explain` needs them).

mod schema;

use super::args;
use super::resource::Resource;
use crate::CommandOutput;
use schema::{Field, Node, Schema};

/// The group/versions whose OpenAPI v3 documents the simulated server publishes, with the
/// resources each one's `paths` list.
fn served(group: &str, version: &str) -> Option<Vec<Resource>> {
    let rs = |g: &str| {
        Resource::ALL
            .into_iter()
            .filter(|r| r.group() == g)
            .collect::<Vec<_>>()
    };
    match (group, version) {
        ("", "v1") => Some(rs("")),
        ("apps", "v1") => Some(rs("apps")),
        ("autoscaling", "v1" | "v2") => Some(rs("autoscaling")),
        ("batch", "v1") => Some(rs("batch")),
        ("policy", "v1") => Some(rs("policy")),
        _ => None,
    }
}

/// How explain's RESTMapper lookup resolves `name` or `plural.group`: plural and singular names
/// ignore case, short names do not, and only the plural may carry a group (kubectl v1.33 explains
/// `deployments.apps` but reads `deployment.apps` as the field `apps` of `deployment`).
fn lookup(s: &str) -> Option<Resource> {
    let (name, group) = match s.split_once('.') {
        Some((n, g)) => (n, Some(g)),
        None => (s, None),
    };
    let lower = name.to_lowercase();
    Resource::ALL.into_iter().find(|r| match group {
        Some(g) => lower == r.plural() && !r.group().is_empty() && g == r.group(),
        None => {
            lower == r.plural()
                || lower == r.kind().to_lowercase()
                || Resource::short_names(*r).contains(&name)
        }
    })
}

/// `schema.ParseGroupVersion`.
fn parse_group_version(s: &str) -> Result<(String, String), String> {
    if s.is_empty() || s == "/" {
        return Ok((String::new(), String::new()));
    }
    match s.matches('/').count() {
        0 => Ok((String::new(), s.to_string())),
        1 => {
            let (g, v) = s.split_once('/').unwrap_or_default();
            Ok((g.to_string(), v.to_string()))
        }
        _ => Err(format!("error: unexpected GroupVersion string: {s}")),
    }
}

/// What `kubectl explain` prints while a build without the embedded schemas has not been given
/// them: the host normally provides them before running an explain command (`needs_schema`).
const NOT_LOADED: &str =
    "error: couldn't get the OpenAPI v3 schemas: not loaded (the host has not provided them)";

/// Makes `text` (the format of `explain/schema.txt`) the schemas `kubectl explain` reads, for
/// builds without the `explain-schema` feature. Malformed text is an error and changes nothing;
/// once schemas are in place, later calls keep them.
pub fn provide_schema(text: String) -> Result<(), String> {
    schema::provide(text)
}

/// Whether `kubectl explain` has its schemas (always, with the `explain-schema` feature).
pub fn schema_loaded() -> bool {
    schema::loaded()
}

/// Whether running `line` needs schemas that are not loaded yet: it is `kubectl explain …` (not
/// its `--help`). A host that loads them on demand asks this before running a line.
pub fn needs_schema(line: &str) -> bool {
    if schema_loaded() {
        return false;
    }
    super::kubectl_words(line).is_some_and(|rest| {
        super::command_index(&rest).is_some_and(|i| rest[i] == "explain")
            && !rest.iter().any(|a| a == "--help" || a == "-h")
    })
}

pub fn explain(raw: &[String]) -> CommandOutput {
    explain_with(raw, schema::schema())
}

fn explain_with(raw: &[String], schema: Option<&Schema>) -> CommandOutput {
    let p = match args::parse(
        raw,
        &[
            args::boolean("recursive"),
            args::flag("api-version"),
            args::flag("output"),
        ],
        "explain",
    ) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let recursive = match p.bool("recursive", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(e),
    };
    let api_version = p.get("api-version").unwrap_or("");
    match p.positional.len() {
        0 => return CommandOutput::failure("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources."),
        1 => {}
        _ => return CommandOutput::failure("error: We accept only this format: explain RESOURCE"),
    }
    // SplitAndParseResourceRequestWithMatchingPrefix: the longest dotted prefix naming a
    // resource; with --api-version only the first segment names it.
    let input = p.positional[0]
        .strip_suffix('.')
        .unwrap_or(&p.positional[0]);
    let parts: Vec<&str> = input.split('.').collect();
    let mut found = None;
    if api_version.is_empty() {
        for i in (1..=parts.len()).rev() {
            if let Some(r) = lookup(&parts[..i].join(".")) {
                found = Some((r, &parts[i..]));
                break;
            }
        }
    }
    let (resource, fields) = match found.or_else(|| lookup(parts[0]).map(|r| (r, &parts[1..]))) {
        Some(f) => f,
        None => {
            return CommandOutput::failure(format!(
                "the server doesn't have a resource type {}",
                crate::api::yaml::go_quote(parts[0])
            ))
        }
    };
    if fields
        .iter()
        .any(|f| f.is_empty() || f.contains(['[', ']']))
    {
        return CommandOutput::failure(
            "error: invalid jsonpath syntax, first node must be field node",
        );
    }
    match p.get("output").unwrap_or("plaintext") {
        "plaintext" => {}
        "plaintext-openapiv2" => return CommandOutput::failure(
            "error: \"kubectl explain --output=plaintext-openapiv2\" is not available in kubeplay",
        ),
        other => return CommandOutput::failure(format!("error: unrecognized format: {other}")),
    }
    let (mut group, mut version) = match resource.api_version().split_once('/') {
        Some((g, v)) => (g.to_string(), v.to_string()),
        None => (String::new(), resource.api_version().to_string()),
    };
    if !api_version.is_empty() {
        match parse_group_version(api_version) {
            Ok((g, v)) => (group, version) = (g, v),
            Err(e) => return CommandOutput::failure(e),
        }
    }
    let gvr = format!("{group}/{version}, Resource={}", resource.plural());
    let Some(resources) = served(&group, &version) else {
        return CommandOutput::failure(format!("error: couldn't find resource for \"{gvr}\""));
    };
    if !resources.contains(&resource) {
        return CommandOutput::failure(format!("error: GVR ({gvr}) not found in OpenAPI schema"));
    }
    let Some(s) = schema else {
        return CommandOutput::failure(NOT_LOADED);
    };
    let Some(root) = s.by_gvk(&group, &version, resource.kind()) else {
        return CommandOutput::failure(format!("error: GVR ({gvr}) not found in OpenAPI schema"));
    };
    let mut out = CommandOutput::new();
    let mut header = String::new();
    if !group.is_empty() {
        header.push_str(&format!("GROUP:      {group}\n"));
    }
    header.push_str(&format!(
        "KIND:       {}\nVERSION:    {version}\n\n",
        resource.kind()
    ));
    out.out(header);
    let r = Renderer { s, recursive };
    match r.output(Target::Type(root), fields) {
        Some(text) => out.out(text + "\n"),
        None => out.fail(format!(
            "error: field {} does not exist",
            crate::api::yaml::go_quote(fields.last().copied().unwrap_or(""))
        )),
    }
    out
}

/// Tab completion: the field names under `TYPE[.FIELD…]` (through arrays and maps), in
/// schema order; empty when the path does not name an object or the schemas are not loaded.
pub fn field_names(path: &str) -> Vec<&'static str> {
    let parts: Vec<&str> = path.split('.').collect();
    let Some((resource, fields)) = (1..=parts.len())
        .rev()
        .find_map(|i| lookup(&parts[..i].join(".")).map(|r| (r, &parts[i..])))
    else {
        return Vec::new();
    };
    let (group, version) = resource.api_version().split_once('/').unwrap_or(("", "v1"));
    let Some(s) = schema::schema() else {
        return Vec::new();
    };
    let Some(mut ty) = s.by_gvk(group, version, resource.kind()) else {
        return Vec::new();
    };
    for name in fields {
        let Some(f) = s.types[ty].fields.iter().find(|f| f.name == *name) else {
            return Vec::new();
        };
        let mut n = &f.node;
        while let Node::Array(inner) | Node::Map(inner) = n {
            n = inner;
        }
        match n {
            Node::Ref(i) => ty = *i,
            _ => return Vec::new(),
        }
    }
    s.types[ty].fields.iter().map(|f| f.name).collect()
}

/// A schema the template walks: a definition, a property (whose `$ref`, if it has a
/// description, the v3 document wraps in `allOf`), or an `items`/`additionalProperties`/`$ref`.
#[derive(Clone, Copy)]
enum Target<'a> {
    Type(usize),
    Field(&'a Field),
    Node(&'a Node),
}

struct Renderer<'a> {
    s: &'a Schema,
    recursive: bool,
}

impl<'a> Renderer<'a> {
    /// Template `output`: follow the field path, then DESCRIPTION and FIELDS. `None` is the
    /// template's empty output, which becomes `error: field "…" does not exist`.
    fn output(&self, t: Target<'a>, path: &[&str]) -> Option<String> {
        if path.is_empty() {
            let t = match t {
                Target::Node(Node::Ref(i)) => Target::Type(*i),
                t => t,
            };
            let mut desc = String::new();
            self.description(t, &mut desc);
            if desc.is_empty() {
                desc = "<empty>".into();
            }
            let mut s = format!("DESCRIPTION:\n{}\n", indent(4, &wrap(&desc, 76)));
            let mut fields = String::new();
            self.field_list(t, 1, &mut Vec::new(), &mut fields);
            if !fields.is_empty() {
                s.push_str("FIELDS:\n");
                s.push_str(&fields);
            }
            return Some(s);
        }
        match t {
            Target::Type(i) => {
                let f = self.s.types[i].fields.iter().find(|f| f.name == path[0])?;
                let mut s = String::new();
                if path.len() == 1 {
                    // the enum line (ENUM:) is never printed: the embedded data has no enums
                    s = format!("FIELD: {} <{}>\n\n\n", f.name, self.type_guess(&f.node));
                }
                Some(s + &self.output(Target::Field(f), &path[1..])?)
            }
            Target::Field(f) => self.output(Target::Node(&f.node), path),
            Target::Node(Node::Ref(i)) => self.output(Target::Type(*i), path),
            Target::Node(Node::Array(n) | Node::Map(n)) => self.output(Target::Node(n), path),
            Target::Node(Node::Prim(_)) => None,
        }
    }

    /// Template `description`: the schema's description, then those of what it refers to, each
    /// followed by a newline.
    fn description(&self, t: Target<'a>, out: &mut String) {
        let line = |d: Option<&str>, out: &mut String| {
            if let Some(d) = d.filter(|d| !d.is_empty()) {
                out.push_str(d);
                out.push('\n');
            }
        };
        match t {
            Target::Type(i) => line(self.s.string(self.s.types[i].desc), out),
            Target::Field(f) => {
                line(self.s.string(f.desc), out);
                self.description(Target::Node(&f.node), out);
            }
            Target::Node(Node::Ref(i)) => self.description(Target::Type(*i), out),
            Target::Node(Node::Array(n) | Node::Map(n)) => self.description(Target::Node(n), out),
            Target::Node(Node::Prim(_)) => {}
        }
    }

    /// Template `fieldList`: the properties sorted by name; with `--recursive`, one line each
    /// and their properties below, two spaces deeper; a type already on the path stops a cycle.
    fn field_list(&self, t: Target<'a>, level: usize, history: &mut Vec<usize>, out: &mut String) {
        match t {
            Target::Type(i) => {
                let ty = &self.s.types[i];
                for f in &ty.fields {
                    self.field_detail(f, ty.required.contains(&f.name), level, out);
                    if self.recursive {
                        self.field_list(Target::Field(f), level + 1, history, out);
                    }
                }
            }
            Target::Field(f) => self.field_list(Target::Node(&f.node), level, history, out),
            Target::Node(Node::Ref(i)) => {
                if !history.contains(i) {
                    history.push(*i);
                    self.field_list(Target::Type(*i), level, history, out);
                    history.pop();
                }
            }
            Target::Node(Node::Array(n) | Node::Map(n)) => {
                self.field_list(Target::Node(n), level, history, out)
            }
            Target::Node(Node::Prim(_)) => {}
        }
    }

    /// Template `fieldDetail`: `name<TAB><type> -required-`, then (not recursive) the wrapped
    /// description and a blank line.
    fn field_detail(&self, f: &Field, required: bool, level: usize, out: &mut String) {
        let ind = level * 2;
        out.push_str(&" ".repeat(ind));
        out.push_str(f.name);
        out.push_str(&format!("\t<{}>", self.type_guess(&f.node)));
        if required {
            out.push_str(" -required-");
        }
        out.push('\n');
        if !self.recursive {
            let desc = self
                .s
                .string(f.desc)
                .filter(|d| !d.is_empty())
                .unwrap_or("<no description>");
            out.push_str(&indent(ind + 2, &wrap(desc, 78 - ind)));
            out.push_str("\n\n");
        }
    }

    /// Template `typeGuess`: `[]T`, `map[string]T`, a referenced object type's name, else the
    /// JSON type (`Object` for object or none).
    fn type_guess(&self, n: &Node) -> String {
        match n {
            Node::Array(n) => format!("[]{}", self.type_guess(n)),
            Node::Map(n) => format!("map[string]{}", self.type_guess(n)),
            Node::Ref(i) => {
                let t = &self.s.types[*i];
                if t.json.is_empty() || t.json == "object" {
                    t.name.to_string()
                } else {
                    t.json.to_string()
                }
            }
            Node::Prim("object" | "") => "Object".into(),
            Node::Prim(p) => p.to_string(),
        }
    }
}

/// funcs.go `indent`: pad the first line and every line after a newline.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// github.com/mitchellh/go-wordwrap v1.0.1 `WrapString`: break at whitespace so lines stay
/// within `lim` runes where possible; words longer than the limit are not split; existing
/// newlines are kept; U+00A0 does not break.
fn wrap(s: &str, lim: usize) -> String {
    let mut buf = String::with_capacity(s.len() + 16);
    let (mut current, mut word, mut space) = (0usize, String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space_len <= lim {
                    buf.push_str(&space);
                }
                space.clear();
                space_len = 0;
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                word.clear();
                space_len = 0;
                word_len = 0;
            }
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                word.clear();
                space_len = 0;
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + space_len + word_len > lim && word_len < lim {
                buf.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a verylongword b", 4), "a\nverylongword\nb");
        assert_eq!(wrap("x\ny", 10), "x\ny");
    }

    #[test]
    fn field_names_follow_the_path() {
        provide_schema(include_str!("explain/schema.txt").to_string()).expect("parses");
        assert!(field_names("deploy").contains(&"spec"));
        assert!(field_names("pods.spec.containers").contains(&"image"));
        assert!(field_names("deploy.spec.replicas").is_empty());
        assert!(field_names("nope").is_empty());
    }

    #[test]
    fn lookup_follows_the_rest_mapper() {
        assert_eq!(lookup("deploy"), Some(Resource::Deployment));
        assert_eq!(lookup("Deployment"), Some(Resource::Deployment));
        assert_eq!(lookup("deployments.apps"), Some(Resource::Deployment));
        assert_eq!(lookup("deployment.apps"), None);
        assert_eq!(lookup("DEPLOY"), None);
        assert_eq!(lookup("pods.v1"), None);
        assert_eq!(
            lookup("horizontalpodautoscalers.autoscaling"),
            Some(Resource::HorizontalPodAutoscaler)
        );
    }

    #[test]
    fn without_schemas_explain_fails_like_kubectl_and_needs_them() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let out = explain_with(&args(&["deploy.spec.replicas"]), None);
        assert_eq!(
            (out.exit_code, out.stderr()),
            (1, format!("{NOT_LOADED}\n"))
        );
        // argument errors do not need them
        let out = explain_with(&args(&[]), None);
        assert!(out.stderr().contains("You must specify the type"));
        if !schema_loaded() {
            assert!(needs_schema("kubectl explain deploy"));
            assert!(needs_schema("k -n x explain deploy.spec --recursive"));
            assert!(!needs_schema("kubectl explain --help"));
            assert!(!needs_schema("kubectl get deploy"));
            assert!(!needs_schema("sim explain"));
        }
    }
}
