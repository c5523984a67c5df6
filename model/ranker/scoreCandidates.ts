import * as tf from "@tensorflow/tfjs";
import type { EncodedBatch } from "../features/types";
import { forward, type GatherFn, toTensors } from "./forward";
import type { RankerConfig, RankerParams } from "./types";

/**
 * Click probabilities in [0, 1] for every candidate slot (row-major [G, N]); padded slots give 0.
 * Runs {@link forward} and a sigmoid, and frees every intermediate tensor. `gather` is passed to the forward
 * pass (see {@link hostGather} for the fast one on wasm and cpu).
 * @example const p = scoreCandidates(params, config, encodeBatch(input, config)); // Float32Array
 */
export function scoreCandidates(
  params: RankerParams,
  config: RankerConfig,
  encoded: EncodedBatch,
  gather?: GatherFn,
): Float32Array {
  if (encoded.groups * encoded.candidatesPerGroup === 0) return new Float32Array(0);
  const probs = probabilities(params, config, encoded, gather);
  try {
    return probs.dataSync() as Float32Array;
  } finally {
    probs.dispose();
  }
}

/** As {@link scoreCandidates} but reads back asynchronously (no GPU stall on webgpu/webgl). */
export async function scoreCandidatesAsync(
  params: RankerParams,
  config: RankerConfig,
  encoded: EncodedBatch,
  gather?: GatherFn,
): Promise<Float32Array> {
  if (encoded.groups * encoded.candidatesPerGroup === 0) return new Float32Array(0);
  const probs = probabilities(params, config, encoded, gather);
  try {
    return (await probs.data()) as Float32Array;
  } finally {
    probs.dispose();
  }
}

function probabilities(
  params: RankerParams,
  config: RankerConfig,
  encoded: EncodedBatch,
  gather?: GatherFn,
): tf.Tensor {
  return tf.tidy(() => {
    const t = toTensors(encoded);
    const logits = forward(params, t, config, gather);
    // Non-finite logits cannot come from finite inputs, but a corrupt weight file could produce
    // them; map them to 0 so the contract "never NaN scores" holds.
    const safe = tf.where(tf.isFinite(logits), logits, tf.zerosLike(logits));
    return tf.mul(tf.sigmoid(safe), t.candidateMask);
  });
}
