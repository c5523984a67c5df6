import type { Candidate } from "../../model/catalog/index.ts";
import { rankItems } from "../recommender/rankItems";
import type { BackendName, RankedItem } from "../types";

/**
 * Pure, worker side: what the main thread needs from one request — the top `k` ranked items (titles and
 * images for these k only; the edge's order when `scored` is undefined), and, for telemetry, every score
 * and the named feature columns (candidate-major, NaN where missing) as flat typed arrays that transfer
 * without a copy.
 * @example buildRanking(candidates, { scores, backend: "wasm", version: "v3" }, 10, true, ["popularity"]);
 */
export function buildRanking(
  candidates: readonly Candidate[],
  scored: { scores: Float32Array; backend: BackendName; version: string } | undefined,
  k: number,
  wantScores: boolean,
  featureNames: readonly string[],
): { items: RankedItem[]; scores: Float32Array; features: Float32Array } {
  const items = rankItems(candidates, k, scored);
  const m = scored ? featureNames.length : 0;
  const features = new Float32Array(candidates.length * m);
  for (let i = 0; i < candidates.length && m > 0; i++) {
    const values = candidates[i].features as Readonly<Record<string, number>> | undefined;
    for (let f = 0; f < m; f++) {
      const v = values?.[featureNames[f]];
      features[i * m + f] = typeof v === "number" ? v : Number.NaN;
    }
  }
  return { items, scores: scored && wantScores ? scored.scores : new Float32Array(0), features };
}
