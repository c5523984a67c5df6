import { retrieveCandidates } from "./retrieveCandidates";
import type { Candidate, CandidateLookups, CandidateRequest } from "./types";

/**
 * Assembles up to `request.limit` candidates for a context: co-occurrence neighbours of the context
 * items (later items weigh more), popularity, trending and same-category backfill, search hits,
 * optionally the context items themselves; de-duplicated, each with its model features. Pure: the
 * edge passes rows prefetched from D1, model/ passes `indexLookups(buildCandidateIndex(...))`.
 * @example generateCandidates({ context: "item", item: 42, limit: 100 }, indexLookups(index))
 */
export function generateCandidates(request: CandidateRequest, lookups: CandidateLookups): Candidate[] {
  return retrieveCandidates(request, lookups).map(({ id, score, features }) => {
    const it = lookups.item(id);
    const c: Candidate = {
      id,
      title: it?.title ?? `Item ${id}`,
      categories: it?.categories ?? [],
      retrievalScore: score,
      features,
    };
    if (it?.brand) c.brand = it.brand;
    if (it?.image) c.image = it.image;
    return c;
  });
}
