import { meetsK } from "../privacy";
import type { FleetRange, Gated, RolloutView } from "./apiTypes";
import {
  emptySlice,
  type FigureKey,
  mergeSlices,
  reportsBehind,
  type SliceAggregate,
} from "./SliceAggregate";

/** One decoded row of D1 `telemetry_rollups`. */
export type RollupRow = {
  version: string;
  hour: number;
  shard: number;
  backend: string;
  browser: string;
  slice: SliceAggregate;
};

/** Everything the fleet views are computed from: rollups of a time range, k and the rollout. */
export type FleetInput = {
  rows: RollupRow[];
  /** Stored rows of the range that failed to decode and were set aside (not in `rows`). */
  quarantined?: number;
  k: number;
  from: number;
  to: number;
  now: number;
  rollout: RolloutView | null;
};

/**
 * Merges the rows that pass `keep` into one aggregate (a fresh object; the rows stay untouched).
 * @example const webgpu = mergeRows(rows, (r) => r.backend === "webgpu");
 */
export function mergeRows(
  rows: readonly RollupRow[],
  keep: (row: RollupRow) => boolean = () => true,
): SliceAggregate {
  const merged = emptySlice();
  for (const row of rows) if (keep(row)) mergeSlices(merged, row.slice);
  return merged;
}

/**
 * Groups rows by `keyOf` and merges each group.
 * @example groupRows(rows, (r) => r.version) // Map { "v1" => aggregate, ... }
 */
export function groupRows(
  rows: readonly RollupRow[],
  keyOf: (row: RollupRow) => string,
): Map<string, SliceAggregate> {
  const groups = new Map<string, SliceAggregate>();
  for (const row of rows) {
    const key = keyOf(row);
    const merged = groups.get(key) ?? emptySlice();
    mergeSlices(merged, row.slice);
    groups.set(key, merged);
  }
  return groups;
}

/**
 * Whether at least k reports contributed to the figure `key` of `slice` (PRIVACY.md rule 6, per
 * figure: 50 reports in a slice of which one carried latencies give no latency figure).
 * @example meetsFigureK(slice, "histograms.score", 50)
 */
export function meetsFigureK(slice: SliceAggregate, key: FigureKey, k: number): boolean {
  return meetsK(reportsBehind(slice, key), k);
}

/**
 * k-anonymity gate of one figure: `figure(slice)` when at least k reports contributed to `key`,
 * else `{ insufficient: true }` — the figure is not even computed.
 * @example gate(slice, "sketches.inferenceMs", 50, (s) => percentilesOf(s, "inferenceMs"))
 */
export function gate<T>(
  slice: SliceAggregate,
  key: FigureKey,
  k: number,
  figure: (s: SliceAggregate) => T,
): Gated<T> {
  return meetsFigureK(slice, key, k) ? figure(slice) : { insufficient: true };
}

/** The range part of every answer. */
export function rangeOf(input: FleetInput): FleetRange {
  return {
    from: input.from,
    to: input.to,
    k: input.k,
    generatedAt: input.now,
    quarantined: input.quarantined ?? 0,
  };
}

/** Cohort of a version under the current rollout. */
export function cohortOf(version: string, rollout: RolloutView | null): "live" | "canary" | "other" {
  if (rollout?.live === version) return "live";
  if (rollout?.canary === version) return "canary";
  return "other";
}

/** Distinct versions of the rows, live first, then canary, then by name. */
export function versionsOf(rows: readonly RollupRow[], rollout: RolloutView | null): string[] {
  const order = { live: 0, canary: 1, other: 2 };
  return [...new Set(rows.map((r) => r.version))].sort(
    (a, b) => order[cohortOf(a, rollout)] - order[cohortOf(b, rollout)] || a.localeCompare(b),
  );
}
