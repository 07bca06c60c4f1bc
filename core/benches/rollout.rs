//! Criterion benchmarks: a RollingUpdate of N replicas to completion (PRODUCT §8: 10k ≤ 200 ms
//! native, 10k → 100k growth ≤ 12×). Nodes are sized so every pod fits (110 pods per node).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kubeplay_core::{Cluster, ClusterConfig};

fn manifest(replicas: u32) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n"
    )
}

/// A cluster with `replicas` pods of nginx:1.14.2 running, ready for an image change.
pub fn settled_cluster(replicas: u32) -> Cluster {
    let workers = (replicas * 2).div_ceil(100).max(3);
    let mut c = Cluster::new(ClusterConfig { seed: 1, workers });
    let out = c.exec("kubectl apply -f -", Some(&manifest(replicas)), &|p| {
        Err(p.to_string())
    });
    assert_eq!(out.exit_code, 0, "{}", out.combined());
    c.run("sim settle 1h");
    c
}

fn rollout(c: &mut Cluster) {
    c.run("kubectl set image deployment/big app=nginx:1.16.1");
    let out = c.run("kubectl rollout status deployment/big --timeout=1h");
    assert!(
        out.stdout().contains("successfully rolled out"),
        "{}",
        out.combined()
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("rolling_update_to_completion");
    group.sample_size(10);
    // KUBEPLAY_BENCH_SIZES=1000,10000 limits the sizes (100k takes minutes per sample).
    let sizes: Vec<u32> = std::env::var("KUBEPLAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    for n in sizes {
        let base = settled_cluster(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter_batched(
                || base.clone(),
                |mut cl| rollout(&mut cl),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
