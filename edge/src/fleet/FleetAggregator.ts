import { DurableObject } from "cloudflare:workers";
import {
  addReport,
  decodeSlice,
  emptySlice,
  encodeSlice,
  type SliceAggregate,
  sliceOf,
} from "../../../telemetry/fleet";
import type { TelemetryReport } from "../../../telemetry/schema";
import type { Env } from "../types";
import { flushRolloutSums, flushRollups } from "./flushRollups";
import {
  ROLLOUT_SUMS_SCHEMA,
  RolloutSumsStore,
  type RolloutTag,
  type StoredRolloutSums,
} from "./RolloutSumsStore";
import { type AggregatorMeta, FLUSH_DELAY_MS, REPLAY_WINDOW_MS } from "./shardKey";

/** Answer of {@link FleetAggregator.ingest}. */
export type IngestOutcome = "accepted" | "duplicate";

/** Size figures of one aggregator, for tests and the state-size benchmark. */
export type AggregatorStats = {
  merged: number;
  slices: number;
  seenIds: number;
  /** Reports logged but not yet folded into the stored aggregates (< CHECKPOINT_EVERY). */
  pending: number;
  /** Stored slices or logged reports that failed to load and were set aside. */
  quarantined: number;
  /** SQLite database size of this object (pages in use), bytes. */
  storageBytes: number;
  /** Bytes of the encoded aggregates alone (what is flushed to D1). */
  aggregateBytes: number;
};

/** One slice as stored: what the flush upserts into D1 `telemetry_rollups`. */
export type StoredSlice = { backend: string; browser: string; reports: number; aggregate: string };

/**
 * Reports logged between two checkpoints. Re-encoding every aggregate per report would write tens
 * of KB per report; logging the (≤ 64 KB, typically ~2 KB) report and folding every 64 keeps
 * writes small and storage bounded.
 */
export const CHECKPOINT_EVERY = 64;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, hour INTEGER NOT NULL,
  shard INTEGER NOT NULL, merged INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0, flushed_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS seen (report_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS slices (backend TEXT NOT NULL, browser TEXT NOT NULL, reports INTEGER NOT NULL,
  aggregate TEXT NOT NULL, PRIMARY KEY (backend, browser)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quarantine (id INTEGER PRIMARY KEY, what TEXT NOT NULL, data TEXT NOT NULL, reason TEXT NOT NULL);
${ROLLOUT_SUMS_SCHEMA}`;

const keyOf = (backend: string, browser: string) => `${backend}\u0000${browser}`;

/**
 * One shard of the fleet: all reports of one model version and hour whose reportId hashes to this
 * shard (name `${version}:${hour}:${shard}`, see shardKey.ts).
 * Durability: a report's id and the report itself are written in ONE SQLite transaction before
 * `ingest` returns (a write-ahead log), and every CHECKPOINT_EVERY reports the log is folded into
 * the per-slice aggregates (slice = backend × browser family) and emptied, in one transaction too.
 * An eviction or restart therefore loses nothing (the log is replayed on load) and a replay counts
 * nothing. State is aggregates plus a bounded log: flat in the number of reports, apart from the
 * reportId set, which lives only as long as a report of this hour can still be accepted.
 * An alarm flushes the absolute aggregates to D1 (idempotent upsert) a few seconds after changes.
 */
export class FleetAggregator extends DurableObject<Env> {
  /** In-memory aggregates = stored aggregates + replayed log; undefined until first needed. */
  private cache: Map<string, SliceAggregate> | undefined;
  /** The guarded rollout's sums, loaded and replayed with `cache`. */
  private rollout: RolloutSumsStore | undefined;
  private dirty = new Set<string>();
  private pendingCount = 0;
  /** Time of the alarm this instance knows to be set; null when unknown (fresh instance, alarm ran). */
  private armedAt: number | null = null;
  private emptied = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(SCHEMA);
  }

  /**
   * Merges one validated report exactly once, and its rollout tag (if any) with it.
   * @example await aggregatorStub(env, name).ingest({ version: "v1", hour, shard: 2 }, report) // "accepted"
   */
  async ingest(meta: AggregatorMeta, report: TelemetryReport, tag?: RolloutTag): Promise<IngestOutcome> {
    const sql = this.ctx.storage.sql;
    if (this.emptied) {
      sql.exec(SCHEMA);
      this.emptied = false;
    }
    const slices = this.slices();
    const outcome = this.ctx.storage.transactionSync((): IngestOutcome => {
      const inserted = sql.exec(
        "INSERT INTO seen (report_id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        report.reportId,
        meta.hour + REPLAY_WINDOW_MS,
      );
      if (inserted.rowsWritten === 0) return "duplicate";
      sql.exec(
        "INSERT INTO meta (id, version, hour, shard) VALUES (1, ?, ?, ?) ON CONFLICT DO NOTHING",
        meta.version,
        meta.hour,
        meta.shard,
      );
      sql.exec("UPDATE meta SET merged = merged + 1, seq = seq + 1 WHERE id = 1");
      sql.exec("INSERT INTO pending (report) VALUES (?)", JSON.stringify(report));
      if (tag)
        sql.exec("INSERT INTO rollout_tags (seq, tag) VALUES (last_insert_rowid(), ?)", JSON.stringify(tag));
      return "accepted";
    });
    if (outcome === "duplicate") return outcome;
    // Committed: mirror it in memory. Should that fail, storage is the truth and is reloaded.
    try {
      this.apply(slices, report, tag);
      this.pendingCount += 1;
      if (this.pendingCount >= CHECKPOINT_EVERY) this.checkpoint();
    } catch (error) {
      this.cache = undefined;
      this.rollout = undefined;
      throw error;
    }
    await this.armAlarm(Date.now() + FLUSH_DELAY_MS);
    return outcome;
  }

  /** Counts and sizes of this shard. */
  async stats(): Promise<AggregatorStats> {
    const sql = this.ctx.storage.sql;
    const merged =
      sql.exec<{ merged: number }>("SELECT merged FROM meta WHERE id = 1").toArray()[0]?.merged ?? 0;
    const seenIds = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM seen").one().n;
    const pending = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM pending").one().n;
    const quarantined = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM quarantine").one().n;
    const sizes = sql
      .exec<{ n: number; bytes: number | null }>(
        "SELECT COUNT(*) AS n, SUM(LENGTH(aggregate)) AS bytes FROM slices",
      )
      .one();
    return {
      merged,
      slices: sizes.n,
      seenIds,
      pending,
      quarantined,
      storageBytes: sql.databaseSize,
      aggregateBytes: sizes.bytes ?? 0,
    };
  }

  /** The aggregates with the log folded in, as the flush sends them. */
  async snapshot(): Promise<StoredSlice[]> {
    this.slices();
    this.checkpoint();
    return this.ctx.storage.sql
      .exec<StoredSlice>("SELECT backend, browser, reports, aggregate FROM slices ORDER BY backend, browser")
      .toArray();
  }

  /** The guarded rollouts' sums of this shard, with the log folded in. */
  async rolloutSums(): Promise<StoredRolloutSums[]> {
    this.slices();
    return (this.rollout as RolloutSumsStore).rows();
  }

  /** Flushes to D1, prunes expired reportIds, and deletes itself once its hour can get no more reports. */
  override async alarm(): Promise<void> {
    this.armedAt = null;
    const sql = this.ctx.storage.sql;
    const meta = sql
      .exec<AggregatorMeta & { seq: number; flushed_seq: number }>("SELECT * FROM meta")
      .toArray()[0];
    if (!meta) return;
    const seq = meta.seq;
    if (seq > meta.flushed_seq) {
      await flushRollups(this.env.DB, meta, await this.snapshot());
      await flushRolloutSums(this.env.DB, meta, await this.rolloutSums());
      sql.exec("UPDATE meta SET flushed_seq = ? WHERE id = 1", seq);
    }
    const now = Date.now();
    sql.exec("DELETE FROM seen WHERE expires_at <= ?", now);
    const current = sql.exec<{ seq: number }>("SELECT seq FROM meta").one().seq;
    if (current > seq) return this.armAlarm(now + FLUSH_DELAY_MS);
    const endOfLife = meta.hour + REPLAY_WINDOW_MS;
    if (now < endOfLife) return this.armAlarm(endOfLife);
    // No report of this hour can be accepted any more and D1 holds the final rollup.
    this.cache = undefined;
    this.rollout = undefined;
    this.dirty.clear();
    this.pendingCount = 0;
    await this.ctx.storage.deleteAll();
    this.emptied = true;
  }

  /**
   * Loads the stored aggregates and replays the log into them (after a restart or eviction). A
   * slice or logged report that fails to load is moved to `quarantine` (and logged) rather than
   * failing every later report of this shard.
   */
  private slices(): Map<string, SliceAggregate> {
    if (this.cache) return this.cache;
    const sql = this.ctx.storage.sql;
    const cache = new Map<string, SliceAggregate>();
    this.dirty.clear();
    this.pendingCount = 0;
    const { store, bad } = RolloutSumsStore.load(sql);
    for (const data of bad) this.quarantine("rollout_sums", data, new Error("invalid cohort sums"));
    this.rollout = store;
    for (const row of sql.exec<StoredSlice>("SELECT * FROM slices").toArray()) {
      try {
        cache.set(keyOf(row.backend, row.browser), decodeSlice(row.aggregate));
      } catch (error) {
        this.quarantine("slice", row.aggregate, error);
        sql.exec("DELETE FROM slices WHERE backend = ? AND browser = ?", row.backend, row.browser);
      }
    }
    const log = sql.exec<{ seq: number; report: string; tag: string | null }>(
      "SELECT p.seq, p.report, t.tag FROM pending p LEFT JOIN rollout_tags t ON t.seq = p.seq ORDER BY p.seq",
    );
    for (const row of log.toArray()) {
      try {
        const tag = row.tag === null ? undefined : (JSON.parse(row.tag) as RolloutTag);
        this.apply(cache, JSON.parse(row.report) as TelemetryReport, tag);
        this.pendingCount += 1;
      } catch (error) {
        this.quarantine("report", row.report, error);
        sql.exec("DELETE FROM pending WHERE seq = ?", row.seq);
        sql.exec("DELETE FROM rollout_tags WHERE seq = ?", row.seq);
      }
    }
    this.cache = cache;
    return cache;
  }

  private quarantine(what: "slice" | "report" | "rollout_sums", data: string, error: unknown): void {
    const reason = String((error as Error)?.message ?? error);
    console.error(`FleetAggregator: a stored ${what} failed to load and was quarantined: ${reason}`);
    this.ctx.storage.sql.exec(
      "INSERT INTO quarantine (what, data, reason) VALUES (?, ?, ?)",
      what,
      data,
      reason,
    );
  }

  private apply(cache: Map<string, SliceAggregate>, report: TelemetryReport, tag?: RolloutTag): void {
    if (tag) this.rollout?.add(tag);
    const { backend, browser } = sliceOf(report);
    const key = keyOf(backend, browser);
    const slice = cache.get(key) ?? emptySlice();
    addReport(slice, report);
    cache.set(key, slice);
    this.dirty.add(key);
  }

  /** Folds the log into the stored aggregates and empties it, atomically. */
  private checkpoint(): void {
    const cache = this.cache;
    if (!cache || this.pendingCount === 0) return;
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const key of this.dirty) {
        const slice = cache.get(key) as SliceAggregate;
        const [backend, browser] = key.split("\u0000");
        sql.exec(
          `INSERT INTO slices (backend, browser, reports, aggregate) VALUES (?, ?, ?, ?)
           ON CONFLICT (backend, browser) DO UPDATE SET reports = excluded.reports, aggregate = excluded.aggregate`,
          backend,
          browser,
          slice.reports,
          encodeSlice(slice),
        );
      }
      this.rollout?.checkpoint(sql);
      sql.exec("DELETE FROM pending");
    });
    this.dirty.clear();
    this.pendingCount = 0;
  }

  /** Makes sure an alarm runs no later than `at` (one storage read per instance, not per report). */
  private async armAlarm(at: number): Promise<void> {
    if (this.armedAt !== null && this.armedAt <= at) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) {
      await this.ctx.storage.setAlarm(at);
      this.armedAt = at;
    } else {
      this.armedAt = current;
    }
  }
}
