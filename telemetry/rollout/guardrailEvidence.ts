import { combineStrata, type HalfWidth, mixtureHalfWidth } from "./confidenceSequence";
import { type RatioEstimate, ratioEstimate } from "./ratioSums";
import type { CohortGuardrail, CohortPair, Direction, GuardrailEvidence, GuardrailStatus } from "./types";

/*
 * Why the p95 guardrail is a test of exceedance shares. A quantile of clustered data is not a mean,
 * so no mean-based sequence covers it directly. But for T = the control's p95, "canary p95 ≤
 * (1 + tol)·T" holds exactly when the canary's share of inferences slower than (1 + tol)·T is at
 * most 5 %, the control's share slower than T. So the edge counts, per report, the canary's
 * inferences above (1 + tol)·T and the control's above T, and the guardrail compares those two
 * ratio metrics at a ratio of 1: wholly above it shows a p95 slowdown beyond the tolerance,
 * wholly below it shows non-inferiority. T is frozen from the live version's baseline when the
 * rollout starts (a threshold that followed the data would not be a fixed hypothesis); when T
 * drifts off the control's true p95, the comparison is of a nearby quantile, and when latency
 * scales by a factor (a slower model), it stays exact at any T. Both cohorts run in the same
 * hours, so a slow hour for every device moves both shares alike.
 *
 * Why a relative tolerance is tested as a contrast. "canary ÷ control below ρ" is the linear
 * hypothesis R_t − ρ·R_c < 0, whose estimate is Gaussian with variance V_t + ρ²V_c (Fieller 1954).
 * The log-ratio would need ln R_t, which a canary with (almost) no clicks makes useless exactly
 * when a withdrawal is most needed. The shown interval for the ratio is the set of ρ whose contrast
 * interval contains 0, so it agrees with the verdict.
 */

/** Each usable stratum's canary and control ratios (strata with k reports in both cohorts). */
type Stratum = { t: RatioEstimate; c: RatioEstimate };

function usable(strata: readonly CohortPair[], k: number): Stratum[] {
  const least = Math.max(k, 2);
  return strata
    .filter((p) => p.canary.n >= least && p.control.n >= least)
    .map((p) => ({ t: ratioEstimate(p.canary), c: ratioEstimate(p.control) }));
}

/** R_t − ρ·R_c over the strata (inverse-variance combined), and its variance. */
function difference(strata: readonly Stratum[], rho: number): { estimate: number; variance: number } {
  return combineStrata(
    strata.map(({ t, c }) => ({
      estimate: t.ratio - rho * c.ratio,
      variance: t.variance + rho * rho * c.variance,
    })),
  );
}

/**
 * The difference scaled by 1/√(1 + ρ²): its variance then stays between V_t and V_c at every ρ and
 * it decreases in ρ, so the set of ratios it does not reject is one interval.
 */
function contrast(strata: readonly Stratum[], rho: number): { estimate: number; variance: number } {
  const d = difference(strata, rho);
  const scale = 1 + rho * rho;
  return { estimate: d.estimate / Math.sqrt(scale), variance: d.variance / scale };
}

/**
 * Where an interval lies against the tolerance line, given the direction in which worse lies.
 * @example verdict(-0.2, -0.1, -0.05, "higher_is_better") // "regression"
 */
export function verdict(lower: number, upper: number, line: number, direction: Direction): GuardrailStatus {
  const beyond = direction === "higher_is_better" ? upper < line : lower > line;
  const within = direction === "higher_is_better" ? lower > line : upper < line;
  return beyond ? "regression" : within ? "non_inferior" : "inconclusive";
}

/** The point in [lo, hi] where `f` turns from true to false (40 halvings: 1e-12 of the range). */
function bisect(f: (x: number) => boolean, lo: number, hi: number): number {
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Largest ratio the evidence interval reaches before calling it unbounded. */
const MAX_RATIO = 1e3;

type Figures = Pick<GuardrailEvidence, "status" | "estimate" | "lower" | "upper" | "line">;

/** Canary − control against `line`, in the rate's unit. */
function absoluteFigures(
  g: CohortGuardrail,
  strata: Stratum[],
  alpha: number,
  line: number,
  halfWidth: HalfWidth,
): Figures {
  const d = difference(strata, 1);
  const half = halfWidth(d.variance, alpha, g.mixtureSd);
  const [lower, upper] = [d.estimate - half, d.estimate + half];
  return { line, status: verdict(lower, upper, line, g.direction), estimate: d.estimate, lower, upper };
}

/**
 * Canary ÷ control − 1 against ρ − 1: the verdict tests the contrast at ρ, the shown interval is
 * every ratio whose contrast interval holds 0. The mixture sd is the guardrail's relative one
 * times the control's rate (the contrast is in the rate's unit).
 */
function relativeFigures(
  g: CohortGuardrail,
  strata: Stratum[],
  alpha: number,
  rho: number,
  halfWidth: HalfWidth,
): Figures {
  const controlRate = strata.reduce((s, { c }) => s + c.ratio, 0) / strata.length;
  const sd = g.mixtureSd * controlRate;
  const bound = (r: number, side: 1 | -1) => {
    const d = contrast(strata, r);
    return d.estimate + side * halfWidth(d.variance, alpha, sd);
  };
  const estimate = bisect((r) => contrast(strata, r).estimate > 0, 0, MAX_RATIO);
  const lower = bound(0, -1) > 0 ? bisect((r) => bound(r, -1) > 0, 0, estimate) : 0;
  const upper =
    bound(MAX_RATIO, 1) >= 0
      ? Number.POSITIVE_INFINITY
      : bisect((r) => bound(r, 1) >= 0, estimate, MAX_RATIO);
  // The contrast's interval at ρ wholly above 0: canary above ρ·control; wholly below: under it.
  const [above, below] = [bound(rho, -1) > 0, bound(rho, 1) < 0];
  const [better, worse] = g.direction === "higher_is_better" ? [above, below] : [below, above];
  const status = worse ? "regression" : better ? "non_inferior" : "inconclusive";
  return { line: rho - 1, status, estimate: estimate - 1, lower: lower - 1, upper: upper - 1 };
}

/**
 * The evidence of one canary-vs-control guardrail: the strata with at least k reports in both
 * cohorts, combined by inverse variance, inside the anytime-valid interval at `alpha`. Relative
 * guardrails read as canary ÷ control − 1 (e.g. −0.05 = 5 % worse CTR), absolute ones as
 * canary − control. `halfWidth` is the anytime-valid one unless a comparison asks otherwise.
 * @example cohortEvidence(ctrGuardrail, strata, 0.05 / 14, 50).status
 */
export function cohortEvidence(
  g: CohortGuardrail,
  strata: readonly CohortPair[],
  alpha: number,
  k: number,
  halfWidth: HalfWidth = mixtureHalfWidth,
): GuardrailEvidence {
  const base = {
    id: g.id,
    direction: g.direction,
    alpha,
    canaryReports: strata.reduce((s, p) => s + p.canary.n, 0),
    controlReports: strata.reduce((s, p) => s + p.control.n, 0),
  };
  const parts = usable(strata, k);
  const worse = g.direction === "higher_is_better" ? -g.tolerance : g.tolerance;
  // The p95 guardrail's tolerance sits in the canary's threshold (above), so its ratio line is 1.
  const rho = g.kind === "latency_p95" ? 1 : 1 + worse;
  const line = g.scale === "absolute" ? worse : rho - 1;
  const controlRate = parts.reduce((s, { c }) => s + c.ratio, 0);
  const ready = parts.length > 0 && Number.isFinite(difference(parts, 1).estimate);
  if (!ready || (g.scale === "relative" && !(controlRate > 0))) {
    return {
      ...base,
      line,
      status: "insufficient",
      estimate: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
    };
  }
  const figures =
    g.scale === "absolute"
      ? absoluteFigures(g, parts, alpha, line, halfWidth)
      : relativeFigures(g, parts, alpha, rho, halfWidth);
  return { ...base, ...figures };
}
