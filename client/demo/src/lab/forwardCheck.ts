import type { Candidate } from "../../../../model/catalog/index.ts";
import {
  encodeBatch,
  foldConstants,
  preferredGather,
  scoreCandidatesAsync,
} from "../../../../model/index.ts";
import { referenceForward } from "../../../../test/reference/referenceForward.ts";
import { loadLiveModel, labTf as tf } from "./naive";

/**
 * For test/e2e/forward-backends.test.ts: scores `candidates` with the live model on `backend` in this
 * thread through the product's pass as the scoring worker runs it (foldConstants, the backend's preferred
 * gather, scoreCandidatesAsync) and through the pre-fusion reference pass on the same backend, and
 * returns the largest gap between their probabilities.
 * @example const { backend, maxGap } = await forwardCheck("webgl", candidates, [3, 9]);
 */
export async function forwardCheck(
  backend: string,
  candidates: Candidate[],
  history: number[],
): Promise<{ backend: string; n: number; maxGap: number; spread: number }> {
  const { params: loaded, config } = await loadLiveModel(backend);
  const params = foldConstants(loaded, config);
  try {
    const encoded = encodeBatch({ history, candidates }, config);
    const fused = await scoreCandidatesAsync(params, config, encoded, preferredGather(params));
    const logits = tf.tidy(() => referenceForward(params, config, encoded));
    const reference = (await logits.data()) as Float32Array;
    logits.dispose();
    let maxGap = 0;
    for (let i = 0; i < fused.length; i++) {
      maxGap = Math.max(maxGap, Math.abs(fused[i] - 1 / (1 + Math.exp(-reference[i]))));
    }
    // The spread shows the scores differ between candidates, so a small gap is not two constant outputs.
    const spread = Math.max(...fused) - Math.min(...fused);
    return { backend: tf.getBackend(), n: fused.length, maxGap, spread };
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}

/**
 * The fused pass against the pre-fusion reference on `backend` in this thread: kernels dispatched per pass
 * (tf.profile) and the median ms of `runs` passes each, interleaved (encoded batch → scores read back).
 * @example const { fusedMs, referenceMs } = await forwardTiming("wasm", candidates, [3, 9], 30);
 */
export async function forwardTiming(
  backend: string,
  candidates: Candidate[],
  history: number[],
  runs: number,
): Promise<{
  backend: string;
  fusedKernels: number;
  referenceKernels: number;
  fusedMs: number;
  referenceMs: number;
}> {
  const { params: loaded, config } = await loadLiveModel(backend);
  const params = foldConstants(loaded, config);
  try {
    const encoded = encodeBatch({ history, candidates }, config);
    const gather = preferredGather(params);
    const fused = () => scoreCandidatesAsync(params, config, encoded, gather);
    const reference = async () => {
      const logits = tf.tidy(() => referenceForward(params, config, encoded, gather));
      const values = await logits.data();
      logits.dispose();
      return values;
    };
    const kernels = async (run: () => Promise<unknown>) =>
      (await tf.profile(async () => void (await run()))).kernels.length;
    const [fusedKernels, referenceKernels] = [await kernels(fused), await kernels(reference)];
    const times = { fused: [] as number[], reference: [] as number[] };
    for (let i = 0; i < runs + 3; i++) {
      for (const [name, run] of [
        ["fused", fused],
        ["reference", reference],
      ] as const) {
        const started = performance.now();
        await run();
        if (i >= 3) times[name].push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      backend: tf.getBackend(),
      fusedKernels,
      referenceKernels,
      fusedMs: median(times.fused),
      referenceMs: median(times.reference),
    };
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
