import { apiError } from "../http/apiError";
import type { Env } from "../types";
import type { AuditInput, Rollout } from "./types";

type RolloutRow = {
  live: string | null;
  canary: string | null;
  canary_percent: number;
  previous_live: string | null;
  salt: string;
  revision: number;
  updated_at: string | null;
  updated_by: string | null;
};

/** The fields an admin action may change; revision and timestamps follow. */
export type RolloutChange = Pick<Rollout, "live" | "canary" | "canaryPercent" | "previousLive" | "salt">;

/**
 * The current rollout (the migration creates its single row with no live version).
 * @example const { live, canary, canaryPercent } = await getRollout(env);
 */
export async function getRollout(env: Env): Promise<Rollout> {
  const row = await env.DB.prepare("SELECT * FROM rollout_state WHERE id = 1").first<RolloutRow>();
  if (!row) throw new Error("rollout_state has no row: are the D1 migrations applied?");
  return {
    live: row.live,
    canary: row.canary,
    canaryPercent: row.canary_percent,
    previousLive: row.previous_live,
    salt: row.salt,
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** How stale the public assignment route may read the rollout: 5 s, well under its 30 s HTTP cache. */
export const ROLLOUT_CACHE_MS = 5_000;
let cachedRollout: { rollout: Rollout; at: number } | undefined;

/**
 * The rollout as the hot public route `GET /v1/model` reads it: from isolate memory when read less than
 * `maxAgeMs` ago, else from D1. Writes through `saveRollout` in this isolate refresh it at once; other
 * isolates see a change within `maxAgeMs`. Admin and fleet code use the exact `getRollout`.
 * @example const rollout = await getRolloutCached(env);
 */
export async function getRolloutCached(env: Env, maxAgeMs = ROLLOUT_CACHE_MS): Promise<Rollout> {
  const now = Date.now();
  if (cachedRollout && now - cachedRollout.at < maxAgeMs) return cachedRollout.rollout;
  const rollout = await getRollout(env);
  cachedRollout = { rollout, at: now };
  return rollout;
}

/** Forgets the cached rollout (tests that rewrite D1 directly call it). */
export function clearRolloutCache(): void {
  cachedRollout = undefined;
}

/**
 * The compare-and-set UPDATE of the rollout row: applies `next` only while the rollout is still at
 * `from.revision`. A statement, so a caller can put it first in a `DB.batch()` (one transaction)
 * with what must change together with it, each later statement guarded by `changes()`.
 * @example const [updated] = await env.DB.batch([rolloutUpdate(env.DB, from, next, actor, now), ...]);
 */
export function rolloutUpdate(
  db: D1Database,
  from: Rollout,
  next: RolloutChange,
  actor: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE rollout_state
          SET live = ?, canary = ?, canary_percent = ?, previous_live = ?, salt = ?,
              revision = revision + 1, updated_at = ?, updated_by = ?
        WHERE id = 1 AND revision = ?`,
    )
    .bind(
      next.live,
      next.canary,
      next.canaryPercent,
      next.previousLive,
      next.salt,
      now,
      actor,
      from.revision,
    );
}

/** Notes a rollout this isolate has just written, so `getRolloutCached` reads it at once. */
export function rememberRollout(rollout: Rollout): void {
  cachedRollout = { rollout, at: Date.now() };
}

/**
 * Writes `next` if the rollout is still at `from.revision` (compare-and-set) and, in the same
 * transaction, one audit row. `changes() = 1` makes the audit insert depend on the update having
 * applied (https://www.sqlite.org/lang_corefunc.html#changes). A lost race answers 409 and writes nothing.
 */
export async function saveRollout(
  env: Env,
  from: Rollout,
  next: RolloutChange,
  audit: AuditInput,
): Promise<Rollout> {
  const now = new Date().toISOString();
  const guardedAudit = env.DB.prepare(
    "INSERT INTO admin_audit (at, actor, action, target, detail) SELECT ?, ?, ?, ?, ? WHERE changes() = 1",
  ).bind(now, audit.actor, audit.action, audit.target, JSON.stringify(audit.detail));
  const [updated] = await env.DB.batch([rolloutUpdate(env.DB, from, next, audit.actor, now), guardedAudit]);
  if (updated.meta.changes !== 1) {
    throw apiError(
      409,
      "rollout_changed",
      "the rollout changed while this request ran; read it again and retry",
    );
  }
  const saved = { ...next, revision: from.revision + 1, updatedAt: now, updatedBy: audit.actor };
  rememberRollout(saved);
  return saved;
}
