import * as tf from "@tensorflow/tfjs-core";
import type { EncodedBatch } from "../../model/features/types";
import type { GatherFn } from "../../model/ranker/forward";
import type { RankerConfig, RankerParams } from "../../model/ranker/types";

/**
 * Test oracle only: the ranker's forward pass as it was before it was fused (pocketrank commit a4fe1b2,
 * model/ranker/forward.ts), op for op: unfused dense layers, the query projected per candidate, the
 * mean history broadcast to every candidate, masks computed in the graph. Tests hold the product's
 * single forward pass (model/ranker/forward.ts) to its logits within 1e-5; nothing else may call it.
 * @example const logits = referenceLogits(params, config, encoded); // Float32Array [G·N]
 */
export function referenceLogits(params: RankerParams, config: RankerConfig, e: EncodedBatch): Float32Array {
  const logits = tf.tidy(() => referenceForward(params, config, e));
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return values;
}

/** {@link referenceLogits} as a tensor (differentiable in `params`); `gather` as the old pass took it. */
export function referenceForward(
  params: RankerParams,
  config: RankerConfig,
  e: EncodedBatch,
  gather: GatherFn = (table, ids) => tf.gather(table, ids),
): tf.Tensor2D {
  const { groups: G, candidatesPerGroup: N, maxHistory: L, maxCategories: C, numFeatures: F } = e;
  const D = config.embeddingDim;
  const historyItems = tf.tensor2d(e.historyItems, [G, L], "int32");
  const historyMask = tf.tensor2d(e.historyMask, [G, L], "float32");
  const candidateItems = tf.tensor2d(e.candidateItems, [G, N], "int32");
  const features = tf.tensor3d(e.features, [G, N, F], "float32");
  const categoryMean = (cats: Int32Array, S: number) => {
    const ids = tf.tensor1d(cats, "int32");
    const weights = tf.tensor3d(categoryWeights(cats, C), [G * S, 1, C]);
    const emb = tf.reshape(gather(params.categoryEmbedding, ids), [G * S, C, D]) as tf.Tensor3D;
    return tf.reshape(tf.matMul(weights, emb), [G, S, D]);
  };
  const hMask = tf.expandDims(historyMask, -1);
  const hist = tf.mul(
    tf.add(
      tf.add(
        tf.reshape(gather(params.itemEmbedding, tf.reshape(historyItems, [-1])), [G, L, D]),
        categoryMean(e.historyCategories, L),
      ),
      tf.expandDims(params.positionEmbedding, 0),
    ),
    hMask,
  ) as tf.Tensor3D;
  const cand = tf.add(
    tf.reshape(gather(params.itemEmbedding, tf.reshape(candidateItems, [-1])), [G, N, D]),
    categoryMean(e.candidateCategories, N),
  ) as tf.Tensor3D;
  const query = tf.reshape(tf.matMul(tf.reshape(cand, [G * N, D]), params.attentionQuery as tf.Tensor2D), [
    G,
    N,
    D,
  ]) as tf.Tensor3D;
  const scores = tf.div(tf.matMul(query, hist, false, true), Math.sqrt(D));
  const blocked = tf.mul(tf.sub(1, tf.expandDims(historyMask, 1)), -1e9);
  const attention = tf.softmax(tf.add(scores, blocked), -1) as tf.Tensor3D;
  const attended = tf.matMul(attention, hist);
  const histMean = tf.div(tf.sum(hist, 1, true), tf.maximum(tf.sum(hMask, 1, true), 1));
  const x = tf.reshape(
    tf.concat([cand, attended, tf.mul(cand, attended), tf.add(tf.zerosLike(cand), histMean), features], -1),
    [G * N, 4 * D + F],
  );
  let h = x as tf.Tensor2D;
  config.hiddenUnits.forEach((_, i) => {
    h = tf.relu(
      tf.add(tf.matMul(h, params[`dense${i}/kernel`] as tf.Tensor2D), params[`dense${i}/bias`]),
    ) as tf.Tensor2D;
  });
  const deep = tf.add(tf.matMul(h, params["output/kernel"] as tf.Tensor2D), params["output/bias"]);
  const wide = tf.matMul(tf.reshape(features, [G * N, F]), params.wide as tf.Tensor2D);
  return tf.reshape(tf.add(deep, wide), [G, N]) as tf.Tensor2D;
}

function categoryWeights(cats: Int32Array, C: number): Float32Array {
  const weights = new Float32Array(cats.length);
  for (let slot = 0; slot < cats.length; slot += C) {
    let present = 0;
    for (let k = 0; k < C; k++) if (cats[slot + k] > 0) present++;
    for (let k = 0; k < C && present > 0; k++) if (cats[slot + k] > 0) weights[slot + k] = 1 / present;
  }
  return weights;
}
