import type { EncodeInput } from "../../model/features/types.ts";
import type { CandidateBytes, CandidateSource } from "../candidates/CandidateSource";
import type { CandidateList } from "../candidates/candidateList";
import { asError, requestCandidates } from "../candidates/fetchCandidates";
import { buildRanking } from "./buildRanking";
import type { PageAnswer, WorkerRequest, WorkerResponse } from "./protocol";
import type { ScoringEngine } from "./ScoringEngine";

type RankRequest = Extract<WorkerRequest, { type: "rank" }>;
/** The ranked answer; the worker adds its idle warm-up's figures. */
type Ranked = Omit<Extract<WorkerResponse, { type: "ranked" }>, "warmUp">;

/**
 * Worker side of recommend(): candidates (fetched here, or the page's answer) → decoded → scored by the
 * engine → top k plus the telemetry arrays. When scoring fails on every backend the answer still ranks,
 * in the edge's order, and says why in `fault`. Throws (→ "edge-unreachable") only when neither the edge
 * nor the cache has candidates.
 * An answer the source holds while HTTP says it is fresh (a prefetched one included) is ranked at once:
 * no request, no decode. The page's custom fetch, when it has one, runs on every call (its bytes come along).
 * `scored` is what the device scored (absent when nothing was scored), for the idle warm-up.
 * @example const { response, transfer } = await rankInWorker(engine, source, request); postMessage(response, transfer);
 */
export async function rankInWorker(
  engine: ScoringEngine,
  source: CandidateSource<CandidateList>,
  request: RankRequest,
): Promise<{ response: Ranked; transfer: Transferable[]; scored?: EncodeInput }> {
  const fetchStarted = performance.now();
  const held = request.answer ? undefined : source.fresh(request.url);
  const given = request.answer
    ? pageAnswer(request.answer)
    : held
      ? undefined
      : await requestCandidates(request.url, source.format.accept);
  const started = performance.now();
  let answer: Awaited<ReturnType<CandidateSource<CandidateList>["get"]>>;
  try {
    answer = held
      ? { candidates: held, from: "edge", readMs: 0, decodeMs: 0 }
      : await source.get(request.url, given);
  } catch (error) {
    throw Object.assign(asError(error), { kind: "edge-unreachable" });
  }
  const { candidates, from, readMs, decodeMs } = answer;
  // The fetch is the edge's whole answer, headers and body; the worker's own time starts after it.
  const fetchMs = (request.answer ? 0 : started - fetchStarted) + readMs;
  let scored: Awaited<ReturnType<typeof score>> | undefined;
  let fault: string | undefined;
  try {
    scored = await score(engine, request, candidates);
  } catch (error) {
    fault = error instanceof Error ? error.message : String(error);
  }
  const built = buildRanking(candidates, scored, request.k, request.wantScores, request.featureNames);
  const response: Ranked = {
    type: "ranked",
    id: request.id,
    ...built,
    count: candidates.length,
    from,
    ...(fault ? { fault } : {}),
    backend: scored?.backend ?? "none",
    version: scored?.version ?? null,
    ms: scored?.ms ?? 0,
    workerMs: performance.now() - started - readMs,
    decodeMs,
    fetchMs,
  };
  const transfer = [built.scores.buffer as ArrayBuffer, built.features.buffer as ArrayBuffer];
  return {
    response,
    transfer,
    scored: scored && candidates.length > 0 ? input(request, candidates) : undefined,
  };
}

function score(engine: ScoringEngine, request: RankRequest, candidates: CandidateList) {
  if (candidates.length === 0) return engine.idle();
  return engine.score(input(request, candidates));
}

function input(request: RankRequest, candidates: CandidateList): EncodeInput {
  const { history, historyCategories } = request;
  return { history, historyCategories, candidates: candidates.columns };
}

/** The page's answer: its bytes and ETag as they are (no Response around them: that cost a copy and a read). */
function pageAnswer(answer: PageAnswer): CandidateBytes | Error {
  return "error" in answer ? new Error(answer.error) : { etag: answer.etag, bytes: answer.body };
}
