import { MAX_REPORT_SKETCH_BUCKETS } from "../schema/constants";
import { encodeSketch, type SketchJSON } from "../sketch/encoding";
import { LogSketch } from "../sketch/LogSketch";
import type { Rng } from "../util/rng";
import { scaleCounts } from "./scaleCounts";

/**
 * A device sketch made fit to send: at most `MAX_REPORT_SKETCH_BUCKETS` buckets per sign (the
 * lowest collapse, as in `DenseStore`), integer counts, total weight ≤ `cap` (scaled with
 * `scaleCounts`, sum scaled alike). Returns undefined when nothing is left to send.
 * @example privatizeSketch(inferenceMs, 1000, Math.random)
 */
export function privatizeSketch(sketch: LogSketch, cap: number, rng: Rng): SketchJSON | undefined {
  if (sketch.count <= 0) return undefined;
  // Re-bucket into narrower stores so the lowest buckets collapse to fit the report's limit.
  const narrow = new LogSketch({ alpha: sketch.alpha, maxBuckets: MAX_REPORT_SKETCH_BUCKETS });
  sketch.positive.forEach((i, c) => {
    narrow.positive.add(i, c);
  });
  sketch.negative.forEach((i, c) => {
    narrow.negative.add(i, c);
  });
  const pos = narrow.positive.toRun();
  const neg = narrow.negative.toRun();
  const scaled = scaleCounts([sketch.zeroCount, ...pos.counts, ...neg.counts], cap, rng);
  const out = new LogSketch({ alpha: sketch.alpha });
  out.zeroCount = scaled[0];
  scaled.slice(1, 1 + pos.counts.length).forEach((c, j) => {
    out.positive.add(pos.offset + j, c);
  });
  scaled.slice(1 + pos.counts.length).forEach((c, j) => {
    out.negative.add(neg.offset + j, c);
  });
  if (out.count === 0) return undefined;
  out.min = sketch.min;
  out.max = sketch.max;
  out.sum = (sketch.sum * out.count) / sketch.count;
  return encodeSketch(out);
}
