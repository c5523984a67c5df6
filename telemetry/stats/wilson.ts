/** A rate with a confidence interval. */
export type RateInterval = { rate: number; lower: number; upper: number };

/**
 * Click-through rate with the Wilson score interval (Wilson 1927), which stays inside [0, 1] and
 * behaves at small counts and rates near 0, unlike the normal approximation. z = 1.96 gives 95%.
 * NaN everywhere when there are no impressions.
 * @example wilsonInterval(10, 100) // { rate: 0.1, lower: 0.0552, upper: 0.1744 }
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): RateInterval {
  if (!(trials > 0) || !(successes >= 0) || successes > trials) {
    return { rate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  }
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { rate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
