import * as tf from "@tensorflow/tfjs";

/**
 * `tf.gather(table, ids)` with a hand-written gradient: a scatter-add in plain JS.
 * Why: the gradient of tf.gather is UnsortedSegmentSum, which the tfjs CPU backend implements as
 * one masked sum per segment (tfjs-backend-cpu kernels/UnsortedSegmentSum.js), i.e.
 * O(vocabulary × rows) work and thousands of kernel launches per step — minutes per step for a
 * 43k-item table — and the wasm backend has no kernel for it at all. The scatter-add is O(rows × D).
 * Forward values are identical to tf.gather; only training uses this.
 * @example const emb = scatterGather(params.itemEmbedding, ids); // differentiable w.r.t. the table
 */
export function scatterGather(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [V, D] = table.shape as [number, number];
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const value = tf.gather(inputs[0] as tf.Tensor, ids);
    // Read the ids now: intermediate id tensors are disposed before the backward pass runs.
    const idx = Int32Array.from(ids.dataSync());
    const gradFunc = (dy: tf.Tensor) => {
      const g = dy.dataSync();
      const out = new Float32Array(V * D);
      for (let k = 0; k < idx.length; k++) {
        const row = idx[k] * D;
        const src = k * D;
        for (let j = 0; j < D; j++) out[row + j] += g[src + j];
      }
      return tf.tensor2d(out, [V, D]);
    };
    return { value, gradFunc };
  });
  return op(table);
}
