import { FEATURE_LAYOUT_NAMES, Histogram } from "../histogram";
import { privatizeReport, type RawWindow } from "../privacy";
import type { Backend, Cohort, ErrorKind, TelemetryReport } from "../schema";
import { LogSketch } from "../sketch";
import type { Rng } from "../util/rng";
import { gaussian, MEDIAN_INFERENCE_MS, type Shift, type SimBrowser } from "./fleetProfile";
import type { ScoredSession } from "./scoredSession";

export type WindowOptions = {
  modelVersion: string;
  /** The cohort the edge assigned to this browser ("none" when absent). */
  cohort?: Cohort;
  /** Epoch ms inside the window. */
  now: number;
  /** First window of this browser: the model is downloaded and the first recommendation timed. */
  first: boolean;
  /** The shift in force during this window (null: nothing changed). */
  shift: Shift | null;
  rng: Rng;
  /** Sees every simulated inference time before it is sketched (benchmarks compare against it). */
  onInference?: (backend: Backend, ms: number) => void;
};

/** +1.5 on the logit: a miscalibrated model version (what `--shift score` simulates). */
const SCORE_SHIFT_LOGIT = 1.5;
/** `--shift latency`: a 5× slowdown of the GPU backends (a shader regression). */
const LATENCY_SHIFT = 5;
/** `ctr`: shoppers click 20 % less (a canary that ranks worse: `--canary bad-ctr`). */
const CTR_SHIFT = 0.8;
/** `--shift backend`: share of WebGPU browsers' windows in which the adapter is lost and the SDK falls back to WASM. */
const BACKEND_LOSS = 0.7;
/** The SDK's backend chain (client/ chooseBackend): a browser on one of them tried every earlier one. */
const CHAIN: readonly Backend[] = ["webgpu", "webgl", "wasm", "cpu"];
/** What the client reports for each backend it skipped (client/telemetry WindowAggregator.backendSkipped). */
const SKIPPED: Record<string, ErrorKind> = { webgpu: "webgpu_unavailable", webgl: "webgl_unavailable" };

/**
 * One minute of one simulated browser, before any privacy step: every page view loads the SDK,
 * whose backend chain reports each backend it skipped (as the client does, so a healthy fleet
 * already shows fallbacks), and scores one recommendation drawn from the reference pool.
 * @example const raw = simulateRawWindow(browser, pool, { modelVersion: "v1", now, first: true, shift: null, rng });
 */
export function simulateRawWindow(
  browser: SimBrowser,
  pool: readonly ScoredSession[],
  options: WindowOptions,
): RawWindow {
  const { rng, shift } = options;
  const errors: Partial<Record<ErrorKind, number>> = {};
  const count = (kind: ErrorKind) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
  };
  // A lost adapter lasts the window: every page view of it ends up on WASM.
  const lost = shift === "backend" && browser.backend === "webgpu" && rng() < BACKEND_LOSS;
  const backend: Backend = lost ? "wasm" : browser.backend;
  const slowdown = shift === "latency" && (backend === "webgpu" || backend === "webgl") ? LATENCY_SHIFT : 1;
  const inference = new LogSketch();
  const score = new Histogram("score");
  const features = new Map(FEATURE_LAYOUT_NAMES.map((n) => [n, new Histogram(n)]));
  let impressions = 0;
  let clicks = 0;
  for (let view = 0; view < browser.pageViews; view++) {
    if (lost) count("backend_fallback");
    for (const skipped of CHAIN.slice(0, CHAIN.indexOf(backend)))
      count(SKIPPED[skipped] ?? "backend_fallback");
    const ms = MEDIAN_INFERENCE_MS[backend] * browser.speed * slowdown * Math.exp(0.3 * gaussian(rng));
    inference.add(ms);
    options.onInference?.(backend, ms);
    const session = pool[Math.floor(rng() * pool.length)];
    const scores = shift === "score" ? session.scores.map(shiftLogit) : session.scores;
    for (const s of scores) score.add(s);
    for (const row of session.features) for (const [name, h] of features) if (name in row) h.add(row[name]);
    features.get("historyLength")?.add(session.historyLength);
    // Ten slots shown; a click on slot i with the unshifted model's probability (the shoppers did
    // not change; under a "ctr" shift they click less), top-ranked first, damped by position.
    const top = [...session.scores].sort((a, b) => b - a).slice(0, 10);
    const appeal = shift === "ctr" ? CTR_SHIFT : 1;
    impressions += top.length;
    top.forEach((p, i) => {
      if (rng() < (appeal * 0.5 * p) / (1 + i)) clicks++;
    });
  }
  const histograms: NonNullable<RawWindow["histograms"]> = { score };
  for (const [name, h] of features) if (h.total > 0) histograms[name] = h;
  return {
    windowStart: options.now,
    modelVersion: options.modelVersion,
    cohort: options.cohort,
    backend,
    browserFamily: browser.browserFamily,
    osFamily: browser.osFamily,
    sketches: { inferenceMs: inference, ...pageSketches(browser, options.first, rng) },
    histograms,
    engagement: { item: { "0": { impressions, clicks } } },
    errors,
  };
}

/**
 * `simulateRawWindow` turned into a report by telemetry's device-side `privatizeReport`, exactly as
 * the client does (families randomized, caps, coarsened hour).
 * @example const report = simulateWindow(browser, pool, { modelVersion: "v1", now: Date.now(), first: true, shift: null, rng });
 */
export function simulateWindow(
  browser: SimBrowser,
  pool: readonly ScoredSession[],
  options: WindowOptions,
): TelemetryReport {
  return privatizeReport(simulateRawWindow(browser, pool, options), { rng: options.rng });
}

/** Model load and first-recommendation times (first window only) and web vitals per page view. */
function pageSketches(browser: SimBrowser, first: boolean, rng: Rng): NonNullable<RawWindow["sketches"]> {
  const draw = (median: number, sigma: number, n: number) => {
    const s = new LogSketch();
    for (let i = 0; i < n; i++) s.add(median * browser.speed * Math.exp(sigma * gaussian(rng)));
    return s;
  };
  const views = browser.pageViews;
  // Web vitals log-normal around medians typical of CrUX e-commerce origins.
  const vitals = {
    lcp: draw(1900, 0.4, views),
    fcp: draw(1200, 0.35, views),
    ttfb: draw(450, 0.5, views),
    inp: draw(110, 0.5, views),
    cls: draw(0.04, 0.8, views),
  };
  if (!first) return vitals;
  return { ...vitals, modelLoadMs: draw(350, 0.4, 1), timeToFirstRecMs: draw(900, 0.3, 1) };
}

function shiftLogit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return 1 / (1 + Math.exp(-(Math.log(q / (1 - q)) + SCORE_SHIFT_LOGIT)));
}
