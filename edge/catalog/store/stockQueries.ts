import { auditStatement } from "../../src/registry";
import type { Env } from "../../src/types";
import { forgetActiveVersion } from "./versionCache";

/**
 * The stock as a cache key: "" before any change (so answers keep the keys and ETags they had before
 * stock existed), else the revision and the time of the change. The time guards against a revision
 * number seen before: a D1 restored from a backup, or test storage rolled back.
 */
export const STOCK_TOKEN_SQL = "CASE WHEN revision = 0 THEN '' ELSE revision || '@' || changed_at END";

/** A stock token and the ids out of stock under it. */
export type StockState = { token: string; unavailable: ReadonlySet<number> };

let cached: StockState | undefined;

/**
 * The ids out of stock under `token`, read from D1 only when the token changed since this isolate
 * read them last (the token itself comes with every candidate request's first read).
 * @example const { unavailable } = await stockAt(env, token);
 */
export async function stockAt(env: Env, token: string): Promise<StockState> {
  if (cached?.token === token) return cached;
  const [now, ids] = await env.DB.batch([
    env.DB.prepare(`SELECT ${STOCK_TOKEN_SQL} AS token FROM catalog_stock WHERE id = 1`),
    env.DB.prepare("SELECT id FROM catalog_unavailable"),
  ]);
  const read = (now.results[0] as { token: string } | undefined)?.token ?? "";
  cached = { token: read, unavailable: new Set((ids.results as { id: number }[]).map((r) => r.id)) };
  return cached;
}

/** The stock token in D1 now. */
export async function stockTokenNow(env: Env): Promise<string> {
  const row = await env.DB.prepare(
    `SELECT ${STOCK_TOKEN_SQL} AS token FROM catalog_stock WHERE id = 1`,
  ).first<{
    token: string;
  }>();
  return row?.token ?? "";
}

const BUMP = "UPDATE catalog_stock SET revision = revision + 1, changed_at = ? WHERE id = 1";

/**
 * Marks ids out of stock (`available: false`) or back in stock, bumping the stock revision and
 * auditing in the same transaction. Changes nothing (and bumps nothing) when every id already is so.
 * @example await markStock(env, { ids: [7], skus: ["B004756YJA"], available: false }, "ops");
 */
export async function markStock(
  env: Env,
  change: { ids: number[]; skus: string[]; available: boolean },
  actor: string,
): Promise<boolean> {
  const ids = JSON.stringify(change.ids);
  const write = change.available
    ? "DELETE FROM catalog_unavailable WHERE id IN (SELECT value FROM json_each(?))"
    : "INSERT OR IGNORE INTO catalog_unavailable (id) SELECT value FROM json_each(?)";
  const action = change.available ? "catalog.in_stock" : "catalog.out_of_stock";
  const [written] = await env.DB.batch([
    env.DB.prepare(write).bind(ids),
    env.DB.prepare(`${BUMP} AND changes() > 0`).bind(new Date().toISOString()),
    auditStatement(
      env.DB,
      { actor, action, target: "stock", detail: { skus: change.skus } },
      { ifChanged: true },
    ),
  ]);
  forgetActiveVersion(); // this isolate answers with the new stock at once
  return (written.meta.changes ?? 0) > 0;
}

/**
 * Replaces the whole out-of-stock set (an import states every item's stock), bumping the revision
 * and auditing once, in one transaction; changes nothing (false) when the set is the same already.
 * @example await replaceStock(env, [3, 9], "import");
 */
export async function replaceStock(env: Env, unavailable: number[], actor: string): Promise<boolean> {
  const now = await stockAt(env, await stockTokenNow(env));
  const same = new Set(unavailable);
  if (same.size === now.unavailable.size && [...same].every((id) => now.unavailable.has(id))) return false;
  await env.DB.batch([
    env.DB.prepare("DELETE FROM catalog_unavailable"),
    env.DB.prepare("INSERT INTO catalog_unavailable (id) SELECT DISTINCT value FROM json_each(?)").bind(
      JSON.stringify(unavailable),
    ),
    env.DB.prepare(BUMP).bind(new Date().toISOString()),
    auditStatement(env.DB, {
      actor,
      action: "catalog.stock",
      target: "stock",
      detail: { unavailable: unavailable.length },
    }),
  ]);
  forgetActiveVersion();
  return true;
}
