/**
 * pocketrank telemetry: the pure library that client/, edge/ and the dashboard share — sketches,
 * histograms, the report schema and its privacy rules, drift and fleet statistics. No fetch, no
 * storage, no DOM: everything here runs in the browser, in workerd and in Node.
 */

export type { DriftMetric, DriftValues, ThresholdOptions } from "./drift";
export {
  alignSketches,
  DRIFT_METRICS,
  driftMetric,
  driftOfVectors,
  driftThreshold,
  histogramDrift,
  jensenShannon,
  ks,
  layoutVector,
  nBucket,
  PSI_EPSILON,
  psi,
  psiFloorFor,
  sketchDrift,
  wasserstein,
} from "./drift";
export type {
  BucketLayout,
  CounterOptions,
  HistogramCounts,
  HistogramJSON,
  LayoutName,
  ReferenceProfile,
} from "./histogram";
export {
  BUCKET_LAYOUTS,
  Counter,
  FEATURE_LAYOUT_NAMES,
  Histogram,
  LAYOUT_NAMES,
  layoutPositions,
  linearEdges,
  parseReferenceProfile,
  ReferenceProfileSchema,
  referenceProfileFrom,
} from "./histogram";
export type { NoiseSpec, PrivatizeOptions, RawWindow } from "./privacy";
export {
  addNoise,
  coarsenToHour,
  DEFAULT_RR_EPSILON,
  debiasShares,
  K_ANONYMITY,
  laplaceFor,
  meetsK,
  newReportId,
  privatizeReport,
  privatizeSketch,
  REPLAY_WINDOW_MS,
  randomizedResponse,
  replayExpiresAt,
  replayKey,
  rrProbabilities,
  scaleCounts,
  uaFamily,
} from "./privacy";
export type {
  Backend,
  BrowserFamily,
  ErrorKind,
  OsFamily,
  ParseResult,
  PositionBucket,
  ReportErrorCode,
  ReportFailure,
  ReportSketch,
  SketchName,
  Slot,
  TelemetryReport,
} from "./schema";
export {
  BACKENDS,
  BROWSER_FAMILIES,
  checkReport,
  ERROR_KINDS,
  HISTOGRAM_WEIGHT,
  MAX_CLICKS,
  MAX_ERRORS_PER_KIND,
  MAX_FUTURE_MS,
  MAX_IMPRESSIONS,
  MAX_PAST_MS,
  MAX_REPORT_BYTES,
  MAX_REPORT_SKETCH_BUCKETS,
  MODEL_VERSION_PATTERN,
  OS_FAMILIES,
  POSITION_BUCKETS,
  parseReport,
  positionBucket,
  REPORT_ID_PATTERN,
  ReportSchema,
  SCHEMA_VERSION,
  SCORING_BACKENDS,
  SKETCH_NAMES,
  SKETCH_WEIGHT_CAPS,
  SketchSchema,
  SLOTS,
  WINDOW_START_PATTERN,
} from "./schema";
export type { DecodeOptions, DecodeResult, LogSketchOptions, SketchJSON, StoreJSON } from "./sketch";
export {
  decodeSketch,
  encodeSketch,
  LogMapping,
  LogSketch,
  MAX_ABS_INDEX,
  MIN_MAGNITUDE,
  SKETCH_ALPHA,
  SKETCH_MAX_BUCKETS,
} from "./sketch";
export type { Percentiles, RateInterval, WebVitalName, WebVitalRating } from "./stats";
export {
  latencyPercentiles,
  rateWebVital,
  WEB_VITALS_THRESHOLDS,
  webVitalP75,
  wilsonInterval,
} from "./stats";
export type { Rng } from "./util/rng";
export { binomial, laplace, logGamma, multinomial, normal, seededRng } from "./util/rng";
