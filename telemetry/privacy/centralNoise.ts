import { laplace, normal, type Rng } from "../util/rng";

/**
 * Central noise added to exported counts. Laplace with scale Δ/ε gives ε-differential privacy for
 * an L1 sensitivity Δ (Dwork & Roth 2014, Thm 3.6); Gaussian with σ is the (ε, δ) alternative.
 * One report moves a histogram by at most `HISTOGRAM_WEIGHT` in L1, so Δ = 20 there.
 */
export type NoiseSpec = { kind: "laplace"; scale: number } | { kind: "gaussian"; sigma: number };

/**
 * Laplace noise for ε-DP of counts whose L1 sensitivity is `sensitivity`.
 * @example laplaceFor(1, 20) // { kind: "laplace", scale: 20 }
 */
export function laplaceFor(epsilon: number, sensitivity: number): NoiseSpec {
  if (!(epsilon > 0) || !(sensitivity > 0)) throw new RangeError("epsilon and sensitivity must be positive");
  return { kind: "laplace", scale: sensitivity / epsilon };
}

/**
 * Adds independent noise to each count and clamps at 0 (a negative count means nothing to a
 * reader, and clamping is post-processing, so privacy is kept).
 * @example addNoise([100, 5], { kind: "laplace", scale: 20 }, seededRng(1))
 */
export function addNoise(counts: readonly number[], noise: NoiseSpec | undefined, rng: Rng): number[] {
  if (!noise) return [...counts];
  return counts.map((c) => Math.max(0, c + noiseDraw(noise, rng)));
}

function noiseDraw(noise: NoiseSpec, rng: Rng): number {
  return noise.kind === "laplace" ? laplace(rng, noise.scale) : noise.sigma * normal(rng);
}
