import { Histogram, type LayoutName } from "../histogram";
import {
  type Backend,
  type BrowserFamily,
  type Cohort,
  type OsFamily,
  type ReportSketch,
  SCHEMA_VERSION,
  type TelemetryReport,
} from "../schema";
import { encodeSketch, LogSketch } from "../sketch";
import { normal, type Rng } from "../util/rng";

/** What a synthetic report looks like; every field has a realistic default. */
export type SyntheticOptions = {
  modelVersion?: string;
  /** The assigned cohort; "live" by default. */
  cohort?: Cohort;
  /** Defaults to the start of the current UTC hour. */
  windowStart?: string;
  backend?: Backend;
  browserFamily?: BrowserFamily;
  osFamily?: OsFamily;
  /** Median inference latency in ms (log-normal around it). */
  medianInferenceMs?: number;
  /** Scores drawn from Beta-like shapes: mean of the scored candidates. */
  scoreMean?: number;
  /** Exact scores to bin instead of drawing them (e.g. from the real model). */
  scores?: number[];
  inferences?: number;
  impressions?: number;
  clickRate?: number;
  errors?: Partial<Record<string, number>>;
};

/** 128 random bits as 32 hex digits, from `rng` (seeded tests) — the device uses crypto instead. */
export function randomReportId(rng: Rng): string {
  let id = "";
  for (let i = 0; i < 4; i++)
    id += Math.floor(rng() * 2 ** 32)
      .toString(16)
      .padStart(8, "0");
  return id;
}

/** Start of the current UTC hour as the schema wants it. */
export function currentWindowStart(now = Date.now()): string {
  return new Date(Math.floor(now / 3_600_000) * 3_600_000).toISOString().replace(".000Z", "Z");
}

/**
 * A schema-valid report built directly from seeded draws (no model, no privacy filter): the fast
 * path for tests and load generation. The simulator's realistic path goes through the real model
 * and `privatizeReport`.
 * @example const report = syntheticReport(seededRng(1), { backend: "wasm" });
 */
export function syntheticReport(rng: Rng, options: SyntheticOptions = {}): TelemetryReport {
  const inference = new LogSketch();
  const median = options.medianInferenceMs ?? 12;
  const inferences = options.inferences ?? 10;
  for (let i = 0; i < inferences; i++) inference.add(median * Math.exp(0.35 * normal(rng)));
  const once = (value: number) => {
    const s = new LogSketch();
    s.add(value);
    return encodeSketch(s) as ReportSketch;
  };
  const score = new Histogram("score");
  const mean = options.scoreMean ?? 0.3;
  const scores = options.scores ?? Array.from({ length: 20 }, () => clamp01(mean + 0.15 * normal(rng)));
  for (const s of scores.slice(0, 20)) score.add(s);
  const feature = (name: LayoutName, draw: () => number) => {
    const h = new Histogram(name);
    for (let i = 0; i < 20; i++) h.add(draw());
    const { counts, underflow, overflow } = h.toJSON();
    return { counts, underflow, overflow };
  };
  const impressions = options.impressions ?? 8;
  let clicks = 0;
  for (let i = 0; i < impressions; i++) if (rng() < (options.clickRate ?? 0.05)) clicks++;
  const { counts, underflow, overflow } = score.toJSON();
  return {
    schemaVersion: SCHEMA_VERSION,
    reportId: randomReportId(rng),
    windowStart: options.windowStart ?? currentWindowStart(),
    modelVersion: options.modelVersion ?? "demo-1",
    cohort: options.cohort ?? "live",
    backend: options.backend ?? "webgpu",
    browserFamily: options.browserFamily ?? "chrome",
    osFamily: options.osFamily ?? "linux",
    sketches: {
      inferenceMs: encodeSketch(inference) as ReportSketch,
      modelLoadMs: once(300 * Math.exp(0.4 * normal(rng))),
      timeToFirstRecMs: once(900 * Math.exp(0.3 * normal(rng))),
      lcp: once(1800 * Math.exp(0.3 * normal(rng))),
      inp: once(120 * Math.exp(0.4 * normal(rng))),
      cls: once(Math.max(0, 0.05 + 0.03 * normal(rng))),
      fcp: once(1200 * Math.exp(0.3 * normal(rng))),
      ttfb: once(400 * Math.exp(0.3 * normal(rng))),
    },
    histograms: {
      score: { counts, underflow, overflow },
      popularity: feature("popularity", () => 2 + 1.2 * Math.abs(normal(rng))),
      coocMax: feature("coocMax", () => Math.abs(0.05 * normal(rng))),
      categoryOverlap: feature("categoryOverlap", () => clamp01(0.5 + 0.25 * normal(rng))),
      historyLength: feature("historyLength", () => Math.floor(rng() * 30)),
    },
    engagement: impressions > 0 ? { home: { "0": { impressions, clicks } } } : {},
    errors: Object.fromEntries(
      Object.entries(options.errors ?? {}).filter(([, n]) => n),
    ) as TelemetryReport["errors"],
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
