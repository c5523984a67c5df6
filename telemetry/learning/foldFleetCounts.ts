/** An id with a score, as the candidate index's lists and neighbour lists hold them. */
export type Scored = { id: number; score: number };

/** The imported (or offline) index the fleet's counts are blended into. */
export type BaseIndex = {
  /** Per item: interactions (`count`) and recency-weighted interactions (`trend`). */
  items: ReadonlyMap<number, { count: number; trend: number }>;
  neighbours: ReadonlyMap<number, readonly Scored[]>;
  listSize: number;
};

/** Pooled released counts (noisy, unclamped) and the sd of their noise. */
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
  popular: Scored[];
  trending: Scored[];
  /** Pairs the fleet added to a neighbour list that the base index did not hold. */
  newPairs: [number, number][];
};

/**
 * How many noise sds a pooled count must clear before it counts at all (post-processing, so free
 * of privacy cost): with 240k candidate pairs, 3 sd lets ~300 pure-noise pairs through at a small
 * weight, where 0 would let half of them through.
 */
export const FLEET_SHRINK_SD = 3;

/**
 * Blends the fleet's pooled counts into the imported index. A pooled count first loses
 * FLEET_SHRINK_SD noise sds (and is floored at 0), then adds to the item's `count` (popularity),
 * its `trend` (trending, already decayed in the pool), and to the co-occurrence weight of a candidate
 * pair, normalised like the offline weights (÷ √(count_a · count_b)). Lists are rebuilt from the
 * blended values; neighbour lists keep their base length.
 * @example foldFleetCounts(base, pools).popular[0] // the most popular item after the fleet's views
 */
export function foldFleetCounts(base: BaseIndex, pools: FleetPools, shrinkSd = FLEET_SHRINK_SD): FoldedIndex {
  const shrink = (x: number | undefined, sd: number) => Math.max(0, (x ?? 0) - shrinkSd * sd);
  const blended = new Map<number, { count: number; trend: number }>();
  for (const [id, it] of base.items) {
    const count = it.count + Math.round(shrink(pools.popularity.get(id), pools.sd.popularity));
    const trend = it.trend + shrink(pools.trending.get(id), pools.sd.trending);
    blended.set(id, { count, trend });
  }
  const changed = new Set(
    [...blended]
      .filter(([id, b]) => b.count !== base.items.get(id)?.count || b.trend !== base.items.get(id)?.trend)
      .map(([id]) => id),
  );
  const { lists, newPairs } = blendNeighbours(base, pools, blended, shrink);
  for (const id of lists.keys()) changed.add(id);
  const items = new Map<number, { count: number; trend: number; neighbours: Scored[] }>();
  for (const id of changed) {
    const b = blended.get(id);
    if (b) items.set(id, { ...b, neighbours: lists.get(id) ?? [...(base.neighbours.get(id) ?? [])] });
  }
  return {
    items,
    popular: top(blended, (b) => b.count, base.listSize),
    trending: top(blended, (b) => b.trend, base.listSize),
    newPairs,
  };
}

function blendNeighbours(
  base: BaseIndex,
  pools: FleetPools,
  blended: ReadonlyMap<number, { count: number }>,
  shrink: (x: number | undefined, sd: number) => number,
): { lists: Map<number, Scored[]>; newPairs: [number, number][] } {
  const extra = new Map<number, Map<number, number>>();
  for (const [key, value] of pools.transitions) {
    const w = shrink(value, pools.sd.transitions);
    if (w <= 0) continue;
    const at = key.indexOf(">");
    const a = Number(key.slice(0, at));
    const b = Number(key.slice(at + 1));
    if (!blended.has(a) || !blended.has(b)) continue;
    const norm = Math.sqrt(Math.max(1, blended.get(a)?.count ?? 1) * Math.max(1, blended.get(b)?.count ?? 1));
    const row = extra.get(a) ?? new Map<number, number>();
    extra.set(a, row.set(b, w / norm));
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
