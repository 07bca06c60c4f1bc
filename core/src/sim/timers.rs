//! Timers on the virtual clock: pod lifecycle steps, controller requeues, node monitoring.

use crate::api::{ObjKey, Time};

/// Something that happens at a virtual instant. Pod timers carry the pod UID so that a timer
/// outliving its pod (deleted, or replaced by a same-named pod) does nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The kubelet finished pulling (or failed to pull) a pod's images.
    ImagePulled {
        pod: ObjKey,
        uid: String,
    },
    /// Image pull back-off elapsed: the kubelet pulls again.
    PullRetry {
        pod: ObjKey,
        uid: String,
    },
    /// Containers started.
    ContainersStarted {
        pod: ObjKey,
        uid: String,
    },
    /// The readiness probe first succeeds.
    PodReady {
        pod: ObjKey,
        uid: String,
    },
    /// A terminating pod's containers exited; the kubelet removes the pod from the API.
    PodTerminated {
        pod: ObjKey,
        uid: String,
    },
    /// A controller asked to look again later (minReadySeconds, progress deadline).
    SyncReplicaSet(ObjKey),
    SyncDeployment(ObjKey),
    SyncStatefulSet(ObjKey),
    SyncDaemonSet(ObjKey),
    SyncJob(ObjKey),
    /// A PodDisruptionBudget's disrupted pod is due to be seen deleting (its recheck queue).
    SyncPdb(ObjKey),
    /// 100 ms after a CronJob's next scheduled time.
    SyncCronJob(ObjKey),
    /// A finished Job's ttlSecondsAfterFinished ran out.
    JobTtl {
        job: ObjKey,
        uid: String,
    },
    /// The HorizontalPodAutoscaler resync (every 15 s); `uid` ends the chain when it is deleted.
    SyncHpa {
        hpa: ObjKey,
        uid: String,
    },
    /// The volume provisioner created and bound a pending pod's claims.
    ClaimsProvisioned {
        pod: ObjKey,
        uid: String,
    },
    /// The PV controller's resync of an unbound claim of a class without provisioner.
    ClaimResync {
        claim: ObjKey,
        uid: String,
    },
    /// Node lifecycle: a failed node's grace period elapsed (→ NotReady).
    /// `since` is when the node failed, so a timer from an earlier failure is ignored.
    NodeMonitor {
        node: String,
        since: Time,
    },
    /// Node lifecycle: pods on an unreachable node outlived their toleration (→ evict).
    NodeEvict {
        node: String,
        since: Time,
    },
    /// A pod tolerated its node's NoExecute taint for `tolerationSeconds`, which ran out.
    TaintEviction {
        pod: ObjKey,
        uid: String,
    },
    /// After ErrImagePull the kubelet enters back-off (STATUS becomes ImagePullBackOff).
    PullBackOff {
        pod: ObjKey,
        uid: String,
    },
    /// A container's process ended on its own (`restarts` names the run, `code` its exit).
    ContainerExited {
        pod: ObjKey,
        uid: String,
        container: String,
        restarts: i32,
        code: i32,
    },
    /// The pod worker syncs a pod with an exited container: restart it, or back off.
    ContainerSync {
        pod: ObjKey,
        uid: String,
        container: String,
    },
    /// The volume manager tries again to set up a pod's `configMap`/`secret` volumes whose
    /// object was missing (`attempt` sets the exponential back-off).
    MountRetry {
        pod: ObjKey,
        uid: String,
        attempt: u32,
    },
    /// The pod worker syncs again a pod whose container could not be created
    /// (CreateContainerConfigError): the container is tried again.
    ConfigRetry {
        pod: ObjKey,
        uid: String,
        container: String,
    },
    /// A restarting container's image is ready (pulled, or present).
    ContainerPulled {
        pod: ObjKey,
        uid: String,
        container: String,
    },
    /// A restarting container started.
    ContainerStarted {
        pod: ObjKey,
        uid: String,
        container: String,
    },
    /// A pod's `activeDeadlineSeconds` ran out (counted from its `startTime`): the kubelet's
    /// active deadline handler fails it and its containers are stopped.
    ActiveDeadline {
        pod: ObjKey,
        uid: String,
    },
    /// The scheduling queue's flush of pods unschedulable for longer than
    /// `podMaxInUnschedulablePodsDuration`; `since` is the failed attempt it was set for.
    SchedulingRetry {
        pod: ObjKey,
        uid: String,
        since: Time,
    },
    /// A liveness or readiness probe of one run (`restarts`) of a container, its `tick`-th.
    Probe {
        pod: ObjKey,
        uid: String,
        container: String,
        kind: crate::nodes::prober::ProbeKind,
        restarts: i32,
        tick: u64,
    },
}
