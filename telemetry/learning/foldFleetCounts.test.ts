import { describe, expect, it } from "vitest";
import { type BaseIndex, foldFleetCounts } from "./foldFleetCounts";
import { noisePlan } from "./noisePlan";
import { emptyPools, fleetPools, poolDay, poolsFromJson, poolsToJson } from "./pools";

const base = (): BaseIndex => ({
  items: new Map([
    [1, { count: 100, trend: 100 }],
    [2, { count: 50, trend: 50 }],
    [3, { count: 1, trend: 1 }],
    [4, { count: 1, trend: 1 }],
  ]),
  neighbours: new Map([[1, [{ id: 2, score: 0.5 }]]]),
  listSize: 3,
});
const sd = { popularity: 10, trending: 10, transitions: 10 };

describe("foldFleetCounts", () => {
  it("adds fleet counts above the noise to popularity and trending, and rebuilds the lists", () => {
    const pools = {
      popularity: new Map([
        [3, 530],
        [4, 25],
      ]),
      trending: new Map([[4, 80]]),
      transitions: new Map(),
      sd,
    };
    const out = foldFleetCounts(base(), pools);
    expect(out.items.get(3)?.count).toBe(1 + 500); // 530 − 3 sd
    expect(out.items.has(4)).toBe(true);
    expect(out.items.get(4)).toMatchObject({ count: 1, trend: 1 + 50 }); // 25 is under 3 sd: no count
    expect(out.popular.map((e) => e.id)).toEqual([3, 1, 2]);
    expect(out.trending[0]).toEqual({ id: 1, score: 100 });
    expect(out.trending.map((e) => e.id)).toContain(4);
    expect(out.items.has(1)).toBe(false); // unchanged items are not rewritten
  });

  it("adds a candidate pair the fleet saw, and ignores pairs within the noise", () => {
    const pools = {
      popularity: new Map(),
      trending: new Map(),
      transitions: new Map([
        ["1>3", 130],
        ["1>4", 29],
        ["9>1", 999],
      ]),
      sd,
    };
    const out = foldFleetCounts(base(), pools);
    const list = out.items.get(1)?.neighbours ?? [];
    expect(list.map((e) => e.id)).toEqual([3]); // base length 1: 100/√(100·1) = 10 beats 0.5
    expect(out.newPairs).toEqual([[1, 3]]);
    expect(out.items.has(9)).toBe(false); // not in the catalog
  });

  it("leaves the base index as it is when the pools hold only noise", () => {
    const plan = noisePlan();
    const released = {
      viewed: new Map([1, 2, 3, 4].map((id) => [id, plan.sigma.viewed * 0.5] as const)),
      clicked: new Map(),
      carted: new Map(),
      transitions: new Map([["1>3", plan.sigma.transitions]]),
    };
    const pools = poolDay(emptyPools(), released, 1);
    const out = foldFleetCounts(base(), fleetPools(poolsFromJson(poolsToJson(pools)), plan));
    expect(out.items.size).toBe(0);
    expect(out.popular.map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
