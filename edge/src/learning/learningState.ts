import {
  aggregateContributions,
  type ContributionCounts,
  mapsFromJson,
  mapsToJson,
  type PoolState,
  poolsFromJson,
  poolsToJson,
} from "../../../telemetry/learning";

/** Where the releases stand (`fleet_learning_state`, id = 1). */
export type LearningState = {
  baseVersion: string | null;
  derivedVersion: string | null;
  lastStep: number;
  lastDay: string;
};

/**
 * The pooled released counts live in R2 (MODELS bucket, outside the public `models/` prefix): with
 * a pair domain of ~240k candidate pairs they are several MB, over D1's 2 MB row limit. They are
 * already noisy, so keeping them indefinitely keeps no raw contribution.
 */
const POOLS_KEY = "fleet-learning/pools.json";

/**
 * The exact counts of the release period so far (summed over devices: no contribution can be told
 * apart), kept until the period is released and then emptied. Private like the raw contributions.
 */
const PENDING_KEY = "fleet-learning/pending.json";

/** The state row, or the start state when none is stored yet. */
export async function loadLearningState(db: D1Database): Promise<LearningState> {
  const row = await db
    .prepare(
      "SELECT base_version, derived_version, last_step, last_day FROM fleet_learning_state WHERE id = 1",
    )
    .first<{
      base_version: string | null;
      derived_version: string | null;
      last_step: number;
      last_day: string;
    }>();
  return {
    baseVersion: row?.base_version ?? null,
    derivedVersion: row?.derived_version ?? null,
    lastStep: row?.last_step ?? 0,
    lastDay: row?.last_day ?? "",
  };
}

/**
 * Stores the state if it still is `previous` (compare-and-set: of two overlapping cron runs, only one
 * releases a period). Check `meta.changes === 1` on its result.
 */
export function saveLearningState(
  db: D1Database,
  next: LearningState,
  previous: LearningState,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO fleet_learning_state (id, base_version, derived_version, last_step, last_day) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET base_version = excluded.base_version, derived_version = excluded.derived_version,
         last_step = excluded.last_step, last_day = excluded.last_day
       WHERE last_step = ? AND last_day = ?`,
    )
    .bind(
      next.baseVersion,
      next.derivedVersion,
      next.lastStep,
      next.lastDay,
      previous.lastStep,
      previous.lastDay,
    );
}

/** The pools, empty when none are stored. */
export async function loadPools(bucket: R2Bucket): Promise<PoolState> {
  const object = await bucket.get(POOLS_KEY);
  return poolsFromJson(object ? await object.text() : null);
}

/**
 * Stores the pools, after the state row has moved: a crash in between loses one release, and never
 * releases the same contributions twice.
 */
export async function savePools(bucket: R2Bucket, pools: PoolState): Promise<void> {
  await bucket.put(POOLS_KEY, poolsToJson(pools), { httpMetadata: { contentType: "application/json" } });
}

/** The current period's exact counts so far and how many contributions they sum; empty when none. */
export async function loadPending(bucket: R2Bucket): Promise<Pending> {
  const object = await bucket.get(PENDING_KEY);
  if (!object) return { counts: aggregateContributions([]), contributions: 0 };
  const contributions = Number(object.customMetadata?.contributions ?? 0);
  return { counts: mapsFromJson(await object.text(), aggregateContributions([])), contributions };
}

/** Stores the period's exact counts, after the state row has moved (as `savePools`). */
export async function savePending(bucket: R2Bucket, pending: Pending): Promise<void> {
  await bucket.put(PENDING_KEY, mapsToJson(pending.counts), {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { contributions: String(pending.contributions) },
  });
}

/** A release period's exact counts so far (`PENDING_KEY`). */
export type Pending = { counts: ContributionCounts; contributions: number };

/** Records one release: what it spent and what it taught. */
export function recordRelease(
  db: D1Database,
  r: { period: string; contributions: number; epsilon: number; delta: number; taught: unknown },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR REPLACE INTO fleet_releases (period, released_at, contributions, epsilon, delta, taught)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(r.period, new Date().toISOString(), r.contributions, r.epsilon, r.delta, JSON.stringify(r.taught));
}
