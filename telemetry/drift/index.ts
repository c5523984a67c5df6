export type { DecisionOptions, DriftDecision } from "./driftDecision";
export { driftDecision } from "./driftDecision";
export type { ThresholdOptions } from "./driftThreshold";
export { driftThreshold, nBucket } from "./driftThreshold";
export type { DriftValues } from "./histogramDrift";
export { driftOfVectors, histogramDrift, layoutVector } from "./histogramDrift";
export type { DriftMetric } from "./metrics";
export {
  DRIFT_METRICS,
  driftMetric,
  jensenShannon,
  ks,
  PSI_EPSILON,
  psi,
  psiFloorFor,
  wasserstein,
} from "./metrics";
export { alignSketches, sketchDrift } from "./sketchDrift";
