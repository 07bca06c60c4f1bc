//! Behaviour tests of the workload controllers against the simulated Cluster.
