import { normal, type Rng } from "../util/rng";

/**
 * Releases counts over a PUBLIC domain (the catalog's items, or candidate pairs from content
 * neighbours and the imported index): every domain key gets its count plus N(0, σ²), zero counts
 * included, and keys outside the domain are dropped. Because the domain does not depend on anyone's
 * data, whether a key appears reveals nothing, so no threshold is needed. Values stay unclamped so
 * pooled sums stay unbiased; clamp only for display.
 * @example releaseOverDomain(new Map([[7, 120]]), [7, 8], 24, rng) // Map { 7 → ≈120, 8 → ≈0 }
 */
export function releaseOverDomain<K>(
  counts: ReadonlyMap<K, number>,
  domain: Iterable<K>,
  sigma: number,
  rng: Rng,
): Map<K, number> {
  if (!(sigma > 0)) throw new RangeError("sigma must be positive");
  const out = new Map<K, number>();
  for (const key of domain) if (!out.has(key)) out.set(key, (counts.get(key) ?? 0) + sigma * normal(rng));
  return out;
}

/**
 * Pools released counts over periods: pool·decay + release, key by key (keys missing from the release
 * decay alone). Pooling is post-processing of released values, so it spends no budget; the pooled
 * noise has sd σ / √(1 − decay²) (`pooledNoiseSd`).
 * @example poolDecayed(new Map([[1, 10]]), new Map([[1, 4]]), 0.5) // Map { 1 → 9 }
 */
export function poolDecayed<K>(
  pool: ReadonlyMap<K, number>,
  release: ReadonlyMap<K, number>,
  decay: number,
): Map<K, number> {
  const out = new Map<K, number>();
  for (const [k, x] of pool) out.set(k, x * decay);
  for (const [k, x] of release) out.set(k, (out.get(k) ?? 0) + x);
  return out;
}

/**
 * Steady-state sd of the noise in a decayed pool of releases that each carry N(0, σ²).
 * @example pooledNoiseSd(24, 2 ** (-1 / 7)) // ≈ 54 (a 7-period half-life)
 */
export function pooledNoiseSd(sigma: number, decay: number): number {
  return sigma / Math.sqrt(1 - decay * decay);
}

/**
 * The per-period decay for a half-life in periods.
 * @example decayFor(7) // ≈ 0.906
 */
export function decayFor(halfLifePeriods: number): number {
  return halfLifePeriods > 0 ? 2 ** (-1 / halfLifePeriods) : 0;
}
