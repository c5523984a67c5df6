import { FEATURE_LAYOUT_NAMES, Histogram } from "../histogram";
import { privatizeReport, type RawWindow } from "../privacy";
import type { TelemetryReport } from "../schema";
import { LogSketch } from "../sketch";
import type { Rng } from "../util/rng";
import { gaussian, MEDIAN_INFERENCE_MS, type Shift, type SimBrowser } from "./fleetProfile";
import type { ScoredSession } from "./scorePool";

export type WindowOptions = {
  modelVersion: string;
  /** Epoch ms inside the window. */
  now: number;
  /** First window of this browser: the model is downloaded and the first recommendation timed. */
  first: boolean;
  shift: Shift | null;
  rng: Rng;
};

/** +1.5 on the logit: a miscalibrated model version (what `--shift score` simulates). */
const SCORE_SHIFT_LOGIT = 1.5;
/** `--shift latency`: a 5× slowdown of the GPU backends (a shader regression). */
const LATENCY_SHIFT = 5;
/** `--shift backend`: share of WebGPU browsers that lose their adapter. */
const BACKEND_LOSS = 0.7;

/**
 * One minute of one simulated browser, turned into a report by telemetry's device-side
 * `privatizeReport` exactly as the client does (randomized response, caps, coarsened hour).
 * Recommendations score sessions drawn from the real-model pool; clicks follow the top scores.
 * @example const report = simulateWindow(browser, pool, { modelVersion: "v1", now: Date.now(), first: true, shift: null, rng });
 */
export function simulateWindow(
  browser: SimBrowser,
  pool: readonly ScoredSession[],
  options: WindowOptions,
): TelemetryReport {
  const { rng, shift } = options;
  const errors: NonNullable<RawWindow["errors"]> = {};
  let backend = browser.backend;
  if (shift === "backend" && backend === "webgpu" && rng() < BACKEND_LOSS) {
    backend = "wasm";
    errors.webgpu_unavailable = 1;
    errors.backend_fallback = 1;
  }
  const slowdown = shift === "latency" && (backend === "webgpu" || backend === "webgl") ? LATENCY_SHIFT : 1;
  const inference = new LogSketch();
  const score = new Histogram("score");
  const features = new Map(FEATURE_LAYOUT_NAMES.map((n) => [n, new Histogram(n)]));
  let impressions = 0;
  let clicks = 0;
  const recommendations = browser.pageViews;
  for (let r = 0; r < recommendations; r++) {
    inference.add(MEDIAN_INFERENCE_MS[backend] * browser.speed * slowdown * Math.exp(0.3 * gaussian(rng)));
    const session = pool[Math.floor(rng() * pool.length)];
    const scores = shift === "score" ? session.scores.map(shiftLogit) : session.scores;
    for (const s of scores) score.add(s);
    for (const row of session.features) for (const [name, h] of features) if (name in row) h.add(row[name]);
    features.get("historyLength")?.add(session.historyLength);
    // Ten slots shown; a click on slot i with the model's own probability (top-ranked first), damped by position.
    const top = [...session.scores].sort((a, b) => b - a).slice(0, 10);
    impressions += top.length;
    top.forEach((p, i) => {
      if (rng() < (0.5 * p) / (1 + i)) clicks++;
    });
  }
  const sketches: NonNullable<RawWindow["sketches"]> = { inferenceMs: inference };
  const once = (value: number) => {
    const s = new LogSketch();
    s.add(value);
    return s;
  };
  if (options.first) {
    sketches.modelLoadMs = once(350 * browser.speed * Math.exp(0.4 * gaussian(rng)));
    sketches.timeToFirstRecMs = once(900 * browser.speed * Math.exp(0.3 * gaussian(rng)));
  }
  // Web vitals per page view, log-normal around medians typical of CrUX e-commerce origins.
  const vital = (median: number, sigma: number) => {
    const s = new LogSketch();
    for (let i = 0; i < browser.pageViews; i++)
      s.add(median * browser.speed * Math.exp(sigma * gaussian(rng)));
    return s;
  };
  sketches.lcp = vital(1900, 0.4);
  sketches.fcp = vital(1200, 0.35);
  sketches.ttfb = vital(450, 0.5);
  sketches.inp = vital(110, 0.5);
  sketches.cls = vital(0.04, 0.8);
  const histograms: NonNullable<RawWindow["histograms"]> = { score };
  for (const [name, h] of features) if (h.total > 0) histograms[name] = h;
  const raw: RawWindow = {
    windowStart: options.now,
    modelVersion: options.modelVersion,
    backend,
    browserFamily: browser.browserFamily,
    osFamily: browser.osFamily,
    sketches,
    histograms,
    engagement: { item: { "0": { impressions, clicks } } },
    errors,
  };
  return privatizeReport(raw, { rng });
}

function shiftLogit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return 1 / (1 + Math.exp(-(Math.log(q / (1 - q)) + SCORE_SHIFT_LOGIT)));
}
