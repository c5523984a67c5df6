import { LogSketch, SKETCH_ALPHA, SKETCH_MAX_BUCKETS } from "./LogSketch";

/** One store as a run: the index of the first bucket and the counts from there on. */
export type StoreJSON = { offset: number; counts: number[] };

/**
 * Compact JSON form of a `LogSketch`. Empty sketches carry min = max = sum = 0.
 * @example { alpha: 0.005, zero: 1, pos: { offset: 0, counts: [2, 0, 1] }, neg: { offset: 0, counts: [] }, min: 0, max: 1.02, sum: 3.03 }
 */
export type SketchJSON = {
  alpha: number;
  zero: number;
  pos: StoreJSON;
  neg: StoreJSON;
  min: number;
  max: number;
  sum: number;
};

/** Limits applied when decoding untrusted sketches. */
export type DecodeOptions = {
  /** Required α (default `SKETCH_ALPHA`); sketches only merge with equal α. */
  alpha?: number;
  /** Bucket cap of the decoded sketch (default `SKETCH_MAX_BUCKETS`); sketches only merge with equal caps. */
  maxBuckets?: number;
  /** Most counts per encoded store (default `maxBuckets`); reports use a tighter limit. */
  maxRun?: number;
  /** Require every count to be an integer (reports carry integer counts). */
  integerCounts?: boolean;
};

/** Largest |bucket index| accepted: α = 0.005 maps every positive double to |index| < 75,000. */
export const MAX_ABS_INDEX = 100_000;

/**
 * Encodes a sketch canonically: equal sketches give equal JSON.
 * @example JSON.stringify(encodeSketch(sketch))
 */
export function encodeSketch(sketch: LogSketch): SketchJSON {
  const empty = sketch.count === 0;
  return {
    alpha: sketch.alpha,
    zero: sketch.zeroCount,
    pos: sketch.positive.toRun(),
    neg: sketch.negative.toRun(),
    min: empty ? 0 : sketch.min,
    max: empty ? 0 : sketch.max,
    sum: empty ? 0 : sketch.sum,
  };
}

/** Result of `decodeSketch`: never throws on bad input. */
export type DecodeResult = { ok: true; sketch: LogSketch } | { ok: false; message: string };

/**
 * Strictly decodes untrusted JSON into a sketch: rejects unknown keys, NaN/Infinity, negative or
 * fractional (with `integerCounts`) counts, indexes out of range and stores longer than the cap.
 * @example const r = decodeSketch(JSON.parse(body)); if (r.ok) fleet.merge(r.sketch);
 */
export function decodeSketch(json: unknown, options: DecodeOptions = {}): DecodeResult {
  const alpha = options.alpha ?? SKETCH_ALPHA;
  const maxBuckets = options.maxBuckets ?? SKETCH_MAX_BUCKETS;
  const fail = (message: string): DecodeResult => ({ ok: false, message });
  if (!isPlainObject(json)) return fail("sketch must be an object");
  const extra = Object.keys(json).filter((k) => !SKETCH_KEYS.has(k));
  if (extra.length > 0) return fail(`unknown sketch field "${extra[0]}"`);
  if (json.alpha !== alpha) return fail(`sketch alpha must be ${alpha}, got ${String(json.alpha)}`);
  const countProblem = checkCount(json.zero, options.integerCounts);
  if (countProblem) return fail(`zero: ${countProblem}`);
  for (const key of ["min", "max", "sum"] as const) {
    if (typeof json[key] !== "number" || !Number.isFinite(json[key]))
      return fail(`${key} must be a finite number`);
  }
  const stores: StoreJSON[] = [];
  for (const key of ["pos", "neg"] as const) {
    const store = json[key];
    const problem = checkStore(
      store,
      Math.min(maxBuckets, options.maxRun ?? maxBuckets),
      options.integerCounts,
    );
    if (problem) return fail(`${key}: ${problem}`);
    stores.push(store as StoreJSON);
  }
  const sketch = new LogSketch({ alpha, maxBuckets });
  sketch.zeroCount = json.zero as number;
  stores[0].counts.forEach((c, j) => {
    sketch.positive.add(stores[0].offset + j, c);
  });
  stores[1].counts.forEach((c, j) => {
    sketch.negative.add(stores[1].offset + j, c);
  });
  if (!Number.isFinite(sketch.count)) return fail("total count must be finite");
  const min = json.min as number;
  const max = json.max as number;
  if (sketch.count > 0) {
    if (min > max) return fail("min must not exceed max");
    sketch.min = min;
    sketch.max = max;
    sketch.sum = json.sum as number;
  } else if (min !== 0 || max !== 0 || json.sum !== 0) {
    return fail("an empty sketch must have min = max = sum = 0");
  }
  return { ok: true, sketch };
}

const SKETCH_KEYS = new Set(["alpha", "zero", "pos", "neg", "min", "max", "sum"]);

function checkStore(store: unknown, maxBuckets: number, integer?: boolean): string | undefined {
  if (!isPlainObject(store)) return "store must be an object";
  const keys = Object.keys(store);
  if (keys.length !== 2 || !("offset" in store) || !("counts" in store)) {
    return "store must have exactly offset and counts";
  }
  const { offset, counts } = store;
  if (!Number.isInteger(offset) || Math.abs(offset as number) > MAX_ABS_INDEX) {
    return `offset must be an integer within ±${MAX_ABS_INDEX}`;
  }
  if (!Array.isArray(counts)) return "counts must be an array";
  if (counts.length > maxBuckets) return `store has ${counts.length} buckets, more than ${maxBuckets}`;
  if (Math.abs((offset as number) + counts.length) > MAX_ABS_INDEX)
    return "store reaches past the index range";
  for (let j = 0; j < counts.length; j++) {
    const problem = checkCount(counts[j], integer);
    if (problem) return `counts[${j}]: ${problem}`;
  }
  return undefined;
}

function checkCount(c: unknown, integer?: boolean): string | undefined {
  if (typeof c !== "number" || !Number.isFinite(c)) return "count must be a finite number";
  if (c < 0) return "count must not be negative";
  if (integer && !Number.isInteger(c)) return "count must be an integer";
  return undefined;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
