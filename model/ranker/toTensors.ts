import * as tf from "@tensorflow/tfjs-core";
import type { EncodedBatch } from "../features/types";

/**
 * A slot's ids or weights left on the host for a gather that reads them there (hostGather): uploading
 * them to the backend only for the gather to read them back would be wasted work on every call.
 */
export type HostValues = { values: Int32Array | Float32Array; shape: number[]; dtype: "int32" | "float32" };

/** Ids or weights of a slot's rows: a tensor, or the {@link HostValues} they would be made from. */
export type SlotValues<T extends tf.Tensor = tf.Tensor> = T | HostValues;

/** The tensor of slot values (uploaded now if they were left on the host). */
export function asTensor<T extends tf.Tensor>(x: SlotValues<T>): T {
  return x instanceof tf.Tensor ? x : (tf.tensor(x.values, x.shape, x.dtype) as T);
}

/** The values of slot values, read on the host (from the backend if they are a tensor). */
export function hostValuesOf(x: SlotValues): Int32Array | Float32Array {
  return x instanceof tf.Tensor ? (x.dataSync() as Int32Array | Float32Array) : x.values;
}

/**
 * An {@link EncodedBatch} as the tensors {@link forward} reads (the slots' ids and weights possibly left
 * on the host, see {@link toTensors}). The masks, the mean and the attention
 * mask are folded into per-slot weights here in JS, where they cost a few µs, instead of a compare,
 * casts, sums and divisions in the graph (each a kernel dispatch).
 */
export interface RankerTensors {
  groups: number;
  candidatesPerGroup: number;
  /** L, the history positions per group in these tensors (see {@link toTensors}). */
  historyLength: number;
  /** [G·L, 1] item buckets of the history, position 0 = most recent. */
  historyItems: SlotValues<tf.Tensor2D>;
  /** [G·L, 1] recency position of each history slot. */
  historyPositions: SlotValues<tf.Tensor2D>;
  /** [G·L, C] category buckets of the history. */
  historyCategories: SlotValues<tf.Tensor2D>;
  /** [G·L, 1, 2 + C] weights of each slot's item, position and category rows (0 for a padded slot). */
  historyWeights: SlotValues<tf.Tensor3D>;
  /**
   * [G, 1, L] 0 for a real history position, -1e9 for padding: added to the attention logits. Undefined
   * when every position is real (nothing to mask: one kernel fewer).
   */
  attentionBias: tf.Tensor3D | undefined;
  /** [G, L] 1 / (positions present) for each real position: the mean history as one product. */
  historyMeanWeights: tf.Tensor2D;
  /** [G·N, 1] item buckets of the candidates. */
  candidateItems: SlotValues<tf.Tensor2D>;
  /** [G·N, C] category buckets of the candidates. */
  candidateCategories: SlotValues<tf.Tensor2D>;
  /** [G·N, 1, 1 + C] weights of each candidate's item and category rows. */
  candidateWeights: SlotValues<tf.Tensor3D>;
  /** [G·N, F] standardised dense features. */
  features: tf.Tensor2D;
}

/**
 * Wraps an {@link EncodedBatch} in tensors; the caller disposes them (or runs inside tf.tidy).
 * With one group (a browser request) the history is cut to the positions up to its last real one (at
 * least one): the positions after it are padding, whose rows are zero and whose attention weight is
 * exp(−1e9) = 0, so the logits are the same while the attention works on L' ≤ maxHistory rows (a
 * first-time shopper's request attends over 1 row, not 20). Batches of several groups keep maxHistory.
 * `slotsOnHost` (for a gather with embedSlots, which reads ids and weights on the host) leaves the slots'
 * ids and weights as {@link HostValues}: forward uploads them only if its gather declines them.
 * @example const t = toTensors(encodeBatch(input, config));
 */
export function toTensors(e: EncodedBatch, slotsOnHost = false): RankerTensors {
  const { groups: G, candidatesPerGroup: N, maxCategories: C, numFeatures: F } = e;
  const L = G === 1 ? usedHistory(e.historyMask) : e.maxHistory;
  const mask = e.historyMask.subarray(0, G * L);
  const historyCategories = e.historyCategories.subarray(0, G * L * C);
  const positions = new Int32Array(G * L);
  for (let i = 0; i < positions.length; i++) positions[i] = i % L;
  const slot = <T extends tf.Tensor>(values: Int32Array | Float32Array, shape: number[]): SlotValues<T> => {
    const host: HostValues = { values, shape, dtype: values instanceof Int32Array ? "int32" : "float32" };
    return slotsOnHost ? host : asTensor<T>(host);
  };
  return {
    groups: G,
    candidatesPerGroup: N,
    historyLength: L,
    historyItems: slot(e.historyItems.subarray(0, G * L), [G * L, 1]),
    historyPositions: slot(positions, [G * L, 1]),
    historyCategories: slot(historyCategories, [G * L, C]),
    historyWeights: slot(slotWeights(historyCategories, C, mask, 2), [G * L, 1, 2 + C]),
    attentionBias: mask.every((m) => m > 0)
      ? undefined
      : tf.tensor3d(
          mask.map((m) => (m > 0 ? 0 : -1e9)),
          [G, 1, L],
        ),
    historyMeanWeights: tf.tensor2d(meanWeights(mask, L), [G, L]),
    candidateItems: slot(e.candidateItems, [G * N, 1]),
    candidateCategories: slot(e.candidateCategories, [G * N, C]),
    candidateWeights: slot(slotWeights(e.candidateCategories, C, undefined, 1), [G * N, 1, 1 + C]),
    features: tf.tensor2d(e.features, [G * N, F], "float32"),
  };
}

/** One past the last real position of a one-group history mask; at least 1, so the shapes stay non-empty. */
function usedHistory(mask: Float32Array): number {
  let used = 1;
  for (let p = 0; p < mask.length; p++) if (mask[p] > 0) used = p + 1;
  return used;
}

/**
 * Per slot: `lead` weights of `mask` (the item row, and the position row for the history) then, for each
 * of its C category buckets, mask / (buckets present), 0 for bucket 0 ("none"): the slot's embedding is
 * then one weighted sum of its rows. Candidates have no mask (padded ones are masked after scoring).
 */
function slotWeights(
  cats: Int32Array,
  C: number,
  mask: Float32Array | undefined,
  lead: number,
): Float32Array {
  const slots = cats.length / C;
  const width = lead + C;
  const weights = new Float32Array(slots * width);
  for (let s = 0; s < slots; s++) {
    const m = mask ? mask[s] : 1;
    let present = 0;
    for (let k = 0; k < C; k++) if (cats[s * C + k] > 0) present++;
    for (let j = 0; j < lead; j++) weights[s * width + j] = m;
    for (let k = 0; k < C && present > 0; k++) {
      if (cats[s * C + k] > 0) weights[s * width + lead + k] = m / present;
    }
  }
  return weights;
}

/** Per group: mask / max(1, positions present), so that weights · history is the mean of the real positions. */
function meanWeights(mask: Float32Array, L: number): Float32Array {
  const weights = new Float32Array(mask.length);
  for (let g = 0; g < mask.length / L; g++) {
    let present = 0;
    for (let p = 0; p < L; p++) present += mask[g * L + p];
    for (let p = 0; p < L; p++) weights[g * L + p] = mask[g * L + p] / Math.max(present, 1);
  }
  return weights;
}
