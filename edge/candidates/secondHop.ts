import type { CandidateLookups, ScoredId } from "./types";

/**
 * Second-degree neighbours reach items that never co-occurred with the context but co-occur with what
 * usually follows it: on the Diginetica validation split 15% of next clicks (three quarters of those
 * missing from the first-degree pool) are two steps from a context item. Only the last context item
 * is expanded, through its best `HOP_SEEDS` neighbours, to bound the pool and, at the edge, the extra
 * rows read (`secondHopSeeds`).
 */
export const HOP_SEEDS = 20;

/** Discount of a two-step path relative to a direct neighbour (hand-set, not yet tuned). */
export const HOP_WEIGHT = 0.5;

/** Ids whose neighbour lists the second hop reads: the best `HOP_SEEDS` neighbours of `last`. */
export function secondHopSeeds(
  last: number | undefined,
  lookups: Pick<CandidateLookups, "neighbours">,
): number[] {
  if (last === undefined) return [];
  return lookups
    .neighbours(last)
    .slice(0, HOP_SEEDS)
    .map((n) => n.id);
}

/**
 * Items two steps from `last`, each scored by its best path: HOP_WEIGHT × w(last, seed) × w(seed, item).
 * @example secondHopNeighbours(7, lookups) // [{ id: 12, score: 0.08 }, ...]
 */
export function secondHopNeighbours(last: number | undefined, lookups: CandidateLookups): ScoredId[] {
  const best = new Map<number, number>();
  for (const seed of lookups.neighbours(last ?? -1).slice(0, HOP_SEEDS)) {
    for (const nb of lookups.neighbours(seed.id)) {
      if (nb.id === last) continue;
      const s = HOP_WEIGHT * seed.score * nb.score;
      if (s > (best.get(nb.id) ?? 0)) best.set(nb.id, s);
    }
  }
  return [...best].map(([id, score]) => ({ id, score }));
}
