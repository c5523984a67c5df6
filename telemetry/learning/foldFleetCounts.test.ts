import { describe, expect, it } from "vitest";
import { seededRng } from "../util/rng";
import { type BaseIndex, type FleetPools, foldFleetCounts, POPULARITY_CUT_SD } from "./foldFleetCounts";
import { noisePlan } from "./noisePlan";
import { emptyPools, fleetPools, poolDay, poolsFromJson, poolsToJson } from "./pools";
import { releaseOverDomain } from "./releaseCounts";

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
const pools = (p: Partial<FleetPools>): FleetPools => ({
  popularity: new Map(),
  trending: new Map(),
  transitions: new Map(),
  sd,
  ...p,
});
/** A catalog of `n` items, none seen by the imported index, with content neighbours of score ≤ 1. */
const unseenCatalog = (n: number): BaseIndex => ({
  items: new Map(Array.from({ length: n }, (_, id) => [id, { count: 0, trend: 0 }])),
  neighbours: new Map(Array.from({ length: n }, (_, id) => [id, [{ id: (id + 1) % n, score: 0.9 }]])),
  listSize: 50,
});

/** 20k candidate pairs of `unseenCatalog(2000)` released with sd 10 around `counts`. */
const noisyPairs = (counts: Map<string, number>) => {
  const keys = Array.from(
    { length: 20_000 },
    (_, i) => `${i % 2000}>${(i % 2000) + 3 + Math.floor(i / 2000)}`,
  );
  return releaseOverDomain(counts, ["1>5", ...keys], sd.transitions, seededRng(7));
};

describe("foldFleetCounts", () => {
  it("adds popularity above its per-key cut and the practical floor, and rebuilds the popular list", () => {
    const cut = POPULARITY_CUT_SD * sd.popularity;
    const out = foldFleetCounts(
      base(),
      pools({
        popularity: new Map([
          [1, 0],
          [2, 0],
          [3, 530],
          [4, 15],
        ]),
      }),
    );
    expect(out.items.get(3)?.count).toBe(1 + Math.round(530 - cut));
    expect(out.items.has(4)).toBe(false); // 15 is under FLEET_MIN_POOLED: nothing changes
    expect(out.items.has(1)).toBe(false); // unchanged items are not rewritten
    expect(out.popular.map((e) => e.id)).toEqual([3, 1, 2]);
  });

  it("fills the popular list from counts the noise still ranks, where a cut for the whole domain would not", () => {
    // 12k unseen items, 400 of them viewed 40 times against a pooled noise sd of 15 (Beauty at ε = 1).
    const catalog = { ...unseenCatalog(12_000), listSize: 500 };
    const ids = [...catalog.items.keys()];
    const counts = new Map(ids.filter((id) => id % 30 === 0).map((id) => [id, 40] as const));
    const noisy = releaseOverDomain(counts, ids, 15, seededRng(9));
    const out = foldFleetCounts(catalog, pools({ popularity: noisy, sd: { ...sd, popularity: 15 } }));
    expect(out.popular).toHaveLength(500);
    // ~300 do; above the family cut (4.5 sd = 67) only ~4 % of them would rank at all.
    expect(out.popular.filter((e) => counts.has(e.id)).length).toBeGreaterThan(250);
  });

  it("puts no item into trending from pure noise over a 12k-item catalog (a cut for the whole domain)", () => {
    const catalog = unseenCatalog(12_000);
    const ids = [...catalog.items.keys()];
    let trending = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const noise = releaseOverDomain(new Map<number, number>(), ids, 30, seededRng(seed));
      const out = foldFleetCounts(catalog, pools({ trending: noise, sd: { ...sd, trending: 30 } }));
      trending += out.trending.length;
    }
    // A 3-sd cut lets ≈ 16 noise items through per fold; the family-wise cut, none in five folds.
    expect(trending).toBe(0);
  });

  it("needs a practical effect as well: without noise, a handful of views does not trend", () => {
    const exact = { popularity: 0, trending: 0, transitions: 0 };
    const out = foldFleetCounts(
      base(),
      pools({
        trending: new Map([
          [3, 3],
          [4, 40],
        ]),
        sd: exact,
      }),
    );
    expect(out.trending.map((e) => e.id)).toEqual([4]);
  });

  it("serves trending as the fleet's own short-horizon signal, not added to the imported all-time trend", () => {
    const out = foldFleetCounts(base(), pools({ trending: new Map([[4, 200]]) }));
    expect(out.trending.map((e) => e.id)).toEqual([4]);
    expect(out.trendSource).toBe("fleet"); // items not listed (1, 2, 3) now have trend 0
    expect(out.items.has(1)).toBe(false); // the imported trend is cleared without rewriting the item
    expect(out.items.get(4)?.count).toBe(1); // trending is not popularity
    const before = foldFleetCounts(base(), pools({}));
    expect(before.trendSource).toBe("imported");
    expect(before.trending.map((e) => e.id)).toEqual([1, 2, 3]); // no trending release yet: imported
  });

  it("adds a candidate pair the fleet saw, weighted as a cosine on the index's scale", () => {
    const out = foldFleetCounts(
      base(),
      pools({
        popularity: new Map([
          [1, 400],
          [3, 300],
        ]),
        transitions: new Map([
          ["1>3", 250],
          ["1>4", 15],
          ["9>1", 999],
        ]),
      }),
    );
    const list = out.items.get(1)?.neighbours ?? [];
    expect(list.map((e) => e.id)).toEqual([3]); // base length 1: the fleet's pair beats 0.5
    expect(list[0].score).toBeLessThanOrEqual(1);
    expect(out.newPairs).toEqual([[1, 3]]);
    expect(out.items.has(9)).toBe(false); // not in the catalog
  });

  it("keeps a pair between items the fleet barely saw under their content neighbours (≤ 1)", () => {
    // The old fold divided by √(count_a·count_b) of the imported index, 1 for unseen items: weight ≈ 90.
    const catalog = unseenCatalog(2_000);
    const neighbours = new Map(catalog.neighbours).set(1, [
      { id: 2, score: 0.9 },
      { id: 3, score: 0.1 },
    ]);
    const transitions = noisyPairs(new Map([["1>5", 120]]));
    const out = foldFleetCounts({ ...catalog, neighbours }, pools({ transitions }));
    const list = out.items.get(1)?.neighbours ?? [];
    expect(list.map((e) => e.id)).toEqual([2, 5]); // the content neighbour (0.9) first
    expect(list[1].score).toBeLessThan(1);
  });

  it("adds no pair from pure noise over a 20k-pair domain", () => {
    const out = foldFleetCounts(unseenCatalog(2_000), pools({ transitions: noisyPairs(new Map()) }));
    expect(out.newPairs).toEqual([]); // a 3-sd cut let ≈ 30 through
  });

  it("leaves the base index as it is when the pools hold only noise", () => {
    const plan = noisePlan();
    const released = {
      viewed: new Map([1, 2, 3, 4].map((id) => [id, plan.sigma.viewed * 0.5] as const)),
      clicked: new Map(),
      carted: new Map(),
      transitions: new Map([["1>3", plan.sigma.transitions]]),
    };
    const pooled = poolDay(emptyPools(), released, 1);
    const out = foldFleetCounts(base(), fleetPools(poolsFromJson(poolsToJson(pooled)), plan));
    expect(out.items.size).toBe(0);
    expect(out.popular.map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
