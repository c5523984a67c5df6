import type { Rng } from "../util/rng";
import type { ContributionCounts } from "./aggregateContributions";
import { ITEM_KINDS } from "./constants";
import type { NoisePlan } from "./noisePlan";
import { releaseOverDomain } from "./releaseCounts";

/** The public domains of a release: catalog item ids, and candidate pairs (`pairKey`). */
export type PublicDomain = { items: readonly number[]; pairs: readonly string[] };

/** One release period's noisy counts over the public domain. */
export type ReleasedCounts = {
  viewed: Map<number, number>;
  clicked: Map<number, number>;
  carted: Map<number, number>;
  transitions: Map<string, number>;
};

/**
 * The period release (once per RELEASE_PERIOD_DAYS, of the period's summed counts; the name is from
 * when it was daily): each item kind over the catalog and transitions over the candidate pairs, each
 * with its own σ from the plan. Transitions outside the pair domain are not released.
 * @example releaseDay(aggregateContributions(rows), { items, pairs }, noisePlan(), rng)
 */
export function releaseDay(
  counts: ContributionCounts,
  domain: PublicDomain,
  plan: NoisePlan,
  rng: Rng,
): ReleasedCounts {
  const out = {
    transitions: releaseOverDomain(counts.transitions, domain.pairs, plan.sigma.transitions, rng),
  } as ReleasedCounts;
  for (const kind of ITEM_KINDS)
    out[kind] = releaseOverDomain(counts[kind], domain.items, plan.sigma[kind], rng);
  return out;
}

/**
 * The trending release of one cron step: the step's trending lists (`trendingCounts`) over the
 * catalog, with the trending σ (a device-day's trending entries fall into one step each, so the
 * day's steps together cost the trending share once).
 * @example releaseTrendingStep(trendingCounts(stepRows), items, noisePlan(), rng)
 */
export function releaseTrendingStep(
  counts: ReadonlyMap<number, number>,
  items: readonly number[],
  plan: NoisePlan,
  rng: Rng,
): Map<number, number> {
  return releaseOverDomain(counts, items, plan.sigma.trending, rng);
}
