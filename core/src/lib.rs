//! kubeplay-core: Kubernetes v1.33 workload controllers and kubectl, simulated as a pure,
//! deterministic state machine. No IO, no wall clock, no global randomness: time comes in through
//! [`Cluster::advance`], randomness from the seed in [`ClusterConfig`].

pub mod api;
pub mod controllers;
pub mod kubectl;
pub mod nodes;
pub mod output;
pub mod script;
pub mod sim;
pub mod sort;
pub mod store;
pub mod view;

pub use output::{CommandOutput, Stream};
pub use sim::{Cluster, ClusterConfig, PodView, StepOutcome};
