import { normal, type Rng } from "../util/rng";
import type { ScoredSession } from "./scoredSession";

/**
 * A stand-in for `referencePool` where the dataset and the model cannot be loaded (tests inside
 * workerd, fast unit tests): `sessions` seeded requests of 100 candidates with ranker-like scores
 * (logits around −1.5), log-scaled popularity, sparse co-occurrence, category overlap and
 * Beauty-like history lengths. Tests that use it build their reference profile from this same
 * pool, so "no shift" still means "drawn from the reference population".
 * @example const pool = syntheticPool(seededRng(1), 60); const profile = poolProfile(pool);
 */
export function syntheticPool(rng: Rng, sessions: number): ScoredSession[] {
  return Array.from({ length: sessions }, () => {
    const level = normal(rng) * 0.5;
    const features = Array.from({ length: 100 }, () => ({
      popularity: Math.max(0, 4 + 1.2 * normal(rng)),
      coocMax: rng() < 0.5 ? 0 : Math.min(1, 0.02 * Math.exp(normal(rng))),
      categoryOverlap: rng() < 0.6 ? 1 : rng(),
    }));
    return {
      scores: features.map(
        (f) => 1 / (1 + Math.exp(1.5 - level - 0.3 * (f.popularity - 4) - 0.8 * normal(rng))),
      ),
      features,
      historyLength: 3 + Math.floor(-4 * Math.log(Math.max(rng(), 1e-9))),
    };
  });
}
