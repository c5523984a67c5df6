import { driftThreshold, histogramDrift, layoutVector } from "../drift";
import type { HistogramJSON } from "../histogram";
import { meetsK } from "../privacy";
import type { DriftFigures, DriftView, Gated } from "./apiTypes";
import { type FleetInput, groupRows, rangeOf } from "./rollups";
import type { SliceAggregate } from "./SliceAggregate";
import { hoursOf } from "./views";

/**
 * Drift of a slice's score histogram against a baseline histogram: PSI, Jensen–Shannon, normalised
 * Wasserstein and KS from telemetry's drift functions, and the PSI threshold for this sample size
 * (a resampled null of the baseline, false-alarm rate 1 %), so small windows do not cry wolf.
 * `{ insufficient: true }` under k reports; null when there is nothing to compare against.
 * @example scoreDrift(hourSlice, manifest.referenceProfile.score, 50)?.drifted
 */
export function scoreDrift(
  slice: SliceAggregate | undefined,
  baseline: HistogramJSON | null,
  k: number,
): Gated<DriftFigures> | null {
  if (!baseline || layoutVector(baseline).every((c) => c === 0)) return null;
  if (!slice || !meetsK(slice.reports, k)) return { insufficient: true };
  const live = slice.histograms.score;
  if (!live || live.total <= 0) return { insufficient: true };
  const values = histogramDrift(live.toJSON(), baseline);
  const psiThreshold = driftThreshold(layoutVector(baseline), live.total, { metric: "psi" });
  return {
    reports: slice.reports,
    psi: values.psi,
    jensenShannon: values.js,
    wasserstein: values.wasserstein,
    ks: values.ks,
    psiThreshold,
    drifted: values.psi > psiThreshold,
  };
}

/**
 * Score drift of one version per hour: against the manifest's reference profile and against the
 * previous hour (only when that hour itself has at least k reports).
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
      const previous = byHour.get(String(hour - 3_600_000));
      const previousBaseline =
        previous && meetsK(previous.reports, input.k) ? (previous.histograms.score?.toJSON() ?? null) : null;
      return {
        hour,
        vsReference: scoreDrift(slice, reference, input.k),
        vsPrevious: previousBaseline ? scoreDrift(slice, previousBaseline, input.k) : null,
      };
    }),
  };
}
