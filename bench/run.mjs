// WebAssembly half of `cargo xtask bench-wasm`: loads the module wasm-bindgen made for Node
// (argv[2]: its directory) and times the rollout scenario, printing
// `RESULT <label> <replicas> <median ms> <min ms>` as the native runner does.
// Usage: node run.mjs DIR LABEL SAMPLES REPLICAS...

import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [dir, label = 'wasm', samplesArg = '5', ...sizes] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { Rollout } = require(path.resolve(dir, 'kubeplay_bench.js'));
const samples = Math.max(1, Number(samplesArg) || 5);

for (const replicas of (sizes.length ? sizes : ['1000', '10000']).map(Number)) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const scenario = new Rollout(replicas);
    const start = performance.now();
    scenario.run();
    times.push(performance.now() - start);
    scenario.free();
  }
  times.sort((a, b) => a - b);
  console.log(`RESULT ${label} ${replicas} ${times[Math.floor(times.length / 2)].toFixed(1)} ${times[0].toFixed(1)}`);
}
