import { MAX_FUTURE_MS, MAX_PAST_MS } from "../schema/constants";

/**
 * Replay rule: a `reportId` counts once. A report is accepted only while its window start W lies
 * within [now − 48 h, now + 1 h], i.e. while now ∈ [W − 1 h, W + 48 h]: a 49 h span. The edge must
 * remember an id until W + 48 h and may forget it afterwards (a replay then fails the time check).
 */
export const REPLAY_WINDOW_MS = MAX_PAST_MS + MAX_FUTURE_MS;

/**
 * The key under which the edge remembers a report id (hour-partitioned, so old hours drop in bulk).
 * @example replayKey({ windowStart: "2026-01-31T13:00:00Z", reportId: "ab…" }) // "2026-01-31T13/ab…"
 */
export function replayKey(report: { windowStart: string; reportId: string }): string {
  return `${report.windowStart.slice(0, 13)}/${report.reportId}`;
}

/**
 * When the id of a report with this window start may be forgotten (epoch ms).
 * @example replayExpiresAt("2026-01-31T13:00:00Z") // Date.parse("2026-02-02T13:00:00Z")
 */
export function replayExpiresAt(windowStart: string): number {
  return Date.parse(windowStart) + MAX_PAST_MS;
}
