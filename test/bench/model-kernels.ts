/**
 * The scoring worker's forward pass kernel by kernel, in Node on the wasm backend (the goal backend of
 * issue 15), with the committed demo model as the worker prepares it (folded constants, the host gather)
 * on Beauty home candidates from the real generator: `tf.profile` of the pass (tensors from the encoded
 * batch, the slots' ids and weights left on the host for the host gather as the worker leaves them, the
 * forward pass, the logits' read-back), 30 profiled passes after 50 warm-up calls, the median
 * of each kernel's time. `*__op` rows are the op wrappers that tf.fused.matMul adds; their time holds the
 * kernel listed just before them, so the "leaf" sum leaves them out. Cases: 500 and 1,000 candidates, with
 * no history (a first visit: the lab page's calls) and with an 8-item history.
 *   npx tsx test/bench/model-kernels.ts [--out model-kernels]
 * Writes test/bench/results/<out>.json. Runs on any commit whose model/ exports foldConstants, hostGather,
 * toTensors and forward, so the same script profiles the code before a change.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import { encodeBatch } from "../../model/features/index.ts";
import { forward, toTensors } from "../../model/ranker/index.ts";
import { beautyHome, demoModelOnWasm } from "./demoWasmScoring.ts";

const { values } = parseArgs({ options: { out: { type: "string", default: "model-kernels" } } });
const loadAtStart = loadavg().map((x) => +x.toFixed(1));
const { config, params, gather } = await demoModelOnWasm();
const { candidatesOf, eightItems, categoriesOf } = beautyHome();
const median = (xs: number[]) => +[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(4);

async function profileCase(n: number, historyItems: number) {
  const history = eightItems.slice(0, historyItems);
  const historyCategories = categoriesOf(history);
  const encoded = encodeBatch({ history, historyCategories, candidates: candidatesOf(n) }, config);
  const pass = () => {
    // As the worker does: the slots' ids and weights stay on the host for the host gather (not uploaded).
    const t = toTensors(encoded, gather.embedSlots !== undefined);
    const logits = tf.tidy(() => forward(params, t, config, gather));
    logits.dataSync();
    tf.dispose([logits, ...Object.values(t).filter((x): x is tf.Tensor => x instanceof tf.Tensor)]);
  };
  for (let i = 0; i < 50; i++) pass();
  const byPosition: { name: string; inputShapes: unknown; ms: number[] }[] = [];
  for (let run = 0; run < 30; run++) {
    const { kernels } = await tf.profile(pass);
    kernels.forEach((k, i) => {
      byPosition[i] ??= { name: k.name, inputShapes: k.inputShapes, ms: [] };
      byPosition[i].ms.push(k.kernelTimeMs as number);
    });
  }
  const kernels = byPosition.map((k) => ({
    name: k.name,
    inputShapes: k.inputShapes,
    medianMs: median(k.ms),
  }));
  const leaf = kernels.filter((k) => !k.name.endsWith("__op"));
  return {
    candidates: n,
    historyItems,
    entries: kernels.length,
    leafKernels: leaf.length,
    leafSumMs: +leaf.reduce((s, k) => s + k.medianMs, 0).toFixed(3),
    kernels,
  };
}

const cases = [];
for (const n of [500, 1000]) for (const h of [0, 8]) cases.push(await profileCase(n, h));
const result = {
  command: `npx tsx test/bench/model-kernels.ts --out ${values.out}`,
  date: new Date().toISOString(),
  node: process.version,
  backend: tf.getBackend(),
  loadAtStart,
  loadAtEnd: loadavg().map((x) => +x.toFixed(1)),
  cases,
};
for (const c of cases) {
  console.log(
    `\n${c.candidates} candidates, ${c.historyItems} history items: ${c.leafKernels} kernels, ${c.leafSumMs} ms`,
  );
  for (const k of c.kernels)
    console.log(`  ${k.medianMs.toFixed(3)}  ${k.name} ${JSON.stringify(k.inputShapes)}`);
}
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify(result, null, 1)}\n`,
);
