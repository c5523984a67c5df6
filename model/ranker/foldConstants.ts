import * as tf from "@tensorflow/tfjs-core";
import type { RankerConfig, RankerParams } from "./types";

/** The per-model terms {@link foldConstants} adds, by the name forward looks them up under. */
export const folded = {
  /** attentionQuery / √D. */
  query: "attentionQuery:scaled",
  /** The first layer's kernel rows for one of its inputs (cand, attended, product, mean, features). */
  firstRows: (layer: string, input: string) => `${layer}/kernel:${input}`,
  /** A kernel [in, out] as [1, in, out], the rank that the backends' fused product kernel takes (denseLayer). */
  rank3: (kernel: string) => `${kernel}:rank3`,
};

/** The dense layers' weight names in order (forward's layers): dense0, dense1, …, output. */
export function denseLayerNames(config: RankerConfig): string[] {
  return [...config.hiddenUnits.map((_, i) => `dense${i}`), "output"];
}

/**
 * The weights plus their per-model terms, computed once (for scoring; training's weights change every
 * step and keep computing them in the pass): the scaled attention query, the first layer's kernel
 * split by input, and the kernels of fused products as rank 3 (so forward calls the fused kernel itself:
 * fusedProduct). forward reads them when present, so a request skips a product and a split. Same values
 * to the bit. The caller disposes the returned tensors with the weights (they are entries of the
 * returned record).
 * @example const prepared = foldConstants(params, config); scoreCandidates(prepared, config, encoded);
 */
export function foldConstants(params: RankerParams, config: RankerConfig): RankerParams {
  const D = config.embeddingDim;
  const [layer, ...later] = denseLayerNames(config); // the first: dense0, or output with no hidden layer
  const kernel = params[`${layer}/kernel`] as tf.Tensor2D;
  const derived: RankerParams = tf.tidy(() => {
    const rows = splitKernel(kernel, D);
    const named: RankerParams = { [folded.query]: tf.mul(params.attentionQuery, 1 / Math.sqrt(D)) };
    for (const [input, t] of Object.entries(rows)) named[folded.firstRows(layer, input)] = t;
    // The kernels of fusedProduct: the first layer's feature rows (with a history of one position or none)
    // and the later layers'.
    const fused: [string, tf.Tensor][] = [
      [folded.firstRows(layer, "features"), rows.features],
      ...later.map((name) => [`${name}/kernel`, params[`${name}/kernel`]] as [string, tf.Tensor]),
    ];
    for (const [name, k] of fused) named[folded.rank3(name)] = tf.reshape(k, [1, ...k.shape]);
    return named;
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
