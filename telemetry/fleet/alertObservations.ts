import type { AlertObservation, AlertRule } from "../alerts";
import { driftDecision, layoutVector } from "../drift";
import { FEATURE_LAYOUT_NAMES, type ReferenceProfile } from "../histogram";
import { quantileInterval, wilsonInterval } from "../stats";
import { ALL_BACKENDS, baselineKey, type FleetBaseline } from "./baselines";
import { scoreDrift } from "./driftView";
import { type FleetInput, groupRows, meetsFigureK, mergeRows } from "./rollups";
import { reportsBehind, type SliceAggregate } from "./SliceAggregate";
import { ctrOf, percentilesOf } from "./sliceFigures";

const HOUR = 3_600_000;
/** z of the noise checks on rates and quantiles: 99.7 %, since the rules are checked every minute. */
const Z = 3;
/**
 * The design effect of device-level figures: whether a device falls back is a property of the
 * device, the same in each report it sends (one per page session or few minutes), so n reports
 * carry far fewer than n independent answers. With visits of about 5 reports on average and
 * varying length, the reports-weighted visit length (E[m²]/E[m]) is about 9 (the simulator's
 * geometric visits); 10 rounds that up. Counting every report as independent made the no-shift
 * simulator page once in 120 simulated hours.
 */
const REPORTS_PER_DEVICE = 10;

type Push = (
  id: string,
  labels: Record<string, string>,
  value: number,
  threshold: number,
  breached: boolean,
) => void;

/**
 * Evaluates every rule on the fleet's current hour (the input's `to`), so a change is not diluted
 * by the hour before it. Drift is judged against the manifest's reference profile and against the
 * previous hour; latency and fallbacks against the version's own baseline (`newBaselines`); CTR
 * over the current and previous hour, canary against live. A figure from fewer than k reports (of
 * those that carried its part: a histogram, latencies, impressions) yields no observation, so
 * privacy gaps neither fire nor clear alerts.
 * @example const obs = alertObservations(input, new Map([["v1", profile]]), DEFAULT_ALERT_RULES, baselines);
 */
export function alertObservations(
  input: FleetInput,
  references: ReadonlyMap<string, ReferenceProfile | null>,
  rules: readonly AlertRule[],
  baselines: ReadonlyMap<string, FleetBaseline> = new Map(),
): AlertObservation[] {
  const rule = (id: string) => rules.find((r) => r.id === id);
  const out: AlertObservation[] = [];
  const push: Push = (id, labels, value, threshold, breached) => {
    if (rule(id) && Number.isFinite(value) && Number.isFinite(threshold))
      out.push({ rule: id, labels, value, threshold, breached });
  };
  const current = input.rows.filter((r) => r.hour === input.to);
  for (const [version, slice] of groupRows(current, (r) => r.version)) {
    if (!meetsFigureK(slice, "reports", input.k)) continue;
    referenceDrift(slice, version, references.get(version) ?? null, input.k, rule, push);
    const before = mergeRows(input.rows, (r) => r.version === version && r.hour === input.to - HOUR);
    previousDrift(slice, before, version, input.k, rule("score_drift_previous"), push);
    const errorRule = rule("error_rate");
    if (errorRule?.threshold !== undefined) {
      const rate = slice.reportsWithFailure / slice.reports;
      push("error_rate", { version }, rate, errorRule.threshold, rate > errorRule.threshold);
    }
    const fallback = baselines.get(baselineKey(version, ALL_BACKENDS));
    if (fallback) fallbackObservation(slice, fallback.slice, version, rule("fallback_rate"), push);
  }
  for (const [key, slice] of groupRows(current, (r) => baselineKey(r.version, r.backend))) {
    const baseline = baselines.get(key);
    if (!baseline || !meetsFigureK(slice, "sketches.inferenceMs", input.k)) continue;
    latencyObservation(slice, baseline, rule("latency_p95"), push);
  }
  ctrObservation(input, rule("ctr_drop"), push);
  return out;
}

/** Score and feature histograms against the manifest's reference profile (a fixed, known shape). */
function referenceDrift(
  slice: SliceAggregate,
  version: string,
  reference: ReferenceProfile | null,
  k: number,
  rule: (id: string) => AlertRule | undefined,
  push: Push,
): void {
  const scoreRule = rule("score_drift_reference");
  const drift = scoreDrift(slice, reference?.score ?? null, k, { effectSize: scoreRule?.effectSize ?? 0 });
  if (drift && !("insufficient" in drift))
    push(
      "score_drift_reference",
      { version },
      drift.psi,
      Math.max(drift.psiThreshold, drift.effectSize),
      drift.drifted,
    );
  const effectSize = rule("feature_drift_reference")?.effectSize ?? 0;
  for (const feature of FEATURE_LAYOUT_NAMES) {
    const live = slice.histograms[feature];
    const ref = reference?.features[feature];
    if (!live || live.total <= 0 || !ref || layoutVector(ref).every((c) => c === 0)) continue;
    if (!meetsFigureK(slice, `histograms.${feature}`, k)) continue;
    const d = driftDecision(live.vector(), layoutVector(ref), live.total, { metric: "psi", effectSize });
    push("feature_drift_reference", { version, feature }, d.value, d.threshold, d.drifted);
  }
}

/** The current hour's scores against the previous hour's: both are samples (two-sample null). */
function previousDrift(
  slice: SliceAggregate,
  before: SliceAggregate,
  version: string,
  k: number,
  rule: AlertRule | undefined,
  push: Push,
): void {
  const previous = before.histograms.score;
  if (!rule || !previous || !meetsFigureK(before, "histograms.score", k)) return;
  const drift = scoreDrift(slice, previous.toJSON(), k, {
    effectSize: rule.effectSize ?? 0,
    baselineWeight: previous.total,
  });
  if (drift && !("insufficient" in drift))
    push(rule.id, { version }, drift.psi, Math.max(drift.psiThreshold, drift.effectSize), drift.drifted);
}

/** p95 up by `effectSize`× on the same backend, and the rise beyond both p95s' rank intervals. */
function latencyObservation(
  slice: SliceAggregate,
  baseline: FleetBaseline,
  rule: AlertRule | undefined,
  push: Push,
) {
  const live = slice.sketches.inferenceMs;
  const base = baseline.slice.sketches.inferenceMs;
  if (!rule || !live || !base) return;
  const p95 = percentilesOf(slice, "inferenceMs").p95;
  const threshold = (rule.effectSize ?? 1.5) * percentilesOf(baseline.slice, "inferenceMs").p95;
  const beyondNoise =
    quantileInterval(live, 0.95, reportsBehind(slice, "sketches.inferenceMs"), Z).low >
    quantileInterval(base, 0.95, reportsBehind(baseline.slice, "sketches.inferenceMs"), Z).high;
  push(
    rule.id,
    { version: baseline.version, backend: baseline.backend },
    p95,
    threshold,
    p95 >= threshold && beyondNoise,
  );
}

/** Share of reports that fell back, up by `effectSize` over the baseline, and beyond both Wilson intervals (per device). */
function fallbackObservation(
  slice: SliceAggregate,
  base: SliceAggregate,
  version: string,
  rule: AlertRule | undefined,
  push: Push,
): void {
  if (!rule) return;
  const devices = (reports: number, with_: number) =>
    wilsonInterval(with_ / REPORTS_PER_DEVICE, reports / REPORTS_PER_DEVICE, Z);
  const now = devices(slice.reports, slice.reportsWithFallback);
  const then = devices(base.reports, base.reportsWithFallback);
  const threshold = then.rate + (rule.effectSize ?? 0.1);
  push(rule.id, { version }, now.rate, threshold, now.rate >= threshold && now.lower > then.upper);
}

/**
 * Canary CTR against live CTR over the current and previous hour, for a canary set by hand. A
 * canary under a guarded rollout is judged by its CTR guardrails instead (anytime-valid, cohorts as
 * assigned): a second, per-look verdict on the same question would only add false pages.
 */
function ctrObservation(input: FleetInput, rule: AlertRule | undefined, push: Push): void {
  const { live, canary } = input.rollout ?? { live: null, canary: null };
  if (rule?.threshold === undefined || !live || !canary || input.rollout?.guarded) return;
  const recent = (version: string) =>
    mergeRows(input.rows, (r) => r.version === version && r.hour >= input.to - HOUR);
  const liveSlice = recent(live);
  const canarySlice = recent(canary);
  if (!meetsFigureK(liveSlice, "engagement", input.k) || !meetsFigureK(canarySlice, "engagement", input.k))
    return;
  const a = ctrOf(canarySlice);
  const b = ctrOf(liveSlice);
  const ratio = a.value / b.value;
  // A drop counts only when the intervals do not overlap, so a noisy small canary cannot page.
  push(rule.id, { version: canary, live }, ratio, rule.threshold, ratio < rule.threshold && a.high < b.low);
}
