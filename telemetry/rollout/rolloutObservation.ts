import { type CohortSums, emptyCohortSums, mergeCohortSums, type StepCohortSums } from "./cohortSums";
import { emptySums, mergeSums } from "./ratioSums";
import type { GuardrailData, RatioSums, RolloutObservation, RolloutPlan } from "./types";

/**
 * What `decideRollout` reads at `now`, from the stored sums of every step so far (rows of one
 * cohort and step may come from many shards: they are merged here). Cohort guardrails get one
 * stratum per step (canary and control over the same hours, at that step's split); the drift
 * guardrail gets the canary's score bins over the whole rollout against `referenceBins` (the
 * canary's own reference profile as `Histogram.vector()` orders it; null: not applicable).
 * `stepReports` counts the current step's reports per cohort.
 * @example decideRollout(plan, state, rolloutObservation(plan, rows, state.step, Date.now(), reference))
 */
export function rolloutObservation(
  plan: RolloutPlan,
  rows: readonly StepCohortSums[],
  step: number,
  now: number,
  referenceBins: readonly number[] | null,
): RolloutObservation {
  const steps = Array.from({ length: step + 1 }, () => ({
    canary: emptyCohortSums(),
    control: emptyCohortSums(),
  }));
  for (const row of rows) {
    if (row.step >= 0 && row.step <= step) mergeCohortSums(steps[row.step][row.side], row.sums);
  }
  const data: Record<string, GuardrailData | undefined> = {};
  for (const g of plan.guardrails) {
    if (g.kind === "score_drift") {
      const bins = scoreBins(steps.map((s) => s.canary));
      data[g.id] =
        referenceBins && bins.length > 0 ? { kind: "drift", bins, reference: referenceBins } : undefined;
    } else {
      const of = (s: CohortSums) => s.guardrails[g.id] ?? emptySums();
      data[g.id] = {
        kind: "cohort",
        strata: steps.map((s) => ({ canary: of(s.canary), control: of(s.control) })),
      };
    }
  }
  const current = steps[step];
  return { now, stepReports: { canary: current.canary.reports, control: current.control.reports }, data };
}

/** The canary's score bins summed over the steps (drift has no control, so no strata). */
function scoreBins(canary: readonly CohortSums[]): RatioSums[] {
  const out: RatioSums[] = [];
  for (const s of canary) {
    s.scoreBins.forEach((b, i) => {
      out[i] ??= emptySums();
      mergeSums(out[i], b);
    });
  }
  return out;
}
