//! The rollout arithmetic checked at every virtual instant, with the numbers of the spec and the
//! seeds (not blessed output): surge/unavailable bounds, proportional scaling, Recreate ordering,
//! revision renumbering.

use kubeplay_core::api::{Deployment, ReplicaSet};
use kubeplay_core::{Cluster, ClusterConfig};

fn manifest(name: &str, replicas: i32, strategy: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  strategy:\n{strategy}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: app\n        image: {image}\n"
    )
}

fn apply(c: &mut Cluster, yaml: &str) {
    let out = c.exec("kubectl apply -f -", Some(yaml), &|p| {
        Err(format!("no file {p}"))
    });
    assert_eq!(out.exit_code, 0, "{}", out.combined());
}

fn run(c: &mut Cluster, line: &str) {
    let out = c.run(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.combined());
}

fn deployment(c: &Cluster, name: &str) -> Deployment {
    c.store()
        .deployments
        .iter()
        .find(|d| d.metadata.name == name)
        .cloned()
        .expect("deployment")
}

fn replicasets(c: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    c.store()
        .replicasets
        .iter()
        .filter(|r| r.metadata.controller_uid() == Some(d.metadata.uid.as_str()))
        .cloned()
        .collect()
}

/// Steps the clock timer by timer until `done` or the limit, calling `check` at every instant.
fn step_until(
    c: &mut Cluster,
    limit_ms: i64,
    mut check: impl FnMut(&Cluster),
    done: impl Fn(&Cluster) -> bool,
) {
    let end = c.now() + limit_ms;
    check(c);
    while !done(c) {
        match c.next_timer_at() {
            Some(t) if t <= end => {
                c.step();
                check(c);
            }
            _ => panic!("did not finish within {limit_ms} ms"),
        }
    }
}

fn complete(c: &Cluster, name: &str) -> bool {
    let d = deployment(c, name);
    d.status.observed_generation >= d.metadata.generation
        && d.status.updated_replicas == d.spec.replicas
        && d.status.replicas == d.spec.replicas
        && d.status.available_replicas == d.spec.replicas
}

#[test]
fn seed000_rollout_keeps_between_three_available_and_five_total() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 0,
        workers: 3,
    });
    apply(&mut c, &manifest("nginx-deploy", 4, "    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 1", "nginx:1.14.2"));
    run(&mut c, "sim settle");
    run(
        &mut c,
        "kubectl set image deploy nginx-deploy app=nginx:1.16.1",
    );
    let (mut max_total, mut min_available) = (0, i32::MAX);
    step_until(
        &mut c,
        120_000,
        |c| {
            let d = deployment(c, "nginx-deploy");
            let rss = replicasets(c, &d);
            let total: i32 = rss.iter().map(|r| r.spec.replicas).sum();
            let available: i32 = rss.iter().map(|r| r.status.available_replicas).sum();
            max_total = max_total.max(total);
            min_available = min_available.min(available);
        },
        |c| complete(c, "nginx-deploy"),
    );
    assert_eq!(max_total, 5, "replicas 4 + maxSurge 1");
    assert_eq!(min_available, 3, "replicas 4 - maxUnavailable 1");
}

#[test]
fn seed003_scale_during_stuck_rollout_splits_five_extra_replicas_three_to_old_two_to_new() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 3,
        workers: 3,
    });
    apply(
        &mut c,
        &manifest(
            "nginx-deployment",
            10,
            "    rollingUpdate:\n      maxSurge: 3\n      maxUnavailable: 2",
            "nginx:1.14.2",
        ),
    );
    run(&mut c, "sim settle");
    run(
        &mut c,
        "kubectl set image deployment/nginx-deployment app=nginx:sometag",
    );
    run(&mut c, "sim advance 30s");
    let sizes = |c: &Cluster| {
        let d = deployment(c, "nginx-deployment");
        let mut rss = replicasets(c, &d);
        rss.sort_by_key(|r| r.metadata.creation_timestamp);
        rss.iter().map(|r| r.spec.replicas).collect::<Vec<_>>()
    };
    assert_eq!(
        sizes(&c),
        vec![8, 5],
        "old 10→8 (maxUnavailable 2), new 0→5 (maxSurge 3)"
    );
    run(
        &mut c,
        "kubectl scale deployment/nginx-deployment --replicas=15",
    );
    assert_eq!(
        sizes(&c),
        vec![11, 7],
        "seed 003: 3 to the old ReplicaSet, 2 to the new one"
    );
}

#[test]
fn recreate_never_runs_old_and_new_pods_together() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 2,
        workers: 3,
    });
    apply(
        &mut c,
        &manifest("web", 3, "    type: Recreate", "nginx:1.14.2"),
    );
    run(&mut c, "sim settle");
    let old_hash =
        c.store().pods.iter().next().expect("pod").metadata.labels["pod-template-hash"].clone();
    run(&mut c, "kubectl set image deployment/web app=nginx:1.16.1");
    let mut saw_new = false;
    step_until(
        &mut c,
        120_000,
        |c| {
            let hashes: std::collections::BTreeSet<String> = c
                .store()
                .pods
                .iter()
                .map(|p| p.metadata.labels["pod-template-hash"].clone())
                .collect();
            assert!(hashes.len() <= 1, "old and new pods overlap: {hashes:?}");
            saw_new |= hashes.iter().any(|h| *h != old_hash);
        },
        |c| complete(c, "web"),
    );
    assert!(saw_new);
}

#[test]
fn undo_to_revision_two_of_three_renumbers_it_to_four() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 5,
        workers: 3,
    });
    apply(
        &mut c,
        &manifest("nginx", 3, "    type: RollingUpdate", "nginx:1.14.2"),
    );
    run(&mut c, "sim settle");
    run(
        &mut c,
        "kubectl set image deployment/nginx app=nginx:1.16.1",
    );
    run(&mut c, "sim settle");
    run(&mut c, "kubectl set image deployment/nginx app=nginx:1.17");
    run(&mut c, "sim settle");
    run(
        &mut c,
        "kubectl rollout undo deployment/nginx --to-revision=2",
    );
    run(&mut c, "sim settle");
    let d = deployment(&c, "nginx");
    let mut revs: Vec<(String, Option<String>)> = replicasets(&c, &d)
        .iter()
        .map(|r| {
            (
                r.metadata.annotations["deployment.kubernetes.io/revision"].clone(),
                r.metadata
                    .annotations
                    .get("deployment.kubernetes.io/revision-history")
                    .cloned(),
            )
        })
        .collect();
    revs.sort();
    assert_eq!(
        revs,
        vec![
            ("1".into(), None),
            ("3".into(), None),
            ("4".into(), Some("2".into()))
        ]
    );
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "4"
    );
}

#[test]
fn default_fenceposts_for_three_replicas_surge_one_and_never_drop_below_three() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 9,
        workers: 3,
    });
    apply(
        &mut c,
        &manifest("nginx", 3, "    type: RollingUpdate", "nginx:1.14.2"),
    );
    run(&mut c, "sim settle");
    run(
        &mut c,
        "kubectl set image deployment/nginx app=nginx:1.16.1",
    );
    let (mut max_total, mut min_available) = (0, i32::MAX);
    step_until(
        &mut c,
        120_000,
        |c| {
            let d = deployment(c, "nginx");
            let rss = replicasets(c, &d);
            max_total = max_total.max(rss.iter().map(|r| r.spec.replicas).sum());
            min_available =
                min_available.min(rss.iter().map(|r| r.status.available_replicas).sum());
        },
        |c| complete(c, "nginx"),
    );
    assert_eq!(
        (max_total, min_available),
        (4, 3),
        "spec §5.2: replicas 3 → surge 1, unavailable 0"
    );
}

#[test]
fn same_seed_same_commands_same_bytes() {
    let script = "kubectl apply -f - <<EOF\n".to_string()
        + &manifest("web", 5, "    type: RollingUpdate", "nginx:1.14.2")
        + "EOF\nsim settle\nkubectl set image deployment/web app=nginx:1.161\nsim advance 45s\nkubectl get pods -o wide\nkubectl get events\nkubectl get deploy web -o json\n";
    let run_once = |seed: u64| {
        let mut c = Cluster::new(ClusterConfig { seed, workers: 3 });
        kubeplay_core::script::run_script(
            &mut c,
            &script,
            &|p| Err(p.to_string()),
            &kubeplay_core::script::ScriptOptions { exit_codes: true },
        )
    };
    assert_eq!(run_once(11), run_once(11));
    assert_ne!(run_once(11), run_once(12), "the seed drives names and UIDs");
}
