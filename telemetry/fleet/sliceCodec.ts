import { Histogram, LAYOUT_NAMES, type LayoutName } from "../histogram";
import { decodeSketch, encodeSketch, type SketchJSON } from "../sketch";
import { emptySlice, type SliceAggregate } from "./SliceAggregate";

/** The stored form: plain JSON with encoded sketches. */
export type SliceAggregateJSON = Omit<SliceAggregate, "sketches" | "histograms"> & {
  v: 2;
  sketches: Record<string, SketchJSON>;
  histograms: Record<string, { counts: number[]; underflow: number; overflow: number }>;
};

/** Canonical JSON text of an aggregate (what the aggregator stores and flushes to D1). */
export function encodeSlice(slice: SliceAggregate): string {
  const json: SliceAggregateJSON = {
    v: 2,
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
    reportsWith: slice.reportsWith,
  };
  return JSON.stringify(json);
}

/**
 * Reads what `encodeSlice` wrote, checking that every count is a finite non-negative number and
 * every sketch decodes. Throws on anything else: the caller quarantines such a row (it must never
 * take a view down). Version 1 (before per-figure counts) reads with no figure counts, so its
 * figures stay hidden until k new reports carry them.
 */
export function decodeSlice(text: string): SliceAggregate {
  const json = JSON.parse(text) as Omit<SliceAggregateJSON, "v"> & { v: unknown };
  if (json?.v !== 1 && json?.v !== 2) throw new Error(`unknown slice aggregate version ${String(json?.v)}`);
  const slice = emptySlice();
  slice.reports = count(json.reports, "reports");
  for (const [name, sk] of Object.entries(json.sketches ?? {})) {
    const decoded = decodeSketch(sk);
    if (!decoded.ok) throw new Error(`stored sketch ${name}: ${decoded.message}`);
    slice.sketches[name] = decoded.sketch;
  }
  for (const [name, h] of Object.entries(json.histograms ?? {})) {
    if (!(LAYOUT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown histogram ${name}`);
    const counts = {
      counts: h.counts.map((c) => count(c, name)),
      underflow: count(h.underflow, name),
      overflow: count(h.overflow, name),
    };
    slice.histograms[name as LayoutName] = Histogram.fromJSON({ layout: name as LayoutName, ...counts });
  }
  for (const [slot, positions] of Object.entries(json.engagement ?? {})) {
    slice.engagement[slot] = {};
    for (const [position, cell] of Object.entries(positions)) {
      const where = `engagement.${slot}.${position}`;
      slice.engagement[slot][position] = {
        impressions: count(cell.impressions, where),
        clicks: count(cell.clicks, where),
      };
    }
  }
  slice.errors = counts(json.errors, "errors");
  slice.reportsWithFailure = count(json.reportsWithFailure, "reportsWithFailure");
  slice.reportsWithFallback = count(json.reportsWithFallback, "reportsWithFallback");
  slice.os = counts(json.os, "os");
  if (json.v === 2) slice.reportsWith = counts(json.reportsWith, "reportsWith");
  return slice;
}

function count(x: unknown, where: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0)
    throw new Error(`${where}: ${String(x)} is not a count`);
  return x;
}

function counts<T extends Record<string, number>>(record: T | undefined, where: string): T {
  const out: Record<string, number> = {};
  for (const [key, x] of Object.entries(record ?? {})) out[key] = count(x, `${where}.${key}`);
  return out as T;
}
