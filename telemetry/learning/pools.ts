import { mapsFromJson, mapsToJson } from "./aggregateContributions";
import type { FleetPools } from "./foldFleetCounts";
import type { NoisePlan } from "./noisePlan";
import { decayFor, poolDecayed, pooledNoiseSd } from "./releaseCounts";
import { RELEASE_PERIOD_DAYS } from "./releasePeriod";
import type { ReleasedCounts } from "./releaseStatistics";
import { TRENDING_HALF_LIFE_STEPS } from "./trendingStep";

/**
 * Released counts pooled over periods (continual release by decayed sums of independent releases):
 * the item kinds and transitions per release period (`RELEASE_PERIOD_DAYS`), trending per cron step. Everything here is already noisy,
 * so it may be kept and shown; the raw contributions are not.
 */
export type PoolState = {
  viewed: Map<number, number>;
  clicked: Map<number, number>;
  carted: Map<number, number>;
  transitions: Map<string, number>;
  trending: Map<number, number>;
};

/** Half-lives of the pools: two weeks for what a store sells, one trending step for trending. */
export const POOL_HALF_LIFE = { days: 14, trendingSteps: TRENDING_HALF_LIFE_STEPS };

/** Pools start empty: no release yet. */
export function emptyPools(): PoolState {
  return {
    viewed: new Map(),
    clicked: new Map(),
    carted: new Map(),
    transitions: new Map(),
    trending: new Map(),
  };
}

/**
 * Adds one period's release (`releaseDay` of the period's counts) after decaying the pools by the
 * days since the last one (RELEASE_PERIOD_DAYS when the cron has not missed a period).
 * @example pools = poolDay(pools, releaseDay(counts, domain, plan, rng), RELEASE_PERIOD_DAYS)
 */
export function poolDay(
  pools: PoolState,
  released: ReleasedCounts,
  daysElapsed: number,
  halfLife = POOL_HALF_LIFE.days,
): PoolState {
  const d = decayFor(halfLife) ** daysElapsed;
  return {
    ...pools,
    viewed: poolDecayed(pools.viewed, released.viewed, d),
    clicked: poolDecayed(pools.clicked, released.clicked, d),
    carted: poolDecayed(pools.carted, released.carted, d),
    transitions: poolDecayed(pools.transitions, released.transitions, d),
  };
}

/** Adds one trending step's release after decaying the trending pool by the steps since the last one. */
export function poolStep(
  pools: PoolState,
  released: ReadonlyMap<number, number>,
  stepsElapsed: number,
  halfLife = POOL_HALF_LIFE.trendingSteps,
): PoolState {
  return { ...pools, trending: poolDecayed(pools.trending, released, decayFor(halfLife) ** stepsElapsed) };
}

/**
 * What the fold reads: popularity in views, with the steady-state noise sd of each pool (one release
 * per `periodDays`). Clicks and carts join the views only where their released totals show signal
 * (`kindWeights`), so a store whose shoppers never click or cart gets no noise from those kinds.
 * @example foldFleetCounts(base, fleetPools(pools, noisePlan()))
 */
export function fleetPools(
  pools: PoolState,
  plan: NoisePlan,
  halfLife = POOL_HALF_LIFE,
  periodDays = RELEASE_PERIOD_DAYS,
): FleetPools {
  const s = plan.sigma;
  const kinds = kindWeights(pools, plan, periodDays, halfLife.days);
  // Each kind estimates r·views, so the sum weighs Σ w·r views: divide to keep popularity in views.
  const scale = 1 + kinds.reduce((a, k) => a + k.weight * k.ratio, 0);
  const popularity = new Map<number, number>();
  for (const [id, x] of pools.viewed) popularity.set(id, x / scale);
  for (const { pool, weight } of kinds)
    for (const [id, x] of pool) popularity.set(id, (popularity.get(id) ?? 0) + (weight * x) / scale);
  const period = decayFor(halfLife.days) ** periodDays;
  const popularitySigma = Math.sqrt(s.viewed ** 2 + kinds.reduce((a, k) => a + (k.weight * k.sigma) ** 2, 0));
  return {
    popularity,
    trending: pools.trending,
    transitions: pools.transitions,
    sd: {
      popularity: pooledNoiseSd(popularitySigma / scale, period),
      trending: pooledNoiseSd(s.trending, decayFor(halfLife.trendingSteps)),
      transitions: pooledNoiseSd(s.transitions, period),
    },
  };
}

/** How many sds of its noise a kind's pooled total must clear before the kind counts at all. */
export const KIND_SIGNAL_SD = 3;

/**
 * The weight of clicks and carts in popularity, from released values only (post-processing): a kind
 * whose pooled total over the domain is within KIND_SIGNAL_SD noise sds of zero carries no signal
 * and weighs 0. Otherwise it estimates r·views with r = its total ÷ the views' total, and the
 * best linear combination weighs it w = r·σ_viewed² / σ_kind² (inverse-variance, in views units).
 */
function kindWeights(pools: PoolState, plan: NoisePlan, periodDays: number, halfLifeDays: number) {
  const period = decayFor(halfLifeDays) ** periodDays;
  const total = (pool: ReadonlyMap<number, number>) => [...pool.values()].reduce((a, b) => a + b, 0);
  const views = total(pools.viewed);
  return (["clicked", "carted"] as const)
    .map((kind) => {
      const pool = pools[kind];
      const sigma = plan.sigma[kind];
      const noise = pooledNoiseSd(sigma, period) * Math.sqrt(pool.size);
      const sum = total(pool);
      const ratio = views > 0 && sum > KIND_SIGNAL_SD * noise ? sum / views : 0;
      return { pool, sigma, ratio, weight: (ratio * plan.sigma.viewed ** 2) / sigma ** 2 };
    })
    .filter((k) => k.weight > 0);
}

/** JSON form of the pools (entries arrays), for storage between cron runs. */
export function poolsToJson(pools: PoolState): string {
  return mapsToJson(pools);
}

/** Reads `poolsToJson`'s form; anything unreadable gives empty pools. */
export function poolsFromJson(text: string | null | undefined): PoolState {
  return mapsFromJson(text, emptyPools());
}
