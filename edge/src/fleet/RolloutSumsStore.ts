import {
  addToCohort,
  type CohortSums,
  type Contribution,
  emptyCohortSums,
  parseCohortSums,
  type RolloutSide,
  type StepCohortSums,
} from "../../../telemetry/rollout";

/**
 * What a report adds to a running guarded rollout, worked out by the Worker at ingest
 * (`rolloutTagFor`): the rollout, its step when the report arrived, the report's side and its
 * contribution to every guardrail.
 */
export type RolloutTag = { rollout: number; step: number; side: RolloutSide; contribution: Contribution };

/** One stored row: the sums of one cohort in one step of one rollout, in this shard. */
export type StoredRolloutSums = StepCohortSums & { rollout: number };

/** Tables beside the aggregator's own: each logged report's tag, and the folded sums. */
export const ROLLOUT_SUMS_SCHEMA = `
CREATE TABLE IF NOT EXISTS rollout_tags (seq INTEGER PRIMARY KEY, tag TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rollout_sums (rollout_id INTEGER NOT NULL, step INTEGER NOT NULL, side TEXT NOT NULL,
  sums TEXT NOT NULL, PRIMARY KEY (rollout_id, step, side)) WITHOUT ROWID;`;

const keyOf = (t: { rollout: number; step: number; side: RolloutSide }) => `${t.rollout}:${t.step}:${t.side}`;

/**
 * The rollout sums of one FleetAggregator, kept beside its slices: a tag is logged with its report
 * in the same transaction, folded at the same checkpoints and replayed with the same log, so a
 * report counts in the rollout exactly when it counts in the fleet (once, replays refused).
 * @example const store = RolloutSumsStore.load(sql); store.add(tag); store.checkpoint(sql);
 */
export class RolloutSumsStore {
  private readonly dirty = new Set<string>();

  private constructor(private readonly sums: Map<string, StoredRolloutSums>) {}

  /** Loads the folded sums; a row that fails to decode is returned in `bad` to be set aside. */
  static load(sql: SqlStorage): { store: RolloutSumsStore; bad: string[] } {
    const sums = new Map<string, StoredRolloutSums>();
    const bad: string[] = [];
    const rows = sql
      .exec<{ rollout_id: number; step: number; side: RolloutSide; sums: string }>(
        "SELECT * FROM rollout_sums",
      )
      .toArray();
    for (const row of rows) {
      const parsed = parseCohortSums(row.sums);
      if (parsed) {
        const stored = { rollout: row.rollout_id, step: row.step, side: row.side, sums: parsed };
        sums.set(keyOf(stored), stored);
        continue;
      }
      bad.push(row.sums);
      sql.exec(
        "DELETE FROM rollout_sums WHERE rollout_id = ? AND step = ? AND side = ?",
        row.rollout_id,
        row.step,
        row.side,
      );
    }
    return { store: new RolloutSumsStore(sums), bad };
  }

  /** Adds one report's tag in memory (the caller has logged it). */
  add(tag: RolloutTag): void {
    const key = keyOf(tag);
    const entry = this.sums.get(key) ?? {
      rollout: tag.rollout,
      step: tag.step,
      side: tag.side,
      sums: emptyCohortSums(),
    };
    addToCohort(entry.sums, tag.contribution);
    this.sums.set(key, entry);
    this.dirty.add(key);
  }

  /** Writes the changed sums and empties the tag log; call inside the checkpoint's transaction. */
  checkpoint(sql: SqlStorage): void {
    for (const key of this.dirty) {
      const e = this.sums.get(key) as StoredRolloutSums;
      sql.exec(
        `INSERT INTO rollout_sums (rollout_id, step, side, sums) VALUES (?, ?, ?, ?)
         ON CONFLICT (rollout_id, step, side) DO UPDATE SET sums = excluded.sums`,
        e.rollout,
        e.step,
        e.side,
        JSON.stringify(e.sums),
      );
    }
    sql.exec("DELETE FROM rollout_tags");
    this.dirty.clear();
  }

  /** Every rollout's sums in this shard (with the log folded in), as the flush sends them. */
  rows(): StoredRolloutSums[] {
    return [...this.sums.values()].map((e) => ({ ...e, sums: structuredClone(e.sums) as CohortSums }));
  }
}
