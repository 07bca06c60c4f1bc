//! The `sim` commands (PRODUCT §5): move the virtual clock, break and heal nodes, resize the
//! cluster, edit the image registry.

use super::printers::duration::{go_duration, parse_go_duration};
use super::printers::timefmt::rfc3339;
use crate::api::{ContainerState, ObjKey};
use crate::nodes::restarts::restarted_after;
use crate::output::CommandOutput;
use crate::sim::{Cluster, Timer};

const USAGE: &str = "usage: sim advance DURATION | sim settle [MAX] | sim time | sim node fail|recover NODE | sim nodes N | sim registry add|remove IMAGE";
/// `sim settle` without a limit stops after this much virtual time.
const SETTLE_DEFAULT_MS: u64 = 600_000;
/// The most virtual time one `sim advance` or `sim settle` may cover: every HPA resyncs each
/// 15 s and stuck pods retry their pulls, so time costs work even in a quiet cluster, and a
/// host (the page) must not stall on `sim advance 100000h`.
pub const MAX_ADVANCE_MS: u64 = 24 * 3_600_000;

/// A `sim advance`/`sim settle` duration: Go syntax, at most [`MAX_ADVANCE_MS`].
pub fn advance_duration(d: &str) -> Result<u64, String> {
    match parse_go_duration(d) {
        Ok(ms) if ms <= MAX_ADVANCE_MS => Ok(ms),
        Ok(_) => Err(format!(
            "error: a sim duration is at most {} (got {d})",
            go_duration(MAX_ADVANCE_MS as i64)
        )),
        Err(e) => Err(format!("error: {e}")),
    }
}

pub fn run(cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut out = CommandOutput::new();
    match a.as_slice() {
        ["advance", d] => match advance_duration(d) {
            Ok(ms) => cluster.advance(ms),
            Err(e) => out.fail(e),
        },
        ["settle"] | ["settle", _] => {
            let max = match a.get(1).map(|d| advance_duration(d)) {
                None => SETTLE_DEFAULT_MS,
                Some(Ok(ms)) => ms,
                Some(Err(e)) => {
                    out.fail(e);
                    return out;
                }
            };
            let start = cluster.now();
            let limit = start + max as i64;
            let settled = loop {
                if !has_pending_work(cluster) {
                    break true;
                }
                match cluster.next_timer_at() {
                    Some(t) if t <= limit => {
                        cluster.step();
                    }
                    _ => {
                        cluster.advance_to(limit);
                        break false;
                    }
                }
            };
            let took = go_duration(cluster.now() - start);
            if settled {
                out.out(format!("settled after {took}\n"));
            } else {
                out.out(format!("not settled after {took}\n"));
            }
        }
        ["time"] => out.out(format!(
            "{} (+{})\n",
            rfc3339(cluster.now()),
            go_duration(cluster.now_ms() as i64)
        )),
        ["node", "fail", n] => {
            if let Err(e) = cluster.fail_node(n) {
                out.fail(format!("Error from server (NotFound): {e}"));
            }
        }
        ["node", "recover", n] => {
            if let Err(e) = cluster.recover_node(n) {
                out.fail(format!("Error from server (NotFound): {e}"));
            }
        }
        ["nodes", n] => match n.parse::<u32>() {
            Ok(n) if n <= crate::nodes::MAX_WORKERS => cluster.set_worker_count(n),
            _ => out.fail(format!(
                "error: the number of worker nodes must be an integer between 0 and {}",
                crate::nodes::MAX_WORKERS
            )),
        },
        ["registry", "add", image] => cluster.registry.add(image),
        ["registry", "remove", image] => {
            if !cluster.registry.remove(image) {
                out.fail(format!("error: image \"{image}\" is not in the registry"));
            }
        }
        _ => out.fail(format!("error: {USAGE}")),
    }
    out
}

/// Work that will change the cluster on its own: any timer except back-off retries of stuck
/// pods and controller re-checks, which recur forever without changing anything by themselves.
/// An HPA's periodic resync counts only when it would rescale its target; a ReplicaSet's or
/// StatefulSet's only while one of its Ready pods still waits out minReadySeconds to count as
/// available (a cluster at rest shows them available).
/// Whether the kubelet runs a pod's container again after it exited with `code`; a timer of
/// a pod that is gone (or replaced) will do nothing, as a restart would change nothing either.
fn restarts(cluster: &Cluster, pod: &ObjKey, uid: &str, container: &str, code: i32) -> bool {
    cluster
        .store
        .pods
        .get(pod)
        .filter(|p| p.metadata.uid == uid)
        .is_none_or(|p| restarted_after(p, container, code))
}

pub(crate) fn has_pending_work(cluster: &Cluster) -> bool {
    cluster.pending_timers().any(|t| match t {
        Timer::SyncHpa { hpa, .. } => cluster.hpa_would_rescale(hpa),
        // an unbound claim is looked at again every 15 s; it changes only once it can bind
        Timer::ClaimResync { claim, .. } => cluster.claim_would_bind(claim),
        Timer::SyncReplicaSet(key) => cluster.store.replicasets.get(key).is_some_and(|rs| {
            rs.spec.min_ready_seconds > 0 && rs.status.ready_replicas > rs.status.available_replicas
        }),
        Timer::SyncStatefulSet(key) => cluster.store.statefulsets.get(key).is_some_and(|set| {
            set.spec.min_ready_seconds > 0
                && set.status.ready_replicas > set.status.available_replicas
        }),
        Timer::SyncDaemonSet(key) => cluster.store.daemonsets.get(key).is_some_and(|d| {
            d.spec.min_ready_seconds > 0 && d.status.number_ready > d.status.number_available
        }),
        // a job's back-off or deadline ends in a change; a finished job's TTL deletes it
        Timer::SyncJob(key) => cluster
            .store
            .jobs
            .get(key)
            .is_some_and(|j| !j.status.finished()),
        // a disrupted pod that was not deleted leaves the budget's status
        Timer::SyncPdb(key) => cluster
            .store
            .pdbs
            .get(key)
            .is_some_and(|p| !p.status.disrupted_pods.is_empty()),
        // a schedule fires for ever: a steady state, as an HPA's resync is
        Timer::SyncCronJob(_) => false,
        Timer::JobTtl { job, uid } => cluster
            .store
            .jobs
            .get(job)
            .is_some_and(|j| j.metadata.uid == *uid),
        Timer::PullRetry { .. } | Timer::PullBackOff { .. } | Timer::SyncDeployment(_) => false,
        // waiting for a ConfigMap or Secret is a steady state, as ImagePullBackOff is
        Timer::MountRetry { .. } | Timer::ConfigRetry { .. } => false,
        // a container its policy restarts exits and restarts for ever (CrashLoopBackOff is a
        // steady state, as ImagePullBackOff is); one that ends for good finishes its pod
        Timer::ContainerExited {
            pod,
            uid,
            container,
            code,
            ..
        } => !restarts(cluster, pod, uid, container, *code),
        Timer::ContainerSync {
            pod,
            uid,
            container,
        } => cluster.store.pods.get(pod).is_some_and(|p| {
            p.status
                .container_status(container)
                .and_then(|cs| match (&cs.state, cs.last_state.as_deref()) {
                    (ContainerState::Terminated(t), _)
                    | (_, Some(ContainerState::Terminated(t))) => {
                        Some(!restarts(cluster, pod, uid, container, t.exit_code))
                    }
                    _ => None,
                })
                .unwrap_or(false)
        }),
        // a start under way: a first start or one after an image change is pending work; a
        // crash-looping container's restart (it has a back-off) is not
        // probes go on for as long as the container runs
        Timer::Probe { .. } => false,
        // an unschedulable pod is retried every five minutes for ever, changing nothing unless
        // the cluster did (which retries it at once)
        Timer::SchedulingRetry { .. } => false,
        Timer::ContainerPulled { uid, container, .. }
        | Timer::ContainerStarted { uid, container, .. } => !cluster
            .restart_backoff
            .get(uid)
            .is_some_and(|m| m.contains_key(container)),
        _ => true,
    })
}
