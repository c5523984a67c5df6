import * as tf from "@tensorflow/tfjs-core";
import type { RankerConfig, RankerParams } from "./types";

/** The per-model terms {@link foldConstants} adds, by the name forward looks them up under. */
export const folded = {
  /** attentionQuery / √D. */
  query: "attentionQuery:scaled",
  /** The first layer's kernel rows for one of its inputs (cand, attended, product, mean, features). */
  firstRows: (layer: string, input: string) => `${layer}/kernel:${input}`,
  /** A later dense layer's kernel [1, in, out], the rank that the backends' fused product kernel takes (denseLayer). */
  rank3Kernel: (layer: string) => `${layer}/kernel:rank3`,
};

/** The dense layers' weight names in order (forward's layers): dense0, dense1, …, output. */
export function denseLayerNames(config: RankerConfig): string[] {
  return [...config.hiddenUnits.map((_, i) => `dense${i}`), "output"];
}

/**
 * The weights plus their per-model terms, computed once (for scoring; training's weights change every
 * step and keep computing them in the pass): the scaled attention query, the first layer's kernel
 * split by input and the later layers' kernels as rank 3 (so forward calls the fused kernel itself:
 * denseLayer). forward reads them when present, so a request skips a product and a split. Same values
 * to the bit. The caller disposes the returned tensors with the weights (they are entries of the
 * returned record).
 * @example const prepared = foldConstants(params, config); scoreCandidates(prepared, config, encoded);
 */
export function foldConstants(params: RankerParams, config: RankerConfig): RankerParams {
  const D = config.embeddingDim;
  const [layer, ...later] = denseLayerNames(config); // the first: dense0, or output with no hidden layer
  const kernel = params[`${layer}/kernel`] as tf.Tensor2D;
  const derived: RankerParams = tf.tidy(() => {
    const rows = Object.entries(splitKernel(kernel, D)).map(([input, t]) => [
      folded.firstRows(layer, input),
      t,
    ]);
    const rank3 = later.map((name) => {
      const k = params[`${name}/kernel`] as tf.Tensor2D;
      return [folded.rank3Kernel(name), tf.reshape(k, [1, ...k.shape])];
    });
    return {
      [folded.query]: tf.mul(params.attentionQuery, 1 / Math.sqrt(D)),
      ...Object.fromEntries(rows),
      ...Object.fromEntries(rank3),
    };
  });
  return { ...params, ...derived };
}

/** The first kernel's rows by the input they multiply. */
export type KernelRows = Record<"cand" | "attended" | "product" | "mean" | "features", tf.Tensor2D>;

/** The first kernel's rows [cand D | attended D | product D | mean D | features F] as five tensors. */
export function splitKernel(kernel: tf.Tensor2D, D: number): KernelRows {
  const [cand, attended, product, mean, features] = tf.split(
    kernel,
    [D, D, D, D, kernel.shape[0] - 4 * D],
    0,
  );
  return { cand, attended, product, mean, features } as KernelRows;
}
