/**
 * Ranking metrics for a single relevant item (next-item prediction), as used by the S3-Rec
 * (HR, NDCG) and SR-GNN (P@20 = hit rate, MRR) protocols. A `rank` is 0-based; a miss is -1
 * (the target was not among the ranked items, e.g. not in the candidate set).
 */

/**
 * 0-based rank of `scores[target]` among `scores`, ties broken by position (earlier wins),
 * so the result is deterministic. NaN scores rank last.
 * @example rankOf(new Float32Array([0.1, 0.9, 0.5]), 2) // 1
 */
export function rankOf(scores: ArrayLike<number>, target: number): number {
  if (target < 0 || target >= scores.length) return -1;
  const t = Number.isNaN(scores[target]) ? Number.NEGATIVE_INFINITY : scores[target];
  let rank = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = Number.isNaN(scores[i]) ? Number.NEGATIVE_INFINITY : scores[i];
    if (s > t || (s === t && i < target)) rank++;
  }
  return rank;
}

/** Hit rate: 1 when the target ranks within the top `k`. @example hitAt(3, 10) // 1 */
export function hitAt(rank: number, k: number): number {
  return rank >= 0 && rank < k ? 1 : 0;
}

/**
 * NDCG with one relevant item: 1 / log2(rank + 2) inside the top `k` (the ideal DCG is 1).
 * @example ndcgAt(1, 10) // 1 / log2(3) ≈ 0.6309
 */
export function ndcgAt(rank: number, k: number): number {
  return rank >= 0 && rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/** Reciprocal rank, cut at `k`. @example mrrAt(3, 20) // 0.25 */
export function mrrAt(rank: number, k: number): number {
  return rank >= 0 && rank < k ? 1 / (rank + 1) : 0;
}

/** Names of the metrics that {@link MetricAccumulator} reports, e.g. "HR@10". */
export type MetricName = `${"HR" | "NDCG" | "MRR"}@${number}`;

/**
 * Averages HR, NDCG and MRR at several cut-offs over many ranks.
 * @example
 * const acc = new MetricAccumulator([10, 20]);
 * acc.add(0); acc.add(-1);
 * acc.result()["HR@10"] // 0.5
 */
export class MetricAccumulator {
  private readonly sums = new Map<string, number>();
  private n = 0;

  constructor(readonly cutoffs: readonly number[]) {
    if (cutoffs.length === 0 || cutoffs.some((k) => !Number.isInteger(k) || k < 1)) {
      throw new Error(
        `MetricAccumulator: cut-offs must be positive integers, got ${JSON.stringify(cutoffs)}`,
      );
    }
  }

  /** Adds one query's 0-based target rank (-1 = miss). */
  add(rank: number): void {
    this.n++;
    for (const k of this.cutoffs) {
      this.bump(`HR@${k}`, hitAt(rank, k));
      this.bump(`NDCG@${k}`, ndcgAt(rank, k));
      this.bump(`MRR@${k}`, mrrAt(rank, k));
    }
  }

  /** Number of ranks added. */
  get count(): number {
    return this.n;
  }

  /** Means per metric; NaN when nothing was added. */
  result(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, sum] of this.sums) out[name] = this.n === 0 ? Number.NaN : sum / this.n;
    if (this.n === 0)
      for (const k of this.cutoffs) for (const m of ["HR", "NDCG", "MRR"]) out[`${m}@${k}`] = Number.NaN;
    return out;
  }

  private bump(name: string, v: number): void {
    this.sums.set(name, (this.sums.get(name) ?? 0) + v);
  }
}
