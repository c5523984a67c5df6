import { Histogram, type HistogramCounts, type HistogramJSON, layoutPositions } from "../histogram/Histogram";
import { DRIFT_METRICS, type DriftMetric, driftMetric, PSI_EPSILON } from "./metrics";

/** All four drift metrics of one comparison. */
export type DriftValues = Record<DriftMetric, number>;

/**
 * Drift of a live histogram against a reference of the same layout (underflow and overflow take
 * part as outermost bins). NaN values when either side is empty. `psiFloor`: see `psiFloorFor`.
 * @example histogramDrift(liveScore, manifest.referenceProfile.score).psi
 */
export function histogramDrift(
  live: Histogram | HistogramJSON,
  reference: Histogram | HistogramJSON,
  psiFloor = PSI_EPSILON,
): DriftValues {
  const a = toJSON(live);
  const b = toJSON(reference);
  if (a.layout !== b.layout) throw new RangeError(`layouts differ: "${a.layout}" vs "${b.layout}"`);
  return driftOfVectors(layoutVector(a), layoutVector(b), layoutPositions(a.layout), psiFloor);
}

/**
 * All metrics of two count vectors on shared positions.
 * @example driftOfVectors([1, 1], [1, 3], [0, 1]).ks // 0.25
 */
export function driftOfVectors(
  live: readonly number[],
  reference: readonly number[],
  positions: readonly number[],
  psiFloor = PSI_EPSILON,
): DriftValues {
  const out = {} as DriftValues;
  for (const m of DRIFT_METRICS) out[m] = driftMetric(m, live, reference, positions, psiFloor);
  return out;
}

/**
 * The [underflow, ...counts, overflow] vector of histogram counts.
 * @example layoutVector({ counts: [1, 2], underflow: 0, overflow: 3 }) // [0, 1, 2, 3]
 */
export function layoutVector(h: HistogramCounts): number[] {
  return [h.underflow, ...h.counts, h.overflow];
}

function toJSON(h: Histogram | HistogramJSON): HistogramJSON {
  return h instanceof Histogram ? h.toJSON() : h;
}
