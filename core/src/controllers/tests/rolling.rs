//! Section B: `rolling_test.go`. kubeplay keeps `reconcile_new_replica_set`,
//! `reconcile_old_replica_sets`, `cleanup_unhealthy_replicas` and
//! `scale_down_old_replica_sets_for_rolling_update` private to `deployment/rolling.rs`, so each
//! row runs one `rollout_rolling` sync (which calls them in upstream's order) and reads the result
//! from the store and from the ScalingReplicaSet events, which name every individual scale.

use super::*;

struct Row {
    replicas: i32,
    surge: i32,
    unavailable: i32,
    old_spec: i32,
    new_spec: i32,
    old_available: i32,
    new_available: i32,
}

struct Outcome {
    c: Cluster,
    old_before: ReplicaSet,
    new_before: ReplicaSet,
}

impl Outcome {
    fn old_rs(&self) -> ReplicaSet {
        stored_rs(&self.c, "foo-old").expect("old rs")
    }

    fn new_rs(&self) -> ReplicaSet {
        stored_rs(&self.c, "foo-new").expect("new rs")
    }

    fn old_updated(&self) -> bool {
        self.old_rs().metadata.resource_version != self.old_before.metadata.resource_version
    }

    fn new_updated(&self) -> bool {
        self.new_rs().metadata.resource_version != self.new_before.metadata.resource_version
    }

    fn scaling_events(&self) -> Vec<String> {
        event_messages(&self.c, "foo", "ScalingReplicaSet")
    }
}

/// One RollingUpdate sync of Deployment foo with an old RS (revision 1, image nginx:old) and the
/// new RS (revision 2, the Deployment's template). RS status: replicas = spec, ready = available.
fn sync_once(row: &Row) -> Outcome {
    let mut c = new_cluster();
    let now = c.now;
    let d = deployment(
        &mut c,
        "foo",
        row.replicas,
        int(row.surge),
        int(row.unavailable),
    );
    let d = store_deployment(&mut c, d);
    let mut old = with_revision(
        owned_rs(
            &mut c,
            &d,
            "foo-old",
            "nginx:old",
            row.old_spec,
            now - MINUTE,
        ),
        "1",
    );
    old.status.replicas = row.old_spec;
    old.status.ready_replicas = row.old_available;
    old.status.available_replicas = row.old_available;
    let mut new = with_revision(
        owned_rs(&mut c, &d, "foo-new", "nginx:new", row.new_spec, now),
        "2",
    );
    new.status.replicas = row.new_spec;
    new.status.ready_replicas = row.new_available;
    new.status.available_replicas = row.new_available;
    let old = store_rs(&mut c, old);
    let new = store_rs(&mut c, new);
    c.rollout_rolling(d, vec![old.clone(), new.clone()]);
    Outcome {
        c,
        old_before: old,
        new_before: new,
    }
}

// ---------------------------------------------------------------------------------------------
// B1. TestDeploymentController_reconcileNewReplicaSet (maxUnavailable = 0)
// ---------------------------------------------------------------------------------------------

#[test]
fn reconcile_new_replica_set_scales_the_new_rs_within_the_surge_budget_in_one_update() {
    // (d.replicas, maxSurge, old, new, expected new size or None when not scaled)
    let rows = [
        (10, 0, 10, 0, None),
        (10, 2, 10, 0, Some(2)),
        (10, 2, 5, 0, Some(7)),
        (10, 2, 10, 2, None),
        (10, 2, 2, 11, Some(10)),
    ];
    for (replicas, surge, old_spec, new_spec, want) in rows {
        let row = Row {
            replicas,
            surge,
            unavailable: 0,
            old_spec,
            new_spec,
            old_available: 0,
            new_available: 0,
        };
        let o = sync_once(&row);
        let label = format!("d {replicas}, surge {surge}, old {old_spec}, new {new_spec}");
        match want {
            Some(size) => {
                assert_eq!(o.new_rs().spec.replicas, size, "{label}");
                // Exactly one RS update: the new RS; the old one is untouched in this sync.
                assert!(o.new_updated(), "{label}");
                assert!(
                    !o.old_updated(),
                    "{label}: old RS must wait for the next sync"
                );
                let dir = if size > new_spec { "up" } else { "down" };
                assert_eq!(
                    o.scaling_events(),
                    vec![format!(
                        "Scaled {dir} replica set foo-new from {new_spec} to {size}"
                    )],
                    "{label}"
                );
            }
            None => {
                assert_eq!(o.new_rs().spec.replicas, new_spec, "{label}");
                assert!(!o.new_updated(), "{label}: new RS must not be written");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// B2. TestDeploymentController_reconcileOldReplicaSets (maxSurge = 0)
// ---------------------------------------------------------------------------------------------

#[test]
fn reconcile_old_replica_sets_scales_old_pods_down_to_the_availability_floor() {
    // (d.replicas, maxUnavailable, old spec, new spec, old available, new available, old after or None)
    let rows = [
        (10, 0, 10, 0, 10, 0, Some(9)),
        (10, 2, 10, 0, 10, 0, Some(8)),
        (10, 2, 10, 0, 8, 0, Some(8)),
        (10, 2, 10, 0, 9, 0, Some(8)),
        (10, 2, 8, 2, 8, 0, None),
    ];
    for (replicas, unavailable, old_spec, new_spec, old_available, new_available, want) in rows {
        let row = Row {
            replicas,
            surge: 0,
            unavailable,
            old_spec,
            new_spec,
            old_available,
            new_available,
        };
        let o = sync_once(&row);
        let label = format!("d {replicas}, unavailable {unavailable}, old {old_spec}/{old_available}, new {new_spec}/{new_available}");
        assert!(
            !o.new_updated(),
            "{label}: the new RS cannot grow with maxSurge 0"
        );
        match want {
            Some(size) => {
                assert_eq!(o.old_rs().spec.replicas, size, "{label}");
                assert!(o.old_updated(), "{label}");
            }
            None => {
                assert_eq!(o.old_rs().spec.replicas, old_spec, "{label}");
                assert!(
                    !o.old_updated(),
                    "{label}: nothing may be scaled (10 − 8 − 2 = 0)"
                );
            }
        }
    }
}

#[test]
fn reconcile_old_replica_sets_cleans_unhealthy_old_pods_before_scaling_down_healthy_ones() {
    // Row 4 of B2 (old available 9 of 10, unavailable 2): one unhealthy pod is cleaned up, then one
    // healthy pod is scaled down — two separate scales of the old RS.
    let o = sync_once(&Row {
        replicas: 10,
        surge: 0,
        unavailable: 2,
        old_spec: 10,
        new_spec: 0,
        old_available: 9,
        new_available: 0,
    });
    assert_eq!(
        o.scaling_events(),
        vec![
            "Scaled down replica set foo-old from 10 to 9".to_string(),
            "Scaled down replica set foo-old from 9 to 8".to_string()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// B3. TestDeploymentController_cleanupUnhealthyReplicas (d 10, surge 2, unavailable 2; old spec 10)
// ---------------------------------------------------------------------------------------------
// Upstream passes maxCleanupCount directly. Through a sync it is
// allPods − minAvailable − newUnavailable = (10 + n) − 8 − (n − a) = 2 + a for a new RS of n ≥ 2
// pods with a available (n < 2 makes the sync scale the new RS up instead), so the rows with
// maxCleanupCount 1 and 0 cannot be reached this way; they need `cleanup_unhealthy_replicas` itself.

#[test]
fn cleanup_unhealthy_replicas_removes_at_most_the_cleanup_budget_of_unavailable_old_pods() {
    // Row 2: old available 8 (2 unhealthy), maxCleanupCount 3 (new RS 2 pods, 1 available) → 2
    // cleaned; the scale-down step then removes 1 healthy pod (available 8 + 1 − minAvailable 8).
    let o = sync_once(&Row {
        replicas: 10,
        surge: 2,
        unavailable: 2,
        old_spec: 10,
        new_spec: 2,
        old_available: 8,
        new_available: 1,
    });
    assert_eq!(
        o.scaling_events(),
        vec![
            "Scaled down replica set foo-old from 10 to 8".to_string(),
            "Scaled down replica set foo-old from 8 to 7".to_string()
        ]
    );
    assert_eq!(o.old_rs().spec.replicas, 7);
}

#[test]
fn cleanup_unhealthy_replicas_refuses_to_scale_an_old_rs_up_from_a_stale_status() {
    // Right after a proportional scale-down the old RS's status still reports more available
    // pods (9) than its spec (7): cleanupUnhealthyReplicas would compute 7 → 9 and upstream
    // returns "got invalid request to scale down" instead. Nothing is scaled, no event.
    let o = sync_once(&Row {
        replicas: 7,
        surge: 3,
        unavailable: 1,
        old_spec: 7,
        new_spec: 3,
        old_available: 9,
        new_available: 0,
    });
    assert!(o.scaling_events().is_empty(), "{:?}", o.scaling_events());
    assert!(!o.old_updated());
    assert!(!o.new_updated());
    assert_eq!(o.old_rs().spec.replicas, 7);
}

#[test]
fn cleanup_unhealthy_replicas_cleans_nothing_when_every_old_pod_is_available() {
    // Row 4: old available 10 (0 unhealthy), maxCleanupCount 3 → 0 cleaned; the only scale is the
    // scale-down of healthy pods (available 10 + 1 − 8 = 3).
    let o = sync_once(&Row {
        replicas: 10,
        surge: 2,
        unavailable: 2,
        old_spec: 10,
        new_spec: 2,
        old_available: 10,
        new_available: 1,
    });
    assert_eq!(
        o.scaling_events(),
        vec!["Scaled down replica set foo-old from 10 to 7".to_string()]
    );
}

#[test]
fn cleanup_unhealthy_replicas_is_limited_by_the_budget_when_it_is_smaller_than_the_unhealthy_count()
{
    // Closest reachable equivalent of row 1 (budget below the unhealthy count): d 10, surge 2,
    // unavailable 2, old 10 with 5 available, new 2 with 0 available → budget 2 + 0 = 2 < 5.
    let o = sync_once(&Row {
        replicas: 10,
        surge: 2,
        unavailable: 2,
        old_spec: 10,
        new_spec: 2,
        old_available: 5,
        new_available: 0,
    });
    assert_eq!(
        o.scaling_events(),
        vec!["Scaled down replica set foo-old from 10 to 8".to_string()]
    );
}

// ---------------------------------------------------------------------------------------------
// B4. TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate (maxSurge 0)
// ---------------------------------------------------------------------------------------------
// Upstream's allRSs is [oldRS] alone; here the new RS exists with 0 replicas and 0 available,
// which contributes nothing to either sum. Unhealthy old pods are cleaned up first in a sync, so
// for the rows where upstream's scale-down does nothing although pods are unavailable (old
// available 8 or 1 of 10), the sync still shows the cleanup of the 2 unhealthy pods it may remove
// — and no further scale-down.

#[test]
fn scale_down_old_replica_sets_removes_available_pods_above_min_available() {
    // (d.replicas, maxUnavailable, old available, old spec, scale events expected)
    let rows: [(i32, i32, i32, i32, &[&str]); 5] = [
        (
            10,
            0,
            10,
            10,
            &["Scaled down replica set foo-old from 10 to 9"],
        ),
        (
            10,
            2,
            10,
            10,
            &["Scaled down replica set foo-old from 10 to 8"],
        ),
        (
            10,
            2,
            8,
            10,
            &["Scaled down replica set foo-old from 10 to 8"],
        ), // cleanup only
        (10, 2, 10, 0, &[]),
        (
            10,
            2,
            1,
            10,
            &["Scaled down replica set foo-old from 10 to 8"],
        ), // cleanup only
    ];
    for (replicas, unavailable, old_available, old_spec, want) in rows {
        let row = Row {
            replicas,
            surge: 0,
            unavailable,
            old_spec,
            new_spec: 0,
            old_available,
            new_available: 0,
        };
        let o = sync_once(&row);
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        // Only the old RS: in row 4 the empty Deployment lets the (0-replica) new RS grow instead.
        let old_events: Vec<String> = o
            .scaling_events()
            .into_iter()
            .filter(|e| e.contains("foo-old"))
            .collect();
        assert_eq!(
            old_events, want,
            "d {replicas}, unavailable {unavailable}, old {old_spec}/{old_available}"
        );
        if want.is_empty() {
            assert!(!o.old_updated());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Section L: rolling update traces of the spec (§10)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_rolling_update_of_ten_with_default_fenceposts_creates_three_new_pods_and_drops_two_old_ones() {
    // 25%/25% of 10 → surge 3, unavailable 2. The sync creates the new RS at 3 (13 = 10 + 3);
    // creating is not a reconcileNewReplicaSet scale, so the same sync goes on to scale the old RS
    // down by available 10 − minAvailable 8 = 2.
    let mut c = new_cluster();
    let now = c.now;
    let d = deployment(
        &mut c,
        "foo",
        10,
        IntOrString::Str("25%".into()),
        IntOrString::Str("25%".into()),
    );
    let d = store_deployment(&mut c, d);
    let mut old = with_revision(
        owned_rs(&mut c, &d, "foo-old", "nginx:old", 10, now - MINUTE),
        "1",
    );
    old.status.replicas = 10;
    old.status.available_replicas = 10;
    let old = store_rs(&mut c, old);
    c.rollout_rolling(d.clone(), vec![old.clone()]);
    let d = c.store.deployments.get(&d.metadata.key()).cloned().unwrap();
    let new: Vec<ReplicaSet> = c
        .store
        .replicasets
        .iter()
        .filter(|r| r.metadata.name != "foo-old")
        .cloned()
        .collect();
    assert_eq!(new.len(), 1, "the sync creates the new RS");
    assert_eq!(new[0].spec.replicas, 3);
    assert_eq!(new[0].metadata.annotation(REVISION), Some("2"));
    assert_eq!(replicas_of(&c, "foo-old"), 8);
    // Next sync, still nothing new available: 11 pods − minAvailable 8 − 3 unavailable new = 0.
    let old = stored_rs(&c, "foo-old").unwrap();
    c.rollout_rolling(d, vec![old, new[0].clone()]);
    assert_eq!(replicas_of(&c, "foo-old"), 8);
    assert_eq!(
        stored_rs(&c, &new[0].metadata.name).unwrap().spec.replicas,
        5,
        "the new RS takes the 2 freed surge slots"
    );
}
