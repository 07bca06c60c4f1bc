//! What the generator commands (`create deployment`, `create namespace`, `run`, `expose`) share
//! once they have built their object client-side: kubectl's `--dry-run=client` prints it without
//! asking the server; otherwise it is created through the API server's write path (on a copy of
//! the cluster for `--dry-run=server`) and printed as `-o` asks.

use super::args::{self, boolean, flag, short, Parsed};
use super::patch;
use super::resource::Resource;
use crate::api::server::ApiError;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

/// The flags every `create GENERATOR` subcommand has besides its own: kubectl's PrintFlags,
/// AddApplyAnnotationFlags, AddValidateFlags, AddFieldManagerFlagVar and AddDryRunFlag.
const GENERATOR_FLAGS: &[args::Flag] = &[
    flag("dry-run"),
    short("output", 'o'),
    boolean("save-config"),
    flag("validate"),
    flag("field-manager"),
    flag("template"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
];

/// A generator's own flags and the common ones.
pub(super) fn generator_flags(own: &[args::Flag]) -> Vec<args::Flag> {
    own.iter().chain(GENERATOR_FLAGS).copied().collect()
}

pub(super) struct Generated {
    pub resource: Resource,
    /// The namespace the object is created in (ignored for cluster-scoped kinds).
    pub namespace: String,
    /// The name printer's `<kind>/<name>`.
    pub printed: String,
    /// What the name printer says happened: `created`, `exposed`.
    pub verb: &'static str,
    /// The object sent to the API server.
    pub object: Value,
    /// `--dry-run=client -o yaml|json`: the Go object marshalled (zero-valued structs shown);
    /// `-o json` writes it in Go struct field order (`printers/go_order.rs`).
    pub client_yaml: Value,
}

/// A `create GENERATOR NAME` command's name (exactly one, after the generator word) and its
/// `--dry-run` and `-o`, or kubectl's error.
pub(super) fn name_and_mode<'p>(
    p: &'p Parsed,
    command: &str,
) -> Result<(String, Option<&'static str>, Option<&'p str>), CommandOutput> {
    let names = &p.positional[1.min(p.positional.len())..];
    if names.len() != 1 {
        return Err(CommandOutput::failure(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl {command} -h' for help and examples",
            names.len()
        )));
    }
    let output = p.get("output").filter(|o| !o.is_empty());
    let dry_run = patch::dry_run(p)
        .and_then(|d| patch::check_output(output).map(|_| d))
        .map_err(|e| CommandOutput::failure(format!("error: {}", e.text())))?;
    Ok((names[0].clone(), dry_run, output))
}

/// Runs the dry run or the create and prints the outcome; `server_error` words a refusal.
pub(super) fn finish(
    cluster: &mut Cluster,
    g: Generated,
    dry_run: Option<&str>,
    output: Option<&str>,
    server_error: impl Fn(&ApiError) -> String,
) -> CommandOutput {
    let mut out = CommandOutput::new();
    if dry_run == Some("client") {
        // every printer gets the object kubectl built, never sent
        let operation = format!("{} (dry run)", g.verb);
        patch::print_typed_object(
            &mut out,
            output,
            &g.printed,
            &operation,
            &g.client_yaml,
            &mut 0,
        );
        return out;
    }
    let mut scratch;
    let target = if dry_run == Some("server") {
        scratch = cluster.clone();
        &mut scratch
    } else {
        &mut *cluster
    };
    match target.create_value(g.object, &g.namespace) {
        Ok(created) => {
            let v = target
                .object_value(g.resource, &g.namespace, &created)
                .unwrap_or_default();
            // the typed client decodes the server's answer: `-o json` in Go struct field order
            let operation = format!("{}{}", g.verb, patch::dry_suffix(dry_run));
            patch::print_typed_object(&mut out, output, &g.printed, &operation, &v, &mut 0);
        }
        Err(e) => {
            out.fail(server_error(&e));
            return out;
        }
    }
    cluster.drain();
    out
}

/// The words of a `create` line whose subcommand is not known yet, read with every
/// subcommand's flags: what parsing finds, or (when a flag is wrong) every word that is not a
/// flag, so that the subcommand still decides whose error the line gets.
pub(super) fn create_words(raw: &[String], flags: &[args::Flag], command: &str) -> Vec<String> {
    match args::parse(raw, flags, command) {
        Ok(p) => p.positional,
        Err(_) => raw
            .iter()
            .filter(|a| !a.starts_with('-'))
            .cloned()
            .collect(),
    }
}
