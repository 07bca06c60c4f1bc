//! The page state: a core `Cluster` plus the terminal log, adapted to Yew's reducer.
//!
//! All behaviour lives in kubeplay-core; this module only forwards actions to it.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use kubeplay_core::{Cluster, ClusterConfig, CommandOutput};
use yew::{AttrValue, Reducible};

use crate::scenario;

/// Upper bound of the terminal log, in bytes; older lines are dropped first.
const LOG_MAX_BYTES: usize = 256 * 1024;

/// One playground session. Interior mutability lets the reducer advance the cluster in place
/// (`use_reducer` re-renders on every dispatched action).
pub struct Playground {
    cluster: RefCell<Cluster>,
    /// Shared, immutable text: rendering clones a pointer, not the log.
    log: RefCell<AttrValue>,
}

/// What the page can ask of the session.
pub enum Action {
    /// Move the virtual clock forward by this many milliseconds.
    Advance(u64),
    /// Run one command line typed into the terminal.
    Run(String),
}

impl Playground {
    /// A cluster with the default scenario (seeds/003's nginx Deployment) applied.
    pub fn with_default_scenario() -> Self {
        let mut cluster = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let output = cluster.exec(
            scenario::APPLY_LINE,
            Some(scenario::NGINX_DEPLOYMENT),
            &|p| Err(format!("error: the path \"{p}\" does not exist")),
        );
        let session = Self {
            cluster: RefCell::new(cluster),
            log: RefCell::new(AttrValue::default()),
        };
        session.record(scenario::APPLY_LINE, &output);
        session
    }

    pub fn cluster(&self) -> Ref<'_, Cluster> {
        self.cluster.borrow()
    }

    pub fn log(&self) -> AttrValue {
        self.log.borrow().clone()
    }

    fn record(&self, line: &str, output: &CommandOutput) {
        let mut log = self.log.borrow().to_string();
        log.push_str("$ ");
        log.push_str(line);
        log.push('\n');
        log.push_str(&output.combined());
        if !log.is_empty() && !log.ends_with('\n') {
            log.push('\n');
        }
        trim_front(&mut log, LOG_MAX_BYTES);
        *self.log.borrow_mut() = AttrValue::from(log);
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Advance(ms) => self.cluster.borrow_mut().advance(ms),
            Action::Run(line) => {
                let output = self.cluster.borrow_mut().run(&line);
                self.record(&line, &output);
            }
        }
        self
    }
}

/// Drops whole lines from the front of `log` until it is at most `max` bytes.
fn trim_front(log: &mut String, max: usize) {
    if log.len() <= max {
        return;
    }
    let excess = log.len() - max;
    let cut = match log[excess..].find('\n') {
        Some(i) => excess + i + 1,
        None => log.len(),
    };
    log.drain(..cut);
}

/// Virtual time as the clock shows it: `12.3s`, `4m05.0s`, `1h02m03s`.
pub fn format_virtual_time(ms: u64) -> String {
    let tenths = (ms / 100) % 10;
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m{s:02}s")
    } else if m > 0 {
        format!("{m}m{s:02}.{tenths}s")
    } else {
        format!("{s}.{tenths}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_time_is_formatted_like_a_clock() {
        assert_eq!(format_virtual_time(0), "0.0s");
        assert_eq!(format_virtual_time(12_345), "12.3s");
        assert_eq!(format_virtual_time(245_000), "4m05.0s");
        assert_eq!(format_virtual_time(3_723_000), "1h02m03s");
    }

    #[test]
    fn log_is_trimmed_at_line_boundaries() {
        let mut log = String::from("aaaa\nbbbb\ncccc\n");
        trim_front(&mut log, 11);
        assert_eq!(log, "bbbb\ncccc\n");
        trim_front(&mut log, 9);
        assert_eq!(log, "cccc\n");
        trim_front(&mut log, 100);
        assert_eq!(log, "cccc\n");
    }
}
