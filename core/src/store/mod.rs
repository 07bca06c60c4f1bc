//! The object store: every object by kind and `namespace/name`, resourceVersions, and the indexes
//! controllers need so that one event costs work proportional to what changed (pods by owner, pods
//! by node), never a scan of every pod.

use crate::api::{
    ControllerRevision, Deployment, Event, HorizontalPodAutoscaler, Namespace, Node, ObjKey,
    ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, ReplicaSet, Service, StatefulSet,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
object!(ControllerRevision, "ControllerRevision");
object!(PersistentVolumeClaim, "PersistentVolumeClaim");
object!(PersistentVolume, "PersistentVolume");
object!(HorizontalPodAutoscaler, "HorizontalPodAutoscaler");

/// Counts of a controller's pods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PodCounts {
    /// Not terminal and not being deleted.
    pub active: i32,
    /// Active and Ready.
    pub ready: i32,
}

/// Index key for objects without a controller owner.
const ORPHAN: &str = "";

fn owner_of(meta: &ObjectMeta) -> String {
    meta.controller_uid().unwrap_or(ORPHAN).to_string()
}

/// One kind's objects, ordered by key, with an index from controller-owner UID to owned keys.
#[derive(Debug, Clone)]
pub struct Table<T> {
    /// Boxed: every kind's map then has the same value layout, so the wasm build carries one
    /// copy of the BTreeMap code for all of them instead of one per kind (wasm size).
    items: BTreeMap<ObjKey, Box<T>>,
    by_owner: HashMap<String, BTreeSet<ObjKey>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            items: BTreeMap::new(),
            by_owner: HashMap::new(),
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

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.values().map(|b| &**b)
    }

    /// Objects of one namespace, in name order.
    pub fn in_namespace<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        self.items
            .range(ObjKey::new(ns, "")..)
            .take_while(move |(k, _)| k.namespace == ns)
            .map(|(_, v)| &**v)
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

    pub fn owned_count(&self, owner_uid: &str) -> usize {
        self.by_owner.get(owner_uid).map_or(0, BTreeSet::len)
    }

    /// Inserts or replaces an object, keeping the owner index right. Returns the previous value.
    pub fn put(&mut self, obj: T) -> Option<T> {
        let key = obj.meta().key();
        let new_owner = owner_of(obj.meta());
        let old = self.items.insert(key.clone(), Box::new(obj)).map(|b| *b);
        let old_owner = old.as_ref().map(|o| owner_of(o.meta()));
        if old_owner.as_deref() != Some(new_owner.as_str()) {
            if let Some(o) = old_owner {
                self.unindex(&o, &key);
            }
            self.by_owner.entry(new_owner).or_default().insert(key);
        }
        old
    }

    pub fn remove(&mut self, key: &ObjKey) -> Option<T> {
        let old = *self.items.remove(key)?;
        self.unindex(&owner_of(old.meta()), key);
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

/// All objects of the cluster. Writes go through [`crate::sim::Cluster`], which assigns
/// resourceVersions and enqueues the controllers that watch the kind.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub deployments: Table<Deployment>,
    pub replicasets: Table<ReplicaSet>,
    pub pods: Table<Pod>,
    pub services: Table<Service>,
    pub events: Table<Event>,
    pub statefulsets: Table<StatefulSet>,
    pub controllerrevisions: Table<ControllerRevision>,
    pub pvcs: Table<PersistentVolumeClaim>,
    /// Cluster-scoped: keys have an empty namespace.
    pub pvs: Table<PersistentVolume>,
    pub hpas: Table<HorizontalPodAutoscaler>,
    pub nodes: BTreeMap<String, Node>,
    pub namespaces: BTreeMap<String, Namespace>,
    /// Pods by `spec.nodeName` (bound pods only).
    pub pods_by_node: BTreeMap<String, BTreeSet<ObjKey>>,
    /// Nodes by how many pods are bound to them, least loaded first (the scheduler's spreading
    /// order, kept incrementally so that placing a pod is O(log nodes)).
    pub node_load: BTreeSet<(usize, String)>,
    /// Per controller UID: its active and ready pods (what a ReplicaSet sync needs without
    /// visiting every pod).
    pub owner_counts: HashMap<String, PodCounts>,
    /// Controllers some of whose pods had their labels changed since creation: their syncs
    /// re-check selector matches and full labeling by visiting the pods.
    pub relabeled_owners: std::collections::HashSet<String>,
    /// Event keys in creation order, for expiring the oldest.
    pub event_order: std::collections::VecDeque<ObjKey>,
    /// Event aggregation: hash of (involved uid, type, reason, message, source) → event key.
    pub event_index: HashMap<u64, ObjKey>,
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
        self.count(&pod, 1);
        let relabeled = self
            .pods
            .get(&key)
            .is_some_and(|o| o.metadata.labels != pod.metadata.labels);
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
        let old = self.pods.put(pod);
        if let Some(o) = &old {
            self.count(o, -1);
        }
        let old_node = old.as_ref().and_then(|p| p.node_name.clone());
        if old_node != node {
            if let Some(n) = old_node {
                self.unbind(&n, &key);
            }
            if let Some(n) = node {
                let count = self.pod_count_on_node(&n);
                self.pods_by_node.entry(n.clone()).or_default().insert(key);
                self.reload(&n, count, count + 1);
            }
        }
        old
    }

    /// Adds (or with -1 removes) a pod's contribution to its controller's counts.
    fn count(&mut self, pod: &Pod, sign: i32) {
        let Some(owner) = pod.metadata.controller_uid() else {
            return;
        };
        if !pod.is_active() {
            return;
        }
        let c = self.owner_counts.entry(owner.to_string()).or_default();
        c.active += sign;
        if pod.is_ready() {
            c.ready += sign;
        }
        if c.active == 0 && c.ready == 0 {
            self.owner_counts.remove(owner);
        }
    }

    /// Active and ready pods controlled by this owner, kept incrementally.
    pub fn pod_counts(&self, owner_uid: &str) -> PodCounts {
        self.owner_counts
            .get(owner_uid)
            .copied()
            .unwrap_or_default()
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
        if self.node_load.remove(&(from, node.to_string())) {
            self.node_load.insert((to, node.to_string()));
        }
    }

    /// Registers a node in the load index (nodes absent from it are never chosen).
    pub fn index_node(&mut self, node: &str) {
        let count = self.pod_count_on_node(node);
        self.node_load.insert((count, node.to_string()));
    }

    pub fn unindex_node(&mut self, node: &str) {
        let count = self.pod_count_on_node(node);
        self.node_load.remove(&(count, node.to_string()));
    }

    pub fn remove_pod(&mut self, key: &ObjKey) -> Option<Pod> {
        let old = self.pods.remove(key)?;
        self.count(&old, -1);
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
