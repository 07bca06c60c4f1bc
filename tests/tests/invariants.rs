//! Property test: random sequences of user actions and faults keep the controllers' invariants,
//! and the cluster converges once the faults stop.
//! Invariants (issue 2): Σ ReplicaSet spec.replicas ≤ replicas + maxSurge outside scaling
//! events, every pod has exactly one controller (which exists), revisions are unique.

use kubeplay_core::{Cluster, ClusterConfig};
use proptest::prelude::*;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
enum Action {
    SetImage(&'static str),
    Scale(u8),
    Undo,
    Pause,
    Resume,
    DeletePod(u8),
    FailNode(u8),
    RecoverNode(u8),
    Advance(u16),
}

const IMAGES: [&str; 5] = [
    "nginx:1.14.2",
    "nginx:1.16.1",
    "nginx:1.17",
    "nginx:1.161",
    "nginx:sometag",
];

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..IMAGES.len()).prop_map(|i| Action::SetImage(IMAGES[i])),
        (0u8..9).prop_map(Action::Scale),
        Just(Action::Undo),
        Just(Action::Pause),
        Just(Action::Resume),
        any::<u8>().prop_map(Action::DeletePod),
        (1u8..4).prop_map(Action::FailNode),
        (1u8..4).prop_map(Action::RecoverNode),
        (0u16..30_000).prop_map(Action::Advance),
    ]
}

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n";

fn check_invariants(c: &Cluster, scaled_recently: bool) -> Result<(), String> {
    let s = c.store();
    let d = s.deployments.iter().next().ok_or("deployment vanished")?;
    let rss: Vec<_> = s
        .replicasets
        .iter()
        .filter(|r| r.metadata.controller_uid() == Some(d.metadata.uid.as_str()))
        .collect();
    let total: i32 = rss.iter().map(|r| r.spec.replicas).sum();
    if !scaled_recently && total > d.spec.replicas + 1 {
        return Err(format!(
            "Σ spec.replicas {total} > replicas {} + maxSurge 1",
            d.spec.replicas
        ));
    }
    let mut revisions = BTreeSet::new();
    for r in &rss {
        if let Some(v) = r
            .metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
        {
            if !revisions.insert(v.clone()) {
                return Err(format!("revision {v} appears twice"));
            }
        }
    }
    for p in s.pods.iter() {
        let controllers: Vec<_> = p
            .metadata
            .owner_references
            .iter()
            .filter(|o| o.controller == Some(true))
            .collect();
        if controllers.len() != 1 {
            return Err(format!(
                "pod {} has {} controllers",
                p.metadata.name,
                controllers.len()
            ));
        }
        if !s
            .replicasets
            .iter()
            .any(|r| r.metadata.uid == controllers[0].uid)
        {
            return Err(format!(
                "pod {} is controlled by a ReplicaSet that does not exist",
                p.metadata.name
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_actions_keep_invariants_and_converge(seed in any::<u64>(), actions in prop::collection::vec(action(), 1..40)) {
        let mut c = Cluster::new(ClusterConfig { seed, workers: 3 });
        let out = c.exec("kubectl apply -f -", Some(MANIFEST), &|p| Err(p.to_string()));
        prop_assert_eq!(out.exit_code, 0);
        // Proportional scaling resizes to the new bound at once; the bound only applies after
        // the controller has seen the new size.
        let mut scaled = false;
        for a in &actions {
            let line = match a {
                Action::SetImage(i) => format!("kubectl set image deployment/web app={i}"),
                Action::Scale(n) => { scaled = true; format!("kubectl scale deployment/web --replicas={n}") }
                Action::Undo => "kubectl rollout undo deployment/web".into(),
                Action::Pause => "kubectl rollout pause deployment/web".into(),
                Action::Resume => "kubectl rollout resume deployment/web".into(),
                Action::DeletePod(i) => {
                    let pods: Vec<String> = c.store().pods.iter().map(|p| p.metadata.name.clone()).collect();
                    if pods.is_empty() { continue; }
                    format!("kubectl delete pod {} --wait=false", pods[*i as usize % pods.len()])
                }
                Action::FailNode(n) => format!("sim node fail node-{n}"),
                Action::RecoverNode(n) => format!("sim node recover node-{n}"),
                Action::Advance(ms) => { scaled = false; format!("sim advance {ms}ms") }
            };
            let _ = c.run(&line);
            check_invariants(&c, scaled).map_err(|e| TestCaseError::fail(format!("after {line}: {e}")))?;
        }
        // Faults stop: nodes recover, a good image, resumed; the rollout must complete.
        for n in 1..=3 { let _ = c.run(&format!("sim node recover node-{n}")); }
        let _ = c.run("kubectl rollout resume deployment/web");
        let _ = c.run("kubectl set image deployment/web app=nginx:1.25");
        let _ = c.run("sim advance 10m");
        let d = c.store().deployments.iter().next().cloned().unwrap();
        prop_assert!(d.status.observed_generation >= d.metadata.generation);
        prop_assert_eq!(d.status.updated_replicas, d.spec.replicas);
        prop_assert_eq!(d.status.replicas, d.spec.replicas);
        prop_assert_eq!(d.status.available_replicas, d.spec.replicas);
        let active = c.store().pods.iter().filter(|p| p.metadata.deletion_timestamp.is_none()).count() as i32;
        prop_assert_eq!(active, d.spec.replicas);
    }
}
