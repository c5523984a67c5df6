/** The ranker architecture: weights, the single forward pass and scoring. */
export { defaultConfig } from "./defaultConfig";
export { foldConstants, foldOnHost, tensorsOf } from "./foldConstants";
export type { GatherFn } from "./forward";
export { forward } from "./forward";
export { EMBEDDING_TABLES, gathersOnHost, hostGather, preferredGather } from "./hostGather";
export { initParams, mlpInputWidth } from "./initParams";
export { mulberry32 } from "./random";
export { scoreCandidates, scoreCandidatesAsync } from "./scoreCandidates";
export type { RankerTensors } from "./toTensors";
export { toTensors } from "./toTensors";
export type { HostWeight, RankerConfig, RankerParams } from "./types";
