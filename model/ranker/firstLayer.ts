import * as tf from "@tensorflow/tfjs-core";
import { fusedProduct } from "./denseLayer";
import { folded, type KernelRows, splitKernel } from "./foldConstants";
import type { RankerParams } from "./types";

/**
 * What the first layer reads: per candidate [cand, attended, features] (rows of G·N), per request histMean
 * [G, D]; for one request, also its attention weights [N, L] and history rows [L, D] (`weights`, `rows`);
 * or, for one request whose history has one position, that position's row [1, D] (`onlyRow`; null when it
 * is padding: a zero row).
 */
export type FirstLayerInput = { cand: tf.Tensor2D; features: tf.Tensor2D } & (
  | { attended: tf.Tensor2D; histMean: tf.Tensor2D; weights?: undefined }
  | { attended: tf.Tensor2D; histMean: tf.Tensor2D; weights: tf.Tensor2D; rows: tf.Tensor2D }
  | { onlyRow: tf.Tensor2D | null }
);

/**
 * The first dense layer over [cand, attended, cand ∘ attended, mean history, features], forward's layers[0].
 * The mean history's rows are applied once per request and join the bias. With one request (the browser)
 * the rest is one sum of four products (oneRequestLayer): no [N, 3D + F] concat (on wasm at 500 candidates
 * the concat + one product cost 1.5× the four products; Node, interleaved). Several requests (training
 * batches) concatenate and take one product with a bias row per group.
 */
export function firstLayer(
  params: RankerParams,
  layer: string,
  input: FirstLayerInput,
  D: number,
  G: number,
  activation: "relu" | "linear",
): tf.Tensor {
  const k = kernelRows(params, layer, D);
  if ("onlyRow" in input) {
    const features = { rank2: k.features, rank3: params[folded.rank3(folded.firstRows(layer, "features"))] };
    return oneRowLayer(input, k, features, params[`${layer}/bias`], D, activation);
  }
  if (input.weights) return oneRequestLayer(input, k, params[`${layer}/bias`], activation);
  const { cand, attended, features, histMean } = input;
  const meanShare = tf.matMul(histMean, k.mean); // [G, H]
  const bias = params[`${layer}/bias`];
  const product = tf.mul(cand, attended);
  const x = tf.concat([cand, attended, product, features], 1) as tf.Tensor2D; // [G·N, 3D + F]
  const w = tf.concat([k.cand, k.attended, k.product, k.features], 0) as tf.Tensor2D;
  const H = w.shape[1];
  const sum = tf.add(tf.reshape(tf.matMul(x, w), [G, -1, H]), tf.reshape(tf.add(meanShare, bias), [G, 1, H]));
  return tf.reshape(activation === "relu" ? tf.relu(sum) : sum, [-1, H]) as tf.Tensor2D;
}

/**
 * The first layer for one request whose history has one position, row r (zero for an empty history): a
 * softmax over one position weighs it 1, so every candidate's attended row and the mean history are r, and
 *   cand·Kc + r·Ka + (cand ∘ r)·Kp + r·Km + features·Kf + b = cand·(Kc + diag(r)·Kp) + features·Kf + (r·(Ka + Km) + b):
 * the attention's kernels go, and the four [N, ·] products become two (the reassociation moves the sums by
 * float rounding only, tested within 1e-5 of the reference). With no history (r = 0, `onlyRow` null: a first
 * visit) that is cand·Kc + features·Kf + b, with no per-request kernel.
 */
function oneRowLayer(
  input: { cand: tf.Tensor2D; features: tf.Tensor2D; onlyRow: tf.Tensor2D | null },
  k: KernelRows,
  features: Parameters<typeof fusedProduct>[1],
  bias: tf.Tensor,
  D: number,
  activation: "relu" | "linear",
): tf.Tensor {
  const r = input.onlyRow;
  const kCand = r ? tf.add(k.cand, tf.mul(tf.reshape(r, [D, 1]), k.product)) : k.cand;
  // Rank 1: tfjs-backend-wasm's _FusedMatMul checks the rank of the bias's data, which a reshape keeps.
  const perRequest = r ? tf.add(tf.reshape(tf.matMul(r, tf.add(k.attended, k.mean)), [-1]), bias) : bias;
  // [N, H] + [1, N, H] when scoring (fusedProduct's rank 3, which the next layer takes as it is).
  const sum = tf.add(
    tf.matMul(input.cand, kCand),
    fusedProduct(input.features, features, perRequest, "linear"),
  );
  return activation === "relu" ? tf.relu(sum) : sum;
}

/**
 * The first layer for one request with attention weights P [N, L] over history rows R [L, D]: its attended
 * rows are P·R, and since every row of P sums to 1,
 *   (P·R)·Ka + mean·Km + b = P·(R·Ka + 1·(mean·Km + b)) = P·V,
 * with V [L, H] made once per request. So the attended rows' product and the per-request bias become one
 * [N, L] × [L, H] product (no fused bias, whose wrapper costs three reshapes), and the four products are
 * summed by one AddN instead of three Adds. The rows of P sum to 1 within float rounding, so the bias moves
 * by rounding only (tested within 1e-5 of the reference).
 */
function oneRequestLayer(
  input: Extract<FirstLayerInput, { weights: tf.Tensor2D }>,
  k: KernelRows,
  bias: tf.Tensor,
  activation: "relu" | "linear",
): tf.Tensor2D {
  const { cand, features, weights, rows, attended, histMean } = input;
  const values = tf.add(tf.matMul(rows, k.attended), tf.add(tf.matMul(histMean, k.mean), bias)); // [L, H]
  const sum = tf.addN([
    tf.matMul(cand, k.cand),
    tf.matMul(weights, values),
    tf.matMul(tf.mul(cand, attended), k.product),
    tf.matMul(features, k.features),
  ]) as tf.Tensor2D;
  return activation === "relu" ? tf.relu(sum) : sum;
}

/** The first kernel split by input: folded once (foldConstants) when scoring, else split here. */
function kernelRows(params: RankerParams, layer: string, D: number): KernelRows {
  const names = ["cand", "attended", "product", "mean", "features"] as const;
  const stored = names.map((name) => params[folded.firstRows(layer, name)] as tf.Tensor2D | undefined);
  if (stored.every((t) => t !== undefined))
    return Object.fromEntries(names.map((n, i) => [n, stored[i]])) as KernelRows;
  return splitKernel(params[`${layer}/kernel`] as tf.Tensor2D, D);
}
