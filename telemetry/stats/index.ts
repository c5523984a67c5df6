export type { Percentiles } from "./percentiles";
export { latencyPercentiles, quantileInterval } from "./percentiles";
export type { WebVitalName, WebVitalRating } from "./webVitals";
export { rateWebVital, WEB_VITALS_THRESHOLDS, webVitalP75 } from "./webVitals";
export type { RateInterval } from "./wilson";
export { wilsonInterval } from "./wilson";
