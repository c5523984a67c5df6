import type { CandidateList } from "../candidates/candidateList";
import { rankItems } from "../recommender/rankItems";
import type { BackendName, RankedItem } from "../types";

/**
 * Pure, worker side: what the main thread needs from one request — the top `k` ranked items (objects
 * made for these k only; the edge's order when `scored` is undefined), and, for telemetry, every score
 * and the named feature columns (candidate-major, NaN where missing) as flat typed arrays that transfer
 * without a copy.
 * @example buildRanking(list, { scores, backend: "wasm", version: "v3" }, 10, true, ["popularity"]);
 */
export function buildRanking(
  candidates: CandidateList,
  scored: { scores: Float32Array; backend: BackendName; version: string } | undefined,
  k: number,
  wantScores: boolean,
  featureNames: readonly string[],
): { items: RankedItem[]; scores: Float32Array; features: Float32Array } {
  const items = rankItems(candidates, k, scored);
  const m = scored ? featureNames.length : 0;
  const n = candidates.length;
  const features = new Float32Array(n * m).fill(Number.NaN);
  if (m > 0) {
    const { featureNames: names, features: values } = candidates.columns;
    for (let f = 0; f < m; f++) {
      const column = names.indexOf(featureNames[f]);
      if (column < 0) continue;
      for (let i = 0; i < n; i++) features[i * m + f] = values[i * names.length + column];
    }
  }
  return { items, scores: scored && wantScores ? scored.scores : new Float32Array(0), features };
}
