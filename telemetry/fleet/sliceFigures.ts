import { BUCKET_LAYOUTS, layoutPositions } from "../histogram";
import { latencyPercentiles, wilsonInterval } from "../stats";
import type { CtrFigure, VersionStats } from "./apiTypes";
import { gate } from "./rollups";
import type { SliceAggregate } from "./SliceAggregate";

/**
 * p50/p95/p99 of one latency sketch of a slice (NaN when the slice has none).
 * @example percentilesOf(slice, "inferenceMs").p95
 */
export function percentilesOf(
  slice: SliceAggregate,
  sketch: string,
): { p50: number; p95: number; p99: number } {
  const s = slice.sketches[sketch];
  if (!s) return { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN };
  const { p50, p95, p99 } = latencyPercentiles(s);
  return { p50, p95, p99 };
}

/** Clicks over impressions, summed over slots and positions, with the Wilson 95 % interval. */
export function ctrOf(slice: SliceAggregate): CtrFigure {
  let impressions = 0;
  let clicks = 0;
  for (const positions of Object.values(slice.engagement)) {
    for (const cell of Object.values(positions)) {
      impressions += cell.impressions;
      clicks += cell.clicks;
    }
  }
  const { rate, lower, upper } = wilsonInterval(clicks, impressions);
  return { value: rate, low: lower, high: upper, impressions };
}

/** Mean model score from the score histogram (bin centres; under/overflow at the edges). */
export function scoreMeanOf(slice: SliceAggregate): number {
  const h = slice.histograms.score;
  if (!h || h.total <= 0) return Number.NaN;
  const positions = layoutPositions("score");
  return h.vector().reduce((s, c, i) => s + c * positions[i], 0) / h.total;
}

/** A histogram's bins as densities over the layout's bins (sum 1); all zero when empty. */
export function densityOf(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** The bucket edges of the score layout. */
export const SCORE_EDGES: readonly number[] = BUCKET_LAYOUTS.score.edges;

/**
 * Everything the version comparison shows for one slice (the caller has checked k reports in the
 * slice); latency, CTR and mean score are each gated on the reports that carried their part.
 * @example versionStatsOf(slice, 50).ctr // { insufficient: true } when < 50 reports had impressions
 */
export function versionStatsOf(slice: SliceAggregate, k: number): VersionStats {
  return {
    reports: slice.reports,
    latencyP95: gate(slice, "sketches.inferenceMs", k, (s) => percentilesOf(s, "inferenceMs").p95),
    errorRate: slice.reportsWithFailure / slice.reports,
    fallbackRate: slice.reportsWithFallback / slice.reports,
    ctr: gate(slice, "engagement", k, ctrOf),
    scoreMean: gate(slice, "histograms.score", k, scoreMeanOf),
  };
}
