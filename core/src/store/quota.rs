//! Per-namespace running sums of what pods are charged for by ResourceQuotas (the quota
//! controller's `CalculateUsage`, kept incrementally): a pod's write adjusts its namespace's
//! sums by its own usage, so a quota's `status.used` is read in O(hard resources), never by
//! listing pods. Only namespaces holding a ResourceQuota are tracked (their pods are summed
//! once when the first quota arrives, as the controller's first sync lists them); other
//! namespaces cost a hash lookup per pod write.

use crate::api::quota::{add, bucket_index, PodUsage, Qty};
use crate::api::Pod;
use rustc_hash::FxHashMap;

/// Sums of the pods of one scope bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// Non-terminal pods (`pods`).
    pub pods: i64,
    /// All pods in storage (`count/pods`).
    pub count: i64,
    /// Per `quota::COMPUTE`, None while zero (the next pod's quantity sets the format, as
    /// Quantity.Add on a zero does).
    pub res: [Option<Qty>; 6],
}

/// One namespace: sums per (best effort, terminating) bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NsUsage {
    pub buckets: [Sums; 4],
}

#[derive(Debug, Clone, Default)]
pub struct QuotaUsage {
    by_ns: FxHashMap<String, NsUsage>,
    /// Namespaces whose sums changed since the quota controller last looked (its
    /// replenishment queue), in name order.
    dirty: std::collections::BTreeSet<String>,
}

impl QuotaUsage {
    pub fn is_empty(&self) -> bool {
        self.by_ns.is_empty()
    }

    pub fn tracks(&self, ns: &str) -> bool {
        !self.by_ns.is_empty() && self.by_ns.contains_key(ns)
    }

    pub fn get(&self, ns: &str) -> Option<&NsUsage> {
        self.by_ns.get(ns)
    }

    /// Starts tracking a namespace with the usage of its pods.
    pub fn start<'a>(&mut self, ns: &str, pods: impl Iterator<Item = &'a Pod>) {
        let mut u = NsUsage::default();
        for p in pods {
            apply(&mut u, &usage(p), 1);
        }
        self.by_ns.insert(ns.to_string(), u);
    }

    pub fn stop(&mut self, ns: &str) {
        self.by_ns.remove(ns);
        self.dirty.remove(ns);
    }

    /// The namespaces to resync, emptied.
    pub fn take_dirty(&mut self) -> Vec<String> {
        if self.dirty.is_empty() {
            return Vec::new();
        }
        std::mem::take(&mut self.dirty).into_iter().collect()
    }

    /// Adds (`sign` 1) or takes away (-1) a pod's usage, if its namespace is tracked.
    pub fn count(&mut self, pod: &Pod, sign: i64) {
        if let Some(u) = self.by_ns.get_mut(pod.metadata.namespace.as_str()) {
            apply(u, &usage(pod), sign);
            self.dirty.insert(pod.metadata.namespace.to_string());
        }
    }
}

impl QuotaUsage {
    /// [`QuotaUsage::count`] of the pod as it was in a phase terminal or not.
    pub fn count_as(&mut self, pod: &Pod, terminal: bool, sign: i64) {
        if let Some(u) = self.by_ns.get_mut(pod.metadata.namespace.as_str()) {
            apply(u, &PodUsage::of(&pod.spec, terminal), sign);
            self.dirty.insert(pod.metadata.namespace.to_string());
        }
    }
}

fn usage(p: &Pod) -> PodUsage {
    PodUsage::of(&p.spec, p.status.phase.is_terminal())
}

fn apply(u: &mut NsUsage, p: &PodUsage, sign: i64) {
    let b = &mut u.buckets[bucket_index(p.best_effort, p.terminating)];
    b.count += sign;
    if !p.live {
        return;
    }
    b.pods += sign;
    for (sum, q) in b.res.iter_mut().zip(p.res) {
        let Some(q) = q else { continue };
        let next = add(*sum, (q.0.saturating_mul(i128::from(sign)), q.1));
        *sum = (next.0 != 0).then_some(next);
    }
}
