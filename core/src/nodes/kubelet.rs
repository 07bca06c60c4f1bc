//! The kubelet: drives a bound pod through image pull, container start and readiness on the
//! virtual clock (PRODUCT §4.2), reports status as a real kubelet does (phase, conditions,
//! container states), and terminates pods that are deleted.
//!
//! Status changes are made in place (`Cluster::update_pod`): they are most of the writes of a
//! rollout, and copying a whole pod for each would dominate its cost.

use crate::api::{
    containers_of, init_containers_of, ContainerId, ContainerState, ContainerStatus, ContainerView,
    InvolvedObject, IpText, ObjKey, Pod, PodCondition, PodPhase, TerminatedState, Time, ZERO_TIME,
};
use crate::kubectl::printers::duration::go_duration;
use crate::nodes::process::{container_process, is_scripted, serving, Context, Process};
use crate::nodes::registry::{ImageRef, PullError};
use crate::output::push_hex;
use crate::sim::{involved, Cluster, Timer};
use crate::store::Store;
use serde_json::Value;
use std::rc::Rc;

/// `involvedObject.fieldPath` of a container event.
fn container_path(name: &str, init: bool) -> String {
    let field = if init {
        "spec.initContainers{"
    } else {
        "spec.containers{"
    };
    crate::output::concat(&[field, name, "}"])
}

/// What the kubelet's events about a pod name: the pod, and the node reporting it.
pub(super) struct PodEventTarget {
    involved: InvolvedObject,
    host: Option<Rc<str>>,
    /// The pod's init containers (their events name `spec.initContainers{…}`).
    init: Vec<String>,
}

impl PodEventTarget {
    pub(super) fn of(pod: &Pod) -> Self {
        let init = match pod.spec.get("initContainers") {
            Some(_) => init_containers_of(&pod.spec)
                .iter()
                .map(|c| c.name.to_string())
                .collect(),
            None => Vec::new(),
        };
        Self {
            involved: involved(pod, "v1"),
            host: pod.node_name.clone(),
            init,
        }
    }
}

impl Cluster {
    pub(super) fn kubelet_event(
        &mut self,
        target: &PodEventTarget,
        container: Option<&str>,
        type_: &'static str,
        reason: &'static str,
        message: String,
    ) {
        let mut inv = target.involved.clone();
        inv.field_path =
            container.map(|c| container_path(c, target.init.iter().any(|i| i == c)).into());
        self.record_event(
            inv,
            type_,
            reason,
            message,
            "kubelet",
            target.host.as_deref(),
        );
    }

    /// The pod, if it is still the one (same UID) a timer was set for.
    fn live_pod(&self, key: &ObjKey, uid: &str) -> Option<&Pod> {
        self.store.pods.get(key).filter(|p| p.metadata.uid == uid)
    }

    /// The live pod a timer was set for, if its node runs and it is not being deleted, nor
    /// finished (a terminal pod's worker starts nothing again).
    pub(super) fn running_pod(&self, key: &ObjKey, uid: &str) -> Option<&Pod> {
        self.live_pod(key, uid)
            .filter(|p| self.node_is_up(p) && p.metadata.deletion_timestamp.is_none())
            .filter(|p| !p.status.phase.is_terminal())
    }

    /// A live pod on a running node whose containers may still end on their own: a terminal
    /// one too, while the kubelet stops it (its active deadline ran out).
    pub(super) fn hosted_pod(&self, key: &ObjKey, uid: &str) -> Option<&Pod> {
        self.live_pod(key, uid)
            .filter(|p| self.node_is_up(p) && p.metadata.deletion_timestamp.is_none())
    }

    fn node_is_up(&self, pod: &Pod) -> bool {
        pod.node_name
            .as_deref()
            .and_then(|n| self.store.nodes.get(n))
            .is_some_and(|n| !n.failed)
    }

    /// A pod was bound to this node: report it Pending/ContainerCreating and start pulling.
    pub(crate) fn kubelet_admit(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if !self.node_is_up(pod) {
            return;
        }
        let sandboxed = pod.status.pod_ip.is_some();
        if !sandboxed && self.volumes_unready(key, 0) {
            return;
        }
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let needs_ip = pod.status.pod_ip.is_none();
        let spec = Rc::clone(&pod.spec);
        let containers = containers_of(&spec);
        let init = init_containers_of(&spec);
        let first_init = init.first().map(|c| c.name.to_string());
        let node = pod
            .node_name
            .clone()
            .and_then(|n| self.store.nodes.get_mut(&*n));
        let host_ip = node.as_ref().and_then(|n| IpText::new(&n.internal_ip));
        // The sandbox (and its IP) exists before any image is pulled; a host-network pod's IP
        // is its node's.
        let host_network = spec.get("hostNetwork") == Some(&serde_json::json!(true));
        let pod_ip = match node {
            Some(_) if needs_ip && host_network => host_ip.clone(),
            Some(node) if needs_ip => {
                let ip = format!("10.244.{}.{}", node.index, node.next_pod_ip);
                node.next_pod_ip = if node.next_pod_ip >= 254 {
                    2
                } else {
                    node.next_pod_ip + 1
                };
                IpText::new(&ip)
            }
            _ => None,
        };
        let now = self.now;
        let first_admission = pod.status.start_time.is_none();
        self.update_pod(key, |pod| {
            pod.status.start_time = Some(now);
            pod.status.host_ip = host_ip;
            if pod_ip.is_some() {
                pod.status.pod_ip = pod_ip;
            }
            admitted_status(pod, now, true, &init, &containers);
        });
        if first_admission {
            self.arm_active_deadline(key);
        }
        match first_init {
            Some(name) => self.start_container(key, &name),
            None => self.start_regular_containers(key),
        }
    }

    /// Starts a pod's regular containers. SyncPod starts them one after the other, in spec
    /// order, each pulled (or found) before it is created and started; a pod with one
    /// container (nearly all of a rollout's) takes the whole-pod path.
    pub(super) fn start_regular_containers(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let several = pod
            .spec
            .get("containers")
            .and_then(Value::as_array)
            .is_some_and(|c| c.len() > 1);
        match several.then(|| next_unstarted(pod)).flatten() {
            Some(first) => self.start_container(key, &first),
            None => self.begin_pull(key),
        }
    }

    /// Starts one container on its own (an init container, or a restart): pull (or find) its
    /// image, then [`Timer::ContainerPulled`] and [`Timer::ContainerStarted`].
    pub(super) fn start_container(&mut self, key: &ObjKey, name: &str) {
        let Some(uid) = self.store.pods.get(key).map(|p| p.metadata.uid.clone()) else {
            return;
        };
        // a start already under way is not begun again
        if !self.starting.insert((uid.clone(), name.to_string())) {
            return;
        }
        let Some(wait) = self.pull_events(key, Some(name)) else {
            self.starting.remove(&(uid, name.to_string()));
            return;
        };
        self.after(
            wait,
            Timer::ContainerPulled {
                pod: key.clone(),
                uid,
                container: name.to_string(),
            },
        );
    }

    /// Pulls the images a pod needs. Cached images with IfNotPresent cost nothing; `Always`
    /// still asks the registry (0.5 s); anything else takes the full pull time.
    pub(super) fn begin_pull(&mut self, key: &ObjKey) {
        let Some(wait) = self.pull_events(key, None) else {
            return;
        };
        let uid = self.store.pods.get(key).map(|p| p.metadata.uid.clone());
        if let Some(uid) = uid {
            self.after(
                wait,
                Timer::ImagePulled {
                    pod: key.clone(),
                    uid,
                },
            );
        }
    }

    /// The events of starting to pull a pod's images (or one container's, `only`), and how
    /// long until the pulls are done: each waits its turn at the node's serial puller.
    pub(super) fn pull_events(&mut self, key: &ObjKey, only: Option<&str>) -> Option<u64> {
        let pod = self.store.pods.get(key)?;
        let node_name = pod.node_name.clone()?;
        let node = self.store.nodes.get(&*node_name)?;
        let uid = pod.metadata.uid.clone();
        let spec = Rc::clone(&pod.spec);
        let containers: Vec<_> = chosen_containers(&spec, only)
            .into_iter()
            .map(|c| (node.images.contains(&normalized(c.image)), c))
            .collect();
        let target = PodEventTarget::of(pod);
        let mut wait = 0u64;
        for (cached, c) in containers {
            let policy = c.image_pull_policy;
            if policy == "Never" || (cached && policy != "Always") {
                if cached {
                    self.kubelet_event(
                        &target,
                        Some(c.name),
                        "Normal",
                        "Pulled",
                        crate::output::concat(&[
                            "Container image \"",
                            c.image,
                            "\" already present on machine",
                        ]),
                    );
                }
                continue;
            }
            self.kubelet_event(
                &target,
                Some(c.name),
                "Normal",
                "Pulling",
                crate::output::concat(&["Pulling image \"", c.image, "\""]),
            );
            let image = normalized(c.image);
            let pullers = &mut self.image_pullers;
            let ahead = pullers
                .arriving
                .get(&(node_name.clone(), image.clone()))
                .copied()
                .filter(|t| *t > self.now);
            // an image already there (or that a pull ahead in the queue brings) is only
            // resolved again, as `Always` does
            let took = if cached || ahead.is_some() {
                self.timings.image_pull_always_ms
            } else {
                self.timings.image_pull_ms
            };
            let done = ahead.unwrap_or(self.now) + took as Time;
            pullers.arriving.insert((node_name.clone(), image), done);
            let total = (done - self.now) as u64;
            let mine = pullers.tickets.entry(uid.clone()).or_default();
            mine.retain(|(name, _, _)| name != c.name);
            mine.push((c.name.to_string(), took, total));
            wait = wait.max(total);
        }
        Some(wait)
    }

    /// A pull the pod no longer waits for (it went, or its node did): its ticket is dropped.
    pub(super) fn drop_pull_tickets(&mut self, uid: &str) {
        self.image_pullers.tickets.remove(uid);
        self.image_pullers.shed_slack();
    }

    /// An update changed the image of some of a pod's containers (the one change an update may
    /// make to a container): the kubelet kills each ("definition changed"), pulls the new image
    /// and starts it again. Until then the status shows the exited container (`Completed`,
    /// as convertToAPIContainerStatuses reports a dead container with no waiting reason); the
    /// new one counts a restart.
    pub(crate) fn kubelet_images_changed(&mut self, key: &ObjKey, names: &[String]) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if !self.node_is_up(pod) || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let target = PodEventTarget::of(pod);
        let spec = Rc::clone(&pod.spec);
        let images: Vec<(String, String)> = containers_of(&spec)
            .iter()
            .filter(|c| names.iter().any(|n| n == c.name))
            .map(|c| (c.name.to_string(), c.image.to_string()))
            .collect();
        // A container not running yet (pulling, backing off) has a start under way that reads
        // the new spec; only running ones are killed and started again.
        let running: Vec<String> = pod
            .status
            .container_statuses
            .iter()
            .filter(|cs| matches!(cs.state, ContainerState::Running { .. }))
            .filter(|cs| images.iter().any(|(n, _)| *n == cs.name))
            .map(|cs| cs.name.clone())
            .collect();
        for name in &running {
            self.kubelet_event(
                &target,
                Some(name),
                "Normal",
                "Killing",
                format!("Container {name} definition changed, will be restarted"),
            );
        }
        let now = self.now;
        self.update_pod(key, |pod| {
            for cs in pod.status.container_statuses.iter_mut() {
                let Some((_, image)) = images.iter().find(|(n, _)| *n == cs.name) else {
                    continue;
                };
                if let ContainerState::Running { .. } = cs.state {
                    stop(cs, now, None);
                }
                cs.image = spec_image(image);
            }
            if !running.is_empty() {
                pod.status
                    .set_condition("Ready", false, now, Some("ContainersNotReady"));
                pod.status
                    .set_condition("ContainersReady", false, now, Some("ContainersNotReady"));
                order_conditions(pod);
            }
        });
        // only the killed containers start again
        for name in &running {
            self.start_container(key, name);
        }
    }

    pub(crate) fn kubelet_image_pulled(&mut self, key: &ObjKey, uid: &str) {
        if self.running_pod(key, uid).is_none() {
            self.drop_pull_tickets(uid);
            return;
        }
        let waiting = self.pull_images(key, None);
        let uid = uid.to_string();
        if waiting.is_empty() {
            let start = self.timings.container_start_ms;
            self.after(
                start,
                Timer::ContainersStarted {
                    pod: key.clone(),
                    uid,
                },
            );
        } else {
            self.pull_failed(key, &uid, &waiting);
        }
    }

    /// A pull failed: the containers wait with the error, and the back-off begins.
    pub(super) fn pull_failed(&mut self, key: &ObjKey, uid: &str, waiting: &[PullFailure]) {
        self.update_pod(key, |pod| {
            for (container, reason, message) in waiting {
                set_waiting(pod, container, reason, message);
            }
        });
        self.after(
            1_000,
            Timer::PullBackOff {
                pod: key.clone(),
                uid: uid.to_string(),
            },
        );
    }

    /// Pulls the images of a pod's containers (or of one, `only`) that need pulling, with the
    /// kubelet's events; returns the containers whose image could not be had.
    pub(super) fn pull_images(&mut self, key: &ObjKey, only: Option<&str>) -> Vec<PullFailure> {
        let Some(pod) = self.store.pods.get(key) else {
            return Vec::new();
        };
        let node_name = pod.node_name.clone().unwrap_or_default();
        let spec = Rc::clone(&pod.spec);
        let target = PodEventTarget::of(pod);
        let uid = pod.metadata.uid.clone();
        let mut waiting: Vec<PullFailure> = Vec::new();
        for c in chosen_containers(&spec, only) {
            let image = normalized(c.image);
            let cached = self
                .store
                .nodes
                .get(&*node_name)
                .is_some_and(|n| n.images.contains(&image));
            let ticket = self.image_pullers.tickets.get_mut(&uid).and_then(|mine| {
                let at = mine.iter().position(|(name, _, _)| name == c.name)?;
                let (_, took, total) = mine.swap_remove(at);
                Some((took, total))
            });
            if self
                .image_pullers
                .tickets
                .get(&uid)
                .is_some_and(|mine| mine.is_empty())
            {
                self.image_pullers.tickets.remove(&uid);
                self.image_pullers.shed_slack();
            }
            let pullers = &mut self.image_pullers;
            let key = (node_name.clone(), image.clone());
            if pullers.arriving.get(&key).is_some_and(|t| *t <= self.now) {
                pullers.arriving.remove(&key);
            }
            let policy = c.image_pull_policy;
            if policy == "Never" {
                if !cached {
                    let msg = format!(
                        "Container image \"{}\" is not present with pull policy of Never",
                        c.image
                    );
                    self.kubelet_event(
                        &target,
                        Some(c.name),
                        "Warning",
                        "ErrImageNeverPull",
                        msg.clone(),
                    );
                    waiting.push((c.name.to_string(), "ErrImageNeverPull", msg));
                }
                continue;
            }
            // a pod that asked for a pull (its `Pulling` recorded) gets its result, even when
            // another pod's pull ahead of it in the queue brought the image
            if cached && policy != "Always" && ticket.is_none() {
                continue;
            }
            match self.registry.pull(c.image) {
                Ok(()) => {
                    let fallback = if cached {
                        self.timings.image_pull_always_ms
                    } else {
                        self.timings.image_pull_ms
                    };
                    let (took, total) = ticket.unwrap_or((fallback, fallback));
                    let d = go_duration(took as i64);
                    let w = go_duration(total as i64);
                    let size = self.registry.size_of(c.image);
                    self.kubelet_event(&target, Some(c.name), "Normal", "Pulled", format!("Successfully pulled image \"{}\" in {d} ({w} including waiting). Image size: {size} bytes.", c.image));
                    if let Some(n) = self.store.nodes.get_mut(&*node_name) {
                        n.images.insert(image);
                    }
                }
                Err(PullError::NotFound) => {
                    let q = ImageRef::parse(c.image).qualified();
                    let msg = format!("failed to pull and unpack image \"{q}\": failed to resolve reference \"{q}\": {q}: not found");
                    let full = format!("rpc error: code = NotFound desc = {msg}");
                    self.kubelet_event(
                        &target,
                        Some(c.name),
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{}\": {full}", c.image),
                    );
                    self.kubelet_event(
                        &target,
                        Some(c.name),
                        "Warning",
                        "Failed",
                        "Error: ErrImagePull".into(),
                    );
                    waiting.push((c.name.to_string(), "ErrImagePull", full));
                }
            }
        }
        waiting
    }

    /// ErrImagePull turns into ImagePullBackOff; the next pull waits 10 s, doubling to 300 s.
    /// Meanwhile the pod worker syncs the pod again every [`POD_WORKER_BACKOFF_MS`] (its
    /// back-off after a failed sync) and each sync finds the image still backing off: another
    /// `BackOff` and `Error: ImagePullBackOff`, which is why a real `describe pod` counts them
    /// in dozens (`x41 over 12m`).
    pub(crate) fn kubelet_pull_backoff(&mut self, key: &ObjKey, uid: &str) {
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        // (container, image, the pull error when it has just failed)
        let failing: Vec<(String, Rc<str>, Option<String>)> = pod
            .status
            .init_container_statuses
            .iter()
            .chain(&pod.status.container_statuses)
            .filter(|c| pull_backing_off(c))
            .map(|c| {
                let error = match &c.state {
                    ContainerState::Waiting(w) if w.reason == "ErrImagePull" => {
                        Some(w.message.clone())
                    }
                    _ => None,
                };
                (c.name.clone(), c.image.clone(), error)
            })
            .collect();
        if failing.is_empty() {
            return;
        }
        let target = PodEventTarget::of(pod);
        let mut waiting = Vec::new();
        for (name, image, just_failed) in failing {
            let msg = format!("Back-off pulling image \"{image}\"");
            self.kubelet_event(&target, Some(&name), "Normal", "BackOff", msg.clone());
            self.kubelet_event(
                &target,
                Some(&name),
                "Warning",
                "Failed",
                "Error: ImagePullBackOff".into(),
            );
            // since v1.32 the waiting message carries the pull's error (image_manager.go
            // keeps prevPullErrMsg); the event does not
            if let Some(error) = just_failed {
                waiting.push((name, format!("{msg}: ErrImagePull: {error}")));
            }
        }
        // the status changes only when ErrImagePull turns into ImagePullBackOff
        if !waiting.is_empty() {
            self.update_pod(key, |pod| {
                for (container, message) in &waiting {
                    set_waiting(pod, container, "ImagePullBackOff", message);
                }
            });
        }
        let now = self.now;
        let (initial, max) = (self.timings.backoff_initial_ms, self.timings.backoff_max_ms);
        let (backoff, retry_at) = self
            .pull_backoff
            .entry(uid.to_string())
            .or_insert((0, None));
        // a pull just failed: the next one waits the (doubled) back-off
        let new_wait = retry_at.is_none().then(|| {
            *backoff = if *backoff == 0 {
                initial
            } else {
                (*backoff * 2).min(max)
            };
            *retry_at = Some(now + *backoff as Time);
            *backoff
        });
        let next_pull = retry_at.unwrap_or(now);
        if let Some(wait) = new_wait {
            self.after(
                wait,
                Timer::PullRetry {
                    pod: key.clone(),
                    uid: uid.to_string(),
                },
            );
        }
        if now + (POD_WORKER_BACKOFF_MS as Time) < next_pull {
            self.after(
                POD_WORKER_BACKOFF_MS,
                Timer::PullBackOff {
                    pod: key.clone(),
                    uid: uid.to_string(),
                },
            );
        }
    }

    pub(crate) fn kubelet_pull_retry(&mut self, key: &ObjKey, uid: &str) {
        if let Some((_, retry_at)) = self.pull_backoff.get_mut(uid) {
            *retry_at = None;
        }
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        // the containers whose image could not be had try again
        let failing: Vec<String> = pod
            .status
            .init_container_statuses
            .iter()
            .chain(&pod.status.container_statuses)
            .filter(|cs| pull_backing_off(cs))
            .map(|cs| cs.name.clone())
            .collect();
        for name in failing {
            self.start_container(key, &name);
        }
    }

    pub(crate) fn kubelet_containers_started(&mut self, key: &ObjKey, uid: &str) {
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let spec = Rc::clone(&pod.spec);
        let facts = self.spec_facts.of(&spec);
        let unconfigured: Vec<(String, String)> = containers_of(&spec)
            .iter()
            .filter(|_| facts.config_refs)
            .filter_map(|c| {
                let (cs, _) = container_spec(&spec, c.name)?;
                let err = super::config_sources::container_env(&self.store, pod, cs).err()?;
                Some((c.name.to_string(), err))
            })
            .collect();
        for (name, err) in &unconfigured {
            self.container_config_failed(key, uid, name, err);
        }
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let now = self.now;
        let mut containers = containers_of(&spec);
        containers.retain(|c| !unconfigured.iter().any(|(n, _)| n == c.name));
        if containers.is_empty() {
            return;
        }
        let target = PodEventTarget::of(pod);
        let processes: Vec<(String, Process)> = containers
            .iter()
            .map(|c| {
                let p = if facts.all_serve {
                    serving()
                } else {
                    process_of(&self.store, pod, c.name, now)
                };
                (c.name.to_string(), p)
            })
            .collect();
        let mut probe_delay: Option<i64> = None;
        for c in &containers {
            self.container_started_events(&target, c.name);
            if let Some(d) = c.readiness_delay_seconds {
                probe_delay = Some(probe_delay.map_or(d, |p| p.max(d)));
            }
        }
        if let Some(d) = probe_delay {
            self.after(
                (d.max(0) as u64) * 1000,
                Timer::PodReady {
                    pod: key.clone(),
                    uid: uid.to_string(),
                },
            );
        }
        self.update_pod(key, |pod| {
            for (i, cs) in pod.status.container_statuses.iter_mut().enumerate() {
                if unconfigured.iter().any(|(n, _)| *n == cs.name) {
                    continue;
                }
                start(cs, uid, i, now, probe_delay.is_none());
                if let Some((_, p)) = processes.iter().find(|(n, _)| *n == cs.name) {
                    exit_at_once(cs, p, now, &spec);
                }
            }
            pod.status.phase = PodPhase::Running;
            refresh_ready(pod, now);
        });
        for (name, p) in &processes {
            self.watch_process(key, uid, name, p);
        }
    }

    /// The kubelet's events for a container it started.
    pub(super) fn container_started_events(&mut self, target: &PodEventTarget, name: &str) {
        self.kubelet_event(
            target,
            Some(name),
            "Normal",
            "Created",
            crate::output::concat(&["Created container: ", name]),
        );
        self.kubelet_event(
            target,
            Some(name),
            "Normal",
            "Started",
            crate::output::concat(&["Started container ", name]),
        );
    }

    pub(crate) fn kubelet_probe_ready(&mut self, key: &ObjKey, uid: &str) {
        if self.running_pod(key, uid).is_none() {
            return;
        }
        // containers whose readiness probe can fail follow their own probe ticks
        let ticked = self.probed_readiness(key);
        let now = self.now;
        self.update_pod(key, |pod| {
            for cs in &mut pod.status.container_statuses {
                if let ContainerState::Running { .. } = cs.state {
                    if !ticked.contains(&cs.name) {
                        cs.ready = true;
                    }
                }
            }
            refresh_ready(pod, now);
        });
    }

    /// The volume manager's wait (`WaitForAttachAndMount`, before the sandbox exists): while a
    /// `configMap`/`secret` volume cannot be set up, the pod stays ContainerCreating with no
    /// IP, a `FailedMount` event per failing volume each try, and tries again after the
    /// reconciler's exponential back-off (0.5 s doubling to 2m2s). Returns whether it waits.
    fn volumes_unready(&mut self, key: &ObjKey, attempt: u32) -> bool {
        let Some(pod) = self.store.pods.get(key) else {
            return false;
        };
        let errors = super::config_sources::volume_errors(&self.store, pod);
        if errors.is_empty() {
            return false;
        }
        let uid = pod.metadata.uid.clone();
        let target = PodEventTarget::of(pod);
        if attempt == 0 {
            let spec = Rc::clone(&pod.spec);
            let host_ip = pod
                .node_name
                .as_deref()
                .and_then(|n| self.store.nodes.get(n))
                .and_then(|n| IpText::new(&n.internal_ip));
            let now = self.now;
            let first_admission = pod.status.start_time.is_none();
            self.update_pod(key, |pod| {
                pod.status.start_time = Some(now);
                pod.status.host_ip = host_ip;
                let (init, containers) = (init_containers_of(&spec), containers_of(&spec));
                admitted_status(pod, now, false, &init, &containers);
            });
            if first_admission {
                self.arm_active_deadline(key);
            }
        }
        for e in errors {
            self.kubelet_event(&target, None, "Warning", "FailedMount", e);
        }
        let wait = (MOUNT_BACKOFF_INITIAL_MS << attempt.min(8)).min(MOUNT_BACKOFF_MAX_MS);
        self.after(
            wait,
            Timer::MountRetry {
                pod: key.clone(),
                uid,
                attempt: attempt + 1,
            },
        );
        true
    }

    pub(crate) fn kubelet_mount_retry(&mut self, key: &ObjKey, uid: &str, attempt: u32) {
        if self.running_pod(key, uid).is_none() {
            return;
        }
        if !self.volumes_unready(key, attempt) {
            self.kubelet_admit(key);
        }
    }

    /// `generateContainerConfig` failed (makeEnvironmentVariables): the container waits with
    /// CreateContainerConfigError and the error, the kubelet records `Error: <err>` (reason
    /// Failed), SyncPod goes on to the next container, and the pod worker tries again after
    /// its back-off.
    pub(super) fn container_config_failed(
        &mut self,
        key: &ObjKey,
        uid: &str,
        container: &str,
        err: &str,
    ) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let target = PodEventTarget::of(pod);
        self.kubelet_event(
            &target,
            Some(container),
            "Warning",
            "Failed",
            format!("Error: {err}"),
        );
        self.update_pod(key, |pod| {
            set_waiting(pod, container, "CreateContainerConfigError", err);
        });
        self.after(
            POD_WORKER_BACKOFF_MS,
            Timer::ConfigRetry {
                pod: key.clone(),
                uid: uid.to_string(),
                container: container.to_string(),
            },
        );
    }

    pub(crate) fn kubelet_config_retry(&mut self, key: &ObjKey, uid: &str, container: &str) {
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let waiting = pod
            .status
            .container_status(container)
            .is_some_and(|cs| cs.state.waiting_reason() == Some("CreateContainerConfigError"));
        if waiting {
            self.start_container(key, container);
        }
    }

    /// Deletes a pod the way the API server and kubelet do: an unscheduled pod (or grace 0) goes
    /// at once; a bound one gets a deletionTimestamp, the kubelet stops its containers (they exit
    /// on SIGTERM after the termination time, never later than the grace period) and removes it.
    pub(crate) fn delete_pod_gracefully(&mut self, key: &ObjKey, grace_seconds: Option<i64>) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let grace = grace_seconds
            .unwrap_or_else(|| pod.termination_grace_seconds())
            .max(0);
        // a pod its Job still tracks is not gone at a zero grace period: the finalizer keeps
        // it, and the kubelet stops it at once and reports it terminal
        let held = grace == 0 && self.node_is_up(pod) && self.job_holds_pod(pod);
        if pod.node_name.is_none() || (grace == 0 && !held) || pod.status.phase.is_terminal() {
            self.remove_pod(key);
            return;
        }
        if pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let node_is_up = self.node_is_up(pod);
        let now = self.now;
        self.update_pod(key, |pod| {
            pod.metadata.deletion_timestamp = Some(now + grace * 1000);
            pod.metadata.deletion_grace_period_seconds = Some(grace);
        });
        if node_is_up {
            self.kubelet_kill(key, grace);
        }
    }

    fn kubelet_kill(&mut self, key: &ObjKey, grace: i64) {
        let Some(uid) = self.store.pods.get(key).map(|p| p.metadata.uid.clone()) else {
            return;
        };
        let wait = self.stop_containers(key, grace);
        self.after(
            wait,
            Timer::PodTerminated {
                pod: key.clone(),
                uid,
            },
        );
    }

    /// killPod's first half: `Killing` for each container still running, and how long until
    /// they are gone (the termination time, or the whole grace period for a process that
    /// ignores SIGTERM).
    fn stop_containers(&mut self, key: &ObjKey, grace: i64) -> u64 {
        let Some(pod) = self.store.pods.get(key) else {
            return 0;
        };
        let spec = Rc::clone(&pod.spec);
        let containers = containers_of(&spec);
        let target = PodEventTarget::of(pod);
        // a container whose process has exited has nothing left to stop, nor has a regular
        // container of a pod whose init containers have not all run; one never created
        // (still pulling, ImagePullBackOff, a config error) has no process to signal, but its
        // sandbox takes the termination time to go
        let initialized = pending_init(pod).is_none();
        let exited: Vec<&str> = pod
            .status
            .container_statuses
            .iter()
            .filter(|cs| has_exited(cs))
            .map(|cs| cs.name.as_str())
            .collect();
        let running: Vec<&str> = pod
            .status
            .container_statuses
            .iter()
            .filter(|cs| matches!(cs.state, ContainerState::Running { .. }))
            .map(|cs| cs.name.as_str())
            .collect();
        let running_init = pod
            .status
            .init_container_statuses
            .iter()
            .filter(|cs| matches!(cs.state, ContainerState::Running { .. }))
            .map(|cs| cs.name.as_str());
        let live: Vec<String> = running_init
            .chain(
                containers
                    .iter()
                    .map(|c| c.name)
                    .filter(|c| initialized && !exited.contains(c)),
            )
            .map(str::to_string)
            .collect();
        // only running containers are killed (ConvertPodStatusToRunningPod), each with its
        // `Killing`; the init containers in `live` are the running ones
        let regular: Vec<&str> = containers.iter().map(|c| c.name).collect();
        let killed: Vec<String> = live
            .iter()
            .filter(|c| !regular.contains(&c.as_str()) || running.contains(&c.as_str()))
            .cloned()
            .collect();
        for c in &killed {
            self.kubelet_event(
                &target,
                Some(c),
                "Normal",
                "Killing",
                crate::output::concat(&["Stopping container ", c]),
            );
        }
        // a shell or `sleep` as the container's PID 1 has no SIGTERM handler, so the signal is
        // ignored and the kubelet kills it when the grace period ends
        let stubborn = !self.sigterm_ignorers(key).is_empty();
        if live.is_empty() {
            0
        } else if stubborn {
            grace as u64 * 1000
        } else {
            self.timings.termination_ms.min(grace as u64 * 1000)
        }
    }

    /// Sets the timer of a newly started pod's `activeDeadlineSeconds`. Upstream the sync
    /// loop asks the active deadline handler about every pod each second
    /// (`activeDeadlineHandler.ShouldSync`); a timer at the instant it runs out does the same
    /// work without a scan.
    fn arm_active_deadline(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        let Some(due) = active_deadline_at(pod) else {
            return;
        };
        let uid = pod.metadata.uid.clone();
        self.at(
            due,
            Timer::ActiveDeadline {
                pod: key.clone(),
                uid,
            },
        );
    }

    /// An update set or changed a running pod's `activeDeadlineSeconds`: the timer for the
    /// new deadline (an earlier one that fires finds the deadline not yet due).
    pub(crate) fn kubelet_deadline_changed(&mut self, key: &ObjKey) {
        let started = self
            .store
            .pods
            .get(key)
            .is_some_and(|p| p.status.start_time.is_some() && !p.status.phase.is_terminal());
        if started {
            self.arm_active_deadline(key);
        }
    }

    /// A pod outlived its `activeDeadlineSeconds` (pkg/kubelet/active_deadline.go). The sync
    /// that notices makes the pod Failed with the handler's reason and message (
    /// generateAPIPodStatus, where ShouldEvict records a `DeadlineExceeded` Event each time it
    /// is asked); the pod worker then stops the containers with the pod's grace period
    /// (SyncTerminatingPod, which generates the status before and after killing) and tears
    /// the sandbox down. This timer fires twice: at the deadline, and when the containers are
    /// gone. Containers that end on their own meanwhile keep their own exit.
    pub(crate) fn kubelet_active_deadline(&mut self, key: &ObjKey, uid: &str) {
        let Some(pod) = self.hosted_pod(key, uid) else {
            return;
        };
        if active_deadline_at(pod).is_none_or(|due| due > self.now) {
            return;
        }
        let target = PodEventTarget::of(pod);
        let now = self.now;
        if !pod.status.phase.is_terminal() {
            let grace = pod.termination_grace_seconds().max(0);
            // SyncPod's status, then SyncTerminatingPod's before it kills
            for _ in 0..2 {
                self.deadline_event(&target);
            }
            self.update_pod(key, |pod| {
                pod.status.phase = PodPhase::Failed;
                pod.status
                    .set_reason(DEADLINE_REASON, Some(DEADLINE_MESSAGE.into()));
                pod.status
                    .set_condition("Ready", false, now, Some("PodFailed"));
                pod.status
                    .set_condition("ContainersReady", false, now, Some("PodFailed"));
                order_conditions(pod);
            });
            let wait = self.stop_containers(key, grace);
            self.after(
                wait,
                Timer::ActiveDeadline {
                    pod: key.clone(),
                    uid: uid.to_string(),
                },
            );
            return;
        }
        if pod.status.reason() != Some(DEADLINE_REASON) {
            return;
        }
        let running = pod
            .status
            .init_container_statuses
            .iter()
            .chain(&pod.status.container_statuses)
            .any(|cs| matches!(cs.state, ContainerState::Running { .. }));
        let sandbox_up = pod
            .status
            .condition("PodReadyToStartContainers")
            .is_some_and(|c| c.is_true());
        if !running && !sandbox_up {
            // nothing to stop (the sandbox never came up, or this is the timer's second
            // firing): still the status manager's final status
            let mut last = pod.clone();
            mark_never_located(&mut last);
            if last.status != pod.status {
                self.update_pod(key, mark_never_located);
            }
            return;
        }
        let killed = self.sigkill_messages(key);
        // SyncTerminatingPod's status after the kill, then SyncTerminatedPod's
        for _ in 0..2 {
            self.deadline_event(&target);
        }
        self.update_pod(key, |pod| {
            stop_all(pod, now, &killed);
            pod.status
                .set_condition("PodReadyToStartContainers", false, now, None);
            order_conditions(pod);
        });
    }

    fn deadline_event(&mut self, target: &PodEventTarget) {
        self.kubelet_event(
            target,
            None,
            "Warning",
            DEADLINE_REASON,
            DEADLINE_MESSAGE.into(),
        );
    }

    /// The running containers of a pod whose process ignores SIGTERM.
    fn sigterm_ignorers(&self, key: &ObjKey) -> Vec<String> {
        let Some(pod) = self.store.pods.get(key) else {
            return Vec::new();
        };
        if !self.spec_facts.of(&pod.spec).scripted {
            return Vec::new();
        }
        pod.status
            .init_container_statuses
            .iter()
            .chain(&pod.status.container_statuses)
            .filter_map(|cs| match cs.state {
                ContainerState::Running { started_at } => Some((cs, started_at)),
                _ => None,
            })
            // only a command the pod gives can be a shell or sleep that ignores the signal
            .filter(|(cs, started_at)| {
                container_spec(&pod.spec, &cs.name).is_some_and(|(c, _)| is_scripted(c))
                    && self
                        .process_for(pod, &cs.name, cs.restart_count, *started_at)
                        .ignores_sigterm
            })
            .map(|(cs, _)| cs.name.clone())
            .collect()
    }

    /// The running containers the kubelet will SIGKILL at the end of the grace period
    /// ([`Self::sigterm_ignorers`]), each with the termination message read for that exit.
    fn sigkill_messages(&self, key: &ObjKey) -> Vec<(String, String)> {
        let Some(pod) = self.store.pods.get(key) else {
            return Vec::new();
        };
        self.sigterm_ignorers(key)
            .into_iter()
            .map(|name| {
                let message = self.termination_message(pod, &name, SIGKILL_EXIT);
                (name, message)
            })
            .collect()
    }

    /// The termination message of a running container whose process is ending now with
    /// `code` (kuberuntime_container.go `convertToKubeContainerStatus`). kubeplay writes no
    /// termination-message file, so under `FallbackToLogsOnError` a non-zero exit reads the
    /// tail of the run's log instead (`getTerminationMessage` finds the file empty) — the log
    /// `kubectl logs` shows, with the requests the app logged; the default `File` reads
    /// nothing.
    pub(super) fn termination_message(&self, pod: &Pod, container: &str, code: i32) -> String {
        if !falls_back_to_logs(&pod.spec, container, code) {
            return String::new();
        }
        let Some(cs) = pod.status.container_status(container) else {
            return String::new();
        };
        let ContainerState::Running { started_at } = cs.state else {
            return String::new();
        };
        let restarts = cs.restart_count;
        let process = self.process_for(pod, container, restarts, started_at);
        let mut lines = process.log(started_at, self.now);
        let run = (pod.metadata.uid.clone(), container.to_string(), restarts);
        if let Some(requests) = self.app_logs.get(&run) {
            lines.extend(requests.iter().filter(|(at, _)| *at <= self.now).cloned());
            lines.sort_by_key(|(at, _)| *at);
        }
        log_tail(&lines)
    }

    /// The containers exited. As a v1.33 kubelet does, it first reports them terminated (READY
    /// 0/1, still Terminating), then deletes the pod with grace period 0 (the API server's final
    /// update), and the pod is gone: the three watch events `kubectl get pods -w` prints after
    /// `1/1 Terminating`. They happen at one instant, so controllers only see the removal.
    pub(crate) fn kubelet_terminated(&mut self, key: &ObjKey, uid: &str) {
        if self.live_pod(key, uid).is_none() {
            return;
        }
        let now = self.now;
        let killed = self.sigkill_messages(key);
        self.update_pod(key, |pod| {
            stop_all(pod, now, &killed);
            pod.status.set_condition("Ready", false, now, None);
            pod.status
                .set_condition("ContainersReady", false, now, None);
            order_conditions(pod);
        });
        self.update_pod(key, |pod| {
            pod.metadata.deletion_grace_period_seconds = Some(0);
        });
        // A finalizer holds the pod (a live Job's `batch.kubernetes.io/job-tracking`, still on
        // a pod it has not counted — it replaces only failed pods): the kubelet reports it
        // terminal first (Failed, or Succeeded when every container exited 0), as it does
        // for deleted pods since v1.27, and the pod goes once the finalizer is off.
        let held = self
            .store
            .pods
            .get(key)
            .is_some_and(|p| self.job_holds_pod(p));
        if held {
            self.update_pod(key, |pod| {
                let all_ok = !pod.status.container_statuses.is_empty()
                    && pod
                        .status
                        .container_statuses
                        .iter()
                        .all(|c| c.state.exit_code() == Some(0));
                pod.status.phase = if all_ok {
                    PodPhase::Succeeded
                } else {
                    PodPhase::Failed
                };
            });
            return;
        }
        self.remove_pod(key);
    }

    /// The node came back: terminating pods are stopped now; others report their state again.
    pub(crate) fn kubelet_resume(&mut self, key: &ObjKey) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if let Some(deadline) = pod.metadata.deletion_timestamp {
            let grace = ((deadline - self.now) / 1000).max(0);
            self.kubelet_kill(key, grace.max(1));
            return;
        }
        if let Some(due) = active_deadline_at(pod).filter(|due| *due <= self.now) {
            let uid = pod.metadata.uid.clone();
            let failing = pod.status.reason() == Some(DEADLINE_REASON);
            if !pod.status.phase.is_terminal() || failing {
                self.at(
                    due,
                    Timer::ActiveDeadline {
                        pod: key.clone(),
                        uid,
                    },
                );
            }
            return;
        }
        let now = self.now;
        let running = pod.status.phase == PodPhase::Running
            && pod
                .status
                .container_statuses
                .iter()
                .all(|c| matches!(c.state, ContainerState::Running { .. }));
        let exited: Vec<String> = pod
            .status
            .container_statuses
            .iter()
            .filter(|cs| has_exited(cs))
            .map(|cs| cs.name.clone())
            .collect();
        let resync = !pod.status.phase.is_terminal();
        let ready = pod.is_ready();
        let unstarted = pod.status.start_time.is_none();
        let uid = pod.metadata.uid.clone();
        if resync {
            for container in exited {
                self.after(
                    0,
                    Timer::ContainerSync {
                        pod: key.clone(),
                        uid: uid.clone(),
                        container,
                    },
                );
            }
        }
        if running && !ready {
            self.update_pod(key, |pod| {
                for cs in &mut pod.status.container_statuses {
                    cs.ready = true;
                }
                mark_ready(pod, now);
            });
        } else if unstarted {
            self.kubelet_admit(key);
        }
    }
}

/// The exit code of a process killed by SIGKILL (128 + 9).
const SIGKILL_EXIT: i32 = 137;

/// `kubecontainer.MaxContainerTerminationMessageLogLines` and
/// `MaxContainerTerminationMessageLogLength` (pkg/kubelet/container/runtime.go): how much of
/// the log's end `FallbackToLogsOnError` takes.
const TERMINATION_LOG_LINES: usize = 80;
const TERMINATION_LOG_BYTES: usize = 2048;

/// `convertToKubeContainerStatus`'s `fallbackToLogs`: the container's
/// `terminationMessagePolicy` is `FallbackToLogsOnError` and it exited non-zero (a container
/// that could not even run, `ContainerCannotRun`, has no log; kubeplay never reports one).
fn falls_back_to_logs(spec: &Value, container: &str, code: i32) -> bool {
    code != 0
        && container_spec(spec, container).is_some_and(|(c, _)| {
            c.get("terminationMessagePolicy").and_then(Value::as_str)
                == Some("FallbackToLogsOnError")
        })
}

/// `readLastStringFromContainerLogs`: the log read with `TailLines: 80` into a 2048-byte
/// circular buffer, so the last 80 lines, of which the last 2048 bytes. A cut inside a UTF-8
/// character leaves its stray continuation bytes, which the API server's JSON encoder writes
/// as one U+FFFD each (encoding/json coerces strings to valid UTF-8 byte by byte).
fn log_tail(lines: &[(Time, String)]) -> String {
    let from = lines.len().saturating_sub(TERMINATION_LOG_LINES);
    let mut text = String::new();
    for (_, line) in &lines[from..] {
        text.push_str(line);
        text.push('\n');
    }
    let mut cut = text.len().saturating_sub(TERMINATION_LOG_BYTES);
    let mut tail = String::new();
    while !text.is_char_boundary(cut) {
        tail.push(char::REPLACEMENT_CHARACTER);
        cut += 1;
    }
    tail.push_str(&text[cut..]);
    tail
}

/// Stops every running container of a pod the kubelet is done with, those in `killed` by
/// SIGKILL with their termination message, then marks what never ran as the status manager
/// does ([`mark_never_located`]).
fn stop_all(pod: &mut Pod, now: Time, killed: &[(String, String)]) {
    let status = &mut pod.status;
    for cs in status
        .init_container_statuses
        .iter_mut()
        .chain(&mut status.container_statuses)
    {
        let sigkill = killed
            .iter()
            .find(|(name, _)| *name == cs.name)
            .map(|(_, message)| message.as_str());
        stop(cs, now, sigkill);
    }
    mark_never_located(pod);
}

/// status_manager.go `TerminatePod`, the pod's final status once its containers are gone: a
/// container still not terminated then (one that waited on its image, or was still being
/// created) is reported terminated with `ContainerStatusUnknown`, exit 137 and no times. The
/// regular containers only once the pod has initialized (`hasPodInitialized`); of the init
/// containers, all up to the last that ever started, or the first when none did
/// (`initializedContainers`).
fn mark_never_located(pod: &mut Pod) {
    let unknown = || {
        ContainerState::Terminated(Box::new(TerminatedState {
            exit_code: SIGKILL_EXIT,
            reason: "ContainerStatusUnknown".into(),
            started_at: ZERO_TIME,
            finished_at: ZERO_TIME,
            container_id: ContainerId::default(),
            message: "The container could not be located when the pod was terminated".into(),
        }))
    };
    let ran = |cs: &ContainerStatus| {
        !matches!(cs.state, ContainerState::Waiting(_))
            || matches!(
                cs.last_state.as_deref(),
                Some(ContainerState::Terminated(_))
            )
    };
    let succeeded = |s: Option<&ContainerState>| s.and_then(ContainerState::exit_code) == Some(0);
    let status = &mut pod.status;
    let initialized = init_containers_of(&pod.spec).is_empty()
        || status.container_statuses.iter().any(ran)
        || status
            .init_container_statuses
            .last()
            .is_some_and(|cs| succeeded(cs.last_state.as_deref()) || succeeded(Some(&cs.state)));
    if initialized {
        for cs in &mut status.container_statuses {
            if !matches!(cs.state, ContainerState::Terminated(_)) {
                cs.state = unknown();
            }
        }
    }
    let inits = &mut status.init_container_statuses;
    let started = inits.iter().rposition(ran).map_or(1, |i| i + 1);
    for cs in inits.iter_mut().take(started) {
        if !matches!(cs.state, ContainerState::Terminated(_)) {
            cs.state = unknown();
        }
    }
}

/// `status.reason` (and the Event's reason) of a pod past its active deadline
/// (active_deadline.go).
const DEADLINE_REASON: &str = "DeadlineExceeded";
const DEADLINE_MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

/// When a started pod's `activeDeadlineSeconds` runs out: that long after its `startTime`
/// (`pastActiveDeadline`: `now - startTime >= deadline`).
fn active_deadline_at(pod: &Pod) -> Option<Time> {
    let secs = pod.spec.get("activeDeadlineSeconds")?.as_i64()?;
    Some(pod.status.start_time? + secs.max(0) * 1000)
}

/// The status of a pod the kubelet has just admitted: conditions (the sandbox ready or, while
/// a volume waits, not yet), and every container waiting to be created.
fn admitted_status(
    pod: &mut Pod,
    now: Time,
    sandbox_ready: bool,
    init: &[ContainerView],
    containers: &[ContainerView],
) {
    let has_init = !init.is_empty();
    let status = &mut pod.status;
    status.set_condition("PodReadyToStartContainers", sandbox_ready, now, None);
    if has_init {
        status.set_condition("Initialized", false, now, Some("ContainersNotInitialized"));
    } else {
        status.set_condition("Initialized", true, now, None);
    }
    status.set_condition("Ready", false, now, Some("ContainersNotReady"));
    status.set_condition("ContainersReady", false, now, Some("ContainersNotReady"));
    order_conditions(pod);
    let fresh = |c: &ContainerView| fresh_status(c, has_init);
    pod.status.init_container_statuses = init.iter().map(fresh).collect();
    // convertToAPIContainerStatuses sorts regular containers by name (init containers keep
    // their order)
    pod.status.container_statuses = containers.iter().map(fresh).collect();
    crate::sort::sort_by_key(&mut pod.status.container_statuses, |c| c.name.clone());
}

/// A container's status before the kubelet has run it: convertToAPIContainerStatuses' default
/// waiting state, PodInitializing while the pod has init containers to run.
fn fresh_status(c: &ContainerView, pod_has_init: bool) -> ContainerStatus {
    let reason = if pod_has_init {
        "PodInitializing"
    } else {
        "ContainerCreating"
    };
    ContainerStatus {
        name: c.name.to_string(),
        image: spec_image(c.image),
        image_id: crate::api::no_text(),
        container_id: ContainerId::default(),
        ready: false,
        started: false,
        restart_count: 0,
        state: ContainerState::waiting(reason, String::new()),
        last_state: None,
    }
}

/// Ready when every container is (GeneratePodReadyCondition without readiness gates).
pub(super) fn refresh_ready(pod: &mut Pod, now: Time) {
    let statuses = &pod.status.container_statuses;
    if !statuses.is_empty() && statuses.iter().all(|c| c.ready) {
        mark_ready(pod, now);
    } else {
        pod.status
            .set_condition("Ready", false, now, Some("ContainersNotReady"));
        set_ready_message(pod, None);
        pod.status
            .set_condition("ContainersReady", false, now, Some("ContainersNotReady"));
        order_conditions(pod);
    }
}

/// The Ready condition's own message (None: the one made when shown from its reason).
fn set_ready_message(pod: &mut Pod, message: Option<Box<str>>) {
    if let Some(c) = pod
        .status
        .conditions
        .iter_mut()
        .find(|c| c.type_() == "Ready")
    {
        if c.message() != message.as_deref() {
            c.set_message(message);
        }
    }
}

/// `GeneratePodReadyCondition`'s readiness gates (status/generate.go): each gate's condition
/// must exist and be True; the messages of those that are not, joined. Nothing here sets a
/// gate's condition (that is some controller's own PATCH of the pod's status).
fn unmet_readiness_gates(pod: &Pod) -> Option<String> {
    let gates = pod.spec.get("readinessGates").and_then(Value::as_array)?;
    let unmet: Vec<String> = gates
        .iter()
        .filter_map(|g| {
            let type_ = g.get("conditionType").and_then(Value::as_str).unwrap_or("");
            match pod.status.condition(type_) {
                None => Some(format!(
                    "corresponding condition of pod readiness gate {} does not exist.",
                    crate::kubectl::jsonpath::go_quote(type_)
                )),
                Some(c) if !c.is_true() => Some(format!(
                    "the status of pod readiness gate {} is not \"True\", but {}",
                    crate::kubectl::jsonpath::go_quote(type_),
                    c.status()
                )),
                Some(_) => None,
            }
        })
        .collect();
    (!unmet.is_empty()).then(|| unmet.join(", "))
}

/// A container (re)started: a new container ID, a restart counted when one ran before (an
/// exited one becomes the last state).
pub(super) fn start(cs: &mut ContainerStatus, uid: &str, index: usize, now: Time, ready: bool) {
    if let ContainerState::Terminated(_) = cs.state {
        cs.last_state = Some(Box::new(cs.state.clone()));
    }
    if !cs.container_id.is_empty() {
        cs.restart_count += 1;
    }
    cs.state = ContainerState::Running { started_at: now };
    cs.started = true;
    cs.ready = ready;
    cs.container_id = container_id(uid, &cs.name, index, cs.restart_count);
    let names = image_names(&cs.image);
    cs.image_id = names.id;
    cs.image = names.qualified;
}

/// The names a container status reports for one image: the spec's, then, once the container
/// runs, containerd's fully qualified name and its digest ID. Every container of the image
/// shares these strings (a rollout's thousands of statuses name one or two images).
#[derive(Clone)]
struct ImageNames {
    spec: Rc<str>,
    qualified: Rc<str>,
    id: Rc<str>,
}

/// How many images' names [`image_names`] keeps, most recent first.
const IMAGE_NAMES_KEPT: usize = 8;

thread_local! {
    static IMAGE_NAMES: std::cell::RefCell<Vec<ImageNames>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The names of `image` (a spec's image, or a qualified name already reported, which
/// qualifies to itself): made once, then shared. They depend on the image alone, so a cache
/// shared by clusters is invisible to them.
fn image_names(image: &str) -> ImageNames {
    IMAGE_NAMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(at) = cache.iter().position(|n| *n.spec == *image) {
            let names = cache.remove(at);
            cache.insert(0, names.clone());
            return names;
        }
        let q = ImageRef::parse(image).qualified();
        let repo = if q.starts_with("docker.io/") || q.contains('/') {
            q.split([':', '@']).next().unwrap_or(&q)
        } else {
            &q
        };
        let digest = hash(&q);
        let mut id = String::with_capacity(repo.len() + 8 + 64);
        id.push_str(repo);
        id.push_str("@sha256:");
        push_hex(&mut id, digest, 16);
        for suffix in [b'1', b'2', b'3'] {
            push_hex(&mut id, hash_bytes(digest, &[suffix]), 16);
        }
        let names = ImageNames {
            spec: image.into(),
            qualified: q.into(),
            id: id.into(),
        };
        cache.insert(0, names.clone());
        cache.truncate(IMAGE_NAMES_KEPT);
        names
    })
}

/// The spec's image name as a waiting container's status reports it (shared).
pub(crate) fn spec_image(image: &str) -> Rc<str> {
    image_names(image).spec
}

/// A process that exits as soon as it starts (busybox's `sh` with no terminal) is already
/// gone when the kubelet next reads the container: it is reported terminated, never running.
/// `spec` is the pod's, for the container's termination message policy.
pub(super) fn exit_at_once(cs: &mut ContainerStatus, process: &Process, now: Time, spec: &Value) {
    if let Some(exit) = process.exit.filter(|e| e.after_ms == 0) {
        let message = if falls_back_to_logs(spec, &cs.name, exit.code) {
            log_tail(&process.log(now, now))
        } else {
            String::new()
        };
        terminate(cs, now, exit.code, exit.oom_killed, message);
    }
}

/// A running container's process exited with `code`: `OOMKilled` when the OOM killer ended
/// it, else `Completed` for 0 and `Error` otherwise, as containerd reports it, with the
/// termination message the kubelet read for it ([`Cluster::termination_message`]).
pub(super) fn terminate(
    cs: &mut ContainerStatus,
    now: Time,
    code: i32,
    oom_killed: bool,
    message: String,
) {
    if let ContainerState::Running { started_at } = cs.state {
        let reason = match code {
            _ if oom_killed => "OOMKilled",
            0 => "Completed",
            _ => "Error",
        };
        cs.state = ContainerState::Terminated(Box::new(TerminatedState {
            exit_code: code,
            reason: reason.into(),
            started_at,
            finished_at: now,
            container_id: cs.container_id,
            message,
        }));
    }
    cs.ready = false;
    cs.started = false;
}

/// The container ran and its process is gone (exited, or waiting to be restarted after that).
pub(super) fn has_exited(cs: &ContainerStatus) -> bool {
    match &cs.state {
        ContainerState::Terminated(_) => true,
        ContainerState::Waiting(_) => {
            matches!(
                cs.last_state.as_deref(),
                Some(ContainerState::Terminated(_))
            ) && !cs.container_id.is_empty()
        }
        ContainerState::Running { .. } => false,
    }
}

/// What a pod's container runs ([`super::process`]), read from the pod's spec, for a run that
/// started at `at` (cluster DNS then knew the Services created by that instant).
pub(crate) fn process_of(store: &Store, pod: &Pod, container: &str, at: Time) -> Process {
    let Some((spec, _)) = container_spec(&pod.spec, container) else {
        return Process::default();
    };
    // only a command the shell reads uses the environment
    let env = is_scripted(spec)
        .then(|| super::config_sources::kubelet_env(store, pod, spec, Some(at)).ok())
        .flatten();
    with_context(store, pod, at, env.as_deref(), |ctx| {
        container_process(spec, ctx)
    })
}

/// Whether the Service existed at `at`: `Some(false)` for one created since.
fn service_existed(store: &Store, ns: &str, svc: &str, at: Time) -> Option<bool> {
    store
        .services
        .get(&ObjKey::new(ns, svc))
        .map(|s| s.metadata.creation_timestamp <= at)
}

/// Whether the Service a cluster name answers for (`[host.]svc.ns.svc.cluster.local`) was
/// created after `at`.
fn service_created_after(store: &Store, fqdn: &str, at: Time) -> bool {
    let Some(rest) = fqdn.strip_suffix(".svc.cluster.local") else {
        return false;
    };
    let mut labels = rest.rsplit('.');
    let (Some(ns), Some(svc)) = (labels.next(), labels.next()) else {
        return false;
    };
    service_existed(store, ns, svc, at) == Some(false)
}

/// Runs `f` with what a container of `pod` sees of the cluster at `at` (its hostname, DNS as
/// it was then, the environment the kubelet resolved): the kubelet's and `kubectl exec`'s
/// shells read the same.
pub(crate) fn with_context<R>(
    store: &Store,
    pod: &Pod,
    at: Time,
    env: Option<&[(String, String)]>,
    f: impl FnOnce(Context) -> R,
) -> R {
    let resolves = |svc: &str, ns: &str| service_existed(store, ns, svc, at) == Some(true);
    // DNS as it was at `at` too: a Service created since does not answer yet (a log read
    // later replays the run against what its lookups found then)
    let lookup = |name: &str| match super::dns::lookup(store, &pod.metadata.namespace, name) {
        super::dns::Lookup::Found(fqdn, _) if service_created_after(store, &fqdn, at) => {
            super::dns::Lookup::NotFound
        }
        found => found,
    };
    f(Context {
        hostname: pod.hostname().unwrap_or(&pod.metadata.name),
        namespace: &pod.metadata.namespace,
        resolves: &resolves,
        lookup: Some(&lookup),
        env,
    })
}

impl Cluster {
    /// A container run's process: the one the kubelet started when kubeplay reads its script
    /// (kept, with the instant a DNS wait ended), else read anew from the spec (a program
    /// kubeplay does not simulate reads the same every time).
    pub(crate) fn process_for(
        &self,
        pod: &Pod,
        container: &str,
        restarts: i32,
        started_at: Time,
    ) -> Rc<Process> {
        let key = (pod.metadata.uid.clone(), container.to_string(), restarts);
        match self.processes.get(&key) {
            Some(p) => Rc::clone(p),
            None => Rc::new(process_of(&self.store, pod, container, started_at)),
        }
    }

    /// Keeps a started run's process when it depends on more than its spec; the run before
    /// it stays for `kubectl logs --previous`.
    pub(super) fn remember_process(
        &mut self,
        uid: &str,
        container: &str,
        restarts: i32,
        p: &Process,
    ) {
        if p.opaque && p.waits_for.is_none() {
            return;
        }
        self.processes
            .retain(|(u, c, r), _| !(u == uid && c == container && *r < restarts - 1));
        self.processes.insert(
            (uid.to_string(), container.to_string(), restarts),
            Rc::new(p.clone()),
        );
    }
}

/// A container's object in the pod spec, and whether it is an init container.
pub(crate) fn container_spec<'a>(spec: &'a Value, name: &str) -> Option<(&'a Value, bool)> {
    ["initContainers", "containers"]
        .iter()
        .filter_map(|field| {
            let list = spec.get(*field)?.as_array()?;
            let c = list
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(name))?;
            Some((c, *field == "initContainers"))
        })
        .next()
}

/// The containers a pull concerns: one named container (init or regular), or all the
/// regular ones.
fn chosen_containers<'a>(spec: &'a Value, only: Option<&str>) -> Vec<ContainerView<'a>> {
    match only {
        Some(name) => init_containers_of(spec)
            .into_iter()
            .chain(containers_of(spec))
            .filter(|c| c.name == name)
            .collect(),
        None => containers_of(spec),
    }
}

/// The first regular container (in spec order) that has never started.
pub(super) fn next_unstarted(pod: &Pod) -> Option<String> {
    containers_of(&pod.spec)
        .into_iter()
        .find(|c| {
            pod.status
                .container_status(c.name)
                .is_some_and(|cs| cs.container_id.is_empty())
        })
        .map(|c| c.name.to_string())
}

/// The init container the pod is waiting on (the first that has not completed); None once
/// the pod is initialized.
pub(super) fn pending_init(pod: &Pod) -> Option<String> {
    if pod
        .status
        .condition("Initialized")
        .is_some_and(|c| c.is_true())
    {
        return None;
    }
    pod.status
        .init_container_statuses
        .iter()
        .find(|cs| {
            // a sidecar (restartPolicy Always) lets the pod go on once it has started
            let done = if is_sidecar(&pod.spec, &cs.name) {
                cs.started
            } else {
                cs.state.exit_code() == Some(0)
            };
            !done
        })
        .map(|cs| cs.name.clone())
}

/// An init container with `restartPolicy: Always`: a sidecar, which runs beside the regular
/// containers and restarts whatever its exit.
pub(crate) fn is_sidecar(spec: &Value, name: &str) -> bool {
    container_spec(spec, name).is_some_and(|(c, init)| {
        init && c.get("restartPolicy").and_then(Value::as_str) == Some("Always")
    })
}

fn mark_ready(pod: &mut Pod, now: Time) {
    match unmet_readiness_gates(pod) {
        None => {
            pod.status.set_condition("Ready", true, now, None);
            set_ready_message(pod, None);
        }
        Some(message) => {
            pod.status
                .set_condition("Ready", false, now, Some("ReadinessGatesNotReady"));
            set_ready_message(pod, Some(message.into()));
        }
    }
    pod.status.set_condition("ContainersReady", true, now, None);
    order_conditions(pod);
}

/// A container stopped by the kubelet: a running one exited on SIGTERM (nginx and most
/// servers exit 0, `Completed`), or was killed at the end of the grace period (`sigkill`:
/// exit 137, `Error`, with the termination message read for that exit); none is ready or
/// started any more.
fn stop(cs: &mut ContainerStatus, now: Time, sigkill: Option<&str>) {
    if let ContainerState::Running { started_at } = cs.state {
        cs.state = ContainerState::Terminated(Box::new(TerminatedState {
            exit_code: if sigkill.is_some() { SIGKILL_EXIT } else { 0 },
            reason: if sigkill.is_some() {
                "Error"
            } else {
                "Completed"
            }
            .into(),
            started_at,
            finished_at: now,
            container_id: cs.container_id,
            message: sigkill.unwrap_or_default().to_string(),
        }));
    }
    cs.ready = false;
    cs.started = false;
}

pub(super) fn set_waiting(pod: &mut Pod, container: &str, reason: &str, message: &str) {
    if let Some(cs) = pod.status.container_status_mut(container) {
        // the exited container becomes the last state
        if let ContainerState::Terminated(_) = cs.state {
            cs.last_state = Some(Box::new(cs.state.clone()));
        }
        cs.state = ContainerState::waiting(reason, message);
        cs.ready = false;
    }
}

/// The container waits for its image after a failed pull (ErrImagePull, ImagePullBackOff).
fn pull_backing_off(cs: &ContainerStatus) -> bool {
    matches!(
        cs.state.waiting_reason(),
        Some("ErrImagePull" | "ImagePullBackOff")
    )
}

/// The kubelets' serial image pullers (`serializeImagePulls: true`, the default): each node's
/// image manager hands pulls to one worker (images/puller.go `serialImagePuller`), so a pull
/// waits for those queued before it. Every pod that found its image missing records its own
/// `Pulling` and, when its turn has run, its own `Pulled` (image_manager.go
/// EnsureImageExists): "in" the pull's own time, "including waiting" the time since it asked.
/// A pull of an image a pull ahead of it brings only resolves it again (containerd has the
/// content), as an `Always` pull of a present image does. Only pulls of one image queue
/// behind each other here; pulls of different images on a node still overlap.
#[derive(Debug, Clone, Default)]
pub(crate) struct ImagePullers {
    /// Images (node, image) a queued or running pull brings, and when its last queued pull
    /// ends.
    arriving: rustc_hash::FxHashMap<(Rc<str>, String), Time>,
    /// Pulls asked for, by pod UID then container: the pull's own time and its time
    /// including waiting, in ms (by UID, so a pod that goes drops its own in one step).
    tickets: rustc_hash::FxHashMap<String, Vec<(String, u64, u64)>>,
}

impl ImagePullers {
    /// Gives back the tickets' room once a rollout's burst of pulls is down to a quarter of
    /// it, so a settled cluster does not keep the peak (PRODUCT §8, memory per pod).
    fn shed_slack(&mut self) {
        let tickets = &mut self.tickets;
        if tickets.capacity() > 1024 && tickets.len() * 4 < tickets.capacity() {
            tickets.shrink_to(tickets.len() * 2);
        }
    }
}

/// A container whose image could not be had: its name, the waiting reason and message.
pub(super) type PullFailure = (String, &'static str, String);

/// The volume reconciler's retry back-off (`nestedpendingoperations`: 500 ms doubling to
/// 2m2s).
const MOUNT_BACKOFF_INITIAL_MS: u64 = 500;
const MOUNT_BACKOFF_MAX_MS: u64 = 122_000;

/// How long the kubelet's pod worker waits before syncing a pod whose last sync failed
/// (`backOffPeriod`, 10 s; upstream adds up to half again as jitter, which kubeplay leaves out).
pub(super) const POD_WORKER_BACKOFF_MS: u64 = 10_000;

/// The condition order a v1.33 kubelet reports (and `kubectl describe pod` prints).
pub(super) fn order_conditions(pod: &mut Pod) {
    const ORDER: [&str; 5] = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    // The status manager's mergePodStatus keeps conditions the kubelet does not own (such as the
    // taint eviction controller's DisruptionTarget) ahead of its own.
    let rank = |c: &PodCondition| {
        ORDER
            .iter()
            .position(|o| *o == c.type_())
            .map_or(0, |i| i + 1)
    };
    // most writes leave the conditions in order: only a change of set needs the sort
    if pod
        .status
        .conditions
        .windows(2)
        .all(|w| rank(&w[0]) <= rank(&w[1]))
    {
        return;
    }
    crate::sort::sort_by_key(&mut pod.status.conditions, rank);
}

/// Image name as the node's image cache knows it (tag `latest` made explicit).
fn normalized(image: &str) -> String {
    let r = ImageRef::parse(image);
    match (&r.tag, &r.digest) {
        (_, Some(d)) => crate::output::concat(&[&r.repository, "@", d]),
        (Some(t), None) => crate::output::concat(&[&r.repository, ":", t]),
        (None, None) => r.repository,
    }
}

fn hash(s: &str) -> u64 {
    hash_bytes(0xcbf29ce484222325, s.as_bytes())
}

/// `containerd://` and 64 hex digits, as containerd names a container: random there, here
/// derived from the pod UID, the container and its restart (each start is a new container).
fn container_id(uid: &str, container: &str, index: usize, restarts: i32) -> ContainerId {
    let mut h = hash_bytes(
        hash_bytes(hash(uid), container.as_bytes()),
        &restarts.to_le_bytes(),
    );
    let mut id = [0; 4];
    for (part, word) in id.iter_mut().enumerate() {
        h = hash_bytes(h, &[part as u8, index as u8]);
        *word = h;
    }
    ContainerId(id)
}

/// FNV-1a.
fn hash_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h ^ *b as u64).wrapping_mul(0x100000001b3);
    }
    h
}

impl Cluster {
    /// Timer dispatch.
    pub(crate) fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::ImagePulled { pod, uid } => self.kubelet_image_pulled(&pod, &uid),
            Timer::PullBackOff { pod, uid } => self.kubelet_pull_backoff(&pod, &uid),
            Timer::PullRetry { pod, uid } => self.kubelet_pull_retry(&pod, &uid),
            Timer::ContainersStarted { pod, uid } => self.kubelet_containers_started(&pod, &uid),
            Timer::PodReady { pod, uid } => self.kubelet_probe_ready(&pod, &uid),
            Timer::PodTerminated { pod, uid } => self.kubelet_terminated(&pod, &uid),
            Timer::SyncReplicaSet(k) => self.replicaset_queue.add(k),
            Timer::SyncDeployment(k) => self.deployment_queue.add(k),
            Timer::SyncStatefulSet(k) => self.statefulset_queue.add(k),
            Timer::SyncDaemonSet(k) => self.daemonset_queue.add(k),
            Timer::SyncJob(k) => self.job_queue.add(k),
            Timer::SyncCronJob(k) => self.cronjob_queue.add(k),
            Timer::SyncPdb(k) => self.disruption_queue.add(k),
            Timer::JobTtl { job, uid } => self.job_ttl_expired(&job, &uid),
            Timer::SyncHpa { hpa, uid } => self.sync_hpa(&hpa, &uid),
            Timer::ClaimsProvisioned { pod, uid } => self.claims_provisioned(&pod, &uid),
            Timer::ClaimResync { claim, uid } => self.claim_resync(&claim, &uid),
            Timer::NodeMonitor { node, since } => self.node_monitor_expired(&node, since),
            Timer::NodeEvict { node, since } => self.node_evict(&node, since),
            Timer::TaintEviction { pod, uid } => self.taint_eviction_due(&pod, &uid),
            Timer::ActiveDeadline { pod, uid } => self.kubelet_active_deadline(&pod, &uid),
            Timer::SchedulingRetry { pod, uid, since } => {
                self.unschedulable_timeout(&pod, &uid, since)
            }
            Timer::ContainerExited {
                pod,
                uid,
                container,
                restarts,
                code,
            } => self.kubelet_container_exited(&pod, &uid, &container, restarts, code),
            Timer::ContainerSync {
                pod,
                uid,
                container,
            } => self.kubelet_container_sync(&pod, &uid, &container),
            Timer::ContainerPulled {
                pod,
                uid,
                container,
            } => self.kubelet_container_pulled(&pod, &uid, &container),
            Timer::ContainerStarted {
                pod,
                uid,
                container,
            } => self.kubelet_container_restarted(&pod, &uid, &container),
            Timer::MountRetry { pod, uid, attempt } => {
                self.kubelet_mount_retry(&pod, &uid, attempt)
            }
            Timer::ConfigRetry {
                pod,
                uid,
                container,
            } => self.kubelet_config_retry(&pod, &uid, &container),
            Timer::Probe {
                pod,
                uid,
                container,
                kind,
                restarts,
                tick,
            } => self.kubelet_probe(&pod, &uid, &container, kind, restarts, tick),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(ls: &[&str]) -> Vec<(Time, String)> {
        ls.iter().map(|l| (0, l.to_string())).collect()
    }

    #[test]
    fn log_tail_keeps_the_last_80_lines_and_2048_bytes() {
        let short: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
        let refs: Vec<&str> = short.iter().map(String::as_str).collect();
        let tail = log_tail(&lines(&refs));
        assert!(tail.starts_with("21\n22\n"), "{tail}");
        assert!(tail.ends_with("99\n100\n"), "{tail}");
        let long = "x".repeat(3000);
        assert_eq!(log_tail(&lines(&[&long])).len(), 2048);
        assert_eq!(log_tail(&[]), "");
    }

    #[test]
    fn log_tail_cut_inside_a_character_reads_as_replacement_characters() {
        // "é" is two bytes: the cut 2048 bytes from the end leaves its second byte
        let line = format!("é{}", "a".repeat(2046));
        let tail = log_tail(&lines(&[&line]));
        assert_eq!(tail, format!("\u{FFFD}{}\n", "a".repeat(2046)));
    }
}
