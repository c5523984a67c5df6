import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { type ArtifactFile, loadModel, type Manifest } from "../../../model/artifact";
import type { EncodedBatch } from "../../../model/features";
import { type RankerConfig, scoreCandidates } from "../../../model/ranker";

/** Switches tf to the wasm backend, loading its .wasm files from node_modules (Node has no URL to fetch). */
export async function setWasmBackend(): Promise<void> {
  if (!wasmPathsSet) {
    setWasmPaths(
      `${resolve(import.meta.dirname, "../../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`,
    );
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend is not available");
}
let wasmPathsSet = false;

/** Runs `fn` `warmup` times untimed, then `runs` times; returns each timed run in ms. */
export function timeRuns(fn: () => unknown, warmup: number, runs: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The q-quantile (nearest rank) of a sample. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const median = (xs: number[]) => quantile(xs, 0.5);

export type BackendTiming = { floor: number; median: number; p90: number };

/**
 * Switches tf to `backend`, loads the artifact there (so the weights live on that backend), then times
 * (a) the floor: a trivial op on a scalar read back to JS, and (b) `scoreCandidates` on the encoded batch
 * (tensor upload + forward + sigmoid + read back), each as a median over `runs` after 10 warm-up runs.
 */
export async function benchBackend(
  backend: string,
  artifact: { manifest: Manifest; files: ArtifactFile[] },
  config: RankerConfig,
  encoded: EncodedBatch,
  runs: number,
): Promise<BackendTiming> {
  if (backend === "wasm")
    setWasmPaths(
      `${resolve(import.meta.dirname, "../../../node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`,
    );
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
  await tf.ready();
  const byPath = new Map(artifact.files.map((f) => [f.path, f.data]));
  const { params } = await loadModel(artifact.manifest, async (p) => byPath.get(p)!.slice().buffer);
  const one = tf.scalar(1);
  const floor = timeRuns(
    () => {
      const t = tf.add(one, 1);
      t.dataSync();
      t.dispose();
    },
    10,
    runs,
  );
  const score = timeRuns(() => scoreCandidates(params, config, encoded), 10, runs);
  one.dispose();
  tf.dispose(Object.values(params));
  return { floor: median(floor), median: median(score), p90: quantile(score, 0.9) };
}
