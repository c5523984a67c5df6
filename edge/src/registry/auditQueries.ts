import type { Env } from "../types";
import type { AuditEntry, AuditInput } from "./types";

type AuditRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
};

/**
 * The INSERT of one audit row, as a statement so callers can put it in the same `DB.batch()` (one
 * transaction) as the change it records: either both land or neither does. With `ifChanged`, the
 * row is written only when the statement just before it in the batch changed a row (SQLite's
 * `changes()`), so a write that turned out to be a no-op (a lost compare-and-set, a concurrent
 * identical upload) is not audited: every admin write is audited exactly once.
 * @example await env.DB.batch([update, auditStatement(env.DB, { actor, action: "catalog.upload", target, detail: {} })]);
 */
export function auditStatement(
  db: D1Database,
  entry: AuditInput,
  options: { ifChanged?: boolean } = {},
): D1PreparedStatement {
  const when = options.ifChanged ? " WHERE changes() > 0" : "";
  return db
    .prepare(`INSERT INTO admin_audit (at, actor, action, target, detail) SELECT ?, ?, ?, ?, ?${when}`)
    .bind(new Date().toISOString(), entry.actor, entry.action, entry.target, JSON.stringify(entry.detail));
}

/**
 * Audit rows, newest first; `before` (an id) pages further back.
 * @example await listAudit(env, { limit: 20 })
 */
export async function listAudit(
  env: Env,
  options: { limit: number; before?: number },
): Promise<AuditEntry[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, at, actor, action, target, detail FROM admin_audit WHERE id < ? ORDER BY id DESC LIMIT ?",
  )
    .bind(options.before ?? Number.MAX_SAFE_INTEGER, options.limit)
    .all<AuditRow>();
  return results.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

/** Number of audit rows (tests use it to show that a rejected request wrote nothing). */
export async function countAudit(env: Env): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM admin_audit").first<{ n: number }>();
  return row?.n ?? 0;
}
