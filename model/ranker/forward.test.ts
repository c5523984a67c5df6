import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { referenceForward, referenceLogits } from "../../test/reference/referenceForward";
import { loadModel } from "../artifact/loadModel";
import { testRanker, testRequest } from "../artifact/testRanker";
import { encodeBatch, encodeGroups } from "../features/encodeBatch";
import type { EncodedBatch } from "../features/types";
import { foldConstants } from "./foldConstants";
import { forward } from "./forward";
import { hostGather } from "./hostGather";
import { scoreCandidates } from "./scoreCandidates";
import { toTensors } from "./toTensors";
import type { RankerConfig, RankerParams } from "./types";

setWasmPaths(`${resolve(import.meta.dirname, "../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);
const demoDir = resolve(import.meta.dirname, "../artifacts/demo");

async function demoModel(): Promise<{ params: RankerParams; config: RankerConfig }> {
  const manifest = JSON.parse(await readFile(join(demoDir, "manifest.json"), "utf8"));
  const { params, config } = await loadModel(
    manifest,
    async (p) => new Uint8Array(await readFile(join(demoDir, p))).buffer,
  );
  return { params, config: config as unknown as RankerConfig };
}

const logits = (params: RankerParams, config: RankerConfig, e: EncodedBatch, gather?: typeof hostGather) =>
  tf.tidy(() => forward(params, toTensors(e), config, gather?.(params))).dataSync() as Float32Array;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Largest |a − b| over real candidate slots, on logits and on probabilities. */
function maxGap(a: Float32Array, b: Float32Array, mask: Float32Array): { logit: number; score: number } {
  let logit = 0;
  let score = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask[i] === 0) continue;
    logit = Math.max(logit, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
    score = Math.max(score, Math.abs(sigmoid(a[i]) - sigmoid(b[i])));
  }
  return { logit, score };
}

/** The kernels after the first layer when scoring: two fused layers, the wide term and its sum, [G, N]. */
const AFTER_FIRST_LAYER = ["_FusedMatMul", "_FusedMatMul", "BatchMatMul", "Add", "Reshape"];

/** The kernels, in order, of the demo model's pass as the worker runs it, for one request of 300 candidates. */
async function scoringKernels(backend: string, history: number[], seed: number): Promise<string[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const { params, config } = await demoModel();
  const folded = foldConstants(params, config);
  const t = toTensors(encodeBatch({ history, candidates: testRequest(seed, 300).candidates }, config));
  expect(t.historyLength).toBe(Math.max(1, history.length));
  const { kernels } = await tf.profile(() => forward(folded, t, config, hostGather(folded)));
  tf.dispose([
    ...Object.values(folded),
    ...Object.values(t).filter((x): x is tf.Tensor => x instanceof tf.Tensor),
  ]);
  return kernels.map((k) => k.name);
}

describe.each(["cpu", "wasm"])("the fused forward pass on %s", (backend) => {
  it("gives the same logits to the bit with the per-model terms folded once (foldConstants)", async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const { params, config } = await demoModel();
    const folded = foldConstants(params, config);
    // The scaled query, the first kernel's five row blocks, and as rank 3 its feature rows and the two later kernels.
    expect(Object.keys(folded).length).toBe(Object.keys(params).length + 9);
    const encoded = encodeBatch(testRequest(13, 200), config);
    for (const gather of [undefined, hostGather]) {
      const plain = logits(params, config, encoded, gather);
      expect(Array.from(logits(folded, config, encoded, gather))).toEqual(Array.from(plain));
    }
  });

  it("scores the committed demo model's 500 candidates as the pre-fusion pass did, within 1e-5", async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const { params, config } = await demoModel();
    for (const seed of [11, 12]) {
      const encoded = encodeBatch(testRequest(seed, 500), config);
      const reference = referenceLogits(params, config, encoded);
      for (const gather of [undefined, hostGather]) {
        for (const weights of [params, foldConstants(params, config)]) {
          const gap = maxGap(logits(weights, config, encoded, gather), reference, encoded.candidateMask);
          expect(gap.score).toBeLessThan(1e-5);
          expect(gap.logit).toBeLessThan(1e-5);
        }
      }
      const scores = scoreCandidates(params, config, encoded, hostGather(params));
      expect(Math.max(...scores.map((s, i) => Math.abs(s - sigmoid(reference[i]))))).toBeLessThan(1e-5);
    }
    tf.dispose(Object.values(params));
  });

  it("matches it for batches of several requests with padding, empty and over-long histories", async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const { config, params } = testRanker(5, { maxHistory: 6, hiddenUnits: [12, 8] });
    const long = testRequest(3, 40);
    const inputs = [
      testRequest(1, 30),
      { history: [], candidates: testRequest(2, 7).candidates },
      { ...long, history: Array.from({ length: 25 }, (_, i) => i * 7), historyCategories: undefined },
    ];
    const encoded = encodeGroups(inputs, config, 40);
    const gap = maxGap(
      logits(params, config, encoded),
      referenceLogits(params, config, encoded),
      encoded.candidateMask,
    );
    expect(gap.logit).toBeLessThan(1e-5);
    expect(gap.score).toBeLessThan(1e-5);
    // Each request alone (one group: the fused single-request kernels) gives its row of the batch.
    const alone = logits(params, config, encodeGroups([inputs[1]], config, 40));
    const row = logits(params, config, encoded).subarray(40, 80);
    for (let i = 0; i < 7; i++) expect(Math.abs(alone[i] - row[i])).toBeLessThan(1e-5);
    tf.dispose(Object.values(params));
  });

  it("matches it for one request whose history is cut to its used positions (short, with a hole, one item or padding, empty)", async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const { config, params } = testRanker(7, { maxHistory: 6, hiddenUnits: [12, 8] });
    const { candidates } = testRequest(8, 25);
    // -1 hashes to bucket 0: a padded position before real ones, which must stay masked.
    // One position (one item, a padded one, none) takes the pass without attention (firstLayer's oneRowLayer).
    for (const history of [[3, 11], [5, -1, 9], [4], [-1], [], [1, 2, 3, 4, 5, 6, 7, 8]]) {
      const encoded = encodeBatch({ history, candidates }, config);
      expect(toTensors(encoded).historyLength).toBe(Math.max(1, Math.min(6, history.length)));
      for (const gather of [undefined, hostGather]) {
        const gap = maxGap(
          logits(params, config, encoded, gather),
          referenceLogits(params, config, encoded),
          encoded.candidateMask,
        );
        expect(gap.logit, `history ${history}`).toBeLessThan(1e-5);
      }
    }
    tf.dispose(Object.values(params));
  });

  it("runs one request with a history of several items in 22 kernels: one sum before the second layer, whose layers are fused kernels with one reshape", async () => {
    const names = await scoringKernels(backend, [5, 17, 230, 41, 9, 3000, 77, 12], 21);
    // Before the per-request attended-row product (firstLayer's oneRequestLayer): 35, with 6 reshapes and 3
    // adds ahead of the second layer's product; before the later layers' kernels called directly
    // (denseLayer): 27, tf.fused.matMul's op entries and three reshapes per layer after the first.
    expect(names).toHaveLength(22);
    const firstLayer = names.slice(0, names.indexOf("Relu"));
    expect(firstLayer.filter((name) => name === "Reshape" || name === "Add")).toEqual(["Add", "Add"]);
    expect(firstLayer.filter((name) => name === "AddN")).toHaveLength(1);
    expect(names.slice(names.indexOf("Relu") + 1)).toEqual(["Reshape", ...AFTER_FIRST_LAYER]); // h to rank 3, once
  });

  it("runs a first visit's request (no history) in 10 kernels, its fused products called directly", async () => {
    // With tf.fused.matMul for the features' product and the later layers: 18 kernels and 3 op entries.
    expect(await scoringKernels(backend, [], 22)).toEqual([
      "BatchMatMul", // the candidates' rows
      "Reshape", // the features to rank 3, once
      "_FusedMatMul", // their rows, with the bias
      "Add",
      "Relu",
      ...AFTER_FIRST_LAYER,
    ]);
  });

  it("has the pre-fusion pass's gradients, single request and batch (training calls the same function)", async () => {
    expect(await tf.setBackend("cpu")).toBe(true);
    const { config, params } = testRanker(9, { maxHistory: 5, hiddenUnits: [8, 4], itemBuckets: 256 });
    for (const inputs of [[testRequest(4, 12)], [testRequest(5, 12), testRequest(6, 9)]]) {
      const encoded = encodeGroups(inputs, config, 12);
      const names = Object.keys(params);
      const weighted = (f: (p: RankerParams) => tf.Tensor) =>
        tf.grads((...ts: tf.Tensor[]) => {
          const p = Object.fromEntries(names.map((n, i) => [n, ts[i]]));
          return tf.sum(
            tf.mul(
              f(p),
              tf
                .range(0, encoded.groups * 12)
                .reshape([encoded.groups, 12])
                .div(10),
            ),
          );
        })(names.map((n) => params[n]));
      const fused = weighted((p) => forward(p, toTensors(encoded), config));
      const reference = weighted((p) => referenceForward(p, config, encoded));
      names.forEach((name, i) => {
        const [f, r] = [fused[i].dataSync(), reference[i].dataSync()];
        const scale = Math.max(1e-3, ...Array.from(r, Math.abs));
        const gap = Math.max(...Array.from(f, (v, k) => Math.abs(v - r[k])));
        expect(gap / scale, name).toBeLessThan(1e-4);
      });
    }
    tf.dispose(Object.values(params));
  });
});
