import type { Candidate } from "../../model/catalog/index.ts";
import type { BackendName, RankedItem } from "../types";

/**
 * Pure: the top `k` candidates, ordered by model score when `scored` is given (ties keep the edge's
 * retrieval order), else in the edge's retrieval order with `backend: "none"` and the retrieval score.
 * @example rankItems(candidates, 10); rankItems(candidates, 10, { scores, backend: "wasm", version: "v3" });
 */
export function rankItems(
  candidates: readonly Candidate[],
  k: number,
  scored?: { scores: ArrayLike<number>; backend: BackendName; version: string },
): RankedItem[] {
  const order = candidates.map((candidate, index) => ({
    candidate,
    index,
    score: scored ? Number(scored.scores[index]) : candidate.retrievalScore,
  }));
  if (scored) order.sort((a, b) => b.score - a.score || a.index - b.index);
  return order.slice(0, k).map(({ candidate, score }, i) => ({
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
  }));
}
