import { LogSketch } from "./LogSketch";

/**
 * A copy of `sketch` whose every figure is explained by its own buckets, with values in
 * [0, maxValue]: negative values count as zero, buckets above `maxValue`'s bucket fold into it,
 * `min` and `max` are clamped into the lowest and highest non-empty bucket, and `sum` into the
 * range that the bucket counts allow. A sketch so bounded moves any merge by at most
 * count × maxValue, so a fleet of them stays finite (telemetry-fleet ingest, PRIVACY.md rule 4).
 * @example boundSketch(decoded, 3_600_000).max // ≤ 3.6e6 even if the sender claimed 1e308
 */
export function boundSketch(sketch: LogSketch, maxValue: number): LogSketch {
  if (!(maxValue > 0 && Number.isFinite(maxValue))) throw new RangeError(`bad maxValue ${maxValue}`);
  const out = new LogSketch({ alpha: sketch.alpha, maxBuckets: sketch.maxBuckets });
  const mapping = out.mapping;
  const top = mapping.index(maxValue);
  out.zeroCount = sketch.zeroCount + sketch.negative.count;
  sketch.positive.forEach((index, count) => {
    out.positive.add(Math.min(index, top), count);
  });
  if (out.count === 0) return out;
  // Bucket i holds the magnitudes in (γ^(i−1), γ^i] (LogMapping); the top one ends at maxValue.
  const lower = (i: number) => mapping.lowerBound(i);
  const upper = (i: number) => Math.min(maxValue, mapping.lowerBound(i + 1));
  let sumLow = 0;
  let sumHigh = 0;
  let first: number | undefined;
  let last: number | undefined;
  out.positive.forEach((index, count) => {
    sumLow += count * lower(index);
    sumHigh += count * upper(index);
    first ??= index;
    last = index;
  });
  const zeroFirst = out.zeroCount > 0 || first === undefined;
  out.min = clamp(sketch.min, zeroFirst ? 0 : lower(first as number), zeroFirst ? 0 : upper(first as number));
  out.max = last === undefined ? 0 : clamp(sketch.max, lower(last), upper(last));
  out.sum = clamp(sketch.sum, sumLow, sumHigh);
  return out;
}

/** `x` clamped into [lo, hi]; NaN becomes lo. */
function clamp(x: number, lo: number, hi: number): number {
  return x >= lo ? Math.min(x, hi) : lo;
}
