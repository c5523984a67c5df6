import * as tf from "@tensorflow/tfjs-core";
import { denseLayer } from "./denseLayer";
import { type FirstLayerInput, firstLayer } from "./firstLayer";
import { denseLayerNames, folded } from "./foldConstants";
import { asTensor, type RankerTensors, type SlotValues } from "./toTensors";
import type { RankerConfig, RankerParams } from "./types";

/**
 * Ids [S, k] into one embedding table, named as in the weights: one part of a slot's rows. By name, as a
 * gather may hold a table on the host that the weights have no tensor of (hostGather's host tables).
 */
export type SlotRows = { table: string; ids: SlotValues };

/**
 * Embedding lookup; training swaps in a gather with a faster gradient (model/train/scatterGather).
 * `embedSlots`, when given, computes a slot's weighted sum of its rows (below) in one step instead of
 * gathers + concat + product (see hostGather: on wasm and cpu that is a loop over host copies);
 * undefined from it means "not these tables", and the graph's way is taken (ids and weights left on the
 * host, see toTensors, are uploaded then).
 */
export type GatherFn = ((table: tf.Tensor, ids: tf.Tensor) => tf.Tensor) & {
  embedSlots?: (parts: SlotRows[], weights: SlotValues<tf.Tensor3D>) => tf.Tensor2D | undefined;
};

/**
 * The ranker's single forward pass → logits [G, N]. Target attention (DIN, Zhou et al. 2018;
 * EdgeRec, Gong et al. 2020): each candidate (item + category embedding) queries the recent history
 * (item + category + recency-position embeddings); the attended summary, the candidate, their
 * product, the mean history and the dense edge/context features feed an MLP; a linear "wide" term
 * over the dense features is added (Wide & Deep, Cheng et al. 2016). Empty histories attend to
 * nothing and give a zero summary, never NaN. `gather` only changes how embedding rows are fetched (and summed).
 *
 * Written for few kernels (each costs a dispatch that outweighs the arithmetic at these sizes):
 * - a slot's embedding is one weighted sum of its rows (item, position, categories), one product;
 * - per-model terms (the scaled query, the first kernel's split) come from foldConstants when scoring;
 * - per-request terms are computed once per request, not once per candidate: the attention keys
 *   (history × query matrix, so no [N, D] × [D, D] product) and the mean history's share of the first
 *   layer (a bias, instead of the mean broadcast to every candidate and multiplied again);
 * - dense layers after the first are the fused product kernel with bias and activation, called directly
 *   on rank-3 operands when scoring (denseLayer); with one request (the browser) the first layer's attended
 *   rows and per-request bias are one product of the attention weights (firstLayer), and its four products
 *   one AddN.
 * @example const logits = tf.tidy(() => forward(params, toTensors(encoded), config));
 */
export function forward(
  params: RankerParams,
  t: RankerTensors,
  config: RankerConfig,
  gather: GatherFn = (table, ids) => tf.gather(table, ids),
): tf.Tensor2D {
  return tf.tidy(() => {
    const { groups: G, candidatesPerGroup: N } = t;
    const L = t.historyLength;
    const D = config.embeddingDim;
    const embed = (parts: SlotRows[], weights: SlotValues<tf.Tensor3D>) =>
      gather.embedSlots?.(parts, weights) ??
      embedSlots(
        parts.map((p) => gather(tableOf(params, p.table), asTensor(p.ids))),
        asTensor(weights),
      );
    const cand = embed(
      [
        { table: "itemEmbedding", ids: t.candidateItems },
        { table: "categoryEmbedding", ids: t.candidateCategories },
      ],
      t.candidateWeights,
    ); // [G·N, D]
    const features = t.features;
    const history = () =>
      embed(
        [
          { table: "itemEmbedding", ids: t.historyItems },
          { table: "positionEmbedding", ids: t.historyPositions },
          { table: "categoryEmbedding", ids: t.historyCategories },
        ],
        t.historyWeights,
      ); // [G·L, D], zero rows for padding
    // A history of one position (one item, or none) needs no attention: see firstLayer. A padded one (a
    // first visit's: none) is a zero row, not embedded at all.
    const input: FirstLayerInput =
      G === 1 && L === 1
        ? { cand, features, onlyRow: t.attentionBias ? null : history() }
        : G === 1
          ? { cand, features, ...attendOne(params, t, cand, history(), D) }
          : { cand, features, ...attend(params, t, cand, history(), D) };

    const layers = denseLayerNames(config);
    let h: tf.Tensor = firstLayer(params, layers[0], input, D, G, layers.length > 1 ? "relu" : "linear");
    for (let i = 1; i < layers.length; i++)
      h = denseLayer(params, layers[i], h, i < layers.length - 1 ? "relu" : "linear");
    const wide = tf.matMul(features, params.wide as tf.Tensor2D); // added to h [G·N, 1] or [1, G·N, 1]
    return tf.reshape(tf.add(h, wide), [G, N]) as tf.Tensor2D;
  });
}

/**
 * attend for one request (the browser's), in two dimensions throughout (no reshapes): the attention weights
 * [N, L] and the history rows [L, D] are returned beside the attended rows, so that the first layer can
 * apply its attended-row kernel per request (firstLayer). With no hole in the history there is no mask.
 */
function attendOne(
  params: RankerParams,
  t: RankerTensors,
  cand: tf.Tensor2D,
  history: tf.Tensor2D,
  D: number,
): { weights: tf.Tensor2D; rows: tf.Tensor2D; attended: tf.Tensor2D; histMean: tf.Tensor2D } {
  const logits = attentionLogits(
    params,
    cand,
    history,
    1,
    t.candidatesPerGroup,
    t.historyLength,
    D,
  ) as tf.Tensor2D;
  const scores = t.attentionBias ? tf.add(logits, tf.reshape(t.attentionBias, [1, -1])) : logits;
  const weights = tf.softmax(scores) as tf.Tensor2D; // [N, L]
  const attended = tf.matMul(weights, history) as tf.Tensor2D;
  return {
    weights,
    rows: history,
    attended,
    histMean: tf.matMul(t.historyMeanWeights, history) as tf.Tensor2D,
  };
}

/**
 * Each candidate's attended history row [G·N, D] and the mean history [G, D]: softmax over the history
 * positions of the attention logits (padding masked by the bias), times the history rows.
 */
function attend(
  params: RankerParams,
  t: RankerTensors,
  cand: tf.Tensor2D,
  history: tf.Tensor2D,
  D: number,
): { attended: tf.Tensor2D; histMean: tf.Tensor2D } {
  const { groups: G, candidatesPerGroup: N, historyLength: L } = t;
  const hist = tf.reshape(history, [G, L, D]) as tf.Tensor3D;
  // Not fused with the mask: tfjs-backend-wasm 4.22's _FusedMatMul with transposeB on a batch drifts by
  // ~3e-4 from the plain product (model/ranker/forward.test.ts caught it); a plain product + add is exact.
  const logits = attentionLogits(params, cand, history, G, N, L, D); // [G, N, L]
  const scores = t.attentionBias ? tf.add(logits, t.attentionBias) : logits;
  const attended = tf.reshape(tf.matMul(tf.softmax(scores), hist), [G * N, D]) as tf.Tensor2D;
  const meanWeights = tf.reshape(t.historyMeanWeights, [G, 1, L]) as tf.Tensor3D;
  const histMean = tf.reshape(tf.matMul(meanWeights, hist), [G, D]) as tf.Tensor2D;
  return { attended, histMean };
}

/**
 * q·k/√D for every candidate q = cand·Q and history key k → [G, N, L] ([N, L] with one request): the same as cand·k' with keys
 * k' = hist·Qᵀ/√D, computed on L rows. With one request the keys are made as [D, L] (Q·histᵀ/√D), so the
 * big product needs no transposed operand: on wasm a product with transposeB over N rows cost 5× the
 * plain one (0.33 vs 0.07 ms at 500 candidates, tf.profile in Node).
 */
function attentionLogits(
  params: RankerParams,
  cand: tf.Tensor2D,
  history: tf.Tensor2D,
  G: number,
  N: number,
  L: number,
  D: number,
): tf.Tensor {
  const query = params[folded.query] ?? tf.mul(params.attentionQuery, 1 / Math.sqrt(D));
  if (G === 1) return tf.matMul(cand, tf.matMul(query, history, false, true)); // [N, L]
  const keys = tf.matMul(history, query, false, true);
  return tf.matMul(tf.reshape(cand, [G, N, D]), tf.reshape(keys, [G, L, D]), false, true);
}

/** The weights' tensor of an embedding table; one kept only on the host is refused by name. */
function tableOf(params: RankerParams, name: string): tf.Tensor {
  const table = params[name];
  if (!table) throw new Error(`forward: no tensor of ${name}, and the gather does not embed it`);
  return table;
}

/** Σ weight × row per slot: rows [S, R, D] from the parts (concatenated), weights [S, 1, R] → [S, D]. */
function embedSlots(parts: tf.Tensor[], weights: tf.Tensor3D): tf.Tensor2D {
  const rows = tf.concat(parts, 1) as tf.Tensor3D;
  const [S, , D] = rows.shape;
  return tf.reshape(tf.matMul(weights, rows), [S, D]);
}
