//! Read-only view models for user interfaces (the web playground's board, node view, events pane
//! and rollout timeline). Everything here reads the store; nothing writes. Costs are bounded by
//! what a UI shows: per-ReplicaSet counts come from the store's incremental indexes, and pod lists
//! are built only for ReplicaSets small enough to be drawn pod by pod.

use crate::api::{containers_of, DaemonSet, Deployment, Job, Pod, ReplicaSet, StatefulSet};
use crate::controllers::deployment::util::{self, max_surge, max_unavailable};
use crate::kubectl::podstatus::{ready_column, status_column};
use crate::nodes::CONTROL_PLANE;
use crate::sim::{Cluster, PodView};

/// Above this many pods, a ReplicaSet's aggregate counts come from the store's incremental
/// counts (ready / not ready / terminating or finished) instead of each pod's STATUS.
pub const EXACT_STATUS_LIMIT: usize = 400;
/// Labels of those counts (they are not kubectl STATUS values).
pub const READY: &str = "Ready";
pub const NOT_READY: &str = "Not ready";
pub const GOING: &str = "Terminating or finished";

/// A Deployment with its ReplicaSets, newest revision first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentView {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// `spec.replicas`.
    pub replicas: i32,
    pub paused: bool,
    /// `RollingUpdate` or `Recreate`.
    pub strategy: String,
    /// Resolved fenceposts (0 unless RollingUpdate).
    pub max_surge: i32,
    pub max_unavailable: i32,
    /// `status.{readyReplicas, updatedReplicas, availableReplicas}`.
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// The template's containers as (name, image).
    pub containers: Vec<(String, String)>,
    /// The Deployment's `deployment.kubernetes.io/revision`, if set.
    pub revision: Option<i64>,
    /// `Progressing` condition reason (e.g. `NewReplicaSetAvailable`, `ProgressDeadlineExceeded`).
    pub progressing: Option<String>,
    /// Owned ReplicaSets, highest revision first.
    pub replicasets: Vec<ReplicaSetView>,
    /// The PodDisruptionBudgets of the namespace that select the template's pods.
    pub budgets: Vec<BudgetView>,
}

/// A PodDisruptionBudget over a workload's pods, as `kubectl get pdb` counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetView {
    pub name: String,
    /// `status.disruptionsAllowed` (ALLOWED DISRUPTIONS).
    pub allowed: i32,
    /// `status.currentHealthy` and `status.desiredHealthy`.
    pub current: i32,
    pub desired: i32,
}

/// The budgets of `namespace` whose selector (non-empty, as the eviction subresource reads
/// it) matches `labels`.
fn budgets_over(
    cluster: &Cluster,
    namespace: &str,
    labels: &crate::api::StringMap,
) -> Vec<BudgetView> {
    cluster
        .store()
        .pdbs
        .in_namespace(namespace)
        .filter(|p| {
            p.selector()
                .is_some_and(|s| !s.is_empty() && s.matches(labels))
        })
        .map(|p| BudgetView {
            name: p.metadata.name.clone(),
            allowed: p.status.disruptions_allowed,
            current: p.status.current_healthy,
            desired: p.status.desired_healthy,
        })
        .collect()
}

/// A ReplicaSet with its pods (or, above the tile limit, only per-status counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaSetView {
    pub name: String,
    pub uid: String,
    pub revision: Option<i64>,
    /// The `pod-template-hash` label.
    pub hash: String,
    pub images: Vec<String>,
    /// `spec.replicas`, `status.replicas`, `status.readyReplicas`.
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    /// Pods controlled by this ReplicaSet (terminating ones included), oldest first; empty when
    /// `aggregated` is set.
    pub pods: Vec<PodView>,
    /// Set when the ReplicaSet has more pods than the tile limit: pods per STATUS column value,
    /// most frequent first (above [`EXACT_STATUS_LIMIT`] pods: [`READY`], [`NOT_READY`],
    /// [`GOING`]).
    pub aggregated: Option<Vec<(String, u32)>>,
    /// Every pod it controls, terminating ones included.
    pub pod_count: usize,
}

/// A StatefulSet with its pods by ordinal and their PersistentVolumeClaims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatefulSetView {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.{readyReplicas, currentReplicas, updatedReplicas}`.
    pub ready: i32,
    pub current: i32,
    pub updated: i32,
    /// `RollingUpdate` or `OnDelete`.
    pub update_strategy: String,
    /// `spec.updateStrategy.rollingUpdate.partition` (0 when unset).
    pub partition: i32,
    /// `status.currentRevision` / `status.updateRevision` (ControllerRevision names).
    pub current_revision: String,
    pub update_revision: String,
    pub containers: Vec<(String, String)>,
    /// Ordinals from the start ordinal up to the highest one that has a pod, a claim or is
    /// below `replicas`, at most [`ORDINAL_LIMIT`].
    pub ordinals: Vec<OrdinalView>,
    /// Pods the StatefulSet controls.
    pub pod_count: usize,
}

/// One ordinal of a StatefulSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdinalView {
    pub ordinal: i64,
    pub pod: Option<PodView>,
    /// The pod's `controller-revision-hash` label.
    pub revision: String,
    /// Its claims (one per volumeClaimTemplate) that exist: (name, phase).
    pub pvcs: Vec<(String, String)>,
}

/// Most ordinals a StatefulSet view lists.
pub const ORDINAL_LIMIT: i64 = 200;

/// A DaemonSet with its pods, one per node it runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonSetView {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// `status.{desiredNumberScheduled, currentNumberScheduled, numberReady,
    /// updatedNumberScheduled, numberAvailable, numberMisscheduled}` (kubectl's DESIRED,
    /// CURRENT, READY, UP-TO-DATE, AVAILABLE).
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    pub misscheduled: i32,
    /// `RollingUpdate` or `OnDelete`.
    pub update_strategy: String,
    /// `spec.updateStrategy.rollingUpdate.{maxSurge, maxUnavailable}` as written (`1`, `10%`);
    /// None unless RollingUpdate sets them.
    pub max_surge: Option<String>,
    pub max_unavailable: Option<String>,
    /// The template's containers as (name, image).
    pub containers: Vec<(String, String)>,
    /// Its pods (terminating ones included) in node order (the control plane first, then
    /// `node-2` before `node-10`; unscheduled pods last), then by name; at most
    /// [`DAEMON_POD_LIMIT`].
    pub pods: Vec<PodView>,
    /// Every pod it controls.
    pub pod_count: usize,
}

/// Most pods a DaemonSet view lists.
pub const DAEMON_POD_LIMIT: usize = 200;

impl DaemonSetView {
    /// `RollingUpdate · maxSurge 0 · maxUnavailable 1`, or `OnDelete`.
    pub fn strategy_text(&self) -> String {
        let mut s = self.update_strategy.clone();
        if let Some(v) = &self.max_surge {
            s.push_str(&format!(" · maxSurge {v}"));
        }
        if let Some(v) = &self.max_unavailable {
            s.push_str(&format!(" · maxUnavailable {v}"));
        }
        s
    }
}

/// A batch/v1 Job with its pods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobView {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// kubectl's STATUS column: `Complete`, `Failed`, `Terminating`, `Suspended`,
    /// `FailureTarget`, `SuccessCriteriaMet` or `Running`.
    pub status: String,
    /// kubectl's COMPLETIONS column: `1/1`, `2/5`, `0/1 of 3`.
    pub completions: String,
    /// `status.{active, succeeded, failed}`.
    pub active: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// The CronJob that controls it, if any.
    pub cronjob: Option<String>,
    /// Its pods (terminating ones included), oldest first, at most [`JOB_POD_LIMIT`].
    pub pods: Vec<PodView>,
    /// Every pod it controls.
    pub pod_count: usize,
}

/// Most pods a Job view lists.
pub const JOB_POD_LIMIT: usize = 200;

/// A batch/v1 CronJob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronJobView {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub schedule: String,
    /// `spec.timeZone`, the zone the schedule is read in (unset: the controller's, UTC).
    pub time_zone: Option<String>,
    /// `spec.suspend` (unset is false).
    pub suspend: bool,
    /// `status.active`: how many Jobs it runs.
    pub active: usize,
    /// `status.lastScheduleTime`, in virtual ms since the cluster started.
    pub last_schedule_ms: Option<u64>,
}

/// Every Job (namespace and name order) with its pods.
pub fn jobs(cluster: &Cluster) -> Vec<JobView> {
    cluster
        .store()
        .jobs
        .iter()
        .map(|j| job_view(cluster, j))
        .collect()
}

/// printJob's STATUS: the first of these conditions that holds names it.
pub(crate) fn job_status(j: &Job) -> &'static str {
    let st = &j.status;
    if st.has("Complete") {
        "Complete"
    } else if st.has("Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if st.has("Suspended") {
        "Suspended"
    } else if st.has("FailureTarget") {
        "FailureTarget"
    } else if st.has("SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    }
}

/// printJob's COMPLETIONS.
fn job_completions(j: &Job) -> String {
    let succeeded = j.status.succeeded;
    match j.spec.completions {
        Some(c) => format!("{succeeded}/{c}"),
        None => match j.spec.parallelism.unwrap_or(0) {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    }
}

fn job_view(cluster: &Cluster, j: &Job) -> JobView {
    let store = cluster.store();
    let mut pods: Vec<&Pod> = store.pods.owned_iter(&j.metadata.uid).collect();
    crate::sort::sort_by(&mut pods, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name)
            .cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    JobView {
        namespace: j.metadata.namespace.clone(),
        name: j.metadata.name.clone(),
        uid: j.metadata.uid.clone(),
        status: job_status(j).to_string(),
        completions: job_completions(j),
        active: j.status.active,
        succeeded: j.status.succeeded,
        failed: j.status.failed,
        cronjob: j
            .metadata
            .controller_ref()
            .filter(|o| o.kind == "CronJob")
            .map(|o| o.name.clone()),
        pod_count: pods.len(),
        pods: pods.into_iter().take(JOB_POD_LIMIT).map(pod_view).collect(),
    }
}

/// Every CronJob (namespace and name order).
pub fn cronjobs(cluster: &Cluster) -> Vec<CronJobView> {
    let start = cluster.now() - cluster.now_ms() as i64;
    cluster
        .store()
        .cronjobs
        .iter()
        .map(|c| CronJobView {
            namespace: c.metadata.namespace.clone(),
            name: c.metadata.name.clone(),
            uid: c.metadata.uid.clone(),
            schedule: c.spec.schedule.clone(),
            time_zone: c.spec.time_zone.clone(),
            suspend: c.spec.suspend.unwrap_or(false),
            active: c.status.active.len(),
            last_schedule_ms: c
                .status
                .last_schedule_time
                .map(|t| (t - start).max(0) as u64),
        })
        .collect()
}

/// A node as the node view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    pub name: String,
    /// The Ready condition: `True`, `False` or `Unknown`.
    pub ready: String,
    /// `kubectl get nodes` STATUS: `Ready`, `NotReady`, `Ready,SchedulingDisabled`, …
    pub status: String,
    pub unschedulable: bool,
    /// The kubelet is down (`sim node fail`).
    pub failed: bool,
    pub control_plane: bool,
    pub pod_count: usize,
    pub max_pods: i64,
}

/// An Event, for a stream that shows the newest last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub uid: String,
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// `kind/name` of the involved object, kind lowercased as kubectl's OBJECT column.
    pub object: String,
    pub message: String,
    pub count: i32,
    /// Virtual ms since the cluster started.
    pub first_ms: u64,
    pub last_ms: u64,
}

/// Pods of one ReplicaSet at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsSample {
    pub name: String,
    pub revision: Option<i64>,
    /// Active pods (not terminating, not finished).
    pub pods: i32,
}

/// One point of a Deployment's rollout timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineSample {
    /// Virtual ms since the cluster started.
    pub t_ms: u64,
    pub replicas_by_rs: Vec<RsSample>,
    /// `status.availableReplicas`.
    pub available: i32,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `replicas - maxUnavailable` and `replicas + maxSurge`.
    pub lower: i32,
    pub upper: i32,
}

/// Every Deployment (namespace and name order) with its ReplicaSets. ReplicaSets with more than
/// `tile_limit` pods are aggregated per STATUS instead of listing pods.
pub fn deployments(cluster: &Cluster, tile_limit: usize) -> Vec<DeploymentView> {
    let store = cluster.store();
    store
        .deployments
        .iter()
        .map(|d| deployment_view(cluster, d, tile_limit))
        .collect()
}

/// Every StatefulSet (namespace and name order) with its ordinals.
pub fn statefulsets(cluster: &Cluster) -> Vec<StatefulSetView> {
    cluster
        .store()
        .statefulsets
        .iter()
        .map(|s| statefulset_view(cluster, s))
        .collect()
}

/// Every DaemonSet (namespace and name order) with its pods.
pub fn daemonsets(cluster: &Cluster) -> Vec<DaemonSetView> {
    cluster
        .store()
        .daemonsets
        .iter()
        .map(|d| daemonset_view(cluster, d))
        .collect()
}

fn daemonset_view(cluster: &Cluster, d: &DaemonSet) -> DaemonSetView {
    let store = cluster.store();
    let mut pods: Vec<&Pod> = store.pods.owned_iter(&d.metadata.uid).collect();
    // the node view's order: the control plane, then workers by number; unscheduled last
    fn key(p: &Pod) -> (bool, bool, usize, &str, &str) {
        let node = p.node_name.as_deref();
        (
            node.is_none(),
            node != Some(CONTROL_PLANE),
            node.map_or(0, str::len),
            node.unwrap_or(""),
            &p.metadata.name,
        )
    }
    crate::sort::sort_by(&mut pods, |a, b| key(a).cmp(&key(b)));
    let rolling = d.spec.rolling();
    let st = &d.status;
    DaemonSetView {
        namespace: d.metadata.namespace.clone(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
        desired: st.desired_number_scheduled,
        current: st.current_number_scheduled,
        ready: st.number_ready,
        updated: st.updated_number_scheduled,
        available: st.number_available,
        misscheduled: st.number_misscheduled,
        update_strategy: match d.spec.update_strategy.type_.as_str() {
            "" => "RollingUpdate".into(),
            t => t.to_string(),
        },
        max_surge: rolling.and_then(|r| r.max_surge.as_ref().map(|v| v.to_string())),
        max_unavailable: rolling.and_then(|r| r.max_unavailable.as_ref().map(|v| v.to_string())),
        containers: containers_of(&d.spec.template.spec)
            .into_iter()
            .map(|c| (c.name.to_string(), c.image.to_string()))
            .collect(),
        pod_count: pods.len(),
        pods: pods
            .into_iter()
            .take(DAEMON_POD_LIMIT)
            .map(pod_view)
            .collect(),
    }
}

fn statefulset_view(cluster: &Cluster, s: &StatefulSet) -> StatefulSetView {
    let store = cluster.store();
    let prefix = format!("{}-", s.metadata.name);
    let ordinal_of = |name: &str| name.strip_prefix(&prefix)?.parse::<i64>().ok();
    let mut pods: std::collections::BTreeMap<i64, &Pod> = Default::default();
    for p in store.pods.owned_iter(&s.metadata.uid) {
        if let Some(o) = ordinal_of(&p.metadata.name) {
            pods.insert(o, p);
        }
    }
    let templates: Vec<String> = s
        .spec
        .volume_claim_templates
        .iter()
        .filter_map(|t| t.pointer("/metadata/name").and_then(|n| n.as_str()))
        .map(str::to_string)
        .collect();
    let claim = |t: &str, o: i64| {
        let key = crate::api::ObjKey::new(
            s.metadata.namespace.clone(),
            format!("{t}-{}-{o}", s.metadata.name),
        );
        store
            .pvcs
            .get(&key)
            .map(|c| (key.name().to_string(), c.phase().to_string()))
    };
    // Claims outlive their pods (whenScaled: Retain): find the highest ordinal that has one.
    let mut highest = s.start_ordinal() + s.spec.replicas as i64 - 1;
    if let Some((&o, _)) = pods.iter().next_back() {
        highest = highest.max(o);
    }
    for t in &templates {
        let claim_prefix = format!("{t}-{}-", s.metadata.name);
        for c in store.pvcs.in_namespace(&s.metadata.namespace) {
            if let Some(o) = c
                .metadata
                .name
                .strip_prefix(&claim_prefix)
                .and_then(|r| r.parse::<i64>().ok())
            {
                highest = highest.max(o);
            }
        }
    }
    let start = s.start_ordinal();
    let ordinals = (start..=highest.min(start + ORDINAL_LIMIT - 1))
        .map(|o| {
            let pod = pods.get(&o);
            OrdinalView {
                ordinal: o,
                pod: pod.map(|p| pod_view(p)),
                revision: pod
                    .and_then(|p| p.metadata.labels.get("controller-revision-hash"))
                    .cloned()
                    .unwrap_or_default(),
                pvcs: templates.iter().filter_map(|t| claim(t, o)).collect(),
            }
        })
        .collect();
    StatefulSetView {
        namespace: s.metadata.namespace.clone(),
        name: s.metadata.name.clone(),
        uid: s.metadata.uid.clone(),
        replicas: s.spec.replicas,
        ready: s.status.ready_replicas,
        current: s.status.current_replicas,
        updated: s.status.updated_replicas,
        update_strategy: if s.spec.update_strategy.type_.is_empty() {
            "RollingUpdate".into()
        } else {
            s.spec.update_strategy.type_.clone()
        },
        partition: s
            .spec
            .update_strategy
            .rolling_update
            .as_ref()
            .and_then(|r| r.partition)
            .unwrap_or(0),
        current_revision: s.status.current_revision.clone(),
        update_revision: s.status.update_revision.clone(),
        containers: containers_of(&s.spec.template.spec)
            .into_iter()
            .map(|c| (c.name.to_string(), c.image.to_string()))
            .collect(),
        ordinals,
        pod_count: store.pods.owned_count(&s.metadata.uid),
    }
}

fn owned_replicasets<'a>(cluster: &'a Cluster, d: &Deployment) -> Vec<&'a ReplicaSet> {
    let mut rss: Vec<&ReplicaSet> = cluster
        .store()
        .replicasets
        .owned_iter(&d.metadata.uid)
        .collect();
    crate::sort::sort_by(&mut rss, |a, b| util::by_revision(b, a));
    rss
}

fn deployment_view(cluster: &Cluster, d: &Deployment, tile_limit: usize) -> DeploymentView {
    let replicasets = owned_replicasets(cluster, d)
        .into_iter()
        .map(|rs| replicaset_view(cluster, rs, tile_limit))
        .collect();
    DeploymentView {
        namespace: d.metadata.namespace.clone(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
        replicas: d.spec.replicas,
        paused: d.spec.paused,
        strategy: d.spec.strategy.type_.clone(),
        max_surge: max_surge(d),
        max_unavailable: max_unavailable(d),
        ready: d.status.ready_replicas,
        updated: d.status.updated_replicas,
        available: d.status.available_replicas,
        containers: containers_of(&d.spec.template.spec)
            .into_iter()
            .map(|c| (c.name.to_string(), c.image.to_string()))
            .collect(),
        revision: d
            .metadata
            .annotations
            .get(util::REVISION)
            .and_then(|r| r.parse().ok()),
        progressing: d.status.condition("Progressing").map(|c| c.reason.clone()),
        replicasets,
        budgets: budgets_over(
            cluster,
            &d.metadata.namespace,
            &d.spec.template.metadata.labels,
        ),
    }
}

fn replicaset_view(cluster: &Cluster, rs: &ReplicaSet, tile_limit: usize) -> ReplicaSetView {
    let store = cluster.store();
    let pod_count = store.pods.owned_count(&rs.metadata.uid);
    let (pods, aggregated) = if pod_count <= tile_limit {
        let mut pods: Vec<&Pod> = store.pods.owned_iter(&rs.metadata.uid).collect();
        crate::sort::sort_by(&mut pods, |a, b| {
            (a.metadata.creation_timestamp, &a.metadata.name)
                .cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
        });
        (pods.into_iter().map(pod_view).collect(), None)
    } else if pod_count <= EXACT_STATUS_LIMIT {
        let mut counts: Vec<(String, u32)> = Vec::new();
        for p in store.pods.owned_iter(&rs.metadata.uid) {
            let s = status_column(p);
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
        crate::sort::sort_by(&mut counts, |a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        });
        (Vec::new(), Some(counts))
    } else {
        // Too many pods to visit every frame: the store's incremental counts.
        let c = store.pod_counts(&rs.metadata.uid);
        let mut counts = vec![
            (READY.to_string(), c.ready.max(0) as u32),
            (NOT_READY.to_string(), (c.active - c.ready).max(0) as u32),
            (
                GOING.to_string(),
                pod_count.saturating_sub(c.active.max(0) as usize) as u32,
            ),
        ];
        counts.retain(|(_, n)| *n > 0);
        crate::sort::sort_by(&mut counts, |a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        });
        (Vec::new(), Some(counts))
    };
    ReplicaSetView {
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone(),
        revision: util::revision_of(rs),
        hash: rs
            .metadata
            .labels
            .get(util::POD_TEMPLATE_HASH)
            .cloned()
            .unwrap_or_default(),
        images: containers_of(&rs.spec.template.spec)
            .into_iter()
            .map(|c| c.image.to_string())
            .collect(),
        desired: rs.spec.replicas,
        current: rs.status.replicas,
        ready: rs.status.ready_replicas,
        pods,
        aggregated,
        pod_count,
    }
}

/// A pod as a tile shows it.
pub fn pod_view(p: &Pod) -> PodView {
    let owner = p.metadata.controller_ref();
    PodView {
        uid: p.metadata.uid.clone(),
        namespace: p.metadata.namespace.clone(),
        name: p.metadata.name.clone(),
        status: status_column(p),
        ready: ready_column(p),
        restarts: p
            .status
            .container_statuses
            .iter()
            .map(|c| c.restart_count.max(0) as u32)
            .sum(),
        node: p.node_name.as_deref().map(str::to_string),
        owner: owner.map(|o| o.name.clone()),
        owner_kind: owner.map(|o| o.kind.clone()),
    }
}

/// Pods neither a Deployment's ReplicaSet, a StatefulSet, a DaemonSet nor a Job controls (bare
/// pods, pods of bare ReplicaSets or other controllers), at most `limit` of them, in namespace and name order.
pub fn other_pods(cluster: &Cluster, limit: usize) -> Vec<PodView> {
    let store = cluster.store();
    let by_deployment = |p: &Pod| {
        p.metadata.controller_ref().is_some_and(|r| {
            r.kind == "StatefulSet"
                || r.kind == "DaemonSet"
                || r.kind == "Job"
                || (r.kind == "ReplicaSet"
                    && store
                        .replicasets
                        .get(&crate::api::ObjKey::new(
                            p.metadata.namespace.clone(),
                            r.name.clone(),
                        ))
                        .and_then(|rs| rs.metadata.controller_ref())
                        .is_some_and(|o| o.kind == "Deployment"))
        })
    };
    // Pods of Deployments' ReplicaSets, bare pods and pods of bare ReplicaSets are known from
    // the owner index; only when some pods are none of these (other controllers) are all pods
    // visited.
    let mut keys = store.pods.orphans();
    let mut deployment_pods = 0;
    for rs in store.replicasets.iter() {
        match rs.metadata.controller_ref() {
            Some(o) if o.kind == "Deployment" => {
                deployment_pods += store.pods.owned_count(&rs.metadata.uid)
            }
            _ => keys.extend(store.pods.owned_by(&rs.metadata.uid)),
        }
    }
    for s in store.statefulsets.iter() {
        deployment_pods += store.pods.owned_count(&s.metadata.uid);
    }
    for d in store.daemonsets.iter() {
        deployment_pods += store.pods.owned_count(&d.metadata.uid);
    }
    for j in store.jobs.iter() {
        deployment_pods += store.pods.owned_count(&j.metadata.uid);
    }
    if deployment_pods + keys.len() < store.pods.len() {
        return store
            .pods
            .iter()
            .filter(|p| !by_deployment(p))
            .take(limit)
            .map(pod_view)
            .collect();
    }
    crate::sort::sort(&mut keys);
    keys.iter()
        .filter_map(|k| store.pods.get(k))
        .take(limit)
        .map(pod_view)
        .collect()
}

/// Every node, the control plane first, then workers in name order (`node-2` before `node-10`).
pub fn nodes(cluster: &Cluster) -> Vec<NodeView> {
    let store = cluster.store();
    let mut out: Vec<NodeView> = store
        .nodes
        .values()
        .map(|n| {
            let mut status = match n.ready.as_str() {
                "True" => "Ready".to_string(),
                _ => "NotReady".to_string(),
            };
            if n.unschedulable {
                status.push_str(",SchedulingDisabled");
            }
            NodeView {
                name: n.metadata.name.clone(),
                ready: n.ready.clone(),
                status,
                unschedulable: n.unschedulable,
                failed: n.failed,
                control_plane: n.metadata.name == CONTROL_PLANE,
                pod_count: store.pod_count_on_node(&n.metadata.name),
                max_pods: n.max_pods,
            }
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        (!a.control_plane, a.name.len(), &a.name).cmp(&(!b.control_plane, b.name.len(), &b.name))
    });
    out
}

/// Pods bound to a node, at most `limit`, in namespace and name order.
pub fn pods_on_node(cluster: &Cluster, node: &str, limit: usize) -> Vec<PodView> {
    let store = cluster.store();
    store
        .pods_by_node
        .get(node)
        .into_iter()
        .flatten()
        .filter_map(|k| store.pods.get(k))
        .take(limit)
        .map(pod_view)
        .collect()
}

/// The most recently created `limit` Events (aggregated repeats are one Event with a count),
/// ordered by last occurrence, newest last.
pub fn events(cluster: &Cluster, limit: usize) -> Vec<EventView> {
    let store = cluster.store();
    let start = cluster.now() - cluster.now_ms() as i64;
    let since = |t: i64| (t - start).max(0) as u64;
    let mut out: Vec<EventView> = store
        .events
        .recorded()
        .rev()
        .take(limit)
        .map(|e| EventView {
            uid: e.metadata.uid.clone(),
            type_: e.type_.to_string(),
            reason: e.reason.to_string(),
            object: format!("{}/{}", e.involved.kind.to_lowercase(), e.involved.name),
            message: e.message.clone(),
            count: e.count,
            first_ms: since(e.first_timestamp),
            last_ms: since(e.last_timestamp),
        })
        .collect();
    out.reverse();
    // Stable: events recorded at the same instant keep their creation order.
    crate::sort::sort_by_key(&mut out, |e| e.last_ms);
    out
}

/// One timeline sample per Deployment (namespace and name order), from O(1) counts per
/// ReplicaSet: cheap enough to take at every instant the clock stops at.
pub fn timeline_samples(cluster: &Cluster) -> Vec<(String, TimelineSample)> {
    let store = cluster.store();
    store
        .deployments
        .iter()
        .map(|d| {
            let replicas_by_rs = owned_replicasets(cluster, d)
                .into_iter()
                .rev()
                .map(|rs| RsSample {
                    name: rs.metadata.name.clone(),
                    revision: util::revision_of(rs),
                    pods: store.pod_counts(&rs.metadata.uid).active,
                })
                .collect();
            let key = if d.metadata.namespace == "default" {
                d.metadata.name.clone()
            } else {
                format!("{}/{}", d.metadata.namespace, d.metadata.name)
            };
            (
                key,
                TimelineSample {
                    t_ms: cluster.now_ms(),
                    replicas_by_rs,
                    available: d.status.available_replicas,
                    replicas: d.spec.replicas,
                    lower: d.spec.replicas - max_unavailable(d),
                    upper: d.spec.replicas + max_surge(d),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClusterConfig;

    const NGINX: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n";

    fn cluster() -> Cluster {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let out = c.exec("kubectl apply -f -", Some(NGINX), &|_| Err(String::new()));
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        c.run("sim settle");
        c
    }

    #[test]
    fn board_lists_replicasets_newest_revision_first_with_their_pods() {
        let mut c = cluster();
        c.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1");
        c.advance(500);
        let ds = deployments(&c, 100);
        assert_eq!(ds.len(), 1);
        let d = &ds[0];
        assert_eq!(d.name, "nginx-deployment");
        assert_eq!((d.replicas, d.max_surge, d.max_unavailable), (3, 1, 0));
        assert_eq!(d.containers, vec![("nginx".into(), "nginx:1.16.1".into())]);
        let revs: Vec<_> = d.replicasets.iter().map(|r| r.revision).collect();
        assert_eq!(revs, vec![Some(2), Some(1)]);
        assert_eq!(d.replicasets[0].images, vec!["nginx:1.16.1".to_string()]);
        assert_eq!(d.replicasets[1].pods.len(), 3);
        assert!(d.replicasets[1]
            .pods
            .iter()
            .all(|p| p.status == "Running" && p.owner.as_deref() == Some(&d.replicasets[1].name)));
        assert_eq!(d.replicasets[0].pods[0].status, "ContainerCreating");
        assert_eq!(d.replicasets[0].hash.len(), 10);
    }

    #[test]
    fn large_replicasets_are_aggregated_per_status() {
        let c = cluster();
        let d = &deployments(&c, 2)[0];
        let rs = &d.replicasets[0];
        assert!(rs.pods.is_empty());
        assert_eq!(rs.aggregated, Some(vec![("Running".to_string(), 3)]));
        assert_eq!(rs.pod_count, 3);
    }

    #[test]
    fn very_large_replicasets_are_counted_from_the_index() {
        let mut c = cluster();
        c.run("sim nodes 5");
        c.run("kubectl scale deployment/nginx-deployment --replicas=450");
        c.run("sim settle");
        let rs = &deployments(&c, 60)[0].replicasets[0];
        assert_eq!(rs.aggregated, Some(vec![(READY.to_string(), 450)]));
    }

    #[test]
    fn statefulsets_list_ordinals_with_their_claims() {
        let mut c = cluster();
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n";
        let out = c.exec("kubectl apply -f -", Some(sts), &|_| Err(String::new()));
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        c.run("sim settle");
        let v = statefulsets(&c);
        assert_eq!(v.len(), 1);
        let s = &v[0];
        assert_eq!(
            (s.name.as_str(), s.replicas, s.ready, s.partition),
            ("web", 2, 2, 0)
        );
        let o: Vec<_> = s.ordinals.iter().map(|o| o.ordinal).collect();
        assert_eq!(o, vec![0, 1]);
        assert_eq!(s.ordinals[1].pod.as_ref().unwrap().status, "Running");
        assert_eq!(s.ordinals[0].pvcs[0].0, "www-web-0");
        assert!(other_pods(&c, 10).is_empty());
        c.run("kubectl scale statefulset web --replicas=1");
        c.run("sim settle");
        let s = &statefulsets(&c)[0];
        // The claim of ordinal 1 outlives its pod.
        assert_eq!(s.ordinals.len(), 2);
        assert!(s.ordinals[1].pod.is_none());
        assert_eq!(s.ordinals[1].pvcs.len(), 1);
    }

    #[test]
    fn daemonsets_run_a_pod_per_untainted_node_outside_other_pods() {
        let mut c = cluster();
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: agent\n        image: nginx:1.14.2\n";
        let out = c.exec("kubectl apply -f -", Some(ds), &|_| Err(String::new()));
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        c.advance(30_000);
        let v = daemonsets(&c);
        assert_eq!(v.len(), 1);
        let d = &v[0];
        assert_eq!(d.name, "agent");
        // 3 workers; the control plane's NoSchedule taint is not tolerated
        assert_eq!(
            (
                d.desired,
                d.current,
                d.ready,
                d.updated,
                d.available,
                d.misscheduled
            ),
            (3, 3, 3, 3, 3, 0)
        );
        assert_eq!(
            d.strategy_text(),
            "RollingUpdate · maxSurge 0 · maxUnavailable 1"
        );
        assert_eq!(d.containers, vec![("agent".into(), "nginx:1.14.2".into())]);
        let nodes: Vec<_> = d.pods.iter().map(|p| p.node.as_deref().unwrap()).collect();
        assert_eq!(nodes, vec!["node-1", "node-2", "node-3"]);
        assert!(d
            .pods
            .iter()
            .all(|p| p.status == "Running" && p.owner_kind.as_deref() == Some("DaemonSet")));
        assert_eq!(d.pod_count, 3);
        // the Deployment's pods and the DaemonSet's: none is another pod
        assert!(other_pods(&c, 10).is_empty());
        c.run("kubectl run bare --image=nginx:1.14.2");
        let others: Vec<_> = other_pods(&c, 10).into_iter().map(|p| p.name).collect();
        assert_eq!(others, vec!["bare".to_string()]);
        c.run("kubectl patch daemonset agent -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'");
        assert_eq!(daemonsets(&c)[0].strategy_text(), "OnDelete");
    }

    #[test]
    fn jobs_show_kubectl_status_and_completions_with_their_pods_outside_other_pods() {
        let mut c = cluster();
        let out = c
            .run("kubectl create job pi --image=busybox -- echo hello")
            .combined();
        assert!(out.contains("job.batch/pi created"), "{out}");
        c.advance(60_000);
        let v = jobs(&c);
        assert_eq!(v.len(), 1);
        let j = &v[0];
        assert_eq!(
            (j.name.as_str(), j.status.as_str(), j.completions.as_str()),
            ("pi", "Complete", "1/1")
        );
        assert_eq!((j.active, j.succeeded, j.failed), (0, 1, 0));
        assert_eq!(j.cronjob, None);
        assert_eq!(j.pod_count, 1);
        assert_eq!(j.pods[0].status, "Completed");
        assert_eq!(j.pods[0].owner_kind.as_deref(), Some("Job"));
        assert!(other_pods(&c, 10).is_empty());
    }

    #[test]
    fn cronjobs_show_their_schedule_active_jobs_and_last_schedule() {
        let mut c = cluster();
        let out = c
            .run("kubectl create cronjob hello --image=busybox --schedule='* * * * *' -- sleep 30")
            .combined();
        assert!(out.contains("cronjob.batch/hello created"), "{out}");
        let v = cronjobs(&c);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (
                v[0].schedule.as_str(),
                v[0].suspend,
                v[0].active,
                v[0].last_schedule_ms
            ),
            ("* * * * *", false, 0, None)
        );
        c.advance(65_000);
        let cj = &cronjobs(&c)[0];
        assert_eq!(cj.active, 1);
        let last = cj.last_schedule_ms.expect("scheduled");
        assert!(last > 0 && last <= c.now_ms(), "{last}");
        let js = jobs(&c);
        assert_eq!(js.len(), 1);
        assert_eq!(js[0].cronjob.as_deref(), Some("hello"));
        assert_eq!(js[0].status, "Running");
        assert!(other_pods(&c, 10).is_empty());
        c.run("kubectl patch cronjob hello -p '{\"spec\":{\"suspend\":true}}'");
        assert!(cronjobs(&c)[0].suspend);
    }

    #[test]
    fn timeline_sample_has_the_surge_band() {
        let mut c = cluster();
        c.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1");
        let s = timeline_samples(&c);
        assert_eq!(s.len(), 1);
        let (name, s) = &s[0];
        assert_eq!(name, "nginx-deployment");
        assert_eq!((s.replicas, s.lower, s.upper, s.available), (3, 3, 4, 3));
        let pods: Vec<_> = s.replicas_by_rs.iter().map(|r| r.pods).collect();
        assert_eq!(pods, vec![3, 1]);
    }

    #[test]
    fn events_are_newest_last_and_nodes_list_the_control_plane_first() {
        let c = cluster();
        let ev = events(&c, 1000);
        assert!(ev.windows(2).all(|w| w[0].last_ms <= w[1].last_ms));
        assert!(ev
            .iter()
            .any(|e| e.reason == "ScalingReplicaSet" && e.object == "deployment/nginx-deployment"));
        let ns = nodes(&c);
        let names: Vec<_> = ns.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["control-plane", "node-1", "node-2", "node-3"]);
        assert_eq!(ns.iter().map(|n| n.pod_count).sum::<usize>(), 3);
        assert!(other_pods(&c, 10).is_empty());
        assert!(pods_on_node(&c, "node-1", 10).len() <= 3);
    }
}
