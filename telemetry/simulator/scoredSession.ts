import { type ReferenceProfile, referenceProfileFrom } from "../histogram";

/** One real scoring: the model's probabilities for one request's candidates, their features, the history length. */
export type ScoredSession = { scores: number[]; features: Record<string, number>[]; historyLength: number };

/**
 * The reference profile of a pool's own population (what model/ stores for the same requests).
 * @example publishWithReference("v1", poolProfile(pool))
 */
export function poolProfile(pool: readonly ScoredSession[]): ReferenceProfile {
  return referenceProfileFrom({
    scores: pool.flatMap((s) => s.scores),
    features: pool.flatMap((s) => s.features),
    historyLengths: pool.map((s) => s.historyLength),
  });
}
