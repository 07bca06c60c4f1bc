//! The object store: every object by kind and `namespace/name`, resourceVersions, and the indexes
//! controllers need so that one event costs work proportional to what changed (pods by owner, pods
//! by node), never a scan of every pod.

use crate::api::{
    ConfigMap, ControllerRevision, CronJob, DaemonSet, Deployment, Event, HorizontalPodAutoscaler,
    Job, LimitRange, Namespace, Node, ObjKey, ObjectMeta, PersistentVolume, PersistentVolumeClaim,
    Pod, PodDisruptionBudget, ReplicaSet, ResourceQuota, Secret, Service, ServiceAccount,
    StatefulSet, Time,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

pub mod events;
pub mod quota;
pub use events::EventLog;

/// An API object kubeplay stores.
pub trait Object: Clone {
    const KIND: &'static str;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
}

macro_rules! object {
    ($t:ty, $kind:literal) => {
        impl Object for $t {
            const KIND: &'static str = $kind;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }
    };
}
object!(Deployment, "Deployment");
object!(ReplicaSet, "ReplicaSet");
object!(Pod, "Pod");
object!(Service, "Service");
object!(Event, "Event");
object!(Node, "Node");
object!(Namespace, "Namespace");
object!(StatefulSet, "StatefulSet");
object!(DaemonSet, "DaemonSet");
object!(Job, "Job");
object!(CronJob, "CronJob");
object!(ControllerRevision, "ControllerRevision");
object!(PersistentVolumeClaim, "PersistentVolumeClaim");
object!(PersistentVolume, "PersistentVolume");
object!(HorizontalPodAutoscaler, "HorizontalPodAutoscaler");
object!(ConfigMap, "ConfigMap");
object!(Secret, "Secret");
object!(ServiceAccount, "ServiceAccount");
object!(PodDisruptionBudget, "PodDisruptionBudget");
object!(ResourceQuota, "ResourceQuota");
object!(LimitRange, "LimitRange");

/// Counts of a controller's pods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PodCounts {
    /// Not terminal and not being deleted.
    pub active: i32,
    /// Active and Ready.
    pub ready: i32,
}

/// What `kubectl get` reads of one kind, whether a [`Table`] or the [`EventLog`] holds it.
pub trait Listing<T: 'static> {
    fn get(&self, key: &ObjKey) -> Option<&T>;
    /// Objects of one namespace, in name order.
    fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a T> + 'a;
    /// All objects in list order (namespace, then name).
    fn iter(&self) -> impl Iterator<Item = &T>;
}

impl<T: Object + 'static> Listing<T> for Table<T> {
    fn get(&self, key: &ObjKey) -> Option<&T> {
        Table::get(self, key)
    }
    fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        Table::in_namespace(self, ns)
    }
    fn iter(&self) -> impl Iterator<Item = &T> {
        Table::iter(self)
    }
}

/// Index key for objects without a controller owner.
const ORPHAN: &str = "";

/// One kind's objects, ordered by key, with an index from controller-owner UID to owned keys.
#[derive(Debug, Clone)]
pub struct Table<T> {
    /// The objects by key: a lookup hashes the key once, where a search of an ordered map
    /// compares namespace and name strings a few dozen times (most of the cost of a pod write).
    /// Boxed: every kind's map then has the same value layout, so the wasm build carries one
    /// copy of the map code for all of them instead of one per kind (wasm size).
    items: FxHashMap<ObjKey, Box<T>>,
    /// The keys in the API's list order (namespace, then name).
    order: BTreeSet<ObjKey>,
    by_owner: FxHashMap<String, BTreeSet<ObjKey>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            items: FxHashMap::default(),
            order: BTreeSet::new(),
            by_owner: FxHashMap::default(),
        }
    }
}

impl<T: Object> Table<T> {
    pub fn get(&self, key: &ObjKey) -> Option<&T> {
        self.items.get(key).map(|b| &**b)
    }

    pub fn contains(&self, key: &ObjKey) -> bool {
        self.items.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All objects in list order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.order.iter().filter_map(|k| self.get(k))
    }

    /// Objects of one namespace, in name order.
    pub fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        self.order
            .range(ObjKey::new(ns, "")..)
            .take_while(move |k| *k.namespace() == *ns)
            .filter_map(|k| self.get(k))
    }

    /// Keys of objects with no controller owner (candidates for adoption).
    pub fn orphans(&self) -> Vec<ObjKey> {
        self.owned_by(ORPHAN)
    }

    /// Keys of the objects whose controller owner has this UID.
    pub fn owned_by(&self, owner_uid: &str) -> Vec<ObjKey> {
        self.by_owner
            .get(owner_uid)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The objects whose controller owner has this UID, without copying keys.
    pub fn owned_iter<'a>(&'a self, owner_uid: &str) -> impl Iterator<Item = &'a T> + 'a {
        self.by_owner
            .get(owner_uid)
            .into_iter()
            .flat_map(move |s| s.iter().filter_map(move |k| self.get(k)))
    }

    /// The key an object is stored under (a clone shares its strings).
    pub fn stored_key(&self, key: &ObjKey) -> Option<ObjKey> {
        self.items.get_key_value(key).map(|(k, _)| k.clone())
    }

    pub fn owned_count(&self, owner_uid: &str) -> usize {
        self.by_owner.get(owner_uid).map_or(0, BTreeSet::len)
    }

    /// Inserts or replaces an object, keeping the owner index right. Returns the previous value.
    pub fn put(&mut self, obj: T) -> Option<T> {
        let key = obj.meta().key();
        let new_owner = obj.meta().controller_uid().unwrap_or(ORPHAN).to_string();
        let old = match self.items.entry(key.clone()) {
            Entry::Occupied(mut e) => Some(*std::mem::replace(e.get_mut(), Box::new(obj))),
            Entry::Vacant(e) => {
                self.order.insert(e.key().clone());
                e.insert(Box::new(obj));
                None
            }
        };
        let old_owner = old
            .as_ref()
            .map(|o| o.meta().controller_uid().unwrap_or(ORPHAN));
        if old_owner != Some(new_owner.as_str()) {
            if let Some(o) = old_owner {
                let o = o.to_string();
                self.unindex(&o, &key);
            }
            self.by_owner.entry(new_owner).or_default().insert(key);
        }
        old
    }

    pub fn remove(&mut self, key: &ObjKey) -> Option<T> {
        let old = *self.items.remove(key)?;
        self.order.remove(key);
        self.unindex(old.meta().controller_uid().unwrap_or(ORPHAN), key);
        Some(old)
    }

    fn unindex(&mut self, owner: &str, key: &ObjKey) {
        if let Some(set) = self.by_owner.get_mut(owner) {
            set.remove(key);
            if set.is_empty() {
                self.by_owner.remove(owner);
            }
        }
    }
}

/// Per controller UID, what its syncs need to know of its pods without visiting them.
#[derive(Debug, Clone, Default)]
pub struct OwnerCounts {
    /// Active and ready pods (a ReplicaSet's status), and the [`OwnerCounts::stamp`] of the
    /// last write to one of the owner's active pods.
    active_ready: FxHashMap<String, (PodCounts, u64)>,
    /// Counts writes to active pods of any owner: each one stamps its owner.
    stamp: u64,
    /// Active, ready pods by the second their Ready condition became True (what
    /// `availableReplicas` with minReadySeconds needs).
    pub ready_seconds: FxHashMap<String, BTreeMap<i64, i32>>,
    /// Active pods per node (`""` for unbound ones), for the victim ranking of a scale-down.
    pub active_per_node: FxHashMap<String, FxHashMap<String, i32>>,
}

/// What [`OwnerCounts`] counts of a pod, besides its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counted {
    active: bool,
    ready_since: Option<Time>,
    bound: bool,
}

impl Counted {
    fn of(pod: &Pod) -> Self {
        Self {
            active: pod.is_active(),
            ready_since: pod.ready_since(),
            bound: pod.node_name.is_some(),
        }
    }
}

impl OwnerCounts {
    /// Adds (or with -1 removes) a pod's contribution to its controller's counts.
    fn count(&mut self, pod: &Pod, sign: i32) {
        if let Some(owner) = pod.metadata.controller_uid() {
            self.count_as(owner, Counted::of(pod), pod.node_name.as_deref(), sign);
        }
    }

    /// A pod written without a change to what is counted of it: the counts stay, its owner's
    /// stamp moves (as taking the pod out and putting it back would move it).
    fn rewritten(&mut self, owner: &str, active: bool) {
        if !active {
            return;
        }
        self.stamp += 2;
        if let Some((_, changed)) = self.active_ready.get_mut(owner) {
            *changed = self.stamp;
        }
    }

    fn count_as(&mut self, owner: &str, pod: Counted, node: Option<&str>, sign: i32) {
        if !pod.active {
            return;
        }
        let (c, changed) = match self.active_ready.get_mut(owner) {
            Some(c) => c,
            None => self.active_ready.entry(owner.to_string()).or_default(),
        };
        self.stamp += 1;
        *changed = self.stamp;
        c.active += sign;
        let ready_since = pod.ready_since;
        if ready_since.is_some() {
            c.ready += sign;
        }
        if c.active == 0 && c.ready == 0 {
            self.active_ready.remove(owner);
        }
        if let Some(t) = ready_since {
            let m = match self.ready_seconds.get_mut(owner) {
                Some(m) => m,
                None => self.ready_seconds.entry(owner.to_string()).or_default(),
            };
            let n = m.entry(t.div_euclid(1000)).or_default();
            *n += sign;
            if *n == 0 {
                m.remove(&t.div_euclid(1000));
                if m.is_empty() {
                    self.ready_seconds.remove(owner);
                }
            }
        }
        let node = node.unwrap_or("");
        let m = match self.active_per_node.get_mut(owner) {
            Some(m) => m,
            None => self.active_per_node.entry(owner.to_string()).or_default(),
        };
        let n = match m.get_mut(node) {
            Some(n) => n,
            None => m.entry(node.to_string()).or_default(),
        };
        *n += sign;
        if *n == 0 {
            m.remove(node);
            if m.is_empty() {
                self.active_per_node.remove(owner);
            }
        }
    }
}

/// All objects of the cluster. Writes go through [`crate::sim::Cluster`], which assigns
/// resourceVersions and enqueues the controllers that watch the kind.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub deployments: Table<Deployment>,
    pub replicasets: Table<ReplicaSet>,
    pub pods: Table<Pod>,
    pub services: Table<Service>,
    pub events: EventLog,
    pub statefulsets: Table<StatefulSet>,
    pub daemonsets: Table<DaemonSet>,
    pub jobs: Table<Job>,
    pub cronjobs: Table<CronJob>,
    pub controllerrevisions: Table<ControllerRevision>,
    pub pvcs: Table<PersistentVolumeClaim>,
    /// Cluster-scoped: keys have an empty namespace.
    pub pvs: Table<PersistentVolume>,
    pub hpas: Table<HorizontalPodAutoscaler>,
    pub configmaps: Table<ConfigMap>,
    pub secrets: Table<Secret>,
    pub serviceaccounts: Table<ServiceAccount>,
    pub pdbs: Table<PodDisruptionBudget>,
    pub quotas: Table<ResourceQuota>,
    pub limitranges: Table<LimitRange>,
    /// Pod usage summed per namespace holding a quota.
    pub quota_usage: quota::QuotaUsage,
    pub nodes: BTreeMap<String, Node>,
    pub namespaces: BTreeMap<String, Namespace>,
    /// Pods by `spec.nodeName` (bound pods only).
    pub pods_by_node: BTreeMap<String, BTreeSet<ObjKey>>,
    /// Nodes by how many pods are bound to them, least loaded first, then by name (the
    /// scheduler's spreading order, kept incrementally so that placing a pod is O(log nodes)).
    /// A node's name moves between counts without being copied.
    node_load: BTreeMap<usize, BTreeSet<String>>,
    /// Per controller UID: pod counts kept incrementally.
    pub counts: OwnerCounts,
    /// Controllers some of whose pods had their labels changed since creation: their syncs
    /// re-check selector matches and full labeling by visiting the pods.
    pub relabeled_owners: FxHashSet<String>,
    /// Controllers that got a pod some other way than stamping it from their template (adoption,
    /// a pod created with an ownerReference) or whose template labels changed: their pods may
    /// not carry the template's labels, so status counts visit them.
    pub foreign_owners: FxHashSet<String>,
    /// Set while a controller writes a pod it stamped from its own template.
    pub(crate) templated_write: bool,
    resource_version: u64,
}

impl Store {
    /// Next resourceVersion (cluster-wide, monotonically increasing like etcd's revision).
    pub fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    /// Stores a pod, keeping the node index.
    pub fn put_pod(&mut self, pod: Pod) -> Option<Pod> {
        let key = pod.metadata.key();
        let node = pod.node_name.clone();
        self.counts.count(&pod, 1);
        let existing = self.pods.get(&key);
        if let Some(owner) = pod.metadata.controller_uid() {
            let adopted = !self.templated_write
                && existing.is_none_or(|o| o.metadata.controller_uid() != Some(owner));
            if adopted && !self.foreign_owners.contains(owner) {
                self.foreign_owners.insert(owner.to_string());
            }
        }
        let relabeled = existing.is_some_and(|o| o.metadata.labels != pod.metadata.labels);
        if relabeled {
            for owner in [
                self.pods
                    .get(&key)
                    .and_then(|o| o.metadata.controller_uid()),
                pod.metadata.controller_uid(),
            ]
            .into_iter()
            .flatten()
            {
                self.relabeled_owners.insert(owner.to_string());
            }
        }
        if self.quota_usage.tracks(&pod.metadata.namespace) {
            self.quota_usage.count(&pod, 1);
        }
        let old = self.pods.put(pod);
        if let Some(o) = &old {
            self.counts.count(o, -1);
            if self.quota_usage.tracks(&o.metadata.namespace) {
                self.quota_usage.count(o, -1);
            }
        }
        let old_node = old.as_ref().and_then(|p| p.node_name.clone());
        if old_node != node {
            if let Some(n) = old_node {
                self.unbind(&n, &key);
            }
            if let Some(n) = node {
                self.bind(&n, key);
            }
        }
        old
    }

    /// Active, ready pods of this owner that are available with `min_ready_seconds` at `now`
    /// (`Pod::is_available` summed, from the per-second index).
    pub fn available_pods(&self, owner_uid: &str, min_ready_seconds: i32, now: i64) -> i32 {
        let Some(m) = self.counts.ready_seconds.get(owner_uid) else {
            return 0;
        };
        if min_ready_seconds == 0 {
            return m.values().sum();
        }
        m.iter()
            .take_while(|(s, _)| *s * 1000 + min_ready_seconds as i64 * 1000 < now)
            .map(|(_, n)| *n)
            .sum()
    }

    /// Active and ready pods controlled by this owner, kept incrementally.
    pub fn pod_counts(&self, owner_uid: &str) -> PodCounts {
        self.counts
            .active_ready
            .get(owner_uid)
            .map(|(counts, _)| *counts)
            .unwrap_or_default()
    }

    /// Changes whenever one of this owner's active pods is created, written or removed, or a
    /// pod stops or starts being one (0 while it has none): what lets a controller keep what it
    /// read of those pods from one sync to the next.
    pub fn active_pods_stamp(&self, owner_uid: &str) -> u64 {
        self.counts
            .active_ready
            .get(owner_uid)
            .map_or(0, |(_, stamp)| *stamp)
    }

    fn bind(&mut self, node: &str, key: ObjKey) {
        let count = self.pod_count_on_node(node);
        self.pods_by_node
            .entry(node.to_string())
            .or_default()
            .insert(key);
        self.reload(node, count, count + 1);
    }

    fn unbind(&mut self, node: &str, key: &ObjKey) {
        let count = self.pod_count_on_node(node);
        if let Some(s) = self.pods_by_node.get_mut(node) {
            if s.remove(key) {
                self.reload(node, count, count - 1);
            }
        }
    }

    fn reload(&mut self, node: &str, from: usize, to: usize) {
        if let Some(name) = self.take_load(node, from) {
            self.node_load.entry(to).or_default().insert(name);
        }
    }

    fn take_load(&mut self, node: &str, count: usize) -> Option<String> {
        let nodes = self.node_load.get_mut(&count)?;
        let name = nodes.take(node)?;
        if nodes.is_empty() {
            self.node_load.remove(&count);
        }
        Some(name)
    }

    /// Registers a node in the load index (nodes absent from it are never chosen).
    pub fn index_node(&mut self, node: &str) {
        let count = self.pod_count_on_node(node);
        self.node_load
            .entry(count)
            .or_default()
            .insert(node.to_string());
    }

    pub fn unindex_node(&mut self, node: &str) {
        let count = self.pod_count_on_node(node);
        self.take_load(node, count);
    }

    /// The indexed nodes, least loaded first, then by name.
    pub fn nodes_by_load(&self) -> impl Iterator<Item = &str> {
        self.node_load.values().flatten().map(String::as_str)
    }

    /// Changes a stored pod in place, keeping the counts and the node index right: the
    /// scheduler's binding and the kubelet's status updates, most of a rollout's writes, without
    /// copying the pod. `change` may bind an unbound pod to a node; it must leave the pod's key,
    /// labels, owner references and an existing binding alone (what the other indexes are built
    /// from).
    pub fn modify_pod<R>(&mut self, key: &ObjKey, change: impl FnOnce(&mut Pod) -> R) -> Option<R> {
        let pod = self.pods.items.get_mut(key)?;
        let was = Counted::of(pod);
        // a pod's quota usage changes only when it becomes terminal (its resources are fixed)
        let quota = self
            .quota_usage
            .tracks(&pod.metadata.namespace)
            .then(|| pod.status.phase.is_terminal());
        #[cfg(debug_assertions)]
        let indexed = (
            pod.node_name.clone(),
            pod.metadata.labels.clone(),
            pod.metadata.owner_references.clone(),
        );
        let out = change(pod);
        if let Some(was_terminal) = quota {
            if was_terminal != pod.status.phase.is_terminal() {
                self.quota_usage.count_as(pod, was_terminal, -1);
                self.quota_usage.count(pod, 1);
            }
        }
        #[cfg(debug_assertions)]
        debug_assert!(
            (!was.bound || indexed.0 == pod.node_name)
                && indexed.1 == pod.metadata.labels
                && indexed.2 == pod.metadata.owner_references,
            "modify_pod changed what the indexes are built from"
        );
        if let Some(owner) = pod.metadata.controller_uid() {
            let now = Counted::of(pod);
            if now == was {
                self.counts.rewritten(owner, now.active);
            } else {
                // Only a binding can have moved the pod between nodes.
                let was_node = pod.node_name.as_deref().filter(|_| was.bound);
                self.counts.count_as(owner, was, was_node, -1);
                self.counts
                    .count_as(owner, now, pod.node_name.as_deref(), 1);
            }
        }
        if !was.bound {
            if let Some(node) = pod.node_name.clone() {
                // the table's own key: the node index then shares its name string
                let stored = self.pods.stored_key(key).unwrap_or_else(|| key.clone());
                self.bind(&node, stored);
            }
        }
        Some(out)
    }

    pub fn remove_pod(&mut self, key: &ObjKey) -> Option<Pod> {
        let old = self.pods.remove(key)?;
        self.counts.count(&old, -1);
        if self.quota_usage.tracks(&old.metadata.namespace) {
            self.quota_usage.count(&old, -1);
        }
        if let Some(n) = &old.node_name {
            self.unbind(n, key);
        }
        Some(old)
    }

    pub fn pods_on_node(&self, node: &str) -> Vec<ObjKey> {
        self.pods_by_node
            .get(node)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn pod_count_on_node(&self, node: &str) -> usize {
        self.pods_by_node.get(node).map_or(0, BTreeSet::len)
    }
}
