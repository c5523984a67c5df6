import { DEFAULT_ALERT_RULES } from "../alerts";
import { driftDecision, histogramDrift, layoutVector } from "../drift";
import type { HistogramJSON } from "../histogram";
import type { DriftFigures, DriftView, Gated } from "./apiTypes";
import { type FleetInput, groupRows, meetsFigureK, rangeOf } from "./rollups";
import { reportsBehind, type SliceAggregate } from "./SliceAggregate";
import { hoursOf } from "./views";

/** Practical effect sizes of the shipped drift rules (PSI), so the dashboard judges as the alerts do. */
const effectOf = (rule: string) => DEFAULT_ALERT_RULES.find((r) => r.id === rule)?.effectSize ?? 0;

/**
 * Drift of a slice's score histogram against a baseline histogram: PSI, Jensen–Shannon, normalised
 * Wasserstein and KS from telemetry's drift functions, the PSI noise threshold for this sample size
 * (a resampled null of the baseline, false-alarm rate 1 %), and the practical effect size; `drifted`
 * needs both. `baselineWeight`: the baseline's total when it is itself a sample (the previous hour).
 * `{ insufficient: true }` when fewer than k reports carried a score histogram; null when there is
 * nothing to compare against.
 * @example scoreDrift(hourSlice, manifest.referenceProfile.score, 50, { effectSize: 0.1 })?.drifted
 */
export function scoreDrift(
  slice: SliceAggregate | undefined,
  baseline: HistogramJSON | null,
  k: number,
  options: { effectSize: number; baselineWeight?: number },
): Gated<DriftFigures> | null {
  if (!baseline || layoutVector(baseline).every((c) => c === 0)) return null;
  if (!slice || !meetsFigureK(slice, "histograms.score", k)) return { insufficient: true };
  const live = slice.histograms.score;
  if (!live || live.total <= 0) return { insufficient: true };
  const values = histogramDrift(live.toJSON(), baseline);
  const decision = driftDecision(live.vector(), layoutVector(baseline), live.total, {
    metric: "psi",
    ...options,
  });
  return {
    reports: reportsBehind(slice, "histograms.score"),
    psi: values.psi,
    jensenShannon: values.js,
    wasserstein: values.wasserstein,
    ks: values.ks,
    psiThreshold: decision.noiseThreshold,
    effectSize: decision.effectSize,
    drifted: decision.drifted,
  };
}

/**
 * Score drift of one version per hour: against the manifest's reference profile and against the
 * previous hour (only when k reports of that hour carried a score histogram), judged as the alert
 * rules judge.
 */
export function driftView(input: FleetInput, version: string, reference: HistogramJSON | null): DriftView {
  const byHour = groupRows(
    input.rows.filter((r) => r.version === version),
    (r) => String(r.hour),
  );
  const hours = hoursOf(input);
  return {
    ...rangeOf(input),
    version,
    points: hours.map((hour) => {
      const slice = byHour.get(String(hour));
      const before = byHour.get(String(hour - 3_600_000));
      const previous =
        before && meetsFigureK(before, "histograms.score", input.k) ? before.histograms.score : undefined;
      return {
        hour,
        vsReference: scoreDrift(slice, reference, input.k, { effectSize: effectOf("score_drift_reference") }),
        vsPrevious: previous
          ? scoreDrift(slice, previous.toJSON(), input.k, {
              effectSize: effectOf("score_drift_previous"),
              baselineWeight: previous.total,
            })
          : null,
      };
    }),
  };
}
