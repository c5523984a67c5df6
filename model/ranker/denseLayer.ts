import * as tf from "@tensorflow/tfjs-core";
import { folded } from "./foldConstants";
import type { RankerParams } from "./types";

/**
 * activation(a·W + bias) with W [in, out] and a rank-1 bias. With W folded as rank 3 (`rank3`, from
 * foldConstants: scoring) it is the backends' fused product kernel called directly, on rank-3 operands
 * [1, rows, ·] as every backend's kernel takes them, and its result stays rank 3: tf.fused.matMul would
 * reshape both operands and the result (three Reshape kernels) and set up a custom gradient that scoring
 * never uses. Without it (training, whose gradients this kernel does not define) tf.fused.matMul. The same
 * kernel does the arithmetic either way: the same values to the bit.
 */
export function fusedProduct(
  a: tf.Tensor,
  w: { rank2: tf.Tensor2D; rank3?: tf.Tensor },
  bias: tf.Tensor,
  activation: "relu" | "linear",
): tf.Tensor {
  if (!w.rank3) return tf.fused.matMul({ a: a as tf.Tensor2D, b: w.rank2, bias, activation });
  const a3 = a.rank === 3 ? a : tf.reshape(a, [1, ...a.shape]);
  return tf
    .engine()
    .runKernel(
      tf._FusedMatMul,
      { a: a3, b: w.rank3, bias },
      { transposeA: false, transposeB: false, activation },
    );
}

/** A dense layer after the first (forward's layers[i], i ≥ 1) on h [rows, in] or [1, rows, in]. */
export function denseLayer(
  params: RankerParams,
  layer: string,
  h: tf.Tensor,
  activation: "relu" | "linear",
): tf.Tensor {
  const name = `${layer}/kernel`;
  const w = { rank2: params[name] as tf.Tensor2D, rank3: params[folded.rank3(name)] };
  return fusedProduct(h, w, params[`${layer}/bias`], activation);
}
