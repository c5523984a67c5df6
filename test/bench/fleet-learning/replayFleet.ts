// Replays interaction sequences as a simulated fleet through the device side and the ingest of the
// real fleet-learning path (telemetry/learning): each device bounds its own day (`nextContribution`),
// sends the JSON text, and the edge's parser (`parseContribution`) accepts or refuses it; accepted
// contributions are summed per day (`aggregateContributions`). Nothing here adds noise.
import {
  aggregateContributions,
  CONTRIBUTION_VERSION,
  type Contribution,
  type ContributionCounts,
  type ContributionResult,
  DAY_MS,
  emptySent,
  type ItemEvent,
  nextContribution,
  parseContribution,
  TRENDING_STEP_MINUTES,
  trendingCounts,
  utcDay,
} from "../../../telemetry/learning";
import { randomReportId } from "../../../telemetry/simulator/syntheticReport";
import { type Rng, seededRng } from "../../../telemetry/util/rng";

/**
 * How users become devices and days (Beauty has no timestamps): one device per user; its sequence,
 * in order, is cut into visits of `itemsPerDay` items, one visit a day on consecutive days, starting
 * on a day drawn uniformly so that the visits fit in `days` (a user with more visits than `days`
 * gets more items a day). Every interaction is replayed as an item view (the data has one event type).
 */
export type FleetMapping = { days: number; itemsPerDay: number };

const STEPS_PER_DAY = (24 * 60) / TRENDING_STEP_MINUTES;

/**
 * The first simulated day: the first day of a release period (`periodOf`), so the 28 replayed days
 * are exactly two periods, both released by the end (the parser only checks day ranges).
 */
export const REPLAY_EPOCH = Date.parse("2026-01-01T00:00:00Z");

/** The replayed fleet: exact per-day counts, and what the ingest saw. */
export type ReplayedFleet = {
  perDay: ContributionCounts[];
  /**
   * The last day's trending counts (`trendingCounts`) per trending cron step (earlier days weigh
   * < 2⁻¹⁴⁰ in a 10-minute pool).
   */
  lastDaySteps: Map<number, number>[];
  devices: number;
  contributions: number;
  refused: Record<string, number>;
  /** Transitions that crossed a day boundary: each is a transition of the later day's device-day. */
  crossDayTransitions: number;
};

/**
 * Replays `sequences` (one per device) over `mapping.days` days through device bounding and ingest.
 * @example replayFleet([[1, 2, 3]], { days: 7, itemsPerDay: 3 }, 1).perDay.length // 7
 */
export function replayFleet(
  sequences: readonly (readonly number[])[],
  mapping: FleetMapping,
  seed: number,
): ReplayedFleet {
  const rng = seededRng(seed);
  const byDay: Contribution[][] = Array.from({ length: mapping.days }, () => []);
  const lastDay: Contribution[][] = Array.from({ length: STEPS_PER_DAY }, () => []);
  const refused: Record<string, number> = {};
  let devices = 0;
  let contributions = 0;
  let crossDayTransitions = 0;
  for (const seq of sequences) {
    if (seq.length === 0) continue;
    devices += 1;
    const visits = splitIntoVisits(seq, mapping);
    const first = Math.floor(rng() * (mapping.days - visits.length + 1));
    crossDayTransitions += visits.length - 1;
    let previous: ItemEvent | undefined;
    visits.forEach((visit, v) => {
      const day = first + v;
      // A visit starts at a uniform minute of its day, one view a minute.
      const start =
        REPLAY_EPOCH + day * DAY_MS + Math.floor(rng() * Math.max(1, 1440 - visit.length)) * 60_000;
      const { now, parsed } = sendVisit(visit, start, rng, previous);
      previous = { type: "view", itemId: visit[visit.length - 1], at: now - 60_000 };
      if (!parsed) return;
      if (!parsed.ok) {
        refused[parsed.code] = (refused[parsed.code] ?? 0) + 1;
        return;
      }
      contributions += 1;
      byDay[day].push(parsed.contribution);
      if (day === mapping.days - 1)
        lastDay[Math.floor((now % DAY_MS) / (TRENDING_STEP_MINUTES * 60_000)) % STEPS_PER_DAY].push(
          parsed.contribution,
        );
    });
  }
  return {
    perDay: byDay.map((list) => aggregateContributions(list)),
    lastDaySteps: lastDay.map((list) => trendingCounts(list)),
    devices,
    contributions,
    refused,
    crossDayTransitions,
  };
}

/**
 * One visit on a device: views of `ids` from `start`, one a minute, after the device's `previous`
 * view (yesterday's last starts today's transitions); once the visit is over the device bounds its
 * day (`nextContribution`), sends the JSON text and the edge parses it (`parseContribution`).
 * `parsed` is null when the device has nothing new to send.
 */
export function sendVisit(
  ids: readonly number[],
  start: number,
  rng: Rng,
  previous?: ItemEvent,
): { now: number; parsed: ContributionResult | null } {
  const visit: ItemEvent[] = ids.map((itemId, k) => ({ type: "view", itemId, at: start + k * 60_000 }));
  const events = previous ? [previous, ...visit] : visit;
  const now = start + ids.length * 60_000;
  const { lists } = nextContribution(events, emptySent(utcDay(now)), now);
  if (!lists) return { now, parsed: null };
  const body = JSON.stringify({
    contributionVersion: CONTRIBUTION_VERSION,
    contributionId: randomReportId(rng),
    day: utcDay(now),
    ...lists,
  });
  return { now, parsed: parseContribution(body, now) };
}

/** The sequence in visits of `itemsPerDay`, or more a day when the visits would not fit in `days`. */
export function splitIntoVisits(seq: readonly number[], mapping: FleetMapping): number[][] {
  const perDay = Math.max(mapping.itemsPerDay, Math.ceil(seq.length / mapping.days));
  const visits: number[][] = [];
  for (let i = 0; i < seq.length; i += perDay) visits.push(seq.slice(i, i + perDay));
  return visits;
}
