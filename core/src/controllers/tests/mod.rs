//! Behaviour tests of the workload controllers against the simulated Cluster, transcribed from
//! upstream's controller unit-test tables (`upstream-test-cases.md` sections A2–A4, A15, B–E, G, H).
//!
//! Fixtures are written straight into the store and the controller step under test is called
//! directly, without draining the work queues, so that only that step acts (as upstream's tests
//! call one controller method with a fake client). Where upstream calls a helper that kubeplay
//! keeps private, the test drives the nearest `pub(crate)` entry point and says so.

mod progress;
mod recreate;
mod replicaset;
mod rolling;
mod sync;

use crate::api::{
    ContainerState, ContainerStatus, Deployment, DeploymentStrategy, IntOrString, LabelSelector,
    ObjKey, ObjectMeta, Pod, PodPhase, PodStatus, PodTemplateSpec, ReplicaSet, ReplicaSetSpec,
    ReplicaSetStatus, RollingUpdateDeployment, TemplateMeta, Time,
};
use crate::controllers::deployment::util::{POD_TEMPLATE_HASH, REVISION};
use crate::controllers::replicaset::controller_ref;
use crate::sim::{Cluster, ClusterConfig};
use serde_json::json;
use std::rc::Rc;

pub(super) const MINUTE: Time = 60_000;
pub(super) const HOUR: Time = 60 * MINUTE;
pub(super) const DAY: Time = 24 * HOUR;

pub(super) fn int(v: i32) -> IntOrString {
    IntOrString::Int(v)
}

pub(super) fn new_cluster() -> Cluster {
    Cluster::new(ClusterConfig::default())
}

/// Empties the Deployment work queue (fixture writes enqueue the Deployment).
pub(super) fn drain_deployment_queue(c: &mut Cluster) -> Vec<ObjKey> {
    let mut keys = Vec::new();
    while let Some(k) = c.deployment_queue.pop() {
        keys.push(k);
    }
    keys
}

pub(super) fn template(app: &str, image: &str) -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: TemplateMeta {
            labels: [("app".to_string(), app.to_string())].into(),
            ..Default::default()
        },
        spec: Rc::new(json!({ "containers": [{ "name": "app", "image": image }] })),
    }
}

/// upstream's `newDeployment`: RollingUpdate with the given maxSurge/maxUnavailable, selector
/// app=<name>, image `nginx:new`. Not yet stored.
pub(super) fn deployment(
    c: &mut Cluster,
    name: &str,
    replicas: i32,
    surge: IntOrString,
    unavailable: IntOrString,
) -> Deployment {
    let mut d = Deployment {
        metadata: c.new_meta("default", name),
        ..Default::default()
    };
    d.spec.replicas = replicas;
    d.spec.selector = LabelSelector::from_labels([("app".to_string(), name.to_string())].into());
    d.spec.template = template(name, "nginx:new");
    d.spec.strategy = DeploymentStrategy {
        type_: "RollingUpdate".into(),
        rolling_update: Some(RollingUpdateDeployment {
            max_surge: Some(surge),
            max_unavailable: Some(unavailable),
        }),
    };
    d
}

/// A Recreate Deployment (not yet stored).
pub(super) fn recreate_deployment(c: &mut Cluster, name: &str, replicas: i32) -> Deployment {
    let mut d = deployment(c, name, replicas, int(0), int(0));
    d.spec.strategy = DeploymentStrategy {
        type_: "Recreate".into(),
        rolling_update: None,
    };
    d
}

/// Writes a Deployment and returns the stored copy.
pub(super) fn store_deployment(c: &mut Cluster, d: Deployment) -> Deployment {
    let key = d.metadata.key();
    c.write_deployment(d);
    c.store
        .deployments
        .get(&key)
        .cloned()
        .expect("stored deployment")
}

/// A ReplicaSet owned by `d` running `image` (the Deployment's own image makes it the new RS),
/// with `replicas` in its spec, created at `created`, generation observed. Not yet stored.
pub(super) fn owned_rs(
    c: &mut Cluster,
    d: &Deployment,
    name: &str,
    image: &str,
    replicas: i32,
    created: Time,
) -> ReplicaSet {
    let mut meta = c.new_meta(&d.metadata.namespace, name);
    meta.creation_timestamp = created;
    let mut t = d.spec.template.clone();
    t.spec = Rc::new(json!({ "containers": [{ "name": "app", "image": image }] }));
    t.metadata
        .labels
        .insert(POD_TEMPLATE_HASH.into(), name.to_string());
    meta.labels = t.metadata.labels.clone();
    meta.owner_references.push(controller_ref(
        "apps/v1",
        "Deployment",
        &d.metadata.name,
        &d.metadata.uid,
    ));
    let mut selector = d.spec.selector.clone();
    selector
        .match_labels
        .insert(POD_TEMPLATE_HASH.into(), name.to_string());
    ReplicaSet {
        metadata: meta,
        spec: ReplicaSetSpec {
            replicas,
            min_ready_seconds: d.spec.min_ready_seconds,
            selector,
            template: t,
        },
        status: ReplicaSetStatus {
            observed_generation: 1,
            ..Default::default()
        },
    }
}

pub(super) fn with_revision(mut rs: ReplicaSet, revision: &str) -> ReplicaSet {
    rs.metadata
        .annotations
        .insert(REVISION.into(), revision.to_string());
    rs
}

/// Writes a ReplicaSet and returns the stored copy.
pub(super) fn store_rs(c: &mut Cluster, rs: ReplicaSet) -> ReplicaSet {
    let key = rs.metadata.key();
    c.write_replicaset_status(rs);
    c.store
        .replicasets
        .get(&key)
        .cloned()
        .expect("stored replicaset")
}

pub(super) fn stored_rs(c: &Cluster, name: &str) -> Option<ReplicaSet> {
    c.store
        .replicasets
        .get(&ObjKey::new("default", name))
        .cloned()
}

pub(super) fn replicas_of(c: &Cluster, name: &str) -> i32 {
    stored_rs(c, name)
        .unwrap_or_else(|| panic!("replicaset {name} missing"))
        .spec
        .replicas
}

/// Messages of the events recorded about the object called `name`, oldest first.
pub(super) fn event_messages(c: &Cluster, name: &str, reason: &str) -> Vec<String> {
    let mut evs: Vec<_> = c
        .store
        .events
        .iter()
        .filter(|e| *e.involved.name == *name && e.reason == reason)
        .collect();
    evs.sort_by_key(|e| e.metadata.resource_version);
    evs.iter().map(|e| e.message.clone()).collect()
}

/// A pod for ordering tests. `ready_since` adds a Ready=True condition with that transition time;
/// `restarts` gives one container status per entry.
pub(super) struct PodSpec<'a> {
    pub name: &'a str,
    pub node: Option<&'a str>,
    pub phase: PodPhase,
    pub ready_since: Option<Time>,
    pub created: Time,
    pub restarts: &'a [i32],
    pub annotations: &'a [(&'a str, &'a str)],
}

impl Default for PodSpec<'_> {
    fn default() -> Self {
        Self {
            name: "pod",
            node: None,
            phase: PodPhase::Pending,
            ready_since: None,
            created: 0,
            restarts: &[],
            annotations: &[],
        }
    }
}

pub(super) fn pod(p: PodSpec) -> Pod {
    let mut status = PodStatus::default();
    status.phase = p.phase;
    if let Some(t) = p.ready_since {
        status.set_condition("Ready", true, t, None);
    }
    status.container_statuses = p
        .restarts
        .iter()
        .enumerate()
        .map(|(i, r)| ContainerStatus {
            name: format!("c{i}"),
            image: "nginx".into(),
            image_id: "".into(),
            container_id: Default::default(),
            ready: p.ready_since.is_some(),
            started: true,
            restart_count: *r,
            state: ContainerState::Running {
                started_at: p.created,
            },
            last_state: None,
        })
        .collect();
    Pod {
        metadata: ObjectMeta {
            name: p.name.into(),
            namespace: "default".into(),
            creation_timestamp: p.created,
            annotations: p
                .annotations
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            ..Default::default()
        },
        spec: Rc::new(json!({ "containers": [{ "name": "app", "image": "nginx" }] })),
        node_name: p.node.map(Rc::from),
        identity: None,
        status,
    }
}

/// Makes `pod` a member of `rs` (labels and controller reference) with a fresh UID.
pub(super) fn owned_by(c: &mut Cluster, mut pod: Pod, rs: &ReplicaSet) -> Pod {
    pod.metadata.uid = c.rng.uuid();
    pod.metadata.labels = rs.spec.template.metadata.labels.clone();
    pod.metadata.owner_references = vec![controller_ref(
        "apps/v1",
        "ReplicaSet",
        &rs.metadata.name,
        &rs.metadata.uid,
    )]
    .into();
    pod
}

/// Writes a pod and returns its key.
pub(super) fn store_pod(c: &mut Cluster, pod: Pod) -> ObjKey {
    let key = pod.metadata.key();
    c.write_pod(pod);
    key
}
