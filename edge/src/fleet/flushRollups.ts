import type { StoredSlice } from "./FleetAggregator";
import type { StoredRolloutSums } from "./RolloutSumsStore";
import { type AggregatorMeta, hourOf } from "./shardKey";

/**
 * Writes one shard's absolute slice aggregates to D1 in one batch (one implicit transaction).
 * Rows are keyed by (version, hour, shard, backend, browser) and carry totals, not deltas, so a
 * retried alarm rewrites the same numbers; the `reports` guard keeps an older snapshot from ever
 * overwriting a newer one. `flushed_at` is coarsened to the hour: it follows report arrivals, and
 * an exact time could date a lone report to within seconds (PRIVACY.md rule 9).
 * @example await flushRollups(env.DB, { version: "v1", hour, shard: 0 }, await aggregator.snapshot());
 */
export async function flushRollups(
  db: D1Database,
  meta: AggregatorMeta,
  slices: StoredSlice[],
): Promise<void> {
  if (slices.length === 0) return;
  const flushedAt = hourOf(Date.now());
  const statement = db.prepare(
    `INSERT INTO telemetry_rollups (version, hour, shard, backend, browser, reports, aggregate, flushed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (version, hour, shard, backend, browser) DO UPDATE SET
       reports = excluded.reports, aggregate = excluded.aggregate, flushed_at = excluded.flushed_at
     WHERE excluded.reports >= telemetry_rollups.reports`,
  );
  await db.batch(
    slices.map((s) =>
      statement.bind(
        meta.version,
        meta.hour,
        meta.shard,
        s.backend,
        s.browser,
        s.reports,
        s.aggregate,
        flushedAt,
      ),
    ),
  );
}

/**
 * Writes one shard's absolute guarded-rollout sums to D1 `rollout_sums`, keyed by the shard's name
 * like the rollups: a retried alarm rewrites the same numbers, an older snapshot never wins. Sums of
 * a rollout that no longer runs are not written: the tick has pruned them (`pruneFinishedSums`), and
 * a shard keeps sending them with every later flush of its hour.
 * @example await flushRolloutSums(env.DB, meta, await aggregator.rolloutSums());
 */
export async function flushRolloutSums(
  db: D1Database,
  meta: AggregatorMeta,
  rows: StoredRolloutSums[],
): Promise<void> {
  if (rows.length === 0) return;
  const statement = db.prepare(
    `INSERT INTO rollout_sums (rollout_id, step, side, shard, reports, sums)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS
       (SELECT 1 FROM rollout_plans WHERE id = ?1 AND state IN ('active', 'paused'))
     ON CONFLICT (rollout_id, step, side, shard) DO UPDATE SET reports = excluded.reports, sums = excluded.sums
     WHERE excluded.reports >= rollout_sums.reports`,
  );
  const shard = `${meta.version}:${meta.hour}:${meta.shard}`;
  await db.batch(
    rows.map((r) => statement.bind(r.rollout, r.step, r.side, shard, r.sums.reports, JSON.stringify(r.sums))),
  );
}
