import type { RawWindow } from "../../telemetry/index.ts";
import {
  type ErrorKind,
  Histogram,
  LogSketch,
  positionBucket,
  type SketchName,
  SLOTS,
  type Slot,
} from "../../telemetry/index.ts";
import type { BackendName, FallbackKind, ScoringBackend } from "../types";
import { FEATURE_HISTOGRAMS, type FeatureColumns, type TelemetryObserver } from "./types";

/** How the SDK's absorbed faults map onto the report's error kinds (telemetry/schema ERROR_KINDS). */
const ERROR_OF: Partial<Record<FallbackKind, ErrorKind>> = {
  "storage-unavailable": "storage_unavailable",
  "storage-quota": "storage_quota",
  "model-download": "model_download",
  "model-hash": "model_integrity",
  "model-load": "model_load",
  "backend-error": "backend_fallback",
  "device-lost": "backend_fallback",
  "worker-error": "other",
  "edge-unreachable": "candidates_fetch",
  "candidates-cached": "candidates_fetch",
  "telemetry-send": "telemetry_send",
  internal: "other",
};

/**
 * Accumulates one telemetry window on the device: latency and web-vital sketches, score and feature
 * histograms, engagement by slot and position bucket, error counts. `seal()` hands the raw window to
 * telemetry/'s `privatizeReport` and starts a new one. Pure state, no I/O.
 * @example const agg = new WindowAggregator(Date.now()); agg.inference(2.5); const raw = agg.seal(Date.now());
 */
export class WindowAggregator implements TelemetryObserver {
  private start: number;
  private sketches: Partial<Record<SketchName, LogSketch>> = {};
  private histograms: NonNullable<RawWindow["histograms"]> = {};
  private engagement: NonNullable<RawWindow["engagement"]> = {};
  private errors: Partial<Record<ErrorKind, number>> = {};
  private observations = 0;
  private version: string | null = null;
  private cohort: "live" | "canary" | "none" = "none";
  private backend: ScoringBackend = "none";

  constructor(now: number) {
    this.start = now;
  }

  /** True when the window holds anything worth a report. */
  get isEmpty(): boolean {
    return this.observations === 0;
  }

  inference(ms: number): void {
    this.sketch("inferenceMs", ms);
  }
  modelLoad(ms: number): void {
    this.sketch("modelLoadMs", ms);
  }
  firstRecommendation(ms: number): void {
    this.sketch("timeToFirstRecMs", ms);
  }
  /** A web-vital (LCP, INP, CLS, FCP, TTFB) from the web-vitals library. */
  vital(name: "lcp" | "inp" | "cls" | "fcp" | "ttfb", value: number): void {
    this.sketch(name, value);
  }

  scored(scores: ArrayLike<number>, features: FeatureColumns, historyLength: number): void {
    for (let i = 0; i < scores.length; i++) this.bin("score", scores[i]);
    const m = features.names.length;
    for (const name of FEATURE_HISTOGRAMS) {
      const f = features.names.indexOf(name);
      if (f < 0) continue;
      for (let i = f; i < features.values.length; i += m) this.bin(name, features.values[i]);
    }
    this.bin("historyLength", historyLength);
  }

  impression(slot: string, position: number): void {
    this.cell(slot, position).impressions += 1;
  }
  click(slot: string, position: number): void {
    this.cell(slot, position).clicks += 1;
  }

  fallback(kind: FallbackKind): void {
    const error = ERROR_OF[kind];
    if (error) this.count(error);
  }

  backendSkipped(backend: BackendName): void {
    if (backend === "webgpu") this.count("webgpu_unavailable");
    else if (backend === "webgl") this.count("webgl_unavailable");
    else this.count("backend_fallback");
  }

  assigned(cohort: "live" | "canary"): void {
    this.cohort = cohort;
  }

  model(version: string | null, backend: ScoringBackend): void {
    this.version = version;
    this.backend = backend;
  }

  /** The raw window so far (undefined when empty), and a fresh window from `now`. */
  seal(now: number): RawWindow | undefined {
    const raw: RawWindow | undefined = this.isEmpty
      ? undefined
      : {
          windowStart: this.start,
          modelVersion: this.version ?? "none",
          cohort: this.cohort,
          backend: this.backend,
          userAgent: globalThis.navigator?.userAgent ?? "",
          sketches: this.sketches,
          histograms: this.histograms,
          engagement: this.engagement,
          errors: this.errors,
        };
    this.start = now;
    this.sketches = {};
    this.histograms = {};
    this.engagement = {};
    this.errors = {};
    this.observations = 0;
    return raw;
  }

  private sketch(name: SketchName, value: number): void {
    if (!Number.isFinite(value)) return;
    const sketch = this.sketches[name] ?? new LogSketch();
    this.sketches[name] = sketch;
    sketch.add(value);
    this.observations += 1;
  }

  private bin(
    layout: "score" | "historyLength" | (typeof FEATURE_HISTOGRAMS)[number],
    value: number | undefined,
  ): void {
    if (typeof value !== "number" || !Number.isFinite(value)) return;
    const histogram = this.histograms[layout] ?? new Histogram(layout);
    this.histograms[layout] = histogram;
    histogram.add(value);
    this.observations += 1;
  }

  private cell(slot: string, position: number): { impressions: number; clicks: number } {
    // Free-form slot names could carry page identifiers: only the fixed enum leaves the device.
    const key: Slot = (SLOTS as readonly string[]).includes(slot) ? (slot as Slot) : "other";
    const bucket = positionBucket(position - 1);
    const cells = this.engagement[key] ?? {};
    this.engagement[key] = cells;
    const cell = cells[bucket] ?? { impressions: 0, clicks: 0 };
    cells[bucket] = cell;
    this.observations += 1;
    return cell;
  }

  private count(kind: ErrorKind): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    this.observations += 1;
  }
}
