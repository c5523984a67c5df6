/** Offline evaluation under the published protocols: baselines, the two-stage pipeline, tables. */
export type { Recommender } from "./baselines";
export { itemCounts, itemKnnRecommender, popRecommender, spopRecommender } from "./baselines";
export type { PipelineOptions } from "./evaluatePipeline";
export { evaluatePipeline } from "./evaluatePipeline";
export { evaluateRecommenders } from "./evaluateRecommenders";
export type { TableRow } from "./formatTable";
export { formatTable, scaleMetrics } from "./formatTable";
export { publishedRows } from "./published";
