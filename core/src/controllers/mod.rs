//! Controllers: Deployment, ReplicaSet and the garbage collector. Each is a set of `Cluster`
//! methods driven by its work queue.

pub mod deployment;
pub mod gc;
pub mod replicaset;

#[cfg(test)]
mod tests;
