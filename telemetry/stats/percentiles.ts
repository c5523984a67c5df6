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
