/** The ranker architecture: weights, the single forward pass and scoring. */
export { defaultConfig } from "./defaultConfig";
export type { GatherFn, RankerTensors } from "./forward";
export { forward, toTensors } from "./forward";
export { hostGather, preferredGather } from "./hostGather";
export { initParams, mlpInputWidth } from "./initParams";
export { mulberry32 } from "./random";
export { scoreCandidates, scoreCandidatesAsync } from "./scoreCandidates";
export type { RankerConfig, RankerParams } from "./types";
