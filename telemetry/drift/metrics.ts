import type { NoiseSpec } from "../privacy/centralNoise";

/** The drift metrics the fleet computes. */
export type DriftMetric = "psi" | "js" | "wasserstein" | "ks";
export const DRIFT_METRICS: readonly DriftMetric[] = ["psi", "js", "wasserstein", "ks"];

/**
 * Probability floor for PSI: a bin that is empty on one side would make ln(p/q) infinite, so an
 * empty bin counts as 1e-4 (0.01%, the customary floor in credit-scoring PSI practice) on that
 * side. Bins are not renormalised, so non-empty bins keep their hand-checkable values.
 */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index Σ (p − q) · ln(p / q) of two count vectors (each normalised to 1),
 * each probability floored at `floor` (default `PSI_EPSILON`; with central noise use
 * `psiFloorFor`). NaN if either side is empty.
 * @example psi([50, 50], [25, 75]) // 0.25·ln 2 + 0.25·ln 1.5 ≈ 0.2747
 */
export function psi(live: readonly number[], reference: readonly number[], floor = PSI_EPSILON): number {
  const [p, q] = normalisePair(live, reference);
  if (!p || !q) return Number.NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0 && q[i] === 0) continue;
    const pi = Math.max(p[i], floor);
    const qi = Math.max(q[i], floor);
    s += (pi - qi) * Math.log(pi / qi);
  }
  return s;
}

/**
 * PSI floor for counts that carry central noise: noise of scale b in a bin whose true mass is 0
 * reads as about b/n of probability, and with a 1e-4 floor that pure noise dominates PSI on small
 * windows (test/bench/telemetry-drift.ts: power 10% at 200 reports). Flooring both sides at 2b/n
 * (b = Laplace scale or Gaussian σ) lets PSI see only mass the noise cannot explain.
 * @example psiFloorFor({ kind: "laplace", scale: 20 }, 4000) // 0.01
 */
export function psiFloorFor(noise: NoiseSpec | undefined, n: number): number {
  if (!noise || !(n > 0)) return PSI_EPSILON;
  const b = noise.kind === "laplace" ? noise.scale : noise.sigma;
  return Math.max(PSI_EPSILON, (2 * b) / n);
}

/**
 * Jensen–Shannon divergence in bits (base 2), in [0, 1]: ½KL(p‖m) + ½KL(q‖m) with m = (p + q)/2.
 * Needs no floor: m is positive wherever p or q is.
 * @example jensenShannon([1, 0], [0, 1]) // 1
 */
export function jensenShannon(live: readonly number[], reference: readonly number[]): number {
  const [p, q] = normalisePair(live, reference);
  if (!p || !q) return Number.NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) s += 0.5 * p[i] * Math.log2(p[i] / m);
    if (q[i] > 0) s += 0.5 * q[i] * Math.log2(q[i] / m);
  }
  return Math.min(1, Math.max(0, s));
}

/**
 * Wasserstein-1 distance between two distributions on the same increasing `positions` (bin
 * centres), divided by the span of the positions, so it lies in [0, 1]: Σ |F_p − F_q| · Δx / span.
 * @example wasserstein([1, 0, 0], [0, 0, 1], [0, 0.5, 1]) // 1
 */
export function wasserstein(
  live: readonly number[],
  reference: readonly number[],
  positions: readonly number[],
): number {
  const [p, q] = normalisePair(live, reference);
  if (!p || !q) return Number.NaN;
  if (positions.length !== p.length) throw new RangeError("need one position per bin");
  const span = positions[positions.length - 1] - positions[0];
  if (!(span > 0)) return 0;
  let fp = 0;
  let fq = 0;
  let s = 0;
  for (let i = 0; i < p.length - 1; i++) {
    fp += p[i];
    fq += q[i];
    s += Math.abs(fp - fq) * (positions[i + 1] - positions[i]);
  }
  return s / span;
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the two cumulative distributions,
 * evaluated at bin boundaries (the only points binned data resolves).
 * @example ks([50, 50], [25, 75]) // 0.25
 */
export function ks(live: readonly number[], reference: readonly number[]): number {
  const [p, q] = normalisePair(live, reference);
  if (!p || !q) return Number.NaN;
  let fp = 0;
  let fq = 0;
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    fp += p[i];
    fq += q[i];
    d = Math.max(d, Math.abs(fp - fq));
  }
  return d;
}

/**
 * One metric by name (positions are needed for "wasserstein" only; `psiFloor` for "psi" only).
 * @example driftMetric("psi", liveCounts, refCounts, positions)
 */
export function driftMetric(
  metric: DriftMetric,
  live: readonly number[],
  reference: readonly number[],
  positions: readonly number[],
  psiFloor = PSI_EPSILON,
): number {
  switch (metric) {
    case "psi":
      return psi(live, reference, psiFloor);
    case "js":
      return jensenShannon(live, reference);
    case "wasserstein":
      return wasserstein(live, reference, positions);
    case "ks":
      return ks(live, reference);
  }
}

function normalisePair(
  a: readonly number[],
  b: readonly number[],
): [number[] | undefined, number[] | undefined] {
  if (a.length !== b.length) throw new RangeError(`bin counts differ: ${a.length} vs ${b.length}`);
  return [normalise(a), normalise(b)];
}

function normalise(counts: readonly number[]): number[] | undefined {
  let total = 0;
  for (const c of counts) {
    if (!(c >= 0) || !Number.isFinite(c)) return undefined;
    total += c;
  }
  return total > 0 ? counts.map((c) => c / total) : undefined;
}
