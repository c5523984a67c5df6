import { CONTRIBUTION_BOUNDS, type ContributionBounds } from "./constants";
import { gdpEpsilon, gdpMu } from "./gaussianAccounting";

/**
 * The released statistics. `trending` releases each device-day's first viewed item per cron step
 * (`TRENDING_BOUND`); the rest per release period (`RELEASE_PERIOD_DAYS`).
 */
export const STATISTICS = ["viewed", "clicked", "carted", "transitions", "trending"] as const;
export type Statistic = (typeof STATISTICS)[number];

/** A per-device-day budget: (ε, δ) over all releases, split as shares of μ² (they sum to 1). */
export type ReleaseBudget = { epsilon: number; delta: number; shares: Record<Statistic, number> };

/**
 * ε = 1, δ = 10⁻⁶ per device-day (δ far below 1 / the fleet's device-days). Views carry popularity,
 * the statistic every context backfills with, so they get half; transitions (the item page's
 * neighbours) and trending (the freshness path) a fifth each; clicks and carts a twentieth each: they
 * refine popularity where a store has them, and `fleetPools` weighs them only when their released
 * totals show signal.
 */
export const DEFAULT_RELEASE_BUDGET: ReleaseBudget = {
  epsilon: 1,
  delta: 1e-6,
  shares: { viewed: 0.5, clicked: 0.05, carted: 0.05, transitions: 0.2, trending: 0.2 },
};

/** Noise and spend of each statistic under a budget: σ of its Gaussian noise and its own ε at δ. */
export type NoisePlan = {
  budget: ReleaseBudget;
  /** μ of the whole device-day (Gaussian DP). */
  mu: number;
  sigma: Record<Statistic, number>;
  /** What each statistic's releases alone spend per device-day, at the budget's δ. */
  epsilon: Record<Statistic, number>;
};

/**
 * Calibrates the Gaussian noise of each statistic. A device-day adds 1 to at most B distinct entries
 * of a statistic, and each entry lands in exactly one release (the device never sends an entry
 * twice in a day, and a day belongs to one release period), so the whole stream of that statistic's releases has L2 sensitivity √B per
 * device-day: σ = √B / μ_s with μ_s = μ·√share. The statistics compose to μ-GDP, which is the
 * budget's (ε, δ) (`gdpMu`).
 * @example noisePlan(DEFAULT_RELEASE_BUDGET).sigma.viewed // ≈ 13.4
 */
export function noisePlan(
  budget: ReleaseBudget = DEFAULT_RELEASE_BUDGET,
  bounds: ContributionBounds = CONTRIBUTION_BOUNDS,
): NoisePlan {
  const total = Object.values(budget.shares).reduce((a, b) => a + b, 0);
  if (Object.values(budget.shares).some((s) => !(s > 0)) || Math.abs(total - 1) > 1e-9)
    throw new RangeError("budget shares must be positive and sum to 1");
  const mu = gdpMu(budget.epsilon, budget.delta);
  const l2: Record<Statistic, number> = {
    viewed: Math.sqrt(bounds.viewed),
    clicked: Math.sqrt(bounds.clicked),
    carted: Math.sqrt(bounds.carted),
    transitions: Math.sqrt(bounds.transitions),
    trending: Math.sqrt(bounds.trending),
  };
  const sigma = {} as Record<Statistic, number>;
  const epsilon = {} as Record<Statistic, number>;
  for (const s of STATISTICS) {
    const muS = mu * Math.sqrt(budget.shares[s]);
    sigma[s] = l2[s] / muS;
    epsilon[s] = gdpEpsilon(muS, budget.delta);
  }
  return { budget, mu, sigma, epsilon };
}
