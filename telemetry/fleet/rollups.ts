import { meetsK } from "../privacy";
import type { FleetRange, Gated, RolloutView } from "./apiTypes";
import { emptySlice, mergeSlices, type SliceAggregate } from "./SliceAggregate";

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
 * k-anonymity gate of one figure: `figure(slice)` when the slice has at least k reports, else
 * `{ insufficient: true }` — the figure is not even computed.
 * @example gate(slice, 50, (s) => ({ reports: s.reports }))
 */
export function gate<T>(slice: SliceAggregate, k: number, figure: (s: SliceAggregate) => T): Gated<T> {
  return meetsK(slice.reports, k) ? figure(slice) : { insufficient: true };
}

/** The range part of every answer. */
export function rangeOf(input: FleetInput): FleetRange {
  return { from: input.from, to: input.to, k: input.k, generatedAt: input.now };
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
