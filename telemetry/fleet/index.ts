export { alertObservations } from "./alertObservations";
export type * from "./apiTypes";
export type { FleetBaseline } from "./baselines";
export { ALL_BACKENDS, BASELINE_MIN_REPORTS, baselineKey, newBaselines } from "./baselines";
export { driftView, scoreDrift } from "./driftView";
export type { FleetEvaluation } from "./evaluateFleet";
export { evaluateFleet } from "./evaluateFleet";
export type { FleetInput, RollupRow } from "./rollups";
export { cohortOf, gate, groupRows, mergeRows, versionsOf } from "./rollups";
export type { SliceAggregate, SliceAggregateJSON } from "./SliceAggregate";
export {
  addReport,
  decodeSlice,
  emptySlice,
  encodeSlice,
  FAILURE_KINDS,
  FALLBACK_KINDS,
  mergeSlices,
  sliceOf,
} from "./SliceAggregate";
export { ctrOf, densityOf, percentilesOf, SCORE_EDGES, scoreMeanOf, versionStatsOf } from "./sliceFigures";
export { hoursOf, latencyView, overviewView, scoresView, versionsView, vitalsView } from "./views";
