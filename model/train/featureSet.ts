import { CANDIDATE_FEATURE_NAMES } from "../catalog";

/** Edge features that are always 0 offline (search runs only at the edge, over FTS5) are left out. */
const OFFLINE_CONSTANT = new Set(["searchScore", "fromSearch"]);

/**
 * The dense features the ranker reads: the edge candidate features (contract 1) plus the
 * model-side context features computed on the device (model/features/contextFeatures.ts).
 * @example rankerFeatureNames().includes("coocLast") // true
 */
export function rankerFeatureNames(): string[] {
  return [
    ...CANDIDATE_FEATURE_NAMES.filter((n) => !OFFLINE_CONSTANT.has(n)),
    "ctx.sessionCount",
    "ctx.sessionRecency",
    "ctx.isLast",
    "ctx.historyLength",
    "ctx.categoryOverlapLast",
    "ctx.scoreRatio",
    "ctx.coocLastShare",
  ];
}
