import type { CandidateIndex, CandidateLookups, RetrievalWeights, ScoredId } from "./types";

const NONE: readonly ScoredId[] = [];

/**
 * Wraps an in-memory index as `CandidateLookups` (offline training and evaluation). Search is not
 * available offline (the edge uses FTS5), so `search()` is empty. An item whose catalog row says
 * `available: false` is never a candidate.
 * @example generateCandidates(request, indexLookups(buildCandidateIndex(sequences, items)))
 */
export function indexLookups(index: CandidateIndex, weights?: RetrievalWeights): CandidateLookups {
  return {
    item: (id) => index.items.get(id),
    neighbours: (id) => index.neighbours.get(id) ?? NONE,
    content: (id) => index.content.get(id) ?? NONE,
    popular: () => index.popular,
    trending: () => index.trending,
    categoryTop: (c) => index.categoryTop.get(c) ?? NONE,
    search: () => NONE,
    unavailable: (id) => index.items.get(id)?.available === false,
    weights,
  };
}
