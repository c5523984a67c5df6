import { fetchCandidates, WORKER_ACCEPT } from "../candidates/fetchCandidates";
import type { Fetcher } from "../model/downloadVersion";
import type { PageAnswer } from "../scoring/protocol";
import type { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import { FEATURE_HISTOGRAMS } from "../telemetry/types";
import type { RankedItem } from "../types";
import type { History } from "./RecentHistory";
import type { StatusBoard } from "./StatusBoard";
import type { ModelRuntime } from "./startModel";

export type RankContext = {
  runtime: ModelRuntime;
  /** Absolute `/v1/candidates` URL. */
  url: string;
  /** The page's custom fetch, if it gave one (it runs here; otherwise the worker fetches). */
  pageFetch: Fetcher | undefined;
  history: History;
  k: number;
  board: StatusBoard;
  telemetry: TelemetryBuffer;
};

/** What the worker made of a request: ranked items, no candidates anywhere, or nothing (it failed). */
export type DeviceRanking = { items: RankedItem[] } | { unreachable: unknown } | undefined;

/**
 * recommend() on a ready model. The scoring worker fetches the candidates (or takes the body of the
 * page's custom fetch, transferred), decodes, scores and ranks them, so the main thread only posts a URL
 * and the history and receives k items; telemetry's O(n) histograms are deferred to an idle period.
 * Resolves undefined when the worker itself failed, so the caller can take the page's own path.
 * @example const ranking = await rankOnDevice({ runtime, url, pageFetch: undefined, history, k: 8, board, telemetry });
 */
export async function rankOnDevice(context: RankContext): Promise<DeviceRanking> {
  const { runtime, url, history, k, board, telemetry } = context;
  const fetchStarted = performance.now();
  const answer = context.pageFetch ? await fetchForWorker(context.pageFetch, url) : undefined;
  // The page's own fetch (a custom `fetch`), headers and body; the worker times its own.
  const pageFetchMs = answer ? performance.now() - fetchStarted : 0;
  try {
    const wantScores = telemetry.active;
    const result = await runtime.rank({
      url,
      answer,
      history: history.history,
      historyCategories: history.historyCategories,
      k,
      wantScores,
      featureNames: wantScores ? FEATURE_HISTOGRAMS : [],
    });
    if (result.from === "cache") board.fallback("candidates-cached", "edge unreachable; cached candidates");
    if (result.fault) {
      board.fallback("backend-error", result.fault);
      return { items: result.items };
    }
    const lastFetchMs = pageFetchMs + result.fetchMs;
    board.patch({
      lastInferenceMs: result.ms,
      lastWorkerMs: result.workerMs,
      lastDecodeMs: result.decodeMs,
      lastFetchMs,
      idleWarmUp: result.warmUp,
    });
    if (result.count > 0) {
      telemetry.inference(result.ms);
      const features = { names: FEATURE_HISTOGRAMS, values: result.features };
      telemetry.scored(result.scores, features, history.history.length);
    }
    return { items: result.items };
  } catch (error) {
    if ((error as { kind?: string } | undefined)?.kind === "edge-unreachable") return { unreachable: error };
    board.fallback("backend-error", error);
    return undefined;
  }
}

/**
 * The page's custom fetch of `url`, ready to post: its ETag and its bytes, transferred to the worker.
 * Reading the bytes here costs the page ~3 ms at 500 candidates; transferring `response.body` as a stream
 * instead was measured and rejected: in Chromium the page forwards every chunk (as much main-thread time)
 * and recommend() took 40–60 % longer (test/bench/results/storefront.md).
 */
async function fetchForWorker(fetcher: Fetcher, url: string): Promise<PageAnswer> {
  try {
    // Fetched for the worker, so it asks for the worker's format (the binary answer).
    const response = await fetchCandidates(fetcher, url, WORKER_ACCEPT);
    return { etag: response.headers.get("ETag"), body: await response.arrayBuffer() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
