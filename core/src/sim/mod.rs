//! The Cluster facade: owns the store, the virtual clock, the seeded RNG and the controllers.

use crate::output::CommandOutput;

/// How a cluster is built. Time and randomness come only from here and from `advance`.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    pub seed: u64,
    pub workers: u32,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            workers: 3,
        }
    }
}

/// A pod as a UI shows it: kubectl's STATUS and READY columns, and its controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    pub uid: String,
    pub namespace: String,
    pub name: String,
    /// kubectl's STATUS column (spec §9.2).
    pub status: String,
    /// kubectl's READY column, e.g. `1/1`.
    pub ready: String,
    pub restarts: u32,
    pub node: Option<String>,
    /// Name of the controlling owner (ReplicaSet or StatefulSet), if any.
    pub owner: Option<String>,
    pub owner_kind: Option<String>,
}

pub struct Cluster {
    now_ms: u64,
}

impl Cluster {
    pub fn new(_config: ClusterConfig) -> Self {
        Self { now_ms: 0 }
    }

    /// Runs one command line (`kubectl …` or `sim …`). `stdin` feeds `-f -`; `read_file` resolves
    /// `-f PATH` (core does no IO, so the host decides what a path means).
    pub fn exec(
        &mut self,
        line: &str,
        _stdin: Option<&str>,
        _read_file: &dyn Fn(&str) -> Result<String, String>,
    ) -> CommandOutput {
        CommandOutput::failure(format!("error: unknown command {line:?}"))
    }

    /// Runs a command line with no stdin and no files.
    pub fn run(&mut self, line: &str) -> CommandOutput {
        self.exec(line, None, &|p| {
            Err(format!("error: the path \"{p}\" does not exist"))
        })
    }

    /// Moves the virtual clock forward, firing timers and running controllers on the way.
    pub fn advance(&mut self, ms: u64) {
        self.now_ms += ms;
    }

    /// Virtual milliseconds since the cluster started.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// All pods, sorted by namespace and name.
    pub fn pods(&self) -> Vec<PodView> {
        Vec::new()
    }
}
