//! Property test: a host that splits busy instants across frames (`Cluster::step_within`, the
//! playground's frame budget) gets byte-identical output to one that advances in one go, even
//! when a command arrives while an instant is half done. Determinism (same seed + same commands
//! → same transcript) must not depend on how the host slices time.

use kubeplay_core::{Cluster, ClusterConfig, StepOutcome};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Action {
    SetImage(&'static str),
    Scale(u8),
    Undo,
    DeletePod(u8),
    FailNode(u8),
    RecoverNode(u8),
    /// Advance by this many ms; stop at the first interruption when the flag is set (a frame
    /// that ran out of budget, followed by a command).
    Advance(u16, bool),
}

const IMAGES: [&str; 4] = ["nginx:1.14.2", "nginx:1.16.1", "nginx:1.161", "nginx:1.17"];

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..IMAGES.len()).prop_map(|i| Action::SetImage(IMAGES[i])),
        (0u8..30).prop_map(Action::Scale),
        Just(Action::Undo),
        any::<u8>().prop_map(Action::DeletePod),
        (1u8..4).prop_map(Action::FailNode),
        (1u8..4).prop_map(Action::RecoverNode),
        ((0u16..20_000), any::<bool>()).prop_map(|(ms, stop)| Action::Advance(ms, stop)),
    ]
}

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 12\n  minReadySeconds: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 3\n      maxUnavailable: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n";

/// Everything a user can see of the cluster.
fn dump(c: &mut Cluster) -> String {
    let mut out = String::new();
    for line in [
        "kubectl get deployments,replicasets,pods -o yaml",
        "kubectl get events",
        "kubectl get nodes",
    ] {
        out.push_str(&c.run(line).combined());
    }
    out
}

/// Advances `c` by `ms` the way the playground does: instant by instant through `step_within`,
/// yielding every `every` checks. Returns whether it got to the end (false: it stopped inside an
/// instant), and how many instants it started (an instant left unfinished by an earlier call and
/// resumed here is not counted).
fn advance_sliced(c: &mut Cluster, ms: u64, every: u32, stop_at_interruption: bool) -> (bool, u32) {
    let target = c.now() + ms as i64;
    let mut calls = 0u32;
    let mut started = 0u32;
    let mut should_yield = || {
        calls += 1;
        calls.is_multiple_of(every)
    };
    loop {
        if !c.in_instant() && c.next_timer_at().is_none_or(|t| t > target) {
            break;
        }
        if !c.in_instant() {
            started += 1;
        }
        match c.step_within(&mut should_yield) {
            StepOutcome::Interrupted if stop_at_interruption => return (false, started),
            StepOutcome::Idle => break,
            _ => {}
        }
    }
    c.advance_to(target);
    (true, started)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, max_shrink_iters: 100, .. ProptestConfig::default() })]

    #[test]
    fn sliced_instants_match_whole_ones(
        seed in any::<u64>(),
        every in 1u32..8,
        actions in prop::collection::vec(action(), 1..30),
    ) {
        let mut whole = Cluster::new(ClusterConfig { seed, workers: 3 });
        let mut sliced = whole.clone();
        let apply = |c: &mut Cluster| c.exec("kubectl apply -f -", Some(MANIFEST), &|p| Err(p.to_string())).combined();
        prop_assert_eq!(apply(&mut whole), apply(&mut sliced));
        for a in &actions {
            let line = match a {
                Action::Advance(ms, stop) => {
                    // The whole host runs, unsliced, every instant the sliced one started: the
                    // one it stopped inside is finished by the next command. (`advance_to` would
                    // also run the instants that one sets for its own time, which the sliced host
                    // runs on its next step, after the command.)
                    let (done, started) = advance_sliced(&mut sliced, *ms as u64, every, *stop);
                    for _ in 0..started {
                        whole.step_within(&mut || false);
                    }
                    if done {
                        whole.advance_to(sliced.now());
                    } else {
                        prop_assert!(sliced.in_instant());
                    }
                    prop_assert_eq!(whole.now(), sliced.now());
                    continue;
                }
                Action::SetImage(i) => format!("kubectl set image deployment/web app={i}"),
                Action::Scale(n) => format!("kubectl scale deployment/web --replicas={n}"),
                Action::Undo => "kubectl rollout undo deployment/web".into(),
                Action::DeletePod(i) => {
                    let pods: Vec<String> = whole.store().pods.iter().map(|p| p.metadata.name.clone()).collect();
                    if pods.is_empty() { continue; }
                    format!("kubectl delete pod {} --wait=false", pods[*i as usize % pods.len()])
                }
                Action::FailNode(n) => format!("sim node fail node-{n}"),
                Action::RecoverNode(n) => format!("sim node recover node-{n}"),
            };
            let expected = whole.run(&line).combined();
            prop_assert_eq!(sliced.run(&line).combined(), expected, "{}", line);
        }
        prop_assert_eq!(sliced.now(), whole.now());
        whole.advance(600_000);
        advance_sliced(&mut sliced, 600_000, every, false);
        prop_assert_eq!(dump(&mut sliced), dump(&mut whole));
    }
}

/// A busy instant really is split: 60 pods becoming ready at one instant take more than one
/// call when the host yields after every sync, and the result equals the unsliced one.
#[test]
fn a_busy_instant_takes_several_calls() {
    let manifest = MANIFEST.replace("replicas: 12", "replicas: 60");
    let mut whole = Cluster::new(ClusterConfig {
        seed: 7,
        workers: 3,
    });
    whole.exec("kubectl apply -f -", Some(&manifest), &|p| {
        Err(p.to_string())
    });
    let mut sliced = whole.clone();
    let mut interruptions = 0;
    while sliced.next_timer_at().is_some() || sliced.in_instant() {
        match sliced.step_within(&mut || true) {
            StepOutcome::Interrupted => interruptions += 1,
            StepOutcome::Idle => break,
            StepOutcome::Done => {}
        }
        if sliced.now_ms() > 120_000 {
            break;
        }
    }
    whole.advance_to(sliced.now());
    assert!(interruptions > 60, "only {interruptions} interruptions");
    assert_eq!(dump(&mut sliced), dump(&mut whole));
}
