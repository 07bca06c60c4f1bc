//! What `kubectl explain` and `-h` read, downloaded the first time a command needs it rather
//! than compiled into the wasm (kubeplay-core without its `explain-schema` feature): the
//! schemas would be the bundle's biggest part (~67 KB gzip), the help texts ~30 KB more, and
//! most sessions use neither.
//!
//! Trunk copies `core/src/kubectl/explain/schema.txt` and `core/src/kubectl/help.txt` into dist
//! under these stable names (see index.html). The URLs are relative: the page may be served
//! under any sub-path.

use std::cell::Cell;

use kubeplay_core::kubectl::explain::{needs_schema, provide_schema, schema_loaded};
use kubeplay_core::kubectl::help;

pub const URL: &str = "schema.txt";

/// kubectl's `-h` texts, fetched with the schemas (`core/src/kubectl/help.txt`, copied into
/// dist under this name).
pub const HELP_URL: &str = "help.txt";

/// The hint under the terminal while the download runs.
pub const LOADING: &str = "Downloading kubectl's reference (API schemas and help texts)…";

thread_local! {
    static LOADING_NOW: Cell<bool> = const { Cell::new(false) };
}

/// Whether running `line` needs what this module downloads and does not have yet: the schemas
/// for `kubectl explain`, the help texts for `-h`.
pub fn needs_reference(line: &str) -> bool {
    needs_schema(line) || help::needs_help(line)
}

/// Starts the download unless the schemas and help texts are loaded or already on their way.
/// When it ends, they have been given to core (or not), and `done` runs with the outcome: the
/// text of an error for the terminal, as kubectl words an unreachable server.
pub fn load(done: impl FnOnce(Result<(), String>) + 'static) {
    if (schema_loaded() && help::loaded()) || LOADING_NOW.with(Cell::get) {
        return;
    }
    LOADING_NOW.with(|l| l.set(true));
    let help_then_done = move |schema: Result<(), String>| {
        if help::loaded() {
            LOADING_NOW.with(|l| l.set(false));
            done(schema);
            return;
        }
        crate::browser::fetch_text(HELP_URL, move |r| {
            LOADING_NOW.with(|l| l.set(false));
            let help =
                r.and_then(|text| help::provide(text).map_err(|e| format!("{HELP_URL}: {e}")));
            done(schema.and(help));
        });
    };
    if schema_loaded() {
        help_then_done(Ok(()));
        return;
    }
    crate::browser::fetch_text(URL, move |r| {
        help_then_done(r.and_then(|text| provide_schema(text).map_err(|e| format!("{URL}: {e}"))));
    });
}

/// What the page downloads, given to core directly (native tests build core without the
/// `explain-schema` feature, as the page does).
#[cfg(test)]
pub fn provide_for_tests() {
    provide_schema(include_str!("../../core/src/kubectl/explain/schema.txt").to_string())
        .expect("schema.txt parses");
    help::provide(include_str!("../../core/src/kubectl/help.txt").to_string())
        .expect("help.txt parses");
}
