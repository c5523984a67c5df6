import type { RetrievalWeights } from "./types";

/**
 * Default retrieval blend. Co-occurrence dominates; popularity, trending and category overlap act
 * as backfill and tie-breakers. Grid-searched on the Beauty validation target (every 8th user,
 * recall@500; `npx tsx test/bench/catalog-recall.ts --tune`), never on the test target: popular 0.1,
 * trending 0.3, category 0.3 beat every other point of {0..0.6}×{0..1}×{0..1}.
 * @example retrieveCandidates(req, { ...lookups, weights: { ...DEFAULT_RETRIEVAL_WEIGHTS, trending: 0 } })
 */
export const DEFAULT_RETRIEVAL_WEIGHTS: RetrievalWeights = {
  cooc: 1,
  // Chosen on the validation target (every 8th user) with the other weights fixed:
  // `npx tsx test/bench/catalog-cold-start.ts` (0.6 had the best recall@100; @500 within noise of 1).
  content: 0.6,
  popular: 0.1,
  trending: 0.3,
  category: 0.3,
  search: 1,
  context: 1,
};

/** Weight of the k-th most recent context item (0 = last): later items weigh more (default decay 0.8). */
export function contextItemWeight(stepsFromEnd: number, decay = 0.8): number {
  return decay ** stepsFromEnd;
}

/**
 * Blend for anonymous session data (Diginetica): co-occurrence and the session's own items only.
 * Popularity and trending backfill pushed weak but relevant co-occurrence candidates out of the top
 * 500; on the held-out tail of train_sessions (`npx tsx test/bench/diginetica-tune.ts`) dropping both
 * raised recall@500 from 0.713 to 0.893 (0.03 of either: 0.833).
 */
export const SESSION_RETRIEVAL_WEIGHTS: RetrievalWeights = {
  ...DEFAULT_RETRIEVAL_WEIGHTS,
  popular: 0,
  trending: 0,
  category: 0,
};
