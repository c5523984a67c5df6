import type { LogSketch } from "../sketch/LogSketch";
import { type DriftValues, driftOfVectors } from "./histogramDrift";

/**
 * Aligns two sketches of equal α on the union of their buckets, in value order (most negative,
 * …, zero, …, largest positive): the CDFs that drift is computed from, as whylogs does from its
 * KLL sketches. Positions are the bucket representatives.
 * @example const { live, reference, positions } = alignSketches(a, b);
 */
export function alignSketches(
  a: LogSketch,
  b: LogSketch,
): { live: number[]; reference: number[]; positions: number[] } {
  if (a.alpha !== b.alpha) throw new RangeError(`sketch α differ: ${a.alpha} vs ${b.alpha}`);
  // Keys: -index for negatives (ordered by value), a single zero key, +index for positives.
  const keys = new Map<string, { order: number; position: number; a: number; b: number }>();
  const put = (side: "a" | "b", order: number, position: number, c: number, key: string) => {
    const e = keys.get(key) ?? { order, position, a: 0, b: 0 };
    e[side] += c;
    keys.set(key, e);
  };
  for (const [side, s] of [["a", a] as const, ["b", b] as const]) {
    s.negative.forEach((i, c) => {
      put(side, -1e6 - i, -s.mapping.value(i), c, `n${i}`);
    });
    if (s.zeroCount > 0) put(side, 0, 0, s.zeroCount, "z");
    s.positive.forEach((i, c) => {
      put(side, 1e6 + i, s.mapping.value(i), c, `p${i}`);
    });
  }
  const rows = [...keys.values()].sort((x, y) => x.order - y.order);
  return {
    live: rows.map((r) => r.a),
    reference: rows.map((r) => r.b),
    positions: rows.map((r) => r.position),
  };
}

/**
 * Drift of a live sketch against a reference sketch (all four metrics). Bins are the sketch's
 * own buckets, so PSI and JS see many fine bins: prefer KS and Wasserstein for sketches, or
 * compare histograms for PSI.
 * @example sketchDrift(liveLatency, lastWeekLatency).ks
 */
export function sketchDrift(live: LogSketch, reference: LogSketch): DriftValues {
  const { live: p, reference: q, positions } = alignSketches(live, reference);
  return driftOfVectors(p, q, positions);
}
