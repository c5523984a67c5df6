import { DenseStore } from "./DenseStore";
import { LogMapping } from "./LogMapping";

/** Options of a `LogSketch`. */
export type LogSketchOptions = {
  /** Relative accuracy α of quantiles (default 0.005, so every quantile is within 0.5%, under the 1% budget). */
  alpha?: number;
  /** Most buckets per sign (default 2048, see `DenseStore`). */
  maxBuckets?: number;
};

/** Default relative accuracy: DESIGN.md budgets 1% relative quantile error; 0.5% leaves margin. */
export const SKETCH_ALPHA = 0.005;
/** Default bucket cap per sign (the DDSketch paper's default). */
export const SKETCH_MAX_BUCKETS = 2048;

/**
 * Mergeable quantile sketch with a relative-error guarantee (DDSketch-style): positive magnitudes,
 * negative magnitudes and exact zeros are counted separately, so signed data and merges keep every
 * value (the popular JS DDSketch drops the negative store when merging). Non-finite values are
 * ignored: a sketch answers questions about finite numbers only.
 * @example
 * const s = new LogSketch();
 * for (const v of [1, 2, 3, -4, 0]) s.add(v);
 * s.quantile(0.5); // ≈ 1 (within 0.5%)
 */
export class LogSketch {
  readonly mapping: LogMapping;
  readonly maxBuckets: number;
  readonly positive: DenseStore;
  readonly negative: DenseStore;
  zeroCount = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  sum = 0;

  constructor(options: LogSketchOptions = {}) {
    this.mapping = new LogMapping(options.alpha ?? SKETCH_ALPHA);
    this.maxBuckets = options.maxBuckets ?? SKETCH_MAX_BUCKETS;
    this.positive = new DenseStore(this.maxBuckets);
    this.negative = new DenseStore(this.maxBuckets);
  }

  get alpha(): number {
    return this.mapping.alpha;
  }

  /** Total weight added. */
  get count(): number {
    return this.zeroCount + this.positive.count + this.negative.count;
  }

  /**
   * Adds `value` with `weight` (default 1). Ignores non-finite values and weights that are not
   * finite and positive; returns whether the value was counted.
   */
  add(value: number, weight = 1): boolean {
    if (!Number.isFinite(value) || !Number.isFinite(weight) || weight <= 0) return false;
    const magnitude = Math.abs(value);
    // Magnitudes below the smallest normal double would index past the mapping's useful range.
    if (magnitude < MIN_MAGNITUDE) this.zeroCount += weight;
    else if (value > 0) this.positive.add(this.mapping.index(magnitude), weight);
    else this.negative.add(this.mapping.index(magnitude), weight);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sum += value * weight;
    return true;
  }

  /**
   * Merges `other` into this sketch (which must use the same α and bucket cap). Associative and
   * commutative: any merge order gives the same buckets.
   */
  merge(other: LogSketch): this {
    if (other.alpha !== this.alpha || other.maxBuckets !== this.maxBuckets) {
      throw new RangeError(
        `cannot merge sketches with different parameters (α ${other.alpha} vs ${this.alpha}, buckets ${other.maxBuckets} vs ${this.maxBuckets})`,
      );
    }
    if (other.count === 0) return this;
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeroCount += other.zeroCount;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sum += other.sum;
    return this;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1), within relative error α of the exact value at rank ⌊q·(count − 1)⌋
   * of the sorted data; NaN when empty or q is out of range.
   */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
    if (q === 0) return this.min;
    if (q === 1) return this.max;
    const rank = q * (n - 1);
    let seen = 0;
    // Ascending value order: most negative first, then zeros, then positives.
    for (const [value, c] of this.bucketsAscending()) {
      seen += c;
      if (seen > rank) return Math.min(this.max, Math.max(this.min, value));
    }
    return this.max; // rounding at the very top
  }

  /** [representative value, count] of every non-empty bucket, in ascending value order. */
  bucketsAscending(): [number, number][] {
    const out: [number, number][] = [];
    this.negative.forEachDescending((index, c) => {
      out.push([-this.mapping.value(index), c]);
    });
    if (this.zeroCount > 0) out.push([0, this.zeroCount]);
    this.positive.forEach((index, c) => {
      out.push([this.mapping.value(index), c]);
    });
    return out;
  }

  /** Mean of the added values; NaN when empty. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /** An independent copy. */
  clone(): LogSketch {
    return new LogSketch({ alpha: this.alpha, maxBuckets: this.maxBuckets }).merge(this);
  }
}

/** Smallest magnitude indexed; anything closer to zero counts as zero (2^-1022). */
export const MIN_MAGNITUDE = 2.2250738585072014e-308;
