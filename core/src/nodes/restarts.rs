//! What the kubelet does when a container's process ends on its own: report it terminated,
//! then, at the pod worker's next sync, restart it or back off (kuberuntime_manager.go
//! `computePodActions` / `doBackOff`, client-go's `flowcontrol.Backoff`), or, when the restart
//! policy says it is done, finish the pod (`getPhase`; status/generate.go's conditions for a
//! terminal phase).
//!
//! The back-off is per container: the first restart is immediate, then 10 s, doubling to
//! 300 s (`kubelet` defaults; the 1.33 alpha gates that change them are off). While a container
//! waits, every sync of the pod worker (every 10 s after a failed sync) records the `BackOff`
//! event again and the status reads `CrashLoopBackOff`. A container whose last run started
//! more than ten minutes (twice the maximum) after the back-off was last set starts over at
//! 10 s.

use super::kubelet::{
    container_spec, exit_at_once, has_exited, is_sidecar, order_conditions, pending_init,
    process_of, refresh_ready, set_waiting, start, terminate, PodEventTarget,
    POD_WORKER_BACKOFF_MS,
};
use super::process::Process;
use crate::api::{containers_of, init_containers_of, ContainerState, ObjKey, Pod, PodPhase, Time};
use crate::kubectl::printers::duration::go_duration;
use crate::sim::{Cluster, Timer};
use std::rc::Rc;

/// How soon the kubelet notices a container exited: the PLEG relists every second.
const PLEG_RELIST_MS: u64 = 1_000;

/// An init container that exited 0 reports ready (it is what makes the pod initialized).
fn mark_init_success(pod: &mut Pod, container: &str) {
    let status = &mut pod.status;
    if let Some(cs) = status
        .init_container_statuses
        .iter_mut()
        .find(|cs| cs.name == container)
    {
        if cs.state.exit_code() == Some(0) {
            cs.ready = !is_sidecar(&pod.spec, container);
        }
    }
}

/// Whether the pod's restart policy restarts a container that exited with `code`.
fn restarted_after_exit(pod: &Pod, code: i32) -> bool {
    match pod.spec.get("restartPolicy").and_then(|p| p.as_str()) {
        Some("Never") => false,
        Some("OnFailure") => code != 0,
        _ => true,
    }
}

/// Whether the kubelet runs a container again after it exited with `code`: a sidecar always;
/// an init container that succeeded never (the pod goes on), one that failed unless the pod's
/// policy is Never; a regular container as its pod's policy says.
pub(crate) fn restarted_after(pod: &Pod, container: &str, code: i32) -> bool {
    let init = container_spec(&pod.spec, container).is_some_and(|(_, init)| init);
    if is_sidecar(&pod.spec, container) {
        true
    } else if init {
        code != 0 && restarted_after_exit(pod, 1)
    } else {
        restarted_after_exit(pod, code)
    }
}

impl Cluster {
    /// After a container (re)started: the process's exit, when it has one, and its probes on
    /// the clock.
    pub(super) fn watch_process(&mut self, key: &ObjKey, uid: &str, name: &str, p: &Process) {
        self.schedule_probes(key, uid, name, p);
        // a server that runs until stopped: nothing to watch or keep
        if p.opaque && p.waits_for.is_none() && p.exit.is_none() {
            return;
        }
        let restarts = self
            .store
            .pods
            .get(key)
            .and_then(|pod| pod.status.container_status(name))
            .map_or(0, |cs| cs.restart_count);
        self.remember_process(uid, name, restarts, p);
        if let Some((svc, ns)) = &p.waits_for {
            self.dns_waiters
                .entry(ObjKey::new(ns.as_str(), svc.as_str()))
                .or_default()
                .push((key.clone(), uid.to_string(), name.to_string(), restarts));
        }
        let Some(exit) = p.exit else {
            return;
        };
        let (pod, uid, container) = (key.clone(), uid.to_string(), name.to_string());
        if exit.after_ms == 0 {
            // reported exited already (exit_at_once): the next relist syncs the pod
            self.after(
                PLEG_RELIST_MS,
                Timer::ContainerSync {
                    pod,
                    uid,
                    container,
                },
            );
        } else {
            self.after(
                exit.after_ms,
                Timer::ContainerExited {
                    pod,
                    uid,
                    container,
                    restarts,
                    code: exit.code,
                },
            );
        }
    }

    /// A Service was created: containers looping until DNS resolves it leave their loop at
    /// the start of their next round, and exit 0.
    pub(crate) fn service_resolvable(&mut self, service: &ObjKey) {
        let Some(waiters) = self.dns_waiters.remove(service) else {
            return;
        };
        for (key, uid, container, restarts) in waiters {
            let Some(pod) = self.running_pod(&key, &uid) else {
                continue;
            };
            let Some(ContainerState::Running { started_at }) = pod
                .status
                .container_status(&container)
                .filter(|cs| cs.restart_count == restarts)
                .map(|cs| cs.state.clone())
            else {
                continue;
            };
            let process = self.process_for(pod, &container, restarts, started_at);
            let elapsed = (self.now - started_at).max(0) as u64;
            // a round that began at this instant asked before the Service existed
            let Some(at) = process.next_round(elapsed + 1) else {
                continue;
            };
            // the loop ends at its next round; the rest of the script runs from there
            let resolved = process.resolved_answering(at, &|name: &str| {
                super::dns::lookup(&self.store, key.namespace(), name)
            });
            let exit = resolved.exit;
            self.processes.insert(
                (uid.clone(), container.clone(), restarts),
                std::rc::Rc::new(resolved),
            );
            if let Some(exit) = exit {
                self.after(
                    exit.after_ms.saturating_sub(elapsed),
                    Timer::ContainerExited {
                        pod: key,
                        uid,
                        container,
                        restarts,
                        code: exit.code,
                    },
                );
            }
        }
    }

    pub(crate) fn kubelet_container_exited(
        &mut self,
        key: &ObjKey,
        uid: &str,
        container: &str,
        restarts: i32,
        code: i32,
    ) {
        // a pod failed by its active deadline still sees its containers end on their own
        let Some(pod) = self.hosted_pod(key, uid) else {
            return;
        };
        // a timer from a run that has since been stopped or replaced
        let current = pod.status.container_status(container).is_some_and(|cs| {
            cs.restart_count == restarts && matches!(cs.state, ContainerState::Running { .. })
        });
        if !current {
            return;
        }
        let message = self.termination_message(pod, container, code);
        let oom_killed = match pod.status.container_status(container).map(|cs| &cs.state) {
            Some(ContainerState::Running { started_at }) => self
                .process_for(pod, container, restarts, *started_at)
                .exit
                .is_some_and(|e| e.oom_killed && e.code == code),
            _ => false,
        };
        let now = self.now;
        self.update_pod(key, |pod| {
            if let Some(cs) = pod.status.container_status_mut(container) {
                terminate(cs, now, code, oom_killed, message);
            }
            mark_init_success(pod, container);
            // a failed pod's readiness says PodFailed already
            if !pod.status.phase.is_terminal() {
                refresh_ready(pod, now);
            }
        });
        self.after(
            PLEG_RELIST_MS,
            Timer::ContainerSync {
                pod: key.clone(),
                uid: uid.to_string(),
                container: container.to_string(),
            },
        );
    }

    /// The pod worker syncs a pod with an exited container.
    pub(crate) fn kubelet_container_sync(&mut self, key: &ObjKey, uid: &str, container: &str) {
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let Some(cs) = pod
            .status
            .container_status(container)
            .filter(|cs| has_exited(cs))
        else {
            return;
        };
        let init = container_spec(&pod.spec, container).is_some_and(|(_, init)| init);
        let last_run = match (&cs.state, cs.last_state.as_deref()) {
            (ContainerState::Terminated(_), _) => &cs.state,
            (_, Some(last)) => last,
            _ => return,
        };
        let ContainerState::Terminated(last_exit) = last_run else {
            return;
        };
        let (exit_code, finished_at) = (last_exit.exit_code, last_exit.finished_at);
        if init && !is_sidecar(&pod.spec, container) && exit_code == 0 {
            self.init_container_done(key);
            return;
        }
        if !restarted_after(pod, container, exit_code) {
            self.kubelet_finish_pod(key);
            return;
        }
        let now = self.now;
        let (initial, max) = (self.timings.backoff_initial_ms, self.timings.backoff_max_ms);
        // flowcontrol.Backoff.hasExpired: the entry is forgotten when the last run began
        // more than twice the maximum after it was set
        let entry = self
            .restart_backoff
            .get(uid)
            .and_then(|m| m.get(container))
            .copied()
            .filter(|(_, last_update)| finished_at - last_update <= 2 * max as Time);
        let waiting = entry.filter(|(backoff, _)| now - finished_at < *backoff as Time);
        if let Some((backoff, _)) = waiting {
            let target = PodEventTarget::of(pod);
            let id = format!("{}_{}({uid})", pod.metadata.name, pod.metadata.namespace);
            let message = format!(
                "back-off {} restarting failed container={container} pod={id}",
                go_duration(backoff as i64)
            );
            let unchanged = matches!(&cs.state,
                ContainerState::Waiting(w) if w.reason == "CrashLoopBackOff" && w.message == message);
            self.kubelet_event(
                &target,
                Some(container),
                "Warning",
                "BackOff",
                format!("Back-off restarting failed container {container} in pod {id}"),
            );
            if !unchanged {
                let now = self.now;
                self.update_pod(key, |pod| {
                    set_waiting(pod, container, "CrashLoopBackOff", &message);
                    refresh_ready(pod, now);
                });
            }
            self.after(
                POD_WORKER_BACKOFF_MS,
                Timer::ContainerSync {
                    pod: key.clone(),
                    uid: uid.to_string(),
                    container: container.to_string(),
                },
            );
            return;
        }
        let backoff = match entry {
            Some((b, _)) => (b * 2).min(max),
            None => initial,
        };
        self.restart_backoff
            .entry(uid.to_string())
            .or_default()
            .insert(container.to_string(), (backoff, now));
        // the restart pulls (or finds) the image, then starts the container
        self.start_container(key, container);
    }

    /// An init container completed: the next one starts, or, after the last, the pod is
    /// initialized and its regular containers are pulled and started.
    fn init_container_done(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if pod
            .status
            .condition("Initialized")
            .is_some_and(|c| c.is_true())
        {
            return;
        }
        if let Some(next) = pending_init(pod) {
            // once: a sync repeated (after a node came back) finds it under way
            let unstarted = pod
                .status
                .container_status(&next)
                .is_some_and(|cs| cs.state.waiting_reason() == Some("PodInitializing"));
            if unstarted {
                self.start_container(key, &next);
            }
            return;
        }
        let now = self.now;
        self.update_pod(key, |pod| {
            pod.status.set_condition("Initialized", true, now, None);
            order_conditions(pod);
        });
        self.start_regular_containers(key);
    }

    pub(crate) fn kubelet_container_pulled(&mut self, key: &ObjKey, uid: &str, container: &str) {
        if self.running_pod(key, uid).is_none() {
            // the start is abandoned (the node went down): a later sync begins it again
            self.starting
                .remove(&(uid.to_string(), container.to_string()));
            self.drop_pull_tickets(uid);
            return;
        }
        let failed = self.pull_images(key, Some(container));
        if !failed.is_empty() {
            self.starting
                .remove(&(uid.to_string(), container.to_string()));
            self.pull_failed(key, uid, &failed);
            // SyncPod goes on to the pod's next container
            self.start_next_regular(key, container);
            return;
        }
        let start = self.timings.container_start_ms;
        self.after(
            start,
            Timer::ContainerStarted {
                pod: key.clone(),
                uid: uid.to_string(),
                container: container.to_string(),
            },
        );
    }

    /// A restarted container runs again (its process read anew from the spec).
    pub(crate) fn kubelet_container_restarted(&mut self, key: &ObjKey, uid: &str, container: &str) {
        self.starting
            .remove(&(uid.to_string(), container.to_string()));
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let first_start = pod
            .status
            .container_status(container)
            .is_some_and(|cs| cs.container_id.is_empty());
        let sidecar = is_sidecar(&pod.spec, container);
        let spec = Rc::clone(&pod.spec);
        let Some((index, view)) = init_containers_of(&spec)
            .into_iter()
            .chain(containers_of(&spec))
            .enumerate()
            .find(|(_, c)| c.name == container)
        else {
            return;
        };
        let Some((container_json, init)) = container_spec(&spec, container) else {
            return;
        };
        let config_error =
            super::config_sources::container_env(&self.store, pod, container_json).err();
        if let Some(err) = config_error {
            self.container_config_failed(key, uid, container, &err);
            // SyncPod goes on to the pod's next container
            if first_start && !init {
                self.start_next_regular(key, container);
            }
            return;
        }
        let process = process_of(&self.store, pod, container, self.now);
        let target = PodEventTarget::of(pod);
        self.container_started_events(&target, container);
        // an init container has no readiness: it is ready once it has completed (a sidecar
        // is ready as a regular container is)
        let probe = view.readiness_delay_seconds.filter(|_| !init || sidecar);
        if let Some(d) = probe {
            self.after(
                (d.max(0) as u64) * 1000,
                Timer::PodReady {
                    pod: key.clone(),
                    uid: uid.to_string(),
                },
            );
        }
        let now = self.now;
        self.update_pod(key, |pod| {
            if let Some(cs) = pod.status.container_status_mut(container) {
                start(cs, uid, index, now, probe.is_none() && (!init || sidecar));
                exit_at_once(cs, &process, now, &spec);
            }
            if !init {
                pod.status.phase = PodPhase::Running;
            }
            mark_init_success(pod, container);
            refresh_ready(pod, now);
        });
        self.watch_process(key, uid, container, &process);
        if first_start && !init {
            self.start_next_regular(key, container);
        }
        // a sidecar's start lets the pod go on to its next init container
        if first_start && sidecar {
            self.init_container_done(key);
        }
    }

    /// After a regular container's first start (or failed pull), the next one in spec order
    /// that has never started.
    fn start_next_regular(&mut self, key: &ObjKey, after: &str) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let names: Vec<String> = containers_of(&pod.spec)
            .iter()
            .map(|c| c.name.to_string())
            .collect();
        let later = names
            .iter()
            .skip_while(|n| *n != after)
            .skip(1)
            .find(|n| {
                pod.status.container_status(n).is_some_and(|cs| {
                    cs.container_id.is_empty()
                        && matches!(
                            cs.state.waiting_reason(),
                            Some("ContainerCreating" | "PodInitializing")
                        )
                })
            })
            .cloned();
        if let Some(next) = later {
            self.start_container(key, &next);
        }
    }

    /// Every container has exited for good (restart policy Never, or OnFailure after
    /// success): the pod is Succeeded, or Failed when one exited non-zero, and its sandbox
    /// is torn down.
    fn kubelet_finish_pod(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        // an init container that failed for good fails the pod before any container ran
        let init_failed = pod
            .status
            .init_container_statuses
            .iter()
            .any(|cs| cs.state.exit_code().is_some_and(|code| code != 0));
        let codes: Option<Vec<i32>> = pod
            .status
            .container_statuses
            .iter()
            .map(|cs| cs.state.exit_code())
            .collect();
        let failed = match codes {
            _ if init_failed => true,
            Some(codes) => codes.iter().any(|c| *c != 0),
            None => return,
        };
        if pod.status.phase.is_terminal() {
            return;
        }
        let now = self.now;
        self.update_pod(key, |pod| {
            let (phase, reason) = if failed {
                (PodPhase::Failed, "PodFailed")
            } else {
                (PodPhase::Succeeded, "PodCompleted")
            };
            pod.status.phase = phase;
            pod.status
                .set_condition("PodReadyToStartContainers", false, now, None);
            if !failed {
                pod.status
                    .set_condition("Initialized", true, now, Some("PodCompleted"));
            }
            pod.status.set_condition("Ready", false, now, Some(reason));
            pod.status
                .set_condition("ContainersReady", false, now, Some(reason));
            order_conditions(pod);
        });
    }
}
