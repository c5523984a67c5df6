export { alertObservations } from "./alertObservations";
export type * from "./apiTypes";
export type { FleetBaseline } from "./baselines";
export { ALL_BACKENDS, BASELINE_MIN_REPORTS, baselineKey, newBaselines } from "./baselines";
export { driftView, scoreDrift } from "./driftView";
export type { FleetEvaluation } from "./evaluateFleet";
export { evaluateFleet } from "./evaluateFleet";
export type { FleetInput, RollupRow } from "./rollups";
export { cohortOf, gate, groupRows, meetsFigureK, mergeRows, versionsOf } from "./rollups";
export type { FigureKey, SliceAggregate } from "./SliceAggregate";
export {
  addReport,
  emptySlice,
  FAILURE_KINDS,
  FALLBACK_KINDS,
  mergeSlices,
  reportsBehind,
  sliceOf,
} from "./SliceAggregate";
export type { SliceAggregateJSON } from "./sliceCodec";
export { decodeSlice, encodeSlice } from "./sliceCodec";
export { ctrOf, densityOf, percentilesOf, SCORE_EDGES, scoreMeanOf, versionStatsOf } from "./sliceFigures";
export { hoursOf, latencyView, overviewView, scoresView, versionsView, vitalsView } from "./views";
