import { seededRng } from "../../../telemetry/util/rng.ts";

/**
 * 95 % percentile-bootstrap interval of mean(a − b) over paired values (the same users measured
 * twice; users resampled with replacement, 2,000 resamples, fixed seed).
 * @example bootstrapPairedMeanDifference([1, 1, 0, 1], [0, 1, 0, 0]) // an interval around 0.5
 */
export function bootstrapPairedMeanDifference(a: readonly number[], b: readonly number[]): [number, number] {
  if (a.length !== b.length) throw new Error(`paired values differ in length: ${a.length} vs ${b.length}`);
  if (a.length === 0) return [Number.NaN, Number.NaN];
  const d = a.map((x, i) => x - b[i]);
  const random = seededRng(42);
  const means = Array.from({ length: 2000 }, () => {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[Math.floor(random() * d.length)];
    return s / d.length;
  }).sort((x, y) => x - y);
  return [means[Math.floor(0.025 * means.length)], means[Math.floor(0.975 * means.length)]];
}
