//! Section D: `progress_test.go` (TestRequeueStuckDeployment, TestSyncRolloutStatus).

use super::*;
use crate::api::{DeploymentCondition, DeploymentStatus};
use crate::controllers::deployment::util::{condition, MAX_INT32};
use crate::sim::Timer;

/// 2017-02-15T18:49:00Z, upstream's `testTime`.
const TEST_TIME: Time = 1_487_184_540_000;
const SECOND: Time = 1000;

fn progressing(status: &str, reason: &str, at: Time) -> DeploymentCondition {
    condition("Progressing", status, reason, String::new(), at)
}

/// upstream's `currentDeployment(pds, replicas, statusReplicas, updated, available, conditions)`:
/// a Recreate Deployment "progress-test".
fn current_deployment(
    c: &mut Cluster,
    pds: Option<i32>,
    replicas: i32,
    st: (i32, i32, i32),
    conditions: Vec<DeploymentCondition>,
) -> Deployment {
    let mut d = recreate_deployment(c, "progress-test", replicas);
    d.spec.progress_deadline_seconds = pds;
    d.status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: st.0,
        updated_replicas: st.1,
        available_replicas: st.2,
        conditions,
        ..Default::default()
    };
    d
}

/// upstream's `newRSWithAvailable(name, spec, status, available)`, owned by `d`.
fn rs_with_available(
    c: &mut Cluster,
    d: &Deployment,
    name: &str,
    spec: i32,
    status: i32,
    available: i32,
) -> ReplicaSet {
    let created = c.now - HOUR;
    let mut rs = owned_rs(c, d, name, "nginx:new", spec, created);
    rs.status.replicas = status;
    rs.status.available_replicas = available;
    store_rs(c, rs)
}

// ---------------------------------------------------------------------------------------------
// D1. TestRequeueStuckDeployment
// ---------------------------------------------------------------------------------------------
// `requeue_stuck_deployment` is private to progress.rs; it runs at the end of
// `sync_rollout_status` when the status did not change, so each row builds a Deployment whose
// stored status is exactly what the sync computes and reads the requeue from the timers:
// upstream's "after" d → a SyncDeployment timer at now + d + 1s; 0 (AddRateLimited) → kubeplay's
// stand-in, a timer 1s later; −1 → no timer. When the deadline has passed, the sync itself
// records ProgressDeadlineExceeded (a write, which enqueues the Deployment at once) before any
// requeue, so those rows check the immediate resync instead.

#[derive(Debug, PartialEq)]
enum Requeue {
    Never,
    After(Time),
    Now,
}

fn requeue_after_sync(
    pds: Option<i32>,
    replicas: i32,
    st: (i32, i32, i32),
    conditions: Vec<DeploymentCondition>,
    now: Time,
) -> (Requeue, Deployment) {
    let mut c = new_cluster();
    c.now = now;
    let d = current_deployment(&mut c, pds, replicas, st, conditions);
    let rs = rs_with_available(&mut c, &d, "progress-test-new", replicas, st.0, st.2);
    assert_eq!(
        st.0, st.1,
        "one new RS: status replicas == updated replicas"
    );
    let mut d = d;
    d.status = c.calculate_status(std::slice::from_ref(&rs), Some(&rs), &d);
    let d = store_deployment(&mut c, d);
    drain_deployment_queue(&mut c);
    assert_eq!(c.pending_timers().count(), 0, "no timers before the sync");
    c.sync_rollout_status(std::slice::from_ref(&rs), Some(&rs), &d);
    let after = c.store.deployments.get(&d.metadata.key()).cloned().unwrap();
    let timers = c
        .pending_timers()
        .filter(|t| matches!(t, Timer::SyncDeployment(_)))
        .count();
    let queued = drain_deployment_queue(&mut c).contains(&d.metadata.key());
    let r = match (timers, queued) {
        (0, false) => Requeue::Never,
        (0, true) => Requeue::Now,
        (1, false) => Requeue::After(c.next_timer_at().unwrap() - now),
        other => panic!("unexpected requeue state {other:?}"),
    };
    (r, after)
}

#[test]
fn a_deployment_without_a_usable_deadline_or_progressing_condition_is_never_requeued() {
    let rows = [
        ("nil deadline", None),
        ("infinite deadline", Some(MAX_INT32)),
        ("no Progressing condition", Some(60)),
    ];
    for (name, pds) in rows {
        let (r, _) = requeue_after_sync(pds, 4, (3, 3, 2), vec![], TEST_TIME);
        assert_eq!(r, Requeue::Never, "{name}");
    }
}

#[test]
fn a_complete_deployment_is_not_requeued() {
    // The sync records NewReplicaSetAvailable; no timer follows.
    let (r, d) = requeue_after_sync(Some(60), 3, (3, 3, 3), vec![], TEST_TIME);
    assert_eq!(
        d.status.condition("Progressing").map(|c| c.reason.as_str()),
        Some("NewReplicaSetAvailable")
    );
    assert!(!matches!(r, Requeue::After(_)), "{r:?}");
}

#[test]
fn an_already_failed_deployment_is_not_requeued() {
    let failed = vec![progressing("False", "ProgressDeadlineExceeded", 0)];
    let (r, _) = requeue_after_sync(Some(60), 3, (3, 3, 0), failed, TEST_TIME);
    assert_eq!(r, Requeue::Never);
}

#[test]
fn a_stuck_deployment_is_requeued_one_second_after_its_deadline() {
    // (now, upstream's returned duration, expected kubeplay requeue)
    let rows = [
        (
            "30s left",
            TEST_TIME + 30 * SECOND,
            Requeue::After(31 * SECOND),
        ),
        (
            "1s left",
            TEST_TIME + 59 * SECOND,
            Requeue::After(2 * SECOND),
        ),
        // Upstream's 18:49:59.000000001; kubeplay's clock has millisecond resolution.
        (
            "less than a second left",
            TEST_TIME + 59 * SECOND + 1,
            Requeue::After(SECOND),
        ),
        (
            "exactly at the deadline",
            TEST_TIME + 60 * SECOND,
            Requeue::After(SECOND),
        ),
    ];
    for (name, now, want) in rows {
        let stuck = vec![progressing("True", "", TEST_TIME)];
        let (r, d) = requeue_after_sync(Some(60), 3, (3, 3, 1), stuck, now);
        assert_eq!(r, want, "{name}");
        assert_eq!(
            d.status.condition("Progressing").unwrap().status,
            "True",
            "{name}: not timed out yet"
        );
    }
}

#[test]
fn a_deployment_past_its_deadline_is_marked_failed_and_synced_again_at_once() {
    for (name, now) in [
        ("1s after", TEST_TIME + 61 * SECOND),
        ("60s after", TEST_TIME + 120 * SECOND),
    ] {
        let stuck = vec![progressing("True", "", TEST_TIME)];
        let (r, d) = requeue_after_sync(Some(60), 3, (3, 3, 1), stuck, now);
        assert_eq!(r, Requeue::Now, "{name}");
        let c = d.status.condition("Progressing").unwrap();
        assert_eq!(
            (c.status.as_str(), c.reason.as_str()),
            ("False", "ProgressDeadlineExceeded"),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// D2. TestSyncRolloutStatus
// ---------------------------------------------------------------------------------------------

struct RolloutRow {
    name: &'static str,
    pds: Option<i32>,
    replicas: i32,
    status: (i32, i32, i32),
    /// None, or the initial Progressing condition as (status, reason, at).
    condition: Option<(&'static str, &'static str, Time)>,
    /// Old RSs as (name, spec, status, available).
    all: &'static [(&'static str, i32, i32, i32)],
    new_rs: Option<(&'static str, i32, i32, i32)>,
    /// Expected Progressing (status, reason), or None when removed.
    want: Option<(&'static str, &'static str)>,
    /// Expected (lastUpdateTime, lastTransitionTime): Some(TEST_TIME) kept, None = now.
    want_times: (Option<Time>, Option<Time>),
}

const NOW_T: Option<Time> = None;

const ROLLOUT_ROWS: [RolloutRow; 11] = [
    RolloutRow {
        name: "no deadline: Progressing removed",
        pds: None,
        replicas: 3,
        status: (2, 2, 2),
        condition: Some(("True", "ReplicaSetUpdated", TEST_TIME)),
        all: &[("bar", 0, 1, 1)],
        new_rs: Some(("foo", 3, 2, 2)),
        want: None,
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "only one active RS: nothing estimated",
        pds: Some(60),
        replicas: 3,
        status: (3, 3, 3),
        condition: Some(("True", "NewReplicaSetAvailable", TEST_TIME)),
        all: &[("bar", 3, 3, 3)],
        new_rs: None,
        want: Some(("True", "NewReplicaSetAvailable")),
        want_times: (Some(TEST_TIME), Some(TEST_TIME)),
    },
    RolloutRow {
        name: "progressing, was True: transition time kept",
        pds: Some(60),
        replicas: 3,
        status: (2, 2, 2),
        condition: Some(("True", "ReplicaSetUpdated", TEST_TIME)),
        all: &[("bar", 0, 1, 1)],
        new_rs: Some(("foo", 3, 2, 2)),
        want: Some(("True", "ReplicaSetUpdated")),
        want_times: (NOW_T, Some(TEST_TIME)),
    },
    RolloutRow {
        name: "progressing, was False: everything updated",
        pds: Some(60),
        replicas: 3,
        status: (2, 2, 2),
        condition: Some(("False", "ProgressDeadlineExceeded", 0)),
        all: &[("bar", 0, 1, 1)],
        new_rs: Some(("foo", 3, 2, 2)),
        want: Some(("True", "ReplicaSetUpdated")),
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "progressing, no condition: created",
        pds: Some(60),
        replicas: 3,
        status: (2, 2, 2),
        condition: None,
        all: &[("bar", 0, 1, 1)],
        new_rs: Some(("foo", 3, 2, 2)),
        want: Some(("True", "ReplicaSetUpdated")),
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "complete, was True: transition time kept",
        pds: Some(60),
        replicas: 3,
        status: (3, 3, 3),
        condition: Some(("True", "ReplicaSetUpdated", TEST_TIME)),
        all: &[],
        new_rs: Some(("foo", 3, 3, 3)),
        want: Some(("True", "NewReplicaSetAvailable")),
        want_times: (NOW_T, Some(TEST_TIME)),
    },
    RolloutRow {
        name: "complete, was False: everything updated",
        pds: Some(60),
        replicas: 3,
        status: (3, 3, 3),
        condition: Some(("False", "ProgressDeadlineExceeded", 0)),
        all: &[],
        new_rs: Some(("foo", 3, 3, 3)),
        want: Some(("True", "NewReplicaSetAvailable")),
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "complete, no condition: created",
        pds: Some(60),
        replicas: 3,
        status: (3, 3, 3),
        condition: None,
        all: &[],
        new_rs: Some(("foo", 3, 3, 3)),
        want: Some(("True", "NewReplicaSetAvailable")),
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "complete without a new RS",
        pds: Some(60),
        replicas: 0,
        status: (3, 3, 3),
        condition: Some(("True", "ReplicaSetUpdated", TEST_TIME)),
        all: &[("foo", 0, 0, 0)],
        new_rs: None,
        want: Some(("True", "NewReplicaSetAvailable")),
        want_times: (NOW_T, Some(TEST_TIME)),
    },
    RolloutRow {
        name: "timed out",
        pds: Some(60),
        replicas: 3,
        status: (2, 2, 2),
        condition: Some(("True", "ReplicaSetUpdated", TEST_TIME)),
        all: &[],
        new_rs: Some(("foo", 3, 2, 2)),
        want: Some(("False", "ProgressDeadlineExceeded")),
        want_times: (NOW_T, NOW_T),
    },
    RolloutRow {
        name: "already timed out: untouched",
        pds: Some(60),
        replicas: 3,
        status: (2, 2, 2),
        condition: Some(("False", "ProgressDeadlineExceeded", 0)),
        all: &[],
        new_rs: Some(("foo", 3, 2, 2)),
        want: Some(("False", "ProgressDeadlineExceeded")),
        want_times: (Some(0), Some(0)),
    },
];

fn sync_rollout(row: &RolloutRow) -> (Cluster, Deployment) {
    let mut c = new_cluster();
    let conditions = row
        .condition
        .iter()
        .map(|(s, r, at)| progressing(s, r, *at))
        .collect();
    let d = current_deployment(&mut c, row.pds, row.replicas, row.status, conditions);
    let d = store_deployment(&mut c, d);
    let mut all: Vec<ReplicaSet> = row
        .all
        .iter()
        .map(|(n, spec, st, av)| rs_with_available(&mut c, &d, n, *spec, *st, *av))
        .collect();
    let new_rs = row
        .new_rs
        .map(|(n, spec, st, av)| rs_with_available(&mut c, &d, n, spec, st, av));
    all.extend(new_rs.clone());
    c.sync_rollout_status(&all, new_rs.as_ref(), &d);
    let d = c.store.deployments.get(&d.metadata.key()).cloned().unwrap();
    (c, d)
}

#[test]
fn sync_rollout_status_sets_the_progressing_condition_as_upstream() {
    for row in &ROLLOUT_ROWS {
        let (c, d) = sync_rollout(row);
        let got = d.status.condition("Progressing");
        match row.want {
            None => assert!(got.is_none(), "{}: {got:?}", row.name),
            Some((status, reason)) => {
                let got = got.unwrap_or_else(|| panic!("{}: no Progressing condition", row.name));
                assert_eq!(
                    (got.status.as_str(), got.reason.as_str()),
                    (status, reason),
                    "{}",
                    row.name
                );
                let (update, transition) = row.want_times;
                assert_eq!(
                    got.last_update_time,
                    update.unwrap_or(c.now),
                    "{}: lastUpdateTime",
                    row.name
                );
                assert_eq!(
                    got.last_transition_time,
                    transition.unwrap_or(c.now),
                    "{}: lastTransitionTime",
                    row.name
                );
            }
        }
    }
}

#[test]
fn sync_rollout_status_names_the_new_replica_set_or_else_the_deployment() {
    let messages = [
        (2, "ReplicaSet \"foo\" is progressing."),
        (5, "ReplicaSet \"foo\" has successfully progressed."),
        (
            8,
            "Deployment \"progress-test\" has successfully progressed.",
        ),
        (9, "ReplicaSet \"foo\" has timed out progressing."),
    ];
    for (i, want) in messages {
        let (_, d) = sync_rollout(&ROLLOUT_ROWS[i]);
        assert_eq!(
            d.status.condition("Progressing").unwrap().message,
            want,
            "{}",
            ROLLOUT_ROWS[i].name
        );
    }
}
