import * as tf from "@tensorflow/tfjs-core";
import { mulberry32 } from "./random";
import type { RankerConfig, RankerParams } from "./types";

/** Width of the MLP input: candidate, attended history, their product, mean history, dense features. */
export function mlpInputWidth(config: RankerConfig): number {
  return 4 * config.embeddingDim + config.featureNames.length;
}

/**
 * Fresh weights from a seeded generator (so a fixed seed reproduces a run bit for bit):
 * Glorot-uniform matrices (Glorot & Bengio 2010), small uniform embeddings, zero biases.
 * @example const params = initParams(config, 42); Object.keys(params) // ["itemEmbedding", ...]
 */
export function initParams(config: RankerConfig, seed: number): RankerParams {
  const rand = mulberry32(seed);
  const D = config.embeddingDim;
  const uniform = (shape: number[], limit: number) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    for (let i = 0; i < size; i++) v[i] = (rand() * 2 - 1) * limit;
    return tf.tensor(v, shape, "float32");
  };
  const glorot = (fanIn: number, fanOut: number) => uniform([fanIn, fanOut], Math.sqrt(6 / (fanIn + fanOut)));
  const params: RankerParams = {
    itemEmbedding: uniform([config.itemBuckets, D], 0.05),
    categoryEmbedding: uniform([config.categoryBuckets, D], 0.05),
    positionEmbedding: uniform([config.maxHistory, D], 0.05),
    attentionQuery: glorot(D, D),
    wide: wideInit(config),
  };
  let width = mlpInputWidth(config);
  config.hiddenUnits.forEach((units, i) => {
    params[`dense${i}/kernel`] = glorot(width, units);
    params[`dense${i}/bias`] = tf.zeros([units]);
    width = units;
  });
  // A small deep output at init, so the first scores follow the wide term (the generator's order).
  params["output/kernel"] = uniform([width, 1], 0.1 * Math.sqrt(6 / (width + 1)));
  params["output/bias"] = tf.zeros([1]);
  return params;
}

/**
 * The wide weights start at 0 except `retrievalScore`, which starts at 1: the untrained ranker then
 * reproduces the generator's order and training learns corrections to it (a residual over the first
 * stage, as in cascade rankers), instead of starting from a random order.
 */
function wideInit(config: RankerConfig): tf.Tensor {
  return tf.tensor2d(
    config.featureNames.map((n) => [n === "retrievalScore" ? 1 : 0]),
    [config.featureNames.length, 1],
  );
}
