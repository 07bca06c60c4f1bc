//! Events, kept in recording order.
//!
//! A rollout records several Events per pod (Scheduled, Pulling, Pulled, Created, Started,
//! Killing, and the ReplicaSet's `Created pod`), and the oldest expire past
//! [`crate::sim::MAX_EVENTS`]: recording and expiring must be cheap, while listing (`kubectl get
//! events`, `describe`) is rare. So Events live in a queue in recording order, found by the
//! timestamp suffix of their names (`<object>.<hex stamp>`, as client-go names them) and by
//! their aggregation key; the API's name order is produced when a list is asked for.

use crate::api::{Event, ObjKey};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// Events in recording order; `items[i]` has sequence number `first + i`.
    items: VecDeque<Event>,
    first: u64,
    /// Name stamp → sequence number of the Event named with it.
    by_stamp: FxHashMap<u64, u64>,
    /// Sequence numbers of Events whose stamp another live Event already had (two objects'
    /// Events recorded a million apart at one instant): searched when `by_stamp` misses.
    shared_stamps: Vec<u64>,
    /// Aggregation key (involved UID, type, reason, message, source) → sequence number.
    by_aggregate: FxHashMap<u64, u64>,
}

/// The stamp of an Event name `<object>.<hex>`.
fn stamp_of(name: &str) -> Option<u64> {
    let (_, hex) = name.rsplit_once('.')?;
    u64::from_str_radix(hex, 16).ok()
}

impl EventLog {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn seq_index(&self, seq: u64) -> Option<usize> {
        let i = usize::try_from(seq.checked_sub(self.first)?).ok()?;
        (i < self.items.len()).then_some(i)
    }

    fn by_seq(&self, seq: u64) -> Option<&Event> {
        self.items.get(self.seq_index(seq)?)
    }

    fn seq_of(&self, namespace: &str, name: &str) -> Option<u64> {
        let stamp = stamp_of(name)?;
        let is_it = |seq: &u64| {
            self.by_seq(*seq)
                .is_some_and(|e| e.metadata.name == name && e.metadata.namespace == namespace)
        };
        if let Some(seq) = self.by_stamp.get(&stamp).filter(|s| is_it(s)) {
            return Some(*seq);
        }
        self.shared_stamps.iter().copied().find(|s| is_it(s))
    }

    pub fn get(&self, key: &ObjKey) -> Option<&Event> {
        self.by_seq(self.seq_of(&key.namespace, &key.name)?)
    }

    pub fn contains(&self, namespace: &str, name: &str) -> bool {
        self.seq_of(namespace, name).is_some()
    }

    /// Events in recording order, oldest first.
    pub fn recorded(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.items.iter()
    }

    /// All Events in the API's list order (namespace, then name).
    pub fn iter(&self) -> impl Iterator<Item = &Event> {
        self.sorted(|_| true)
    }

    /// The Events of one namespace, in name order.
    pub fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.sorted(move |e| e.metadata.namespace == ns)
    }

    fn sorted(&self, keep: impl Fn(&Event) -> bool) -> std::vec::IntoIter<&Event> {
        let mut list: Vec<&Event> = self.items.iter().filter(|e| keep(e)).collect();
        crate::sort::sort_by(&mut list, |a, b| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        });
        list.into_iter()
    }

    /// The Event counting this aggregation key, if it is still kept.
    pub(crate) fn aggregate_mut(&mut self, aggregate: u64) -> Option<&mut Event> {
        let i = self.seq_index(*self.by_aggregate.get(&aggregate)?)?;
        self.items.get_mut(i)
    }

    /// Appends an Event whose name is free (see [`EventLog::contains`]).
    pub(crate) fn push(&mut self, event: Event, aggregate: u64) {
        let seq = self.first + self.items.len() as u64;
        match stamp_of(&event.metadata.name) {
            Some(stamp) if !self.by_stamp.contains_key(&stamp) => {
                self.by_stamp.insert(stamp, seq);
            }
            _ => self.shared_stamps.push(seq),
        }
        self.by_aggregate.insert(aggregate, seq);
        self.items.push_back(event);
    }

    /// Drops the oldest Event; the caller passes its aggregation key.
    pub(crate) fn pop_oldest(&mut self, aggregate_of: impl Fn(&Event) -> u64) -> Option<Event> {
        let event = self.items.pop_front()?;
        let seq = self.first;
        self.first += 1;
        match stamp_of(&event.metadata.name) {
            Some(stamp) if self.by_stamp.get(&stamp) == Some(&seq) => {
                self.by_stamp.remove(&stamp);
            }
            _ => self.shared_stamps.retain(|s| *s != seq),
        }
        let aggregate = aggregate_of(&event);
        if self.by_aggregate.get(&aggregate) == Some(&seq) {
            self.by_aggregate.remove(&aggregate);
        }
        Some(event)
    }
}
