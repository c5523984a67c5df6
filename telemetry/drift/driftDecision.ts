import { driftThreshold, type ThresholdOptions } from "./driftThreshold";
import { driftMetric } from "./metrics";

/** What one drift comparison decided: the figure, both bars it had to clear, and the verdict. */
export type DriftDecision = {
  value: number;
  /** The (1 − α) null quantile for this sample size and noise: above it the drift is not chance. */
  noiseThreshold: number;
  /** The smallest drift worth an alert (a property of the metric and what it watches, not of n). */
  effectSize: number;
  /** max(noiseThreshold, effectSize): the bar `value` has to clear. */
  threshold: number;
  /** Beyond the noise AND at least the effect size. */
  drifted: boolean;
};

/** Options of `driftDecision`: the null's options plus the practical effect size. */
export type DecisionOptions = Omit<ThresholdOptions, "metric"> & {
  metric: ThresholdOptions["metric"];
  /** Smallest drift that matters, in the metric's own unit (e.g. PSI 0.1). */
  effectSize: number;
  /**
   * Total weight of the baseline when it is itself a sample (e.g. the previous hour), not a
   * reference of known shape: both sides then carry sampling noise, and the null is drawn at the
   * effective size n·m/(n + m) (the two-sample χ² scaling).
   */
  baselineWeight?: number;
};

/**
 * Decides whether a live histogram drifted from its baseline. Significance alone is not enough:
 * the null threshold shrinks like 1/n, so on a large fleet any real-world mismatch with an offline
 * reference, however small, becomes "significant" and would alarm for ever. An alert needs the
 * drift to be beyond the sampling and privacy noise (`driftThreshold`) and at least `effectSize`.
 * @example driftDecision(liveCounts, referenceCounts, liveTotal, { metric: "psi", effectSize: 0.1 }).drifted
 */
export function driftDecision(
  live: readonly number[],
  baseline: readonly number[],
  n: number,
  options: DecisionOptions,
): DriftDecision {
  if (!(options.effectSize >= 0)) throw new RangeError(`effectSize must be ≥ 0, got ${options.effectSize}`);
  const { effectSize, baselineWeight, ...threshold } = options;
  const positions = options.positions ?? baseline.map((_, i) => i);
  const value = driftMetric(options.metric, live, baseline, positions, options.psiFloor);
  const m = baselineWeight;
  const nullN = m !== undefined && m > 0 ? (n * m) / (n + m) : n;
  const noiseThreshold = driftThreshold(baseline, nullN, threshold);
  return {
    value,
    noiseThreshold,
    effectSize,
    threshold: Math.max(noiseThreshold, effectSize),
    drifted: value > noiseThreshold && value >= effectSize,
  };
}
