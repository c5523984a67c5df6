import { FEATURE_SCHEMA_VERSION } from "../features/encodeBatch";
import type { RankerConfig } from "./types";

/**
 * A config with identity feature scaling; training fits `featureMean`/`featureStd` and the vocab
 * sizes per dataset. Sizes here are the tuned defaults (see model/README.md).
 * @example const config = defaultConfig(["ctx.sessionCount", "cooc.sum"]);
 */
export function defaultConfig(featureNames: string[], overrides: Partial<RankerConfig> = {}): RankerConfig {
  return {
    featureSchemaVersion: FEATURE_SCHEMA_VERSION,
    maxHistory: 20,
    maxCategories: 4,
    itemBuckets: 16384,
    categoryBuckets: 1024,
    embeddingDim: 16,
    hiddenUnits: [32, 16],
    featureNames,
    featureMean: featureNames.map(() => 0),
    featureStd: featureNames.map(() => 1),
    featureClip: 6,
    ...overrides,
  };
}
