import { PSI_EPSILON, psi } from "../drift";
import { type HalfWidth, mixtureHalfWidth } from "./confidenceSequence";
import { verdict } from "./guardrailEvidence";
import { ratioEstimate } from "./ratioSums";
import type { DriftGuardrail, GuardrailEvidence, RatioSums } from "./types";

/** One bin's PSI term (p − q)·ln(p/q) with both shares floored as `psi` floors them. */
function term(share: number, reference: number): number {
  if (share <= 0 && reference <= 0) return 0;
  const a = Math.max(share, PSI_EPSILON);
  const b = Math.max(reference, PSI_EPSILON);
  return (a - b) * Math.log(a / b);
}

/**
 * The evidence of the canary's score drift against its own reference profile: PSI with an
 * anytime-valid interval. PSI is not a mean, so it gets no sequence of its own; instead each bin's
 * share (a clustered ratio: the report's weight in the bin over its total weight) gets one at
 * alpha / bins (Bonferroni), and PSI is bounded over that box. Each term is convex in its share
 * with its minimum 0 at the reference share, so the lowest PSI in the box takes each share
 * nearest the reference and the highest takes an end; dropping "shares sum to 1" only widens the
 * bounds, so they keep their coverage.
 * @example driftEvidence(driftGuardrail, bins, referenceCounts, 0.05 / 14, 50).lower
 */
export function driftEvidence(
  g: DriftGuardrail,
  bins: readonly RatioSums[],
  referenceCounts: readonly number[],
  alpha: number,
  k: number,
  halfWidth: HalfWidth = mixtureHalfWidth,
): GuardrailEvidence {
  const n = bins.length ? Math.min(...bins.map((b) => b.n)) : 0;
  const base = { id: g.id, direction: "lower_is_better" as const, line: g.tolerance, alpha };
  const counts = { canaryReports: n, controlReports: 0 };
  const total = referenceCounts.reduce((s, c) => s + c, 0);
  if (n < Math.max(k, 2) || bins.length !== referenceCounts.length || !(total > 0)) {
    return {
      ...base,
      ...counts,
      status: "insufficient",
      estimate: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
    };
  }
  let lower = 0;
  let upper = 0;
  bins.forEach((bin, i) => {
    const p = referenceCounts[i] / total;
    const { ratio, variance } = ratioEstimate(bin);
    const half = halfWidth(variance, alpha / bins.length, g.mixtureSd);
    const lo = Math.max(0, ratio - half);
    const hi = Math.min(1, ratio + half);
    lower += term(Math.min(hi, Math.max(lo, p)), p);
    upper += Math.max(term(lo, p), term(hi, p));
  });
  const estimate = psi(
    bins.map((b) => b.y),
    referenceCounts,
  );
  return {
    ...base,
    ...counts,
    status: verdict(lower, upper, g.tolerance, "lower_is_better"),
    estimate,
    lower,
    upper,
  };
}
