import { BUCKET_LAYOUTS, type LayoutName } from "../histogram/layouts";
import { boundSketch } from "../sketch/boundSketch";
import { decodeSketch, encodeSketch } from "../sketch/encoding";
import {
  HISTOGRAM_WEIGHT,
  MAX_CLICKS,
  MAX_ERRORS_PER_KIND,
  MAX_FUTURE_MS,
  MAX_IMPRESSIONS,
  MAX_PAST_MS,
  MAX_REPORT_SKETCH_BUCKETS,
  SKETCH_VALUE_CAPS,
  SKETCH_WEIGHT_CAPS,
  type SketchName,
} from "./constants";
import type { TelemetryReport } from "./ReportSchema";

/** Why a report was refused. */
export type ReportErrorCode =
  | "invalid_json"
  | "too_large"
  | "unsupported_version"
  | "invalid_field"
  | "over_limit"
  | "window_out_of_range";

/** A refusal: a code, a readable message and the dotted path of the offending field ("" = whole report). */
export type ReportFailure = { ok: false; code: ReportErrorCode; message: string; path: string };

/** Outcome of `parseReport` / `checkReport`. */
export type ParseResult = { ok: true; report: TelemetryReport } | ReportFailure;

/**
 * The checks the schema cannot express: per-report contribution caps, sketch consistency and the
 * time window relative to `now`. The edge runs it (through `parseReport`) on every report.
 * The report it returns carries bounded sketches (`boundSketch` with SKETCH_VALUE_CAPS): values
 * in [0, cap], min and max inside their own buckets, sum within what the counts allow, so no
 * report can move a fleet aggregate by more than its own bounded share or make it non-finite.
 * @example const r = checkReport(report, Date.now()); if (!r.ok) throw apiError(422, r.code, r.message);
 */
export function checkReport(report: TelemetryReport, now: number | Date = Date.now()): ParseResult {
  const fail = (code: ReportErrorCode, path: string, message: string): ReportFailure => ({
    ok: false,
    code,
    path,
    message: `${path}: ${message}`,
  });
  const start = Date.parse(report.windowStart);
  if (
    !Number.isFinite(start) ||
    new Date(start).toISOString().slice(0, 13) !== report.windowStart.slice(0, 13)
  ) {
    return fail("invalid_field", "windowStart", "not a real calendar hour");
  }
  const nowMs = typeof now === "number" ? now : now.getTime();
  if (start - nowMs > MAX_FUTURE_MS)
    return fail("window_out_of_range", "windowStart", "more than 1 h in the future");
  if (nowMs - start > MAX_PAST_MS)
    return fail("window_out_of_range", "windowStart", "more than 48 h in the past");

  const sketches: TelemetryReport["sketches"] = {};
  for (const [name, json] of Object.entries(report.sketches) as [SketchName, unknown][]) {
    if (json === undefined) continue;
    const path = `sketches.${name}`;
    const decoded = decodeSketch(json, { integerCounts: true, maxRun: MAX_REPORT_SKETCH_BUCKETS });
    if (!decoded.ok) return fail("invalid_field", path, decoded.message);
    const cap = SKETCH_WEIGHT_CAPS[name];
    if (decoded.sketch.count > cap) {
      return fail("over_limit", path, `total weight ${decoded.sketch.count} exceeds the cap of ${cap}`);
    }
    sketches[name] = encodeSketch(boundSketch(decoded.sketch, SKETCH_VALUE_CAPS[name]));
  }
  for (const [name, h] of Object.entries(report.histograms) as [
    LayoutName,
    TelemetryReport["histograms"]["score"],
  ][]) {
    if (h === undefined || !(name in BUCKET_LAYOUTS)) continue;
    const total = h.underflow + h.overflow + h.counts.reduce((s, c) => s + c, 0);
    if (total > HISTOGRAM_WEIGHT) {
      return fail("over_limit", `histograms.${name}`, `total weight ${total} exceeds ${HISTOGRAM_WEIGHT}`);
    }
  }
  let impressions = 0;
  let clicks = 0;
  for (const [slot, cells] of Object.entries(report.engagement)) {
    for (const [position, cell] of Object.entries(cells ?? {})) {
      if (cell === undefined) continue;
      if (cell.clicks > cell.impressions) {
        return fail("invalid_field", `engagement.${slot}.${position}`, "more clicks than impressions");
      }
      impressions += cell.impressions;
      clicks += cell.clicks;
    }
  }
  if (impressions > MAX_IMPRESSIONS) {
    return fail("over_limit", "engagement", `${impressions} impressions exceed ${MAX_IMPRESSIONS}`);
  }
  if (clicks > MAX_CLICKS) return fail("over_limit", "engagement", `${clicks} clicks exceed ${MAX_CLICKS}`);
  for (const [kind, n] of Object.entries(report.errors)) {
    if (n !== undefined && n > MAX_ERRORS_PER_KIND) {
      return fail("over_limit", `errors.${kind}`, `${n} exceeds ${MAX_ERRORS_PER_KIND}`);
    }
  }
  return { ok: true, report: { ...report, sketches } };
}
