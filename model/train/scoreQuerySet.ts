import type { EncodedBatch } from "../features/types";
import { preferredGather } from "../ranker/hostGather";
import { scoreCandidates } from "../ranker/scoreCandidates";
import type { RankerConfig, RankerParams } from "../ranker/types";
import { MetricAccumulator, rankOf } from "../task/metrics";
import { takeGroups } from "./batches";

/**
 * Scores every group of an encoded query set in chunks and returns the probabilities, row-major
 * [G, N] (padded slots 0).
 */
export function scoreQuerySet(
  params: RankerParams,
  config: RankerConfig,
  e: EncodedBatch,
  chunk = 64,
): Float32Array {
  const out = new Float32Array(e.groups * e.candidatesPerGroup);
  const gather = preferredGather(params);
  for (let g = 0; g < e.groups; g += chunk) {
    const idx = Int32Array.from({ length: Math.min(chunk, e.groups - g) }, (_, k) => g + k);
    out.set(scoreCandidates(params, config, takeGroups(e, idx), gather), g * e.candidatesPerGroup);
  }
  return out;
}

/**
 * Ranking metrics of scored query sets: a group's target slot is ranked among its real
 * candidates; a missing target (-1) is a miss. With `scores` omitted, the retrieval order is used.
 * @example rankingMetrics(e, targets, [10, 20], scores)["NDCG@10"]
 */
export function rankingMetrics(
  e: EncodedBatch,
  targets: Int32Array,
  cutoffs: number[],
  scores?: Float32Array,
): Record<string, number> {
  const acc = new MetricAccumulator(cutoffs);
  const N = e.candidatesPerGroup;
  for (let g = 0; g < e.groups; g++) {
    const t = targets[g];
    if (t < 0) {
      acc.add(-1);
      continue;
    }
    if (!scores) {
      acc.add(t);
      continue;
    }
    const row = scores.slice(g * N, (g + 1) * N);
    for (let s = 0; s < N; s++) if (e.candidateMask[g * N + s] === 0) row[s] = Number.NaN;
    acc.add(rankOf(row, t));
  }
  return acc.result();
}
