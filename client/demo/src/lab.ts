/**
 * The benchmark lab page (/demo/lab.html): exposes `window.lab` for test/bench/client-latency.ts.
 * Nothing here is part of the storefront; it measures the SDK against its floor and a naive baseline.
 */
import type { RankerConfig } from "../../../model/ranker/types";
import { type BackendName, createRecommender } from "../../index";
import { callSpacing } from "./lab/callSpacing";
import { measureFloor } from "./lab/floor";
import { forwardCheck, forwardTiming } from "./lab/forwardCheck";
import { labTf, naiveScoring } from "./lab/naive";
import { benchCandidates, fetchWithCandidates } from "./lab/syntheticLoad";

type Sample = { backend: string; ms: number[]; firstMs?: number; extra?: Record<string, unknown> };

/** Long tasks (> 50 ms, the Long Tasks API threshold) seen on this page since it loaded. */
const longTasks: { start: number; duration: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch {
  // no Long Tasks API
}

/**
 * recommend() latency through the SDK for `n` candidates on `backend`: forced backend, model loaded
 * eagerly, `runs` timed calls after `warm` untimed ones. Candidates come from memory through a custom
 * `fetch` (the page fetches, the bytes are transferred to the worker), or with `viaEdge` from the edge
 * itself, fetched by the scoring worker (the default path; network included, n ≤ 500). Also counts the
 * main-thread long tasks during the timed calls. `idleMs`: a pause between the untimed and the timed calls
 * (a shopper between pages), in which the worker's idle warm-up runs unless `stopWarmUp` has it stopped
 * as a hidden page would; `firstMs` is the first timed call, `warmUp` the warm-up calls (and their ms) run
 * before it. `history`: the shopper first views that many items (from a first list), so every call scores
 * with a history of that length (0: a first visit's empty one, the path without attention). `gapMs`: a pause
 * after each timed call (0: back to back, so whatever a call leaves running meets the next one).
 */
async function recommendLatency(
  backend: string,
  n: number,
  runs: number,
  warm = 3,
  viaEdge = false,
  keep = false,
  idleMs = 0,
  stopWarmUp = false,
  history = 0,
  gapMs = 0,
): Promise<Sample> {
  const candidates = viaEdge ? [] : await benchCandidates(n);
  const rec = createRecommender({
    endpoint: location.origin,
    backend: backend as BackendName,
    lazy: false,
    telemetry: false,
    candidateLimit: n,
    dbName: `pocketrank-lab-${backend}`,
    ...(viaEdge ? {} : { fetch: fetchWithCandidates(candidates) }),
  });
  try {
    const status = await rec.ready();
    await rec.forget(); // the behaviour store outlives the recommender in this page's IndexedDB
    if (history > 0)
      for (const item of await rec.recommend({ context: "home", k: history }))
        await rec.track({ type: "view", itemId: item.id });
    const ms: number[] = [];
    const inference: number[] = [];
    const worker: number[] = [];
    const decoded: number[] = [];
    const fetched: number[] = [];
    let scoredBy = "";
    let warmUp: { calls: number; ms: number } | undefined;
    const before = longTasks.length;
    if (stopWarmUp) pretendHidden();
    const t0 = performance.now();
    for (let i = 0; i < warm + runs; i++) {
      if (i === warm && idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
      const started = performance.now();
      const ranked = await rec.recommend({ context: "home", k: 10 });
      const took = performance.now() - started;
      scoredBy = ranked[0]?.backend ?? "none";
      if (i >= warm) {
        ms.push(took);
        inference.push(rec.status().lastInferenceMs ?? Number.NaN);
        worker.push(rec.status().lastWorkerMs ?? Number.NaN);
        decoded.push(rec.status().lastDecodeMs ?? Number.NaN);
        fetched.push(rec.status().lastFetchMs ?? Number.NaN);
        warmUp ??= rec.status().idleWarmUp;
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    }
    const during = longTasks.slice(before).filter((t) => t.start >= t0);
    return {
      backend: scoredBy,
      ms,
      firstMs: ms[0],
      extra: {
        inferenceMs: inference,
        workerMs: worker,
        decodeMs: decoded,
        fetchMs: fetched,
        longTasks: during.length,
        warmUp,
        reason: status.backendReason,
        n: viaEdge ? n : candidates.length,
        history,
      },
    };
  } finally {
    if (keep) held = rec;
    else rec.dispose();
  }
}

/** Tells the SDK the page was hidden (a `visibilitychange` with the state "hidden"), then shows it again. */
function pretendHidden(): void {
  Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
  delete (document as { visibilityState?: unknown }).visibilityState; // the real getter again
}

/** The recommender a `keep` run left loaded, for `again` (test/bench/client-mainthread.ts profiles it). */
let held: ReturnType<typeof createRecommender> | undefined;

/** `runs` more sequential recommend() calls on the kept recommender; their wall times in ms. */
async function again(runs: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs && held; i++) {
    const started = performance.now();
    await held.recommend({ context: "home", k: 10 });
    ms.push(performance.now() - started);
  }
  return ms;
}

function release(): void {
  held?.dispose();
  held = undefined;
}

/** The floors of `backend` (see measureFloor), the compute floor at each of `sizes` for the live model. */
async function floor(backend: string, runs: number, sizes: number[] = []) {
  const assignment = (await (await fetch("/v1/model?bucket=0")).json()) as { manifest: { url: string } };
  const manifest = await (await fetch(new URL(assignment.manifest.url, location.href))).json();
  return measureFloor(backend, runs, manifest.architecture as RankerConfig, sizes);
}

/**
 * The fused pass against the pre-fusion reference on `backend`, over `n` edge candidates, with histories
 * of 5, 1 and 0 items (the last two take the pass without attention: model/ranker/firstLayer's
 * oneRowLayer); the largest gap and the smallest spread of the three.
 */
async function fusedVsReference(backend: string, n: number) {
  const candidates = await benchCandidates(n);
  const ids = candidates.slice(0, 5).map((c) => c.id);
  const checks = [];
  for (const history of [ids, ids.slice(0, 1), []])
    checks.push(await forwardCheck(backend, candidates, history));
  return {
    ...checks[0],
    maxGap: Math.max(...checks.map((c) => c.maxGap)),
    spread: Math.min(...checks.map((c) => c.spread)),
  };
}

/** Fused vs pre-fusion forward pass on `backend` over `n` edge candidates: kernels and median ms. */
async function forwardSpeed(backend: string, n: number, runs: number) {
  const candidates = await benchCandidates(n);
  return forwardTiming(
    backend,
    candidates,
    candidates.slice(0, 5).map((c) => c.id),
    runs,
  );
}

async function naive(backend: string, n: number, runs: number): Promise<Sample> {
  const candidates = await benchCandidates(n);
  const before = longTasks.length;
  const result = await naiveScoring(backend, candidates, [], runs);
  return { ...result, extra: { longTasks: longTasks.length - before } };
}

declare global {
  interface Window {
    lab?: {
      recommendLatency: typeof recommendLatency;
      floor: typeof floor;
      naive: typeof naive;
      fusedVsReference: typeof fusedVsReference;
      forwardSpeed: typeof forwardSpeed;
      again: typeof again;
      release: typeof release;
      longTasks: typeof longTasks;
      tf: typeof labTf;
      callSpacing: typeof callSpacing;
    };
  }
}

window.lab = {
  recommendLatency,
  floor,
  naive,
  fusedVsReference,
  forwardSpeed,
  again,
  release,
  longTasks,
  tf: labTf,
  callSpacing,
};
document.body.dataset.ready = "1";
