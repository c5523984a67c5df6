import { laplace, type Rng } from "../util/rng";

/** Options of Laplace partition selection: the release's (ε, δ) and how many keys one unit may touch. */
export type PartitionSelection = { epsilon: number; delta: number; maxPartitions: number };

/**
 * The release threshold of Laplace partition selection (Korolova et al. 2009; Wilson et al. 2020,
 * "Differentially Private SQL with Bounded User Contribution", §3): with Laplace(b = Δ₀/ε) noise, a
 * key that only one device-day holds (count 1) passes τ with probability ½·e^(−(τ−1)/b); over its Δ₀
 * keys that is δ when τ = 1 + b·ln(Δ₀ / 2δ).
 * @example laplaceThreshold({ epsilon: 1, delta: 1e-6, maxPartitions: 10 }) // ≈ 155
 */
export function laplaceThreshold({ epsilon, delta, maxPartitions }: PartitionSelection): number {
  if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(maxPartitions >= 1))
    throw new RangeError("bad selection options");
  const b = maxPartitions / epsilon;
  return 1 + b * Math.log(maxPartitions / (2 * delta));
}

/**
 * Releases keys of an OPEN domain (pairs nobody listed in advance): each count gets Laplace(Δ₀/ε)
 * noise and only keys whose noisy count reaches the threshold are released, with that noisy count.
 * At the fleet sizes of Beauty and Diginetica almost nothing passes (issue 14), which is why the
 * default release uses public domains only.
 * @example selectPartitions(counts, { epsilon: 1, delta: 1e-6, maxPartitions: 10 }, rng)
 */
export function selectPartitions<K>(
  counts: ReadonlyMap<K, number>,
  options: PartitionSelection,
  rng: Rng,
): Map<K, number> {
  const tau = laplaceThreshold(options);
  const b = options.maxPartitions / options.epsilon;
  const out = new Map<K, number>();
  for (const [key, count] of counts) {
    const noisy = count + laplace(rng, b);
    if (noisy >= tau) out.set(key, noisy);
  }
  return out;
}
