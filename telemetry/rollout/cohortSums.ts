import * as v from "valibot";
import { emptySums, mergeSums } from "./ratioSums";
import { addContribution, type Contribution } from "./reportContribution";
import type { RatioSums } from "./types";

/**
 * Everything the rollout tests need from one cohort in one step of one rollout: the reports, and
 * per guardrail the per-report sums (n, Σx, Σy, Σx², Σy², Σxy) of `reportContribution`; for the
 * canary also the score bins. Sums merge by addition, so shards and flushes combine like the rest
 * of the fleet's aggregates; its size is fixed by the plan, never by the number of reports.
 */
export type CohortSums = { reports: number; guardrails: Record<string, RatioSums>; scoreBins: RatioSums[] };

/** Which side of the comparison a report is on: the canary, or the live version as control. */
export type RolloutSide = "canary" | "control";

/** Sums of no reports. */
export function emptyCohortSums(): CohortSums {
  return { reports: 0, guardrails: {}, scoreBins: [] };
}

/**
 * Adds one report's contribution (in place): the report counts once, each guardrail's (x, y)
 * goes into its sums, each score bin's weight into its ratio over the report's total weight.
 * @example addToCohort(sums, reportContribution(report, plan, "canary", thresholds))
 */
export function addToCohort(sums: CohortSums, c: Contribution): CohortSums {
  sums.reports += 1;
  for (const id of Object.keys(c.cohort)) sums.guardrails[id] ??= emptySums();
  c.scoreBins?.forEach((_, i) => {
    sums.scoreBins[i] ??= emptySums();
  });
  addContribution(sums.guardrails, sums.scoreBins, c);
  return sums;
}

/**
 * Adds `other` into `into` (in place).
 * @example shards.reduce(mergeCohortSums, emptyCohortSums())
 */
export function mergeCohortSums(into: CohortSums, other: CohortSums): CohortSums {
  into.reports += other.reports;
  for (const [id, s] of Object.entries(other.guardrails)) {
    into.guardrails[id] ??= emptySums();
    mergeSums(into.guardrails[id], s);
  }
  other.scoreBins.forEach((s, i) => {
    into.scoreBins[i] ??= emptySums();
    mergeSums(into.scoreBins[i], s);
  });
  return into;
}

const Sum = v.pipe(v.number(), v.finite(), v.minValue(0));
const Sums = v.strictObject({ n: Sum, x: Sum, y: Sum, xx: Sum, yy: Sum, xy: Sum });
const CohortSumsSchema = v.strictObject({
  reports: v.pipe(Sum, v.integer()),
  guardrails: v.record(v.pipe(v.string(), v.maxLength(64)), Sums),
  scoreBins: v.pipe(v.array(Sums), v.maxLength(64)),
});

/**
 * Decodes stored sums; undefined for anything that is not finite, non-negative sums (a stored row
 * that fails is set aside, never merged).
 * @example const sums = parseCohortSums(row.sums) ?? emptyCohortSums();
 */
export function parseCohortSums(json: string): CohortSums | undefined {
  try {
    const parsed = v.safeParse(CohortSumsSchema, JSON.parse(json));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** One cohort's sums in one step. */
export type StepCohortSums = { step: number; side: RolloutSide; sums: CohortSums };
