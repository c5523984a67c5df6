import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { buildCandidateIndex, indexLookups } from "../../edge/candidates";
import { testRanker } from "../artifact/testRanker";
import { MetricAccumulator } from "../task/metrics";
import { rankerFeatureNames } from "../train/featureSet";
import { evaluatePipeline } from "./evaluatePipeline";

// 300 users over 40 items: every history has candidates, so every case would be held if never flushed.
const sequences = Array.from({ length: 300 }, (_, u) => [
  u % 40,
  (u * 7 + 3) % 40,
  (u * 13 + 5) % 40,
  (u + 1) % 40,
]);
const lookups = indexLookups(buildCandidateIndex(sequences, [], {}));
const cases = sequences.map((s) => ({ history: s.slice(0, 3), target: s[3] }));
const options = { limit: 20, includeContextItems: false, maskHistory: true, cutoffs: [10], chunk: 8 };

describe("evaluatePipeline's pending candidate lists", () => {
  it("holds none without a model (--no-model ran out of memory holding all 35k)", () => {
    const r = evaluatePipeline(cases, lookups, undefined, options);
    expect(r.peakPending).toBe(0);
    expect(r.recall).toBeGreaterThan(0);
    expect(r.rerank).toBeUndefined();
  });
  it("holds at most one chunk with a model, and scores every case", () => {
    const model = testRanker(3, { featureNames: rankerFeatureNames() });
    const r = evaluatePipeline(cases, lookups, model, options);
    expect(r.peakPending).toBe(8);
    expect(r.rerank?.["HR@10"]).toBeGreaterThanOrEqual(0);
    tf.dispose(Object.values(model.params));
  });
});

describe("evaluatePipeline's per-case ranks", () => {
  it("reports every case once per stage, and they average to the returned metrics", () => {
    const model = testRanker(3, { featureNames: rankerFeatureNames() });
    const ranks = { retrieval: new Map<number, number>(), rerank: new Map<number, number>() };
    const r = evaluatePipeline(cases, lookups, model, {
      ...options,
      onRank: (stage, i, rank) => ranks[stage].set(i, rank),
    });
    tf.dispose(Object.values(model.params));
    for (const stage of ["retrieval", "rerank"] as const) {
      expect([...ranks[stage].keys()].sort((a, b) => a - b)).toEqual(cases.map((_, i) => i));
      const acc = new MetricAccumulator([10]);
      for (const rank of ranks[stage].values()) acc.add(rank);
      expect(acc.result()).toEqual(r[stage]);
    }
    // Same case, same candidates: a hit in one stage is a hit in the other (rank may differ).
    for (const [i, rank] of ranks.retrieval) expect(rank < 0).toBe((ranks.rerank.get(i) ?? 0) < 0);
  });
});
