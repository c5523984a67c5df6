import { MAX_PAST_MS } from "../../../telemetry/schema";

/** Identity of one FleetAggregator: the model version, the report window's hour and the shard. */
export type AggregatorMeta = { version: string; hour: number; shard: number };

const HOUR_MS = 3_600_000;

/**
 * ReportIds are kept until no report of the hour can be accepted any more (`parseReport` refuses
 * windows older than MAX_PAST_MS, PRIVACY.md), plus an hour of margin, so every replay the edge
 * could accept is caught; after that the age bound rejects it anyway.
 */
export const REPLAY_WINDOW_MS = HOUR_MS + MAX_PAST_MS;

/** Delay between a change and its flush to D1; bounds how stale the dashboard is. */
export const FLUSH_DELAY_MS = 5_000;

/**
 * 32-bit FNV-1a of a string (http://www.isthe.com/chongo/tech/comp/fnv/): stable across
 * processes and deploys, cheap, and well spread on random ids.
 * @example fnv1a("abc") // 440920331
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The aggregator a report goes to: `${version}:${hour}:${shard}` with shard = fnv1a(reportId) mod
 * shards, so one hot version spreads over `shards` objects while a replay always meets its original.
 * @example shardFor("v1", Date.UTC(2026, 10, 28, 1), "c0ffee…", 4) // { version: "v1", hour: …, shard: 3, name: "v1:…:3" }
 */
export function shardFor(
  version: string,
  hour: number,
  reportId: string,
  shards: number,
): AggregatorMeta & { name: string } {
  if (!Number.isInteger(shards) || shards < 1)
    throw new Error(`FLEET_SHARDS must be a positive integer, got ${shards}`);
  const shard = fnv1a(reportId) % shards;
  return { version, hour, shard, name: `${version}:${hour}:${shard}` };
}

/** Start of the UTC hour that contains `ms`. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}
