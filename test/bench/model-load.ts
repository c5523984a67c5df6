/**
 * The scoring worker's model load after the files' check, in Node, on the wasm and cpu backends with the
 * committed demo model: the decode of the checked weights, foldConstants and the host gather's tables
 * (BackendModel.load's steps), and the first scores after it (one 200-candidate request, as a warm-up
 * scores), timed apart. Two ways, alternating per load:
 *   tensors  every weight a tensor (the worker's load before this round: the embedding tables written into
 *            the backend by tfjs' decodeWeights, then read back by the host gather's dataSync)
 *   host     the embedding tables decoded to host values, never tensors (BackendModel.load now)
 * Median and p90 of `runs` loads each after 5 warm-up loads; the ratio of medians with a bootstrap 95 %
 * interval (loads resampled per arm). The load average at start and end is recorded.
 *   npx tsx test/bench/model-load.ts [--runs 60] [--out model-load]
 * Writes test/bench/results/<out>.json.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { checkFiles } from "../../client/scoring/BackendModel.ts";
import { dummyBatch } from "../../client/scoring/dummyBatch.ts";
import { demoLoadRequest } from "../../client/scoring/testDemoModel.ts";
import { decodeModel } from "../../model/artifact/loadModel.ts";
import { encodeBatch } from "../../model/features/index.ts";
import {
  EMBEDDING_TABLES,
  foldConstants,
  preferredGather,
  type RankerConfig,
  scoreCandidates,
} from "../../model/ranker/index.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "60" }, out: { type: "string", default: "model-load" } },
});
const runs = Number(values.runs);
const loadAtStart = loadavg().map((x) => +x.toFixed(1));
setWasmPaths(`${resolve(import.meta.dirname, "../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);

const request = dummyBatch(200);

/**
 * One load `way` (BackendModel.load's steps, written out so that both ways time the same steps): ms of the
 * decode + fold + the gather's tables, and of the first scores.
 */
async function loadOnce(files: ReturnType<typeof checkFiles>, way: "tensors" | "host") {
  const checked = await files.checked;
  const started = performance.now();
  const loaded = decodeModel(checked, way === "host" ? EMBEDDING_TABLES : []);
  const config = loaded.config as unknown as RankerConfig;
  const params = foldConstants(loaded.params, config);
  const gather = preferredGather(params, tf.getBackend(), loaded.host);
  const loadedAt = performance.now();
  scoreCandidates(params, config, encodeBatch(request, config), gather);
  const scoredAt = performance.now();
  for (const t of Object.values(params)) t.dispose();
  return { loadMs: loadedAt - started, firstScoresMs: scoredAt - loadedAt };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.9 * (xs.length - 1))];

/** Bootstrap 95 % interval of median(b) / median(a). */
function ratioInterval(a: number[], b: number[]): [number, number] {
  const pick = (xs: number[]) => Array.from(xs, () => xs[Math.floor(Math.random() * xs.length)]);
  const ratios = Array.from({ length: 2000 }, () => median(pick(b)) / median(pick(a))).sort((x, y) => x - y);
  return [+ratios[50].toFixed(3), +ratios[1949].toFixed(3)];
}

const results = [];
for (const backend of ["wasm", "cpu"]) {
  await tf.setBackend(backend);
  const load = await demoLoadRequest(backend as "wasm" | "cpu");
  const files = checkFiles(load.version, JSON.parse(new TextDecoder().decode(load.manifest)), load.files);
  await files.checked;
  const times = { tensors: [] as number[], host: [] as number[] };
  const firstScores = { tensors: [] as number[], host: [] as number[] };
  for (let i = 0; i < runs + 5; i++) {
    const order = i % 2 === 0 ? (["tensors", "host"] as const) : (["host", "tensors"] as const);
    for (const way of order) {
      const { loadMs, firstScoresMs } = await loadOnce(files, way);
      if (i >= 5) {
        times[way].push(loadMs);
        firstScores[way].push(firstScoresMs);
      }
    }
  }
  const row = {
    backend,
    runs,
    tensorsMedianMs: +median(times.tensors).toFixed(3),
    tensorsP90Ms: +p90(times.tensors).toFixed(3),
    hostMedianMs: +median(times.host).toFixed(3),
    hostP90Ms: +p90(times.host).toFixed(3),
    ratio: +(median(times.host) / median(times.tensors)).toFixed(3),
    ratio95: ratioInterval(times.tensors, times.host),
    firstScoresTensorsMedianMs: +median(firstScores.tensors).toFixed(3),
    firstScoresHostMedianMs: +median(firstScores.host).toFixed(3),
    tensorsMs: times.tensors.map((t) => +t.toFixed(3)),
    hostMs: times.host.map((t) => +t.toFixed(3)),
  };
  console.log(
    `${backend}: decode + fold + tables: tensors ${row.tensorsMedianMs} ms (p90 ${row.tensorsP90Ms}), host ${row.hostMedianMs} ms (p90 ${row.hostP90Ms}), ratio ${row.ratio} [${row.ratio95}]; first scores ${row.firstScoresTensorsMedianMs} / ${row.firstScoresHostMedianMs} ms`,
  );
  results.push(row);
}
const out = resolve(import.meta.dirname, `results/${values.out}.json`);
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), loadAtStart, loadAtEnd: loadavg().map((x) => +x.toFixed(1)), results }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
