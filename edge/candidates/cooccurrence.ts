import type { ScoredId } from "./types";

/** Parameters of the co-occurrence count (see `CandidateIndexOptions`). */
export type CooccurrenceParams = {
  window: number;
  distanceDecay: number;
  recencyHalfLife: number;
  backwardWeight: number;
  maxNeighbours: number;
};

/**
 * Item-to-item neighbour lists from sequence co-occurrence. A pair (a at i, b at j), 0 < |j - i| <=
 * window, adds distanceDecay^(|j-i|-1) × 2^(-stepsFromEnd/recencyHalfLife), where stepsFromEnd counts
 * from the later of the two positions to the end of its sequence; backward pairs (b before a) are
 * scaled by backwardWeight because what follows an item predicts the next step better than what
 * preceded it. Totals are divided by sqrt(count(a) × count(b)) (cosine-style) so hubs don't dominate.
 * @example cooccurrenceNeighbours([[1, 2, 3]], counts, params).get(1) // [{ id: 2, ... }, { id: 3, ... }]
 */
export function cooccurrenceNeighbours(
  sequences: readonly (readonly number[])[],
  counts: ReadonlyMap<number, number>,
  params: CooccurrenceParams,
): Map<number, ScoredId[]> {
  const pairs = new Map<number, Map<number, number>>();
  const add = (a: number, b: number, w: number) => {
    let row = pairs.get(a);
    if (!row) {
      row = new Map();
      pairs.set(a, row);
    }
    row.set(b, (row.get(b) ?? 0) + w);
  };
  const decayPerStep = params.recencyHalfLife > 0 ? 2 ** (-1 / params.recencyHalfLife) : 1;
  for (const seq of sequences) {
    const n = seq.length;
    for (let j = 1; j < n; j++) {
      const recency = decayPerStep ** (n - 1 - j);
      const b = seq[j];
      for (let i = Math.max(0, j - params.window); i < j; i++) {
        const a = seq[i];
        if (a === b) continue;
        const w = params.distanceDecay ** (j - i - 1) * recency;
        add(a, b, w);
        if (params.backwardWeight > 0) add(b, a, w * params.backwardWeight);
      }
    }
  }
  const out = new Map<number, ScoredId[]>();
  for (const [a, row] of pairs) {
    const ca = counts.get(a) ?? 1;
    const list: ScoredId[] = [];
    for (const [b, w] of row) list.push({ id: b, score: w / Math.sqrt(ca * (counts.get(b) ?? 1)) });
    list.sort(byScoreDesc);
    out.set(a, list.slice(0, params.maxNeighbours));
  }
  return out;
}

/** Sort order of every scored list: score descending, then id ascending (deterministic). */
export function byScoreDesc(x: ScoredId, y: ScoredId): number {
  return y.score - x.score || x.id - y.id;
}
