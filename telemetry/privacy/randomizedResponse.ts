import type { Rng } from "../util/rng";

/**
 * k-ary randomized response (Warner 1965; Kairouz, Oh & Viswanath 2014): keep the true category
 * with probability p = e^ε / (e^ε + k − 1), otherwise report one of the other k − 1 uniformly.
 * Every output is then at most e^ε times likelier under one true value than under another: ε-local
 * differential privacy for that field.
 * @example randomizedResponse("webgpu", BACKENDS, 2, Math.random)
 */
export function randomizedResponse<T>(value: T, categories: readonly T[], epsilon: number, rng: Rng): T {
  const k = categories.length;
  if (k < 2 || !categories.includes(value))
    throw new RangeError("value must be one of at least two categories");
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be positive, got ${epsilon}`);
  const { keep } = rrProbabilities(k, epsilon);
  if (rng() < keep) return value;
  const others = categories.filter((c) => c !== value);
  return others[Math.min(others.length - 1, Math.floor(rng() * others.length))];
}

/**
 * Probabilities of k-ary RR: `keep` = P(report the truth), `flip` = P(report one given other value).
 * @example rrProbabilities(5, Math.log(4)) // { keep: 0.5, flip: 0.125 }
 */
export function rrProbabilities(k: number, epsilon: number): { keep: number; flip: number } {
  const e = Math.exp(epsilon);
  return { keep: e / (e + k - 1), flip: 1 / (e + k - 1) };
}

/**
 * Unbiased estimate of the true shares from randomized-response counts: E[observed share of j] =
 * π_j·keep + (1 − π_j)·flip, so π̂_j = (λ_j − flip) / (keep − flip). Estimates can fall slightly
 * outside [0, 1] on small samples; that is the price of unbiasedness (clamp only for display).
 * Categories missing from `counts` count as 0.
 * @example debiasShares({ webgpu: 60, wasm: 40 }, ["webgpu", "wasm"], Math.log(3)) // { webgpu: 0.7, wasm: 0.3 }
 */
export function debiasShares<T extends string>(
  counts: Partial<Record<T, number>>,
  categories: readonly T[],
  epsilon: number,
): Record<T, number> {
  const { keep, flip } = rrProbabilities(categories.length, epsilon);
  const total = categories.reduce((s, c) => s + (counts[c] ?? 0), 0);
  const out = {} as Record<T, number>;
  for (const c of categories) {
    out[c] = total > 0 ? ((counts[c] ?? 0) / total - flip) / (keep - flip) : Number.NaN;
  }
  return out;
}
