//! `kubectl edit`. kubeplay's terminal has no interactive editor, so the command ends as kubectl
//! does when `$EDITOR` (default `vi`) cannot be started, unless `KUBE_EDITOR`/`EDITOR` names
//! one that edits without a person (`sed -i …`, see [`edit_with`]). The browser UI edits
//! instead: [`edit_target`] gives the object as kubectl would open it, [`edit_save`] stores
//! what the user saved, with kubectl's messages (`deployment.apps/x edited`, `Edit cancelled,
//! no changes made.`).

use super::args::{self, boolean, flag, short, short_bool, Parsed};
use super::patch::{finish, select, Fail, Select, Target};
use super::printers::yaml::to_yaml;
use super::resource::Resource;
use super::Ctx;
use super::NO_RESOURCES;
use crate::api::server::resource_of;
use crate::api::yaml::parse_documents;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    boolean("allow-missing-template-keys"),
    flag("field-manager"),
    short("filename", 'f'),
    short("kustomize", 'k'),
    short("output", 'o'),
    boolean("output-patch"),
    short_bool("recursive", 'R'),
    boolean("save-config"),
    boolean("show-managed-fields"),
    flag("subresource"),
    flag("template"),
    flag("validate"),
    boolean("windows-line-endings"),
    boolean("record"),
];

/// The comment kubectl puts above the object in the editor.
pub const EDIT_HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// What the terminal has instead of an editor.
pub const NO_EDITOR: &str = "error: unable to launch the editor \"vi\"";

pub fn edit(cluster: &mut Cluster, raw: &[String], ctx: &Ctx) -> CommandOutput {
    match open(cluster, raw, ctx) {
        Ok(targets) => match cluster.command_editor.clone() {
            Some(editor) => edit_with(cluster, &buffer(&targets), &editor),
            None => CommandOutput::failure(NO_EDITOR),
        },
        Err(e) => {
            let mut out = CommandOutput::new();
            finish(&mut out, vec![e]);
            out
        }
    }
}

/// The objects `kubectl edit <args>` would open, after its argument and flag checks.
fn open(cluster: &Cluster, raw: &[String], ctx: &Ctx) -> Result<Vec<Target>, Fail> {
    let p: Parsed = args::parse(raw, FLAGS, "edit").map_err(Fail::Server)?;
    match p.get("output") {
        None | Some("") | Some("yaml") | Some("json") => {}
        Some(o) => return Err(Fail::Plain(format!("unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,yaml"))),
    }
    match p.get("validate") {
        None | Some("strict" | "true" | "warn" | "ignore" | "false") => {}
        Some(v) => return Err(Fail::Plain(format!("invalid - validate option \"{v}\"; must be one of: strict (or true), warn, ignore (or false)"))),
    }
    if p.positional.is_empty() && p.all("filename").is_empty() {
        return Err(Fail::Plain(NO_RESOURCES.into()));
    }
    let sel = Select {
        resources: &p.positional,
        selector: None,
        field_selector: None,
        all: true,
        all_namespaces: false,
    };
    let (targets, _) = select(cluster, &p, &sel, ctx)?;
    if let Some(t) = targets.iter().find(|t| t.live.is_none()) {
        return Err(t.not_found());
    }
    if p.get("subresource")
        .is_some_and(|s| !s.is_empty() && s != "status")
    {
        return Err(Fail::Server(
            "Error from server (NotFound): the server could not find the requested resource".into(),
        ));
    }
    if targets.is_empty() {
        return Err(Fail::Plain("edit cancelled, no objects found".into()));
    }
    Ok(targets)
}

/// The buffer `kubectl edit` opens for `raw` (the words after `edit`): kubectl's header comment
/// and the object as YAML (a `v1 List` when several objects are named). Errors are kubectl's text.
pub fn edit_target(cluster: &Cluster, raw: &[String]) -> Result<(Resource, String), String> {
    let no_files = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
    let ctx = Ctx {
        stdin: None,
        read_file: &no_files,
    };
    let targets = open(cluster, raw, &ctx).map_err(|e| match e {
        Fail::Plain(m) => format!("error: {m}"),
        Fail::Server(m) => m,
    })?;
    Ok((targets[0].r, buffer(&targets)))
}

/// kubectl's header comment and the objects as YAML (a `v1 List` when there are several).
fn buffer(targets: &[Target]) -> String {
    let objects: Vec<Value> = targets.iter().filter_map(|t| t.live.clone()).collect();
    let doc = match objects.as_slice() {
        [one] => one.clone(),
        many => {
            json!({"apiVersion": "v1", "items": many, "kind": "List", "metadata": {"resourceVersion": ""}})
        }
    };
    format!("{EDIT_HEADER}{}", to_yaml(&doc))
}

/// The terminal's `KUBE_EDITOR`/`EDITOR` run on the buffer, for scripts that edit without a
/// person (`KUBE_EDITOR="sed -i s/nginx:1.14.2/nginx:1.16.1/" kubectl edit deploy/x`). As
/// kubectl's `editor.go` starts it: split at each space, unless it also has a quote or a
/// backslash, when `/bin/bash -c` reads it. Of the programs editors name, kubeplay runs `sed`
/// (its `-i` edits the file; without it sed prints the file, unchanged), `true` and `cat`
/// (which change nothing); others fail as kubectl reports an editor that cannot start or that
/// exits with an error.
fn edit_with(cluster: &mut Cluster, original: &str, editor: &str) -> CommandOutput {
    let through_shell = editor.contains(' ') && editor.contains(['"', '\'', '\\']);
    let (words, shown) = if through_shell {
        let words = super::shell::split_words(editor).unwrap_or_default();
        (words, format!("/bin/bash -c {editor}"))
    } else {
        (
            editor.split(' ').map(str::to_string).collect(),
            editor.to_string(),
        )
    };
    let problem = |out: &mut CommandOutput| {
        out.fail(format!(
            "error: there was a problem with the editor {}",
            crate::api::yaml::go_quote(&shown)
        ));
    };
    let mut out = CommandOutput::new();
    let program = words
        .first()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .unwrap_or("");
    let edited = match program {
        "true" | "cat" => original.to_string(),
        "sed" => {
            let in_place = |w: &str| {
                w == "--in-place"
                    || w.starts_with("--in-place=")
                    || (w.starts_with("-i") && !w.starts_with("--"))
            };
            let args: Vec<String> = words[1..]
                .iter()
                .filter(|w| !in_place(w))
                .cloned()
                .collect();
            let ran = super::sed::sed(&args, original);
            if ran.exit_code != 0 {
                out.extend(ran);
                problem(&mut out);
                return out;
            }
            if words[1..].iter().any(|w| in_place(w)) {
                ran.stdout()
            } else {
                // the edited file is the one sed read: what it printed goes to the terminal
                out.extend(ran);
                original.to_string()
            }
        }
        _ if through_shell => {
            out.err(format!("/bin/bash: line 1: {program}: command not found\n"));
            problem(&mut out);
            return out;
        }
        _ => {
            return CommandOutput::failure(format!(
                "error: unable to launch the editor {}",
                crate::api::yaml::go_quote(editor)
            ))
        }
    };
    let saved = edit_save(cluster, original, &edited);
    out.exit_code = saved.exit_code;
    out.extend(saved);
    out
}

fn strip_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn items(v: Value) -> Vec<Value> {
    match v {
        Value::Object(mut m) if m.get("kind").and_then(Value::as_str) == Some("List") => {
            match m.remove("items") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        other => vec![other],
    }
}

fn ident(v: &Value) -> (String, String, String) {
    let s = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    (s("/apiVersion"), s("/kind"), s("/metadata/name"))
}

/// Saves an edit: `original` is the buffer [`edit_target`] gave, `edited` what the user saved.
/// Output as kubectl prints it after the editor closes.
pub fn edit_save(cluster: &mut Cluster, original: &str, edited: &str) -> CommandOutput {
    let mut out = CommandOutput::new();
    let edited = strip_comments(edited);
    if edited.trim().is_empty() {
        out.err("Edit cancelled, saved file was empty.\n");
        return out;
    }
    let original = strip_comments(original);
    if edited == original {
        out.err("Edit cancelled, no changes made.\n");
        return out;
    }
    let parse = |t: &str| {
        parse_documents(t, "edited-file")
            .map(|d| d.into_iter().flat_map(items).collect::<Vec<Value>>())
    };
    let (before, after) = match (parse(&original), parse(&edited)) {
        (Ok(b), Ok(a)) => (b, a),
        (_, Err(e)) | (Err(e), _) => {
            out.fail(format!("error: {e}"));
            return out;
        }
    };
    if before.len() != after.len() || before.iter().zip(&after).any(|(b, a)| ident(b) != ident(a)) {
        out.fail("error: At least one of apiVersion, kind and name was changed");
        return out;
    }
    let mut errors = Vec::new();
    for (b, a) in before.iter().zip(after) {
        let Some(r) = resource_of(&a) else { continue };
        let printed = format!("{}/{}", r.qualified_singular(), ident(&a).2);
        if *b == a {
            out.out(format!("{printed} skipped\n"));
            continue;
        }
        match cluster.update_value(a) {
            Ok(_) => out.out(format!("{printed} edited\n")),
            Err(e) => errors.push(Fail::Server(e.to_kubectl())),
        }
    }
    finish(&mut out, errors);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_edit_fails_like_a_missing_editor() {
        let mut c = super::super::patch::demo_cluster();
        assert_eq!(
            c.run("kubectl edit deployment/nginx").stderr(),
            "error: unable to launch the editor \"vi\"\n"
        );
        assert_eq!(
            c.run("kubectl edit deploy nope").stderr(),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(c.run("kubectl edit deploy/nginx -o wide").stderr(), "error: unable to match a printer suitable for the output format \"wide\", allowed formats are: json,yaml\n");
        assert!(c
            .run("kubectl edit")
            .stderr()
            .starts_with("error: You must provide one or more resources by argument or filename."));
    }

    #[test]
    fn ui_edit_round_trip() {
        let mut c = super::super::patch::demo_cluster();
        let (r, text) = edit_target(&c, &["deployment/nginx".to_string()]).unwrap();
        assert_eq!(r, Resource::Deployment);
        assert!(text.starts_with(EDIT_HEADER));
        assert!(text.contains("image: nginx:1.14.2"));
        assert_eq!(
            edit_save(&mut c, &text, &text).stderr(),
            "Edit cancelled, no changes made.\n"
        );
        assert_eq!(
            edit_save(&mut c, &text, "# nothing\n").stderr(),
            "Edit cancelled, saved file was empty.\n"
        );
        let edited = text.replace("image: nginx:1.14.2", "image: nginx:1.16.1");
        assert_eq!(
            edit_save(&mut c, &text, &edited).stdout(),
            "deployment.apps/nginx edited\n"
        );
        let d = c.store().deployments.iter().next().unwrap().clone();
        assert_eq!(
            d.spec
                .template
                .spec
                .pointer("/containers/0/image")
                .and_then(Value::as_str),
            Some("nginx:1.16.1")
        );
        let renamed = text.replace("name: nginx\n  namespace", "name: other\n  namespace");
        assert_eq!(
            edit_save(&mut c, &text, &renamed).stderr(),
            "error: At least one of apiVersion, kind and name was changed\n"
        );
        assert_eq!(
            edit_target(&c, &["deploy/nope".to_string()]).unwrap_err(),
            "Error from server (NotFound): deployments.apps \"nope\" not found"
        );
    }
}
