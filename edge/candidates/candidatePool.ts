import { type CandidateFeatures, type CandidateRequest, MAX_CONTEXT_ITEMS } from "../../model/catalog";
import { secondHopNeighbours } from "./secondHop";
import type { CandidateLookups } from "./types";
import { contextItemWeight } from "./weights";

/** Leaf categories of this many most recent context items seed the category backfill. */
const CATEGORY_SEED_ITEMS = 3;

/**
 * A pool entry: features known before item metadata is read, plus its content-neighbour score (the
 * context-weighted sum of its cosines; a retrieval signal only, not a model feature, so the ranker's
 * feature schema and the trained artifacts stay as they are).
 */
export type PoolEntry = { id: number; features: CandidateFeatures; content: number };

/** The context items of a request, oldest first (the last MAX_CONTEXT_ITEMS only). */
export function contextItemsOf(request: CandidateRequest): number[] {
  if (request.context === "item") return request.item === undefined ? [] : [request.item];
  if (request.context === "cart" || request.context === "home") {
    return (request.items ?? []).slice(-MAX_CONTEXT_ITEMS);
  }
  return [];
}

/** Zeroed features. */
export function emptyFeatures(): CandidateFeatures {
  return {
    coocSum: 0,
    coocMax: 0,
    coocLast: 0,
    coocCount: 0,
    coocPrev: 0,
    hopScore: 0,
    popularity: 0,
    trending: 0,
    categoryOverlap: 0,
    brandMatch: 0,
    searchScore: 0,
    fromCooc: 0,
    fromPopular: 0,
    fromTrending: 0,
    fromCategory: 0,
    fromSearch: 0,
    fromContext: 0,
    inContextCount: 0,
    inContextRecency: 0,
    retrievalScore: 0,
    rank: 0,
  };
}

/**
 * Collects the candidate pool of a request from every retrieval source, with the features that the
 * sources alone determine (co-occurrence, search score, context occurrence, source flags). Reads
 * `item()` only for the context items; the edge then fetches metadata for exactly these ids. Items
 * that `unavailable()` names are left out of every source.
 * @example candidatePool({ context: "item", item: 7, limit: 50 }, lookups).map((e) => e.id)
 */
export function candidatePool(request: CandidateRequest, lookups: CandidateLookups): PoolEntry[] {
  const pool = new Map<number, PoolEntry>();
  const entry = (id: number) => {
    let e = pool.get(id);
    if (!e) {
      e = { id, features: emptyFeatures(), content: 0 };
      pool.set(id, e);
    }
    return e;
  };
  const features = (id: number) => entry(id).features;
  const ctx = contextItemsOf(request);
  const lastStep = new Map<number, number>();
  const counts = new Map<number, number>();
  ctx.forEach((id, i) => {
    lastStep.set(id, ctx.length - 1 - i);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  const lastItem = ctx[ctx.length - 1];
  const prevItem = ctx[ctx.length - 2];
  for (const [x, steps] of lastStep) {
    const pw = contextItemWeight(steps);
    for (const nb of lookups.content(x)) entry(nb.id).content += pw * nb.score;
    for (const nb of lookups.neighbours(x)) {
      const f = features(nb.id);
      f.fromCooc = 1;
      f.coocSum += pw * nb.score;
      f.coocMax = Math.max(f.coocMax, nb.score);
      f.coocCount += 1;
      if (x === lastItem) f.coocLast = nb.score;
      if (x === prevItem) f.coocPrev = nb.score;
    }
  }
  // Two-step paths from the last item add to coocSum (coocMax/coocLast/coocCount stay first-degree).
  for (const nb of secondHopNeighbours(lastItem, lookups)) {
    const f = features(nb.id);
    f.fromCooc = 1;
    f.coocSum += nb.score;
    f.hopScore = nb.score;
  }
  const backfill = request.context === "home" || request.context === "item" || request.context === "cart";
  if (backfill) {
    for (const p of lookups.popular()) features(p.id).fromPopular = 1;
    for (const t of lookups.trending()) features(t.id).fromTrending = 1;
  }
  const seeds: string[] = [];
  if (request.context === "category" && request.category !== undefined) seeds.push(request.category);
  const recentDistinct = [...lastStep.entries()].sort((a, b) => a[1] - b[1]).slice(0, CATEGORY_SEED_ITEMS);
  for (const [x] of recentDistinct) {
    const leaf = lookups.item(x)?.categories.at(-1);
    if (leaf !== undefined && !seeds.includes(leaf)) seeds.push(leaf);
  }
  for (const c of seeds) for (const e of lookups.categoryTop(c)) features(e.id).fromCategory = 1;
  if (request.context === "search" && request.query !== undefined) {
    const hits = lookups.search(request.query);
    const best = hits.reduce((m, h) => Math.max(m, h.score), 0);
    for (const h of hits) {
      const f = features(h.id);
      f.fromSearch = 1;
      f.searchScore = best > 0 ? h.score / best : 1;
    }
  }
  for (const [x, steps] of lastStep) {
    if (request.includeContextItems) {
      const f = features(x);
      f.fromContext = 1;
      f.inContextCount = counts.get(x) ?? 0;
      f.inContextRecency = 1 / (1 + steps);
    } else {
      pool.delete(x);
    }
  }
  const unavailable = lookups.unavailable ?? (() => false);
  return [...pool.values()].filter((e) => !unavailable(e.id));
}
