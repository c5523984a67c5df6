import { Histogram, LAYOUT_NAMES, type LayoutName } from "../histogram";
import type { TelemetryReport } from "../schema";
import { decodeSketch, encodeSketch, type LogSketch, type SketchJSON } from "../sketch";

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
};

/** The stored form: plain JSON with encoded sketches. */
export type SliceAggregateJSON = Omit<SliceAggregate, "sketches" | "histograms"> & {
  v: 1;
  sketches: Record<string, SketchJSON>;
  histograms: Record<string, { counts: number[]; underflow: number; overflow: number }>;
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
  };
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
  }
  for (const name of LAYOUT_NAMES) {
    const counts = report.histograms[name];
    if (counts) histogramOf(slice, name).addCounts(counts);
  }
  for (const [slot, positions] of Object.entries(report.engagement)) {
    for (const [position, cell] of Object.entries(positions ?? {})) {
      if (cell) addCell(slice, slot, position, cell.impressions, cell.clicks);
    }
  }
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
  return into;
}

/** Canonical JSON text of an aggregate (what the aggregator stores and flushes to D1). */
export function encodeSlice(slice: SliceAggregate): string {
  const json: SliceAggregateJSON = {
    v: 1,
    reports: slice.reports,
    sketches: Object.fromEntries(
      Object.keys(slice.sketches)
        .sort()
        .map((k) => [k, encodeSketch(slice.sketches[k])]),
    ),
    histograms: Object.fromEntries(
      LAYOUT_NAMES.filter((n) => slice.histograms[n]).map((n) => {
        const { counts, underflow, overflow } = (slice.histograms[n] as Histogram).toJSON();
        return [n, { counts, underflow, overflow }];
      }),
    ),
    engagement: slice.engagement,
    errors: slice.errors,
    reportsWithFailure: slice.reportsWithFailure,
    reportsWithFallback: slice.reportsWithFallback,
    os: slice.os,
  };
  return JSON.stringify(json);
}

/** Reads what `encodeSlice` wrote; throws on anything else (stored data is ours, so that is a bug). */
export function decodeSlice(text: string): SliceAggregate {
  const json = JSON.parse(text) as SliceAggregateJSON;
  if (json.v !== 1) throw new Error(`unknown slice aggregate version ${String(json.v)}`);
  const slice = emptySlice();
  slice.reports = json.reports;
  for (const [name, sk] of Object.entries(json.sketches)) {
    const decoded = decodeSketch(sk);
    if (!decoded.ok) throw new Error(`stored sketch ${name}: ${decoded.message}`);
    slice.sketches[name] = decoded.sketch;
  }
  for (const [name, counts] of Object.entries(json.histograms)) {
    slice.histograms[name as LayoutName] = Histogram.fromJSON({ layout: name as LayoutName, ...counts });
  }
  slice.engagement = json.engagement;
  slice.errors = json.errors;
  slice.reportsWithFailure = json.reportsWithFailure;
  slice.reportsWithFallback = json.reportsWithFallback;
  slice.os = json.os;
  return slice;
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
