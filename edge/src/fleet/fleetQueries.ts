import { parseReferenceProfile, type ReferenceProfile } from "../../../telemetry";
import { decodeSlice, type FleetInput, type RollupRow } from "../../../telemetry/fleet";
import { getManifest, getRollout } from "../registry";
import { runningGuarded } from "../rollout/guardedQueries";
import type { Env } from "../types";
import { hourOf } from "./shardKey";

const HOUR = 3_600_000;

type StoredRollup = Omit<RollupRow, "slice"> & { aggregate: string };

/**
 * Decoded rollups whose hour lies in [from, to] (epoch ms of hour starts). A row that fails to
 * decode is moved to `telemetry_quarantine` (logged, and counted in `quarantined`) instead of
 * failing the read, so no stored row can take a view down.
 * @example const { rows, quarantined } = await readRollups(env.DB, from, to);
 */
export async function readRollups(
  db: D1Database,
  from: number,
  to: number,
): Promise<{ rows: RollupRow[]; quarantined: number }> {
  const { results } = await db
    .prepare(
      "SELECT version, hour, shard, backend, browser, aggregate FROM telemetry_rollups WHERE hour BETWEEN ? AND ? ORDER BY hour",
    )
    .bind(from, to)
    .all<StoredRollup>();
  const rows: RollupRow[] = [];
  const bad: (StoredRollup & { reason: string })[] = [];
  for (const { aggregate, ...key } of results) {
    try {
      rows.push({ ...key, slice: decodeSlice(aggregate) });
    } catch (error) {
      bad.push({ ...key, aggregate, reason: String((error as Error).message ?? error) });
    }
  }
  if (bad.length > 0) await quarantineRollups(db, bad);
  return { rows, quarantined: bad.length };
}

/**
 * Moves rows to `telemetry_quarantine`, each in one batch that copies and deletes exactly the text
 * that failed, so two readers meeting the same row quarantine it once.
 */
async function quarantineRollups(db: D1Database, bad: (StoredRollup & { reason: string })[]): Promise<void> {
  const now = Date.now();
  const where = "version = ? AND hour = ? AND shard = ? AND backend = ? AND browser = ? AND aggregate = ?";
  const copy = db.prepare(
    `INSERT INTO telemetry_quarantine (version, hour, shard, backend, browser, reports, aggregate, reason, quarantined_at)
     SELECT version, hour, shard, backend, browser, reports, aggregate, ?, ? FROM telemetry_rollups WHERE ${where}`,
  );
  const remove = db.prepare(`DELETE FROM telemetry_rollups WHERE ${where}`);
  for (const r of bad) {
    console.error(
      `rollup ${r.version}/${r.hour}/${r.shard}/${r.backend}/${r.browser} quarantined: ${r.reason}`,
    );
    const key = [r.version, r.hour, r.shard, r.backend, r.browser, r.aggregate];
    await db.batch([copy.bind(r.reason, now, ...key), remove.bind(...key)]);
  }
}

/** The rollout as the fleet views show it; null before the registry has one. */
export async function readRollout(env: Env): Promise<FleetInput["rollout"]> {
  try {
    const r = await getRollout(env);
    const guarded = r.canary !== null && (await runningGuarded(env))?.canary === r.canary;
    return { live: r.live, canary: r.canary, canaryPercent: r.canaryPercent, guarded };
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
  const [{ rows, quarantined }, rollout] = await Promise.all([
    readRollups(env.DB, from, to),
    readRollout(env),
  ]);
  return { rows, quarantined, k: kOf(env), from, to, now, rollout };
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
