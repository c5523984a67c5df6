// Fleet learning (issue 14): the device contribution, its bounds, and the central DP release. Pure.
export type { ContributionCounts } from "./aggregateContributions";
export {
  addCounts,
  aggregateContributions,
  mapsFromJson,
  mapsToJson,
  pairKey,
  parsePairKey,
  trendingCounts,
} from "./aggregateContributions";
export type { BoundedLists, ItemEvent, SentToday } from "./boundContribution";
export { emptySent, nextContribution } from "./boundContribution";
export type { Contribution } from "./ContributionSchema";
export { ContributionSchema } from "./ContributionSchema";
export type { ContributionBounds, ItemKind } from "./constants";
export {
  CONTRIBUTION_BOUNDS,
  CONTRIBUTION_REPLAY_WINDOW_MS,
  CONTRIBUTION_VERSION,
  DAY_MS,
  ITEM_KINDS,
  MAX_CONTRIBUTION_BYTES,
  MAX_ITEM_ID,
  TRENDING_BOUND,
  utcDay,
} from "./constants";
export type { BaseIndex, FleetPools, FoldedIndex, Scored } from "./foldFleetCounts";
export { FLEET_FAMILY_ALPHA, FLEET_MIN_POOLED, familyCut, foldFleetCounts } from "./foldFleetCounts";
export { gdpDelta, gdpEpsilon, gdpMu, normalCdf } from "./gaussianAccounting";
export type { NoisePlan, ReleaseBudget, Statistic } from "./noisePlan";
export { DEFAULT_RELEASE_BUDGET, noisePlan, STATISTICS } from "./noisePlan";
export type { ContributionErrorCode, ContributionFailure, ContributionResult } from "./parseContribution";
export { parseContribution } from "./parseContribution";
export type { PartitionSelection } from "./partitionSelection";
export { laplaceThreshold, selectPartitions } from "./partitionSelection";
export type { PoolState } from "./pools";
export {
  emptyPools,
  fleetPools,
  KIND_SIGNAL_SD,
  POOL_HALF_LIFE,
  poolDay,
  poolStep,
  poolsFromJson,
  poolsToJson,
} from "./pools";
export { decayFor, poolDecayed, pooledNoiseSd, releaseOverDomain } from "./releaseCounts";
export { periodDays, periodOf, RELEASE_PERIOD_DAYS } from "./releasePeriod";
export type { PublicDomain, ReleasedCounts } from "./releaseStatistics";
export { releaseDay, releaseTrendingStep } from "./releaseStatistics";
export { stepOf, TRENDING_HALF_LIFE_STEPS, TRENDING_STEP_MINUTES } from "./trendingStep";
