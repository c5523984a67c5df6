import * as tf from "@tensorflow/tfjs-core";
import type { HostWeight, RankerConfig, RankerParams } from "./types";

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
 * to the bit (see {@link foldOnHost}). The caller disposes the returned tensors with the weights (they
 * are entries of the returned record).
 * @example const prepared = foldConstants(params, config); scoreCandidates(prepared, config, encoded);
 */
export function foldConstants(params: RankerParams, config: RankerConfig): RankerParams {
  const [layer, ...later] = denseLayerNames(config);
  const read = (name: string): HostWeight => {
    const t = params[name];
    return { values: t.dataSync() as Float32Array, shape: t.shape };
  };
  const inputs = Object.fromEntries(
    ["attentionQuery", `${layer}/kernel`, ...later.map((name) => `${name}/kernel`)].map((n) => [n, read(n)]),
  );
  const derived = foldedTerms(inputs, config);
  return { ...params, ...tensorsOf(derived) };
}

/**
 * foldConstants on host values (the worker's load, before any tensor exists): `weights` plus the same
 * terms, computed in JavaScript with no backend, so they are the same on every backend. The first kernel's
 * rows and the rank-3 kernels are views of the kernels' values (a split of rows is a slice of a row-major
 * array); the scaled query is its 16 products rounded to float32, as the cpu and wasm kernels round them.
 * @example const folded = foldOnHost(decoded, config); // then one tensor per entry
 */
export function foldOnHost(
  weights: Record<string, HostWeight>,
  config: RankerConfig,
): Record<string, HostWeight> {
  return { ...weights, ...foldedTerms(weights, config) };
}

/** The per-model terms alone (see foldConstants), from host values of the weights they derive from. */
function foldedTerms(weights: Record<string, HostWeight>, config: RankerConfig): Record<string, HostWeight> {
  const D = config.embeddingDim;
  const [layer, ...later] = denseLayerNames(config);
  const query = weights.attentionQuery;
  const scale = Math.fround(1 / Math.sqrt(D));
  const named: Record<string, HostWeight> = {
    [folded.query]: { values: query.values.map((q) => q * scale), shape: query.shape },
  };
  const kernel = weights[`${layer}/kernel`];
  const [inputs, width] = kernel.shape;
  const starts = { cand: 0, attended: D, product: 2 * D, mean: 3 * D, features: 4 * D };
  for (const [input, start] of Object.entries(starts)) {
    const end = input === "features" ? inputs : start + D;
    const values = kernel.values.subarray(start * width, end * width);
    named[folded.firstRows(layer, input)] = { values, shape: [end - start, width] };
  }
  const fused: [string, HostWeight][] = [
    [folded.firstRows(layer, "features"), named[folded.firstRows(layer, "features")]],
    ...later.map((name) => [`${name}/kernel`, weights[`${name}/kernel`]] as [string, HostWeight]),
  ];
  for (const [name, k] of fused) named[folded.rank3(name)] = { values: k.values, shape: [1, ...k.shape] };
  return named;
}

/** One float32 tensor per host weight (its values copied or kept as the backend does for tf.tensor). */
export function tensorsOf(weights: Record<string, HostWeight>): RankerParams {
  const tensors: RankerParams = {};
  for (const [name, w] of Object.entries(weights)) tensors[name] = tf.tensor(w.values, w.shape, "float32");
  return tensors;
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
