// Candidate recall@K of an index on next-item cases, through the shared generator (edge/candidates,
// the code the `/v1/candidates` route runs) in the cart context, history items excluded.
import {
  type CandidateIndex,
  DEFAULT_RETRIEVAL_WEIGHTS,
  indexLookups,
  type RetrievalWeights,
  retrieveCandidates,
} from "../../../edge/candidates/index.ts";

export const RECALL_KS = [100, 500] as const;

export type NextItem = { context: number[]; target: number };
export type Recall = { "@100": number; "@500": number };

/** Co-occurrence only: isolates the neighbour lists from the popularity and category backfill. */
export const NEIGHBOURS_ONLY: RetrievalWeights = {
  cooc: 1,
  popular: 0,
  trending: 0,
  category: 0,
  search: 0,
  context: 0,
  content: 0,
};
/** Popularity only. */
export const POPULAR_ONLY: RetrievalWeights = { ...NEIGHBOURS_ONLY, cooc: 0, popular: 1 };

/**
 * Share of cases whose target is among the first K candidates, for K = 100 and 500.
 * @example recallAt(index, [{ context: [1, 2], target: 3 }]) // { "@100": 1, "@500": 1 }
 */
export function recallAt(
  index: CandidateIndex,
  cases: readonly NextItem[],
  weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS,
): Recall {
  const lookups = indexLookups(index, weights);
  const hits = [0, 0];
  for (const { context, target } of cases) {
    const ranked = retrieveCandidates({ context: "cart", items: context, limit: 500 }, lookups);
    const pos = ranked.findIndex((c) => c.id === target);
    if (pos >= 0 && pos < 100) hits[0]++;
    if (pos >= 0) hits[1]++;
  }
  return { "@100": round(hits[0] / cases.length), "@500": round(hits[1] / cases.length) };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
