//! Memory per simulated pod (PRODUCT §8: ≤ 1 KB). A counting allocator measures the heap the
//! cluster holds once N replicas of one Deployment are Running, and the peak during a
//! RollingUpdate of all of them. The per-pod figure is the growth from 5,000 to N pods divided by
//! the extra pods, so fixed costs (nodes, the Event log's ring once it is full) do not flatter or
//! burden it; the whole heap divided by the pods is printed beside it.
//!
//! `cargo bench -p kubeplay-core --bench memory` (KUBEPLAY_BENCH_SIZES=1000,10000 to choose N).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            let now = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

struct Measured {
    settled: usize,
    rollout_peak: usize,
}

/// Heap held by a cluster with `replicas` Running pods (nodes sized as in the rollout bench),
/// and the peak while all of them are replaced by a RollingUpdate.
fn measure(replicas: u32) -> Measured {
    let before = LIVE.load(Ordering::Relaxed);
    let mut c = common::settled_cluster(replicas);
    let settled = LIVE.load(Ordering::Relaxed) - before;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    common::rollout(&mut c);
    let rollout_peak = PEAK.load(Ordering::Relaxed) - before;
    drop(c);
    Measured {
        settled,
        rollout_peak,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let sizes: Vec<u32> = std::env::var("KUBEPLAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 20_000]);
    // The Event log is full (MAX_EVENTS, about five Events a pod) from some 4,000 pods on: the
    // base is past that, so the marginal figure is the pods' own cost, as documented above.
    let base_pods = 5_000;
    let base = measure(base_pods);
    println!("memory per simulated pod (heap bytes; budget 1,024 per pod)");
    println!(
        "{:>8} {:>14} {:>10} {:>12} {:>16}",
        "pods", "settled", "per pod", "marginal", "rollout peak"
    );
    for n in sizes {
        let m = measure(n);
        let marginal = if n > base_pods {
            format!(
                "{}",
                m.settled.saturating_sub(base.settled) / (n - base_pods) as usize
            )
        } else {
            "-".to_string()
        };
        println!(
            "{:>8} {:>14} {:>10} {:>12} {:>16}",
            n,
            m.settled,
            m.settled / n as usize,
            marginal,
            m.rollout_peak
        );
    }
}
