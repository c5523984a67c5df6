import type { RatioSums } from "./types";

/** Sums of no reports. */
export function emptySums(): RatioSums {
  return { n: 0, x: 0, y: 0, xx: 0, yy: 0, xy: 0 };
}

/**
 * Adds one report's numerator `y` and denominator `x` (in place); a report with x ≤ 0 did not
 * see the metric and is skipped.
 * @example addToSums(emptySums(), 20, 2) // { n: 1, x: 20, y: 2, xx: 400, yy: 4, xy: 40 }
 */
export function addToSums(sums: RatioSums, x: number, y: number): RatioSums {
  if (!(x > 0)) return sums;
  sums.n += 1;
  sums.x += x;
  sums.y += y;
  sums.xx += x * x;
  sums.yy += y * y;
  sums.xy += x * y;
  return sums;
}

/**
 * Adds `other` into `into` (in place); sums merge like every other aggregate of the fleet.
 * @example mergeSums(emptySums(), shardSums)
 */
export function mergeSums(into: RatioSums, other: RatioSums): RatioSums {
  into.n += other.n;
  into.x += other.x;
  into.y += other.y;
  into.xx += other.xx;
  into.yy += other.yy;
  into.xy += other.xy;
  return into;
}

/** A ratio with the variance of its estimate. */
export type RatioEstimate = { ratio: number; variance: number };

/**
 * The ratio Σy/Σx and its clustered variance by the delta method, reports as clusters:
 * Var ≈ n/(n − 1) · Σ(yᵢ − R·xᵢ)² / (Σx)² (Deng, Knoblich & Lu 2018, "Applying the Delta Method
 * in Metric Analytics", §3), computed from the sums alone. Treating impressions as independent
 * would understate it: clicks of one session go together. The variance is floored at the
 * binomial variance of a rate (Σy + ½)/(Σx + 1) over Σx trials, so a cohort with no events yet
 * (an error rate of 0) is not taken as exactly known. NaN with fewer than 2 reports.
 * @example ratioEstimate({ n: 2, x: 20, y: 3, xx: 200, yy: 5, xy: 30 }) // { ratio: 0.15, variance: ... }
 */
export function ratioEstimate(s: RatioSums): RatioEstimate {
  if (!(s.n >= 2) || !(s.x > 0)) return { ratio: Number.NaN, variance: Number.NaN };
  const ratio = s.y / s.x;
  const residual = Math.max(0, s.yy - 2 * ratio * s.xy + ratio * ratio * s.xx);
  const clustered = (s.n / (s.n - 1)) * (residual / (s.x * s.x));
  const p = (s.y + 0.5) / (s.x + 1);
  const floor = (p * (1 - p)) / s.x;
  return { ratio, variance: Math.max(clustered, floor) };
}
