//! Section C (`sync_test.go`: TestScale, cleanupDeployment) and the parts of section A that are
//! Cluster methods in kubeplay: A2/A3 (FindNewReplicaSet / FindOldReplicaSets →
//! `all_replicasets_and_sync_revision`), A4 (GetReplicaCountForReplicaSets → `calculate_status`)
//! and A15 (GetDeploymentsForReplicaSet → which Deployments a ReplicaSet event wakes).

use super::*;
use crate::controllers::deployment::util::{DESIRED_REPLICAS, MAX_INT32, MAX_REPLICAS};

// ---------------------------------------------------------------------------------------------
// A2. TestFindNewReplicaSet / A3. TestFindOldReplicaSets
// ---------------------------------------------------------------------------------------------

/// newRS (Deployment template, created now+1m, spec 1), newRSDup (same template, other hash,
/// created now, spec 0), oldRS (other container, created now−1m, spec 0).
fn find_fixture() -> (Cluster, Deployment, [ReplicaSet; 3]) {
    let mut c = new_cluster();
    let now = c.now;
    let d = deployment(&mut c, "foo", 1, int(1), int(0));
    let d = store_deployment(&mut c, d);
    let new_rs = owned_rs(&mut c, &d, "foo-hash", "nginx:new", 1, now + MINUTE);
    let dup = owned_rs(&mut c, &d, "foo-different-hash", "nginx:new", 0, now);
    let mut old = owned_rs(&mut c, &d, "foo-old", "nginx:new", 0, now - MINUTE);
    old.spec.template.spec =
        Rc::new(json!({ "containers": [{ "name": "other", "image": "nginx:new" }] }));
    let rss = [
        store_rs(&mut c, new_rs),
        store_rs(&mut c, dup),
        store_rs(&mut c, old),
    ];
    (c, d, rss)
}

fn names(rss: &[ReplicaSet]) -> Vec<String> {
    rss.iter().map(|r| r.metadata.name.clone()).collect()
}

#[test]
fn the_new_replica_set_is_the_oldest_one_whose_template_matches_ignoring_the_hash() {
    // (indexes into [newRS, newRSDup, oldRS], expected new RS)
    let rows: [(&[usize], Option<&str>); 3] = [
        (&[0, 2], Some("foo-hash")),
        (&[0, 2, 1], Some("foo-different-hash")),
        (&[2], None),
    ];
    for (list, want) in rows {
        let (mut c, d, rss) = find_fixture();
        let input: Vec<ReplicaSet> = list.iter().map(|i| rss[*i].clone()).collect();
        let (new_rs, _) = c.all_replicasets_and_sync_revision(d, input, false);
        assert_eq!(
            new_rs.map(|r| r.metadata.name),
            want.map(str::to_string),
            "list {list:?}"
        );
    }
}

#[test]
fn old_replica_sets_are_all_the_others_sorted_by_creation() {
    // Upstream also returns "requiredOld" (old RSs with spec ≠ 0); kubeplay filters active RSs
    // where it uses them, so only allOld is compared.
    let rows: [(&[usize], &[&str]); 4] = [
        (&[0, 2], &["foo-old"]),
        (&[2], &["foo-old"]),
        (&[2, 0, 1], &["foo-old", "foo-hash"]),
        (&[0], &[]),
    ];
    for (list, want) in rows {
        let (mut c, d, rss) = find_fixture();
        let input: Vec<ReplicaSet> = list.iter().map(|i| rss[*i].clone()).collect();
        let (_, old) = c.all_replicasets_and_sync_revision(d, input, false);
        assert_eq!(names(&old), want, "list {list:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A4. TestGetReplicaCountForReplicaSets
// ---------------------------------------------------------------------------------------------

#[test]
fn deployment_status_sums_replica_set_status_replicas_and_spec_replicas() {
    // Spec sums surface as unavailableReplicas (Σ spec − Σ available, nothing available here).
    // The [modern] terminatingReplicas rows are not modelled: the gate is alpha (off) in v1.33.
    let mut c = new_cluster();
    let d = deployment(&mut c, "foo", 3, int(1), int(0));
    let d = store_deployment(&mut c, d);
    let mut rs1 = owned_rs(&mut c, &d, "rs1", "nginx:1", 1, 0);
    rs1.status.replicas = 2;
    let mut rs2 = owned_rs(&mut c, &d, "rs2", "nginx:2", 2, 0);
    rs2.status.replicas = 3;
    let rows = [(vec![rs1.clone()], 1, 2), (vec![rs1, rs2], 3, 5)];
    for (sets, spec_sum, status_sum) in rows {
        let s = c.calculate_status(&sets, None, &d);
        assert_eq!(
            (s.unavailable_replicas, s.replicas),
            (spec_sum, status_sum),
            "{:?}",
            names(&sets)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A15. TestGetDeploymentsForReplicaSet
// ---------------------------------------------------------------------------------------------

#[test]
fn an_orphan_replica_set_wakes_only_the_deployments_whose_selector_matches_it() {
    // Upstream returns an error naming the labels for rs-3 and rs-4; kubeplay simply wakes none.
    let mut c = new_cluster();
    for i in 0..3 {
        let mut d = deployment(&mut c, &format!("deployment-{i}"), 1, int(1), int(0));
        d.spec.selector =
            LabelSelector::from_labels([("app".to_string(), format!("test-{i}"))].into());
        store_deployment(&mut c, d);
    }
    for i in 0..5 {
        drain_deployment_queue(&mut c);
        let mut meta = c.new_meta("default", &format!("test-replicaSet-{i}"));
        meta.labels = [
            ("app".to_string(), format!("test-{i}")),
            ("label".to_string(), format!("label-{i}")),
        ]
        .into();
        c.write_replicaset(ReplicaSet {
            metadata: meta,
            ..Default::default()
        });
        let woken: Vec<String> = drain_deployment_queue(&mut c)
            .into_iter()
            .map(|k| k.name().to_string())
            .collect();
        let want: Vec<String> = if i < 3 {
            vec![format!("deployment-{i}")]
        } else {
            vec![]
        };
        assert_eq!(woken, want, "test-replicaSet-{i}");
    }
}

// ---------------------------------------------------------------------------------------------
// C1. TestScale
// ---------------------------------------------------------------------------------------------

struct ScaleRow {
    name: &'static str,
    /// The Deployment after the change: replicas, maxSurge, maxUnavailable.
    d: (i32, i32, i32),
    /// The Deployment before the change (its replicas and maxSurge fill the annotations).
    old_d: (i32, i32),
    new_rs: Option<(&'static str, i32)>,
    old_rss: &'static [(&'static str, i32)],
    expected_new: Option<i32>,
    expected_old: &'static [(&'static str, i32)],
    /// desired-replicas overrides (max = override + old maxSurge).
    desired_override: &'static [(&'static str, i32)],
    new_available: i32,
}

const SCALE_ROWS: [ScaleRow; 17] = [
    ScaleRow {
        name: "normal scaling event: 10 -> 12",
        d: (12, 0, 0),
        old_d: (10, 0),
        new_rs: Some(("foo-v1", 10)),
        old_rss: &[],
        expected_new: Some(12),
        expected_old: &[],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "normal scaling event: 10 -> 5",
        d: (5, 0, 0),
        old_d: (10, 0),
        new_rs: Some(("foo-v1", 10)),
        old_rss: &[],
        expected_new: Some(5),
        expected_old: &[],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "proportional scaling: 5 -> 10",
        d: (10, 0, 0),
        old_d: (5, 0),
        new_rs: Some(("foo-v2", 2)),
        old_rss: &[("foo-v1", 3)],
        expected_new: Some(4),
        expected_old: &[("foo-v1", 6)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "proportional scaling: 5 -> 3",
        d: (3, 0, 0),
        old_d: (5, 0),
        new_rs: Some(("foo-v2", 2)),
        old_rss: &[("foo-v1", 3)],
        expected_new: Some(1),
        expected_old: &[("foo-v1", 2)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "proportional scaling: 9 -> 4",
        d: (4, 0, 0),
        old_d: (9, 0),
        new_rs: Some(("foo-v2", 8)),
        old_rss: &[("foo-v1", 1)],
        expected_new: Some(4),
        expected_old: &[("foo-v1", 0)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "proportional scaling: 7 -> 10",
        d: (10, 0, 0),
        old_d: (7, 0),
        new_rs: Some(("foo-v3", 2)),
        old_rss: &[("foo-v2", 3), ("foo-v1", 2)],
        expected_new: Some(3),
        expected_old: &[("foo-v2", 4), ("foo-v1", 3)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "proportional scaling: 13 -> 8",
        d: (8, 0, 0),
        old_d: (13, 0),
        new_rs: Some(("foo-v3", 2)),
        old_rss: &[("foo-v2", 8), ("foo-v1", 3)],
        expected_new: Some(1),
        expected_old: &[("foo-v2", 5), ("foo-v1", 2)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "leftovers go to the newest RS when scaling up: 3 -> 4",
        d: (4, 0, 0),
        old_d: (3, 0),
        new_rs: Some(("foo-v3", 1)),
        old_rss: &[("foo-v2", 1), ("foo-v1", 1)],
        expected_new: Some(2),
        expected_old: &[("foo-v2", 1), ("foo-v1", 1)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "leftovers come from the oldest RS when scaling down: 3 -> 2",
        d: (2, 0, 0),
        old_d: (3, 0),
        new_rs: Some(("foo-v3", 1)),
        old_rss: &[("foo-v2", 1), ("foo-v1", 1)],
        expected_new: Some(1),
        expected_old: &[("foo-v2", 1), ("foo-v1", 0)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "no new RS: 4 -> 5",
        d: (5, 0, 0),
        old_d: (4, 0),
        new_rs: None,
        old_rss: &[("foo-v2", 2), ("foo-v1", 2)],
        expected_new: None,
        expected_old: &[("foo-v2", 3), ("foo-v1", 2)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "scale down to zero: 6 -> 0",
        d: (0, 0, 0),
        old_d: (6, 0),
        new_rs: Some(("foo-v3", 3)),
        old_rss: &[("foo-v2", 2), ("foo-v1", 1)],
        expected_new: Some(0),
        expected_old: &[("foo-v2", 0), ("foo-v1", 0)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "scale up from zero: 0 -> 6",
        d: (6, 0, 0),
        old_d: (6, 0),
        new_rs: Some(("foo-v3", 0)),
        old_rss: &[("foo-v2", 0), ("foo-v1", 0)],
        expected_new: Some(6),
        expected_old: &[("foo-v2", 0), ("foo-v1", 0)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "failed rs update (foo-v2 annotated desired 3)",
        d: (5, 0, 0),
        old_d: (5, 0),
        new_rs: Some(("foo-v3", 2)),
        old_rss: &[("foo-v2", 1), ("foo-v1", 1)],
        expected_new: Some(2),
        expected_old: &[("foo-v2", 2), ("foo-v1", 1)],
        desired_override: &[("foo-v2", 3)],
        new_available: 0,
    },
    ScaleRow {
        name: "deployment with surge pods: 10 -> 20",
        d: (20, 2, 0),
        old_d: (10, 2),
        new_rs: Some(("foo-v2", 6)),
        old_rss: &[("foo-v1", 6)],
        expected_new: Some(11),
        expected_old: &[("foo-v1", 11)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "change both surge and size",
        d: (50, 6, 0),
        old_d: (10, 3),
        new_rs: Some(("foo-v2", 5)),
        old_rss: &[("foo-v1", 8)],
        expected_new: Some(22),
        expected_old: &[("foo-v1", 34)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "change both size and template",
        d: (14, 0, 0),
        old_d: (10, 0),
        new_rs: None,
        old_rss: &[("foo-v2", 7), ("foo-v1", 3)],
        expected_new: None,
        expected_old: &[("foo-v2", 10), ("foo-v1", 4)],
        desired_override: &[],
        new_available: 0,
    },
    ScaleRow {
        name: "saturated but broken new replica set does not affect old pods",
        d: (2, 1, 1),
        old_d: (2, 1),
        new_rs: Some(("foo-v2", 2)),
        old_rss: &[("foo-v1", 1)],
        expected_new: Some(2),
        expected_old: &[("foo-v1", 1)],
        desired_override: &[],
        new_available: 0,
    },
];

/// Builds the row's Deployment and RSs (new RS created at +2h, old RSs at +1h, +0h, …, each
/// annotated with desired = old replicas and max = desired + old maxSurge), runs one `sync`
/// (the path of a scaling event) and returns the cluster with the RSs as they were before.
fn run_scale(row: &ScaleRow) -> (Cluster, Vec<ReplicaSet>) {
    let mut c = new_cluster();
    let base = c.now - 10 * HOUR;
    let d = deployment(&mut c, "foo", row.d.0, int(row.d.1), int(row.d.2));
    let d = store_deployment(&mut c, d);
    let mut rss = Vec::new();
    let mut specs: Vec<(&str, i32, &str, Time)> = Vec::new();
    if let Some((name, size)) = row.new_rs {
        specs.push((name, size, "nginx:new", base + 2 * HOUR));
    }
    for (i, (name, size)) in row.old_rss.iter().enumerate() {
        specs.push((name, *size, name, base + HOUR - i as Time * HOUR));
    }
    for (name, size, image, created) in specs {
        let mut rs = owned_rs(&mut c, &d, name, image, size, created);
        let desired = row
            .desired_override
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(row.old_d.0, |(_, v)| *v);
        // MaxSurge(oldDeployment): both fenceposts 0 resolve to surge 0.
        rs.metadata
            .annotations
            .insert(DESIRED_REPLICAS.into(), desired.to_string());
        rs.metadata
            .annotations
            .insert(MAX_REPLICAS.into(), (desired + row.old_d.1).to_string());
        rs.status.replicas = size;
        if Some(name) == row.new_rs.map(|(n, _)| n) {
            rs.status.available_replicas = row.new_available;
        }
        rss.push(store_rs(&mut c, rs));
    }
    c.sync_scale_and_status(d, rss.clone());
    (c, rss)
}

#[test]
fn scaling_events_resize_replica_sets_proportionally_to_their_size() {
    for row in &SCALE_ROWS {
        let (c, before) = run_scale(row);
        if let (Some((name, _)), Some(want)) = (row.new_rs, row.expected_new) {
            assert_eq!(replicas_of(&c, name), want, "{}: new RS {name}", row.name);
        }
        for (name, want) in row.expected_old {
            assert_eq!(replicas_of(&c, name), *want, "{}: old RS {name}", row.name);
        }
        if row.name.starts_with("scale up from zero") {
            for name in ["foo-v2", "foo-v1"] {
                let was = before.iter().find(|r| r.metadata.name == name).unwrap();
                assert_eq!(
                    stored_rs(&c, name).unwrap().metadata.resource_version,
                    was.metadata.resource_version,
                    "{name} must not be updated"
                );
            }
        }
    }
}

#[test]
fn scaling_writes_the_new_desired_and_max_annotations_on_every_active_replica_set() {
    // "change both surge and size": d 50 with surge 6 → desired 50, max 56.
    let (c, _) = run_scale(&SCALE_ROWS[14]);
    for name in ["foo-v2", "foo-v1"] {
        let rs = stored_rs(&c, name).unwrap();
        assert_eq!(
            rs.metadata.annotation(DESIRED_REPLICAS),
            Some("50"),
            "{name}"
        );
        assert_eq!(rs.metadata.annotation(MAX_REPLICAS), Some("56"), "{name}");
    }
}

#[test]
fn proportional_scaling_stops_at_the_first_replica_set_it_cannot_update() {
    // Spec §4.6 ("stop at first error"): the "failed rs update" row with foo-v2 gone from the API
    // by the time it is written. Order is v3 (2), v2 (1, newer), v1 (1): v3 keeps its size,
    // v2 fails, v1 is never written.
    let row = &SCALE_ROWS[12];
    let mut c = new_cluster();
    let base = c.now - 10 * HOUR;
    let d = deployment(&mut c, "foo", 5, int(0), int(0));
    let d = store_deployment(&mut c, d);
    let mut rss = Vec::new();
    for (name, size, image, created, desired) in [
        ("foo-v3", 2, "nginx:new", base + 2 * HOUR, 5),
        ("foo-v2", 1, "foo-v2", base + HOUR, 3),
        ("foo-v1", 1, "foo-v1", base, 5),
    ] {
        let mut rs = owned_rs(&mut c, &d, name, image, size, created);
        rs.metadata
            .annotations
            .insert(DESIRED_REPLICAS.into(), desired.to_string());
        rs.metadata
            .annotations
            .insert(MAX_REPLICAS.into(), desired.to_string());
        rss.push(store_rs(&mut c, rs));
    }
    c.store
        .replicasets
        .remove(&ObjKey::new("default", "foo-v2"));
    let v1_before = stored_rs(&c, "foo-v1").unwrap();
    c.sync_scale_and_status(d, rss);
    assert_eq!(replicas_of(&c, "foo-v3"), row.expected_new.unwrap());
    assert_eq!(
        stored_rs(&c, "foo-v1").unwrap(),
        v1_before,
        "foo-v1 is after the failure and stays untouched"
    );
}

// ---------------------------------------------------------------------------------------------
// C2. TestDeploymentController_cleanupDeployment
// ---------------------------------------------------------------------------------------------

/// Old RSs foo-1, foo-2, … (created in that order) with (spec, status) replicas, observed.
fn cleanup_fixture(
    c: &mut Cluster,
    d: &Deployment,
    rss: &[(i32, i32, Option<&str>)],
) -> Vec<ReplicaSet> {
    let base = c.now - HOUR;
    let mut out = Vec::new();
    for (i, (spec, status, revision)) in rss.iter().enumerate() {
        let name = format!("foo-{}", i + 1);
        let mut rs = owned_rs(
            c,
            d,
            &name,
            &format!("nginx:{}", i + 1),
            *spec,
            base + i as Time * MINUTE,
        );
        rs.status.replicas = *status;
        if let Some(r) = revision {
            rs = with_revision(rs, r);
        }
        out.push(store_rs(c, rs));
    }
    out
}

fn deleted(c: &Cluster, rss: &[ReplicaSet]) -> Vec<String> {
    rss.iter()
        .filter(|r| !c.store.replicasets.contains(&r.metadata.key()))
        .map(|r| r.metadata.name.clone())
        .collect()
}

/// (old RSs as (spec, status) replicas, revisionHistoryLimit, deletions).
type CleanupRow = (&'static [(i32, i32)], i32, usize);

#[test]
fn cleanup_deployment_deletes_only_fully_scaled_down_replica_sets_beyond_the_history_limit() {
    // (old RSs as (spec, status), revisionHistoryLimit, deletions)
    let rows: [CleanupRow; 5] = [
        (&[(0, 0), (0, 0), (0, 0)], 1, 2),
        (&[(0, 0), (0, 1), (1, 0), (1, 1)], 0, 1),
        (&[(0, 0), (0, 0)], 0, 2),
        (&[(1, 1), (1, 1)], 0, 0),
        (&[(0, 0), (0, 0), (0, 0)], MAX_INT32, 0),
    ];
    for (sets, limit, want) in rows {
        let mut c = new_cluster();
        let mut d = deployment(&mut c, "foo", 1, int(1), int(0));
        d.spec.revision_history_limit = Some(limit);
        let d = store_deployment(&mut c, d);
        let with_rev: Vec<(i32, i32, Option<&str>)> =
            sets.iter().map(|(s, t)| (*s, *t, None)).collect();
        let old = cleanup_fixture(&mut c, &d, &with_rev);
        c.cleanup_deployment(&old, &d);
        assert_eq!(deleted(&c, &old).len(), want, "{sets:?} limit {limit}");
    }
}

#[test]
fn cleanup_deployment_skips_replica_sets_already_being_deleted() {
    let mut c = new_cluster();
    let mut d = deployment(&mut c, "foo", 1, int(1), int(0));
    d.spec.revision_history_limit = Some(0);
    let d = store_deployment(&mut c, d);
    let mut old = cleanup_fixture(&mut c, &d, &[(0, 0, None)]);
    old[0].metadata.deletion_timestamp = Some(c.now);
    let old = vec![store_rs(&mut c, old[0].clone())];
    c.cleanup_deployment(&old, &d);
    assert_eq!(deleted(&c, &old), Vec::<String>::new());
    assert!(stored_rs(&c, "foo-1")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_some());
}

#[test]
fn cleanup_deployment_keeps_everything_without_a_history_limit() {
    // Spec §4.7: a nil revisionHistoryLimit skips cleanup (the API defaults it to 10).
    let mut c = new_cluster();
    let d = deployment(&mut c, "foo", 1, int(1), int(0));
    let d = store_deployment(&mut c, d);
    let old = cleanup_fixture(&mut c, &d, &[(0, 0, None), (0, 0, None)]);
    c.cleanup_deployment(&old, &d);
    assert!(deleted(&c, &old).is_empty());
}

#[test]
fn cleanup_deployment_waits_until_the_replica_set_generation_is_observed() {
    let mut c = new_cluster();
    let mut d = deployment(&mut c, "foo", 1, int(1), int(0));
    d.spec.revision_history_limit = Some(0);
    let d = store_deployment(&mut c, d);
    let mut old = cleanup_fixture(&mut c, &d, &[(0, 0, None)]);
    old[0].metadata.generation = 2;
    let old = vec![store_rs(&mut c, old[0].clone())];
    c.cleanup_deployment(&old, &d);
    assert!(
        deleted(&c, &old).is_empty(),
        "generation 2 > observedGeneration 1"
    );
}

// ---------------------------------------------------------------------------------------------
// C3. TestDeploymentController_cleanupDeploymentOrder
// ---------------------------------------------------------------------------------------------

fn cleanup_order(sets: &[(i32, Option<&str>)], limit: i32) -> Vec<String> {
    let mut c = new_cluster();
    let mut d = deployment(&mut c, "foo", 1, int(1), int(0));
    d.spec.revision_history_limit = Some(limit);
    let d = store_deployment(&mut c, d);
    let with_status: Vec<(i32, i32, Option<&str>)> =
        sets.iter().map(|(s, r)| (*s, *s, *r)).collect();
    let old = cleanup_fixture(&mut c, &d, &with_status);
    c.cleanup_deployment(&old, &d);
    let mut got = deleted(&c, &old);
    got.sort();
    got
}

/// (RSs as (replicas, revision) in creation order, revisionHistoryLimit, deleted).
type OrderRow = (
    &'static [(i32, Option<&'static str>)],
    i32,
    &'static [&'static str],
);

#[test]
fn cleanup_deployment_deletes_the_lowest_revisions_first() {
    // (RSs as (replicas, revision) in creation order, limit, deleted). Row 3 is tested separately.
    let rows: [OrderRow; 6] = [
        (&[(0, Some("1")), (0, Some("2"))], 1, &["foo-1"]),
        (&[(0, Some("2")), (0, Some("1"))], 1, &["foo-2"]),
        (&[(0, None), (0, Some("2"))], 1, &["foo-1"]),
        (
            &[(1, Some("1")), (0, Some("2")), (0, Some("3"))],
            1,
            &["foo-2"],
        ),
        (&[(1, Some("1")), (1, Some("2")), (0, Some("3"))], 1, &[]),
        (
            &[
                (0, Some("3")),
                (0, Some("1")),
                (0, Some("4")),
                (0, Some("2")),
            ],
            2,
            &["foo-2", "foo-4"],
        ),
    ];
    for (sets, limit, want) in rows {
        assert_eq!(cleanup_order(sets, limit), want, "{sets:?} limit {limit}");
    }
}

#[test]
fn cleanup_deployment_treats_a_missing_revision_as_revision_zero() {
    // foo-1 (revision 1, older), foo-2 (no revision, newer), limit 1 → upstream deletes foo-2.
    assert_eq!(cleanup_order(&[(0, Some("1")), (0, None)], 1), ["foo-2"]);
}

// ---------------------------------------------------------------------------------------------
// C1 (continued): the ScalingReplicaSet event of proportional scaling
// ---------------------------------------------------------------------------------------------
// A scale-up (toAdd > 0) can still shrink an RS when the annotated maximum is above the new one:
// d 10 → 12 with maxSurge 10 → 0 (annotations desired 10, max 20), RSs v2:5 (new), v1:5.
// toAdd = 12 − 10 = 2; v2: round(5·12/20) − 5 = −2 → 3, v1: −2 → 3, leftover 6 to v2 → 9.

const SHRINK_DURING_SCALE_UP: ScaleRow = ScaleRow {
    name: "scale up while the surge shrinks",
    d: (12, 0, 0),
    old_d: (10, 10),
    new_rs: Some(("foo-v2", 5)),
    old_rss: &[("foo-v1", 5)],
    expected_new: Some(9),
    expected_old: &[("foo-v1", 3)],
    desired_override: &[],
    new_available: 0,
};

#[test]
fn a_scale_up_can_shrink_a_replica_set_whose_annotated_maximum_was_larger() {
    let (c, _) = run_scale(&SHRINK_DURING_SCALE_UP);
    assert_eq!(replicas_of(&c, "foo-v2"), 9);
    assert_eq!(replicas_of(&c, "foo-v1"), 3);
}

#[test]
fn the_scaling_event_says_down_for_a_replica_set_that_shrinks_during_a_scale_up() {
    let (c, _) = run_scale(&SHRINK_DURING_SCALE_UP);
    assert_eq!(
        event_messages(&c, "foo", "ScalingReplicaSet"),
        [
            "Scaled up replica set foo-v2 from 5 to 9",
            "Scaled down replica set foo-v1 from 5 to 3"
        ]
    );
}
