/**
 * Benchmark baseline: the naive way to run the same model — fp32 weights (loadModel dequantizes the
 * published int8/fp16 weights to float32) scored on the MAIN thread, with no warm-up and no worker.
 */
import "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline";
import { loadModel } from "../../../../model/artifact/index.ts";
import type { Candidate } from "../../../../model/catalog/index.ts";
import {
  encodeBatch,
  FEATURE_SCHEMA_VERSION,
  type RankerConfig,
  scoreCandidates,
  scoreCandidatesAsync,
} from "../../../../model/index.ts";

tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
/** The main-thread tfjs of the lab page, for ad-hoc kernel checks from the benchmark driver. */
export const labTf = tf;
setWasmPaths({
  "tfjs-backend-wasm.wasm": new URL(wasmPlain, location.href).href,
  "tfjs-backend-wasm-simd.wasm": new URL(wasmSimd, location.href).href,
  "tfjs-backend-wasm-threaded-simd.wasm": new URL(wasmSimd, location.href).href,
});

type Assignment = { version: string; manifest: { url: string }; files: { path: string; url: string }[] };

/**
 * Switches this thread's tf to `backend` and loads the live model (bucket 0) there, dequantized to fp32.
 * @example const { params, config } = await loadLiveModel("webgl");
 */
export async function loadLiveModel(
  backend: string,
): Promise<{ params: Record<string, tf.Tensor>; config: RankerConfig }> {
  if (!(await tf.setBackend(backend))) throw new Error(`setBackend(${backend}) failed`);
  await tf.ready();
  const assignment = (await (await fetch("/v1/model?bucket=0")).json()) as Assignment;
  const manifest = await (await fetch(new URL(assignment.manifest.url, location.href))).json();
  const byPath = new Map(assignment.files.map((f) => [f.path, f.url]));
  const { params, config } = await loadModel(
    manifest,
    async (path) => (await fetch(new URL(byPath.get(path) ?? path, location.href))).arrayBuffer(),
    { featureSchemaVersion: FEATURE_SCHEMA_VERSION },
  );
  return { params, config: config as unknown as RankerConfig };
}

/**
 * Loads the live model on `backend` in this thread, then times `runs` calls for `n` candidates; the first
 * call pays for shader compilation and kernel set-up (no warm-up, on purpose).
 * @example const { firstMs, ms } = await naiveScoring("wasm", candidates, [12, 7], 10);
 */
export async function naiveScoring(
  backend: string,
  candidates: Candidate[],
  history: number[],
  runs: number,
): Promise<{ backend: string; firstMs: number; ms: number[]; scores: number[] }> {
  const { params, config: ranker } = await loadLiveModel(backend);
  // WebGPU has no synchronous read-back; every other backend blocks the main thread in dataSync().
  const score = async () => {
    const encoded = encodeBatch({ history, candidates }, ranker);
    return backend === "webgpu"
      ? scoreCandidatesAsync(params, ranker, encoded)
      : scoreCandidates(params, ranker, encoded);
  };
  try {
    const ms: number[] = [];
    let firstMs = Number.NaN;
    let scores: ArrayLike<number> = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      scores = await score();
      if (scores.length !== candidates.length)
        throw new Error("naive path returned the wrong number of scores");
      if (i === 0) firstMs = performance.now() - started;
      else ms.push(performance.now() - started);
    }
    return { backend: tf.getBackend(), firstMs, ms, scores: Array.from(scores) };
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
