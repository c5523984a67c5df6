import { type HalfWidth, mixtureHalfWidth } from "./confidenceSequence";
import { driftEvidence } from "./driftEvidence";
import { cohortEvidence } from "./guardrailEvidence";
import type {
  Guardrail,
  GuardrailData,
  GuardrailEvidence,
  RolloutDecision,
  RolloutObservation,
  RolloutPlan,
  RolloutState,
} from "./types";

/** A guardrail's evidence, or `insufficient` when its data are missing or of the wrong kind. */
function evidenceFor(
  g: Guardrail,
  data: GuardrailData | undefined,
  alpha: number,
  k: number,
  halfWidth: HalfWidth,
): GuardrailEvidence {
  if (g.kind === "score_drift") {
    return data?.kind === "drift"
      ? driftEvidence(g, data.bins, data.reference, alpha, k, halfWidth)
      : driftEvidence(g, [], [], alpha, k, halfWidth);
  }
  return cohortEvidence(g, data?.kind === "cohort" ? data.strata : [], alpha, k, halfWidth);
}

const list = (evidence: GuardrailEvidence[]) => evidence.map((e) => e.id).join(", ");

/**
 * Decides one tick of a guarded rollout. Pure: the same plan, state and observation give the same
 * decision, so a repeated tick decides the same thing again (the caller's compare-and-set makes
 * it act once).
 *
 * Each guardrail gets alpha / (number of guardrails) (Bonferroni), and its interval is a
 * confidence sequence over the whole rollout (every step, every look). Hence, per rollout: if no
 * guardrail truly regresses beyond its tolerance, the chance of any withdrawal (or pause) is at
 * most alpha; if one does, the chance that it is nevertheless shown non-inferior is at most alpha.
 * The guarantee rests on the Gaussian approximation of each difference (hundreds of reports per
 * stratum, k at the least).
 *
 * - **withdraw** (or pause, per the plan) as soon as any guardrail's interval lies wholly beyond
 *   its tolerance, at any time in any step;
 * - **hold** until the step's minimum duration and reports per cohort have passed;
 * - then a guardrail still under k is **not applicable** (a rare backend): it is listed as such,
 *   and neither passes nor blocks; with no applicable guardrail at all the rollout holds;
 * - from `nonInferiorityFromPercent` on, **hold** until every applicable guardrail is shown
 *   non-inferior (except those with `requireNonInferiority: false`, which only withdraw);
 * - else **advance** to the next step, or **complete** (promote) when the next step is 100 %.
 *
 * `halfWidth` is the anytime-valid interval; only a comparison passes another (the benchmark shows
 * with a fixed-sample one what reading a classical interval every minute would do).
 * @example decideRollout(defaultPlan(), { step: 0, stepStartedAt }, observation).action // "hold"
 */
export function decideRollout(
  plan: RolloutPlan,
  state: RolloutState,
  obs: RolloutObservation,
  halfWidth: HalfWidth = mixtureHalfWidth,
): RolloutDecision {
  const alpha = plan.alpha / plan.guardrails.length;
  const evidence = plan.guardrails.map((g) => evidenceFor(g, obs.data[g.id], alpha, plan.k, halfWidth));
  const at = { step: state.step, evidence };
  const last = plan.steps.length - 1;
  if (state.step >= last) return { ...at, action: "hold", reason: "the rollout is complete" };

  const regressed = evidence.filter((e) => e.status === "regression");
  if (regressed.length > 0) {
    return { ...at, action: plan.onRegression, reason: `regression beyond tolerance: ${list(regressed)}` };
  }

  const step = plan.steps[state.step];
  const minutes = (obs.now - state.stepStartedAt) / 60_000;
  const { canary, control } = obs.stepReports;
  const need = step.minReportsPerCohort;
  if (minutes < step.minDurationMs / 60_000 || canary < need || control < need) {
    const clock = `${Math.floor(Math.max(0, minutes))} of ${step.minDurationMs / 60_000} min`;
    return {
      ...at,
      action: "hold",
      reason: `step minimum not reached: ${clock}, reports ${canary}/${control} of ${need}`,
    };
  }

  for (const e of evidence) if (e.status === "insufficient") e.status = "not_applicable";
  const applicable = evidence.filter((e) => e.status !== "not_applicable");
  if (applicable.length === 0)
    return { ...at, action: "hold", reason: "no guardrail has k reports in both cohorts" };
  if (step.percent >= plan.nonInferiorityFromPercent) {
    const gating = new Set(
      plan.guardrails
        .filter((g) => g.kind === "score_drift" || g.requireNonInferiority !== false)
        .map((g) => g.id),
    );
    const open = applicable.filter((e) => gating.has(e.id) && e.status !== "non_inferior");
    if (open.length > 0)
      return { ...at, action: "hold", reason: `non-inferiority not yet shown: ${list(open)}` };
  }
  const toStep = state.step + 1;
  const action = toStep === last ? "complete" : "advance";
  const na = evidence.filter((e) => e.status === "not_applicable");
  const note = na.length > 0 ? `; not applicable (under k): ${list(na)}` : "";
  return { ...at, action, toStep, reason: `no regression after the step's minimum${note}` };
}
