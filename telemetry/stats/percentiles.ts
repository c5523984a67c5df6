import type { LogSketch } from "../sketch/LogSketch";

/** Latency summary of one slice. */
export type Percentiles = { count: number; p50: number; p95: number; p99: number };

/**
 * p50/p95/p99 of a latency sketch (each within the sketch's relative accuracy); NaN when empty.
 * @example latencyPercentiles(fleet.inferenceMs) // { count: 5120, p50: 4.1, p95: 9.8, p99: 17.2 }
 */
export function latencyPercentiles(sketch: LogSketch): Percentiles {
  return {
    count: sketch.count,
    p50: sketch.quantile(0.5),
    p95: sketch.quantile(0.95),
    p99: sketch.quantile(0.99),
  };
}

/**
 * Distribution-free confidence bounds of the q-quantile: the values at ranks q ± z·√(q(1 − q)/n),
 * the normal approximation of the order-statistic interval (Conover, Practical Nonparametric
 * Statistics, 3rd ed., §3.2), read off the sketch. `n` counts independent units: pass the number
 * of reports, not of values, since the values of one report share one device. NaN when empty.
 * @example quantileInterval(baseline.inferenceMs, 0.95, 800) // { low: 9.1, high: 11.4 }
 */
export function quantileInterval(
  sketch: LogSketch,
  q: number,
  n: number,
  z = 3,
): { low: number; high: number } {
  if (!(n > 0) || sketch.count === 0) return { low: Number.NaN, high: Number.NaN };
  const half = z * Math.sqrt((q * (1 - q)) / n);
  return {
    low: sketch.quantile(Math.max(0, q - half)),
    high: sketch.quantile(Math.min(1, q + half)),
  };
}
