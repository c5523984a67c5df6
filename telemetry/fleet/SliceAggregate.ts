import { Histogram, LAYOUT_NAMES, type LayoutName } from "../histogram";
import type { SketchName, TelemetryReport } from "../schema";
import { decodeSketch, type LogSketch } from "../sketch";

/**
 * Kinds that count as a failed recommendation (as opposed to a degraded one): the model could not
 * be fetched, verified, loaded or run, or candidates could not be fetched.
 */
export const FAILURE_KINDS = [
  "model_download",
  "model_integrity",
  "model_load",
  "inference",
  "candidates_fetch",
] as const;
/** Kinds that mean the device fell back to a slower backend. */
export const FALLBACK_KINDS = ["backend_fallback", "webgpu_unavailable", "webgl_unavailable"] as const;

/**
 * One figure's source inside a slice, for the k-per-figure rule (PRIVACY.md rule 6): "reports" for
 * what every report feeds (report counts, error and fallback rates, shares), else the optional part
 * of a report that the figure is computed from.
 */
export type FigureKey = "reports" | "engagement" | `sketches.${SketchName}` | `histograms.${LayoutName}`;

/**
 * The running merge of every report of one slice (backend × browser family) in one aggregator:
 * sketches and histograms merged by the telemetry library, counters summed. Its size depends on the
 * spread of the values, never on the number of reports.
 */
export type SliceAggregate = {
  reports: number;
  sketches: Record<string, LogSketch>;
  histograms: Partial<Record<LayoutName, Histogram>>;
  /** slot → position bucket → impressions and clicks. */
  engagement: Record<string, Record<string, { impressions: number; clicks: number }>>;
  /** error kind → total count. */
  errors: Record<string, number>;
  /** Reports with at least one failure / one fallback (rates are per report, so bounded in [0, 1]). */
  reportsWithFailure: number;
  reportsWithFallback: number;
  /** Reports per OS family (kept as counts: OS is randomized on the device, de-biased on read). */
  os: Record<string, number>;
  /** Reports that carried each optional part (a non-empty sketch or histogram, any impression). */
  reportsWith: Partial<Record<Exclude<FigureKey, "reports">, number>>;
};

/** An aggregate of no reports. */
export function emptySlice(): SliceAggregate {
  return {
    reports: 0,
    sketches: {},
    histograms: {},
    engagement: {},
    errors: {},
    reportsWithFailure: 0,
    reportsWithFallback: 0,
    os: {},
    reportsWith: {},
  };
}

/**
 * How many reports contributed to one figure of `slice`.
 * @example reportsBehind(slice, "sketches.inferenceMs") // 1 when only one report carried latencies
 */
export function reportsBehind(slice: SliceAggregate, key: FigureKey): number {
  return key === "reports" ? slice.reports : (slice.reportsWith[key] ?? 0);
}

/** The slice a report belongs to. */
export function sliceOf(report: Pick<TelemetryReport, "backend" | "browserFamily">): {
  backend: string;
  browser: string;
} {
  return { backend: report.backend, browser: report.browserFamily };
}

/**
 * Merges one validated report into `slice` (in place). The report has passed `parseReport`, so
 * its sketches decode and its histograms have the layout's bin count.
 * @example const s = emptySlice(); addReport(s, report); s.reports // 1
 */
export function addReport(slice: SliceAggregate, report: TelemetryReport): SliceAggregate {
  slice.reports += 1;
  for (const [name, json] of Object.entries(report.sketches)) {
    if (!json) continue;
    const decoded = decodeSketch(json);
    if (!decoded.ok) throw new Error(`sketch ${name}: ${decoded.message}`);
    mergeSketch(slice, name, decoded.sketch);
    if (decoded.sketch.count > 0) countCarrier(slice, `sketches.${name as SketchName}`);
  }
  for (const name of LAYOUT_NAMES) {
    const counts = report.histograms[name];
    if (!counts) continue;
    histogramOf(slice, name).addCounts(counts);
    if (counts.underflow + counts.overflow + counts.counts.reduce((a, b) => a + b, 0) > 0)
      countCarrier(slice, `histograms.${name}`);
  }
  let impressions = 0;
  for (const [slot, positions] of Object.entries(report.engagement)) {
    for (const [position, cell] of Object.entries(positions ?? {})) {
      if (!cell) continue;
      addCell(slice, slot, position, cell.impressions, cell.clicks);
      impressions += cell.impressions;
    }
  }
  if (impressions > 0) countCarrier(slice, "engagement");
  let failed = false;
  let fellBack = false;
  for (const [kind, n] of Object.entries(report.errors)) {
    if (!n) continue;
    slice.errors[kind] = (slice.errors[kind] ?? 0) + n;
    failed ||= (FAILURE_KINDS as readonly string[]).includes(kind);
    fellBack ||= (FALLBACK_KINDS as readonly string[]).includes(kind);
  }
  if (failed) slice.reportsWithFailure += 1;
  if (fellBack) slice.reportsWithFallback += 1;
  slice.os[report.osFamily] = (slice.os[report.osFamily] ?? 0) + 1;
  return slice;
}

/**
 * Adds `other` into `into` (in place); associative and commutative like the parts it is made of.
 * @example const fleet = rows.map(decodeSlice).reduce(mergeSlices, emptySlice());
 */
export function mergeSlices(into: SliceAggregate, other: SliceAggregate): SliceAggregate {
  into.reports += other.reports;
  for (const [name, sketch] of Object.entries(other.sketches)) mergeSketch(into, name, sketch);
  for (const name of LAYOUT_NAMES) {
    const h = other.histograms[name];
    if (h) histogramOf(into, name).merge(h);
  }
  for (const [slot, positions] of Object.entries(other.engagement)) {
    for (const [position, cell] of Object.entries(positions))
      addCell(into, slot, position, cell.impressions, cell.clicks);
  }
  for (const [kind, n] of Object.entries(other.errors)) into.errors[kind] = (into.errors[kind] ?? 0) + n;
  into.reportsWithFailure += other.reportsWithFailure;
  into.reportsWithFallback += other.reportsWithFallback;
  for (const [os, n] of Object.entries(other.os)) into.os[os] = (into.os[os] ?? 0) + n;
  for (const [key, n] of Object.entries(other.reportsWith) as [keyof SliceAggregate["reportsWith"], number][])
    into.reportsWith[key] = (into.reportsWith[key] ?? 0) + n;
  return into;
}

function countCarrier(slice: SliceAggregate, key: Exclude<FigureKey, "reports">): void {
  slice.reportsWith[key] = (slice.reportsWith[key] ?? 0) + 1;
}

function mergeSketch(slice: SliceAggregate, name: string, sketch: LogSketch): void {
  const current = slice.sketches[name];
  if (current) current.merge(sketch);
  else slice.sketches[name] = sketch.clone();
}

function histogramOf(slice: SliceAggregate, name: LayoutName): Histogram {
  let h = slice.histograms[name];
  if (!h) {
    h = new Histogram(name);
    slice.histograms[name] = h;
  }
  return h;
}

function addCell(
  slice: SliceAggregate,
  slot: string,
  position: string,
  impressions: number,
  clicks: number,
): void {
  const positions = slice.engagement[slot] ?? {};
  const cell = positions[position] ?? { impressions: 0, clicks: 0 };
  cell.impressions += impressions;
  cell.clicks += clicks;
  positions[position] = cell;
  slice.engagement[slot] = positions;
}
