//! kubectl's pod columns (spec §9.2): STATUS, READY and RESTARTS derived from the pod status
//! exactly as the server-side table printer does.

use crate::api::{ContainerState, Pod, Time};
use crate::kubectl::printers::duration::human_duration_since;

/// The STATUS column (printers.go `printPod`): an init container that has not completed
/// names the pod's state (`Init:0/2`, `Init:CrashLoopBackOff`, `Init:Error`); once the pod is
/// initialized, the last regular container with something to say does.
pub fn status_column(pod: &Pod) -> String {
    let mut reason = pod
        .status
        .reason()
        .unwrap_or(pod.status.phase.as_str())
        .to_string();
    if let Some(c) = pod.status.condition("PodScheduled") {
        if c.reason() == Some("SchedulingGated") {
            reason = "SchedulingGated".into();
        }
    }
    let initializing = init_reason(pod).inspect(|r| reason = r.clone()).is_some();
    let initialized = pod
        .status
        .condition("Initialized")
        .is_some_and(|c| c.is_true());
    if !initializing || initialized {
        let mut has_running = false;
        for cs in pod.status.container_statuses.iter().rev() {
            match &cs.state {
                ContainerState::Waiting(w) if !w.reason.is_empty() => reason = w.reason.clone(),
                ContainerState::Terminated(t) => {
                    reason = if !t.reason.is_empty() {
                        t.reason.clone()
                    } else {
                        format!("ExitCode:{}", t.exit_code)
                    };
                }
                ContainerState::Running { .. } if cs.ready => has_running = true,
                _ => {}
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.is_ready() {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if pod.metadata.deletion_timestamp.is_some() {
        reason = if pod.status.reason() == Some("NodeLost") {
            "Unknown".into()
        } else {
            "Terminating".into()
        };
    }
    reason
}

/// The first init container that has not completed, as printPod words it; None when all have.
fn init_reason(pod: &Pod) -> Option<String> {
    let total = crate::api::init_containers_of(&pod.spec).len();
    pod.status
        .init_container_statuses
        .iter()
        .enumerate()
        .find_map(|(i, cs)| match &cs.state {
            _ if is_sidecar(pod, &cs.name) => None,
            ContainerState::Terminated(t) if t.exit_code == 0 => None,
            ContainerState::Terminated(t) => Some(if t.reason.is_empty() {
                format!("Init:ExitCode:{}", t.exit_code)
            } else {
                format!("Init:{}", t.reason)
            }),
            ContainerState::Waiting(w) if !w.reason.is_empty() && w.reason != "PodInitializing" => {
                Some(format!("Init:{}", w.reason))
            }
            _ => Some(format!("Init:{i}/{total}")),
        })
}

/// The READY column: ready containers / containers (printPod). The total counts the spec's
/// containers and sidecars (restartable init containers); a sidecar counts as ready once it has
/// started and is ready, a regular container when it is ready and running.
pub fn ready_column(pod: &Pod) -> String {
    let sidecars = crate::api::init_containers_of(&pod.spec)
        .iter()
        .filter(|c| is_sidecar(pod, c.name))
        .count();
    let total = pod.containers().len() + sidecars;
    let ready = pod
        .status
        .container_statuses
        .iter()
        .filter(|c| c.ready && matches!(c.state, ContainerState::Running { .. }))
        .count()
        + pod
            .status
            .init_container_statuses
            .iter()
            .filter(|c| is_sidecar(pod, &c.name) && c.started && c.ready)
            .count();
    format!("{ready}/{total}")
}

fn is_sidecar(pod: &Pod, name: &str) -> bool {
    crate::nodes::kubelet::is_sidecar(&pod.spec, name)
}

/// The RESTARTS column, with ` (<age> ago)` of the last restart when there was one: the init
/// containers' restarts while the pod initializes, the regular containers' after (the last
/// restart is the latest of either).
pub fn restarts_column(pod: &Pod, now: Time) -> String {
    let s = &pod.status;
    let initialized = s.condition("Initialized").is_some_and(|c| c.is_true());
    // while initializing, the init containers' restarts; after, the sidecars' and the
    // regular containers'
    let restarts: i32 = if init_reason(pod).is_some() && !initialized {
        s.init_container_statuses
            .iter()
            .map(|c| c.restart_count)
            .sum()
    } else {
        s.init_container_statuses
            .iter()
            .filter(|c| is_sidecar(pod, &c.name))
            .chain(&s.container_statuses)
            .map(|c| c.restart_count)
            .sum()
    };
    let last = s
        .init_container_statuses
        .iter()
        .chain(&s.container_statuses)
        .filter_map(|c| match c.last_state.as_deref() {
            Some(ContainerState::Terminated(t)) => Some(t.finished_at),
            _ => None,
        })
        .max();
    match (restarts, last) {
        (r, Some(t)) if r > 0 => format!("{r} ({} ago)", human_duration_since(now, t)),
        (r, _) => r.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{
        ContainerStatus, ObjectMeta, PodCondition, PodPhase, PodStatus, TerminatedState,
    };
    use std::rc::Rc;

    const DAY: Time = 86_400_000;
    const NOW: Time = 30 * DAY;

    fn status(state: ContainerState, ready: bool, restarts: i32) -> ContainerStatus {
        ContainerStatus {
            name: String::new(),
            image: "".into(),
            image_id: "".into(),
            container_id: Default::default(),
            ready,
            started: ready,
            restart_count: restarts,
            state,
            last_state: None,
        }
    }

    fn running() -> ContainerState {
        ContainerState::Running { started_at: 0 }
    }

    fn waiting(reason: &str) -> ContainerState {
        ContainerState::waiting(reason, String::new())
    }

    fn terminated(reason: &str, finished_at: Time) -> ContainerState {
        ContainerState::Terminated(Box::new(TerminatedState {
            exit_code: 0,
            reason: reason.into(),
            started_at: 0,
            finished_at,
            container_id: Default::default(),
            message: String::new(),
        }))
    }

    fn pod(containers: usize, statuses: Vec<ContainerStatus>) -> Pod {
        let list: Vec<_> = (0..containers)
            .map(|i| serde_json::json!({"name": format!("c{i}"), "image": "i"}))
            .collect();
        let mut pod = Pod {
            metadata: ObjectMeta::default(),
            spec: Rc::new(serde_json::json!({ "containers": list })),
            node_name: None,
            identity: None,
            status: PodStatus::default(),
        };
        pod.status.container_statuses = statuses;
        pod
    }

    fn ready_condition(p: &mut Pod) {
        p.status
            .conditions
            .extend(PodCondition::new("Ready", true, 0, None, None));
    }

    fn columns(p: &Pod) -> (String, String, String) {
        (ready_column(p), status_column(p), restarts_column(p, NOW))
    }

    /// printPod counts a sidecar (a restartable init container) in the total from the spec,
    /// and as ready only once it has started and is ready.
    #[test]
    fn sidecars_count_from_the_spec_and_when_started_and_ready() {
        let mut p = pod(1, vec![status(running(), true, 0)]);
        p.spec = Rc::new(serde_json::json!({
            "initContainers": [{"name": "side", "image": "i", "restartPolicy": "Always"}],
            "containers": [{"name": "c0", "image": "i"}],
        }));
        assert_eq!(ready_column(&p), "1/2", "no sidecar status yet");
        let mut side = status(running(), false, 0);
        side.name = "side".into();
        side.started = true;
        p.status.init_container_statuses = vec![side];
        assert_eq!(ready_column(&p), "1/2", "started, not ready");
        p.status.init_container_statuses[0].ready = true;
        assert_eq!(ready_column(&p), "2/2", "started and ready");
    }

    fn want(ready: &str, status: &str, restarts: &str) -> (String, String, String) {
        (ready.into(), status.into(), restarts.into())
    }

    /// Upstream's TestPrintPod (spec test tables J), the cases without init containers; the
    /// phase `podPhase` is Pending here.
    #[test]
    fn pod_columns_match_upstream_print_pod() {
        let no_state = || waiting("");
        let t1 = pod(
            2,
            vec![status(running(), true, 3), status(no_state(), false, 3)],
        );
        assert_eq!(columns(&t1), want("1/2", "Pending", "6"), "test1");
        let t2 = pod(
            2,
            vec![
                status(running(), true, 3),
                status(waiting("ContainerWaitingReason"), false, 3),
            ],
        );
        assert_eq!(
            columns(&t2),
            want("1/2", "ContainerWaitingReason", "6"),
            "test2"
        );
        let t3 = pod(
            2,
            vec![
                status(waiting("ContainerWaitingReason"), false, 3),
                status(terminated("ContainerTerminatedReason", NOW), false, 3),
            ],
        );
        assert_eq!(
            columns(&t3),
            want("0/2", "ContainerWaitingReason", "6"),
            "test3"
        );
        // ready but not running: not counted
        let t4 = pod(
            2,
            vec![status(running(), true, 3), status(no_state(), true, 3)],
        );
        assert_eq!(columns(&t4), want("1/2", "Pending", "6"), "test4");
        let mut t5 = t1.clone();
        t5.status.set_reason("podReason", None);
        assert_eq!(columns(&t5), want("1/2", "podReason", "6"), "test5");
        let mut t6 = pod(
            2,
            vec![
                status(terminated("Completed", NOW), false, 3),
                status(running(), true, 3),
            ],
        );
        t6.status.phase = PodPhase::Running;
        assert_eq!(columns(&t6), want("1/2", "NotReady", "6"), "test6");
        ready_condition(&mut t6);
        assert_eq!(columns(&t6), want("1/2", "Running", "6"), "test6 ready");
        let restarted = |restarts: i32, days_ago: Time| {
            let mut s = status(running(), true, restarts);
            s.last_state = Some(Box::new(terminated("Error", NOW - days_ago * DAY)));
            s
        };
        let mut t12 = pod(1, vec![restarted(3, 5)]);
        t12.status.phase = PodPhase::Running;
        assert_eq!(
            columns(&t12),
            want("1/1", "Running", "3 (5d ago)"),
            "test12"
        );
        let mut t13 = pod(2, vec![status(running(), true, 0), restarted(3, 10)]);
        t13.status.phase = PodPhase::Running;
        assert_eq!(
            columns(&t13),
            want("2/2", "Running", "3 (10d ago)"),
            "test13"
        );
        let mut t14 = pod(2, vec![restarted(6, 5), restarted(3, 20)]);
        t14.status.phase = PodPhase::Running;
        assert_eq!(
            columns(&t14),
            want("2/2", "Running", "9 (5d ago)"),
            "test14"
        );
        let mut t15 = pod(2, vec![]);
        t15.status.conditions.extend(PodCondition::new(
            "PodScheduled",
            false,
            0,
            Some("SchedulingGated"),
            None,
        ));
        assert_eq!(columns(&t15), want("0/2", "SchedulingGated", "0"), "test15");
    }

    /// Upstream's TestPrintPod cases with init containers (test7–test11): 1 regular container.
    #[test]
    fn pod_columns_with_init_containers_match_upstream_print_pod() {
        const SECOND: Time = 1_000;
        let with_inits = |inits: usize, init: Vec<ContainerStatus>, main: ContainerStatus| {
            let mut p = pod(1, vec![main]);
            let list: Vec<_> = (0..inits)
                .map(|i| serde_json::json!({"name": format!("i{i}"), "image": "i"}))
                .collect();
            Rc::make_mut(&mut p.spec)["initContainers"] = serde_json::json!(list);
            p.status.init_container_statuses = init;
            p
        };
        let restarting = |restarts: i32| {
            let mut s = status(waiting(""), false, restarts);
            s.last_state = Some(Box::new(terminated("", NOW - 10 * SECOND)));
            s
        };
        let completed = |restarts: i32| status(terminated("", 0), false, restarts);
        let not_running = || status(waiting(""), false, 0);
        let t7 = with_inits(1, vec![restarting(3)], not_running());
        assert_eq!(
            columns(&t7),
            want("0/1", "Init:0/1", "3 (10s ago)"),
            "test7"
        );
        let t8 = with_inits(2, vec![restarting(3)], not_running());
        assert_eq!(
            columns(&t8),
            want("0/1", "Init:0/2", "3 (10s ago)"),
            "test8"
        );
        let t9 = with_inits(2, vec![completed(0), restarting(3)], not_running());
        assert_eq!(
            columns(&t9),
            want("0/1", "Init:1/2", "3 (10s ago)"),
            "test9"
        );
        let t10 = with_inits(2, vec![completed(2), restarting(3)], not_running());
        assert_eq!(
            columns(&t10),
            want("0/1", "Init:1/2", "5 (10s ago)"),
            "test10"
        );
        let mut main = status(running(), false, 4);
        main.last_state = Some(Box::new(terminated("", NOW - 20 * SECOND)));
        let mut t11 = with_inits(1, vec![completed(2)], main);
        t11.status.phase = PodPhase::Running;
        assert_eq!(
            columns(&t11),
            want("0/1", "Running", "4 (20s ago)"),
            "test11"
        );
    }
}
