import { describe, expect, it } from "vitest";
import { hitAt, MetricAccumulator, mrrAt, ndcgAt, rankOf } from "./metrics";

describe("rankOf", () => {
  it("counts strictly better scores and earlier ties", () => {
    expect(rankOf([0.1, 0.9, 0.5], 2)).toBe(1);
    expect(rankOf([0.5, 0.5, 0.5], 2)).toBe(2);
    expect(rankOf([0.5, 0.5, 0.5], 0)).toBe(0);
  });
  it("ranks NaN last and rejects a target outside the list", () => {
    expect(rankOf([Number.NaN, 0.2], 1)).toBe(0);
    expect(rankOf([0.2], 3)).toBe(-1);
  });
});

describe("metrics against hand-computed values", () => {
  it("HR, NDCG and MRR for single ranks", () => {
    expect(hitAt(9, 10)).toBe(1);
    expect(hitAt(10, 10)).toBe(0);
    expect(hitAt(-1, 10)).toBe(0);
    expect(ndcgAt(0, 10)).toBe(1);
    expect(ndcgAt(2, 10)).toBeCloseTo(0.5, 12); // 1/log2(4)
    expect(ndcgAt(6, 10)).toBeCloseTo(1 / 3, 12); // 1/log2(8)
    expect(ndcgAt(10, 10)).toBe(0);
    expect(mrrAt(3, 20)).toBe(0.25);
    expect(mrrAt(20, 20)).toBe(0);
  });
  it("averages over queries", () => {
    const acc = new MetricAccumulator([1, 3]);
    for (const r of [0, 2, -1, 5]) acc.add(r);
    const m = acc.result();
    // HR@3: ranks 0 and 2 hit → 2/4; NDCG@3: (1 + 1/log2(4)) / 4 = 0.375; MRR@3: (1 + 1/3) / 4.
    expect(m["HR@3"]).toBe(0.5);
    expect(m["NDCG@3"]).toBeCloseTo(0.375, 12);
    expect(m["MRR@3"]).toBeCloseTo(1 / 3, 12);
    expect(m["HR@1"]).toBe(0.25);
    expect(acc.count).toBe(4);
  });
  it("reports NaN before any rank and rejects bad cut-offs", () => {
    expect(new MetricAccumulator([10]).result()["HR@10"]).toBeNaN();
    expect(() => new MetricAccumulator([0])).toThrow(/positive integers/);
  });
});
