import { BUCKET_LAYOUTS, type BucketLayout, type LayoutName } from "./layouts";

/** Counts of one histogram without its edges (what a report sends). */
export type HistogramCounts = { counts: number[]; underflow: number; overflow: number };

/** A histogram with its layout name (what a reference profile stores). */
export type HistogramJSON = HistogramCounts & { layout: LayoutName };

/**
 * Fixed-bin histogram over one of `BUCKET_LAYOUTS`, with underflow and overflow counts. Adds ignore
 * NaN and non-positive weights; ±Infinity go to underflow/overflow.
 * @example
 * const h = new Histogram("score");
 * h.add(0.42);
 * h.toJSON().counts[8]; // 1
 */
export class Histogram {
  readonly layout: BucketLayout & { name: LayoutName };
  readonly counts: number[];
  underflow = 0;
  overflow = 0;

  constructor(layout: LayoutName) {
    const found = BUCKET_LAYOUTS[layout];
    if (!found) throw new RangeError(`unknown histogram layout "${String(layout)}"`);
    this.layout = found;
    this.counts = new Array<number>(found.edges.length - 1).fill(0);
  }

  /** Total weight, including underflow and overflow. */
  get total(): number {
    return this.underflow + this.overflow + this.counts.reduce((s, c) => s + c, 0);
  }

  /** Adds `value` with `weight` (default 1); returns whether it was counted. */
  add(value: number, weight = 1): boolean {
    if (Number.isNaN(value) || !Number.isFinite(weight) || weight <= 0) return false;
    const edges = this.layout.edges;
    if (value < edges[0]) this.underflow += weight;
    else if (value > edges[edges.length - 1]) this.overflow += weight;
    else this.counts[binIndex(edges, value)] += weight;
    return true;
  }

  /** Adds another histogram of the same layout. */
  merge(other: Histogram | HistogramJSON): this {
    const name = other instanceof Histogram ? other.layout.name : other.layout;
    if (name !== this.layout.name)
      throw new RangeError(`cannot merge layout "${name}" into "${this.layout.name}"`);
    return this.addCounts(other instanceof Histogram ? other.toJSON() : other);
  }

  /** Adds raw counts (validated elsewhere) of the same layout. */
  addCounts(other: HistogramCounts): this {
    if (other.counts.length !== this.counts.length) {
      throw new RangeError(
        `expected ${this.counts.length} counts for "${this.layout.name}", got ${other.counts.length}`,
      );
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.underflow += other.underflow;
    this.overflow += other.overflow;
    return this;
  }

  /**
   * All counts in value order: [underflow, ...bins, overflow] — the vector drift functions take.
   */
  vector(): number[] {
    return [this.underflow, ...this.counts, this.overflow];
  }

  /** JSON form with the layout name. */
  toJSON(): HistogramJSON {
    return {
      layout: this.layout.name,
      counts: [...this.counts],
      underflow: this.underflow,
      overflow: this.overflow,
    };
  }

  /** Builds a histogram from trusted counts (validate untrusted input with the report schema first). */
  static fromJSON(json: HistogramJSON): Histogram {
    return new Histogram(json.layout).addCounts(json);
  }
}

/**
 * Positions of the entries of `Histogram.vector()` on the value axis: underflow at the first edge,
 * each bin at its centre, overflow at the last edge.
 * @example layoutPositions("score")[1] // 0.025
 */
export function layoutPositions(layout: LayoutName): number[] {
  const edges = BUCKET_LAYOUTS[layout].edges;
  const centres = edges.slice(1).map((e, i) => (edges[i] + e) / 2);
  return [edges[0], ...centres, edges[edges.length - 1]];
}

function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
