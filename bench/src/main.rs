//! Native half of `cargo xtask bench-wasm`: times the rollout scenario and prints one
//! `RESULT native <replicas> <median ms> <min ms>` line per size, the format `run.mjs` prints
//! for WebAssembly.
//!
//! Usage: kubeplay-bench [SAMPLES] [REPLICAS...]   (defaults: 5 samples; 1000 10000)

use kubeplay_bench::Scenario;
use std::time::Instant;

/// mimalloc natively (see the workspace manifest): glibc malloc's consolidation
/// was ~18% of a 10k-pod rollout. The WebAssembly build keeps Rust's default allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let samples = args.first().copied().unwrap_or(5).max(1);
    let sizes = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        vec![1_000, 10_000]
    };
    for replicas in sizes {
        let mut times: Vec<f64> = (0..samples)
            .map(|_| {
                let mut scenario = Scenario::settled(replicas);
                let start = Instant::now();
                scenario.rollout();
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                // Freed outside the timed part, as in the criterion bench.
                drop(scenario);
                ms
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "RESULT native {replicas} {:.1} {:.1}",
            times[times.len() / 2],
            times[0]
        );
    }
}
