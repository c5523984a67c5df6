// Candidate indexes built without raw logs: the day-zero content index (wt14c's `contentNeighbours`)
// and the index the cron's fold (`foldFleetCounts`) makes of it with the fleet's pooled releases.
// Both take the shape edge/candidates reads, so the same generator scores every index.
import type {
  CandidateIndex,
  CatalogItemInput,
  IndexedItem,
  ScoredId,
} from "../../../edge/candidates/index.ts";
import {
  type BaseIndex,
  type FleetPools,
  foldFleetCounts,
  type PublicDomain,
  pairKey,
} from "../../../telemetry/learning";

const LIST_SIZE = 500;
const CATEGORY_LIST_SIZE = 200;

/** Candidate pairs per item: the first 20 of its base neighbours, as the edge cron takes them. */
export const PAIR_DOMAIN_PER_ITEM = 20;

/** The public domain: every catalog item, and each item's first content neighbours as pairs a → b. */
export function contentDomain(
  items: readonly CatalogItemInput[],
  content: Map<number, ScoredId[]>,
): PublicDomain {
  const pairs: string[] = [];
  for (const [a, list] of content)
    for (const { id: b } of list.slice(0, PAIR_DOMAIN_PER_ITEM)) pairs.push(pairKey(a, b));
  return { items: items.map((it) => it.id), pairs };
}

/** Day zero: content neighbours, category lists in catalog order, no popularity or trending. */
export function contentOnlyIndex(items: readonly CatalogItemInput[], content: Map<number, ScoredId[]>) {
  return assemble(items, content, () => ({ count: 0, trend: 0 }), [], []);
}

/**
 * The fleet-learned index: the content index with the fleet's pools folded in by `foldFleetCounts`.
 * With `contentSource`, the content lists stay in the generator's own content source and the fold
 * starts from empty neighbour lists (the generator since 45d3b21); without it they are the base's
 * neighbour lists that the fleet's pairs are blended into (the measured setting).
 */
export function foldedIndex(
  items: readonly CatalogItemInput[],
  content: Map<number, ScoredId[]>,
  pools: FleetPools,
  contentSource = false,
): CandidateIndex {
  const zero = { count: 0, trend: 0 };
  const baseNeighbours = contentSource ? new Map<number, ScoredId[]>() : content;
  const base: BaseIndex = {
    items: new Map(items.map((it) => [it.id, zero])),
    neighbours: baseNeighbours,
    listSize: LIST_SIZE,
  };
  const folded = foldFleetCounts(base, pools);
  const neighbours = new Map(baseNeighbours);
  for (const [id, it] of folded.items) if (it.neighbours.length) neighbours.set(id, it.neighbours);
  const index = assemble(
    items,
    neighbours,
    (id) => folded.items.get(id) ?? zero,
    folded.popular,
    folded.trending,
  );
  return contentSource ? { ...index, content } : index;
}

/** Popularity alone: another index's popular list, nothing else. */
export function popularityOnly(index: CandidateIndex): CandidateIndex {
  return { ...index, neighbours: new Map(), content: new Map(), trending: [], categoryTop: new Map() };
}

function assemble(
  items: readonly CatalogItemInput[],
  neighbours: Map<number, ScoredId[]>,
  stats: (id: number) => { count: number; trend: number },
  popular: ScoredId[],
  trending: ScoredId[],
): CandidateIndex {
  const map = new Map<number, IndexedItem>();
  for (const it of items) map.set(it.id, { ...it, categories: [...it.categories], ...stats(it.id) });
  // Per-category lists by (fleet) count; catalog order breaks ties, and orders everything on day zero.
  const byCategory = new Map<string, IndexedItem[]>();
  for (const it of map.values())
    for (const c of new Set(it.categories)) {
      const list = byCategory.get(c) ?? [];
      list.push(it);
      byCategory.set(c, list);
    }
  const categoryTop = new Map<string, ScoredId[]>();
  for (const [c, list] of byCategory) {
    const sorted = list.map((it, i) => ({ it, i })).sort((x, y) => y.it.count - x.it.count || x.i - y.i);
    categoryTop.set(
      c,
      sorted.slice(0, CATEGORY_LIST_SIZE).map(({ it }) => ({ id: it.id, score: it.count })),
    );
  }
  // The content lists sit in `neighbours` (where the fold blends the fleet's pairs), not in the
  // generator's separate content source, so every index here is scored through one path.
  return { items: map, neighbours, content: new Map(), popular, trending, categoryTop };
}
