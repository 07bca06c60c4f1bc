//! Criterion benchmarks: a RollingUpdate of N replicas to completion (PRODUCT §8: 10k ≤ 200 ms
//! native, 10k → 100k growth ≤ 12×). Nodes are sized so every pod fits (110 pods per node).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
mod common;

/// mimalloc, as the native CLI runs (see the workspace manifest).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use common::{rollout, settled_cluster};

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
                // The cluster is returned so that freeing it (a tenth of the time at 10k
                // pods) is not counted as part of the rollout.
                |mut cl| {
                    rollout(&mut cl);
                    cl
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
