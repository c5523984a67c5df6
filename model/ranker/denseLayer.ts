import * as tf from "@tensorflow/tfjs-core";
import { folded } from "./foldConstants";
import type { RankerParams } from "./types";

/**
 * One dense layer after the first, activation(h·W + b). With the layer's kernel folded as rank 3
 * (foldConstants: scoring) it is the backends' fused product kernel called directly, on rank-3 operands
 * [1, rows, ·] as every backend's kernel takes them: tf.fused.matMul would reshape both operands and its
 * result (three Reshape kernels per layer) and set up a custom gradient that scoring never uses. So h is
 * made rank 3 once, before the first such layer, and stays so. Unfolded weights (training, whose
 * gradients this kernel does not define) take tf.fused.matMul. Either way the same kernel does the
 * arithmetic: the same values to the bit.
 */
export function denseLayer(
  params: RankerParams,
  layer: string,
  h: tf.Tensor,
  activation: "relu" | "linear",
): tf.Tensor {
  const bias = params[`${layer}/bias`];
  const kernel = params[folded.rank3Kernel(layer)];
  if (!kernel) {
    const b = params[`${layer}/kernel`] as tf.Tensor2D;
    return tf.fused.matMul({ a: h as tf.Tensor2D, b, bias, activation });
  }
  const a = h.rank === 3 ? h : tf.reshape(h, [1, ...h.shape]);
  return tf
    .engine()
    .runKernel(tf._FusedMatMul, { a, b: kernel, bias }, { transposeA: false, transposeB: false, activation });
}
