// The edge's side of the replay: each day's exact counts are released with the real mechanism
// (telemetry/learning: `releaseDay` over the public domain with `noisePlan`'s Gaussian noise, pooled
// by `poolDay`; trending by `releaseTrendingStep` and `poolStep`), then `fleetPools` hands the fold
// the pooled values and their noise sd. Only released values leave this module.
import {
  aggregateContributions,
  type ContributionCounts,
  DEFAULT_RELEASE_BUDGET,
  decayFor,
  emptyPools,
  type FleetPools,
  fleetPools,
  ITEM_KINDS,
  noisePlan,
  POOL_HALF_LIFE,
  type PoolState,
  type PublicDomain,
  poolDay,
  poolStep,
  releaseDay,
  releaseTrendingStep,
} from "../../../telemetry/learning";
import { seededRng } from "../../../telemetry/util/rng";
import type { ReplayedFleet } from "./replayFleet";

/**
 * How the days are released. "daily" runs the cron's path literally: one `releaseDay` a day, pooled
 * by `poolDay` (≈ 10 s a day over 605k candidate pairs on the shared box). "pooled" makes one
 * `releaseDay` of the decay-weighted sum of the days' counts with σ × √Σ d^2k: the same distribution
 * of the final pool (a sum of independent Gaussians is Gaussian), in one pass. The benchmark runs
 * both on one setting to show they agree.
 */
export type ReleaseMode = "daily" | "pooled";

/**
 * The pools after the replayed days at `epsilon` per device-day (default shares and δ); counts are
 * multiplied by `scale` first (a fleet of `scale` copies of these devices). `epsilon` Infinity pools
 * the exact counts with sd 0 (the bounding-only ceiling, no privacy).
 * @example fleetRelease(replay, domain, 1, 7, { mode: "pooled" }).popularity.get(42)
 */
export function fleetRelease(
  replay: ReplayedFleet,
  domain: PublicDomain,
  epsilon: number,
  seed: number,
  { mode = "pooled", scale = 1 }: { mode?: ReleaseMode; scale?: number } = {},
): FleetPools {
  const exact = epsilon === Number.POSITIVE_INFINITY;
  const plan = noisePlan({ ...DEFAULT_RELEASE_BUDGET, epsilon: exact ? 1 : epsilon });
  const rng = seededRng(seed);
  const days = replay.perDay.map((c) => scaled(c, scale));
  const steps = replay.lastDaySteps.map((c) => scaled(c, scale));
  const d = decayFor(POOL_HALF_LIFE.days);
  let pools: PoolState = emptyPools();
  if (exact) {
    for (const c of days) pools = poolDay(pools, { ...c, transitions: inDomain(c.transitions, domain) }, 1);
    for (const c of steps) pools = poolStep(pools, c.viewed, 1);
    const p = fleetPools(pools, plan);
    return { ...p, sd: { popularity: 0, trending: 0, transitions: 0 } };
  }
  if (mode === "daily") {
    for (const c of days) pools = poolDay(pools, releaseDay(c, domain, plan, rng), 1);
  } else {
    const weights = days.map((_, k) => d ** (days.length - 1 - k));
    const widen = Math.sqrt(weights.reduce((s, w) => s + w * w, 0));
    const sigma = Object.fromEntries(Object.entries(plan.sigma).map(([k, s]) => [k, s * widen]));
    pools = poolDay(
      pools,
      releaseDay(weightedSum(days, weights), domain, { ...plan, sigma } as typeof plan, rng),
      1,
    );
  }
  for (const c of steps) pools = poolStep(pools, releaseTrendingStep(c, domain.items, plan, rng), 1);
  return fleetPools(pools, plan);
}

function weightedSum(days: readonly ContributionCounts[], weights: readonly number[]): ContributionCounts {
  const out = aggregateContributions([]);
  days.forEach((c, k) => {
    for (const kind of [...ITEM_KINDS, "transitions"] as const) {
      const into = out[kind] as Map<number | string, number>;
      for (const [key, x] of c[kind] as Map<number | string, number>)
        into.set(key, (into.get(key) ?? 0) + weights[k] * x);
    }
  });
  return out;
}

function scaled(c: ContributionCounts, k: number): ContributionCounts {
  if (k === 1) return c;
  const times = <K>(m: Map<K, number>) => new Map([...m].map(([key, x]) => [key, x * k] as [K, number]));
  return {
    viewed: times(c.viewed),
    clicked: times(c.clicked),
    carted: times(c.carted),
    transitions: times(c.transitions),
  };
}

let domainSet: { of: PublicDomain; keys: Set<string> } | undefined;
/** The exact transitions restricted to the public pair domain (what a noisy release would cover). */
function inDomain(t: Map<string, number>, domain: PublicDomain): Map<string, number> {
  if (domainSet?.of !== domain) domainSet = { of: domain, keys: new Set(domain.pairs) };
  const keep = domainSet.keys;
  return new Map([...t].filter(([k]) => keep.has(k)));
}
