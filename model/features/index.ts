/** Feature encoding: behaviour sequence + candidates → typed arrays. The only copy anywhere. */
export { CONTEXT_FEATURES } from "./contextFeatures";
export type { HeldBatch } from "./encodeBatch";
export { encodeBatch, encodeGroups, encodeRequest, FEATURE_SCHEMA_VERSION } from "./encodeBatch";
export { categoryBucket, itemBucket } from "./hashing";
export { fitFeatureScaling, signedLog1p, transformFeature } from "./transform";
export type { CandidateLike, EncodedBatch, EncodeInput } from "./types";
