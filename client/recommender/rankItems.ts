import type { Candidate } from "../../model/catalog/index.ts";
import type { BackendName, RankedItem } from "../types";

/** Candidates by position: an array, or the worker's CandidateList (objects made only when read). */
export type CandidateRows = { readonly length: number; at(index: number): Candidate | undefined };

/**
 * Pure: the top `k` candidates, ordered by model score when `scored` is given (ties keep the edge's
 * retrieval order), else in the edge's retrieval order with `backend: "none"` and the retrieval score.
 * Only the k shown are read as objects.
 * @example rankItems(candidates, 10); rankItems(candidates, 10, { scores, backend: "wasm", version: "v3" });
 */
export function rankItems(
  candidates: CandidateRows,
  k: number,
  scored?: { scores: ArrayLike<number>; backend: BackendName; version: string },
): RankedItem[] {
  const n = Math.min(candidates.length, scored ? scored.scores.length : candidates.length);
  const order = scored
    ? topK(scored.scores, n, k)
    : Array.from({ length: Math.max(0, Math.min(k, n)) }, (_, i) => i);
  return order.map((index, i) => {
    const candidate = candidates.at(index)!;
    const score = scored ? Number(scored.scores[index]) : candidate.retrievalScore;
    return {
      id: candidate.id,
      sku: candidate.sku,
      title: candidate.title,
      categories: [...candidate.categories],
      ...(candidate.brand ? { brand: candidate.brand } : {}),
      ...(candidate.image ? { image: candidate.image } : {}),
      ...(candidate.url ? { url: candidate.url } : {}),
      ...(Number.isFinite(candidate.price) && candidate.currency
        ? { price: candidate.price, currency: candidate.currency }
        : {}),
      score: Number.isFinite(score) ? score : 0,
      rank: i + 1,
      modelVersion: scored ? scored.version : null,
      backend: scored ? scored.backend : "none",
    };
  });
}

/**
 * Indices of the `k` highest of the first n scores, highest first; ties keep the lower index (the edge's
 * order). One pass with a k-slot insertion list: O(n) for the small k of a slot, no n-sized sort.
 */
export function topK(scores: ArrayLike<number>, n: number, k: number): number[] {
  const top: number[] = [];
  const best: number[] = []; // the scores of `top`, NaN as -Infinity, so each is read once
  if (k <= 0) return top;
  for (let i = 0; i < n; i++) {
    const score = Number(scores[i]);
    const s = Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
    if (top.length === k && !(s > best[k - 1])) continue;
    let j = Math.min(top.length, k - 1);
    for (; j > 0 && s > best[j - 1]; j--) {
      top[j] = top[j - 1];
      best[j] = best[j - 1];
    }
    top[j] = i;
    best[j] = s;
  }
  return top;
}
