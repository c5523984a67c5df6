import * as v from "valibot";
import { BUCKET_LAYOUTS } from "../histogram/layouts";
import { MAX_ABS_INDEX } from "../sketch/encoding";
import { SKETCH_ALPHA } from "../sketch/LogSketch";
import {
  BACKENDS,
  BROWSER_FAMILIES,
  COHORTS,
  ERROR_KINDS,
  MAX_REPORT_SKETCH_BUCKETS,
  OS_FAMILIES,
  POSITION_BUCKETS,
  SCHEMA_VERSION,
  SKETCH_NAMES,
  SLOTS,
} from "./constants";

/*
 * Report schema v2 (v1 plus `cohort`). Every object is strict (unknown keys are rejected at every level), every
 * string is an enum or a tight pattern, so no identifier, URL, IP, e-mail or user agent fits
 * anywhere. Value limits that need arithmetic or a clock (caps, time window) live in checkReport.
 */

/** A count: a finite non-negative integer (caps are checked per field in `checkReport`). */
const Count = v.pipe(v.number(), v.finite(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const Finite = v.pipe(v.number(), v.finite());

/** 128 random bits: 32 lowercase hex digits or a lowercase UUID. */
export const REPORT_ID_PATTERN =
  /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** An hour start in UTC: minutes and seconds must be zero. */
export const WINDOW_START_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00(?:\.000)?Z$/;
/** Model versions as the registry names them: short, no spaces, no slashes. */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

const Store = v.strictObject({
  offset: v.pipe(v.number(), v.integer(), v.minValue(-MAX_ABS_INDEX), v.maxValue(MAX_ABS_INDEX)),
  counts: v.pipe(v.array(Count), v.maxLength(MAX_REPORT_SKETCH_BUCKETS)),
});

/** An encoded `LogSketch` (see sketch/encoding.ts) at the fleet's fixed α, with integer counts. */
export const SketchSchema = v.strictObject({
  // A number checked for equality (not a literal type) so encoded `SketchJSON` values type-check.
  alpha: v.pipe(
    v.number(),
    v.check((a) => a === SKETCH_ALPHA, `sketch alpha must be ${SKETCH_ALPHA}`),
  ),
  zero: Count,
  pos: Store,
  neg: Store,
  min: Finite,
  max: Finite,
  sum: Finite,
});

const histogramOf = (bins: number) =>
  v.strictObject({
    counts: v.pipe(v.array(Count), v.length(bins)),
    underflow: Count,
    overflow: Count,
  });

const histogramEntries = Object.fromEntries(
  Object.entries(BUCKET_LAYOUTS).map(([name, layout]) => [
    name,
    v.optional(histogramOf(layout.edges.length - 1)),
  ]),
) as { [K in keyof typeof BUCKET_LAYOUTS]: v.OptionalSchema<ReturnType<typeof histogramOf>, undefined> };

const sketchEntries = Object.fromEntries(SKETCH_NAMES.map((name) => [name, v.optional(SketchSchema)])) as {
  [K in (typeof SKETCH_NAMES)[number]]: v.OptionalSchema<typeof SketchSchema, undefined>;
};

const Cell = v.strictObject({ impressions: Count, clicks: Count });

/**
 * The strict valibot schema of one report (static checks only; use `parseReport` for the full
 * check with caps and the time window).
 * @example v.safeParse(ReportSchema, JSON.parse(body)).success
 */
export const ReportSchema = v.strictObject({
  schemaVersion: v.literal(SCHEMA_VERSION),
  reportId: v.pipe(
    v.string(),
    v.regex(REPORT_ID_PATTERN, "reportId must be 128 random bits (32 hex digits or a UUID)"),
  ),
  windowStart: v.pipe(
    v.string(),
    v.regex(WINDOW_START_PATTERN, "windowStart must be an ISO hour like 2026-01-31T13:00:00Z"),
  ),
  modelVersion: v.pipe(
    v.string(),
    v.regex(MODEL_VERSION_PATTERN, "modelVersion must be a short safe version name"),
  ),
  cohort: v.picklist(COHORTS),
  backend: v.picklist(BACKENDS),
  browserFamily: v.picklist(BROWSER_FAMILIES),
  osFamily: v.picklist(OS_FAMILIES),
  sketches: v.strictObject(sketchEntries),
  histograms: v.strictObject(histogramEntries),
  engagement: v.record(v.picklist(SLOTS), v.record(v.picklist(POSITION_BUCKETS), Cell)),
  errors: v.record(v.picklist(ERROR_KINDS), Count),
});

/** A validated telemetry report (schema v2). */
export type TelemetryReport = v.InferOutput<typeof ReportSchema>;
/** An encoded sketch inside a report. */
export type ReportSketch = v.InferOutput<typeof SketchSchema>;
