import type { CandidateSource } from "../candidates/CandidateSource";
import { candidateUrl } from "../candidates/candidateUrl";
import type { Fetcher } from "../model/downloadVersion";
import type { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import type { RankedItem, RecommendRequest } from "../types";
import type { RecentHistory } from "./RecentHistory";
import { rankItems } from "./rankItems";
import { rankOnDevice } from "./rankOnDevice";
import type { StatusBoard } from "./StatusBoard";
import type { ModelRuntime } from "./startModel";

export type RankDeps = {
  endpoint: string;
  /** Candidates the model scores per request. */
  limit: number;
  runtime: ModelRuntime | undefined;
  /** Opens the behaviour store if needed; resolves once the history mirror has been loaded. */
  historyLoaded: () => Promise<unknown>;
  recent: RecentHistory;
  /** The page's own candidate source (retrieval order when no model is ready, and its cache). */
  candidates: CandidateSource;
  pageFetch: Fetcher | undefined;
  board: StatusBoard;
  telemetry: TelemetryBuffer;
  /** While the model starts: has its worker fetch the answer to a URL it will rank (see "prefetch"). */
  prefetch?: (url: string) => void;
};

/**
 * The top k for a request: `limit` candidates ranked by the model in the scoring worker when one is
 * ready; else (or when the worker fails) the edge's first k in retrieval order, fetched and decoded here.
 * Only k are asked for then, so the page decodes a few KB, not the whole candidate list, while it loads.
 * Resolves [] when neither the edge nor a cache has candidates; every fault is reported on the board.
 * @example const ranked = await rankRequest({ context: "home", k: 8 }, deps);
 */
export async function rankRequest(request: RecommendRequest, deps: RankDeps): Promise<RankedItem[]> {
  const { runtime, candidates, board } = deps;
  const k = request.k ?? 10;
  // The retrieval-order URL (k candidates), made only when the page's own path runs.
  const url = () => candidateUrl(deps.endpoint, request, Math.min(deps.limit, k));
  if (runtime) {
    await deps.historyLoaded();
    const history = deps.recent.current();
    const { pageFetch, telemetry } = deps;
    const deviceUrl = candidateUrl(deps.endpoint, request, deps.limit);
    const on = await rankOnDevice({ runtime, url: deviceUrl, pageFetch, history, k, board, telemetry });
    if (on && "items" in on) return on.items;
    if (on) {
      // Neither the edge nor the worker's cache answered; the page may still hold an older answer.
      const cached = candidates.cached(url());
      if (!cached) {
        board.fallback("edge-unreachable", on.unreachable);
        return [];
      }
      board.fallback("candidates-cached", "edge unreachable; cached candidates");
      return rankItems(cached, k);
    }
  } else deps.prefetch?.(candidateUrl(deps.endpoint, request, deps.limit));
  let answer: Awaited<ReturnType<CandidateSource["get"]>>;
  try {
    answer = await candidates.get(url());
  } catch (error) {
    board.fallback("edge-unreachable", error);
    return [];
  }
  if (answer.from === "cache") board.fallback("candidates-cached", "edge unreachable; cached candidates");
  return rankItems(answer.candidates, k);
}
