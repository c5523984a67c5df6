import type { FleetPools } from "./foldFleetCounts";
import type { NoisePlan } from "./noisePlan";
import { decayFor, poolDecayed, pooledNoiseSd } from "./releaseCounts";
import type { ReleasedCounts } from "./releaseStatistics";
import { TRENDING_HALF_LIFE_STEPS } from "./trendingStep";

/**
 * Released counts pooled over periods (continual release by decayed sums of independent releases):
 * the item kinds and transitions per day, trending per cron step. Everything here is already noisy,
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
 * Adds one day's release after decaying the pools by the days since the last one.
 * @example pools = poolDay(pools, releaseDay(counts, domain, plan, rng), 1)
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
 * What the fold reads: popularity is views plus clicks and carts weighted by their precision
 * (w = σ_viewed² / σ_kind², so no kind's noise dominates), with the steady-state noise sd of each pool.
 * @example foldFleetCounts(base, fleetPools(pools, noisePlan()))
 */
export function fleetPools(pools: PoolState, plan: NoisePlan, halfLife = POOL_HALF_LIFE): FleetPools {
  const s = plan.sigma;
  const wc = s.viewed ** 2 / s.clicked ** 2;
  const wa = s.viewed ** 2 / s.carted ** 2;
  const popularity = new Map(pools.viewed);
  for (const [id, x] of pools.clicked) popularity.set(id, (popularity.get(id) ?? 0) + wc * x);
  for (const [id, x] of pools.carted) popularity.set(id, (popularity.get(id) ?? 0) + wa * x);
  const day = decayFor(halfLife.days);
  const popularitySigma = Math.sqrt(s.viewed ** 2 + (wc * s.clicked) ** 2 + (wa * s.carted) ** 2);
  return {
    popularity,
    trending: pools.trending,
    transitions: pools.transitions,
    sd: {
      popularity: pooledNoiseSd(popularitySigma, day),
      trending: pooledNoiseSd(s.trending, decayFor(halfLife.trendingSteps)),
      transitions: pooledNoiseSd(s.transitions, day),
    },
  };
}

/** JSON form of the pools (entries arrays), for storage between cron runs. */
export function poolsToJson(pools: PoolState): string {
  return JSON.stringify(Object.fromEntries(Object.entries(pools).map(([k, m]) => [k, [...m]])));
}

/** Reads `poolsToJson`'s form; anything unreadable gives empty pools. */
export function poolsFromJson(text: string | null | undefined): PoolState {
  try {
    const o = JSON.parse(text ?? "") as Record<keyof PoolState, [never, number][]>;
    return {
      viewed: new Map(o.viewed),
      clicked: new Map(o.clicked),
      carted: new Map(o.carted),
      transitions: new Map(o.transitions),
      trending: new Map(o.trending),
    };
  } catch {
    return emptyPools();
  }
}
