// Ranker speed in Node (tfjs CPU backend): forward pass for 500 candidates and one training step,
// with tf.gather's built-in gradient vs model/train's scatter-add. `npx tsx test/bench/model-science-speed.ts`
// Reports CPU time (process.cpuUsage) next to wall time, because the dev machine is shared.
import * as tf from "@tensorflow/tfjs";
import { defaultConfig, encodeGroups, initParams, scoreCandidates } from "../../model/index.ts";
import { rankerFeatureNames } from "../../model/train/featureSet.ts";
import { trainRanker } from "../../model/train/trainRanker.ts";

await tf.setBackend("cpu");
const cpuMs = (f: () => void) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const config = defaultConfig(rankerFeatureNames(), { itemBuckets: 43098 });
const params = initParams(config, 1);
const request = (g: number, n: number) => ({
  history: Array.from({ length: 12 }, (_, i) => (g * 7 + i) % 43000),
  candidates: Array.from({ length: n }, (_, i) => ({
    id: (g * 13 + i) % 43000,
    categories: ["a", "b"],
    features: { coocSum: i },
  })),
});
const one = encodeGroups([request(0, 500)], config, 500);
scoreCandidates(params, config, one);
const fwd = Array.from({ length: 7 }, () => cpuMs(() => scoreCandidates(params, config, one)));
console.log(
  `forward, 500 candidates: median ${median(fwd.map((r) => r.cpu)).toFixed(1)} ms CPU, ${median(fwd.map((r) => r.wall)).toFixed(1)} ms wall`,
);
const batch = encodeGroups(
  Array.from({ length: 256 }, (_, g) => request(g, 32)),
  config,
  32,
);
const targets = new Int32Array(256);
const step = cpuMs(() =>
  trainRanker(params, config, batch, targets, {
    epochs: 1,
    batchSize: 128,
    learningRate: 3e-3,
    pointwiseWeight: 0.1,
    l2: 1e-5,
    seed: 1,
  }),
);
console.log(
  `train step (128 queries × 32 candidates, 43,098-row table, scatter-add gradient): ${(step.cpu / 2).toFixed(0)} ms CPU`,
);
console.log(
  "tf.gather's own gradient (UnsortedSegmentSum, one masked sum per row) is not run: one step took > 600 s.",
);
