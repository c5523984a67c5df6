import type { AlertObservation, AlertRule } from "../alerts";
import { driftThreshold, histogramDrift, layoutVector } from "../drift";
import { FEATURE_LAYOUT_NAMES, type ReferenceProfile } from "../histogram";
import { meetsK } from "../privacy";
import { scoreDrift } from "./driftView";
import { type FleetInput, groupRows, mergeRows } from "./rollups";
import { ctrOf, percentilesOf } from "./sliceFigures";

const HOUR = 3_600_000;

/**
 * Evaluates every rule on the fleet's recent window: the current and the previous hour merged
 * ("window"); drift against the previous window compares the current hour with the one before.
 * A slice under k reports yields no observation, so privacy gaps neither fire nor clear alerts.
 * @example const obs = alertObservations(input, new Map([["v1", profile]]), DEFAULT_ALERT_RULES);
 */
export function alertObservations(
  input: FleetInput,
  references: ReadonlyMap<string, ReferenceProfile | null>,
  rules: readonly AlertRule[],
): AlertObservation[] {
  const rule = (id: string) => rules.find((r) => r.id === id);
  const current = input.to;
  const recent = input.rows.filter((r) => r.hour >= current - HOUR);
  const byVersion = groupRows(recent, (r) => r.version);
  const out: AlertObservation[] = [];
  const push = (
    id: string,
    labels: Record<string, string>,
    value: number,
    threshold: number,
    breached: boolean,
  ) => {
    if (rule(id) && Number.isFinite(value) && Number.isFinite(threshold))
      out.push({ rule: id, labels, value, threshold, breached });
  };

  for (const [version, slice] of byVersion) {
    if (!meetsK(slice.reports, input.k)) continue;
    const reference = references.get(version) ?? null;
    const drift = scoreDrift(slice, reference?.score ?? null, input.k);
    if (drift && !("insufficient" in drift))
      push("score_drift_reference", { version }, drift.psi, drift.psiThreshold, drift.drifted);
    for (const feature of FEATURE_LAYOUT_NAMES) {
      const live = slice.histograms[feature];
      const ref = reference?.features[feature];
      if (!live || live.total <= 0 || !ref || layoutVector(ref).every((c) => c === 0)) continue;
      const psi = histogramDrift(live.toJSON(), ref).psi;
      const threshold = driftThreshold(layoutVector(ref), live.total, { metric: "psi" });
      push("feature_drift_reference", { version, feature }, psi, threshold, psi > threshold);
    }
    const errorRule = rule("error_rate");
    if (errorRule?.threshold !== undefined) {
      const rate = slice.reportsWithFailure / slice.reports;
      push("error_rate", { version }, rate, errorRule.threshold, rate > errorRule.threshold);
    }
    const fallbackRule = rule("fallback_rate");
    if (fallbackRule?.threshold !== undefined) {
      const rate = slice.reportsWithFallback / slice.reports;
      push("fallback_rate", { version }, rate, fallbackRule.threshold, rate > fallbackRule.threshold);
    }
  }

  const latencyRule = rule("latency_p95");
  if (latencyRule?.threshold !== undefined) {
    for (const [key, slice] of groupRows(recent, (r) => `${r.version}|${r.backend}`)) {
      if (!meetsK(slice.reports, input.k)) continue;
      const [version, backend] = key.split("|");
      const p95 = percentilesOf(slice, "inferenceMs").p95;
      push("latency_p95", { version, backend }, p95, latencyRule.threshold, p95 > latencyRule.threshold);
    }
  }

  for (const version of byVersion.keys()) {
    const now = mergeRows(input.rows, (r) => r.version === version && r.hour === current);
    const before = mergeRows(input.rows, (r) => r.version === version && r.hour === current - HOUR);
    if (!meetsK(before.reports, input.k)) continue;
    const drift = scoreDrift(now, before.histograms.score?.toJSON() ?? null, input.k);
    if (drift && !("insufficient" in drift))
      push("score_drift_previous", { version }, drift.psi, drift.psiThreshold, drift.drifted);
  }

  const ctrRule = rule("ctr_drop");
  const { live, canary } = input.rollout ?? { live: null, canary: null };
  if (ctrRule?.threshold !== undefined && live && canary) {
    const liveSlice = byVersion.get(live);
    const canarySlice = byVersion.get(canary);
    if (
      liveSlice &&
      canarySlice &&
      meetsK(liveSlice.reports, input.k) &&
      meetsK(canarySlice.reports, input.k)
    ) {
      const a = ctrOf(canarySlice);
      const b = ctrOf(liveSlice);
      const ratio = a.value / b.value;
      // A drop counts only when the intervals do not overlap, so a noisy small canary cannot page.
      push(
        "ctr_drop",
        { version: canary, live },
        ratio,
        ctrRule.threshold,
        ratio < ctrRule.threshold && a.high < b.low,
      );
    }
  }
  return out;
}
