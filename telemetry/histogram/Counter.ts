/** Limits of a `Counter`. */
export type CounterOptions = {
  /** Largest count any one key may hold (default unbounded). */
  maxPerKey?: number;
  /** Largest sum over all keys (default unbounded); adds beyond it are dropped. */
  maxTotal?: number;
};

/**
 * Non-negative integer counts by key, clipped to per-key and total maxima so one device's
 * contribution stays bounded.
 * @example
 * const c = new Counter({ maxPerKey: 100 });
 * c.add("click", 250);
 * c.get("click"); // 100
 */
export class Counter<K extends string = string> {
  private readonly values = new Map<K, number>();
  private readonly maxPerKey: number;
  private readonly maxTotal: number;
  private sum = 0;

  constructor(options: CounterOptions = {}) {
    this.maxPerKey = options.maxPerKey ?? Number.POSITIVE_INFINITY;
    this.maxTotal = options.maxTotal ?? Number.POSITIVE_INFINITY;
  }

  /** Adds `n` (default 1, floored; non-finite or negative ignored); returns what was actually added. */
  add(key: K, n = 1): number {
    if (!Number.isFinite(n) || n <= 0) return 0;
    const current = this.values.get(key) ?? 0;
    const added = Math.max(0, Math.min(Math.floor(n), this.maxPerKey - current, this.maxTotal - this.sum));
    if (added > 0) {
      this.values.set(key, current + added);
      this.sum += added;
    }
    return added;
  }

  /** Count of `key` (0 when absent). */
  get(key: K): number {
    return this.values.get(key) ?? 0;
  }

  /** Sum over all keys. */
  get total(): number {
    return this.sum;
  }

  /** Adds every key of `other`, clipping as `add` does. */
  merge(other: Counter<K> | Partial<Record<K, number>>): this {
    const entries = other instanceof Counter ? [...other.values] : (Object.entries(other) as [K, number][]);
    for (const [k, n] of entries) this.add(k, n);
    return this;
  }

  /** Plain object of the non-zero counts, keys sorted. */
  toJSON(): Partial<Record<K, number>> {
    const out: Partial<Record<K, number>> = {};
    for (const k of [...this.values.keys()].sort()) out[k] = this.values.get(k);
    return out;
  }
}
