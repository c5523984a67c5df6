/**
 * Privacy accounting in Gaussian differential privacy (Dong, Roth & Su 2022, "Gaussian Differential
 * Privacy", JRSS-B): a Gaussian mechanism with L2 sensitivity Δ and noise σ is μ-GDP with μ = Δ/σ,
 * μ-GDP mechanisms compose to √(Σ μᵢ²)-GDP exactly, and μ-GDP is (ε, δ(ε))-DP for every ε with
 * δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2) (their Corollary 2.13). Exact, so no slack is lost
 * between the per-statistic releases and the per-device-day total.
 */

/**
 * δ of a μ-GDP mechanism at ε.
 * @example gdpDelta(0.5, 1) // ≈ 0.0068
 */
export function gdpDelta(mu: number, epsilon: number): number {
  if (!(mu > 0)) return 0;
  return normalCdf(-epsilon / mu + mu / 2) - Math.exp(epsilon) * normalCdf(-epsilon / mu - mu / 2);
}

/**
 * The largest μ whose (ε, δ) guarantee holds: the per-device-day budget of all releases together.
 * @example gdpMu(1, 1e-6) // ≈ 0.237
 */
export function gdpMu(epsilon: number, delta: number): number {
  if (!(epsilon > 0) || !(delta > 0 && delta < 1)) throw new RangeError("need ε > 0 and 0 < δ < 1");
  return bisect((mu) => gdpDelta(mu, epsilon) <= delta, 1e-6, 100);
}

/**
 * The smallest ε at which a μ-GDP mechanism is (ε, δ)-DP: what one release alone spends.
 * @example gdpEpsilon(gdpMu(1, 1e-6), 1e-6) // ≈ 1
 */
export function gdpEpsilon(mu: number, delta: number): number {
  if (!(mu > 0)) return 0;
  return bisect((eps) => gdpDelta(mu, eps) > delta, 0, 1000);
}

/** Largest x in [lo, hi] where `ok(x)` holds, for a predicate true below a point and false above. */
function bisect(ok: (x: number) => boolean, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Standard normal CDF via erfc, using the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed.,
 * §6.2 `erfcc`), fractional error < 1.2·10⁻⁷ everywhere: the tails that δ ≈ 10⁻⁶ lives in stay exact
 * to six digits.
 * @example normalCdf(1.96) // ≈ 0.975
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
