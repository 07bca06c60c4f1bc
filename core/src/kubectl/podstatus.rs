//! kubectl's pod columns (spec §9.2): STATUS, READY and RESTARTS derived from the pod status
//! exactly as the server-side table printer does.

use crate::api::{ContainerState, Pod, Time};
use crate::kubectl::printers::duration::human_duration;

/// The STATUS column.
pub fn status_column(pod: &Pod) -> String {
    let mut reason = pod
        .status
        .reason
        .clone()
        .unwrap_or_else(|| pod.status.phase.as_str().to_string());
    if let Some(c) = pod.status.condition("PodScheduled") {
        if c.reason == Some("SchedulingGated") {
            reason = "SchedulingGated".into();
        }
    }
    let mut has_running = false;
    for cs in pod.status.container_statuses.iter().rev() {
        match &cs.state {
            ContainerState::Waiting { reason: r, .. } if !r.is_empty() => reason = r.clone(),
            ContainerState::Terminated {
                reason: r,
                exit_code,
                ..
            } => {
                reason = if !r.is_empty() {
                    r.clone()
                } else {
                    format!("ExitCode:{exit_code}")
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
    if pod.metadata.deletion_timestamp.is_some() {
        reason = if pod.status.reason.as_deref() == Some("NodeLost") {
            "Unknown".into()
        } else {
            "Terminating".into()
        };
    }
    reason
}

/// The READY column: ready containers / containers.
pub fn ready_column(pod: &Pod) -> String {
    let total = pod.containers().len();
    let ready = pod
        .status
        .container_statuses
        .iter()
        .filter(|c| c.ready)
        .count();
    format!("{ready}/{total}")
}

/// The RESTARTS column, with ` (<age> ago)` of the last restart when there was one.
pub fn restarts_column(pod: &Pod, now: Time) -> String {
    let restarts: i32 = pod
        .status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .sum();
    let last = pod
        .status
        .container_statuses
        .iter()
        .filter_map(|c| match &c.last_state {
            Some(ContainerState::Terminated { finished_at, .. }) => Some(*finished_at),
            _ => None,
        })
        .max();
    match (restarts, last) {
        (r, Some(t)) if r > 0 => format!("{r} ({} ago)", human_duration(now - t)),
        (r, _) => r.to_string(),
    }
}
