// The edge's side of the replay, the cron's path: each day's exact counts are added to its release
// period's (`addCounts`), each period is released whole with the real mechanism (telemetry/learning:
// `releaseDay` over the public domain with `noisePlan`'s Gaussian noise, pooled by `poolDay`;
// trending by `releaseTrendingStep` and `poolStep`), then `fleetPools` hands the fold the pooled
// values and their noise sd. Only released values leave this module.
import {
  addCounts,
  aggregateContributions,
  type ContributionCounts,
  DAY_MS,
  DEFAULT_RELEASE_BUDGET,
  emptyPools,
  type FleetPools,
  fleetPools,
  noisePlan,
  type PoolState,
  type PublicDomain,
  periodOf,
  poolDay,
  poolStep,
  RELEASE_PERIOD_DAYS,
  releaseDay,
  releaseTrendingStep,
  utcDay,
} from "../../../telemetry/learning";
import { seededRng } from "../../../telemetry/util/rng";
import { REPLAY_EPOCH, type ReplayedFleet } from "./replayFleet";

/**
 * Kept for callers of the one-pass shortcut of the daily cadence. Periods are now released whole
 * (`RELEASE_PERIOD_DAYS`), which costs two releases over the replayed 28 days, so both modes run the
 * cron's path.
 */
export type ReleaseMode = "daily" | "pooled";

/**
 * The pools after the replayed days at `epsilon` per device-day (default shares and δ); counts are
 * multiplied by `scale` first (a fleet of `scale` copies of these devices). Day k of the replay is
 * REPLAY_EPOCH + k days, and a period is released when its last day has been added, as the cron does.
 * `epsilon` Infinity pools the exact counts with sd 0 (the bounding-only ceiling, no privacy).
 * @example fleetRelease(replay, domain, 1, 7).popularity.get(42)
 */
export function fleetRelease(
  replay: ReplayedFleet,
  domain: PublicDomain,
  epsilon: number,
  seed: number,
  { scale = 1 }: { mode?: ReleaseMode; scale?: number } = {},
): FleetPools {
  const exact = epsilon === Number.POSITIVE_INFINITY;
  const plan = noisePlan({ ...DEFAULT_RELEASE_BUDGET, epsilon: exact ? 1 : epsilon });
  const rng = seededRng(seed);
  const release = (c: ContributionCounts) =>
    exact ? { ...c, transitions: inDomain(c.transitions, domain) } : releaseDay(c, domain, plan, rng);
  let pools: PoolState = emptyPools();
  let pending = aggregateContributions([]);
  replay.perDay.forEach((counts, k) => {
    pending = addCounts(pending, scaled(counts, scale));
    const day = REPLAY_EPOCH + k * DAY_MS;
    if (periodOf(utcDay(day + DAY_MS)) === periodOf(utcDay(day))) return; // the period goes on
    pools = poolDay(pools, release(pending), RELEASE_PERIOD_DAYS);
    pending = aggregateContributions([]);
  });
  for (const c of replay.lastDaySteps.map((s) => scaledMap(s, scale)))
    pools = poolStep(pools, exact ? c : releaseTrendingStep(c, domain.items, plan, rng), 1);
  const p = fleetPools(pools, plan);
  return exact ? { ...p, sd: { popularity: 0, trending: 0, transitions: 0 } } : p;
}

function scaled(c: ContributionCounts, k: number): ContributionCounts {
  if (k === 1) return c;
  return {
    viewed: scaledMap(c.viewed, k),
    clicked: scaledMap(c.clicked, k),
    carted: scaledMap(c.carted, k),
    transitions: scaledMap(c.transitions, k),
  };
}

function scaledMap<K>(m: Map<K, number>, k: number): Map<K, number> {
  return k === 1 ? m : new Map([...m].map(([key, x]) => [key, x * k] as [K, number]));
}

let domainSet: { of: PublicDomain; keys: Set<string> } | undefined;
/** The exact transitions restricted to the public pair domain (what a noisy release would cover). */
function inDomain(t: Map<string, number>, domain: PublicDomain): Map<string, number> {
  if (domainSet?.of !== domain) domainSet = { of: domain, keys: new Set(domain.pairs) };
  const keep = domainSet.keys;
  return new Map([...t].filter(([k]) => keep.has(k)));
}
