export type { CounterOptions } from "./Counter";
export { Counter } from "./Counter";
export type { HistogramCounts, HistogramJSON } from "./Histogram";
export { Histogram, layoutPositions } from "./Histogram";
export type { BucketLayout, LayoutName } from "./layouts";
export { BUCKET_LAYOUTS, FEATURE_LAYOUT_NAMES, LAYOUT_NAMES, linearEdges } from "./layouts";
export type { ReferenceProfile } from "./ReferenceProfile";
export { parseReferenceProfile, ReferenceProfileSchema, referenceProfileFrom } from "./ReferenceProfile";
