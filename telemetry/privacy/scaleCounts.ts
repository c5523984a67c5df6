import type { Rng } from "../util/rng";

/**
 * Scales non-negative counts to integers summing to exactly `target` (≤ the total, else the
 * integer-rounded total is kept), each in expectation equal to count × target / total. Systematic
 * sampling: one uniform offset u, and bin i receives the points u + k (k = 0, 1, …) that fall in
 * its stretch of the cumulative scale. Unbiased per bin, lower variance than independent draws,
 * and integer inputs at their own total come back unchanged.
 * @example scaleCounts([30, 10], 20, seededRng(1)) // [15, 5]
 */
export function scaleCounts(counts: readonly number[], target: number, rng: Rng): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!(total > 0)) return counts.map(() => 0);
  const goal = Math.max(0, Math.min(Math.floor(target), Math.round(total)));
  const u = rng();
  const out: number[] = [];
  let prefix = 0;
  let before = 0;
  for (const c of counts) {
    prefix += c;
    // The scaled cumulative mass, computed from the exact prefix so the last value is exactly `goal`.
    const after = Math.ceil((prefix * goal) / total - u);
    out.push(Math.max(0, after - before));
    before = after;
  }
  return out;
}
