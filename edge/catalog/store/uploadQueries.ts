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

/** Registers a staging version (no-op when it exists: uploads resume idempotently). */
export async function beginCatalogVersion(env: Env, version: string, begin: CatalogBegin, actor: string) {
  await env.DB.prepare(
    `INSERT INTO catalog_versions (version, status, expected_items, expected_lists, created_at, created_by)
     VALUES (?, 'staging', ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
  )
    .bind(version, begin.items, begin.lists, new Date().toISOString(), actor)
    .run();
}

/**
 * Writes item rows (and their search rows) of a staging version in one transaction. Rows are passed
 * as one JSON parameter and expanded with json_each, which sidesteps D1's 100 bound parameters per
 * statement (developers.cloudflare.com/d1/platform/limits). Re-sending a chunk replaces its rows.
 */
export async function putCatalogItems(env: Env, version: string, rows: ItemRow[]): Promise<void> {
  const json = JSON.stringify(rows);
  const ids = JSON.stringify(rows.map((r) => r.id));
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR REPLACE INTO catalog_items (version, id, title, categories, brand, image, count, trend, neighbours)
       SELECT ?1, value ->> '$.id', value ->> '$.title', value -> '$.categories', value ->> '$.brand',
              value ->> '$.image', value ->> '$.count', value ->> '$.trend', value -> '$.neighbours'
       FROM json_each(?2)`,
    ).bind(version, json),
    env.DB.prepare(
      "DELETE FROM catalog_fts WHERE version = ?1 AND item_id IN (SELECT value FROM json_each(?2))",
    ).bind(version, ids),
    env.DB.prepare(
      `INSERT INTO catalog_fts (title, brand, categories, version, item_id)
       SELECT value ->> '$.title', coalesce(value ->> '$.brand', ''),
              (SELECT group_concat(c.value, ' ') FROM json_each(value -> '$.categories') AS c), ?1, value ->> '$.id'
       FROM json_each(?2)`,
    ).bind(version, json),
  ]);
}

/** Writes ranked list rows of a staging version; re-sending replaces them. */
export async function putCatalogLists(env: Env, version: string, rows: ListRow[]): Promise<void> {
  await env.DB.prepare(
    `INSERT OR REPLACE INTO catalog_lists (version, name, entries)
     SELECT ?1, value ->> '$.name', value -> '$.entries' FROM json_each(?2)`,
  )
    .bind(version, JSON.stringify(rows))
    .run();
}

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
 * Makes a complete version the active catalog: marks it ready and flips the active pointer in one
 * transaction with its audit row (the flip itself is one statement), then deletes every other
 * version's rows. Readers never see a half-written catalog because they only follow the pointer.
 */
export async function activateCatalogVersion(
  env: Env,
  version: string,
  actor: string,
  detail: Record<string, unknown>,
) {
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare("UPDATE catalog_versions SET status = 'ready' WHERE version = ?").bind(version),
    env.DB.prepare(
      `INSERT INTO catalog_active (id, version, activated_at) VALUES (1, ?1, ?2)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at`,
    ).bind(version, now),
    auditStatement(env.DB, { actor, action: "catalog.activate", target: version, detail }),
  ]);
  forgetActiveVersion();
  await env.DB.batch([
    env.DB.prepare("DELETE FROM catalog_items WHERE version <> ?").bind(version),
    env.DB.prepare("DELETE FROM catalog_lists WHERE version <> ?").bind(version),
    env.DB.prepare("DELETE FROM catalog_fts WHERE version <> ?").bind(version),
    env.DB.prepare("DELETE FROM catalog_versions WHERE version <> ?").bind(version),
  ]);
}
