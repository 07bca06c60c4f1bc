//! The schemas `kubectl explain` reads, downloaded the first time a command needs them rather
//! than compiled into the wasm (kubeplay-core without its `explain-schema` feature): they would
//! be the bundle's biggest part (~67 KB gzip), and most sessions never explain anything.
//!
//! Trunk copies `core/src/kubectl/explain/schema.txt` into dist under this stable name (see
//! index.html). The URL is relative: the page may be served under any sub-path.

use std::cell::Cell;

use kubeplay_core::kubectl::explain::{provide_schema, schema_loaded};

pub const URL: &str = "schema.txt";

/// The hint under the terminal while the download runs.
pub const LOADING: &str = "Downloading the API schemas for kubectl explain…";

thread_local! {
    static LOADING_NOW: Cell<bool> = const { Cell::new(false) };
}

/// Starts the download unless the schemas are loaded or already on their way. When it ends,
/// they have been given to core (or not), and `done` runs with the outcome: the text of an
/// error for the terminal, as kubectl words an unreachable server.
pub fn load(done: impl FnOnce(Result<(), String>) + 'static) {
    if schema_loaded() || LOADING_NOW.with(Cell::get) {
        return;
    }
    LOADING_NOW.with(|l| l.set(true));
    crate::browser::fetch_text(URL, move |r| {
        LOADING_NOW.with(|l| l.set(false));
        done(r.and_then(|text| provide_schema(text).map_err(|e| format!("{URL}: {e}"))));
    });
}

/// What the page downloads, given to core directly (native tests build core without the
/// `explain-schema` feature, as the page does).
#[cfg(test)]
pub fn provide_for_tests() {
    provide_schema(include_str!("../../core/src/kubectl/explain/schema.txt").to_string())
        .expect("schema.txt parses");
}
