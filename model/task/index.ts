/** The ranking task: losses and metrics, kept apart from the architecture (model/ranker). */
export { binaryLogLoss, listwiseSoftmaxLoss } from "./loss";
export type { MetricName } from "./metrics";
export { hitAt, MetricAccumulator, mrrAt, ndcgAt, rankOf } from "./metrics";
