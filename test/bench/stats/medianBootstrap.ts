import { seededRng } from "../../../telemetry/util/rng.ts";

/** Median of the finite values (the mean of the two middle ones for an even count); NaN when none. */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * 95 % percentile-bootstrap interval of median(a) − median(b) (2,000 resamples, fixed seed): how far
 * apart the two medians could be from load-to-load noise alone.
 * @example bootstrapMedianDifference([5, 6, 7], [5, 5, 6]) // [-1, 2]
 */
export function bootstrapMedianDifference(a: number[], b: number[]): [number, number] {
  const fa = a.filter(Number.isFinite);
  const fb = b.filter(Number.isFinite);
  if (fa.length === 0 || fb.length === 0) return [Number.NaN, Number.NaN];
  const random = seededRng(42);
  const resample = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]);
  const diffs = Array.from({ length: 2000 }, () => median(resample(fa)) - median(resample(fb))).sort(
    (x, y) => x - y,
  );
  return [diffs[Math.floor(0.025 * diffs.length)], diffs[Math.floor(0.975 * diffs.length)]];
}
