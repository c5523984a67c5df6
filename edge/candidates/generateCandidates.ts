import type { Candidate, CandidateRequest } from "../../model/catalog";
import { retrieveCandidates } from "./retrieveCandidates";
import type { CandidateLookups, IndexedItem } from "./types";

/** Store fields copied onto a candidate where the catalog has them. */
const OPTIONAL = ["brand", "image", "url", "price", "currency", "available"] as const;

/**
 * Assembles up to `request.limit` candidates for a context: co-occurrence neighbours of the context
 * items (later items weigh more), popularity, trending and same-category backfill, search hits,
 * optionally the context items themselves; de-duplicated, each with its model features. Pure: the
 * edge passes rows prefetched from D1, model/ passes `indexLookups(buildCandidateIndex(...))`.
 * An item without a store SKU (a dataset that has only dense ids) answers its id as the SKU.
 * @example generateCandidates({ context: "item", item: 42, limit: 100 }, indexLookups(index))
 */
export function generateCandidates(request: CandidateRequest, lookups: CandidateLookups): Candidate[] {
  return retrieveCandidates(request, lookups).map(({ id, score, features }) => {
    const it: IndexedItem | undefined = lookups.item(id);
    const c: Candidate = {
      id,
      sku: it?.sku ?? String(id),
      title: it?.title ?? `Item ${id}`,
      categories: it?.categories ?? [],
      retrievalScore: score,
      features,
    };
    for (const key of OPTIONAL) {
      const value = it?.[key];
      if (value !== undefined && value !== "") Object.assign(c, { [key]: value });
    }
    return c;
  });
}
