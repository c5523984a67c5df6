import { normalCdf } from "./gaussianAccounting";

/** An id with a score, as the candidate index's lists and neighbour lists hold them. */
export type Scored = { id: number; score: number };

/** The imported (or offline) index the fleet's counts are blended into. */
export type BaseIndex = {
  /** Per item: interactions (`count`) and recency-weighted interactions (`trend`). */
  items: ReadonlyMap<number, { count: number; trend: number }>;
  neighbours: ReadonlyMap<number, readonly Scored[]>;
  listSize: number;
};

/** Pooled released counts (noisy, unclamped, every key of the public domain) and the sd of their noise. */
export type FleetPools = {
  popularity: ReadonlyMap<number, number>;
  trending: ReadonlyMap<number, number>;
  /** By `pairKey` (previous → next). */
  transitions: ReadonlyMap<string, number>;
  sd: { popularity: number; trending: number; transitions: number };
};

/** The blended index: changed items only, and the two lists rebuilt in full. */
export type FoldedIndex = {
  items: Map<number, { count: number; trend: number; neighbours: Scored[] }>;
  /**
   * "fleet" once the fleet has released trending: every item's trend is the fleet's, and an item
   * not in `items` has trend 0 (so a fold does not rewrite every item to clear the imported trend).
   * "imported": an item not in `items` keeps its imported trend.
   */
  trendSource: "fleet" | "imported";
  popular: Scored[];
  trending: Scored[];
  /** Pairs the fleet added to a neighbour list that the base index did not hold. */
  newPairs: [number, number][];
};

/**
 * Family-wise level of the fold's cuts: in one fold, the chance that any key of a domain whose true
 * count is zero passes is at most 5 % (Bonferroni over the domain). A per-key 3-sd cut let ≈ 16 of
 * 12k noise items into trending and ≈ 30 of 20k noise pairs into neighbour lists in every fold.
 */
export const FLEET_FAMILY_ALPHA = 0.05;

/**
 * The practical effect a key must show whatever the noise: a pooled count of 20 (device-days, decayed).
 * Matters where the noise is small (a large ε, or none): a handful of shoppers is not a trend.
 */
export const FLEET_MIN_POOLED = 20;

/**
 * Popularity's cut in noise sds, per key rather than for the whole domain. Popularity is a ranking
 * that fills its list (the candidates' popular list, 500), not a claim about one item: the family
 * cut (≈ 4.5 sd over 12k items) would keep only the items far above the noise, ~150 on Beauty at
 * ε = 1, and leave the rest of the list to nothing, while the pooled counts still rank the next
 * 350 well (recall@500 0.144 against 0.150 without noise, test/bench/fleet-learning.ts "oracle").
 * At 1 sd a zero-count item passes with 16 %, at the bottom of the list with a small weight.
 */
export const POPULARITY_CUT_SD = 1;

/**
 * The cut in noise sds for a domain of `size` keys: Φ⁻¹(1 − α/size), so that no pure-noise key of the
 * whole domain passes with probability ≥ 1 − α (one-sided Gaussian tails).
 * @example familyCut(12_000) // ≈ 4.46
 */
export function familyCut(size: number, alpha = FLEET_FAMILY_ALPHA): number {
  const tail = alpha / Math.max(1, size);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(-mid) > tail) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The fleet's evidence for one signal, shrunk by its noise: a pooled count x counts only above
 * max(cut·sd, FLEET_MIN_POOLED) and then as x − cut·sd (soft threshold: what remains once the
 * largest noise the domain could produce is taken off). `floor` is the smallest count the fleet can
 * tell from noise, which normalises pairs between items the fleet barely saw.
 */
function evidence<K>(pool: ReadonlyMap<K, number>, sd: number, domainSize: number, cutSd?: number) {
  const margin = (cutSd ?? familyCut(Math.max(domainSize, pool.size))) * sd;
  const floor = Math.max(margin, FLEET_MIN_POOLED);
  return {
    floor,
    of: (key: K) => {
      const x = pool.get(key) ?? 0;
      return x >= floor ? x - margin : 0;
    },
  };
}

/**
 * Blends the fleet's pooled counts into the imported index, each signal shrunk by its own noise
 * (`evidence`, a cut for the whole domain):
 * - popularity adds to the item's all-time `count`, above POPULARITY_CUT_SD (a ranking, see there);
 * - trending is its own short-horizon signal: once the fleet has released trending at all, an item's
 *   `trend` is its shrunk fleet count (0 below the cut), not added to the imported all-time trend;
 * - a candidate pair adds a cosine on the index's scale: shrunk transitions ÷ √(views_a · views_b),
 *   each item's pooled views floored at the pair's own pooled count (a transition implies both
 *   views) and at what the fleet can tell from noise. The weight is then below 1, and a pair that
 *   noise barely lifts over the cut weighs almost nothing, so noise cannot outrank a content
 *   neighbour (cosine ≤ 1) or an imported one.
 * Lists are rebuilt from the blended values; neighbour lists keep their base length.
 * @example foldFleetCounts(base, pools).popular[0] // the most popular item after the fleet's views
 */
export function foldFleetCounts(base: BaseIndex, pools: FleetPools): FoldedIndex {
  const size = base.items.size;
  const popularity = evidence(pools.popularity, pools.sd.popularity, size);
  const ranked = evidence(pools.popularity, pools.sd.popularity, size, POPULARITY_CUT_SD);
  const trending = evidence(pools.trending, pools.sd.trending, size);
  const fleetTrends = pools.trending.size > 0;
  const blended = new Map<number, { count: number; trend: number }>();
  for (const [id, it] of base.items) {
    const count = it.count + Math.round(ranked.of(id));
    const trend = fleetTrends ? trending.of(id) : it.trend;
    blended.set(id, { count, trend });
  }
  const unchanged = (id: number, b: { count: number; trend: number }) =>
    b.count === base.items.get(id)?.count && b.trend === (fleetTrends ? 0 : base.items.get(id)?.trend);
  const changed = new Set([...blended].filter(([id, b]) => !unchanged(id, b)).map(([id]) => id));
  const views = (id: number) => Math.max(pools.popularity.get(id) ?? 0, popularity.floor);
  const { lists, newPairs } = blendNeighbours(base, pools, views);
  for (const id of lists.keys()) changed.add(id);
  const items = new Map<number, { count: number; trend: number; neighbours: Scored[] }>();
  for (const id of changed) {
    const b = blended.get(id);
    if (b) items.set(id, { ...b, neighbours: lists.get(id) ?? [...(base.neighbours.get(id) ?? [])] });
  }
  return {
    items,
    trendSource: fleetTrends ? "fleet" : "imported",
    popular: top(blended, (b) => b.count, base.listSize),
    trending: top(blended, (b) => b.trend, base.listSize),
    newPairs,
  };
}

function blendNeighbours(
  base: BaseIndex,
  pools: FleetPools,
  views: (id: number) => number,
): { lists: Map<number, Scored[]>; newPairs: [number, number][] } {
  const pairs = evidence(pools.transitions, pools.sd.transitions, 0);
  const extra = new Map<number, Map<number, number>>();
  for (const key of pools.transitions.keys()) {
    const w = pairs.of(key);
    if (w <= 0) continue;
    const at = key.indexOf(">");
    const a = Number(key.slice(0, at));
    const b = Number(key.slice(at + 1));
    if (!base.items.has(a) || !base.items.has(b)) continue;
    // A transition implies both views, so each item's views are at least the pair's own count.
    const x = pools.transitions.get(key) ?? 0;
    const cosine = w / Math.sqrt(Math.max(views(a), x) * Math.max(views(b), x));
    const row = extra.get(a) ?? new Map<number, number>();
    extra.set(a, row.set(b, cosine));
  }
  const lists = new Map<number, Scored[]>();
  const newPairs: [number, number][] = [];
  for (const [a, row] of extra) {
    const list = base.neighbours.get(a) ?? [];
    const had = new Set(list.map((e) => e.id));
    const merged = new Map(list.map((e) => [e.id, e.score]));
    for (const [b, w] of row) merged.set(b, (merged.get(b) ?? 0) + w);
    const size = Math.max(list.length, row.size);
    const next = [...merged]
      .map(([id, score]) => ({ id, score }))
      .sort(byScore)
      .slice(0, size);
    for (const e of next) if (!had.has(e.id)) newPairs.push([a, e.id]);
    lists.set(a, next);
  }
  return { lists, newPairs };
}

function top<T>(values: ReadonlyMap<number, T>, score: (t: T) => number, size: number): Scored[] {
  return [...values]
    .map(([id, v]) => ({ id, score: score(v) }))
    .filter((e) => e.score > 0)
    .sort(byScore)
    .slice(0, size);
}

function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || a.id - b.id;
}
