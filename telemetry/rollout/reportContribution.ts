import { FAILURE_KINDS, FALLBACK_KINDS } from "../fleet/SliceAggregate";
import type { Backend, TelemetryReport } from "../schema";
import { decodeSketch } from "../sketch";
import { addToSums } from "./ratioSums";
import type { CohortGuardrail, RatioSums, RolloutPlan } from "./types";

/** What one report adds: (x, y) per cohort guardrail id, and the score weight per bin (canary). */
export type Contribution = { cohort: Record<string, [number, number]>; scoreBins?: number[] };

/** The live version's inference p95 per backend, frozen when the rollout starts (ms). */
export type LatencyThresholds = Partial<Record<Backend, number>>;

const hasAny = (report: TelemetryReport, kinds: readonly string[]) =>
  kinds.some((k) => (report.errors[k as keyof TelemetryReport["errors"]] ?? 0) > 0);

/** Impressions and clicks of one slot, or of every slot when `slot` is undefined. */
function engagementOf(report: TelemetryReport, slot: string | undefined): [number, number] {
  let [x, y] = [0, 0];
  for (const [s, positions] of Object.entries(report.engagement)) {
    if (slot !== undefined && s !== slot) continue;
    for (const cell of Object.values(positions ?? {})) {
      x += cell?.impressions ?? 0;
      y += cell?.clicks ?? 0;
    }
  }
  return [x, y];
}

/** Inferences in the report and those slower than `threshold` ms (read off the sketch's buckets). */
function exceedance(report: TelemetryReport, threshold: number): [number, number] {
  const json = report.sketches.inferenceMs;
  const decoded = json ? decodeSketch(json) : undefined;
  if (!decoded?.ok) return [0, 0];
  let above = 0;
  for (const [value, count] of decoded.sketch.bucketsAscending()) if (value > threshold) above += count;
  return [decoded.sketch.count, above];
}

function pairOf(g: CohortGuardrail, report: TelemetryReport, canary: boolean, thresholds: LatencyThresholds) {
  switch (g.kind) {
    case "ctr":
      return engagementOf(report, g.slice);
    case "error_rate":
      return [1, hasAny(report, FAILURE_KINDS) ? 1 : 0] as [number, number];
    case "fallback_rate":
      return [1, hasAny(report, FALLBACK_KINDS) ? 1 : 0] as [number, number];
    case "latency_p95": {
      const t = thresholds[g.slice as Backend];
      if (report.backend !== g.slice || !(t !== undefined && t > 0)) return [0, 0] as [number, number];
      return exceedance(report, canary ? t * (1 + g.tolerance) : t);
    }
  }
}

/**
 * What one validated report contributes to each guardrail of `plan`: the numbers the aggregates
 * must sum per cohort and step (with their squares, see `addContribution`). The p95 guardrails
 * count the inferences above T (control) or (1 + tolerance)·T (canary), T from `thresholds`; a
 * backend without a threshold contributes nothing (its guardrail stays not applicable). Failures
 * and fallbacks count per report, as the fleet's rates do (`FAILURE_KINDS`, `FALLBACK_KINDS`).
 * @example reportContribution(report, defaultPlan(), "canary", { webgpu: 9.5 }).cohort.ctr // [20, 2]
 */
export function reportContribution(
  report: TelemetryReport,
  plan: RolloutPlan,
  cohort: "canary" | "control",
  thresholds: LatencyThresholds,
): Contribution {
  const canary = cohort === "canary";
  const out: Contribution = { cohort: {} };
  for (const g of plan.guardrails) {
    if (g.kind === "score_drift") {
      const h = report.histograms.score;
      if (canary && h) out.scoreBins = [h.underflow, ...h.counts, h.overflow];
    } else out.cohort[g.id] = pairOf(g, report, canary, thresholds);
  }
  return out;
}

/**
 * Adds a contribution into per-guardrail sums (in place); the score bins go into `scoreBins`,
 * each bin a ratio of its weight over the report's total score weight.
 * @example addContribution(sums, bins, reportContribution(report, plan, "control", thresholds))
 */
export function addContribution(
  sums: Record<string, RatioSums>,
  scoreBins: RatioSums[],
  c: Contribution,
): void {
  for (const [id, [x, y]] of Object.entries(c.cohort)) if (sums[id]) addToSums(sums[id], x, y);
  if (!c.scoreBins) return;
  const total = c.scoreBins.reduce((s, w) => s + w, 0);
  c.scoreBins.forEach((w, i) => {
    if (scoreBins[i]) addToSums(scoreBins[i], total, w);
  });
}
