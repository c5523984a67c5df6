import type { CandidateRequest } from "../../model/catalog";
import { candidatePool, contextItemsOf } from "./candidatePool";
import { byScoreDesc } from "./cooccurrence";
import type { CandidateLookups, RetrievedCandidate } from "./types";
import { DEFAULT_RETRIEVAL_WEIGHTS } from "./weights";

/**
 * Scores the pool of a request with the retrieval blend and keeps the best `limit`, in order, with
 * every feature filled in. Needs `item()` for the pool's ids (popularity, trend, categories, brand).
 * @example retrieveCandidates({ context: "cart", items: [3, 9], limit: 100 }, lookups)[0].id
 */
export function retrieveCandidates(
  request: CandidateRequest,
  lookups: CandidateLookups,
): RetrievedCandidate[] {
  const w = lookups.weights ?? DEFAULT_RETRIEVAL_WEIGHTS;
  const pool = candidatePool(request, lookups);
  const ctx = contextItemsOf(request);
  const ctxCategories = new Set<string>();
  const ctxBrands = new Set<string>();
  if (request.context === "category" && request.category !== undefined) ctxCategories.add(request.category);
  for (const x of ctx) {
    const it = lookups.item(x);
    for (const c of it?.categories ?? []) ctxCategories.add(c);
    if (it?.brand) ctxBrands.add(it.brand);
  }
  const maxPop = Math.log1p(lookups.popular()[0]?.score ?? 0);
  const maxTrend = Math.log1p(lookups.trending()[0]?.score ?? 0);
  let maxCooc = 0;
  let maxContent = 0;
  for (const e of pool) {
    maxCooc = Math.max(maxCooc, e.features.coocSum);
    maxContent = Math.max(maxContent, e.content);
  }
  // Day zero (no candidate has co-occurrence): content neighbours take co-occurrence's place.
  const wContent = maxCooc > 0 ? w.content : w.cooc;
  const scored: RetrievedCandidate[] = pool.map(({ id, features: f, content }) => {
    const it = lookups.item(id);
    f.popularity = Math.log1p(it?.count ?? 0);
    f.trending = Math.log1p(it?.trend ?? 0);
    const cats = it?.categories ?? [];
    f.categoryOverlap = cats.length ? cats.filter((c) => ctxCategories.has(c)).length / cats.length : 0;
    f.brandMatch = it?.brand && ctxBrands.has(it.brand) ? 1 : 0;
    const score =
      w.cooc * (maxCooc > 0 ? f.coocSum / maxCooc : 0) +
      wContent * (maxContent > 0 ? content / maxContent : 0) +
      w.popular * (maxPop > 0 ? f.popularity / maxPop : 0) +
      w.trending * (maxTrend > 0 ? Math.min(1, f.trending / maxTrend) : 0) +
      w.category * f.categoryOverlap +
      w.search * f.searchScore +
      w.context * f.inContextRecency;
    return { id, score, features: f };
  });
  scored.sort(byScoreDesc);
  const top = scored.slice(0, Math.max(0, Math.floor(request.limit)));
  top.forEach((c, rank) => {
    c.features.retrievalScore = c.score;
    c.features.rank = rank;
  });
  return top;
}
