//! The Cluster facade: owns the store, the virtual clock and its timer queue, the seeded RNG, the
//! controllers' work queues and the image registry. Controllers are level-triggered: every write
//! enqueues the keys that care, and after each input [`Cluster::drain`] runs the queues dry at the
//! current instant. Only [`Cluster::advance`] moves time.

mod queue;
pub(crate) mod rng;
pub mod timers;

pub use queue::WorkQueue;
pub use rng::{Rng, NAME_ALPHABET};
pub use timers::Timer;

use crate::api::{
    Deployment, Event, InvolvedObject, Namespace, ObjKey, ObjectMeta, Pod, ReplicaSet, Time,
};
use crate::nodes::registry::Registry;
use crate::output::CommandOutput;
use crate::store::{Object, Store};
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Wall-clock instant the virtual clock starts at: 2025-01-01T00:00:00Z. Fixed so transcripts are
/// byte-identical across runs and machines.
pub const DEFAULT_START: Time = 1_735_689_600_000;

/// Pod lifecycle timings (PRODUCT §4.2), in virtual milliseconds.
#[derive(Debug, Clone)]
pub struct Timings {
    pub image_pull_ms: u64,
    pub image_pull_always_ms: u64,
    pub container_start_ms: u64,
    pub termination_ms: u64,
    pub node_monitor_grace_ms: u64,
    pub eviction_toleration_ms: u64,
    pub backoff_initial_ms: u64,
    pub backoff_max_ms: u64,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            image_pull_ms: 3_000,
            image_pull_always_ms: 500,
            container_start_ms: 1_000,
            termination_ms: 2_000,
            node_monitor_grace_ms: 40_000,
            eviction_toleration_ms: 300_000,
            backoff_initial_ms: 10_000,
            backoff_max_ms: 300_000,
        }
    }
}

/// How a cluster is built. Time and randomness come only from here and from `advance`.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    pub seed: u64,
    pub workers: u32,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            workers: 3,
        }
    }
}

/// A pod as a UI shows it: kubectl's STATUS and READY columns, and its controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    pub uid: String,
    pub namespace: String,
    pub name: String,
    /// kubectl's STATUS column (spec §9.2).
    pub status: String,
    /// kubectl's READY column, e.g. `1/1`.
    pub ready: String,
    pub restarts: u32,
    pub node: Option<String>,
    /// Name of the controlling owner (ReplicaSet, StatefulSet or DaemonSet), if any.
    pub owner: Option<String>,
    pub owner_kind: Option<String>,
}

pub use crate::store::events::MAX_EVENTS;

/// Upper bound on controller syncs in one drain: a runaway loop is a bug, reported, never a hang.
const MAX_SYNCS_PER_DRAIN: usize = 2_000_000;

/// What [`Cluster::step_within`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// No timer is pending and no instant is in progress.
    Idle,
    /// An instant's timers fired and the controllers settled.
    Done,
    /// The caller asked to yield; the instant resumes at the next call.
    Interrupted,
}

/// One controller sync of a drain round.
#[derive(Debug, Clone)]
enum Work {
    Deployment(ObjKey),
    ReplicaSet(ObjKey),
    StatefulSet(ObjKey),
    DaemonSet(ObjKey),
    Job(ObjKey),
    CronJob(ObjKey),
    Pdb(ObjKey),
    /// A namespace whose pods' quota usage changed: its quotas' status (replenishment).
    Quota(String),
    Garbage(String),
    Schedule(ObjKey),
}

/// A `kubectl rollout status`-style watch: every write of the watched Deployment is recorded.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    pub key: ObjKey,
    pub seen: Vec<Deployment>,
}

/// Request lines apps logged, by container run (pod UID, container, restart count).
pub(crate) type AppLogs = std::collections::BTreeMap<(String, String, i32), Vec<(Time, String)>>;

#[derive(Clone)]
pub struct Cluster {
    pub(crate) store: Store,
    pub(crate) now: Time,
    pub(crate) start: Time,
    timers: BinaryHeap<Reverse<(Time, u64, Timer)>>,
    timer_seq: u64,
    /// The controller reference last put on a created pod: the next pod of the same
    /// controller shares it ([`crate::api::OwnerRefs`]).
    pub(crate) last_controller_ref: crate::api::OwnerRefs,
    pub(crate) rng: Rng,
    pub(crate) deployment_queue: WorkQueue<ObjKey>,
    pub(crate) replicaset_queue: WorkQueue<ObjKey>,
    pub(crate) statefulset_queue: WorkQueue<ObjKey>,
    pub(crate) daemonset_queue: WorkQueue<ObjKey>,
    pub(crate) job_queue: WorkQueue<ObjKey>,
    pub(crate) cronjob_queue: WorkQueue<ObjKey>,
    /// PodDisruptionBudgets for the disruption controller.
    pub(crate) disruption_queue: WorkQueue<ObjKey>,
    /// When each CronJob's controller looks again: one pending wake-up per CronJob, as the
    /// workqueue's AddAfter keeps one per key.
    pub(crate) cronjob_wakeups: FxHashMap<ObjKey, Time>,
    pub(crate) schedule_queue: WorkQueue<ObjKey>,
    /// UIDs of deleted owners whose dependents the garbage collector must handle.
    pub(crate) gc_queue: WorkQueue<String>,
    pub(crate) registry: Registry,
    pub(crate) timings: Timings,
    pub(crate) watch: Option<Watch>,
    /// A `rollout status` watch on a StatefulSet.
    pub(crate) sts_watch: Option<crate::controllers::statefulset::StsWatch>,
    /// A `rollout status` watch on a DaemonSet.
    pub(crate) ds_watch: Option<crate::controllers::daemon::DsWatch>,
    /// What the last scale-down read of its ReplicaSet's pods, for the next sync of it.
    pub(crate) victim_ranking: Option<crate::controllers::replicaset::VictimRanking>,
    /// A `kubectl get --watch` in progress: fed by [`Cluster::watched`].
    pub(crate) get_watch: Option<Box<crate::kubectl::get::watch::GetWatch>>,
    /// Image pull back-off per pod UID (kubelet state, not in the API): the current back-off
    /// and, while one is running, when the next pull may start.
    pub(crate) pull_backoff: FxHashMap<String, (u64, Option<Time>)>,
    /// Container restart back-off per pod UID and container (kubelet state): the current
    /// back-off and when it was last set (flowcontrol.Backoff's entry).
    pub(crate) restart_backoff: FxHashMap<String, std::collections::BTreeMap<String, (u64, Time)>>,
    /// Containers looping until cluster DNS resolves a Service (by the Service's key): pod,
    /// pod UID, container and its restart count.
    /// Files `kubectl exec` wrote, by where they live (a claim, a pod volume, a container run;
    /// see `kubectl::exec`) and path.
    pub(crate) exec_files: std::collections::BTreeMap<(String, String), String>,
    /// The processes of container runs whose script kubeplay reads (pod UID, container,
    /// restart count): what the kubelet started, with the instant a DNS wait ended.
    pub(crate) processes:
        FxHashMap<(String, String, i32), std::rc::Rc<crate::nodes::process::Process>>,
    /// What the kubelet asks of pod specs, read once per spec.
    pub(crate) spec_facts: crate::nodes::spec_facts::FactsCache,
    /// Containers whose start is under way (pod UID, container): pulled, then started once.
    pub(crate) starting: std::collections::BTreeSet<(String, String)>,
    pub(crate) dns_waiters: std::collections::BTreeMap<ObjKey, Vec<(ObjKey, String, String, i32)>>,
    /// Sequence number making event names unique within an instant.
    event_seq: u64,
    /// The client's kubeconfig (`kubectl config`): part of the session, not of the API.
    pub(crate) kubeconfig: crate::kubectl::config::Kubeconfig,
    /// The learner's shell variables (`export POD_NAME=…`), kept from line to line as the
    /// terminal's bash would keep them.
    pub(crate) shell_vars: std::collections::BTreeMap<String, String>,
    /// The variables `export` marked: what programs the shell starts see of `shell_vars`.
    pub(crate) shell_exported: std::collections::BTreeSet<String>,
    /// The editor the command being run sees (`KUBE_EDITOR`, else `EDITOR`, exported or
    /// assigned before the command): `kubectl edit` runs it.
    pub(crate) command_editor: Option<String>,
    /// `$?`: the exit status of the last line run.
    pub(crate) last_status: i32,
    /// The container shell a `kubectl exec -ti`/`run -ti` opened: it reads the lines until
    /// it exits.
    pub(crate) tty: Option<crate::kubectl::tty::TtySession>,
    /// The local port a `kubectl proxy` serves on.
    pub(crate) proxy_port: Option<u16>,
    /// `kubectl port-forward`s: local port → the pod and its port.
    pub(crate) forwards: std::collections::BTreeMap<u16, (ObjKey, u16)>,
    /// Connections made through Services so far (each goes to the next ready endpoint).
    pub(crate) connections: u64,
    /// What apps logged of the requests they answered, by container run (pod UID, container,
    /// restart count): the bootcamp app's request lines.
    pub(crate) app_logs: AppLogs,
    /// Pods the scheduler could not place, with when their last attempt failed (the scheduling
    /// queue's timestamp) and the plugins that rejected them; retried on a cluster event those
    /// plugins' queueing hints accept, or after five minutes.
    pub(crate) unschedulable: crate::nodes::scheduler::UnschedulablePods,
    /// The kubelets' serial image pullers (`serializeImagePulls`).
    pub(crate) image_pullers: crate::nodes::kubelet::ImagePullers,
    /// Set when a drain hit its bound; reported by the next command.
    pub(crate) runaway: Option<String>,
    /// The instant [`Cluster::step_within`] left unfinished: timers due then may still be
    /// pending, and `round` holds the rest of the drain round it was in.
    in_progress: Option<Time>,
    /// The instant in progress has fired its timers and is draining the controllers.
    draining: bool,
    round: VecDeque<Work>,
    /// Syncs run by the drain in progress, against [`MAX_SYNCS_PER_DRAIN`].
    drain_syncs: usize,
    /// Failed syncs in a row per controller work item (`ItemExponentialFailureRateLimiter`'s
    /// failure counts), see [`Cluster::retry_delay_ms`].
    sync_failures: FxHashMap<(SyncKind, ObjKey), u32>,
    /// The StatefulSet sync in progress asked to be retried.
    pub(crate) statefulset_sync_failed: bool,
}

impl Cluster {
    /// The namespace commands default to: the current kubeconfig context's, else `default`.
    pub fn context_namespace(&self) -> String {
        self.kubeconfig
            .context(None)
            .ok()
            .flatten()
            .and_then(|c| c.namespace())
            .unwrap_or("default")
            .to_string()
    }

    /// The names of the kubeconfig's contexts (for completion).
    pub fn kubeconfig_contexts(&self) -> Vec<String> {
        self.kubeconfig.contexts.keys().cloned().collect()
    }

    pub fn new(config: ClusterConfig) -> Self {
        let mut c = Self {
            store: Store::default(),
            now: DEFAULT_START,
            start: DEFAULT_START,
            timers: BinaryHeap::new(),
            timer_seq: 0,
            last_controller_ref: Default::default(),
            rng: Rng::new(config.seed),
            deployment_queue: WorkQueue::default(),
            replicaset_queue: WorkQueue::default(),
            statefulset_queue: WorkQueue::default(),
            daemonset_queue: WorkQueue::default(),
            job_queue: WorkQueue::default(),
            cronjob_queue: WorkQueue::default(),
            disruption_queue: WorkQueue::default(),
            cronjob_wakeups: FxHashMap::default(),
            schedule_queue: WorkQueue::default(),
            gc_queue: WorkQueue::default(),
            registry: Registry::default(),
            timings: Timings::default(),
            watch: None,
            sts_watch: None,
            ds_watch: None,
            victim_ranking: None,
            get_watch: None,
            pull_backoff: FxHashMap::default(),
            restart_backoff: FxHashMap::default(),
            dns_waiters: Default::default(),
            exec_files: Default::default(),
            processes: FxHashMap::default(),
            starting: Default::default(),
            spec_facts: Default::default(),
            runaway: None,
            unschedulable: Default::default(),
            image_pullers: Default::default(),
            event_seq: 0,
            kubeconfig: Default::default(),
            shell_vars: Default::default(),
            last_status: 0,
            tty: None,
            shell_exported: Default::default(),
            command_editor: None,
            proxy_port: None,
            forwards: Default::default(),
            connections: 0,
            app_logs: Default::default(),
            in_progress: None,
            draining: false,
            round: VecDeque::new(),
            drain_syncs: 0,
            sync_failures: FxHashMap::default(),
            statefulset_sync_failed: false,
        };
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let mut meta = c.new_meta("", ns);
            meta.generation = 0;
            c.store
                .namespaces
                .insert(ns.to_string(), Namespace { metadata: meta });
            c.publish_root_ca(ns);
            c.ensure_default_service_account(ns);
        }
        c.add_control_plane();
        c.add_kubernetes_service();
        c.set_worker_count(config.workers);
        c
    }

    /// Runs one command line (`kubectl …` or `sim …`). `stdin` feeds `-f -`; `read_file` resolves
    /// `-f PATH` (core does no IO, so the host decides what a path means).
    pub fn exec(
        &mut self,
        line: &str,
        stdin: Option<&str>,
        read_file: &dyn Fn(&str) -> Result<String, String>,
    ) -> CommandOutput {
        self.finish_instant();
        let mut out = if self.tty.is_some() {
            crate::kubectl::tty::input(self, line)
        } else {
            crate::kubectl::execute(self, line, stdin, read_file)
        };
        if let Some(msg) = self.runaway.take() {
            out.err(format!("error: {msg}\n"));
        }
        self.last_status = out.exit_code;
        out
    }

    /// Runs a command line with no stdin and no files.
    pub fn run(&mut self, line: &str) -> CommandOutput {
        self.exec(line, None, &|p| {
            Err(format!("error: the path \"{p}\" does not exist"))
        })
    }

    /// Moves the virtual clock forward, firing timers and running controllers on the way.
    pub fn advance(&mut self, ms: u64) {
        let target = self.now + ms as Time;
        self.advance_to(target);
    }

    /// Fires every timer due at or before `target`, instant by instant, draining the controllers
    /// after each instant; then sets the clock to `target`.
    pub fn advance_to(&mut self, target: Time) {
        self.finish_instant();
        self.drain();
        while let Some(t) = self.next_timer_at() {
            if t > target {
                break;
            }
            self.step();
        }
        if target > self.now {
            self.now = target;
        }
    }

    /// Fires the timers due at the next instant that has any (or finishes the instant
    /// [`Cluster::step_within`] left); false when nothing was pending.
    pub fn step(&mut self) -> bool {
        self.step_within(&mut || false) == StepOutcome::Done
    }

    /// [`Cluster::step`] that stops as soon as `should_yield` returns true, asked after every
    /// timer and every controller sync: a host with a frame budget (the playground) never waits
    /// for a whole busy instant (1,000 pods becoming ready at once). Resuming runs exactly the
    /// work an uninterrupted step would have, in the same order, so the outcome is identical;
    /// every other entry point (commands, `advance_to`, node changes) first finishes the
    /// instant, so nothing observes the cluster between two halves of it except read-only views.
    pub fn step_within(&mut self, should_yield: &mut dyn FnMut() -> bool) -> StepOutcome {
        let t = match self.in_progress {
            Some(t) => t,
            None => match self.next_timer_at() {
                Some(t) => {
                    self.now = self.now.max(t);
                    self.in_progress = Some(t);
                    t
                }
                None => return StepOutcome::Idle,
            },
        };
        // Timers the drain sets for this same instant fire in the next one, as they do when
        // the instant runs whole: an instant resumed in its drain does not go back to them.
        while let (false, Some(Reverse((at, _, _)))) = (self.draining, self.timers.peek()) {
            if *at > t {
                break;
            }
            let Reverse((_, _, timer)) = self.timers.pop().expect("peeked");
            shed_slack_heap(&mut self.timers);
            self.fire(timer);
            if should_yield() {
                return StepOutcome::Interrupted;
            }
        }
        self.draining = true;
        if !self.drain_until(should_yield) {
            return StepOutcome::Interrupted;
        }
        self.draining = false;
        self.in_progress = None;
        StepOutcome::Done
    }

    /// Whether [`Cluster::step_within`] left an instant unfinished.
    pub fn in_instant(&self) -> bool {
        self.in_progress.is_some()
    }

    /// Completes the instant [`Cluster::step_within`] left, if any.
    pub(crate) fn finish_instant(&mut self) {
        if self.in_progress.is_some() {
            self.step_within(&mut || false);
        }
    }

    /// When the next timer fires, if any.
    pub fn next_timer_at(&self) -> Option<Time> {
        self.timers.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Every timer still to fire (any order).
    pub fn pending_timers(&self) -> impl Iterator<Item = &Timer> {
        self.timers.iter().map(|Reverse((_, _, t))| t)
    }

    /// Virtual milliseconds since the cluster started.
    pub fn now_ms(&self) -> u64 {
        (self.now - self.start) as u64
    }

    /// The virtual wall clock (Unix ms).
    pub fn now(&self) -> Time {
        self.now
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// All pods, sorted by namespace and name.
    pub fn pods(&self) -> Vec<PodView> {
        self.store
            .pods
            .iter()
            .map(|p| {
                let owner = p.metadata.controller_ref();
                PodView {
                    uid: p.metadata.uid.clone(),
                    namespace: p.metadata.namespace.clone(),
                    name: p.metadata.name.clone(),
                    status: crate::kubectl::podstatus::status_column(p),
                    ready: crate::kubectl::podstatus::ready_column(p),
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
            })
            .collect()
    }

    /// The controllers' queues' `AddRateLimited` after a failed sync: the workqueue's default
    /// controller rate limiter waits 5 ms, doubling with each failure of the item in a row, up
    /// to 1000 s (`DefaultTypedControllerRateLimiter`; its overall 10 qps bucket, burst 100,
    /// never binds on one item).
    pub(crate) fn retry_delay_ms(&mut self, kind: SyncKind, key: &ObjKey) -> u64 {
        let failures = self.sync_failures.entry((kind, key.clone())).or_insert(0);
        let delay = 5u64
            .saturating_mul(1u64 << (*failures).min(40))
            .min(1_000_000);
        *failures += 1;
        delay
    }

    /// `queue.Forget`: a sync that succeeded resets the item's back-off.
    pub(crate) fn forget_failures(&mut self, kind: SyncKind, key: &ObjKey) {
        if !self.sync_failures.is_empty() {
            self.sync_failures.remove(&(kind, key.clone()));
        }
    }

    /// Schedules a timer `delay_ms` from now.
    pub(crate) fn after(&mut self, delay_ms: u64, timer: Timer) {
        self.at(self.now + delay_ms as Time, timer);
    }

    pub(crate) fn at(&mut self, when: Time, timer: Timer) {
        self.timer_seq += 1;
        self.timers
            .push(Reverse((when.max(self.now), self.timer_seq, timer)));
    }

    /// Runs the controller queues until all are empty (bounded). Each round takes what every
    /// queue holds at its start, so a burst of pod events (1,000 pods scheduled at one instant)
    /// coalesces into one ReplicaSet sync instead of one sync per pod.
    pub(crate) fn drain(&mut self) {
        self.drain_until(&mut || false);
    }

    /// [`Cluster::drain`], stopping between two syncs when `should_yield` says so (the rest of
    /// the round waits in `round`); true when the queues ran dry.
    fn drain_until(&mut self, should_yield: &mut dyn FnMut() -> bool) -> bool {
        loop {
            while let Some(work) = self.round.pop_front() {
                match work {
                    Work::Deployment(k) => self.sync_deployment(&k),
                    Work::ReplicaSet(k) => self.sync_replicaset(&k),
                    Work::StatefulSet(k) => self.sync_statefulset(&k),
                    Work::DaemonSet(k) => self.sync_daemonset(&k),
                    Work::Job(k) => self.sync_job(&k),
                    Work::CronJob(k) => self.sync_cronjob(&k),
                    Work::Pdb(k) => self.sync_pdb(&k),
                    Work::Quota(ns) => self.sync_quota_status(&ns),
                    Work::Garbage(uid) => self.collect_garbage(&uid),
                    Work::Schedule(k) => self.schedule_pod(&k),
                }
                if should_yield() {
                    return false;
                }
            }
            let round = self.next_round();
            if round.is_empty() {
                self.drain_syncs = 0;
                self.finish_terminating_namespaces();
                return true;
            }
            self.drain_syncs += round.len();
            if self.drain_syncs > MAX_SYNCS_PER_DRAIN {
                self.runaway = Some("controllers did not settle (runaway sync loop)".into());
                self.drain_syncs = 0;
                return true;
            }
            self.round = round;
        }
    }

    /// Everything the queues hold, in the order a round syncs it: pods to schedule, then
    /// Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, garbage. The scheduler binds a new pod within
    /// milliseconds, so a controller that reacts to the same pod finds it bound: bare pods a
    /// ReplicaSet adopts beyond its replicas are deleted Terminating, as the ReplicaSet page of
    /// the Kubernetes docs shows them, not unbound and gone at once.
    fn next_round(&mut self) -> VecDeque<Work> {
        let mut round = VecDeque::new();
        round.extend(
            self.schedule_queue
                .take_all()
                .into_iter()
                .map(Work::Schedule),
        );
        round.extend(
            self.deployment_queue
                .take_all()
                .into_iter()
                .map(Work::Deployment),
        );
        round.extend(
            self.replicaset_queue
                .take_all()
                .into_iter()
                .map(Work::ReplicaSet),
        );
        round.extend(
            self.statefulset_queue
                .take_all()
                .into_iter()
                .map(Work::StatefulSet),
        );
        round.extend(
            self.daemonset_queue
                .take_all()
                .into_iter()
                .map(Work::DaemonSet),
        );
        round.extend(self.job_queue.take_all().into_iter().map(Work::Job));
        round.extend(self.cronjob_queue.take_all().into_iter().map(Work::CronJob));
        round.extend(self.disruption_queue.take_all().into_iter().map(Work::Pdb));
        round.extend(
            self.store
                .quota_usage
                .take_dirty()
                .into_iter()
                .map(Work::Quota),
        );
        round.extend(self.gc_queue.take_all().into_iter().map(Work::Garbage));
        round
    }

    /// Fresh metadata with a UID, creation time and generation 1.
    pub(crate) fn new_meta(&mut self, namespace: &str, name: &str) -> ObjectMeta {
        ObjectMeta {
            name: name.to_string(),
            namespace: namespace.to_string(),
            uid: self.rng.uuid(),
            creation_timestamp: self.now,
            generation: 1,
            ..Default::default()
        }
    }

    // ---- writes: each bumps resourceVersion and enqueues the controllers that watch the kind ----

    /// Every write helper calls this after storing an object of `kind` (Resource::kind()), and
    /// before removing one (`deleted`): a running `kubectl get --watch` turns it into a watch
    /// event. One comparison when no watch runs.
    /// A node write also wakes the DaemonSets: which nodes should run a daemon may change.
    pub(crate) fn watched(&mut self, kind: &str, key: &ObjKey, deleted: bool) {
        if kind == "Node" && !self.store.daemonsets.is_empty() {
            self.enqueue_all_daemonsets();
        }
        if self.get_watch.as_ref().is_some_and(|w| w.kind == kind) {
            crate::kubectl::get::watch::record(self, key, deleted);
        }
    }

    pub(crate) fn write_deployment(&mut self, mut d: Deployment) {
        d.metadata.resource_version = self.store.next_resource_version();
        let key = d.metadata.key();
        if let Some(w) = &mut self.watch {
            if w.key == key {
                w.seen.push(d.clone());
            }
        }
        self.store.deployments.put(d);
        self.watched("Deployment", &key, false);
        self.deployment_queue.add(key);
    }

    pub(crate) fn remove_deployment(&mut self, key: &ObjKey) {
        self.watched("Deployment", key, true);
        if let Some(d) = self.store.deployments.remove(key) {
            self.store.next_resource_version();
            self.gc_queue.add(d.metadata.uid.clone());
        }
    }

    /// Writes a ReplicaSet's spec or metadata: wakes it and its Deployment.
    pub(crate) fn write_replicaset(&mut self, rs: ReplicaSet) {
        let key = rs.metadata.key();
        self.write_replicaset_status(rs);
        self.replicaset_queue.add(key);
    }

    /// Writes a ReplicaSet's status: wakes its Deployment (a status change needs no new sync of
    /// the ReplicaSet itself).
    pub(crate) fn write_replicaset_status(&mut self, mut rs: ReplicaSet) {
        rs.metadata.resource_version = self.store.next_resource_version();
        let key = rs.metadata.key();
        self.enqueue_deployments_for_rs(&rs);
        let old = self.store.replicasets.put(rs);
        self.watched("ReplicaSet", &key, false);
        if let Some(old) = old {
            let relabeled_template = self.store.replicasets.get(&key).is_some_and(|r| {
                r.spec.template.metadata.labels != old.spec.template.metadata.labels
            });
            if relabeled_template {
                self.store.foreign_owners.insert(old.metadata.uid.clone());
            }
            if old.metadata.controller_uid()
                != self
                    .store
                    .replicasets
                    .get(&key)
                    .and_then(|r| r.metadata.controller_uid())
            {
                self.enqueue_deployments_for_rs(&old);
            }
        }
    }

    pub(crate) fn remove_replicaset(&mut self, key: &ObjKey) {
        self.watched("ReplicaSet", key, true);
        if let Some(rs) = self.store.replicasets.remove(key) {
            self.store.next_resource_version();
            self.enqueue_deployments_for_rs(&rs);
            self.gc_queue.add(rs.metadata.uid.clone());
            if let Some(owner) = rs.metadata.controller_uid() {
                self.gc_queue.add(owner.to_string());
            }
        }
    }

    /// A ReplicaSet event wakes its controlling Deployment, or for an orphan every Deployment whose
    /// selector matches it (spec §4.1).
    fn enqueue_deployments_for_rs(&mut self, rs: &ReplicaSet) {
        if let Some(r) = rs.metadata.controller_ref() {
            if r.kind == "Deployment" {
                self.deployment_queue
                    .add(ObjKey::new(rs.metadata.namespace.clone(), r.name.clone()));
            }
            return;
        }
        let keys: Vec<ObjKey> = self
            .store
            .deployments
            .in_namespace(&rs.metadata.namespace)
            .filter(|d| !d.spec.selector.is_empty() && d.spec.selector.matches(&rs.metadata.labels))
            .map(|d| d.metadata.key())
            .collect();
        for k in keys {
            self.deployment_queue.add(k);
        }
    }

    pub(crate) fn write_pod(&mut self, mut pod: Pod) {
        pod.metadata.resource_version = self.store.next_resource_version();
        self.enqueue_pod_owner(&pod);
        self.enqueue_pdbs_for_pod(&pod);
        let key = pod.metadata.key();
        let was_ready = self.store.pods.get(&key).is_some_and(Pod::is_ready);
        if !was_ready && pod.is_ready() {
            self.requeue_for_min_ready(&pod);
        }
        let old = self.store.put_pod(pod);
        self.watched("Pod", &key, false);
        if let Some(old) = old {
            // budgets that selected the pod before a relabeling
            if !self.store.pdbs.is_empty() {
                self.enqueue_pdbs_for_pod(&old);
            }
            if old.metadata.controller_uid()
                != self
                    .store
                    .pods
                    .get(&old.metadata.key())
                    .and_then(|p| p.metadata.controller_uid())
            {
                self.enqueue_pod_owner(&old);
            }
        }
    }

    /// `write_pod` for a change made in place (status, deletion fields; see
    /// [`Store::modify_pod`]): the same resourceVersion bump, queues, timers and watch event,
    /// without copying the pod.
    pub(crate) fn update_pod(&mut self, key: &ObjKey, change: impl FnOnce(&mut Pod)) {
        if !self.store.pods.contains(key) {
            return;
        }
        let rv = self.store.next_resource_version();
        let changed = self.store.modify_pod(key, |pod| {
            let was_ready = pod.is_ready();
            let was_terminal = pod.status.phase.is_terminal();
            change(pod);
            pod.metadata.resource_version = rv;
            (
                !was_ready && pod.is_ready(),
                !was_terminal && pod.status.phase.is_terminal(),
            )
        });
        let became_ready = changed.map(|(ready, _)| ready);
        // the scheduler watches only pods that have not finished (its informer's field
        // selector): a finished pod is gone to it, and frees its node's room
        if matches!(changed, Some((_, true))) && self.unschedulable.waits_on_pod_delete() {
            if let Some(pod) = self.store.pods.get(key).cloned() {
                self.pod_deleted_for_scheduling(&pod);
            }
        }
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if !self.store.pdbs.is_empty() {
            for k in crate::controllers::disruption::budgets_selecting(&self.store, pod) {
                self.disruption_queue.add(k);
            }
        }
        match pod.metadata.controller_ref() {
            Some(r) if r.kind == "ReplicaSet" => {
                let rs = ObjKey::new(key.namespace(), r.name.clone());
                if became_ready == Some(true) {
                    self.requeue_replicaset_for_min_ready(rs.clone());
                }
                self.replicaset_queue.add(rs);
            }
            Some(r) if r.kind == "StatefulSet" => {
                let set = ObjKey::new(key.namespace(), r.name.clone());
                self.statefulset_queue.add(set);
            }
            Some(r) if r.kind == "Job" => {
                let job = ObjKey::new(key.namespace(), r.name.clone());
                self.job_queue.add(job);
            }
            Some(r) if r.kind == "DaemonSet" => {
                let ds = ObjKey::new(key.namespace(), r.name.clone());
                if became_ready == Some(true) {
                    self.requeue_daemonset_for_min_ready(&ds);
                }
                self.daemonset_queue.add(ds);
            }
            Some(_) => {}
            None => {
                let pod = pod.clone();
                self.enqueue_pod_owner(&pod);
            }
        }
        self.watched("Pod", key, false);
    }

    pub(crate) fn remove_pod(&mut self, key: &ObjKey) {
        self.watched("Pod", key, true);
        if let Some(p) = self.store.remove_pod(key) {
            self.store.next_resource_version();
            self.pull_backoff.remove(&p.metadata.uid);
            self.restart_backoff.remove(&p.metadata.uid);
            if !self.processes.is_empty() {
                self.processes
                    .retain(|(uid, _, _), _| *uid != p.metadata.uid);
            }
            if !self.starting.is_empty() {
                self.starting.retain(|(uid, _)| *uid != p.metadata.uid);
            }
            if !self.exec_files.is_empty() {
                let uid = &p.metadata.uid;
                let (pod, run) = (format!("pod {uid} "), format!("container {uid} "));
                self.exec_files
                    .retain(|(space, _), _| !space.starts_with(&pod) && !space.starts_with(&run));
            }
            self.enqueue_pod_owner(&p);
            self.enqueue_pdbs_for_pod(&p);
            self.enqueue_recreate_deployment_for_pod(&p);
            if let Some(owner) = p.metadata.controller_uid() {
                self.gc_queue.add(owner.to_string());
            }
            self.pod_removed_from_claims(&p);
            self.pod_deleted_for_scheduling(&p);
        }
    }

    /// A pod event wakes its controlling ReplicaSet; orphans wake every ReplicaSet that may adopt them.
    fn enqueue_pod_owner(&mut self, pod: &Pod) {
        self.enqueue_statefulsets_for_pod(pod);
        self.enqueue_daemonsets_for_pod(pod);
        self.enqueue_job_for_pod(pod);
        if let Some(r) = pod.metadata.controller_ref() {
            if r.kind == "ReplicaSet" {
                self.replicaset_queue
                    .add(ObjKey::new(pod.metadata.namespace.clone(), r.name.clone()));
            }
            return;
        }
        if pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let keys: Vec<ObjKey> = self
            .store
            .replicasets
            .in_namespace(&pod.metadata.namespace)
            .filter(|rs| {
                !rs.spec.selector.is_empty() && rs.spec.selector.matches(&pod.metadata.labels)
            })
            .map(|rs| rs.metadata.key())
            .collect();
        for k in keys {
            self.replicaset_queue.add(k);
        }
    }

    /// Recreate Deployments wait for old pods to be gone: a pod deletion wakes them (spec §4.1).
    fn enqueue_recreate_deployment_for_pod(&mut self, pod: &Pod) {
        let Some(r) = pod.metadata.controller_ref() else {
            return;
        };
        if r.kind != "ReplicaSet" {
            return;
        }
        let rs_key = ObjKey::new(pod.metadata.namespace.clone(), r.name.clone());
        let Some(rs) = self.store.replicasets.get(&rs_key) else {
            return;
        };
        let Some(dr) = rs.metadata.controller_ref() else {
            return;
        };
        let dkey = ObjKey::new(pod.metadata.namespace.clone(), dr.name.clone());
        let recreate = self
            .store
            .deployments
            .get(&dkey)
            .is_some_and(|d| d.spec.strategy.type_ == "Recreate");
        let no_pods_left = || {
            self.store
                .replicasets
                .owned_iter(&dr.uid)
                .all(|rs| self.store.pods.owned_count(&rs.metadata.uid) == 0)
        };
        if recreate && no_pods_left() {
            self.deployment_queue.add(dkey);
        }
    }

    /// Records an Event as client-go's recorder does: repeats of the same Event raise its
    /// count, and the EventCorrelator combines similar Events and holds back spam (see
    /// [`crate::store::events::EventLog`]'s correlator).
    pub(crate) fn record_event(
        &mut self,
        involved: InvolvedObject,
        type_: &'static str,
        reason: &'static str,
        message: String,
        source: &'static str,
        host: Option<&str>,
    ) {
        // client-go's EventCorrelator (tools/record/events_cache.go) for the core/v1
        // recorders; the scheduler writes events.k8s.io Events (tools/events), which skip it.
        let correlated = source != "default-scheduler";
        let spam_key = event_hash(
            0xcbf2_9ce4_8422_2325,
            &[
                source,
                host.unwrap_or(""),
                involved.kind,
                &involved.namespace,
                &involved.name,
                &involved.uid,
                involved.api_version,
            ],
        );
        // EventAggregatorByReasonFunc's key, and getEventKey's (adds fieldPath and message).
        let aggregate_key = event_hash(spam_key, &[type_, reason]);
        let mut agg = event_hash(
            aggregate_key,
            &[involved.field_path.as_deref().unwrap_or(""), &message],
        );
        let full_key = agg;
        let mut message = message;
        let now = self.now;
        let combined = correlated
            && self.store.events.correlator.aggregate(
                aggregate_key,
                event_hash(0, &[&message]),
                now,
            );
        if combined {
            message.insert_str(0, "(combined from similar events): ");
            // A combined Event is found by the aggregate key (a tag keeps it apart).
            agg = event_hash(aggregate_key, &["(combined)"]);
        }
        // An occurrence unlike every kept Event takes a fresh name stamp and UID whether or not
        // it is written, so that held-back and combined Events leave the random names of
        // everything recorded later as they were.
        let kept = self.store.events.aggregate_mut(agg).is_some_and(|(ev, _)| {
            ev.involved.uid == involved.uid
                && ev.type_ == type_
                && ev.reason == reason
                && ev.source_component == source
        });
        // The eventLogger's observation of an Event whose first occurrences were held back.
        let pending = if kept {
            None
        } else {
            self.store.events.correlator.take_unwritten(agg)
        };
        let fresh = if combined {
            self.store.events.aggregate_mut(full_key).is_none()
        } else {
            !kept && pending.is_none()
        };
        let fresh = fresh.then(|| self.next_event_identity());
        let rv = self.store.resource_version() + 1;
        if kept {
            let (_, observed) = self.store.events.aggregate_mut(agg).expect("kept");
            *observed += 1;
            let count = *observed;
            if correlated && !self.store.events.correlator.spam_accept(spam_key, now) {
                return;
            }
            let (ev, _) = self.store.events.aggregate_mut(agg).expect("kept");
            ev.count = count;
            ev.last_timestamp = now;
            ev.message = message;
            ev.metadata.resource_version = rv;
            let watched = self.get_watch.is_some().then(|| ev.metadata.key());
            self.store.next_resource_version();
            if let Some(key) = watched {
                self.watched("Event", &key, false);
            }
            return;
        }
        let ns = if involved.namespace.is_empty() {
            "default"
        } else {
            &*involved.namespace
        };
        let (count, first, (stamp, uid)) = match pending {
            Some((count, first, named)) => (count + 1, first, named),
            None => (1, now, fresh.unwrap_or_else(|| self.next_event_identity())),
        };
        if correlated && !self.store.events.correlator.spam_accept(spam_key, now) {
            self.store
                .events
                .correlator
                .hold_unwritten(agg, count, first, (stamp, uid));
            return;
        }
        let mut stamp = stamp;
        let mut name = event_name(&involved.name, stamp);
        // The first free name from the stamp on (a taken one is rare: same object, same instant).
        while self.store.events.contains_stamped(ns, &name, stamp) {
            stamp += 1;
            name = event_name(&involved.name, stamp);
        }
        let meta = ObjectMeta {
            name,
            namespace: ns.to_string(),
            uid: uid.to_uid(),
            creation_timestamp: now,
            generation: 0,
            resource_version: self.store.next_resource_version(),
            ..Default::default()
        };
        let event = Event {
            metadata: meta,
            involved,
            reason,
            message,
            type_,
            source_component: source,
            source_host: host.map(str::to_string),
            count,
            first_timestamp: first,
            last_timestamp: now,
        };
        let watched = self.get_watch.is_some().then(|| event.metadata.key());
        self.store.events.push(event, stamp, agg);
        if let Some(key) = watched {
            self.watched("Event", &key, false);
        }
        while self.store.events.len() > MAX_EVENTS {
            self.store.events.pop_oldest();
        }
    }
}

impl Cluster {
    /// Randomness for what a client makes up without the cluster seeing it (`kubectl diff`'s
    /// temporary directory names): drawn from the seed and the instant, the cluster's own
    /// generator left where it is, so a read-only command changes nothing that follows.
    pub(crate) fn client_rng(&self) -> Rng {
        let mut peek = self.rng.clone();
        Rng::new(peek.next_u64() ^ self.now as u64)
    }

    /// A new Event's name stamp and UID. Names are `<object>.<hex nanoseconds>`, as client-go
    /// makes them; a per-cluster sequence keeps names of Events recorded at one instant apart.
    fn next_event_identity(&mut self) -> (u64, rng::UuidDraw) {
        self.event_seq += 1;
        let stamp = (self.now as u64) * 1_000_000 + self.event_seq % 1_000_000;
        (stamp, self.rng.uuid_draw())
    }
}

/// Gives back a timer heap's room once a burst (a rollout's pods all waiting at once) has
/// drained to a quarter of it: a settled cluster should not hold the peak's memory (PRODUCT §8,
/// memory per pod). Halving keeps the amortised cost of the next burst linear.
fn shed_slack_heap<T: Ord>(heap: &mut BinaryHeap<T>) {
    if heap.capacity() > 1024 && heap.len() * 4 < heap.capacity() {
        heap.shrink_to(heap.len() * 2);
    }
}

/// Which controller's work queue a sync failure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SyncKind {
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    Job,
}

/// `<object>.<stamp in lowercase hex>`, an Event's name, written without the formatting
/// machinery (which cost more than the rest of the name's making; every Event takes one).
fn event_name(object: &str, stamp: u64) -> String {
    let mut name = String::with_capacity(object.len() + 1 + 16);
    name.push_str(object);
    name.push('.');
    crate::output::push_hex(&mut name, stamp, 0);
    name
}

/// A hash, from `seed`, of the fields that identify an Event for client-go's correlator (a
/// hash collision only costs a second Event, since a hit is verified field by field). Eight
/// bytes a step, as it runs for every Event recorded (a byte-wise FNV was a twentieth of a
/// 10k-pod rollout); each part's length keeps `ab`+`c` apart from `a`+`bc`, and the final mix
/// spreads every input bit over the low 32 bits, which message identity keeps.
fn event_hash(seed: u64, parts: &[&str]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = seed;
    for part in parts {
        let bytes = part.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        let word = u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 56);
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    // murmur3's fmix64
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The `involvedObject` of an event about `obj`.
pub(crate) fn involved<T: Object>(obj: &T, api_version: &'static str) -> InvolvedObject {
    let m = obj.meta();
    InvolvedObject {
        kind: T::KIND,
        namespace: m.namespace.as_str().into(),
        name: m.name.as_str().into(),
        uid: m.uid.as_str().into(),
        api_version,
        field_path: None,
        resource_version: m.resource_version,
    }
}
