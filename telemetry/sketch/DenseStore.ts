/**
 * Contiguous bucket counts for one sign of a `LogSketch`, keyed by integer bucket index.
 *
 * Bounded: the store never spans more than `maxBuckets` indices. When a new index would widen it
 * further, the lowest buckets collapse into the lowest kept one (`highest − maxBuckets + 1`), as in
 * DDSketch's CollapsingLowestDenseStore. Every count therefore lands in `max(index, highest −
 * maxBuckets + 1)`, which depends only on the highest index ever seen, so adds and merges commute
 * and associate even after collapsing. Quantiles among collapsed (smallest-magnitude) values lose
 * the relative-error guarantee; with α = 0.005 and 2048 buckets the kept range spans a factor
 * γ^2048 ≈ 8·10^8, e.g. 0.01 ms to 2 hours.
 */
export class DenseStore {
  readonly maxBuckets: number;
  /** counts[j] is the count of bucket `offset + j`. */
  private counts: number[] = [];
  private offset = 0;
  private total = 0;

  constructor(maxBuckets: number) {
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 1)) {
      throw new RangeError(`maxBuckets must be a positive integer, got ${maxBuckets}`);
    }
    this.maxBuckets = maxBuckets;
  }

  /** Sum of all counts. */
  get count(): number {
    return this.total;
  }

  /** Adds `weight` to bucket `index` (collapsed upwards if below the kept range). */
  add(index: number, weight: number): void {
    if (weight === 0) return;
    this.total += weight;
    const j = index - this.offset;
    if (j >= 0 && j < this.counts.length) {
      this.counts[j] += weight; // fast path: inside the current range
      return;
    }
    if (this.counts.length === 0) {
      this.counts = [weight];
      this.offset = index;
      return;
    }
    const lo = Math.min(this.offset, index);
    const hi = Math.max(this.offset + this.counts.length - 1, index);
    this.reshape(lo, hi);
    const target = Math.max(index, this.offset);
    this.counts[target - this.offset] += weight;
  }

  /** Adds every bucket of `other` (same indexing) into this store. */
  merge(other: DenseStore): void {
    other.forEach((index, weight) => {
      this.add(index, weight);
    });
  }

  /** Calls `fn` for each non-empty bucket in ascending index order. */
  forEach(fn: (index: number, count: number) => void): void {
    for (let j = 0; j < this.counts.length; j++)
      if (this.counts[j] !== 0) fn(this.offset + j, this.counts[j]);
  }

  /** Calls `fn` for each non-empty bucket in descending index order. */
  forEachDescending(fn: (index: number, count: number) => void): void {
    for (let j = this.counts.length - 1; j >= 0; j--)
      if (this.counts[j] !== 0) fn(this.offset + j, this.counts[j]);
  }

  /** Canonical run: the first non-empty index and counts up to the last non-empty one. */
  toRun(): { offset: number; counts: number[] } {
    let first = 0;
    let last = this.counts.length - 1;
    while (first <= last && this.counts[first] === 0) first++;
    while (last >= first && this.counts[last] === 0) last--;
    if (first > last) return { offset: 0, counts: [] };
    return { offset: this.offset + first, counts: this.counts.slice(first, last + 1) };
  }

  /** Widens the array to cover [lo, hi], collapsing the lowest buckets beyond `maxBuckets`. */
  private reshape(lo: number, hi: number): void {
    const keptLo = Math.max(lo, hi - this.maxBuckets + 1);
    const curLo = this.offset;
    const curHi = this.offset + this.counts.length - 1;
    if (keptLo === curLo && hi === curHi) return;
    const next = new Array<number>(hi - keptLo + 1).fill(0);
    for (let j = 0; j < this.counts.length; j++) {
      const c = this.counts[j];
      if (c !== 0) next[Math.max(curLo + j, keptLo) - keptLo] += c;
    }
    this.counts = next;
    this.offset = keptLo;
  }
}
