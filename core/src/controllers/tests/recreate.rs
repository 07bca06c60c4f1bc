//! Section E: `recreate_test.go`. `old_pods_running` is private to `deployment/recreate.rs`; its
//! answer decides whether a Recreate sync may create the new ReplicaSet, so each row runs one
//! `rollout_recreate` with no new RS yet and reads "old pods running" as "no new RS was created".

use super::*;

// ---------------------------------------------------------------------------------------------
// E1. TestScaleDownOldReplicaSets
// ---------------------------------------------------------------------------------------------

#[test]
fn recreate_first_scales_every_old_replica_set_to_zero() {
    let mut c = new_cluster();
    let now = c.now;
    let d = recreate_deployment(&mut c, "foo", 3);
    let d = store_deployment(&mut c, d);
    let mut old = owned_rs(&mut c, &d, "foo-old", "nginx:old", 3, now - MINUTE);
    old.status.replicas = 3;
    let old = store_rs(&mut c, old);
    c.rollout_recreate(d, vec![old]);
    assert_eq!(replicas_of(&c, "foo-old"), 0);
    assert_eq!(
        c.store.replicasets.len(),
        1,
        "the new RS waits until the old pods are gone"
    );
}

// ---------------------------------------------------------------------------------------------
// E2. TestOldPodsRunning
// ---------------------------------------------------------------------------------------------

/// Old RSs given as (spec, status replicas, phases of their pods). Returns whether the Recreate
/// sync saw old pods running, i.e. did not create the new RS.
fn old_pods_running(old_rss: OldRss) -> bool {
    let mut c = new_cluster();
    let now = c.now;
    let d = recreate_deployment(&mut c, "foo", 1);
    let d = store_deployment(&mut c, d);
    let mut rss = Vec::new();
    for (i, (spec, status, phases)) in old_rss.iter().enumerate() {
        let mut rs = owned_rs(
            &mut c,
            &d,
            &format!("rs-{}", i + 1),
            &format!("nginx:{i}"),
            *spec,
            now - MINUTE,
        );
        rs.status.replicas = *status;
        let rs = store_rs(&mut c, rs);
        for (j, phase) in phases.iter().enumerate() {
            let p = pod(PodSpec {
                name: &format!("rs-{}-pod-{j}", i + 1),
                node: Some("node-1"),
                phase: *phase,
                ..Default::default()
            });
            let p = owned_by(&mut c, p, &rs);
            store_pod(&mut c, p);
        }
        rss.push(rs);
    }
    c.rollout_recreate(d, rss);
    let new_rs: Vec<ReplicaSet> = c
        .store
        .replicasets
        .iter()
        .filter(|r| !r.metadata.name.starts_with("rs-"))
        .cloned()
        .collect();
    match new_rs.as_slice() {
        [] => true,
        [rs] => {
            assert_eq!(rs.spec.replicas, 1, "the new RS starts at full size");
            false
        }
        more => panic!("{} new RSs", more.len()),
    }
}

/// Old RSs as (spec, status replicas, phases of their pods).
type OldRss<'a> = &'a [(i32, i32, &'a [PodPhase])];

#[test]
fn old_pods_are_running_while_an_old_replica_set_reports_replicas_or_owns_a_non_terminal_pod() {
    use PodPhase::*;
    // Upstream's "empty phase" pods have no kubeplay equivalent; Pending is the phase an empty
    // one falls into (both count as running).
    let rows: [(&str, OldRss, bool); 9] = [
        ("no old RSs", &[], false),
        (
            "old RSs with running pods",
            &[(0, 0, &[Pending, Pending]), (0, 0, &[Pending, Pending])],
            true,
        ),
        ("no pods but non-zero status replicas", &[(0, 1, &[])], true),
        ("no pods and zero status replicas", &[(0, 0, &[])], false),
        ("only terminal pods", &[(0, 0, &[Failed, Succeeded])], false),
        ("a pod in Unknown phase", &[(0, 0, &[Unknown])], true),
        ("a pending pod", &[(0, 0, &[Pending])], true),
        ("a running pod", &[(0, 0, &[Running])], true),
        (
            "terminal pods, an empty RS and a pending pod",
            &[
                (0, 0, &[Failed, Succeeded]),
                (0, 0, &[]),
                (0, 0, &[Pending]),
            ],
            true,
        ),
    ];
    for (name, old_rss, want) in rows {
        assert_eq!(old_pods_running(old_rss), want, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// F. TestPodDeletionEnqueuesRecreateDeployment / TestPodDeletionDoesntEnqueueRecreateDeployment
// ---------------------------------------------------------------------------------------------

/// A Recreate Deployment with one RS holding `pods` pods; one pod is deleted. Returns whether the
/// deletion itself enqueued the Deployment.
fn pod_deletion_enqueues(pods: usize) -> bool {
    let mut c = new_cluster();
    let now = c.now;
    let d = recreate_deployment(&mut c, "foo", 1);
    let d = store_deployment(&mut c, d);
    let rs = owned_rs(&mut c, &d, "foo-1", "nginx:new", pods as i32, now);
    let rs = store_rs(&mut c, rs);
    let mut keys = Vec::new();
    for i in 0..pods {
        let p = pod(PodSpec {
            name: &format!("foo-1-{i}"),
            node: Some("node-1"),
            ..Default::default()
        });
        let p = owned_by(&mut c, p, &rs);
        keys.push(store_pod(&mut c, p));
    }
    drain_deployment_queue(&mut c);
    c.remove_pod(&keys[0]);
    drain_deployment_queue(&mut c).contains(&d.metadata.key())
}

#[test]
fn deleting_the_last_pod_of_a_recreate_deployment_enqueues_it() {
    assert!(pod_deletion_enqueues(1));
}

#[test]
fn deleting_a_pod_of_a_recreate_deployment_that_still_has_pods_does_not_enqueue_it() {
    assert!(!pod_deletion_enqueues(2));
}
