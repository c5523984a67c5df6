import { describe, expect, it } from "vitest";
import { defaultConfig } from "../ranker/defaultConfig";
import { encodeBatch, encodeGroups } from "./encodeBatch";
import { itemBucket } from "./hashing";
import { fitFeatureScaling, signedLog1p, transformFeature } from "./transform";

const config = defaultConfig(["ctx.sessionCount", "ctx.sessionRecency", "ctx.isLast", "cooc.sum"], {
  maxHistory: 3,
  maxCategories: 2,
  itemBuckets: 101,
  categoryBuckets: 17,
});

describe("encodeBatch", () => {
  it("is deterministic and keeps the most recent items first", () => {
    const input = {
      history: [1, 2, 3, 4, 2],
      historyCategories: [["a"], ["b"], ["c"], ["d"], ["b"]],
      candidates: [{ id: 2, categories: ["b", "x"], features: { "cooc.sum": 3 } }, { id: 9 }],
    };
    const a = encodeBatch(input, config);
    const b = encodeBatch(input, config);
    expect(a).toEqual(b);
    expect(Array.from(a.historyItems)).toEqual([2, 4, 3].map((id) => itemBucket(id, 101)));
    expect(Array.from(a.historyMask)).toEqual([1, 1, 1]);
    // candidate 2: count 2, recency 1/(5-4)=1, isLast 1, cooc log1p(3)
    expect(Array.from(a.features.slice(0, 4))).toEqual(
      [signedLog1p(2), signedLog1p(1), signedLog1p(1), signedLog1p(3)].map(Math.fround),
    );
    expect(Array.from(a.features.slice(4, 8))).toEqual([0, 0, 0, 0]);
  });

  it("encodes an empty history as all padding", () => {
    const e = encodeBatch({ history: [], candidates: [{ id: 5 }] }, config);
    expect(Array.from(e.historyItems)).toEqual([0, 0, 0]);
    expect(Array.from(e.historyMask)).toEqual([0, 0, 0]);
    expect(e.candidateMask[0]).toBe(1);
  });

  it("hashes unknown and huge ids into valid buckets and rejects bad ids to padding", () => {
    const e = encodeBatch({ history: [10_000_000], candidates: [{ id: 123_456_789 }, { id: -3 }] }, config);
    expect(e.historyItems[0]).toBeGreaterThan(0);
    expect(e.historyItems[0]).toBeLessThan(101);
    expect(e.candidateItems[0]).toBeGreaterThan(0);
    expect(e.candidateItems[1]).toBe(0);
  });

  it("turns NaN and Infinity features into finite values", () => {
    const e = encodeBatch(
      {
        history: [1],
        candidates: [
          { id: 1, features: { "cooc.sum": Number.NaN } },
          { id: 2, features: { "cooc.sum": Infinity } },
        ],
      },
      config,
    );
    expect(e.features.every(Number.isFinite)).toBe(true);
    expect(e.features[3]).toBe(0);
    expect(e.features[7]).toBe(0);
  });

  it("normalises scores per request: ratio to the list's best, 0 for an all-zero or NaN list", () => {
    const ratios = defaultConfig(["ctx.scoreRatio", "ctx.coocLastShare"], { itemBuckets: 101 });
    const e = encodeBatch(
      {
        history: [1],
        candidates: [
          { id: 2, retrievalScore: 4, features: { coocLast: 0.5 } },
          { id: 3, retrievalScore: 1, features: { coocLast: 0 } },
          { id: 4, retrievalScore: Number.NaN, features: { coocLast: 0.25 } },
        ],
      },
      ratios,
    );
    expect(Array.from(e.features)).toEqual([1, 1, 0.25, 0, 0, 0.5].map((v) => Math.fround(signedLog1p(v))));
    const flat = encodeBatch({ history: [], candidates: [{ id: 2, retrievalScore: 0 }] }, ratios);
    expect(Array.from(flat.features)).toEqual([0, 0]);
  });

  it("pads groups to N candidates and drops extras", () => {
    const e = encodeGroups(
      [
        { history: [1], candidates: [{ id: 1 }] },
        { history: [2], candidates: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      ],
      config,
      2,
    );
    expect(Array.from(e.candidateMask)).toEqual([1, 0, 1, 1]);
  });
});

describe("feature transform", () => {
  it("standardises, clips and fits scaling", () => {
    expect(transformFeature(Math.E - 1, 0, 1, 6)).toBeCloseTo(1, 12);
    expect(transformFeature(1e30, 0, 1, 6)).toBe(6);
    expect(transformFeature(-Infinity, 0, 1, 6)).toBe(0);
    const { mean, std } = fitFeatureScaling(new Float32Array([1, 5, 3, 5]), 2);
    expect(mean).toEqual([2, 5]);
    expect(std).toEqual([1, 1]); // column 2 is constant → std 1
  });
});
