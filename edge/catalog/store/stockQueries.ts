import { auditStatement } from "../../src/registry";
import type { Env } from "../../src/types";
import { forgetActiveVersion } from "./versionCache";

/** The stock revision and the ids out of stock under it. */
export type StockState = { revision: number; unavailable: ReadonlySet<number> };

let cached: StockState | undefined;

/**
 * The ids out of stock at `revision`, read from D1 only when the revision changed since this isolate
 * read them last (the revision itself comes with every candidate request's first read).
 * @example const { unavailable } = await stockAt(env, revision);
 */
export async function stockAt(env: Env, revision: number): Promise<StockState> {
  if (cached?.revision === revision) return cached;
  const [rev, ids] = await env.DB.batch([
    env.DB.prepare("SELECT revision FROM catalog_stock WHERE id = 1"),
    env.DB.prepare("SELECT id FROM catalog_unavailable"),
  ]);
  const read = (rev.results[0] as { revision: number } | undefined)?.revision ?? 0;
  cached = { revision: read, unavailable: new Set((ids.results as { id: number }[]).map((r) => r.id)) };
  return cached;
}

/** The stock revision in D1 now. */
export async function revisionNow(env: Env): Promise<number> {
  const row = await env.DB.prepare("SELECT revision FROM catalog_stock WHERE id = 1").first<{
    revision: number;
  }>();
  return row?.revision ?? 0;
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
  const now = await stockAt(env, await revisionNow(env));
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
