import * as v from "valibot";
import { defaultPlan, planProblems } from "./defaultPlan";
import type { RolloutPlan } from "./types";

const Positive = v.pipe(v.number(), v.finite(), v.minValue(0));
const Id = v.pipe(v.string(), v.regex(/^[a-z0-9_:-]{1,40}$/, "a guardrail id is 1-40 of a-z 0-9 _ : -"));

const Step = v.strictObject({
  percent: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(100)),
  minDurationMs: v.pipe(Positive, v.maxValue(7 * 24 * 3_600_000)),
  minReportsPerCohort: v.pipe(Positive, v.integer()),
});

const CohortGuardrail = v.strictObject({
  id: Id,
  kind: v.picklist(["ctr", "latency_p95", "error_rate", "fallback_rate"]),
  direction: v.picklist(["higher_is_better", "lower_is_better"]),
  scale: v.picklist(["relative", "absolute"]),
  tolerance: Positive,
  mixtureSd: v.pipe(Positive, v.gtValue(0)),
  slice: v.optional(v.pipe(v.string(), v.maxLength(20))),
  requireNonInferiority: v.optional(v.boolean()),
});

const DriftGuardrail = v.strictObject({
  id: Id,
  kind: v.literal("score_drift"),
  tolerance: Positive,
  mixtureSd: v.pipe(Positive, v.gtValue(0)),
});

/**
 * What an operator may set when starting a guarded rollout; every field is optional and falls back
 * to `defaultPlan()`. k is not settable: it is the edge's k-anonymity (PRIVACY.md rule 6).
 */
export const PlanRequestSchema = v.strictObject({
  steps: v.optional(v.pipe(v.array(Step), v.minLength(2), v.maxLength(20))),
  guardrails: v.optional(
    v.pipe(v.array(v.variant("kind", [DriftGuardrail, CohortGuardrail])), v.minLength(1), v.maxLength(40)),
  ),
  onRegression: v.optional(v.picklist(["withdraw", "pause"])),
  alpha: v.optional(v.number()),
  nonInferiorityFromPercent: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100))),
});

/** A plan request as the schema accepts it. */
export type PlanRequest = v.InferOutput<typeof PlanRequestSchema>;

/**
 * The plan a request asks for, on top of `defaultPlan()` with the given k; or the problems, one
 * sentence each (schema first, then `planProblems`).
 * @example planFromRequest({ onRegression: "pause" }, 50) // { ok: true, plan }
 */
export function planFromRequest(
  request: unknown,
  k: number,
): { ok: true; plan: RolloutPlan } | { ok: false; problems: string[] } {
  const parsed = v.safeParse(PlanRequestSchema, request ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.slice(0, 5).map((i) => `${v.getDotPath(i) ?? "plan"}: ${i.message}`),
    };
  }
  const plan: RolloutPlan = { ...defaultPlan(), ...parsed.output, k };
  const problems = planProblems(plan);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}
