/// <reference lib="webworker" />
/**
 * The scoring worker's work, imported by its entry (worker.ts). It owns tfjs, the model and the
 * candidates: it fetches and decodes them itself, so the storefront's main thread only posts a URL and
 * the history and receives the top k ranked items plus typed arrays for telemetry (transferred).
 * It imports tfjs-core only; each backend is a chunk loaded when tried (backends/loadBackend).
 */
import { BINARY_OR_JSON } from "../candidates/binaryOrJson";
import { CandidateSource } from "../candidates/CandidateSource";
import type { Capabilities } from "./chooseBackend";
import { IdleWarmUp } from "./IdleWarmUp";
import { probeCapabilities } from "./probeCapabilities";
import type { ScoringErrorKind, WorkerRequest, WorkerResponse } from "./protocol";
import { rankInWorker } from "./rankInWorker";
import { ScoringEngine } from "./ScoringEngine";

const scope = self as unknown as DedicatedWorkerGlobalScope;

let pageWebGpu: Capabilities["webgpu"] | undefined;

/** The worker's own probe, narrowed by what the page saw (a page without WebGPU gets none here). */
async function probe(): Promise<Capabilities> {
  const own = await probeCapabilities();
  if (pageWebGpu && !pageWebGpu.adapter) return { ...own, webgpu: pageWebGpu };
  return own;
}

const post = (message: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
// The worker asks for the binary answer and still decodes JSON (an older edge, a page's own fetch).
const candidates = new CandidateSource((url, init) => fetch(url, init), BINARY_OR_JSON);
/**
 * Candidate answers fetched ahead of their first rank (see "prefetch"), by URL, until that rank, which
 * waits for one in flight; the source then holds it for as long as HTTP says it is fresh (httpFreshness).
 * A failed prefetch settles too: the rank fetches and reports the failure itself.
 */
const prefetched = new Map<string, Promise<unknown>>();
const engine = new ScoringEngine(probe, (change) => post({ type: "backend-changed", id: 0, change }));
/** The scoring path run again while idle, after the first list was delivered (never before it). */
const idleWarmUp = new IdleWarmUp((input) => engine.rehearse(input));

/**
 * Candidate requests the worker's entry started for the prefetches that arrived while this module loaded
 * (worker.ts), by URL: each prefetch reads its answer here, as it would its own request's.
 */
let started = new Map<string, Promise<Response | Error>>();

/**
 * Answers the page's requests from now on, after the ones that arrived while this module loaded (in
 * their order), with the candidate requests the entry started for them.
 */
export function serveRequests(
  queued: MessageEvent<WorkerRequest>[],
  startedByEntry: Map<string, Promise<Response | Error>>,
): void {
  started = startedByEntry;
  scope.onmessage = handle;
  for (const event of queued) void handle(event);
}

/** The prefetch of `url`: the answer to the request the entry started for it, or to this source's own. */
async function prefetch(url: string): Promise<void> {
  const early = started.get(url);
  started.delete(url);
  await candidates.get(url, early && (await early)).catch(() => {});
}

async function handle(event: MessageEvent<WorkerRequest>): Promise<void> {
  const request = event.data;
  if (request.type === "hidden") {
    idleWarmUp.stop();
    return;
  }
  idleWarmUp.begin();
  let scored: Awaited<ReturnType<typeof rankInWorker>>["scored"];
  try {
    if (request.type === "load") {
      pageWebGpu = request.pageWebGpu;
      const result = await engine.load(request);
      post({ type: "loaded", id: request.id, version: request.version, ...result });
    } else if (request.type === "prefetch") {
      if (!prefetched.has(request.url)) prefetched.set(request.url, prefetch(request.url));
    } else if (request.type === "rank") {
      // A prefetch in flight is waited for: while fresh, its answer is ranked without a second trip.
      const early = prefetched.get(request.url);
      prefetched.delete(request.url);
      await early;
      const ranked = await rankInWorker(engine, candidates, request);
      post({ ...ranked.response, warmUp: idleWarmUp.spent }, ranked.transfer);
      scored = ranked.scored;
    } else if (request.type === "benchmark") {
      pageWebGpu = request.pageWebGpu;
      post({ type: "benchmarked", id: request.id, ...(await engine.benchmark(request)) });
    } else if (request.type === "prepare") {
      await engine.prepare(request.backend);
      post({ type: "done", id: request.id });
    } else if (request.type === "simulate-loss") {
      await engine.loseDevice();
      post({ type: "done", id: request.id });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind: ScoringErrorKind =
      (error as { kind?: ScoringErrorKind }).kind ??
      (request.type === "load" ? "model-load" : "backend-error");
    post({ type: "error", id: request.id, message, kind });
  } finally {
    idleWarmUp.end(scored);
  }
}
