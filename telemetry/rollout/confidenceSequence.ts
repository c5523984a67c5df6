/** An interval around an estimate. */
export type Interval = { estimate: number; lower: number; upper: number };

/** Half-width of an interval from the estimate's variance, the alpha and the mixture sd. */
export type HalfWidth = (variance: number, alpha: number, mixtureSd: number) => number;

/**
 * Half-width of the normal-mixture confidence sequence for an estimate whose variance is
 * `variance` — the interval form of the mixture SPRT (Robbins 1970; Johari, Pekelis & Walsh 2017,
 * "Always valid inference", the test behind Optimizely's stats engine; Howard et al. 2021,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", eq. 14). Mixing the
 * likelihood ratio over a N(0, τ²) prior on the difference gives the test martingale
 * Λ = √(V/(V + τ²)) · exp(τ²θ̂²/(2V(V + τ²))); Ville's inequality bounds the chance that it
 * ever reaches 1/α, so the interval
 *   θ̂ ± √( V(V + τ²)/τ² · ln((V + τ²)/(V·α²)) )
 * covers the truth at every look at once with probability ≥ 1 − α, however often it is read.
 * The estimate must be (asymptotically) Gaussian with variance V, shrinking as data come in.
 * Infinity when the variance is not positive and finite.
 * @example mixtureHalfWidth(1e-4, 0.05, 0.05) // ≈ 0.031 (a fixed 95 % interval: 0.0196)
 */
export function mixtureHalfWidth(variance: number, alpha: number, mixtureSd: number): number {
  if (!(variance > 0) || !Number.isFinite(variance)) return Number.POSITIVE_INFINITY;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(mixtureSd > 0)) throw new RangeError(`mixtureSd must be > 0, got ${mixtureSd}`);
  const t2 = mixtureSd * mixtureSd;
  return Math.sqrt(
    ((variance * (variance + t2)) / t2) * Math.log((variance + t2) / (variance * alpha * alpha)),
  );
}

/**
 * The anytime-valid interval of an estimate (see `mixtureHalfWidth`).
 * @example confidenceSequence(-0.03, 1e-4, 0.05, 0.05) // { estimate: -0.03, lower: ≈ -0.061, upper: ≈ 0.001 }
 */
export function confidenceSequence(
  estimate: number,
  variance: number,
  alpha: number,
  mixtureSd: number,
): Interval {
  const half = mixtureHalfWidth(variance, alpha, mixtureSd);
  return { estimate, lower: estimate - half, upper: estimate + half };
}

/**
 * Inverse-variance combination of independent estimates of one difference (one per stratum):
 * the precision-weighted mean and its variance 1/Σ(1/vᵢ). Strata with a non-finite or
 * non-positive variance are skipped; NaN when none is left.
 * @example combineStrata([{ estimate: 1, variance: 1 }, { estimate: 3, variance: 1 }]) // { estimate: 2, variance: 0.5 }
 */
export function combineStrata(parts: readonly { estimate: number; variance: number }[]): {
  estimate: number;
  variance: number;
} {
  let weight = 0;
  let sum = 0;
  for (const { estimate, variance } of parts) {
    if (!(variance > 0) || !Number.isFinite(variance) || !Number.isFinite(estimate)) continue;
    weight += 1 / variance;
    sum += estimate / variance;
  }
  return weight > 0
    ? { estimate: sum / weight, variance: 1 / weight }
    : { estimate: Number.NaN, variance: Number.NaN };
}
