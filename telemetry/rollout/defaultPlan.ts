import { K_ANONYMITY } from "../privacy";
import { SCORING_BACKENDS, SLOTS } from "../schema";
import type { Guardrail, RolloutPlan, RolloutStep } from "./types";

const HOUR = 60 * 60 * 1000;

/**
 * 1 → 5 → 25 → 50 → 100 %. The small steps are short (they only look for a gross failure on few
 * devices); the large ones last two hours, so a regression that needs a day-part to show has a
 * chance to. Minimum reports scale with the share: at 50,000 reports/h each is met well within the
 * step's duration; on a small fleet the count, not the clock, sets the pace.
 */
export const DEFAULT_STEPS: readonly RolloutStep[] = [
  { percent: 1, minDurationMs: HOUR, minReportsPerCohort: 200 },
  { percent: 5, minDurationMs: HOUR, minReportsPerCohort: 1_000 },
  { percent: 25, minDurationMs: 2 * HOUR, minReportsPerCohort: 5_000 },
  { percent: 50, minDurationMs: 2 * HOUR, minReportsPerCohort: 10_000 },
  { percent: 100, minDurationMs: 0, minReportsPerCohort: 0 },
];

/**
 * The default guardrails (14): CTR over all slots and per slot (2 % relative), inference p95 per
 * backend that runs a model (10 % slower), the failure rate (+0.5 points) and the fallback rate
 * (+2 points), and the canary's score PSI against its own reference (0.25). The per-slot CTRs only
 * withdraw: a slot with few clicks could never show a 2 % margin, so non-inferiority of CTR is
 * shown on all slots together. Why these sizes:
 * - CTR 2 %: well under the 5 % loss that must be caught, and a difference a store would notice;
 * - p95 10 %: the alert rule pages at 1.5× the version's own baseline; a release may cost less;
 * - failures and fallbacks are rates near 0 and near 25 % (every browser without WebGPU falls back),
 *   so absolute points read better than ratios; a broken model shows tens of points;
 * - PSI 0.25 is the customary "major shift" band (Yurdakul 2018). The alerts warn at 0.1; an
 *   automatic withdrawal needs the larger size, since a new model is expected to score differently
 *   in the field than on its validation data.
 * mixtureSd is set near the differences each guardrail exists to catch.
 */
export function defaultGuardrails(): Guardrail[] {
  const ctrOf = (slot?: string): Guardrail => ({
    id: slot ? `ctr:${slot}` : "ctr",
    kind: "ctr",
    ...(slot ? { slice: slot, requireNonInferiority: false } : {}),
    direction: "higher_is_better",
    scale: "relative",
    tolerance: 0.02,
    mixtureSd: 0.05,
  });
  const ctr = [ctrOf(), ...SLOTS.map(ctrOf)];
  const p95 = SCORING_BACKENDS.map(
    (backend): Guardrail => ({
      id: `p95:${backend}`,
      kind: "latency_p95",
      slice: backend,
      direction: "lower_is_better",
      scale: "relative",
      tolerance: 0.1,
      mixtureSd: 0.3,
    }),
  );
  return [
    ...ctr,
    ...p95,
    {
      id: "error_rate",
      kind: "error_rate",
      direction: "lower_is_better",
      scale: "absolute",
      tolerance: 0.005,
      mixtureSd: 0.01,
    },
    {
      id: "fallback_rate",
      kind: "fallback_rate",
      direction: "lower_is_better",
      scale: "absolute",
      tolerance: 0.02,
      mixtureSd: 0.02,
    },
    { id: "score_drift", kind: "score_drift", tolerance: 0.25, mixtureSd: 0.02 },
  ];
}

/**
 * The default plan; override what differs.
 * @example const plan = { ...defaultPlan(), onRegression: "pause" as const };
 */
export function defaultPlan(): RolloutPlan {
  return {
    steps: DEFAULT_STEPS.map((s) => ({ ...s })),
    guardrails: defaultGuardrails(),
    onRegression: "withdraw",
    alpha: 0.05,
    nonInferiorityFromPercent: 25,
    k: K_ANONYMITY,
  };
}

/**
 * What is wrong with a plan, one sentence per problem; empty when it can run.
 * @example planProblems({ ...defaultPlan(), alpha: 2 }) // ["alpha must be in (0, 0.5]"]
 */
export function planProblems(plan: RolloutPlan): string[] {
  const problems: string[] = [];
  const { steps, guardrails } = plan;
  if (!(plan.alpha > 0 && plan.alpha <= 0.5)) problems.push("alpha must be in (0, 0.5]");
  if (!(Number.isInteger(plan.k) && plan.k >= 2)) problems.push("k must be an integer ≥ 2");
  if (steps.length < 2 || steps.at(-1)?.percent !== 100)
    problems.push("steps must end at 100 %, after at least one canary step");
  steps.forEach((s, i) => {
    if (!(s.percent > 0 && s.percent <= 100) || (i > 0 && !(s.percent > steps[i - 1].percent)))
      problems.push(`step ${i}: percents must increase within (0, 100]`);
    if (!(s.minDurationMs >= 0) || !(s.minReportsPerCohort >= 0))
      problems.push(`step ${i}: minimums must be ≥ 0`);
    if (i < steps.length - 1 && s.minReportsPerCohort < plan.k)
      problems.push(`step ${i}: minReportsPerCohort must be at least k (${plan.k})`);
  });
  if (guardrails.length === 0) problems.push("a plan needs at least one guardrail");
  if (new Set(guardrails.map((g) => g.id)).size !== guardrails.length)
    problems.push("guardrail ids must be unique");
  for (const g of guardrails) {
    if (!(g.tolerance >= 0) || !(g.mixtureSd > 0)) problems.push(`${g.id}: tolerance ≥ 0 and mixtureSd > 0`);
    if (
      g.kind !== "score_drift" &&
      g.scale === "relative" &&
      g.direction === "higher_is_better" &&
      !(g.tolerance < 1)
    )
      problems.push(`${g.id}: a relative tolerance below the control must be < 1`);
  }
  return problems;
}
