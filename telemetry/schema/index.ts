export type { ParseResult, ReportErrorCode, ReportFailure } from "./checkReport";
export { checkReport } from "./checkReport";
export type {
  Backend,
  BrowserFamily,
  Cohort,
  ErrorKind,
  OsFamily,
  PositionBucket,
  SketchName,
  Slot,
} from "./constants";
export {
  BACKENDS,
  BROWSER_FAMILIES,
  COHORTS,
  ERROR_KINDS,
  HISTOGRAM_WEIGHT,
  MAX_CLICKS,
  MAX_ERRORS_PER_KIND,
  MAX_FUTURE_MS,
  MAX_IMPRESSIONS,
  MAX_PAST_MS,
  MAX_REPORT_BYTES,
  MAX_REPORT_DEPTH,
  MAX_REPORT_SKETCH_BUCKETS,
  NO_MODEL_VERSION,
  OS_FAMILIES,
  POSITION_BUCKETS,
  positionBucket,
  SCHEMA_VERSION,
  SCORING_BACKENDS,
  SKETCH_NAMES,
  SKETCH_VALUE_CAPS,
  SKETCH_WEIGHT_CAPS,
  SLOTS,
} from "./constants";
export { parseReport } from "./parseReport";
export type { ReportSketch, TelemetryReport } from "./ReportSchema";
export {
  MODEL_VERSION_PATTERN,
  REPORT_ID_PATTERN,
  ReportSchema,
  SketchSchema,
  WINDOW_START_PATTERN,
} from "./ReportSchema";
export type { ShapeProblem } from "./shapeProblem";
export { shapeProblem } from "./shapeProblem";
