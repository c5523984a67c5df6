import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { encodeGroups } from "../features/encodeBatch";
import { defaultConfig } from "../ranker/defaultConfig";
import { initParams } from "../ranker/initParams";
import { mulberry32 } from "../ranker/random";
import { rankingMetrics, scoreQuerySet } from "./scoreQuerySet";
import { trainRanker } from "./trainRanker";

/**
 * Synthetic queries: the generator's score is noise, and a "signal" feature is higher for the
 * positive. The residual init follows the noise; training must learn the signal, and the weights it
 * returns must be the best checkpoint it validated.
 */
function queries(count: number, seed: number) {
  const rand = mulberry32(seed);
  const N = 8;
  const targets = new Int32Array(count);
  const inputs = Array.from({ length: count }, (_, g) => {
    targets[g] = Math.floor(rand() * N);
    return {
      history: [1 + (g % 5)],
      candidates: Array.from({ length: N }, (_, i) => ({
        id: 10 + i,
        retrievalScore: rand(),
        features: { signal: (i === targets[g] ? 1.5 : 0) + rand() },
      })),
    };
  });
  return { inputs, targets, N };
}

describe("trainRanker", () => {
  it("learns a predictive feature and returns the best validated checkpoint", () => {
    const config = defaultConfig(["retrievalScore", "signal"], {
      itemBuckets: 32,
      categoryBuckets: 8,
      embeddingDim: 4,
      hiddenUnits: [8],
      maxHistory: 2,
      maxCategories: 1,
    });
    const train = queries(256, 1);
    const valid = queries(128, 2);
    const trainBatch = encodeGroups(train.inputs, config, train.N);
    const validBatch = encodeGroups(valid.inputs, config, valid.N);
    const mrr = (p: Record<string, tf.Tensor>) =>
      rankingMetrics(validBatch, valid.targets, [8], scoreQuerySet(p, config, validBatch))["MRR@8"];
    const initial = initParams(config, 7);
    const before = mrr(initial);
    const seen: number[] = [];
    const result = trainRanker(initial, config, trainBatch, train.targets, {
      epochs: 3,
      batchSize: 32,
      learningRate: 0.02,
      pointwiseWeight: 0.1,
      l2: 0,
      seed: 3,
      validateEvery: 4,
      validate: (p) => {
        const v = mrr(p);
        seen.push(v);
        return v;
      },
    });
    const after = mrr(result.params);
    expect(before).toBeLessThan(0.5); // noise order: MRR of a random rank among 8 ≈ 0.34
    expect(after).toBeGreaterThan(before + 0.2);
    expect(seen.length).toBe(3 * (256 / 32 / 4)); // two per epoch: one mid-epoch, one at its end
    expect(after).toBeCloseTo(Math.max(...seen), 10);
    tf.dispose([...Object.values(initial), ...Object.values(result.params)]);
  });
});
