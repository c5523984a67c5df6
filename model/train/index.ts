/** Ranker training: query sets from the shared candidate generator, mini-batches, the Adam loop. */
export { concatGroups, realFeatureRows, standardizeInPlace, takeGroups } from "./batches";
export type { QuerySet, QuerySetOptions } from "./buildQuerySet";
export { buildQuerySet } from "./buildQuerySet";
export { rankingMetrics, scoreQuerySet } from "./scoreQuerySet";
export type { TrainOptions, TrainResult } from "./trainRanker";
export { trainRanker } from "./trainRanker";
