import { type CandidateLookups, generateCandidates } from "../../edge/candidates";
import type { Candidate } from "../catalog";

/**
 * Candidates for one history through the shared generator (edge/candidates, the same code as the
 * `/v1/candidates` route, "cart" context = the behaviour sequence), with the history's categories
 * for the encoder. With `maskHistory`, items anywhere in the history are dropped (S3-Rec protocol).
 * @example retrieve([3, 9], lookups, { limit: 200, includeContextItems: false, maskHistory: true })
 */
export function retrieve(
  history: readonly number[],
  lookups: CandidateLookups,
  options: { limit: number; includeContextItems: boolean; maskHistory: boolean },
): { candidates: Candidate[]; historyCategories: string[][] } {
  let candidates = generateCandidates(
    {
      context: "cart",
      items: [...history],
      limit: options.limit,
      includeContextItems: options.includeContextItems,
    },
    lookups,
  );
  if (options.maskHistory) {
    const seen = new Set(history);
    candidates = candidates.filter((c) => !seen.has(c.id));
  }
  const historyCategories = history.map((id) => lookups.item(id)?.categories ?? []);
  return { candidates, historyCategories };
}
