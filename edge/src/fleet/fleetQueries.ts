import { parseReferenceProfile, type ReferenceProfile } from "../../../telemetry";
import { decodeSlice, type FleetInput, type RollupRow } from "../../../telemetry/fleet";
import { getManifest, getRollout } from "../registry";
import type { Env } from "../types";
import { hourOf } from "./shardKey";

const HOUR = 3_600_000;

/**
 * Decoded rollups whose hour lies in [from, to] (epoch ms of hour starts).
 * @example const rows = await readRollups(env.DB, from, to);
 */
export async function readRollups(db: D1Database, from: number, to: number): Promise<RollupRow[]> {
  const { results } = await db
    .prepare(
      "SELECT version, hour, shard, backend, browser, aggregate FROM telemetry_rollups WHERE hour BETWEEN ? AND ? ORDER BY hour",
    )
    .bind(from, to)
    .all<{
      version: string;
      hour: number;
      shard: number;
      backend: string;
      browser: string;
      aggregate: string;
    }>();
  return results.map(({ aggregate, ...row }) => ({ ...row, slice: decodeSlice(aggregate) }));
}

/** The rollout as the fleet views show it; null before the registry has one. */
export async function readRollout(env: Env): Promise<FleetInput["rollout"]> {
  try {
    const r = await getRollout(env);
    return { live: r.live, canary: r.canary, canaryPercent: r.canaryPercent };
  } catch {
    return null; // registry tables missing (fresh database): show telemetry without a rollout
  }
}

/**
 * The last `hours` hours up to the current one, their rollups, k and the rollout.
 * @example const input = await fleetInput(env, 24, Date.now());
 */
export async function fleetInput(env: Env, hours: number, now: number): Promise<FleetInput> {
  const to = hourOf(now);
  const from = to - (hours - 1) * HOUR;
  const [rows, rollout] = await Promise.all([readRollups(env.DB, from, to), readRollout(env)]);
  return { rows, k: kOf(env), from, to, now, rollout };
}

/** env.K_ANONYMITY as a number (PRIVACY.md default 50). */
export function kOf(env: Env): number {
  const k = Number(env.K_ANONYMITY);
  return Number.isInteger(k) && k >= 1 ? k : 50;
}

/**
 * The reference profile in a version's manifest, validated; null when the version is unknown or its
 * manifest has no (valid) profile.
 */
export async function referenceOf(env: Env, version: string): Promise<ReferenceProfile | null> {
  try {
    const manifest = await getManifest(env, version);
    const parsed = parseReferenceProfile(manifest?.referenceProfile);
    return parsed.ok ? parsed.profile : null;
  } catch {
    return null;
  }
}
