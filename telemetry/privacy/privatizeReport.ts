import type { Histogram } from "../histogram/Histogram";
import type { LayoutName } from "../histogram/layouts";
import {
  type Backend,
  BROWSER_FAMILIES,
  type BrowserFamily,
  type Cohort,
  type ErrorKind,
  HISTOGRAM_WEIGHT,
  MAX_CLICKS,
  MAX_ERRORS_PER_KIND,
  MAX_IMPRESSIONS,
  OS_FAMILIES,
  type OsFamily,
  type PositionBucket,
  SCHEMA_VERSION,
  SKETCH_WEIGHT_CAPS,
  type SketchName,
  type Slot,
} from "../schema/constants";
import type { TelemetryReport } from "../schema/ReportSchema";
import type { LogSketch } from "../sketch/LogSketch";
import type { Rng } from "../util/rng";
import { coarsenToHour, newReportId } from "./identifiers";
import { privatizeSketch } from "./privatizeSketch";
import { randomizedResponse } from "./randomizedResponse";
import { scaleCounts } from "./scaleCounts";
import { uaFamily } from "./uaFamily";

/** What the device accumulated over one window, before any privacy step. */
export type RawWindow = {
  /** Any time inside the window (epoch ms or Date); sent coarsened to the hour. */
  windowStart: number | Date;
  modelVersion: string;
  /** The cohort the edge assigned (sent as it is, PRIVACY.md rule 1); "none" by default. */
  cohort?: Cohort;
  backend: Backend;
  /** Raw user agent: reduced to families here and never sent. Ignored when families are given. */
  userAgent?: string;
  browserFamily?: BrowserFamily;
  osFamily?: OsFamily;
  sketches?: Partial<Record<SketchName, LogSketch>>;
  histograms?: Partial<Record<LayoutName, Histogram>>;
  engagement?: Partial<
    Record<Slot, Partial<Record<PositionBucket, { impressions: number; clicks: number }>>>
  >;
  errors?: Partial<Record<ErrorKind, number>>;
  /** Fixed id (tests); by default a fresh random 128-bit id. */
  reportId?: string;
};

/** Privacy parameters of the device-side filter. */
export type PrivatizeOptions = {
  /** ε of randomized response per UA-family field (default `DEFAULT_RR_EPSILON`; Infinity disables). */
  epsilon?: number;
  /** Randomness for RR and rescaling (default Math.random). */
  rng?: Rng;
};

/**
 * ε per randomized field (browser family, OS family): with k = 7 families, the truth is kept with
 * probability e²/(e² + 6) ≈ 0.55; the two fields together spend 2ε = 4 per report. Shares over
 * ≥ 50 reports (k-anonymity) remain estimable after de-biasing. The backend is sent as it is
 * (PRIVACY.md rule 5: a coarse device capability, and per-backend latency must be exact).
 */
export const DEFAULT_RR_EPSILON = 2;

/**
 * The device-side privacy filter: turns a raw window into a report that passes `parseReport`.
 * Coarsens the time to the hour, reduces the UA to families, randomizes the browser and OS
 * families, scales sketches and histograms down to the per-report weight caps, and clips counts.
 * @example
 * const report = privatizeReport({ windowStart: Date.now(), modelVersion: "v3", backend: "webgpu",
 *   userAgent: navigator.userAgent, sketches: { inferenceMs } }, { epsilon: 2 });
 */
export function privatizeReport(raw: RawWindow, options: PrivatizeOptions = {}): TelemetryReport {
  const rng = options.rng ?? Math.random;
  const epsilon = options.epsilon ?? DEFAULT_RR_EPSILON;
  const rr = <T>(value: T, categories: readonly T[]) =>
    Number.isFinite(epsilon) ? randomizedResponse(value, categories, epsilon, rng) : value;
  const families = uaFamily(raw.userAgent ?? "");
  const sketches: TelemetryReport["sketches"] = {};
  for (const [name, sketch] of Object.entries(raw.sketches ?? {}) as [SketchName, LogSketch | undefined][]) {
    const encoded = sketch && privatizeSketch(sketch, SKETCH_WEIGHT_CAPS[name], rng);
    if (encoded) sketches[name] = encoded;
  }
  const histograms: TelemetryReport["histograms"] = {};
  for (const [name, h] of Object.entries(raw.histograms ?? {}) as [LayoutName, Histogram | undefined][]) {
    if (!h || h.total <= 0) continue;
    const v = scaleCounts(h.vector(), HISTOGRAM_WEIGHT, rng);
    histograms[name] = { underflow: v[0], counts: v.slice(1, -1), overflow: v[v.length - 1] };
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    reportId: raw.reportId ?? newReportId(),
    windowStart: coarsenToHour(raw.windowStart),
    modelVersion: raw.modelVersion,
    cohort: raw.cohort ?? "none",
    backend: raw.backend,
    browserFamily: rr(raw.browserFamily ?? families.browserFamily, BROWSER_FAMILIES),
    osFamily: rr(raw.osFamily ?? families.osFamily, OS_FAMILIES),
    sketches,
    histograms,
    engagement: clipEngagement(raw.engagement ?? {}),
    errors: clipErrors(raw.errors ?? {}),
  };
}

function clipEngagement(raw: NonNullable<RawWindow["engagement"]>): TelemetryReport["engagement"] {
  const out: TelemetryReport["engagement"] = {};
  let impressionsLeft = MAX_IMPRESSIONS;
  let clicksLeft = MAX_CLICKS;
  for (const [slot, cells] of Object.entries(raw) as [Slot, NonNullable<(typeof raw)[Slot]>][]) {
    for (const [position, cell] of Object.entries(cells ?? {}) as [
      PositionBucket,
      { impressions: number; clicks: number },
    ][]) {
      const impressions = Math.min(whole(cell?.impressions), impressionsLeft);
      const clicks = Math.min(whole(cell?.clicks), impressions, clicksLeft);
      if (impressions === 0 && clicks === 0) continue;
      impressionsLeft -= impressions;
      clicksLeft -= clicks;
      out[slot] = { ...out[slot], [position]: { impressions, clicks } };
    }
  }
  return out;
}

function clipErrors(raw: NonNullable<RawWindow["errors"]>): TelemetryReport["errors"] {
  const out: TelemetryReport["errors"] = {};
  for (const [kind, n] of Object.entries(raw) as [ErrorKind, number][]) {
    const clipped = Math.min(whole(n), MAX_ERRORS_PER_KIND);
    if (clipped > 0) out[kind] = clipped;
  }
  return out;
}

/** A finite count floored to a non-negative integer (anything else is 0). */
function whole(n: number | undefined): number {
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
