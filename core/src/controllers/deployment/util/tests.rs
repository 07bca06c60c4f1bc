//! Table tests of the Deployment arithmetic, transcribed from upstream
//! `pkg/controller/deployment/util/deployment_util_test.go` and `hash_test.go`
//! (sections A1–A18 of `upstream-test-cases.md`), plus the derived checks of section L.
//! Rows that kubeplay's structures cannot express say so and test the closest equivalent.

use super::*;
use crate::api::{
    DeploymentStrategy, IntOrString, ObjectMeta, ReplicaSetSpec, ReplicaSetStatus,
    RollingUpdateDeployment, TemplateMeta,
};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// 2016-01-01T00:00:00Z in Unix ms: the base of upstream's TestDeploymentTimedOut.
const JAN_2016: Time = 1_451_606_400_000;

fn int(v: i32) -> IntOrString {
    IntOrString::Int(v)
}

fn pct(v: &str) -> IntOrString {
    IntOrString::Str(v.to_string())
}

/// A RollingUpdate Deployment with the given replicas, maxSurge and maxUnavailable.
fn d(replicas: i32, surge: IntOrString, unavailable: IntOrString) -> Deployment {
    let mut dep = Deployment::default();
    dep.metadata.name = "foo".into();
    dep.metadata.namespace = "default".into();
    dep.spec.replicas = replicas;
    dep.spec.strategy = DeploymentStrategy {
        type_: "RollingUpdate".into(),
        rolling_update: Some(RollingUpdateDeployment {
            max_surge: Some(surge),
            max_unavailable: Some(unavailable),
        }),
    };
    dep
}

/// A Recreate Deployment.
fn recreate(replicas: i32) -> Deployment {
    let mut dep = Deployment::default();
    dep.metadata.name = "foo".into();
    dep.spec.replicas = replicas;
    dep.spec.strategy = DeploymentStrategy {
        type_: "Recreate".into(),
        rolling_update: None,
    };
    dep
}

/// A ReplicaSet with `replicas` in its spec, created `created` ms after the epoch.
fn rs(name: &str, replicas: i32, created: Time) -> ReplicaSet {
    ReplicaSet {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            creation_timestamp: created,
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas,
            ..Default::default()
        },
        status: ReplicaSetStatus::default(),
    }
}

fn with_annotations(mut r: ReplicaSet, annotations: &[(&str, &str)]) -> ReplicaSet {
    for (k, v) in annotations {
        r.metadata.annotations.insert((*k).into(), (*v).into());
    }
    r
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

/// upstream's `generatePodTemplate(name, nodeName, annotations, labels)`: the pod name lives in
/// the template metadata kubeplay keeps verbatim, the node name in the pod spec.
fn template(
    name: &str,
    node: &str,
    annotations: &[(&str, &str)],
    label_pairs: &[(&str, &str)],
) -> PodTemplateSpec {
    let mut extra = BTreeMap::new();
    extra.insert("name".to_string(), json!(name));
    PodTemplateSpec {
        metadata: TemplateMeta {
            labels: labels(label_pairs).into(),
            annotations: labels(annotations).into(),
            extra,
        },
        spec: Rc::new(
            json!({ "nodeName": node, "containers": [{ "name": "nginx", "image": "nginx" }] }),
        ),
    }
}

fn status(replicas: i32, updated: i32, ready: i32, available: i32) -> DeploymentStatus {
    DeploymentStatus {
        replicas,
        updated_replicas: updated,
        ready_replicas: ready,
        available_replicas: available,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// A1. TestEqualIgnoreHash
// ---------------------------------------------------------------------------------------------

#[test]
fn equal_ignore_hash_ignores_only_the_pod_template_hash_label_in_both_argument_orders() {
    const H: &str = POD_TEMPLATE_HASH;
    let rows: Vec<(&str, PodTemplateSpec, PodTemplateSpec, bool)> = vec![
        (
            "1 same templates",
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-1"), ("something", "else")],
            ),
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-1"), ("something", "else")],
            ),
            true,
        ),
        (
            "2 only the hash label differs",
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-1"), ("something", "else")],
            ),
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-2"), ("something", "else")],
            ),
            true,
        ),
        (
            "3 one has no hash label",
            template("foo", "foo-node", &[], &[("something", "else")]),
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-2"), ("something", "else")],
            ),
            true,
        ),
        (
            "4 other labels differ",
            template("foo", "foo-node", &[], &[("something", "else")]),
            template("foo", "foo-node", &[], &[(H, "value-2")]),
            false,
        ),
        (
            "5 hash only vs other label",
            template("foo", "foo-node", &[], &[(H, "value-1")]),
            template("foo", "foo-node", &[], &[("something", "else")]),
            false,
        ),
        (
            "6 one has an extra label",
            template("foo", "foo-node", &[], &[(H, "value-1")]),
            template(
                "foo",
                "foo-node",
                &[],
                &[(H, "value-1"), ("something", "else")],
            ),
            false,
        ),
        (
            "7 annotations differ",
            template(
                "foo",
                "foo-node",
                &[("former", "value")],
                &[(H, "value-1"), ("something", "else")],
            ),
            template(
                "foo",
                "foo-node",
                &[("latter", "value")],
                &[(H, "value-1"), ("something", "else")],
            ),
            false,
        ),
        (
            "8 names differ",
            template(
                "foo-1",
                "foo-node",
                &[],
                &[(H, "value-1"), ("something", "else")],
            ),
            template(
                "foo-2",
                "foo-node",
                &[],
                &[(H, "value-2"), ("something", "else")],
            ),
            false,
        ),
        (
            "9 names and nodes differ",
            template("foo-1", "foo-node-1", &[], &[("something", "else")]),
            template(
                "foo-2",
                "foo-node-2",
                &[],
                &[(H, "value-2"), ("something", "else")],
            ),
            false,
        ),
        (
            "10 nodes and labels differ",
            template("foo", "foo-node-1", &[], &[("something", "else")]),
            template("foo", "foo-node-2", &[], &[("nothing", "else")]),
            false,
        ),
    ];
    for (name, former, latter, want) in rows {
        let (former0, latter0) = (former.clone(), latter.clone());
        assert_eq!(
            equal_ignore_hash(&former, &latter),
            want,
            "row {name} (former, latter)"
        );
        assert_eq!(
            equal_ignore_hash(&latter, &former),
            want,
            "row {name} (latter, former)"
        );
        // Upstream also checks that the inputs keep their labels (it deletes from copies).
        assert_eq!(former, former0, "row {name}: former modified");
        assert_eq!(latter, latter0, "row {name}: latter modified");
    }
}

// A2/A3 (TestFindNewReplicaSet, TestFindOldReplicaSets) and A4 (TestGetReplicaCountForReplicaSets)
// are Cluster methods in kubeplay (`all_replicasets_and_sync_revision`, `calculate_status`): they
// are covered in `controllers/tests/sync.rs`. A15 (TestGetDeploymentsForReplicaSet) likewise.

// ---------------------------------------------------------------------------------------------
// A5. TestResolveFenceposts
// ---------------------------------------------------------------------------------------------

/// (maxSurge, maxUnavailable, desired, Ok((surge, unavailable)) or Err).
type FencepostRow = (
    Option<IntOrString>,
    Option<IntOrString>,
    i32,
    Result<(i32, i32), ()>,
);

#[test]
fn resolve_fenceposts_rounds_surge_up_and_unavailable_down_and_rejects_non_percentages() {
    let s = |v: &str| Some(pct(v));
    let rows: Vec<FencepostRow> = vec![
        (s("0%"), s("0%"), 0, Ok((0, 1))),
        (s("39%"), s("39%"), 10, Ok((4, 3))),
        (s("oops"), s("39%"), 10, Err(())),
        (s("55%"), s("urg"), 10, Err(())),
        (None, s("39%"), 10, Ok((0, 3))),
        (s("39%"), None, 10, Ok((4, 0))),
        (None, None, 10, Ok((0, 1))),
    ];
    for (surge, unavailable, desired, want) in rows {
        let got = resolve_fenceposts(surge.as_ref(), unavailable.as_ref(), desired).map_err(|_| ());
        assert_eq!(
            got, want,
            "maxSurge {surge:?}, maxUnavailable {unavailable:?}, desired {desired}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A6. TestNewRSNewReplicas
// ---------------------------------------------------------------------------------------------

#[test]
fn new_rs_new_replicas_fills_the_surge_budget_without_passing_the_desired_count() {
    // allRSs = [rs5]; the new RS is not part of allRSs; maxUnavailable = 1.
    let rs5 = rs("rs5", 5, 0);
    let rows = [
        ("can not scale up", d(1, int(1), int(1)), 5, 5),
        ("scale up to depReplicas", d(6, int(10), int(1)), 2, 6),
        ("recreate", recreate(3), 1, 3),
    ];
    for (name, dep, new_size, want) in rows {
        let new_rs = rs("new", new_size, 0);
        assert_eq!(
            new_rs_new_replicas(&dep, &[&rs5], &new_rs),
            Ok(want),
            "{name}"
        );
    }
}

#[test]
fn new_rs_new_replicas_rejects_an_unknown_strategy_type() {
    let mut dep = d(3, int(1), int(1));
    dep.spec.strategy.type_ = "Bogus".into();
    assert!(new_rs_new_replicas(&dep, &[], &rs("new", 0, 0)).is_err());
}

#[test]
fn new_rs_new_replicas_does_not_apply_the_both_zero_fencepost_fix() {
    // Spec §5.3: surge 0 / unavailable 0 gives maxTotal = replicas, so a full old RS blocks the new one.
    let dep = d(3, int(0), int(0));
    let old = rs("old", 3, 0);
    assert_eq!(new_rs_new_replicas(&dep, &[&old], &rs("new", 0, 0)), Ok(0));
}

// ---------------------------------------------------------------------------------------------
// A7. TestGetCondition / TestSetCondition / TestRemoveCondition
// ---------------------------------------------------------------------------------------------

fn cond(type_: &str, status: &str, reason: &str) -> DeploymentCondition {
    condition(type_, status, reason, String::new(), JAN_2016)
}

fn cond_progressing() -> DeploymentCondition {
    cond("Progressing", "False", "ForSomeReason")
}

fn cond_progressing2() -> DeploymentCondition {
    cond("Progressing", "True", "BecauseItIs")
}

fn cond_available() -> DeploymentCondition {
    cond("Available", "True", "AwesomeController")
}

fn with_conditions(conditions: Vec<DeploymentCondition>) -> DeploymentStatus {
    DeploymentStatus {
        conditions,
        ..Default::default()
    }
}

#[test]
fn get_condition_finds_an_existing_condition_type_only() {
    let s = with_conditions(vec![cond_progressing(), cond_available()]);
    assert_eq!(s.condition("Available"), Some(&cond_available()));
    assert_eq!(s.condition("ReplicaFailure"), None);
}

#[test]
fn set_condition_appends_new_types_and_replaces_a_changed_one() {
    let rows = [
        (
            "add to empty",
            vec![],
            cond_available(),
            vec![cond_available()],
        ),
        (
            "add a second type",
            vec![cond_progressing()],
            cond_available(),
            vec![cond_progressing(), cond_available()],
        ),
        (
            "replace changed status",
            vec![cond_progressing()],
            cond_progressing2(),
            vec![cond_progressing2()],
        ),
    ];
    for (name, before, c, want) in rows {
        let mut s = with_conditions(before);
        set_condition(&mut s, c);
        assert_eq!(s.conditions, want, "{name}");
    }
}

#[test]
fn remove_condition_drops_the_type_and_leaves_others_alone() {
    let rows = [
        ("remove from empty", vec![], "Progressing", vec![]),
        (
            "remove the only one",
            vec![cond_progressing()],
            "Progressing",
            vec![],
        ),
        (
            "remove a missing type",
            vec![cond_progressing(), cond_available()],
            "ReplicaFailure",
            vec![cond_progressing(), cond_available()],
        ),
    ];
    for (name, before, type_, want) in rows {
        let mut s = with_conditions(before);
        remove_condition(&mut s, type_);
        assert_eq!(s.conditions, want, "{name}");
    }
}

#[test]
fn set_condition_keeps_timestamps_when_nothing_changes_and_the_transition_time_when_only_the_reason_changes(
) {
    // Spec §4.8 SetDeploymentCondition rules.
    let t0 = JAN_2016;
    let t1 = JAN_2016 + 60_000;
    let old = condition("Progressing", "True", "ReplicaSetUpdated", "old".into(), t0);
    let mut s = with_conditions(vec![old.clone(), cond_available()]);
    // Same status and reason: untouched (even the message and times).
    set_condition(
        &mut s,
        condition("Progressing", "True", "ReplicaSetUpdated", "new".into(), t1),
    );
    assert_eq!(s.conditions, vec![old.clone(), cond_available()]);
    // Same status, new reason: replaced, lastTransitionTime kept, moved to the end.
    set_condition(
        &mut s,
        condition(
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            "done".into(),
            t1,
        ),
    );
    let got = s.condition("Progressing").unwrap().clone();
    assert_eq!(
        (
            got.reason.as_str(),
            got.last_update_time,
            got.last_transition_time
        ),
        ("NewReplicaSetAvailable", t1, t0)
    );
    assert_eq!(s.conditions.last().unwrap().type_, "Progressing");
    // New status: both times move.
    set_condition(
        &mut s,
        condition(
            "Progressing",
            "False",
            "ProgressDeadlineExceeded",
            "late".into(),
            t1 + 1000,
        ),
    );
    let got = s.condition("Progressing").unwrap();
    assert_eq!(
        (got.last_update_time, got.last_transition_time),
        (t1 + 1000, t1 + 1000)
    );
}

// ---------------------------------------------------------------------------------------------
// A8. TestDeploymentComplete
// ---------------------------------------------------------------------------------------------

#[test]
fn deployment_complete_needs_every_replica_updated_available_and_no_old_pods() {
    // (desired, status.replicas, updated, available, maxUnavailable, maxSurge, complete)
    let rows = [
        (5, 5, 5, 4, 1, 0, false),
        (5, 5, 5, 3, 1, 0, false),
        (5, 5, 5, 5, 0, 0, true),
        (5, 5, 4, 5, 0, 0, false),
        (1, 2, 1, 1, 0, 1, false),
        (1, 1, 1, 0, 1, 1, false),
    ];
    for (desired, current, updated, available, unavailable, surge, want) in rows {
        let mut dep = d(desired, int(surge), int(unavailable));
        dep.status = status(current, updated, 0, available);
        // observedGeneration 0 == generation 0.
        assert_eq!(dep.metadata.generation, dep.status.observed_generation);
        assert_eq!(
            deployment_complete(&dep, &dep.status),
            want,
            "row {:?}",
            (desired, current, updated, available, unavailable, surge)
        );
    }
}

#[test]
fn deployment_complete_is_false_until_the_generation_is_observed() {
    let mut dep = d(3, int(1), int(0));
    dep.metadata.generation = 2;
    dep.status = status(3, 3, 3, 3);
    dep.status.observed_generation = 1;
    assert!(!deployment_complete(&dep, &dep.status));
    dep.status.observed_generation = 2;
    assert!(deployment_complete(&dep, &dep.status));
}

// ---------------------------------------------------------------------------------------------
// A9. TestDeploymentProgressing
// ---------------------------------------------------------------------------------------------

#[test]
fn deployment_progressing_detects_more_updated_ready_or_available_pods_or_fewer_old_pods() {
    // (old status, new status) as (replicas, updated, ready, available).
    let rows = [
        ("more updated", (10, 4, 4, 4), (10, 6, 4, 4), true),
        ("no change", (10, 4, 4, 4), (10, 4, 4, 4), false),
        ("old pods removed", (10, 4, 6, 6), (8, 4, 6, 6), true),
        ("fewer new pods", (10, 7, 3, 3), (10, 6, 3, 3), false),
        ("mixed", (10, 4, 7, 7), (8, 8, 5, 5), true),
        ("more ready", (10, 10, 9, 8), (10, 10, 10, 8), true),
        ("more available", (10, 10, 10, 9), (10, 10, 10, 10), true),
    ];
    for (name, old, new, want) in rows {
        let mut dep = d(10, int(1), int(1));
        dep.status = status(old.0, old.1, old.2, old.3);
        let new_status = status(new.0, new.1, new.2, new.3);
        assert_eq!(deployment_progressing(&dep, &new_status), want, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// A10. TestDeploymentTimedOut
// ---------------------------------------------------------------------------------------------

#[test]
fn deployment_timed_out_only_when_the_last_update_is_strictly_older_than_the_deadline() {
    let at = |m: i64, s: i64| JAN_2016 + (m * 60 + s) * 1000;
    // (progressDeadlineSeconds, reason, lastUpdate, now, timed out)
    let rows = [
        ("nil deadline", None, "", at(1, 9), at(1, 20), false),
        (
            "infinite deadline",
            Some(MAX_INT32),
            "",
            at(1, 9),
            at(1, 20),
            false,
        ),
        ("11s > 10s", Some(10), "", at(1, 9), at(1, 20), true),
        ("9s < 10s", Some(10), "", at(1, 11), at(1, 20), false),
        (
            "complete",
            None,
            "NewReplicaSetAvailable",
            0,
            at(1, 20),
            false,
        ),
    ];
    for (name, pds, reason, last_update, now, want) in rows {
        let mut dep = d(1, int(1), int(0));
        dep.spec.progress_deadline_seconds = pds;
        let mut c = condition("Progressing", "True", reason, String::new(), last_update);
        c.last_transition_time = last_update;
        dep.status.conditions = vec![c];
        assert_eq!(deployment_timed_out(&dep, &dep.status, now), want, "{name}");
    }
}

#[test]
fn deployment_timed_out_follows_the_condition_reason_before_the_clock() {
    // Spec §4.8: NewReplicaSetAvailable never times out; ProgressDeadlineExceeded always has; no
    // Progressing condition never times out.
    let now = JAN_2016 + 3_600_000;
    let mut dep = d(1, int(1), int(0));
    dep.spec.progress_deadline_seconds = Some(10);
    dep.status.conditions = vec![condition(
        "Progressing",
        "True",
        "NewReplicaSetAvailable",
        String::new(),
        JAN_2016,
    )];
    assert!(!deployment_timed_out(&dep, &dep.status, now));
    dep.status.conditions = vec![condition(
        "Progressing",
        "False",
        "ProgressDeadlineExceeded",
        String::new(),
        now,
    )];
    assert!(deployment_timed_out(&dep, &dep.status, now));
    dep.status.conditions.clear();
    assert!(!deployment_timed_out(&dep, &dep.status, now));
}

// ---------------------------------------------------------------------------------------------
// A11. TestMaxUnavailable / A12. TestMinAvailable
// ---------------------------------------------------------------------------------------------

#[test]
fn max_unavailable_is_capped_at_replicas_and_zero_for_recreate() {
    let rows = [
        (d(10, int(1), int(5)), 5),
        (d(10, int(1), int(10)), 10),
        (d(5, int(1), int(10)), 5),
        (d(0, int(1), int(10)), 0),
        (recreate(10), 0),
        (d(10, int(1), pct("50%")), 5),
        (d(10, int(1), pct("100%")), 10),
        (d(5, int(1), pct("100%")), 5),
    ];
    for (dep, want) in rows {
        assert_eq!(
            max_unavailable(&dep),
            want,
            "replicas {}, strategy {:?}",
            dep.spec.replicas,
            dep.spec.strategy
        );
    }
}

#[test]
fn min_available_is_replicas_minus_max_unavailable_and_zero_for_recreate() {
    let rows = [
        (d(10, int(1), int(5)), 5),
        (d(10, int(1), int(10)), 0),
        (d(5, int(1), int(10)), 0),
        (d(0, int(1), int(10)), 0),
        (recreate(10), 0),
        (d(10, int(1), pct("60%")), 4),
        (d(10, int(1), pct("100%")), 0),
        (d(5, int(1), pct("100%")), 0),
    ];
    for (dep, want) in rows {
        assert_eq!(
            min_available(&dep),
            want,
            "replicas {}, strategy {:?}",
            dep.spec.replicas,
            dep.spec.strategy
        );
    }
}

#[test]
fn max_surge_is_zero_unless_rolling_update() {
    assert_eq!(max_surge(&recreate(10)), 0);
    assert_eq!(max_surge(&d(10, pct("25%"), pct("25%"))), 3);
    assert_eq!(max_surge(&d(10, int(0), int(0))), 0);
}

// ---------------------------------------------------------------------------------------------
// A13. TestAnnotationUtils
// ---------------------------------------------------------------------------------------------

#[test]
fn set_new_replica_set_annotations_raises_the_revision_and_records_the_previous_ones() {
    // Upstream passes a 5-character history limit; kubeplay's limit is the fixed 2000 characters of
    // the real controller, so the history keeps growing here (its trimming is tested below).
    let mut dep = d(1, int(1), int(0));
    dep.metadata.annotations.insert(REVISION.into(), "1".into());
    let mut r = rs("nginx", 1, 0);
    for i in 11..=20 {
        set_new_replica_set_annotations(&dep, &mut r, &i.to_string(), true);
        assert_eq!(
            r.metadata.annotation(REVISION),
            Some(i.to_string().as_str()),
            "revision after call {i}"
        );
        let want: Vec<String> = (11..i).map(|v| v.to_string()).collect();
        let got = r.metadata.annotation(REVISION_HISTORY);
        if i == 11 {
            assert_eq!(got, None, "no history after the first revision");
        } else {
            assert_eq!(got, Some(want.join(",").as_str()), "history after call {i}");
        }
    }
    // exists=true leaves the replica annotations alone.
    assert_eq!(r.metadata.annotation(DESIRED_REPLICAS), None);
    assert_eq!(r.metadata.annotation(MAX_REPLICAS), None);
}

#[test]
fn set_new_replica_set_annotations_drops_the_oldest_history_entries_to_stay_within_2000_characters()
{
    let dep = d(1, int(1), int(0));
    // 400 four-digit entries: 400·5 − 1 = 1999 characters.
    let history: Vec<String> = (1000..1400).map(|v| v.to_string()).collect();
    let mut r = with_annotations(
        rs("nginx", 1, 0),
        &[(REVISION, "1400"), (REVISION_HISTORY, &history.join(","))],
    );
    assert!(set_new_replica_set_annotations(&dep, &mut r, "1401", true));
    let got = r.metadata.annotation(REVISION_HISTORY).unwrap();
    let want: Vec<String> = (1001..=1400).map(|v| v.to_string()).collect();
    assert_eq!(got, want.join(","));
    assert!(got.len() <= 2000);
}

#[test]
fn set_new_replica_set_annotations_never_lowers_a_revision() {
    let dep = d(1, int(1), int(0));
    let mut r = with_annotations(rs("nginx", 1, 0), &[(REVISION, "7")]);
    assert!(!set_new_replica_set_annotations(&dep, &mut r, "5", true));
    assert_eq!(r.metadata.annotation(REVISION), Some("7"));
    assert_eq!(r.metadata.annotation(REVISION_HISTORY), None);
}

#[test]
fn set_new_replica_set_annotations_copies_deployment_annotations_except_the_skip_set() {
    let mut dep = d(10, int(1), int(0));
    for k in SKIP_ANNOTATIONS {
        dep.metadata
            .annotations
            .insert(k.into(), "from-deployment".into());
    }
    dep.metadata
        .annotations
        .insert(CHANGE_CAUSE.into(), "kubectl set image".into());
    let mut r = rs("nginx", 0, 0);
    assert!(set_new_replica_set_annotations(&dep, &mut r, "3", false));
    assert_eq!(
        r.metadata.annotation(CHANGE_CAUSE),
        Some("kubectl set image")
    );
    assert_eq!(r.metadata.annotation(REVISION), Some("3"));
    assert_eq!(r.metadata.annotation(LAST_APPLIED), None);
    assert_eq!(r.metadata.annotation(ROLLBACK_TO), None);
    assert_eq!(r.metadata.annotation(REVISION_HISTORY), None);
}

#[test]
fn a_new_replica_set_gets_desired_and_max_replica_annotations() {
    // Upstream's SetReplicasAnnotations(rs, 10, 11) has no kubeplay twin: the annotations are set
    // by SetNewReplicaSetAnnotations(exists=false) and by scaleReplicaSet. d(10, surge 1) gives 10/11.
    let dep = d(10, int(1), int(0));
    let mut r = rs("nginx", 0, 0);
    assert!(set_new_replica_set_annotations(&dep, &mut r, "1", false));
    assert_eq!(r.metadata.annotation(DESIRED_REPLICAS), Some("10"));
    assert_eq!(r.metadata.annotation(MAX_REPLICAS), Some("11"));
    assert!(!replicas_annotations_need_update(&r, 10, 11));
}

#[test]
fn is_saturated_needs_full_size_matching_desired_annotation_and_full_availability() {
    let dep = d(1, int(1), int(0));
    let mut r = with_annotations(rs("nginx", 1, 0), &[(DESIRED_REPLICAS, "1")]);
    r.status.available_replicas = 1;
    assert!(is_saturated(&dep, Some(&r)));
    assert!(!is_saturated(&dep, None), "no RS");
    let mut not_available = r.clone();
    not_available.status.available_replicas = 0;
    assert!(!is_saturated(&dep, Some(&not_available)), "not available");
    let mut no_annotation = r.clone();
    no_annotation.metadata.annotations.clear();
    assert!(
        !is_saturated(&dep, Some(&no_annotation)),
        "no desired annotation"
    );
    let other = with_annotations(r.clone(), &[(DESIRED_REPLICAS, "2")]);
    assert!(
        !is_saturated(&dep, Some(&other)),
        "desired annotation differs"
    );
    let mut bigger = r;
    bigger.spec.replicas = 2;
    assert!(!is_saturated(&dep, Some(&bigger)), "size differs");
}

// ---------------------------------------------------------------------------------------------
// A14. TestReplicasAnnotationsNeedUpdate
// ---------------------------------------------------------------------------------------------

#[test]
fn replicas_annotations_need_update_unless_both_match_exactly() {
    let rows: [(&[(&str, &str)], bool); 4] = [
        (&[], true),
        (&[(DESIRED_REPLICAS, "8"), (MAX_REPLICAS, "20")], true),
        (&[(DESIRED_REPLICAS, "10"), (MAX_REPLICAS, "16")], true),
        (&[(DESIRED_REPLICAS, "10"), (MAX_REPLICAS, "20")], false),
    ];
    for (annotations, want) in rows {
        let r = with_annotations(rs("hello", 10, 0), annotations);
        assert_eq!(
            replicas_annotations_need_update(&r, 10, 20),
            want,
            "{annotations:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A16. TestGetNonNegativeInt32FromAnnotation [modern]
// ---------------------------------------------------------------------------------------------

#[test]
fn non_negative_int32_annotation_accepts_only_values_from_zero_to_max_int32() {
    // Upstream also returns the parse error ("invalid syntax" / "out of range"); kubeplay only
    // reports whether the value is usable, which is what every caller needs.
    let rows = [
        (None, None),
        (Some("invalid"), None),
        (Some("-1"), None),
        (Some("0"), Some(0)),
        (Some("13"), Some(13)),
        (Some("2147483647"), Some(2_147_483_647)),
        (Some("2147483648"), None),
        (Some("4294967296"), None),
    ];
    for (value, want) in rows {
        let r = match value {
            Some(v) => with_annotations(rs("rs", 1, 0), &[("test", v)]),
            None => rs("rs", 1, 0),
        };
        assert_eq!(
            non_negative_int32_annotation(&r, "test"),
            want,
            "annotation {value:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A17. TestGetReplicaSetFraction [modern]
// ---------------------------------------------------------------------------------------------

#[test]
fn replica_set_fraction_scales_by_the_new_maximum_over_the_annotated_one() {
    // (d.replicas, d.status.replicas, maxSurge, rs.replicas, max-replicas annotation, fraction);
    // maxUnavailable = 1.
    let rows = [
        (0, 0, 0, 10, None, -10),
        (10, 0, 0, 5, None, 0),
        (10, 0, 0, 5, Some("0"), 0),
        (120, 100, 0, 50, None, 10),
        (120, 100, 0, 50, Some("0"), 10),
        (120, 0, 0, 50, Some("100"), 10),
        (120, 0, 10, 50, Some("110"), 9),
        (10, 0, 0, 6, Some("12"), -1),
        (100, 0, 10, 50, Some("130"), -8),
    ];
    for (replicas, status_replicas, surge, rs_replicas, annotation, want) in rows {
        let mut dep = d(replicas, int(surge), int(1));
        dep.status.replicas = status_replicas;
        let r = match annotation {
            Some(v) => with_annotations(rs("rs", rs_replicas, 0), &[(MAX_REPLICAS, v)]),
            None => rs("rs", rs_replicas, 0),
        };
        assert_eq!(
            replica_set_fraction(&r, &dep),
            want,
            "d.replicas {replicas}, d.status.replicas {status_replicas}, surge {surge}, rs {rs_replicas}, annotation {annotation:?}"
        );
    }
}

#[test]
fn replica_set_fraction_treats_garbage_max_replicas_as_missing() {
    // [modern] negative / unparsable annotation = missing → falls back to d.status.replicas.
    let mut dep = d(120, int(0), int(1));
    dep.status.replicas = 100;
    for bad in ["-5", "abc", "99999999999"] {
        let r = with_annotations(rs("rs", 50, 0), &[(MAX_REPLICAS, bad)]);
        assert_eq!(replica_set_fraction(&r, &dep), 10, "annotation {bad}");
    }
}

#[test]
fn replica_set_proportion_is_bounded_by_what_is_left_to_add() {
    // Spec §5.4: 0 for an empty RS, nothing to add, or everything already added; else the
    // fraction clamped to the remaining budget (min when growing, max when shrinking).
    let mut dep = d(20, int(0), int(1));
    dep.status.replicas = 10;
    let r = with_annotations(rs("rs", 10, 0), &[(MAX_REPLICAS, "10")]);
    assert_eq!(replica_set_fraction(&r, &dep), 10);
    assert_eq!(replica_set_proportion(&r, &dep, 10, 0), 10);
    assert_eq!(replica_set_proportion(&r, &dep, 10, 4), 6);
    assert_eq!(replica_set_proportion(&r, &dep, 10, 10), 0);
    assert_eq!(replica_set_proportion(&r, &dep, 0, 0), 0);
    assert_eq!(replica_set_proportion(&rs("empty", 0, 0), &dep, 10, 0), 0);
    let mut small = d(5, int(0), int(1));
    small.status.replicas = 10;
    assert_eq!(replica_set_fraction(&r, &small), -5);
    assert_eq!(replica_set_proportion(&r, &small, -5, 0), -5);
    assert_eq!(replica_set_proportion(&r, &small, -5, -2), -3);
}

// ---------------------------------------------------------------------------------------------
// A18. hash_test.go TestPodTemplateSpecHash, G4. TestComputeHash, section L digit map
// ---------------------------------------------------------------------------------------------

#[test]
fn a_thousand_templates_differing_only_in_image_get_a_thousand_distinct_hashes() {
    let mut seen = HashSet::new();
    for i in 0..1000 {
        let t = PodTemplateSpec {
            metadata: TemplateMeta::default(),
            spec: Rc::new(
                json!({ "containers": [{ "name": "cats", "image": format!("registry/test/cats:v0.{i}.0") }] }),
            ),
        };
        let h = compute_hash(&t, None);
        assert!(!h.is_empty() && h.len() <= 10, "hash {h}");
        assert!(
            h.chars().all(|c| "456789bcdf".contains(c)),
            "hash {h} uses only SafeEncoded digits"
        );
        assert!(seen.insert(h.clone()), "collision at image {i}: {h}");
    }
}

#[test]
fn compute_hash_depends_on_the_collision_count() {
    let t = PodTemplateSpec::default();
    assert_ne!(compute_hash(&t, Some(1)), compute_hash(&t, Some(2)));
    assert_ne!(compute_hash(&t, None), compute_hash(&t, Some(MAX_INT32)));
    assert_eq!(
        compute_hash(&t, Some(1)),
        compute_hash(&t, Some(1)),
        "pure function"
    );
}

#[test]
fn safe_encode_maps_each_decimal_digit_to_a_fixed_letter() {
    assert_eq!(safe_encode(1_234_567_890), "56789bcdf4");
    assert_eq!(safe_encode(0), "4");
    assert_eq!(safe_encode(2_262_704_881), "66b6c48dd5");
    assert_eq!(safe_encode(u32::MAX), "86f8fbc6f9");
}

// ---------------------------------------------------------------------------------------------
// Section L: defaults 25%/25%; revisions (spec §5.5)
// ---------------------------------------------------------------------------------------------

#[test]
fn default_fenceposts_of_25_percent_give_the_documented_surge_and_unavailable() {
    let want = [
        (1, 1, 0),
        (2, 1, 0),
        (3, 1, 0),
        (4, 1, 1),
        (5, 2, 1),
        (10, 3, 2),
    ];
    for (replicas, surge, unavailable) in want {
        assert_eq!(
            resolve_fenceposts(Some(&pct("25%")), Some(&pct("25%")), replicas),
            Ok((surge, unavailable)),
            "replicas {replicas}"
        );
    }
}

#[test]
fn max_revision_counts_a_missing_annotation_as_zero_and_last_revision_is_the_second_highest() {
    let r = |name: &str, rev: Option<&str>| match rev {
        Some(v) => with_annotations(rs(name, 0, 0), &[(REVISION, v)]),
        None => rs(name, 0, 0),
    };
    let (a, b, c, none, bad) = (
        r("a", Some("3")),
        r("b", Some("1")),
        r("c", Some("2")),
        r("none", None),
        r("bad", Some("x")),
    );
    assert_eq!(max_revision(&[]), 0);
    assert_eq!(max_revision(&[&none]), 0);
    assert_eq!(max_revision(&[&a, &b, &c, &none, &bad]), 3);
    assert_eq!(last_revision(&[&a, &b, &c, &none, &bad]), 2);
    assert_eq!(last_revision(&[&a]), 0);
    // Equal values shift: [3, 3] → 3 (spec §5.5).
    let a2 = r("a2", Some("3"));
    assert_eq!(last_revision(&[&a, &a2]), 3);
}

#[test]
fn by_creation_orders_oldest_first_then_by_name_at_second_precision() {
    let mut v = [rs("b", 0, 1_500), rs("a", 0, 1_999), rs("c", 0, 0)];
    v.sort_by(by_creation);
    let names: Vec<&str> = v.iter().map(|r| r.metadata.name.as_str()).collect();
    assert_eq!(
        names,
        ["c", "a", "b"],
        "1.5s and 1.999s are the same API second"
    );
}

#[test]
fn by_revision_orders_by_revision_and_falls_back_to_creation_for_ties_and_garbage() {
    let older_bad = with_annotations(rs("older-bad", 0, 1_000), &[(REVISION, "x")]);
    let newer_1 = with_annotations(rs("newer-1", 0, 5_000), &[(REVISION, "1")]);
    let newest_2 = with_annotations(rs("newest-2", 0, 9_000), &[(REVISION, "2")]);
    let oldest_2 = with_annotations(rs("oldest-2", 0, 0), &[(REVISION, "2")]);
    assert_eq!(by_revision(&newest_2, &newer_1), Ordering::Greater);
    assert_eq!(
        by_revision(&oldest_2, &newest_2),
        Ordering::Less,
        "tie → creation"
    );
    assert_eq!(
        by_revision(&older_bad, &newer_1),
        Ordering::Less,
        "unparsable → creation"
    );
}

#[test]
fn by_revision_sorts_a_replica_set_without_revision_as_revision_zero() {
    // Upstream deploymentutil.Revision returns (0, nil) for a missing annotation, so ByRevision
    // compares 0 with the other revision; only a parse error falls back to creation order.
    let older_1 = with_annotations(rs("foo-1", 0, 0), &[(REVISION, "1")]);
    let newer_none = rs("foo-2", 0, 1_000);
    assert_eq!(by_revision(&newer_none, &older_1), Ordering::Less);
    assert_eq!(by_revision(&older_1, &newer_none), Ordering::Greater);
}

#[test]
fn set_new_replica_set_annotations_gives_up_on_an_unparsable_revision() {
    // Upstream SetNewReplicaSetAnnotations: oldRevision present but not an integer → log and
    // `return false` (no revision, no history, no replica annotations).
    let dep = d(1, int(1), int(0));
    let mut r = with_annotations(rs("nginx", 1, 0), &[(REVISION, "abc")]);
    assert!(!set_new_replica_set_annotations(&dep, &mut r, "5", true));
    assert_eq!(r.metadata.annotation(REVISION), Some("abc"));
    assert_eq!(r.metadata.annotation(REVISION_HISTORY), None);
}
