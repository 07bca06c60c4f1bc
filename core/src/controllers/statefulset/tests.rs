//! Table tests of the StatefulSet controller, transcribed from upstream's
//! `pkg/controller/statefulset` tests (`upstream-test-cases.md` §I) and kubectl's status viewer
//! (§K3). Upstream drives `UpdateStatefulSet` against fake listers; here the fixture is applied
//! through the API and the simulated cluster runs it, so every case also exercises the
//! scheduler, kubelet and garbage collector it relies on.

use super::history::{by_revision, new_revision};
use super::utils::*;
use crate::api::{ObjKey, OwnerReference, PersistentVolumeClaim, Pod, PodPhase, StatefulSet};
use crate::kubectl::rollout_revisions::status_message;
use crate::sim::{Cluster, ClusterConfig};
use serde_json::json;

/// upstream `newStatefulSet(n)`: foo, selector foo=bar, a `datadir` claim template and a `home`
/// hostPath volume, serviceName governingsvc, `updateStrategy: {type: RollingUpdate}` (so
/// `rollingUpdate` stays nil), revisionHistoryLimit 2. `extra` lines go under `spec:`.
fn manifest(replicas: i32, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: foo\nspec:\n  replicas: {replicas}\n  serviceName: governingsvc\n  revisionHistoryLimit: 2\n  selector:\n    matchLabels:\n      foo: bar\n{extra}  template:\n    metadata:\n      labels:\n        foo: bar\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        volumeMounts:\n        - name: datadir\n          mountPath: /tmp/zookeeper\n        - name: home\n          mountPath: /home\n      volumes:\n      - name: home\n        hostPath:\n          path: /tmp/home\n  volumeClaimTemplates:\n  - metadata:\n      name: datadir\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n"
    )
}

const ROLLING: &str = "  updateStrategy:\n    type: RollingUpdate\n";
const BURST: &str = "  podManagementPolicy: Parallel\n";

fn run(c: &mut Cluster, line: &str) {
    let out = c.run(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.combined());
}

fn apply(yaml: &str) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default());
    let out = c.exec("kubectl apply -f -", Some(yaml), &|p| Err(p.to_string()));
    assert_eq!(out.exit_code, 0, "{}", out.combined());
    settle(&mut c);
    c
}

fn settle(c: &mut Cluster) {
    run(c, "sim settle 30m");
}

fn set(c: &Cluster) -> StatefulSet {
    c.store.statefulsets.iter().next().cloned().expect("set")
}

/// (replicas, ready, updated) of the status.
fn counts(c: &Cluster) -> (i32, i32, i32) {
    let s = set(c).status;
    (s.replicas, s.ready_replicas, s.updated_replicas)
}

fn pods(c: &Cluster) -> Vec<Pod> {
    let mut v: Vec<Pod> = c.store.pods.iter().cloned().collect();
    v.sort_by_key(ordinal);
    v
}

fn names(c: &Cluster) -> Vec<String> {
    pods(c).iter().map(|p| p.metadata.name.clone()).collect()
}

fn images(c: &Cluster) -> Vec<String> {
    pods(c)
        .iter()
        .map(|p| p.containers()[0].image.to_string())
        .collect()
}

fn strategies() -> [(&'static str, &'static str); 2] {
    [("monotonic", ""), ("burst", BURST)]
}

// ---------------------------------------------------------------- I1, I2, I3: scaling

#[test]
fn creates_pods_with_identity_storage_and_index_labels() {
    for (name, extra) in strategies() {
        let c = apply(&manifest(3, &format!("{ROLLING}{extra}")));
        assert_eq!(counts(&c), (3, 3, 3), "{name}");
        for p in pods(&c) {
            let s = set(&c);
            assert_eq!(p.metadata.labels[POD_INDEX_LABEL], ordinal(&p).to_string());
            assert!(
                identity_matches(&s, &p) && storage_matches(&s, &p),
                "{name}"
            );
            assert_eq!(p.hostname(), Some(p.metadata.name.as_str()));
            assert_eq!(p.subdomain(), Some("governingsvc"));
        }
        let claims: Vec<String> = c
            .store
            .pvcs
            .iter()
            .map(|p| p.metadata.name.clone())
            .collect();
        assert_eq!(
            claims,
            ["datadir-foo-0", "datadir-foo-1", "datadir-foo-2"],
            "{name}"
        );
    }
}

#[test]
fn scales_up_and_down() {
    for (name, extra) in strategies() {
        let mut c = apply(&manifest(3, &format!("{ROLLING}{extra}")));
        run(&mut c, "kubectl scale sts foo --replicas=4");
        settle(&mut c);
        assert_eq!(counts(&c), (4, 4, 4), "{name}");
        run(&mut c, "kubectl scale sts foo --replicas=0");
        settle(&mut c);
        assert_eq!(counts(&c), (0, 0, 0), "{name}");
        assert!(c.store.pods.is_empty(), "{name}");
        assert_eq!(c.store.pvcs.len(), 4, "{name}: Retain keeps every claim");
    }
}

#[test]
fn replaces_deleted_pods_and_leaves_claims_unowned() {
    for (name, extra) in strategies() {
        let mut c = apply(&manifest(5, &format!("{ROLLING}{extra}")));
        for i in [0, 2, 4] {
            run(&mut c, &format!("kubectl delete pod foo-{i}"));
            settle(&mut c);
        }
        assert_eq!(counts(&c).0, 5, "{name}");
        assert_eq!(names(&c), ["foo-0", "foo-1", "foo-2", "foo-3", "foo-4"]);
        assert!(c
            .store
            .pvcs
            .iter()
            .all(|p| p.metadata.owner_references.is_empty()));
    }
}

#[test]
fn recreates_a_failed_pod_with_a_warning() {
    let mut c = apply(&manifest(3, ROLLING));
    let key = ObjKey::new("default", "foo-0");
    let mut p = c.store.pods.get(&key).cloned().unwrap();
    let old_uid = p.metadata.uid.clone();
    p.status.phase = PodPhase::Failed;
    c.write_pod(p);
    c.drain();
    let new = c.store.pods.get(&key).cloned().expect("replaced");
    assert_ne!(new.metadata.uid, old_uid);
    assert_eq!(new.status.phase, PodPhase::Pending);
    assert!(c
        .store
        .events
        .iter()
        .any(|e| e.reason == "RecreatingFailedPod"
            && e.type_ == "Warning"
            && e.message == "StatefulSet default/foo is recreating failed Pod foo-0"));
}

#[test]
fn recreates_missing_claims_of_a_pending_pod() {
    let mut c = apply(&manifest(3, ROLLING));
    c.store
        .pvcs
        .remove(&ObjKey::new("default", "datadir-foo-0"));
    let mut p = c
        .store
        .pods
        .get(&ObjKey::new("default", "foo-0"))
        .cloned()
        .unwrap();
    p.status.phase = PodPhase::Pending;
    c.write_pod(p);
    c.drain();
    assert!(c
        .store
        .pvcs
        .contains(&ObjKey::new("default", "datadir-foo-0")));
}

#[test]
fn start_ordinal_shifts_the_names() {
    let c = apply(&manifest(
        3,
        &format!("{ROLLING}  ordinals:\n    start: 2\n"),
    ));
    assert_eq!(names(&c), ["foo-2", "foo-3", "foo-4"]);
    assert_eq!(counts(&c), (3, 3, 3));
}

#[test]
fn ordered_ready_creates_one_pod_at_a_time_and_deletes_from_the_top() {
    let mut c = Cluster::new(ClusterConfig::default());
    let out = c.exec("kubectl apply -f -", Some(&manifest(3, ROLLING)), &|p| {
        Err(p.to_string())
    });
    assert_eq!(out.exit_code, 0);
    assert_eq!(names(&c), ["foo-0"], "foo-1 waits for foo-0");
    settle(&mut c);
    run(&mut c, "kubectl scale sts foo --replicas=1");
    let terminating: Vec<String> = pods(&c)
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_some())
        .map(|p| p.metadata.name.clone())
        .collect();
    assert_eq!(
        terminating,
        ["foo-2"],
        "one condemned pod at a time, highest first"
    );
    settle(&mut c);
    assert_eq!(names(&c), ["foo-0"]);
}

// ---------------------------------------------------------------- I4: revisions

#[test]
fn get_set_revisions_table() {
    let mut c = apply(&manifest(3, ROLLING));
    let set0 = set(&c);
    let mut set1 = set0.clone();
    std::rc::Rc::make_mut(&mut set1.spec.template.spec)["containers"][0]["image"] = json!("foo");
    let mut set2 = set1.clone();
    set2.spec
        .template
        .metadata
        .labels
        .insert("new".into(), "label".into());
    let rev0 = new_revision(&set0, 1, 0);
    let rev1 = new_revision(&set1, 2, 0);
    let rev2 = new_revision(&set2, 3, 0);
    let cases: [(Vec<_>, usize, &str, &str, i64); 4] = [
        (vec![], 1, &rev1.metadata.name, &rev1.metadata.name, 1),
        (
            vec![rev0.clone()],
            2,
            &rev0.metadata.name,
            &rev1.metadata.name,
            2,
        ),
        (
            vec![rev0.clone(), rev1.clone()],
            2,
            &rev0.metadata.name,
            &rev1.metadata.name,
            2,
        ),
        (
            vec![rev0.clone(), rev1.clone(), rev2.clone()],
            3,
            &rev0.metadata.name,
            &rev1.metadata.name,
            4,
        ),
    ];
    for (i, (existing, count, current, update, number)) in cases.into_iter().enumerate() {
        for k in c
            .store
            .controllerrevisions
            .iter()
            .map(|r| r.metadata.key())
            .collect::<Vec<_>>()
        {
            c.store.controllerrevisions.remove(&k);
        }
        for r in &existing {
            c.write_controllerrevision(r.clone());
        }
        let mut s = set1.clone();
        s.status.current_revision = existing
            .first()
            .map_or(String::new(), |r| r.metadata.name.clone());
        let mut sorted = existing.clone();
        sorted.sort_by(by_revision);
        let (cur, upd, _) = c.statefulset_revisions(&s, &sorted);
        assert_eq!(c.store.controllerrevisions.len(), count, "case {i}");
        assert_eq!(&cur.metadata.name, current, "case {i}");
        assert_eq!(&upd.metadata.name, update, "case {i}");
        assert_eq!(upd.revision, number, "case {i}");
    }
}

// ---------------------------------------------------------------- I7–I11: updates

/// (initial replicas, new replicas) of the update tables.
const UPDATES: [(i32, i32); 3] = [(3, 3), (3, 5), (5, 3)];

/// One update of replicas and image together, as upstream's tests make it.
fn update(c: &mut Cluster, replicas: i32) {
    run(
        c,
        &format!("kubectl patch sts foo -p '{{\"spec\":{{\"replicas\":{replicas},\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"nginx\",\"image\":\"foo\"}}]}}}}}}}}'"),
    );
}

#[test]
fn rolling_update_replaces_every_pod() {
    for (name, extra) in strategies() {
        for (from, to) in UPDATES {
            let mut c = apply(&manifest(from, &format!("{ROLLING}{extra}")));
            update(&mut c, to);
            settle(&mut c);
            assert_eq!(images(&c), vec!["foo"; to as usize], "{name} {from}->{to}");
            let s = set(&c).status;
            assert_eq!((s.current_replicas, s.updated_replicas), (to, to));
            assert_eq!(s.current_revision, s.update_revision);
        }
    }
}

#[test]
fn on_delete_update_waits_for_deletions() {
    let on_delete = "  updateStrategy:\n    type: OnDelete\n";
    let expected: [(i32, i32, Vec<&str>); 3] = [
        (3, 3, vec!["nginx"; 3]),
        (3, 5, vec!["nginx", "nginx", "nginx", "foo", "foo"]),
        (5, 3, vec!["nginx"; 3]),
    ];
    for (name, extra) in strategies() {
        for (from, to, after) in &expected {
            let mut c = apply(&manifest(*from, &format!("{on_delete}{extra}")));
            update(&mut c, *to);
            settle(&mut c);
            assert_eq!(images(&c), *after, "{name} {from}->{to}");
            run(&mut c, "kubectl scale sts foo --replicas=0");
            settle(&mut c);
            run(&mut c, &format!("kubectl scale sts foo --replicas={to}"));
            settle(&mut c);
            assert_eq!(images(&c), vec!["foo"; *to as usize], "{name} {from}->{to}");
            assert!(c
                .store
                .pvcs
                .iter()
                .all(|p| p.metadata.owner_references.is_empty()));
        }
    }
}

#[test]
fn partition_keeps_lower_ordinals() {
    let partition =
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n";
    for (name, extra) in strategies() {
        for (to, after) in [
            (3, vec!["nginx", "nginx", "foo"]),
            (5, vec!["nginx", "nginx", "foo", "foo", "foo"]),
        ] {
            let mut c = apply(&manifest(3, &format!("{partition}{extra}")));
            update(&mut c, to);
            settle(&mut c);
            assert_eq!(images(&c), after, "{name} ->{to}");
        }
    }
}

#[test]
fn rollback_restores_the_original_template() {
    for (name, extra) in strategies() {
        for (from, to) in UPDATES {
            let mut c = apply(&manifest(from, &format!("{ROLLING}{extra}")));
            update(&mut c, to);
            settle(&mut c);
            assert_eq!(images(&c), vec!["foo"; to as usize]);
            run(&mut c, "kubectl rollout undo sts/foo --to-revision=1");
            settle(&mut c);
            assert_eq!(
                images(&c),
                vec!["nginx"; to as usize],
                "{name} {from}->{to}"
            );
        }
    }
}

#[test]
fn history_is_limited() {
    let mut c = apply(&manifest(3, ROLLING));
    for i in 0..10 {
        run(
            &mut c,
            &format!("kubectl set image sts/foo nginx=example/app:v{i}"),
        );
        settle(&mut c);
        let revs: Vec<(String, i64)> = c
            .store
            .controllerrevisions
            .iter()
            .map(|r| (r.metadata.name.clone(), r.revision))
            .collect();
        assert!(
            revs.len() <= 2 + 2,
            "after update {i}: {revs:?} {:?}",
            set(&c).status
        );
    }
}

// ---------------------------------------------------------------- I12, I13, I14

#[test]
fn availability_waits_for_min_ready_seconds() {
    let mut c = Cluster::new(ClusterConfig::default());
    let yaml = manifest(1, &format!("{ROLLING}  minReadySeconds: 3600\n"));
    c.exec("kubectl apply -f -", Some(&yaml), &|p| Err(p.to_string()));
    run(&mut c, "sim advance 30m");
    assert_eq!(set(&c).status.available_replicas, 0, "ready 30 min ago");
    run(&mut c, "sim advance 90m");
    assert_eq!(set(&c).status.available_replicas, 1, "ready 120 min ago");
}

#[test]
fn first_sync_writes_status_once() {
    let mut c = Cluster::new(ClusterConfig::default());
    c.exec("kubectl apply -f -", Some(&manifest(3, ROLLING)), &|p| {
        Err(p.to_string())
    });
    let s = set(&c);
    assert_eq!(s.status.observed_generation, 1);
    assert_eq!(s.status.collision_count, Some(0));
    assert_eq!(s.status.current_revision, s.status.update_revision);
}

#[test]
fn parallel_scale() {
    for (from, to) in [(3, 30), (10, 1), (501, 0), (0, 1000)] {
        let mut c = Cluster::new(ClusterConfig::default());
        run(&mut c, "sim nodes 20");
        c.exec("kubectl apply -f -", Some(&manifest(from, BURST)), &|p| {
            Err(p.to_string())
        });
        run(&mut c, "sim advance 10s");
        run(&mut c, &format!("kubectl scale sts foo --replicas={to}"));
        run(&mut c, "sim advance 1m");
        assert_eq!(set(&c).status.replicas, to, "{from}->{to}");
    }
}

// ---------------------------------------------------------------- I15: utils

#[test]
fn parent_name_and_ordinal() {
    assert_eq!(parent_and_ordinal("foo-1"), ("foo", 1));
    assert_eq!(parent_and_ordinal("1-bar"), ("", -1));
    assert_eq!(parent_and_ordinal("a-b-12"), ("a-b", 12));
    assert_eq!(parent_and_ordinal("foo-99999999999"), ("foo", -1));
}

#[test]
fn identity_and_storage_checks_and_repairs() {
    let c = apply(&manifest(1, ROLLING));
    let s = set(&c);
    let good = pods(&c).remove(0);
    assert!(identity_matches(&s, &good) && storage_matches(&s, &good));
    let mut wrong_name = good.clone();
    wrong_name.metadata.name = "bar-0".into();
    let mut no_ns = good.clone();
    no_ns.metadata.namespace = String::new();
    let mut no_label = good.clone();
    no_label.metadata.labels.remove(POD_NAME_LABEL);
    for p in [&wrong_name, &no_ns, &no_label] {
        assert!(!identity_matches(&s, p));
    }
    let mut no_volumes = good.clone();
    std::rc::Rc::make_mut(&mut no_volumes.spec)["volumes"] = json!(null);
    let mut wrong_claim = good.clone();
    std::rc::Rc::make_mut(&mut wrong_claim.spec)["volumes"][0]["persistentVolumeClaim"]
        ["claimName"] = json!("foo");
    let mut unparsable = good.clone();
    unparsable.metadata.name = "foo".into();
    for p in [&no_volumes, &wrong_claim, &unparsable] {
        assert!(!storage_matches(&s, p));
    }
    for mut p in [no_label, no_volumes, wrong_claim] {
        repair(&s, &mut p);
        assert!(identity_matches(&s, &p) && storage_matches(&s, &p));
    }
}

#[test]
fn running_and_ready() {
    let c = apply(&manifest(1, ROLLING));
    let mut p = pods(&c).remove(0);
    assert!(is_running_and_ready(&p));
    p.status.conditions.clear();
    assert!(!is_running_and_ready(&p), "Running without Ready");
    p.status.phase = PodPhase::Pending;
    assert!(!is_running_and_ready(&p), "new pod");
}

#[test]
fn claim_labels_merge_template_and_selector() {
    let c = apply(&manifest(1, ROLLING));
    let mut s = set(&c);
    let cases = [
        (json!(null), vec![("foo", "bar")]),
        (
            json!({"test": "test"}),
            vec![("foo", "bar"), ("test", "test")],
        ),
        (json!({"foo": "other"}), vec![("foo", "bar")]),
    ];
    for (labels, want) in cases {
        s.spec.volume_claim_templates[0]["metadata"]["labels"] = labels;
        let claim = new_claim(&s, &s.spec.volume_claim_templates[0], 0);
        assert_eq!(claim["metadata"]["name"], "datadir-foo-0");
        let got: Vec<(String, String)> = claim["metadata"]["labels"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }
}

fn retention_fixture(when_scaled: &str, when_deleted: &str, replicas: i32) -> StatefulSet {
    let mut s = StatefulSet::default();
    s.metadata.name = "stateful-set".into();
    s.metadata.namespace = "default".into();
    s.metadata.uid = "set-uid".into();
    s.spec.replicas = replicas;
    s.spec.persistent_volume_claim_retention_policy = Some(crate::api::RetentionPolicy {
        when_deleted: when_deleted.into(),
        when_scaled: when_scaled.into(),
    });
    s
}

fn pod_named(name: &str) -> Pod {
    let mut p = new_pod(&StatefulSet::default(), &Default::default(), 0, "");
    p.metadata.name = name.into();
    p.metadata.uid = format!("{name}-uid");
    p
}

fn claim() -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: Default::default(),
        spec: json!({}),
        status: json!({}),
    }
}

fn refs(c: &PersistentVolumeClaim, s: &StatefulSet, p: &Pod) -> (bool, bool) {
    let has = |uid: &str| {
        c.metadata
            .owner_references
            .iter()
            .any(|r: &OwnerReference| r.uid == uid)
    };
    (has(&p.metadata.uid), has(&s.metadata.uid))
}

#[test]
fn claim_owner_refs_follow_the_retention_policy() {
    // (whenScaled, whenDeleted, replicas, ordinal, needs pod ref, needs set ref)
    let table = [
        ("Retain", "Retain", 0, 0, false, false),
        ("Retain", "Delete", 0, 0, false, true),
        ("Delete", "Retain", 2, 2, true, false),
        ("Delete", "Retain", 2, 1, false, false),
        ("Delete", "Delete", 2, 2, true, false),
        ("Delete", "Delete", 2, 1, false, true),
    ];
    for (scaled, deleted, replicas, ord, pod_ref, set_ref) in table {
        let s = retention_fixture(scaled, deleted, replicas);
        let p = pod_named(&format!("pod-{ord}"));
        // Every combination of existing references: up to date iff it is the wanted one.
        for (has_pod, has_set) in [(false, false), (true, false), (false, true), (true, true)] {
            let mut c = claim();
            if has_pod {
                c.metadata
                    .owner_references
                    .push(crate::controllers::replicaset::controller_ref(
                        "v1",
                        "Pod",
                        &p.metadata.name,
                        &p.metadata.uid,
                    ));
            }
            if has_set {
                c.metadata
                    .owner_references
                    .push(crate::controllers::replicaset::controller_ref(
                        "apps/v1",
                        "StatefulSet",
                        &s.metadata.name,
                        &s.metadata.uid,
                    ));
            }
            c.metadata
                .owner_references
                .push(crate::controllers::replicaset::controller_ref(
                    "v1",
                    "Unrelated",
                    "x",
                    "x-uid",
                ));
            c.metadata.owner_references.last_mut().unwrap().controller = None;
            let ok = claim_owner_up_to_date(&c, &s, &p);
            assert_eq!(
                ok,
                (has_pod, has_set) == (pod_ref, set_ref),
                "{scaled}/{deleted} ord {ord} has {has_pod}/{has_set}"
            );
            update_claim_owner_refs(&mut c, &s, &p);
            assert_eq!(
                refs(&c, &s, &p),
                (pod_ref, set_ref),
                "{scaled}/{deleted} ord {ord}"
            );
            assert!(claim_owner_up_to_date(&c, &s, &p));
            assert!(
                c.metadata.owner_references.iter().any(|r| r.uid == "x-uid"),
                "unrelated refs stay"
            );
        }
    }
}

#[test]
fn update_claim_owner_ref_table() {
    // set replicas 5; a condemned pod is pod-8, else pod-1.
    let table = [
        ("Retain", "Retain", false, false, false),
        ("Retain", "Delete", false, false, true),
        ("Delete", "Retain", false, false, false),
        ("Delete", "Retain", true, true, false),
        ("Delete", "Delete", false, false, true),
        ("Delete", "Delete", true, true, false),
    ];
    for (scaled, deleted, condemned, pod_ref, set_ref) in table {
        let s = retention_fixture(scaled, deleted, 5);
        let p = pod_named(if condemned { "pod-8" } else { "pod-1" });
        let mut c = claim();
        update_claim_owner_refs(&mut c, &s, &p);
        assert_eq!(
            refs(&c, &s, &p),
            (pod_ref, set_ref),
            "{scaled}/{deleted} condemned {condemned}"
        );
    }
}

// ---------------------------------------------------------------- K3: rollout status

#[test]
fn status_viewer_table() {
    let base = |strategy: &str, partition: Option<i32>| {
        let mut s = StatefulSet::default();
        s.spec.replicas = 3;
        s.spec.update_strategy.type_ = strategy.into();
        if let Some(p) = partition {
            s.spec.update_strategy.rolling_update =
                Some(crate::api::RollingUpdateStatefulSetStrategy {
                    partition: Some(p),
                    max_unavailable: None,
                });
        }
        s
    };
    // (strategy, partition, generation, observed, replicas, ready, current, updated, revisions, message, done)
    type Case<'a> = (
        &'a str,
        Option<i32>,
        i64,
        i64,
        i32,
        i32,
        i32,
        i32,
        (&'a str, &'a str),
        Result<&'a str, &'a str>,
        bool,
    );
    let table: [Case; 6] = [
        ("OnDelete", None, 1, 1, 0, 1, 0, 0, ("", ""), Err("rollout status is only available for RollingUpdate strategy type"), true),
        ("RollingUpdate", None, 2, 1, 3, 3, 3, 0, ("", ""), Ok("Waiting for statefulset spec update to be observed...\n"), false),
        ("RollingUpdate", None, 1, 2, 3, 2, 3, 0, ("", ""), Ok("Waiting for 1 pods to be ready...\n"), false),
        ("RollingUpdate", Some(2), 1, 2, 3, 3, 2, 1, ("", ""), Ok("partitioned roll out complete: 1 new pods have been updated...\n"), true),
        ("RollingUpdate", Some(2), 1, 2, 3, 3, 3, 0, ("", ""), Ok("Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...\n"), false),
        ("RollingUpdate", None, 1, 2, 3, 3, 3, 3, ("foo", "foo"), Ok("statefulset rolling update complete 3 pods at revision foo...\n"), true),
    ];
    for (
        i,
        (
            strategy,
            partition,
            generation,
            observed,
            replicas,
            ready,
            current,
            updated,
            (cur, upd),
            want,
            done,
        ),
    ) in table.into_iter().enumerate()
    {
        let mut s = base(strategy, partition);
        s.metadata.generation = generation;
        s.status.observed_generation = observed;
        s.status.replicas = replicas;
        s.status.ready_replicas = ready;
        s.status.current_replicas = current;
        s.status.updated_replicas = updated;
        s.status.current_revision = cur.into();
        s.status.update_revision = upd.into();
        match (status_message(&s), want) {
            (Ok((m, d)), Ok(w)) => assert_eq!((m.as_str(), d), (w, done), "case {i}"),
            (Err(e), Err(w)) => assert_eq!(e, w, "case {i}"),
            (got, want) => panic!("case {i}: {got:?} vs {want:?}"),
        }
    }
}

/// Any int32 is a valid `spec.replicas`: the sync visits only the slots it reaches, so a huge
/// count creates pods one by one instead of building 2^31 of them up front (which aborted the
/// process on allocation; found by `tests/tests/command_fuzz.rs`).
#[test]
fn a_huge_replica_count_creates_pods_one_by_one() {
    let mut c = Cluster::new(ClusterConfig::default());
    let out = c.exec("kubectl apply -f -", Some(&manifest(i32::MAX, "")), &|p| {
        Err(p.to_string())
    });
    assert_eq!(out.exit_code, 0, "{}", out.combined());
    run(&mut c, "sim advance 20s");
    let n = names(&c);
    assert!(!n.is_empty() && n.len() < 50, "{n:?}");
    assert_eq!(n[0], "foo-0");
    run(&mut c, "kubectl scale sts foo --replicas=2147483647");
    run(
        &mut c,
        "kubectl rollout status sts foo --timeout=5s --watch=false",
    );
}
