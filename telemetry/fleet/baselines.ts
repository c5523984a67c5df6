import type { FleetInput } from "./rollups";
import { emptySlice, mergeSlices, type SliceAggregate } from "./SliceAggregate";

const HOUR = 3_600_000;

/** The `backend` of a version-wide baseline (fallback share), as opposed to one backend's (latency). */
export const ALL_BACKENDS = "*";

/**
 * Reports a complete hour must hold before it becomes a baseline. With 200 reports the p95's
 * 99.7 % rank interval is 0.95 ± 0.046, narrow enough that a 1.5× rise is told from noise; rarer
 * backends get no baseline and so no latency alert (their figures still show above k).
 */
export const BASELINE_MIN_REPORTS = 200;

/**
 * A version's own reference figures on one backend (or on all of them): the merged rollups of the
 * first complete hour in which it had at least `BASELINE_MIN_REPORTS` reports there. Frozen once
 * made, so a regression that lasts cannot turn itself into the baseline and go quiet.
 */
export type FleetBaseline = { version: string; backend: string; hour: number; slice: SliceAggregate };

/** Key of a baseline in maps and in D1. */
export function baselineKey(version: string, backend: string): string {
  return `${version}|${backend}`;
}

/**
 * The baselines the input can establish now: for every version × backend (and version × all
 * backends) that has none yet, the previous hour (complete: the input's `to` is the current hour)
 * when it holds at least `BASELINE_MIN_REPORTS` reports.
 * @example for (const b of newBaselines(input, known)) known.set(baselineKey(b.version, b.backend), b);
 */
export function newBaselines(
  input: Pick<FleetInput, "rows" | "to">,
  known: ReadonlyMap<string, FleetBaseline>,
): FleetBaseline[] {
  const hour = input.to - HOUR;
  const candidates = new Map<string, FleetBaseline>();
  for (const row of input.rows) {
    if (row.hour !== hour) continue;
    for (const backend of [row.backend, ALL_BACKENDS]) {
      const key = baselineKey(row.version, backend);
      if (known.has(key)) continue;
      const b = candidates.get(key) ?? { version: row.version, backend, hour, slice: emptySlice() };
      mergeSlices(b.slice, row.slice);
      candidates.set(key, b);
    }
  }
  return [...candidates.values()].filter((b) => b.slice.reports >= BASELINE_MIN_REPORTS);
}
