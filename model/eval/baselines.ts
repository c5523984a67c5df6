/**
 * Classic baselines of the session-based and sequential literature, re-implemented on typed arrays
 * so the harness can reproduce the published rows on the same split:
 * POP (global counts), S-POP (in-session counts, ties and fill by POP) and Item-KNN (cosine
 * similarity of item session-sets to the last item; Hidasi et al. 2016, SR-GNN Table 2).
 */

/** Ranked ids (best first) for one history, at most `k`. */
export type Recommender = (history: readonly number[], k: number) => number[];

/** Interaction counts per item id over `sequences`. */
export function itemCounts(sequences: readonly (readonly number[])[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of sequences) for (const id of s) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Ids sorted by count descending, then id ascending. */
function byCount(counts: ReadonlyMap<number, number>): number[] {
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b);
}

/**
 * POP: the most frequent training items; with `maskHistory`, items in the history are skipped.
 * @example popRecommender([[1, 2, 2]], false)([], 1) // [2]
 */
export function popRecommender(train: readonly (readonly number[])[], maskHistory: boolean): Recommender {
  const order = byCount(itemCounts(train));
  return (history, k) => {
    const seen = maskHistory ? new Set(history) : undefined;
    const out: number[] = [];
    for (const id of order) {
      if (out.length >= k) break;
      if (!seen?.has(id)) out.push(id);
    }
    return out;
  };
}

/**
 * S-POP: items of the current session by their count in it, ties by global popularity, then POP.
 * @example spopRecommender([[1, 1, 2]])([2, 3, 2], 2) // [2, 3]
 */
export function spopRecommender(train: readonly (readonly number[])[]): Recommender {
  const counts = itemCounts(train);
  const pop = popRecommender(train, false);
  return (history, k) => {
    const inSession = itemCounts([history]);
    const ranked = [...inSession.keys()].sort(
      (a, b) =>
        (inSession.get(b) ?? 0) - (inSession.get(a) ?? 0) ||
        (counts.get(b) ?? 0) - (counts.get(a) ?? 0) ||
        a - b,
    );
    const out = ranked.slice(0, k);
    const have = new Set(out);
    for (const id of pop(history, k + out.length)) {
      if (out.length >= k) break;
      if (!have.has(id)) out.push(id);
    }
    return out;
  };
}

/**
 * Item-KNN: items most similar to the last history item, similarity = sessions containing both /
 * sqrt(sessions containing each) (cosine over binary session vectors). No fill: an item without
 * neighbours yields a short list.
 * @example itemKnnRecommender([[1, 2], [1, 3], [1, 2]])([1], 2) // [2, 3]
 */
export function itemKnnRecommender(train: readonly (readonly number[])[]): Recommender {
  const sessionsWith = new Map<number, number>();
  const pairs = new Map<number, Map<number, number>>();
  for (const s of train) {
    const uniq = [...new Set(s)];
    for (const a of uniq) {
      sessionsWith.set(a, (sessionsWith.get(a) ?? 0) + 1);
      let row = pairs.get(a);
      if (!row) {
        row = new Map();
        pairs.set(a, row);
      }
      for (const b of uniq) if (b !== a) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  const cache = new Map<number, number[]>();
  return (history, k) => {
    const last = history[history.length - 1];
    if (last === undefined) return [];
    let ranked = cache.get(last);
    if (!ranked) {
      const row = pairs.get(last) ?? new Map<number, number>();
      const na = sessionsWith.get(last) ?? 1;
      const sim = new Map<number, number>();
      for (const [b, c] of row) sim.set(b, c / Math.sqrt(na * (sessionsWith.get(b) ?? 1)));
      ranked = [...sim.keys()].sort((a, b) => (sim.get(b) ?? 0) - (sim.get(a) ?? 0) || a - b).slice(0, 100);
      cache.set(last, ranked);
    }
    return ranked.slice(0, k);
  };
}
