import { contentNeighbours } from "./contentNeighbours";
import { byScoreDesc, cooccurrenceNeighbours } from "./cooccurrence";
import type { CandidateIndex, CandidateIndexOptions, CatalogItemInput, IndexedItem, ScoredId } from "./types";

const DEFAULTS: Required<CandidateIndexOptions> = {
  maxNeighbours: 100,
  window: 5,
  distanceDecay: 0.7,
  backwardWeight: 0.5,
  recencyHalfLife: 10,
  trendingHalfLife: 0,
  listSize: 500,
  categoryListSize: 200,
  contentNeighbours: 50,
};

/**
 * Content neighbours depend on the catalog alone; training builds one index per block over the same
 * `items` array, so each array's lists are computed once (the Beauty catalog takes seconds).
 */
const contentCache = new WeakMap<
  readonly CatalogItemInput[],
  { n: number; lists: Map<number, ScoredId[]> }
>();

function contentFor(items: readonly CatalogItemInput[], n: number): Map<number, ScoredId[]> {
  const hit = contentCache.get(items);
  if (hit?.n === n) return hit.lists;
  const lists = n > 0 ? contentNeighbours(items, { maxNeighbours: n }) : new Map<number, ScoredId[]>();
  contentCache.set(items, { n, lists });
  return lists;
}

/**
 * Builds every candidate list from interaction sequences (offline, in memory): item stats, popular
 * and trending lists, per-category top lists, co-occurrence neighbour lists and content neighbour
 * lists. Works on any sequences: items missing from `items` get the title "Item N" and no
 * categories. With no sequences at all (a new store) the ranked lists fall back to catalog order:
 * items that nobody has interacted with follow the others, ties broken by id, which is catalog order
 * for dense ids assigned in import order.
 * @example const index = buildCandidateIndex([[1, 2, 3], [2, 3]], [], { maxNeighbours: 50 });
 */
export function buildCandidateIndex(
  sequences: readonly (readonly number[])[],
  items: readonly CatalogItemInput[],
  options: CandidateIndexOptions = {},
): CandidateIndex {
  const o = { ...DEFAULTS, ...options };
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== "number" || !(v >= 0)) throw new RangeError(`${k} must be a number >= 0`);
  }
  const index = new Map<number, IndexedItem>();
  for (const it of items) {
    if (!Number.isInteger(it.id) || it.id < 0) throw new RangeError(`bad item id ${it.id}`);
    index.set(it.id, { ...it, categories: [...it.categories], count: 0, trend: 0 });
  }
  const stepDecay = o.recencyHalfLife > 0 ? 2 ** (-1 / o.recencyHalfLife) : 1;
  const seqDecay = o.trendingHalfLife > 0 ? 2 ** (-1 / o.trendingHalfLife) : 1;
  sequences.forEach((seq, s) => {
    const global = seqDecay ** (sequences.length - 1 - s);
    seq.forEach((id, j) => {
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`bad item id ${id} in sequence ${s}`);
      let it = index.get(id);
      if (!it) {
        it = { id, title: `Item ${id}`, categories: [], count: 0, trend: 0 };
        index.set(id, it);
      }
      it.count += 1;
      it.trend += global * stepDecay ** (seq.length - 1 - j);
    });
  });
  const counts = new Map<number, number>();
  for (const it of index.values()) counts.set(it.id, it.count);
  const all = [...index.values()];
  const top = (score: (it: IndexedItem) => number, n: number): ScoredId[] =>
    all
      .map((it) => ({ id: it.id, score: score(it) }))
      .sort(byScoreDesc)
      .slice(0, n);
  const byCategory = new Map<string, IndexedItem[]>();
  for (const it of all) {
    for (const c of new Set(it.categories)) {
      const list = byCategory.get(c) ?? [];
      list.push(it);
      byCategory.set(c, list);
    }
  }
  const categoryTop = new Map<string, ScoredId[]>();
  for (const [c, list] of byCategory) {
    const scored = list.map((it) => ({ id: it.id, score: it.count })).sort(byScoreDesc);
    categoryTop.set(c, scored.slice(0, o.categoryListSize));
  }
  return {
    items: index,
    neighbours: cooccurrenceNeighbours(sequences, counts, o),
    content: contentFor(items, o.contentNeighbours),
    popular: top((it) => it.count, o.listSize),
    trending: top((it) => it.trend, o.listSize),
    categoryTop,
  };
}
