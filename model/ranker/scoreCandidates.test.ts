import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { encodeBatch, encodeGroups } from "../features/encodeBatch";
import { defaultConfig } from "./defaultConfig";
import { initParams } from "./initParams";
import { scoreCandidates } from "./scoreCandidates";

const config = defaultConfig(["ctx.sessionCount", "cooc.sum"], {
  maxHistory: 4,
  itemBuckets: 64,
  categoryBuckets: 16,
  embeddingDim: 4,
  hiddenUnits: [8],
});

describe("scoreCandidates", () => {
  const params = initParams(config, 7);

  it("gives one probability in [0,1] per candidate, never NaN", () => {
    const cases = [
      { history: [], candidates: [{ id: 1 }, { id: 2 }] },
      { history: Array.from({ length: 50 }, (_, i) => i), candidates: [{ id: 99_999_999 }] },
      {
        history: [1],
        candidates: [
          { id: 3, features: { "cooc.sum": Number.NaN } },
          { id: 4, features: { "cooc.sum": -Infinity } },
        ],
      },
    ];
    for (const input of cases) {
      const p = scoreCandidates(params, config, encodeBatch(input, config));
      expect(p.length).toBe(input.candidates.length);
      for (const v of p) {
        expect(Number.isNaN(v)).toBe(false);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it("returns an empty array for no candidates and 0 for padded slots", () => {
    expect(
      scoreCandidates(params, config, encodeBatch({ history: [1], candidates: [] }, config)).length,
    ).toBe(0);
    const p = scoreCandidates(
      params,
      config,
      encodeGroups([{ history: [1], candidates: [{ id: 2 }] }], config, 3),
    );
    expect(p[1]).toBe(0);
    expect(p[2]).toBe(0);
  });

  it("scores a candidate the same alone, in a batch and with the same seed", () => {
    const input = { history: [5, 6], candidates: [{ id: 7, features: { "cooc.sum": 2 } }] };
    const alone = scoreCandidates(params, config, encodeBatch(input, config))[0];
    const batched = scoreCandidates(
      params,
      config,
      encodeGroups([input, { history: [], candidates: [] }], config, 2),
    )[0];
    const again = scoreCandidates(initParams(config, 7), config, encodeBatch(input, config))[0];
    expect(batched).toBeCloseTo(alone, 6);
    expect(again).toBe(alone);
  });

  it("averages the categories an item has: an empty slot does not dilute the mean", () => {
    const score = (categories: string[]) =>
      scoreCandidates(
        params,
        config,
        encodeBatch({ history: [5], candidates: [{ id: 7, categories }] }, config),
      )[0];
    expect(score(["Nails", ""])).toBeCloseTo(score(["Nails"]), 6);
    expect(score(["Nails", "Nails"])).toBeCloseTo(score(["Nails"]), 6);
    expect(score(["Nails", "Hair"])).not.toBeCloseTo(score(["Nails"]), 6);
  });
});
