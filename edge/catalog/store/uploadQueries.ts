import { auditStatement } from "../../src/registry";
import type { Env } from "../../src/types";
import type { CatalogBegin, ItemRow, ListRow } from "./schemas";
import { forgetActiveVersion } from "./versionCache";

/** State of one catalog version as the admin API reports it. */
export type CatalogVersionInfo = {
  version: string;
  status: "staging" | "ready";
  expectedItems: number;
  expectedLists: number;
  createdAt: string;
};

type VersionRow = {
  version: string;
  status: "staging" | "ready";
  expected_items: number;
  expected_lists: number;
  created_at: string;
};

const info = (r: VersionRow): CatalogVersionInfo => ({
  version: r.version,
  status: r.status,
  expectedItems: r.expected_items,
  expectedLists: r.expected_lists,
  createdAt: r.created_at,
});

/** The active catalog version, or null when none is loaded. */
export async function getActiveCatalog(env: Env): Promise<{ version: string; activatedAt: string } | null> {
  const row = await env.DB.prepare("SELECT version, activated_at FROM catalog_active WHERE id = 1").first<{
    version: string;
    activated_at: string;
  }>();
  return row ? { version: row.version, activatedAt: row.activated_at } : null;
}

/** Every known version (staging or ready). */
export async function listCatalogVersions(env: Env): Promise<CatalogVersionInfo[]> {
  const { results } = await env.DB.prepare(
    "SELECT * FROM catalog_versions ORDER BY created_at",
  ).all<VersionRow>();
  return results.map(info);
}

/** One version, or null. */
export async function getCatalogVersion(env: Env, version: string): Promise<CatalogVersionInfo | null> {
  const row = await env.DB.prepare("SELECT * FROM catalog_versions WHERE version = ?")
    .bind(version)
    .first<VersionRow>();
  return row ? info(row) : null;
}

/**
 * Chunk writes apply only while their version is still staging, checked inside the writing
 * transaction: a chunk re-sent while a commit of the same version lands cannot alter the live rows.
 */
const STILL_STAGING = "(SELECT status FROM catalog_versions WHERE version = ?1) = 'staging'";

/** Registers a staging version, audited once (no-op when it exists: uploads resume idempotently). */
export async function beginCatalogVersion(env: Env, version: string, begin: CatalogBegin, actor: string) {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO catalog_versions (version, status, expected_items, expected_lists, created_at, created_by)
       VALUES (?, 'staging', ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
    ).bind(version, begin.items, begin.lists, new Date().toISOString(), actor),
    auditStatement(
      env.DB,
      { actor, action: "catalog.begin", target: version, detail: begin },
      { ifChanged: true },
    ),
  ]);
}

/**
 * Writes item rows (and their search rows) of a staging version in one transaction with its audit
 * row. Rows are passed as one JSON parameter and expanded with json_each, which sidesteps D1's 100
 * bound parameters per statement (developers.cloudflare.com/d1/platform/limits). Re-sending a chunk
 * replaces its rows.
 */
export async function putCatalogItems(
  env: Env,
  version: string,
  rows: ItemRow[],
  actor: string,
): Promise<void> {
  const json = JSON.stringify(rows);
  const ids = JSON.stringify(rows.map((r) => r.id));
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR REPLACE INTO catalog_items
         (version, id, title, categories, brand, image, count, trend, neighbours, content, sku, url, price, currency)
       SELECT ?1, value ->> '$.id', value ->> '$.title', value -> '$.categories', value ->> '$.brand',
              value ->> '$.image', value ->> '$.count', value ->> '$.trend', value -> '$.neighbours',
              value -> '$.content', value ->> '$.sku', value ->> '$.url', value ->> '$.price', value ->> '$.currency'
       FROM json_each(?2) WHERE ${STILL_STAGING}`,
    ).bind(version, json),
    env.DB.prepare(
      `DELETE FROM catalog_fts WHERE version = ?1 AND item_id IN (SELECT value FROM json_each(?2)) AND ${STILL_STAGING}`,
    ).bind(version, ids),
    env.DB.prepare(
      `INSERT INTO catalog_fts (title, brand, categories, version, item_id)
       SELECT value ->> '$.title', coalesce(value ->> '$.brand', ''),
              (SELECT group_concat(c.value, ' ') FROM json_each(value -> '$.categories') AS c), ?1, value ->> '$.id'
       FROM json_each(?2) WHERE ${STILL_STAGING}`,
    ).bind(version, json),
    auditStatement(
      env.DB,
      { actor, action: "catalog.items", target: version, detail: chunkDetail(rows) },
      { ifChanged: true },
    ),
  ]);
}

/** Writes ranked list rows of a staging version with its audit row; re-sending replaces them. */
export async function putCatalogLists(
  env: Env,
  version: string,
  rows: ListRow[],
  actor: string,
): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR REPLACE INTO catalog_lists (version, name, entries)
       SELECT ?1, value ->> '$.name', value -> '$.entries' FROM json_each(?2) WHERE ${STILL_STAGING}`,
    ).bind(version, JSON.stringify(rows)),
    auditStatement(
      env.DB,
      {
        actor,
        action: "catalog.lists",
        target: version,
        detail: { rows: rows.length, names: rows.map((r) => r.name).slice(0, 20) },
      },
      { ifChanged: true },
    ),
  ]);
}

/** What a chunk's audit row records: its size and id range, not its content. */
const chunkDetail = (rows: ItemRow[]) => ({
  rows: rows.length,
  firstId: rows[0]?.id ?? null,
  lastId: rows.at(-1)?.id ?? null,
});

/** Row counts written so far for a version. */
export async function countCatalogRows(env: Env, version: string): Promise<{ items: number; lists: number }> {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM catalog_items WHERE version = ?1) AS items,
            (SELECT count(*) FROM catalog_lists WHERE version = ?1) AS lists`,
  )
    .bind(version)
    .first<{ items: number; lists: number }>();
  return row ?? { items: 0, lists: 0 };
}

/**
 * Makes a complete version the active catalog with a compare-and-set on the active pointer: it moves
 * from `previous` (null: no catalog yet) to `version` only if the pointer still holds `previous` and
 * `version` still has exactly the expected rows, in one transaction with the version's 'ready' mark
 * and its audit row (written only when the pointer moved). Returns whether it did; on false nothing
 * changed, and the caller reports the concurrent commit.
 */
export async function activateCatalogVersion(
  env: Env,
  target: { version: string; previous: string | null; items: number; lists: number },
  actor: string,
): Promise<boolean> {
  const { version, previous, items, lists } = target;
  const complete = `(SELECT count(*) FROM catalog_items WHERE version = ?1) = ?3
    AND (SELECT count(*) FROM catalog_lists WHERE version = ?1) = ?4`;
  const flip =
    previous === null
      ? env.DB.prepare(
          `INSERT INTO catalog_active (id, version, activated_at) SELECT 1, ?1, ?2
           WHERE NOT EXISTS (SELECT 1 FROM catalog_active) AND ${complete}`,
        ).bind(version, new Date().toISOString(), items, lists)
      : env.DB.prepare(
          `UPDATE catalog_active SET version = ?1, activated_at = ?2
           WHERE id = 1 AND version = ?5 AND ${complete}`,
        ).bind(version, new Date().toISOString(), items, lists, previous);
  const [moved] = await env.DB.batch([
    flip,
    auditStatement(
      env.DB,
      { actor, action: "catalog.activate", target: version, detail: { items, lists, previous } },
      { ifChanged: true },
    ),
    env.DB.prepare(
      "UPDATE catalog_versions SET status = 'ready' WHERE version = ?1 AND (SELECT version FROM catalog_active) = ?1",
    ).bind(version),
  ]);
  forgetActiveVersion();
  return moved.meta.changes === 1;
}

/**
 * Deletes the rows of every committed version that is not active now, judged inside the deleting
 * transaction, so a commit that lands between another commit's activation and this cleanup keeps
 * its rows. Staging versions (uploads in progress) are left alone.
 */
export async function dropInactiveCatalogs(env: Env): Promise<void> {
  const inactive = `version IN (SELECT version FROM catalog_versions WHERE status = 'ready'
    AND version IS NOT (SELECT version FROM catalog_active WHERE id = 1))`;
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM catalog_items WHERE ${inactive}`),
    env.DB.prepare(`DELETE FROM catalog_lists WHERE ${inactive}`),
    env.DB.prepare(`DELETE FROM catalog_fts WHERE ${inactive}`),
    env.DB.prepare(`DELETE FROM catalog_versions WHERE ${inactive}`),
  ]);
}
