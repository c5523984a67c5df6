// Ranker speed in Node per tfjs backend (cpu, wasm): the forward pass for 500 candidates and one
// training step of the recipe's shape (128 queries × 100 candidates, the whole list, Diginetica's
// 43,098-row item table, model/train's scatter-add embedding gradient). Decides the training backend.
// `npx tsx test/bench/model-science-speed.ts [--steps 6]`. Reports CPU time (process.cpuUsage) next to
// wall time, because the dev machine is shared; medians over the steps after the first (warm-up).
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { defaultConfig, encodeGroups, initParams, scoreCandidates } from "../../model/index.ts";
import { rankerFeatureNames } from "../../model/train/featureSet.ts";
import { trainRanker } from "../../model/train/trainRanker.ts";

const { values } = parseArgs({ options: { steps: { type: "string", default: "6" } } });
const steps = Number(values.steps);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const config = defaultConfig(rankerFeatureNames(), { itemBuckets: 43098 });
const request = (g: number, n: number) => ({
  history: Array.from({ length: 12 }, (_, i) => (g * 7 + i) % 43000),
  candidates: Array.from({ length: n }, (_, i) => ({
    id: (g * 13 + i) % 43000,
    categories: ["a", "b"],
    retrievalScore: 1 / (1 + i),
    features: { coocSum: i, coocLast: i % 3 },
  })),
});
console.log(
  `Machine: load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log("| backend | forward, 500 candidates (ms CPU / wall) | train step 128 × 100 (ms CPU / wall) |");
console.log("|---|---:|---:|");
for (const backend of ["cpu", "wasm"]) {
  await tf.setBackend(backend);
  await tf.ready();
  const params = initParams(config, 1);
  const one = encodeGroups([request(0, 500)], config, 500);
  scoreCandidates(params, config, one);
  const fwd = Array.from({ length: 7 }, () => {
    const c0 = cpuNow();
    const t0 = performance.now();
    scoreCandidates(params, config, one);
    return { cpu: cpuNow() - c0, wall: performance.now() - t0 };
  });
  const batch = encodeGroups(
    Array.from({ length: 128 * steps }, (_, g) => request(g, 100)),
    config,
    100,
  );
  const marks: { cpu: number; wall: number }[] = [{ cpu: cpuNow(), wall: performance.now() }];
  trainRanker(params, config, batch, new Int32Array(128 * steps), {
    epochs: 1,
    batchSize: 128,
    learningRate: 1e-3,
    pointwiseWeight: 0.1,
    l2: 1e-5,
    seed: 1,
    onStep: () => marks.push({ cpu: cpuNow(), wall: performance.now() }),
  });
  const per = marks
    .slice(2)
    .map((m, i) => ({ cpu: m.cpu - marks[i + 1].cpu, wall: m.wall - marks[i + 1].wall }));
  console.log(
    `| ${backend} | ${median(fwd.map((r) => r.cpu)).toFixed(1)} / ${median(fwd.map((r) => r.wall)).toFixed(1)} | ${median(per.map((r) => r.cpu)).toFixed(0)} / ${median(per.map((r) => r.wall)).toFixed(0)} |`,
  );
  tf.dispose(Object.values(params));
}
console.log(
  "tf.gather's own gradient (UnsortedSegmentSum) is not run: on cpu one step took > 600 s; wasm has no kernel.",
);
