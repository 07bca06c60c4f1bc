//! Section G (`controller_utils_test.go`: pod ordering) and H (`replica_set_test.go`: slow start,
//! getPodsToDelete).

use super::*;
use crate::controllers::replicaset::{delete_order, MAX_PODS};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const NOW: Time = 1_735_689_600_000;
const MONTH: Time = 30 * DAY;
/// metav1.Time{} — kubeplay keeps times as Unix ms, so the zero time is 0.
const ZERO: Time = 0;

// ---------------------------------------------------------------------------------------------
// G1. TestSortingActivePods
// ---------------------------------------------------------------------------------------------
// kubeplay has one ordering, ActivePodsWithRanks' (spec §6.3); with equal ranks and no deletion
// cost it reduces to ActivePods' except that times compare by log2 buckets, which separates every
// pair of times in this table just as the plain comparison does.

fn sorting_pods() -> Vec<Pod> {
    let running = |name, ready_since, restarts, created| {
        pod(PodSpec {
            name,
            node: Some("foo"),
            phase: PodPhase::Running,
            ready_since,
            restarts,
            created,
            ..Default::default()
        })
    };
    vec![
        pod(PodSpec {
            name: "unscheduled",
            phase: PodPhase::Pending,
            ..Default::default()
        }),
        pod(PodSpec {
            name: "scheduledButPending",
            node: Some("bar"),
            phase: PodPhase::Pending,
            ..Default::default()
        }),
        pod(PodSpec {
            name: "unknownPhase",
            node: Some("foo"),
            phase: PodPhase::Unknown,
            ..Default::default()
        }),
        running("runningButNotReady", None, &[], ZERO),
        running("runningNoLastTransitionTime", Some(ZERO), &[3, 0], ZERO),
        running("runningWithLastTransitionTime", Some(NOW), &[3, 0], ZERO),
        running("runningLongerTime", Some(NOW - MONTH), &[3, 0], ZERO),
        running(
            "lowerContainerRestartCount",
            Some(NOW - MONTH),
            &[2, 1],
            NOW,
        ),
        running("oldest", Some(NOW - MONTH), &[2, 1], NOW - MONTH),
    ]
}

/// 20 deterministic shuffles (upstream uses rand.Perm), each sorted with equal ranks.
fn sorted_orders(pods: &[Pod]) -> Vec<Vec<String>> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..20)
        .map(|_| {
            let mut v: Vec<&Pod> = pods.iter().collect();
            for i in (1..v.len()).rev() {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                v.swap(i, (state >> 33) as usize % (i + 1));
            }
            v.sort_by(|a, b| delete_order(a, 1, b, 1, NOW));
            v.iter().map(|p| p.metadata.name.clone()).collect()
        })
        .collect()
}

#[test]
fn active_pods_sort_unscheduled_pending_unknown_not_ready_then_newest_ready_first() {
    // Every row of the upstream table except runningNoLastTransitionTime (see the next test).
    let pods: Vec<Pod> = sorting_pods()
        .into_iter()
        .filter(|p| p.metadata.name != "runningNoLastTransitionTime")
        .collect();
    let want: Vec<String> = pods.iter().map(|p| p.metadata.name.clone()).collect();
    for got in sorted_orders(&pods) {
        assert_eq!(got, want);
    }
}

#[test]
fn active_pods_sort_a_ready_pod_without_transition_time_before_all_other_ready_pods() {
    let pods = sorting_pods();
    let want: Vec<String> = pods.iter().map(|p| p.metadata.name.clone()).collect();
    for got in sorted_orders(&pods) {
        assert_eq!(got, want);
    }
}

// ---------------------------------------------------------------------------------------------
// G2. TestSortingActivePodsWithRanks
// ---------------------------------------------------------------------------------------------

struct RankPods {
    unscheduled: Pod,
    pending: Pod,
    unknown_phase: Pod,
    not_ready: Pod,
    ready_no_ltt: Pod,
    ready_now: Pod,
    ready_then: Pod,
    ready_high_restarts: Pod,
    ready_now_created_then: Pod,
    low_deletion_cost: Pod,
    high_deletion_cost: Pod,
    unscheduled_5_hours: Pod,
    unscheduled_8_hours: Pod,
    ready_2_hours: Pod,
    ready_5_hours: Pod,
    ready_8_hours: Pod,
}

/// upstream's `pod(name, node, phase, ready, restarts, readySince, created, annotations)`:
/// ready pods get a Ready condition and one container with `restarts`.
#[allow(clippy::too_many_arguments)] // mirrors upstream's eight-argument `pod` helper
fn rank_pod(
    name: &str,
    node: &str,
    phase: PodPhase,
    ready: bool,
    restarts: i32,
    ready_since: Time,
    created: Time,
    cost: Option<&str>,
) -> Pod {
    let restarts = [restarts];
    let restarts: &[i32] = if ready { &restarts } else { &[] };
    let cost_annotation = cost.map(|c| [("controller.kubernetes.io/pod-deletion-cost", c)]);
    let annotations: &[(&str, &str)] = match &cost_annotation {
        Some(a) => a,
        None => &[],
    };
    pod(PodSpec {
        name,
        node: (!node.is_empty()).then_some(node),
        phase,
        ready_since: ready.then_some(ready_since),
        created,
        restarts,
        annotations,
    })
}

fn rank_pods() -> RankPods {
    use PodPhase::*;
    let then = NOW - MONTH;
    RankPods {
        unscheduled: rank_pod("unscheduled", "", Pending, false, 0, ZERO, ZERO, None),
        pending: rank_pod("pending", "node", Pending, false, 0, ZERO, ZERO, None),
        unknown_phase: rank_pod("unknown-phase", "node", Unknown, false, 0, ZERO, ZERO, None),
        not_ready: rank_pod("not-ready", "node", Running, false, 0, ZERO, ZERO, None),
        ready_no_ltt: rank_pod(
            "ready-no-last-transition-time",
            "node",
            Running,
            true,
            0,
            ZERO,
            ZERO,
            None,
        ),
        ready_now: rank_pod("ready-now", "node", Running, true, 0, NOW, NOW, None),
        ready_then: rank_pod("ready-then", "node", Running, true, 0, then, then, None),
        ready_high_restarts: rank_pod(
            "ready-high-restarts",
            "node",
            Running,
            true,
            9001,
            NOW,
            NOW,
            None,
        ),
        ready_now_created_then: rank_pod(
            "ready-now-created-then",
            "node",
            Running,
            true,
            0,
            NOW,
            then,
            None,
        ),
        low_deletion_cost: rank_pod(
            "low-deletion-cost",
            "node",
            Running,
            true,
            0,
            NOW,
            then,
            Some("10"),
        ),
        high_deletion_cost: rank_pod(
            "high-deletion-cost",
            "node",
            Running,
            true,
            0,
            NOW,
            then,
            Some("100"),
        ),
        unscheduled_5_hours: rank_pod(
            "unscheduled-5-hours",
            "",
            Pending,
            false,
            0,
            NOW - 5 * HOUR,
            NOW - 5 * HOUR,
            None,
        ),
        unscheduled_8_hours: rank_pod(
            "unscheduled-10-hours",
            "",
            Pending,
            false,
            0,
            NOW - 8 * HOUR,
            NOW - 8 * HOUR,
            None,
        ),
        ready_2_hours: rank_pod(
            "ready-2-hours",
            "",
            Running,
            true,
            0,
            NOW - 2 * HOUR,
            then,
            None,
        ),
        ready_5_hours: rank_pod(
            "ready-5-hours",
            "",
            Running,
            true,
            0,
            NOW - 5 * HOUR,
            then,
            None,
        ),
        ready_8_hours: rank_pod(
            "ready-10-hours",
            "",
            Running,
            true,
            0,
            NOW - 8 * HOUR,
            then,
            None,
        ),
    }
}

#[test]
fn pods_with_equal_rank_and_equal_log_buckets_are_equivalent() {
    let p = rank_pods();
    let rows = [
        (&p.unscheduled, &p.unscheduled),
        (&p.pending, &p.pending),
        (&p.unknown_phase, &p.unknown_phase),
        (&p.not_ready, &p.not_ready),
        (&p.ready_now_created_then, &p.ready_now_created_then),
        (&p.ready_now, &p.ready_now),
        (&p.ready_then, &p.ready_then),
        (&p.ready_high_restarts, &p.ready_high_restarts),
        (&p.unscheduled_5_hours, &p.unscheduled_8_hours),
        (&p.ready_5_hours, &p.ready_8_hours),
    ];
    for (a, b) in rows {
        assert_eq!(
            delete_order(a, 1, b, 1, NOW),
            Ordering::Equal,
            "{} vs {}",
            a.metadata.name,
            b.metadata.name
        );
        assert_eq!(
            delete_order(b, 1, a, 1, NOW),
            Ordering::Equal,
            "{} vs {}",
            b.metadata.name,
            a.metadata.name
        );
    }
}

fn assert_deleted_first(lesser: (&Pod, i64), greater: (&Pod, i64)) {
    let label = format!(
        "{} (rank {}) before {} (rank {})",
        lesser.0.metadata.name, lesser.1, greater.0.metadata.name, greater.1
    );
    assert_eq!(
        delete_order(lesser.0, lesser.1, greater.0, greater.1, NOW),
        Ordering::Less,
        "{label}"
    );
    assert_eq!(
        delete_order(greater.0, greater.1, lesser.0, lesser.1, NOW),
        Ordering::Greater,
        "{label} (reversed)"
    );
}

#[test]
fn pods_are_deleted_first_by_assignment_phase_readiness_cost_rank_ready_time_restarts_and_age() {
    let p = rank_pods();
    // Row 6 (ready-no-ltt before ready-now) is tested separately; row 15 needs the PodDeletionCost
    // gate off, which kubeplay (v1.33, gate on) cannot express.
    let rows = [
        ((&p.unscheduled, 1), (&p.pending, 2)),
        ((&p.unscheduled, 2), (&p.pending, 1)),
        ((&p.pending, 1), (&p.unknown_phase, 2)),
        ((&p.unknown_phase, 1), (&p.not_ready, 2)),
        ((&p.not_ready, 1), (&p.ready_no_ltt, 1)),
        ((&p.ready_now, 2), (&p.ready_no_ltt, 1)),
        ((&p.ready_now, 1), (&p.ready_then, 1)),
        ((&p.ready_now, 2), (&p.ready_then, 1)),
        ((&p.ready_high_restarts, 1), (&p.ready_now, 1)),
        ((&p.ready_now, 2), (&p.ready_high_restarts, 1)),
        ((&p.ready_now, 1), (&p.ready_now_created_then, 1)),
        ((&p.ready_now_created_then, 2), (&p.ready_now, 1)),
        ((&p.low_deletion_cost, 2), (&p.high_deletion_cost, 1)),
        ((&p.ready_2_hours, 1), (&p.ready_5_hours, 1)),
    ];
    for (lesser, greater) in rows {
        assert_deleted_first(lesser, greater);
    }
}

#[test]
fn a_ready_pod_without_transition_time_counts_as_the_most_recently_ready() {
    let p = rank_pods();
    assert_deleted_first((&p.ready_no_ltt, 1), (&p.ready_now, 1));
}

// ---------------------------------------------------------------------------------------------
// H1. TestSlowStartBatch
// ---------------------------------------------------------------------------------------------
// kubeplay's only creation failure is the cluster-wide pod limit (MAX_PODS), so a "call limit" of
// k is a cluster with room for exactly k more pods. Upstream also counts calls (1, 10, 7: a
// failing batch still runs all its calls concurrently); kubeplay creates sequentially and stops at
// the first failure, so only successes and the error are comparable.

#[test]
fn slow_start_creates_until_the_first_failure_and_reports_it() {
    let mut c = new_cluster();
    let filler = pod(PodSpec {
        name: "filler",
        ..Default::default()
    });
    let owner = controller_ref("v1", "ReplicationController", "filler", "filler-uid");
    // Room for exactly 10 more pods.
    let room = 10;
    for i in 0..MAX_PODS - room {
        let mut p = filler.clone();
        p.metadata.namespace = "filler".into();
        p.metadata.name = format!("filler-{i}");
        p.metadata.owner_references = vec![owner.clone()].into();
        c.store.put_pod(p);
    }
    let d = deployment(&mut c, "slow", 10, int(1), int(0));
    let run = |c: &mut Cluster, name: &str| -> (usize, Vec<String>, Option<String>) {
        let now = c.now;
        let rs = owned_rs(c, &d, name, "nginx:new", 10, now);
        let rs = store_rs(c, rs);
        c.sync_replicaset(&rs.metadata.key());
        let created = c.store.pods.owned_count(&rs.metadata.uid);
        let failures = event_messages(c, name, "FailedCreate");
        let condition = stored_rs(c, name)
            .unwrap()
            .status
            .conditions
            .iter()
            .find(|x| x.type_ == "ReplicaFailure")
            .map(|x| x.reason.clone());
        (created, failures, condition)
    };
    // callLimit 10: 10 successes, no error (batches 1 + 2 + 4 + 3).
    let (created, failures, condition) = run(&mut c, "limit-10");
    assert_eq!((created, failures.len(), condition), (10, 0, None));
    // callLimit 5: 5 successes (1 + 2 + 2 of the batch of 4), then the error.
    for i in 0..5 {
        c.store
            .remove_pod(&ObjKey::new("filler", format!("filler-{i}")));
    }
    let (created, failures, condition) = run(&mut c, "limit-5");
    assert_eq!(
        (created, failures.len(), condition.as_deref()),
        (5, 1, Some("FailedCreate"))
    );
    // callLimit 0: the first call fails.
    let (created, failures, condition) = run(&mut c, "limit-0");
    assert_eq!(
        (created, failures.len(), condition.as_deref()),
        (0, 1, Some("FailedCreate"))
    );
}

// ---------------------------------------------------------------------------------------------
// H2. TestGetPodsToDelete
// ---------------------------------------------------------------------------------------------
// One ReplicaSet sync with `diff` pods too many; the victims are read from the SuccessfulDelete
// events in deletion order. kubeplay claims pods in name order, so each pod's name starts with its
// position in upstream's input list. Upstream's duplicated pod objects ([R1, R1, …]) become two
// pods of the same kind.

#[derive(Clone, Copy)]
enum Kind {
    /// Unscheduled, pending.
    U,
    /// Scheduled on fake-node, pending.
    SP,
    /// Running on fake-node, not ready.
    NR,
    /// Running and ready on fake-node-1.
    R1,
    /// Running and ready on fake-node-2.
    R2,
}

fn kind_pod(name: &str, kind: Kind) -> Pod {
    let (node, phase, ready) = match kind {
        Kind::U => (None, PodPhase::Pending, false),
        Kind::SP => (Some("fake-node"), PodPhase::Pending, false),
        Kind::NR => (Some("fake-node"), PodPhase::Running, false),
        Kind::R1 => (Some("fake-node-1"), PodPhase::Running, true),
        Kind::R2 => (Some("fake-node-2"), PodPhase::Running, true),
    };
    pod(PodSpec {
        name,
        node,
        phase,
        ready_since: ready.then_some(NOW - HOUR),
        created: NOW - HOUR,
        ..Default::default()
    })
}

fn kind_name(i: usize, kind: Kind) -> String {
    let k = match kind {
        Kind::U => "u",
        Kind::SP => "sp",
        Kind::NR => "nr",
        Kind::R1 => "r1",
        Kind::R2 => "r2",
    };
    format!("p{i}-{k}")
}

/// Runs the sync and returns the deleted pods' names in deletion order.
fn pods_deleted(pods: &[Kind], sibling_pods: &[Kind], diff: usize) -> Vec<String> {
    let mut c = new_cluster();
    c.now = NOW;
    let d = deployment(&mut c, "foo", 0, int(1), int(0));
    let rs = owned_rs(
        &mut c,
        &d,
        "foo-rs",
        "nginx:new",
        (pods.len() - diff) as i32,
        NOW - DAY,
    );
    let rs = store_rs(&mut c, rs);
    for (i, kind) in pods.iter().enumerate() {
        let p = owned_by(&mut c, kind_pod(&kind_name(i, *kind), *kind), &rs);
        store_pod(&mut c, p);
    }
    // Another ReplicaSet of the same Deployment: its active pods are "related" (rank only).
    let sibling = owned_rs(
        &mut c,
        &d,
        "foo-sibling",
        "nginx:old",
        sibling_pods.len() as i32,
        NOW - 2 * DAY,
    );
    let sibling = store_rs(&mut c, sibling);
    for (i, kind) in sibling_pods.iter().enumerate() {
        let p = owned_by(
            &mut c,
            kind_pod(&format!("sibling-{}", kind_name(i, *kind)), *kind),
            &sibling,
        );
        store_pod(&mut c, p);
    }
    c.sync_replicaset(&rs.metadata.key());
    event_messages(&c, "foo-rs", "SuccessfulDelete")
        .iter()
        .map(|m| m.trim_start_matches("Deleted pod: ").to_string())
        .collect()
}

/// (pods in input order, extra related pods of a sibling RS, diff, deleted pods in order).
type DeleteRow = (
    &'static [Kind],
    &'static [Kind],
    usize,
    &'static [&'static str],
);

#[test]
fn get_pods_to_delete_picks_the_least_useful_pods_first() {
    use Kind::*;
    // (pods in input order, extra related pods of a sibling RS, diff, deleted)
    let rows: [DeleteRow; 9] = [
        (&[], &[], 0, &[]),
        (&[NR, R1], &[], 2, &["p0-nr", "p1-r1"]),
        (&[R1, NR], &[], 1, &["p1-nr"]),
        (
            &[R1, R1, R2, NR, SP, U],
            &[],
            6,
            &["p0-r1", "p1-r1", "p2-r2", "p3-nr", "p4-sp", "p5-u"],
        ),
        (&[SP, U], &[], 1, &["p1-u"]),
        (&[R1, NR, NR], &[], 2, &["p1-nr", "p2-nr"]),
        (&[R1, R2], &[R2], 1, &["p1-r2"]),
        (&[SP, NR], &[], 1, &["p0-sp"]),
        (&[R1, R2, NR, SP, U], &[], 3, &["p4-u", "p3-sp", "p2-nr"]),
    ];
    // Upstream's row "same pods, related []" (diff = len, so ranks are never computed) cannot be
    // built: a ReplicaSet's own active pods are always among its related pods.
    for (pods, related, diff, want) in rows {
        let kinds: Vec<String> = pods
            .iter()
            .enumerate()
            .map(|(i, k)| kind_name(i, *k))
            .collect();
        assert_eq!(
            pods_deleted(pods, related, diff),
            want,
            "pods {kinds:?}, diff {diff}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// H2 (continued): what "related pods" are
// ---------------------------------------------------------------------------------------------
// Upstream's getIndirectlyRelatedPods collects the pods of every ReplicaSet with the same
// controller (getReplicaSetsWithSameController); a ReplicaSet without a controller has none, so
// every rank is 0 and co-location plays no part.

/// A ReplicaSet (owned by a Deployment or standalone) with two pods on node-a, ready for 2h, and
/// one on node-b, ready for 10 minutes; scaled from 3 to 2. Returns the deleted pod.
fn colocated_victim(standalone: bool) -> Vec<String> {
    let mut c = new_cluster();
    c.now = NOW;
    let d = deployment(&mut c, "foo", 2, int(1), int(0));
    let mut rs = owned_rs(&mut c, &d, "foo-rs", "nginx:new", 2, NOW - DAY);
    if standalone {
        rs.metadata.owner_references.clear();
    }
    let rs = store_rs(&mut c, rs);
    let ready = |name, node, since| {
        pod(PodSpec {
            name,
            node: Some(node),
            phase: PodPhase::Running,
            ready_since: Some(since),
            created: since - MINUTE,
            ..Default::default()
        })
    };
    for p in [
        ready("a1", "node-a", NOW - 2 * HOUR),
        ready("a2", "node-a", NOW - 2 * HOUR),
        ready("b1", "node-b", NOW - 10 * MINUTE),
    ] {
        let p = owned_by(&mut c, p, &rs);
        store_pod(&mut c, p);
    }
    c.sync_replicaset(&rs.metadata.key());
    event_messages(&c, "foo-rs", "SuccessfulDelete")
}

#[test]
fn a_deployment_replica_set_deletes_from_the_node_with_most_related_pods_first() {
    // Ranks a1/a2 = 2, b1 = 1: the rank beats b1's more recent readiness.
    let got = colocated_victim(false);
    assert_eq!(got.len(), 1);
    assert!(
        got[0] == "Deleted pod: a1" || got[0] == "Deleted pod: a2",
        "{got:?}"
    );
}

#[test]
fn a_standalone_replica_set_ignores_co_location_when_choosing_victims() {
    // All ranks 0 → the most recently ready pod (b1) goes first.
    assert_eq!(colocated_victim(true), ["Deleted pod: b1"]);
}

// ---------------------------------------------------------------------------------------------
// H3. TestControllerBurstReplicas (the per-sync bound only)
// ---------------------------------------------------------------------------------------------
// kubeplay has no expectations cache: every created pod is observed at once, so the "blocked
// until observed" part has no equivalent. The bound of one sync is upstream's burstReplicas (500).

#[test]
fn one_replica_set_sync_creates_or_deletes_at_most_burst_replicas_pods() {
    let mut c = new_cluster();
    let d = deployment(&mut c, "foo", 600, int(1), int(0));
    let now = c.now;
    let rs = owned_rs(&mut c, &d, "foo-rs", "nginx:new", 600, now);
    let mut rs = store_rs(&mut c, rs);
    c.sync_replicaset(&rs.metadata.key());
    assert_eq!(
        c.store.pods.owned_count(&rs.metadata.uid),
        crate::controllers::replicaset::BURST_REPLICAS
    );
    c.sync_replicaset(&rs.metadata.key());
    assert_eq!(c.store.pods.owned_count(&rs.metadata.uid), 600);
    rs = stored_rs(&c, "foo-rs").unwrap();
    rs.spec.replicas = 0;
    c.write_replicaset(rs.clone());
    c.sync_replicaset(&rs.metadata.key());
    // Unscheduled pods are removed at once (no kubelet to wait for).
    assert_eq!(c.store.pods.owned_count(&rs.metadata.uid), 100);
}

/// Node of each pod still active under `rs`, counted.
fn active_per_node(c: &Cluster, rs: &ReplicaSet) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for p in c.store.pods.owned_iter(&rs.metadata.uid) {
        if p.is_active() {
            *m.entry(p.node_name.as_deref().unwrap_or_default().to_string())
                .or_default() += 1;
        }
    }
    m
}

/// A scale-down of more than BURST_REPLICAS takes several syncs; the ranks read in the first
/// are kept for the next (and every sync of the unit tests checks them against a fresh read).
/// Each sync deletes from the nodes with the most related pods first, counted afresh.
#[test]
fn a_scale_down_in_several_syncs_ranks_by_the_co_location_of_each_sync() {
    let mut c = new_cluster();
    c.now = NOW;
    let d = deployment(&mut c, "foo", 1_300, int(1), int(0));
    let rs = owned_rs(&mut c, &d, "foo-rs", "nginx:new", 100, NOW - DAY);
    let rs = store_rs(&mut c, rs);
    let sibling = owned_rs(&mut c, &d, "foo-old", "nginx:old", 50, NOW - 2 * DAY);
    let sibling = store_rs(&mut c, sibling);
    let names: Vec<String> = (0..1_350).map(|i| format!("p{i:04}")).collect();
    for (i, name) in names.iter().enumerate() {
        // 700 on node-a, 300 on node-b, 200 on node-c, 100 on node-d; the sibling's 50 on
        // node-d. Ready a second apart, about an hour ago; node-c's about a quarter of an hour
        // ago (a younger log2 bucket of age).
        let node = match i {
            0..700 => "node-a",
            700..1_000 => "node-b",
            1_000..1_200 => "node-c",
            _ => "node-d",
        };
        let since = if node == "node-c" {
            NOW - 1_000_000 + (i as Time - 1_000) * 1_000
        } else {
            NOW - HOUR + i as Time * 1_000
        };
        let p = pod(PodSpec {
            name,
            node: Some(node),
            phase: PodPhase::Running,
            ready_since: Some(since),
            created: since - MINUTE,
            ..Default::default()
        });
        let owner = if i < 1_300 { &rs } else { &sibling };
        let p = owned_by(&mut c, p, owner);
        store_pod(&mut c, p);
    }
    let count = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(n, k)| (n.to_string(), *k)).collect()
    };
    // node-a (700 related) loses 500.
    c.sync_replicaset(&rs.metadata.key());
    assert_eq!(
        active_per_node(&c, &rs),
        count(&[
            ("node-a", 200),
            ("node-b", 300),
            ("node-c", 200),
            ("node-d", 100)
        ])
    );
    let kept = c.victim_ranking.as_ref().map(|k| k.stamp);
    assert_eq!(kept, Some(c.store.active_pods_stamp(&rs.metadata.uid)));
    // node-b (300) goes first, then 200 of node-a's and node-c's 400 (200 each): the
    // more recently ready, node-c's.
    c.sync_replicaset(&rs.metadata.key());
    assert_eq!(
        active_per_node(&c, &rs),
        count(&[("node-a", 200), ("node-d", 100)])
    );
    // 200 more: node-a has 200 related pods, node-d 150 (with the sibling's 50).
    c.sync_replicaset(&rs.metadata.key());
    assert_eq!(active_per_node(&c, &rs), count(&[("node-d", 100)]));
}

// ---------------------------------------------------------------------------------------------
// G5. TestCountTerminatingPods / TestActivePodFiltering
// ---------------------------------------------------------------------------------------------

#[test]
fn active_pods_are_non_terminal_and_not_deleted_and_terminating_pods_are_deleted_but_not_terminal()
{
    use PodPhase::*;
    // (phase, deletion timestamp, active, terminating); upstream's "no phase" pods are Pending here.
    let rows = [
        (Succeeded, false, false, false),
        (Failed, false, false, false),
        (Pending, true, false, true),
        (Running, true, false, true),
        (Running, false, true, false),
        (Pending, false, true, false),
        (Unknown, false, true, false),
        (Succeeded, true, false, false),
    ];
    for (phase, deleting, active, terminating) in rows {
        let mut p = pod(PodSpec {
            phase,
            ..Default::default()
        });
        if deleting {
            p.metadata.deletion_timestamp = Some(NOW);
        }
        assert_eq!(
            (p.is_active(), p.is_terminating()),
            (active, terminating),
            "{phase:?}, deleting {deleting}"
        );
    }
}
