import * as tf from "@tensorflow/tfjs-core";
import type { EncodedBatch } from "../features/types";
import { forward, type GatherFn } from "./forward";
import { toTensors } from "./toTensors";
import type { RankerConfig, RankerParams } from "./types";

/**
 * Click probabilities in [0, 1] for every candidate slot (row-major [G, N]); padded slots give 0.
 * Runs {@link forward}, reads the logits back and applies the sigmoid and the mask in JS (a loop over N
 * values costs less than the kernels it replaces), and frees every tensor. `gather` is passed to the
 * forward pass (see {@link hostGather} for the fast one on wasm and cpu).
 * @example const p = scoreCandidates(params, config, encodeBatch(input, config)); // Float32Array
 */
export function scoreCandidates(
  params: RankerParams,
  config: RankerConfig,
  encoded: EncodedBatch,
  gather?: GatherFn,
): Float32Array {
  if (encoded.groups * encoded.candidatesPerGroup === 0) return new Float32Array(0);
  const logits = runForward(params, config, encoded, gather);
  try {
    return probabilities(logits.dataSync() as Float32Array, encoded.candidateMask);
  } finally {
    logits.dispose();
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
  const logits = runForward(params, config, encoded, gather);
  try {
    return probabilities((await logits.data()) as Float32Array, encoded.candidateMask);
  } finally {
    logits.dispose();
  }
}

function runForward(
  params: RankerParams,
  config: RankerConfig,
  encoded: EncodedBatch,
  gather?: GatherFn,
): tf.Tensor {
  // A gather that embeds slots on the host reads their ids and weights there: they are not uploaded.
  return tf.tidy(() => forward(params, toTensors(encoded, gather?.embedSlots !== undefined), config, gather));
}

/**
 * sigmoid(logit) × mask, in place. Non-finite logits cannot come from finite inputs, but a corrupt
 * weight file could produce them; they score 0.5 so the contract "never NaN scores" holds.
 */
function probabilities(logits: Float32Array, mask: Float32Array): Float32Array {
  for (let i = 0; i < logits.length; i++) {
    const z = Number.isFinite(logits[i]) ? logits[i] : 0;
    logits[i] = mask[i] > 0 ? 1 / (1 + Math.exp(-z)) : 0;
  }
  return logits;
}
