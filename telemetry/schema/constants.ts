import { SCORING_BACKENDS } from "./scoringBackends";

export { SCORING_BACKENDS };

/**
 * Version of the report schema. Bump it with any change to fields, enums, layouts or limits.
 * v2 added `cohort`; a v1 report is still accepted as cohort "none" (`parseReport`), so devices
 * that run an SDK cached before v2 keep reporting.
 */
export const SCHEMA_VERSION = 2;

/**
 * The rollout cohort the edge assigned to the device (`GET /v1/model`), reported even when the
 * device then failed to load that cohort's model: the guarded rollout compares cohorts as
 * assigned, so a canary that fails to load counts against the canary. "none": no assignment
 * reached the device (edge unreachable, or a v1 report).
 */
export const COHORTS = ["canary", "live", "none"] as const;
export type Cohort = (typeof COHORTS)[number];

/**
 * The model version of a client that has no model (yet): its reports are accepted without a
 * registry entry, since they measure the edge's retrieval order and the page, not a model.
 */
export const NO_MODEL_VERSION = "none";

/** A report's backend: one the client scores on, or "none" = the model never ran. */
export const BACKENDS = [...SCORING_BACKENDS, "none"] as const;
export type Backend = (typeof BACKENDS)[number];

/** Browser families (`uaFamily`); everything else is "other". */
export const BROWSER_FAMILIES = ["chrome", "edge", "firefox", "safari", "samsung", "opera", "other"] as const;
export type BrowserFamily = (typeof BROWSER_FAMILIES)[number];

/** OS families (`uaFamily`); everything else is "other". */
export const OS_FAMILIES = ["windows", "macos", "linux", "android", "ios", "chromeos", "other"] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

/**
 * Recommendation slots: the candidate contexts (model/catalog `CandidateContext`) plus "other".
 * An enum rather than a free id, so a slot name cannot smuggle a page or item identifier.
 */
export const SLOTS = ["home", "item", "category", "search", "cart", "other"] as const;
export type Slot = (typeof SLOTS)[number];

/** Position buckets of an impression or click (0-based rank in the rendered list). */
export const POSITION_BUCKETS = ["0", "1", "2", "3-5", "6-10", "11+"] as const;
export type PositionBucket = (typeof POSITION_BUCKETS)[number];

/**
 * Bucket of a 0-based position.
 * @example positionBucket(4) // "3-5"
 */
export function positionBucket(position: number): PositionBucket {
  if (!(position >= 1)) return "0";
  if (position < 3) return position < 2 ? "1" : "2";
  if (position <= 5) return "3-5";
  return position <= 10 ? "6-10" : "11+";
}

/** Error and fallback kinds a device counts. */
export const ERROR_KINDS = [
  "webgpu_unavailable",
  "webgl_unavailable",
  "backend_fallback",
  "model_download",
  "model_integrity",
  "model_load",
  "inference",
  "candidates_fetch",
  "storage_unavailable",
  "storage_quota",
  "telemetry_send",
  "other",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Latency and web-vitals sketches a report may carry (ms, except CLS which is unitless). */
export const SKETCH_NAMES = [
  "inferenceMs",
  "modelLoadMs",
  "timeToFirstRecMs",
  "lcp",
  "inp",
  "cls",
  "fcp",
  "ttfb",
] as const;
export type SketchName = (typeof SKETCH_NAMES)[number];

/**
 * Bounded contribution: the most total weight one report may put into each aggregate. The device
 * scales down to these (`privatizeReport`), the edge rejects reports above them (`checkReport`).
 * A window is a page session or a few minutes, so the caps sit above honest use: 1,000 inferences,
 * 10 model loads, 100 first-recommendation times, 20 of each web-vital (one per page view).
 */
export const SKETCH_WEIGHT_CAPS: Record<SketchName, number> = {
  inferenceMs: 1000,
  modelLoadMs: 10,
  timeToFirstRecMs: 100,
  lcp: 20,
  inp: 20,
  cls: 20,
  fcp: 20,
  ttfb: 20,
};

/**
 * Largest value one report's sketch may stand for (ms; CLS is unitless). A window is a page session
 * or a few minutes, so an hour is no latency any more, and a layout shift score of 100 is far past
 * "poor" (0.25, web.dev/articles/cls). The edge folds anything above into the cap's bucket
 * (`boundSketch`), so one report moves a fleet sum by at most weight cap × value cap.
 */
export const SKETCH_VALUE_CAPS: Record<SketchName, number> = {
  inferenceMs: 3_600_000,
  modelLoadMs: 3_600_000,
  timeToFirstRecMs: 3_600_000,
  lcp: 3_600_000,
  inp: 3_600_000,
  cls: 100,
  fcp: 3_600_000,
  ttfb: 3_600_000,
};

/**
 * Total weight of each histogram in one report: a report's score histogram is normalised to (at
 * most) 20 scored candidates, sampled in proportion from everything it scored, and so is each
 * feature histogram, so heavy users do not outweigh others.
 */
export const HISTOGRAM_WEIGHT = 20;

/** Engagement caps per report: impressions and clicks summed over all slots and positions. */
export const MAX_IMPRESSIONS = 1000;
export const MAX_CLICKS = 100;
/** Most errors of one kind per report. */
export const MAX_ERRORS_PER_KIND = 100;
/** Most counts per sketch store in a report (a range of γ^1024 ≈ 28,000× at α = 0.005, e.g. 0.1 ms to 2.8 s). */
export const MAX_REPORT_SKETCH_BUCKETS = 1024;
/** Largest encoded report, bytes (DESIGN.md: body ≤ 64 KB). */
export const MAX_REPORT_BYTES = 64 * 1024;
/** How far a window may start after `now` (clock skew) and before it (offline outbox). */
export const MAX_FUTURE_MS = 60 * 60 * 1000;
export const MAX_PAST_MS = 48 * 60 * 60 * 1000;
/**
 * Deepest nesting of a report, in objects and arrays: report → sketches → name → store → counts
 * (engagement stops at report → engagement → slot → position → cell). Anything deeper is refused
 * before any recursive code sees it.
 */
export const MAX_REPORT_DEPTH = 5;
/** Keys no report object may carry: valibot's `record` would skip them silently (PRIVACY.md rule 1). */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];
