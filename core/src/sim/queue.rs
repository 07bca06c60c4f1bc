//! A deduplicating FIFO work queue keyed by object, like client-go's workqueue: a key already
//! waiting is not added twice, so bursts of events coalesce into one sync.

use rustc_hash::FxHashSet;
use std::collections::VecDeque;
use std::hash::Hash;

#[derive(Debug, Clone)]
pub struct WorkQueue<K: Hash + Eq + Clone> {
    order: VecDeque<K>,
    /// The keys in `order` (only its order reaches output; this set is never iterated).
    waiting: FxHashSet<K>,
}

impl<K: Hash + Eq + Clone> Default for WorkQueue<K> {
    fn default() -> Self {
        Self {
            order: VecDeque::new(),
            waiting: FxHashSet::default(),
        }
    }
}

impl<K: Hash + Eq + Clone> WorkQueue<K> {
    /// Queues `key` unless it already waits (every pod write of a busy ReplicaSet adds it).
    pub fn add(&mut self, key: K) {
        if !self.waiting.contains(&key) {
            self.waiting.insert(key.clone());
            self.order.push_back(key);
        }
    }

    pub fn pop(&mut self) -> Option<K> {
        let k = self.order.pop_front()?;
        self.waiting.remove(&k);
        Some(k)
    }

    /// Removes and returns everything queued, in FIFO order.
    pub fn take_all(&mut self) -> Vec<K> {
        self.waiting.clear();
        self.order.drain(..).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_coalesce_and_order_is_fifo() {
        let mut q = WorkQueue::default();
        q.add("b");
        q.add("a");
        q.add("b");
        assert_eq!(q.pop(), Some("b"));
        assert_eq!(q.pop(), Some("a"));
        assert_eq!(q.pop(), None);
        q.add("b");
        assert_eq!(q.len(), 1);
    }
}
