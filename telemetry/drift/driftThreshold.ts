import { addNoise, type NoiseSpec } from "../privacy/centralNoise";
import { multinomial, type Rng, seededRng } from "../util/rng";
import { type DriftMetric, driftMetric } from "./metrics";

/** Options of `driftThreshold`. */
export type ThresholdOptions = {
  metric: DriftMetric;
  /** False-alarm rate per comparison (default 0.01): the threshold is the (1 − α) null quantile. */
  alpha?: number;
  /** The privacy noise the live counts carry (the same spec the edge applies). */
  noise?: NoiseSpec;
  /** Resampled null windows (default 1000). */
  trials?: number;
  /** Randomness; when omitted a fixed seed is used and the result is cached. */
  rng?: Rng;
  /** Positions of the vector entries (needed for "wasserstein"). */
  positions?: readonly number[];
  /** PSI probability floor; pass the same value used on the live window (see `psiFloorFor`). */
  psiFloor?: number;
};

/**
 * Threshold above which a drift value is unlikely (probability α) to come from sampling and
 * privacy noise alone, for a live window of total weight `n` drawn from `reference`. A fixed PSI
 * 0.1 fires on most small unchanged samples (PSI ≈ (bins − 1)/n by chance alone), so the null is
 * simulated instead: `trials` times, draw n from the reference (multinomial), add the noise,
 * compute the metric against the reference; return the (1 − α) quantile.
 *
 * `n` is the live histogram's total weight (reports × HISTOGRAM_WEIGHT for full reports). It is
 * rounded down to a half-octave bucket (…, 512, 724, 1024, …): a smaller n gives a slightly
 * higher, more conservative threshold, and lets results be cached per (reference, n bucket,
 * metric, α, noise, trials) when no rng is passed (fixed seed → deterministic).
 * @example driftThreshold(referenceVector, 10_000, { metric: "psi", noise: laplaceFor(1, 20) })
 */
export function driftThreshold(reference: readonly number[], n: number, options: ThresholdOptions): number {
  const alpha = options.alpha ?? 0.01;
  const trials = options.trials ?? 1000;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(Number.isInteger(trials) && trials >= 10))
    throw new RangeError(`trials must be an integer ≥ 10, got ${trials}`);
  if (!(n >= 1) || !Number.isFinite(n)) return Number.NaN;
  const total = reference.reduce((s, c) => s + c, 0);
  if (!(total > 0)) return Number.NaN;
  const draws = nBucket(n);
  const key = options.rng
    ? undefined
    : JSON.stringify([
        reference,
        draws,
        options.metric,
        alpha,
        options.noise ?? null,
        trials,
        options.positions ?? null,
        options.psiFloor ?? null,
      ]);
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const rng = options.rng ?? seededRng(DEFAULT_SEED);
  const p = reference.map((c) => c / total);
  const positions = options.positions ?? reference.map((_, i) => i);
  const values: number[] = [];
  for (let t = 0; t < trials; t++) {
    const sample = addNoise(multinomial(rng, draws, p), options.noise, rng);
    values.push(driftMetric(options.metric, sample, reference, positions, options.psiFloor));
  }
  const threshold = upperQuantile(values, 1 - alpha);
  if (key !== undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, threshold);
  }
  return threshold;
}

/**
 * Half-octave bucket of a weight: the largest 2^(k/2) (rounded) not above n.
 * @example nBucket(1000) // 724
 */
export function nBucket(n: number): number {
  const k = Math.floor(2 * Math.log2(n) + 1e-9);
  return Math.max(1, Math.round(2 ** (k / 2)));
}

/** The ⌈q·m⌉-th smallest of m values (a conservative empirical quantile); NaN values sort last. */
function upperQuantile(values: number[], q: number): number {
  const sorted = values.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const DEFAULT_SEED = 0x5eed;
/** Entries kept (insertion order evicts first): a few models × layouts × metrics × n buckets. */
const CACHE_LIMIT = 512;
const cache = new Map<string, number>();
