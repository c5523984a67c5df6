/**
 * pocketrank model: public API shared by training (model/cli), evaluation and the browser client.
 * The encoding and the forward pass exist only here.
 * @example
 * import { encodeBatch, scoreCandidates } from "../model";
 * const probs = scoreCandidates(params, config, encodeBatch({ history, candidates }, config));
 */
export type { CandidateLike, EncodedBatch, EncodeInput } from "./features";
export {
  CONTEXT_FEATURES,
  categoryBucket,
  encodeBatch,
  encodeGroups,
  FEATURE_SCHEMA_VERSION,
  itemBucket,
} from "./features";
export type { GatherFn, RankerConfig, RankerParams, RankerTensors } from "./ranker";
export {
  defaultConfig,
  foldConstants,
  forward,
  hostGather,
  initParams,
  preferredGather,
  scoreCandidates,
  scoreCandidatesAsync,
  toTensors,
} from "./ranker";
export type { MetricName } from "./task";
export { binaryLogLoss, hitAt, listwiseSoftmaxLoss, MetricAccumulator, mrrAt, ndcgAt, rankOf } from "./task";
