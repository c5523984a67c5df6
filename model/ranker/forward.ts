import * as tf from "@tensorflow/tfjs";
import type { EncodedBatch } from "../features/types";
import type { RankerConfig, RankerParams } from "./types";

/** The encoded batch as tf tensors (see {@link toTensors}). */
export interface RankerTensors {
  historyItems: tf.Tensor2D;
  historyCategories: tf.Tensor3D;
  /** Weight of each category slot in its item's category mean: 1 / (categories present), 0 if absent. */
  historyCategoryWeights: tf.Tensor3D;
  historyMask: tf.Tensor2D;
  candidateItems: tf.Tensor2D;
  candidateCategories: tf.Tensor3D;
  candidateCategoryWeights: tf.Tensor3D;
  candidateMask: tf.Tensor2D;
  features: tf.Tensor3D;
}

/**
 * Wraps an {@link EncodedBatch} in tensors; the caller disposes them (or runs inside tf.tidy).
 * @example const t = toTensors(encodeBatch(input, config));
 */
export function toTensors(e: EncodedBatch): RankerTensors {
  const { groups: G, candidatesPerGroup: N, maxHistory: L, maxCategories: C, numFeatures: F } = e;
  return {
    historyItems: tf.tensor2d(e.historyItems, [G, L], "int32"),
    historyCategories: tf.tensor3d(e.historyCategories, [G, L, C], "int32"),
    historyCategoryWeights: tf.tensor3d(categoryWeights(e.historyCategories, C), [G, L, C], "float32"),
    historyMask: tf.tensor2d(e.historyMask, [G, L], "float32"),
    candidateItems: tf.tensor2d(e.candidateItems, [G, N], "int32"),
    candidateCategories: tf.tensor3d(e.candidateCategories, [G, N, C], "int32"),
    candidateCategoryWeights: tf.tensor3d(categoryWeights(e.candidateCategories, C), [G, N, C], "float32"),
    candidateMask: tf.tensor2d(e.candidateMask, [G, N], "float32"),
    features: tf.tensor3d(e.features, [G, N, F], "float32"),
  };
}

/**
 * Per slot of C category buckets, 1 / (buckets present) for each present bucket and 0 for bucket 0
 * ("none"), so that the category mean is one weighted sum. Computed here in JS: in the graph it took a
 * compare, a cast, two sums and a division over [G, S, C, D], about 0.4 ms per call on wasm at 500 slots.
 */
function categoryWeights(cats: Int32Array, C: number): Float32Array {
  const weights = new Float32Array(cats.length);
  for (let slot = 0; slot < cats.length; slot += C) {
    let present = 0;
    for (let k = 0; k < C; k++) if (cats[slot + k] > 0) present++;
    for (let k = 0; k < C && present > 0; k++) if (cats[slot + k] > 0) weights[slot + k] = 1 / present;
  }
  return weights;
}

/** Embedding lookup; training swaps in a gather with a faster gradient (model/train/scatterGather). */
export type GatherFn = (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;

/** Mean of the embeddings of up to C category buckets per slot (a [1, C] × [C, D] product per slot). */
function categoryMean(
  table: tf.Tensor,
  cats: tf.Tensor3D,
  weights: tf.Tensor3D,
  gather: GatherFn,
): tf.Tensor3D {
  const [G, S, C] = cats.shape;
  const D = table.shape[1] as number;
  const emb = tf.reshape(gather(table, tf.reshape(cats, [-1])), [G * S, C, D]);
  const mean = tf.matMul(tf.reshape(weights, [G * S, 1, C]), emb as tf.Tensor3D);
  return tf.reshape(mean, [G, S, D]);
}

/**
 * The ranker's single forward pass → logits [G, N]. Target attention (DIN, Zhou et al. 2018;
 * EdgeRec, Gong et al. 2020): each candidate (item + category embedding) queries the recent history
 * (item + category + recency-position embeddings); the attended summary, the candidate, their
 * product, the mean history and the dense edge/context features feed an MLP; a linear "wide" term
 * over the dense features is added (Wide & Deep, Cheng et al. 2016). Empty histories attend to
 * nothing and give a zero summary, never NaN. `gather` only changes how gradients are computed.
 * @example const logits = tf.tidy(() => forward(params, toTensors(encoded), config));
 */
export function forward(
  params: RankerParams,
  t: RankerTensors,
  config: RankerConfig,
  gather: GatherFn = (table, ids) => tf.gather(table, ids),
): tf.Tensor2D {
  return tf.tidy(() => {
    const [G, N] = t.candidateItems.shape;
    const L = config.maxHistory;
    const D = config.embeddingDim;
    const F = config.featureNames.length;
    const hMask = tf.expandDims(t.historyMask, -1); // [G, L, 1]
    const hist = tf.mul(
      tf.add(
        tf.add(
          tf.reshape(gather(params.itemEmbedding, tf.reshape(t.historyItems, [-1])), [G, L, D]),
          categoryMean(params.categoryEmbedding, t.historyCategories, t.historyCategoryWeights, gather),
        ),
        tf.expandDims(params.positionEmbedding, 0),
      ),
      hMask,
    ) as tf.Tensor3D; // [G, L, D]
    const cand = tf.add(
      gather(params.itemEmbedding, tf.reshape(t.candidateItems, [-1])).reshape([G, N, D]),
      categoryMean(params.categoryEmbedding, t.candidateCategories, t.candidateCategoryWeights, gather),
    ) as tf.Tensor3D; // [G, N, D]

    const query = tf.reshape(tf.matMul(tf.reshape(cand, [G * N, D]), params.attentionQuery as tf.Tensor2D), [
      G,
      N,
      D,
    ]);
    const scores = tf.div(tf.matMul(query as tf.Tensor3D, hist, false, true), Math.sqrt(D)); // [G, N, L]
    const blocked = tf.mul(tf.sub(1, tf.expandDims(t.historyMask, 1)), -1e9);
    const attention = tf.softmax(tf.add(scores, blocked), -1);
    const attended = tf.matMul(attention, hist); // [G, N, D]
    const histMean = tf.div(tf.sum(hist, 1, true), tf.maximum(tf.sum(hMask, 1, true), 1)); // [G, 1, D]

    const x = tf.reshape(
      // The mean history is broadcast to every candidate by an add (tf.tile costs ~0.5 ms on wasm at 500).
      tf.concat(
        [cand, attended, tf.mul(cand, attended), tf.add(tf.zerosLike(cand), histMean), t.features],
        -1,
      ),
      [G * N, 4 * D + F],
    );
    let h: tf.Tensor2D = x as tf.Tensor2D;
    config.hiddenUnits.forEach((_, i) => {
      h = tf.relu(
        tf.add(tf.matMul(h, params[`dense${i}/kernel`] as tf.Tensor2D), params[`dense${i}/bias`]),
      ) as tf.Tensor2D;
    });
    const deep = tf.add(tf.matMul(h, params["output/kernel"] as tf.Tensor2D), params["output/bias"]);
    const wide = tf.matMul(tf.reshape(t.features, [G * N, F]), params.wide as tf.Tensor2D);
    return tf.reshape(tf.add(deep, wide), [G, N]) as tf.Tensor2D;
  });
}
