//! Events, kept in recording order.
//!
//! A rollout records several Events per pod (Scheduled, Pulling, Pulled, Created, Started,
//! Killing, and the ReplicaSet's `Created pod`), and the oldest expire past
//! [`MAX_EVENTS`]: recording and expiring must be cheap, while listing (`kubectl get
//! events`, `describe`) is rare. So Events live in a queue in recording order, found by the
//! timestamp suffix of their names (`<object>.<hex stamp>`, as client-go names them) and by
//! their aggregation key; the API's name order is produced when a list is asked for.

use super::Listing;
use crate::api::{Event, InvolvedObject, ObjKey, Time};
use crate::sim::rng::UuidDraw;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

/// Most Events kept; the oldest go first (a real API server expires them after an hour).
pub const MAX_EVENTS: usize = 20_000;

#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// Events in recording order; `items[i]` has sequence number `first + i`.
    items: VecDeque<Event>,
    /// The name stamp, correlation key and observed count of each of `items` (expiring an
    /// Event then needs neither its name parsed nor its message hashed again).
    keys: VecDeque<Kept>,
    first: u64,
    /// Name stamp → sequence number of the Event named with it.
    by_stamp: FxHashMap<u64, u64>,
    /// Sequence numbers of Events whose stamp another live Event already had (two objects'
    /// Events recorded a million apart at one instant): searched when `by_stamp` misses.
    shared_stamps: Vec<u64>,
    /// Correlation key (client-go's eventLogger key: the full event key, or the aggregate
    /// key of a combined Event) → sequence number.
    by_aggregate: FxHashMap<u64, u64>,
    /// client-go's EventCorrelator state beyond the kept Events.
    pub(crate) correlator: Correlator,
    /// The objects of the last few Events (ring of [`RECENT_INVOLVED`]): an Event about one
    /// of them shares its strings. Bursts are the common case (a ReplicaSet's 500 `Created
    /// pod`, a pod's kubelet Events); a map of every object would cost more than it saves
    /// when most objects have two kept Events.
    recent_involved: VecDeque<InvolvedObject>,
}

/// What the log keeps beside each Event.
#[derive(Debug, Clone, Copy)]
struct Kept {
    stamp: u64,
    key: u64,
    /// How often the recorder has seen the Event: its eventLogger count, ahead of the
    /// written `count` while the spam filter holds occurrences back.
    observed: i32,
}

/// client-go's EventCorrelator (`tools/record/events_cache.go`), which every core/v1 event
/// recorder (kubelet, controller-manager) runs before writing: the EventAggregator folds
/// more than [`AGGREGATE_MAX_EVENTS`] - 1 messages of one (source, object, type, reason) within
/// [`AGGREGATE_INTERVAL_MS`] into one "(combined from similar events): …" Event, and the
/// EventSourceObjectSpamFilter lets a source write [`SPAM_BURST`] Events about an object, then
/// one per 5 minutes (a token bucket); held-back occurrences still count (the eventLogger
/// counts before the filter), so the next written one carries the total.
///
/// Records that cannot matter any more (an aggregate record past its interval, a full token
/// bucket) are swept once the maps double, as a fresh record behaves the same: state stays
/// proportional to recent activity and every recording costs O(1) amortized.
#[derive(Debug, Clone, Default)]
pub(crate) struct Correlator {
    /// Aggregate key → when the last similar Event was and the first message (localKeys).
    aggregates: FxHashMap<u64, AggregateRecord>,
    /// The instant the records' times count from (see [`Correlator::since_epoch`]).
    epoch: Time,
    /// The distinct messages (localKeys, oldest first) of the aggregate keys that saw more
    /// than one (hashes).
    more_messages: FxHashMap<u64, Vec<u32>>,
    /// Spam key (source, object) → token bucket.
    spam: FxHashMap<u64, SpamBucket>,
    /// Observations of Events whose first occurrences the spam filter held back: never
    /// written, so no kept Event carries them (eventLogger count, first time, name stamp, UID).
    unwritten: FxHashMap<u64, (i32, Time, (u64, UuidDraw))>,
    /// Sweep the maps when together they reach this size.
    sweep_at: usize,
}

/// defaultAggregateMaxEvents: the 10th distinct message within the interval is combined.
pub const AGGREGATE_MAX_EVENTS: usize = 10;
/// defaultAggregateIntervalInSeconds.
pub const AGGREGATE_INTERVAL_MS: Time = 600_000;
/// defaultSpamBurst.
pub const SPAM_BURST: f64 = 25.0;
/// defaultSpamQPS (1/300, a float32 in client-go) per millisecond.
fn spam_tokens_per_ms() -> f64 {
    f64::from(1.0f32 / 300.0f32) / 1000.0
}
/// The most unwritten observations kept (the eventLogger is an LRU of 4096 entries).
const MAX_UNWRITTEN: usize = 4096;

/// 8 bytes: most keys (a pod's `Pulling`, `Started`, …) only ever see one message, and every
/// pod has four such keys (PRODUCT §8's 1 KB per pod).
#[derive(Debug, Clone, Copy)]
struct AggregateRecord {
    /// When the last similar Event was, in milliseconds since `Correlator::epoch`; the top bit
    /// ([`MORE_MESSAGES`]) says more distinct messages are in `Correlator::more_messages`.
    last_and_more: u32,
    /// The first distinct message's hash.
    first: u32,
}

/// The flag bit of [`AggregateRecord::last_and_more`].
const MORE_MESSAGES: u32 = 1 << 31;

impl AggregateRecord {
    fn last(self, epoch: Time) -> Time {
        epoch + i64::from(self.last_and_more & !MORE_MESSAGES)
    }

    fn more(self) -> bool {
        self.last_and_more & MORE_MESSAGES != 0
    }
}

#[derive(Debug, Clone, Copy)]
struct SpamBucket {
    tokens: f64,
    last: Time,
}

impl Correlator {
    /// EventAggregator.EventAggregate: whether this occurrence is combined with its similar
    /// Events (the message set has reached [`AGGREGATE_MAX_EVENTS`]).
    pub(crate) fn aggregate(&mut self, key: u64, message: u64, now: Time) -> bool {
        self.maybe_sweep(now);
        let since = self.since_epoch(now);
        let epoch = self.epoch;
        let message = message as u32;
        let fresh = AggregateRecord {
            last_and_more: since,
            first: message,
        };
        let record = self.aggregates.entry(key).or_insert(fresh);
        if now - record.last(epoch) > AGGREGATE_INTERVAL_MS {
            if record.more() {
                self.more_messages.remove(&key);
            }
            *record = fresh;
        }
        record.last_and_more = since | (record.last_and_more & MORE_MESSAGES);
        if !record.more() {
            if record.first != message {
                record.last_and_more |= MORE_MESSAGES;
                self.more_messages.insert(key, vec![record.first, message]);
            }
            return false;
        }
        let messages = self.more_messages.entry(key).or_default();
        if !messages.contains(&message) {
            messages.push(message);
        }
        if messages.len() < AGGREGATE_MAX_EVENTS {
            return false;
        }
        // PopAny: Go's map order is random; the oldest goes here.
        messages.remove(0);
        true
    }

    /// EventSourceObjectSpamFilter.Filter, negated: whether the source may write an Event
    /// about the object now (x/time/rate's AllowN on a bucket that starts full).
    pub(crate) fn spam_accept(&mut self, key: u64, now: Time) -> bool {
        let bucket = self.spam.entry(key).or_insert(SpamBucket {
            tokens: SPAM_BURST,
            last: now,
        });
        let elapsed = (now - bucket.last).max(0) as f64;
        let tokens = (bucket.tokens + elapsed * spam_tokens_per_ms()).min(SPAM_BURST);
        if tokens < 1.0 {
            return false;
        }
        *bucket = SpamBucket {
            tokens: tokens - 1.0,
            last: now,
        };
        true
    }

    /// The observation of an Event never written, if any.
    pub(crate) fn take_unwritten(&mut self, key: u64) -> Option<(i32, Time, (u64, UuidDraw))> {
        self.unwritten.remove(&key)
    }

    pub(crate) fn hold_unwritten(
        &mut self,
        key: u64,
        count: i32,
        first: Time,
        named: (u64, UuidDraw),
    ) {
        if self.unwritten.len() >= MAX_UNWRITTEN {
            self.unwritten.clear();
        }
        self.unwritten.insert(key, (count, first, named));
    }

    /// `now` in milliseconds since the epoch, below [`MORE_MESSAGES`]. When it would not fit
    /// (the first Event, or some 24 days on) the epoch moves to just before the aggregation
    /// interval and records older than the interval are dropped: a record past its interval
    /// behaves as no record, so no answer changes.
    fn since_epoch(&mut self, now: Time) -> u32 {
        if let Some(since) = u32::try_from(now - self.epoch)
            .ok()
            .filter(|s| *s < MORE_MESSAGES)
        {
            return since;
        }
        let (old, epoch) = (self.epoch, now - AGGREGATE_INTERVAL_MS - 1);
        let more = &mut self.more_messages;
        self.aggregates.retain(|key, r| {
            let last = r.last(old);
            let keep = now - last <= AGGREGATE_INTERVAL_MS;
            if keep {
                // within the interval: 1 ..= interval + 1 since the new epoch
                r.last_and_more = (last - epoch) as u32 | (r.last_and_more & MORE_MESSAGES);
            } else if r.more() {
                more.remove(key);
            }
            keep
        });
        self.epoch = epoch;
        (now - epoch) as u32
    }

    fn maybe_sweep(&mut self, now: Time) {
        if self.aggregates.len() + self.spam.len() < self.sweep_at.max(4096) {
            return;
        }
        let (more, epoch) = (&mut self.more_messages, self.epoch);
        self.aggregates.retain(|key, r| {
            let keep = now - r.last(epoch) <= AGGREGATE_INTERVAL_MS;
            if !keep && r.more() {
                more.remove(key);
            }
            keep
        });
        let rate = spam_tokens_per_ms();
        self.spam
            .retain(|_, b| b.tokens + (now - b.last).max(0) as f64 * rate < SPAM_BURST);
        self.sweep_at = 2 * (self.aggregates.len() + self.spam.len());
    }
}

/// How many recent Events' objects [`EventLog::share_involved`] looks at.
const RECENT_INVOLVED: usize = 4;

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
        self.seq_of_stamped(namespace, name, stamp_of(name)?)
    }

    fn seq_of_stamped(&self, namespace: &str, name: &str, stamp: u64) -> Option<u64> {
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
        self.by_seq(self.seq_of(key.namespace(), key.name())?)
    }

    /// Whether an Event named `name`, whose stamp is `stamp`, exists in `namespace`.
    pub fn contains_stamped(&self, namespace: &str, name: &str, stamp: u64) -> bool {
        self.seq_of_stamped(namespace, name, stamp).is_some()
    }

    /// Events in recording order, oldest first.
    pub fn recorded(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.items.iter()
    }

    /// All Events in the API's list order (namespace, then name).
    pub fn iter(&self) -> impl Iterator<Item = &Event> {
        self.listed(|_| true)
    }

    /// The Events of one namespace, in name order.
    pub fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.listed(move |e| e.metadata.namespace == ns)
    }

    /// The Events `keep` selects, in the API's list order: only those are sorted.
    pub fn listed(&self, keep: impl Fn(&Event) -> bool) -> std::vec::IntoIter<&Event> {
        let mut list: Vec<&Event> = self.items.iter().filter(|e| keep(e)).collect();
        crate::sort::sort_by(&mut list, |a, b| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        });
        list.into_iter()
    }

    /// The Event counting this correlation key, if it is still kept, with its observed count.
    pub(crate) fn aggregate_mut(&mut self, aggregate: u64) -> Option<(&mut Event, &mut i32)> {
        let i = self.seq_index(*self.by_aggregate.get(&aggregate)?)?;
        Some((self.items.get_mut(i)?, &mut self.keys.get_mut(i)?.observed))
    }

    /// Appends an Event whose name (with this stamp) is free (see
    /// [`EventLog::contains_stamped`]).
    pub(crate) fn push(&mut self, mut event: Event, stamp: u64, aggregate: u64) {
        self.share_involved(&mut event.involved);
        let seq = self.first + self.items.len() as u64;
        if let std::collections::hash_map::Entry::Vacant(e) = self.by_stamp.entry(stamp) {
            e.insert(seq);
        } else {
            self.shared_stamps.push(seq);
        }
        self.by_aggregate.insert(aggregate, seq);
        if self.items.len() == self.items.capacity() {
            // Doubling past the limit would leave ~13,000 empty slots of ~460 bytes each
            // (6 MB) once the log is full; it holds at most one more than MAX_EVENTS, briefly.
            let wanted = (self.items.capacity() * 2).clamp(16, MAX_EVENTS + 1);
            self.items
                .reserve_exact(wanted.saturating_sub(self.items.len()));
            self.keys
                .reserve_exact(wanted.saturating_sub(self.keys.len()));
        }
        let observed = event.count;
        self.items.push_back(event);
        self.keys.push_back(Kept {
            stamp,
            key: aggregate,
            observed,
        });
    }

    /// Points `involved`'s strings at the copies a recent Event about the same object holds.
    fn share_involved(&mut self, involved: &mut InvolvedObject) {
        let same = |r: &InvolvedObject| {
            r.uid == involved.uid && r.name == involved.name && r.namespace == involved.namespace
        };
        if let Some(i) = self.recent_involved.iter().position(same) {
            let recent = &self.recent_involved[i];
            involved.uid = recent.uid.clone();
            involved.name = recent.name.clone();
            involved.namespace = recent.namespace.clone();
            if involved.field_path == recent.field_path {
                involved.field_path = recent.field_path.clone();
            }
            self.recent_involved.remove(i);
        } else if self.recent_involved.len() == RECENT_INVOLVED {
            self.recent_involved.pop_front();
        }
        self.recent_involved.push_back(involved.clone());
    }

    /// Drops the oldest Event.
    pub(crate) fn pop_oldest(&mut self) -> Option<Event> {
        let event = self.items.pop_front()?;
        let Kept {
            stamp,
            key: aggregate,
            ..
        } = self.keys.pop_front()?;
        let seq = self.first;
        self.first += 1;
        if self.by_stamp.get(&stamp) == Some(&seq) {
            self.by_stamp.remove(&stamp);
        } else {
            self.shared_stamps.retain(|s| *s != seq);
        }
        if self.by_aggregate.get(&aggregate) == Some(&seq) {
            self.by_aggregate.remove(&aggregate);
        }
        Some(event)
    }
}

impl Listing<Event> for EventLog {
    fn get(&self, key: &ObjKey) -> Option<&Event> {
        EventLog::get(self, key)
    }
    fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        EventLog::in_namespace(self, ns)
    }
    fn iter(&self) -> impl Iterator<Item = &Event> {
        EventLog::iter(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{InvolvedObject, ObjectMeta};
    use std::rc::Rc;

    fn event(namespace: &str, object: &str, stamp: u64) -> Event {
        Event {
            metadata: ObjectMeta {
                name: format!("{object}.{stamp:x}"),
                namespace: namespace.into(),
                ..Default::default()
            },
            involved: InvolvedObject {
                kind: "Pod",
                namespace: namespace.into(),
                name: object.into(),
                uid: format!("uid-{object}").into(),
                api_version: "v1",
                field_path: None,
                resource_version: 0,
            },
            reason: "Pulled",
            message: String::new(),
            type_: "Normal",
            source_component: "kubelet",
            source_host: None,
            count: 1,
            first_timestamp: 0,
            last_timestamp: 0,
        }
    }

    fn key(namespace: &str, object: &str, stamp: u64) -> ObjKey {
        ObjKey::new(namespace, format!("{object}.{stamp:x}"))
    }

    fn names<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<&'a str> {
        events.map(|e| e.metadata.name.as_str()).collect()
    }

    #[test]
    fn events_are_found_by_name_and_listed_in_name_order() {
        let mut log = EventLog::default();
        log.push(event("default", "web-1", 0x30), 0x30, 1);
        log.push(event("default", "web-0", 0x31), 0x31, 2);
        log.push(event("kube-system", "dns", 0x32), 0x32, 3);
        assert_eq!(
            names(log.iter()),
            ["web-0.31", "web-1.30", "dns.32"],
            "namespace, then name"
        );
        assert_eq!(names(log.in_namespace("kube-system")), ["dns.32"]);
        assert_eq!(names(log.recorded()), ["web-1.30", "web-0.31", "dns.32"]);
        assert!(log.get(&key("default", "web-0", 0x31)).is_some());
        assert!(log.get(&key("kube-system", "web-0", 0x31)).is_none());
        assert!(log.get(&ObjKey::new("default", "web-0")).is_none());
        assert!(log.contains_stamped("default", "web-1.30", 0x30));
        assert!(!log.contains_stamped("default", "web-2.30", 0x30));
    }

    #[test]
    fn events_about_a_recent_object_share_its_strings() {
        let mut log = EventLog::default();
        let with_path = |stamp| {
            let mut e = event("default", "web-0", stamp);
            e.involved.field_path = Some("spec.containers{nginx}".into());
            e
        };
        log.push(with_path(1), 1, 1);
        log.push(event("default", "web-1", 3), 3, 3);
        log.push(with_path(2), 2, 2);
        for other in 4..4 + RECENT_INVOLVED as u64 {
            log.push(
                event("default", &format!("other-{other}"), other),
                other,
                other,
            );
        }
        log.push(with_path(9), 9, 9);
        let web0: Vec<&InvolvedObject> = log
            .recorded()
            .map(|e| &e.involved)
            .filter(|i| &*i.name == "web-0")
            .collect();
        let shared = |a: &InvolvedObject, b: &InvolvedObject| {
            Rc::ptr_eq(&a.name, &b.name)
                && Rc::ptr_eq(&a.uid, &b.uid)
                && Rc::ptr_eq(
                    a.field_path.as_ref().unwrap(),
                    b.field_path.as_ref().unwrap(),
                )
        };
        assert!(shared(web0[0], web0[1]), "an Event two Events later shares");
        assert!(
            !shared(web0[1], web0[2]),
            "after {RECENT_INVOLVED} other objects it has its own copy"
        );
        assert_eq!(web0[1], web0[2], "equal all the same");
    }

    #[test]
    fn a_shared_stamp_and_expiry_keep_every_lookup_right() {
        let mut log = EventLog::default();
        log.push(event("default", "a", 7), 7, 100);
        // Another object's Event with the same stamp (a million Events apart at one instant).
        log.push(event("default", "b", 7), 7, 200);
        log.push(event("default", "c", 8), 8, 100);
        assert!(log.get(&key("default", "a", 7)).is_some());
        assert!(log.get(&key("default", "b", 7)).is_some());
        // Aggregation key 100 now counts the newer Event.
        assert_eq!(log.aggregate_mut(100).unwrap().0.metadata.name, "c.8");

        let expired = log.pop_oldest();
        assert_eq!(expired.unwrap().metadata.name, "a.7");
        assert!(log.get(&key("default", "a", 7)).is_none());
        assert!(
            log.get(&key("default", "b", 7)).is_some(),
            "found among shared stamps"
        );
        assert_eq!(
            log.aggregate_mut(100).unwrap().0.metadata.name,
            "c.8",
            "expiring an Event leaves the key another Event took over"
        );
        log.pop_oldest();
        assert!(log.get(&key("default", "b", 7)).is_none());
        assert!(log.aggregate_mut(200).is_none());
        assert_eq!(names(log.recorded()), ["c.8"]);
        assert_eq!(log.len(), 1);
    }

    #[test]
    fn the_tenth_distinct_message_in_ten_minutes_is_combined() {
        let mut c = Correlator::default();
        for m in 1..=9 {
            assert!(!c.aggregate(1, m, 0), "message {m} is its own Event");
        }
        assert!(
            !c.aggregate(1, 5, 1000),
            "a message already seen is not new"
        );
        assert!(
            c.aggregate(1, 10, 1000),
            "the 10th distinct message is combined"
        );
        assert!(c.aggregate(1, 11, 2000));
        assert!(
            !c.aggregate(2, 11, 2000),
            "another key has its own messages"
        );
        assert!(
            !c.aggregate(1, 12, 2000 + AGGREGATE_INTERVAL_MS + 1),
            "past the interval the record starts afresh"
        );
    }

    #[test]
    fn aggregation_carries_across_the_records_epoch_moving() {
        let mut c = Correlator::default();
        let start = 1_735_689_600_000;
        // the records count milliseconds from an epoch set at the first Event; some 24.8 days
        // on it moves, and a record still within its interval must keep its messages
        let near_move = start - AGGREGATE_INTERVAL_MS - 1 + i64::from(MORE_MESSAGES) - 2_000;
        for m in 1..=9 {
            assert!(!c.aggregate(9, m, start), "an old key's message {m}");
        }
        for m in 1..=8 {
            assert!(!c.aggregate(1, m, near_move));
        }
        assert!(!c.aggregate(1, 9, near_move + 1_000));
        assert!(
            c.aggregate(1, 10, near_move + 5_000),
            "the 10th distinct message, after the epoch moved, is combined"
        );
        assert!(
            !c.aggregate(9, 10, near_move + 6_000),
            "a record past its interval when the epoch moved starts afresh"
        );
    }

    #[test]
    fn the_spam_filter_allows_a_burst_then_one_event_per_five_minutes() {
        let mut c = Correlator::default();
        for i in 0..25 {
            assert!(c.spam_accept(1, i), "event {i} of the burst");
        }
        assert!(!c.spam_accept(1, 25));
        assert!(c.spam_accept(2, 25), "another object has its own bucket");
        assert!(!c.spam_accept(1, 299_000));
        assert!(c.spam_accept(1, 300_000), "one token 5 minutes on");
        assert!(!c.spam_accept(1, 300_001));
    }
}
