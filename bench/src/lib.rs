//! The scenario of `core/benches/rollout.rs` (a settled Deployment of N replicas, then `kubectl
//! set image` and `rollout status` to completion), shared by a native runner (`src/main.rs`) and
//! a WebAssembly module that `run.mjs` times under Node. `cargo xtask bench-wasm` runs both and
//! prints the ratio against PRODUCT §8's budget (wasm ≤ 2× native). Timing is the runners'
//! business: this crate, like core, reads no clock.

#[path = "../../core/benches/common/mod.rs"]
mod common;

/// A cluster with `replicas` nginx pods running, ready for its image change.
pub struct Scenario {
    cluster: kubeplay_core::Cluster,
}

impl Scenario {
    pub fn settled(replicas: u32) -> Self {
        Self {
            cluster: common::settled_cluster(replicas),
        }
    }

    /// The timed part: the rolling update to completion.
    pub fn rollout(&mut self) {
        common::rollout(&mut self.cluster);
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// [`super::Scenario`] for JavaScript.
    #[wasm_bindgen]
    pub struct Rollout(super::Scenario);

    #[wasm_bindgen]
    impl Rollout {
        #[wasm_bindgen(constructor)]
        pub fn new(replicas: u32) -> Rollout {
            Rollout(super::Scenario::settled(replicas))
        }

        pub fn run(&mut self) {
            self.0.rollout();
        }
    }
}
