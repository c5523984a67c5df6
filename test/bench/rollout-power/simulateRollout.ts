// One simulated rollout: both cohorts' reports arrive minute by minute at the plan's current split,
// and the pure decision core decides after every simulated minute, as the cron would.
import {
  type CohortPair,
  decideRollout,
  emptySums,
  type GuardrailData,
  type HalfWidth,
  mixtureHalfWidth,
  type RatioSums,
  type RolloutPlan,
} from "../../../telemetry/rollout";
import type { Rng } from "../../../telemetry/util/rng";
import type { CohortStream } from "./CohortStream";
import { type Layout, SCORE_REFERENCE } from "./fleetModel";

const MINUTE = 60_000;

export type RunResult = {
  /** The terminal decision, or "running" when none came within the horizon. */
  outcome: "withdraw" | "pause" | "complete" | "running";
  /** Minutes from the start to the terminal decision (null when running). */
  minute: number | null;
  /** Step index at the end. */
  step: number;
  /** Reports of each cohort over the whole rollout, at the end. */
  canaryReports: number;
  controlReports: number;
  /** Impressions the canary served until the end (its withdrawal, completion or the horizon). */
  canaryImpressions: number;
  /** Share of the fleet's impressions over the horizon that the canary served. */
  exposure: number;
  /** Guardrails that regressed (on a withdrawal). */
  regressed: string[];
};

export type RunOptions = {
  plan: RolloutPlan;
  layout: Layout;
  canary: CohortStream;
  control: CohortStream;
  rng: Rng;
  reportsPerHour: number;
  hours: number;
  halfWidth?: HalfWidth;
};

const newPair = (): CohortPair => ({ canary: emptySums(), control: emptySums() });

/** Runs one rollout for at most `hours` simulated hours. */
export function simulateRollout(o: RunOptions): RunResult {
  const { plan, layout } = o;
  const strata: CohortPair[][] = layout.cohort.map(() => [newPair()]);
  const bins: RatioSums[] = SCORE_REFERENCE.map(() => emptySums());
  const data: Record<string, GuardrailData> = {
    score_drift: { kind: "drift", bins, reference: SCORE_REFERENCE },
  };
  layout.cohort.forEach((g, i) => {
    data[g.id] = { kind: "cohort", strata: strata[i] };
  });
  const perMinute = o.reportsPerHour / 60;
  const horizon = o.hours * 60;
  const fleetImpressions = perMinute * o.control.meanImpressions * horizon;
  let state = { step: 0, stepStartedAt: 0 };
  let stepReports = { canary: 0, control: 0 };
  let canaryImpressions = 0;
  const totals = { canary: 0, control: 0 };
  for (let minute = 1; minute <= horizon; minute++) {
    const share = plan.steps[state.step].percent / 100;
    const current = (i: number) => strata[i][state.step];
    const t = o.canary.addMinute(
      o.rng,
      perMinute * share,
      layout.cohort.map((_, i) => current(i).canary),
      bins,
    );
    const c = o.control.addMinute(
      o.rng,
      perMinute * (1 - share),
      layout.cohort.map((_, i) => current(i).control),
    );
    stepReports = { canary: stepReports.canary + t.reports, control: stepReports.control + c.reports };
    totals.canary += t.reports;
    totals.control += c.reports;
    canaryImpressions += t.impressions;
    const now = minute * MINUTE;
    const d = decideRollout(plan, state, { now, stepReports, data }, o.halfWidth ?? mixtureHalfWidth);
    const end = (outcome: RunResult["outcome"], after: number) => ({
      outcome,
      minute,
      step: state.step,
      canaryReports: totals.canary,
      controlReports: totals.control,
      canaryImpressions,
      exposure: (canaryImpressions + after) / fleetImpressions,
      regressed: d.evidence.filter((e) => e.status === "regression").map((e) => e.id),
    });
    if (d.action === "withdraw" || d.action === "pause") return end(d.action, 0);
    // A completed canary serves every impression from then on.
    if (d.action === "complete")
      return end("complete", perMinute * o.control.meanImpressions * (horizon - minute));
    if (d.action === "advance" && d.toStep !== undefined) {
      state = { step: d.toStep, stepStartedAt: now };
      stepReports = { canary: 0, control: 0 };
      for (const s of strata) s.push(newPair());
    }
  }
  return {
    outcome: "running",
    minute: null,
    step: state.step,
    canaryReports: totals.canary,
    controlReports: totals.control,
    canaryImpressions,
    exposure: canaryImpressions / fleetImpressions,
    regressed: [],
  };
}
