import * as tf from "@tensorflow/tfjs";
import type { EncodedBatch } from "../features/types";
import { forward } from "../ranker/forward";
import { mulberry32 } from "../ranker/random";
import { toTensors } from "../ranker/toTensors";
import type { RankerConfig, RankerParams } from "../ranker/types";
import { binaryLogLoss, listwiseSoftmaxLoss } from "../task/loss";
import { takeGroups } from "./batches";
import { scatterGather } from "./scatterGather";

/** Training hyper-parameters. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the pointwise log loss next to the listwise softmax (keeps sigmoid outputs meaningful). */
  pointwiseWeight: number;
  /** L2 penalty on the dense layers (not the embeddings, which are sparse). */
  l2: number;
  seed: number;
  /** Stop starting new epochs after this long (ms); the budget guard for the CLI. */
  timeBudgetMs?: number;
  /** Validation score after each epoch (higher is better); the best checkpoint's weights are kept. */
  validate?: (params: RankerParams) => number;
  /**
   * Also validate every this many steps inside an epoch: with few queries per item the ranker can
   * peak within its first pass over the data and overfit after it.
   */
  validateEvery?: number;
  onStep?: (info: { epoch: number; step: number; steps: number; loss: number }) => void;
  onEpoch?: (info: { epoch: number; loss: number; valid: number | undefined }) => void;
  onCheckpoint?: (info: { epoch: number; step: number; valid: number }) => void;
}

/** What training returns: the best weights and the per-epoch log. */
export interface TrainResult {
  params: RankerParams;
  log: { epoch: number; loss: number; valid: number | undefined }[];
  bestEpoch: number;
}

/**
 * Trains the ranker with Adam on groups of (positive + sampled negatives) with the listwise softmax
 * loss plus a small pointwise term. Deterministic for a fixed seed (shuffling uses mulberry32 and
 * the tfjs CPU kernels are sequential).
 * @example const { params } = trainRanker(initParams(config, 42), config, train, targets, { epochs: 3, ... });
 */
export function trainRanker(
  initial: RankerParams,
  config: RankerConfig,
  train: EncodedBatch,
  targets: Int32Array,
  options: TrainOptions,
): TrainResult {
  const vars: Record<string, tf.Variable> = {};
  for (const [name, t] of Object.entries(initial))
    vars[name] = tf.variable(t.clone(), true, `ranker/${name}`);
  const optimizer = tf.train.adam(options.learningRate);
  const rand = mulberry32(options.seed ^ 0x9e3779b9);
  const G = train.groups;
  const N = train.candidatesPerGroup;
  const steps = Math.ceil(G / options.batchSize);
  const start = Date.now();
  const log: TrainResult["log"] = [];
  let best: RankerParams | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestEpoch = -1;
  /** Validates and keeps a copy of the weights when they beat the best so far. */
  const checkpoint = (epoch: number, fallback: number): number | undefined => {
    const valid = options.validate?.(vars);
    const score = valid ?? fallback;
    if (score > bestScore) {
      bestScore = score;
      bestEpoch = epoch;
      for (const t of Object.values(best ?? {})) t.dispose();
      best = Object.fromEntries(Object.entries(vars).map(([n, v]) => [n, v.clone()]));
    }
    return valid;
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (epoch > 0 && options.timeBudgetMs !== undefined && Date.now() - start > options.timeBudgetMs) break;
    const order = shuffled(G, rand);
    let lossSum = 0;
    for (let step = 0; step < steps; step++) {
      const idx = order.subarray(step * options.batchSize, Math.min(G, (step + 1) * options.batchSize));
      const batch = takeGroups(train, idx);
      const labels = new Float32Array(idx.length * N);
      idx.forEach((g, k) => {
        labels[k * N + targets[g]] = 1;
      });
      const cost = tf.tidy(() => {
        const t = toTensors(batch);
        const y = tf.tensor2d(labels, [idx.length, N]);
        const mask = tf.tensor2d(batch.candidateMask, [idx.length, N]);
        return optimizer.minimize(() => {
          const logits = forward(vars, t, config, scatterGather);
          let loss = listwiseSoftmaxLoss(logits, y, mask);
          if (options.pointwiseWeight > 0) {
            loss = tf.add(loss, tf.mul(binaryLogLoss(logits, y, mask), options.pointwiseWeight));
          }
          if (options.l2 > 0) loss = tf.add(loss, tf.mul(denseL2(vars), options.l2));
          return loss as tf.Scalar;
        }, true) as tf.Scalar;
      });
      const value = cost.dataSync()[0];
      cost.dispose();
      lossSum += value;
      options.onStep?.({ epoch, step, steps, loss: value });
      const every = options.validateEvery;
      if (options.validate && every && (step + 1) % every === 0 && step + 1 < steps) {
        const valid = checkpoint(epoch, Number.NEGATIVE_INFINITY);
        options.onCheckpoint?.({ epoch, step, valid: valid ?? Number.NaN });
      }
    }
    const loss = lossSum / steps;
    const entry = { epoch, loss, valid: checkpoint(epoch, -loss) };
    log.push(entry);
    options.onEpoch?.(entry);
  }
  optimizer.dispose();
  for (const v of Object.values(vars)) v.dispose();
  return {
    params: best ?? Object.fromEntries(Object.entries(initial).map(([n, t]) => [n, t.clone()])),
    log,
    bestEpoch,
  };
}

function denseL2(vars: Record<string, tf.Variable>): tf.Scalar {
  const terms = Object.entries(vars)
    .filter(([n]) => n.endsWith("/kernel") || n === "attentionQuery")
    .map(([, v]) => tf.sum(tf.square(v)));
  return tf.addN(terms) as tf.Scalar;
}

function shuffled(n: number, rand: () => number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
