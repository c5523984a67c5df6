import type { FoldedIndex, Scored } from "../../../telemetry/learning";
import { activateCatalogVersion, countCatalogRows } from "../../catalog/store";
import type { Env } from "../types";

/** The actor of derived versions (catalog_versions.created_by, audit rows). */
export const FLEET_ACTOR = "fleet-learning";

/** Changed item rows per UPDATE statement: keeps each bound JSON value well under D1's 2 MB. */
const UPDATE_CHUNK = 500;

const round = (x: number) => Number(x.toPrecision(5));
const pairs = (list: readonly Scored[]) => JSON.stringify(list.map((e) => [e.id, round(e.score)]));

/**
 * Writes `derived`: a copy of the `base` catalog version with the fold's changed items, popular and
 * trending lists, then makes it active with the catalog's own compare-and-set (from `previous`), so
 * readers switch in one step and ETags change with the version. Columns are copied by name from the
 * table's own schema, so columns added by later migrations come along. Returns whether it is active.
 */
export async function deriveCatalog(
  env: Env,
  target: { base: string; derived: string; previous: string },
  folded: FoldedIndex,
): Promise<boolean> {
  const { base, derived, previous } = target;
  const db = env.DB;
  const copy = async (table: string, where = "") => {
    const { results } = await db
      .prepare(`SELECT name FROM pragma_table_info('${table}')`)
      .all<{ name: string }>();
    const cols = results.map((r) => r.name).filter((n) => n !== "version");
    const list = cols.join(", ");
    return db
      .prepare(
        `INSERT INTO ${table} (version, ${list}) SELECT ?1, ${list} FROM ${table} WHERE version = ?2 ${where}`,
      )
      .bind(derived, base);
  };
  const changed = [...folded.items].map(([id, it]) => ({
    id,
    count: it.count,
    trend: round(it.trend),
    neighbours: JSON.parse(pairs(it.neighbours)),
  }));
  const updates: D1PreparedStatement[] = [];
  for (let i = 0; i < changed.length; i += UPDATE_CHUNK) {
    updates.push(
      db
        .prepare(
          `UPDATE catalog_items SET count = j.count, trend = j.trend, neighbours = j.neighbours
           FROM (SELECT value ->> '$.id' AS id, value ->> '$.count' AS count, value ->> '$.trend' AS trend,
                        json(value -> '$.neighbours') AS neighbours FROM json_each(?2)) AS j
           WHERE catalog_items.version = ?1 AND catalog_items.id = j.id`,
        )
        .bind(derived, JSON.stringify(changed.slice(i, i + UPDATE_CHUNK))),
    );
  }
  await db.batch([
    ...["catalog_items", "catalog_lists", "catalog_fts", "catalog_versions"].map((t) =>
      db.prepare(`DELETE FROM ${t} WHERE version = ?`).bind(derived),
    ),
    db
      .prepare(
        `INSERT INTO catalog_versions (version, status, expected_items, expected_lists, created_at, created_by)
         SELECT ?1, 'staging', expected_items, expected_lists, ?3, ?4 FROM catalog_versions WHERE version = ?2`,
      )
      .bind(derived, base, new Date().toISOString(), FLEET_ACTOR),
    await copy("catalog_items"),
    await copy("catalog_lists", "AND name NOT IN ('popular', 'trending')"),
    await copy("catalog_fts"),
    // Trending from the fleet replaces the imported trend: items the fold does not list have none.
    ...(folded.trendSource === "fleet"
      ? [db.prepare("UPDATE catalog_items SET trend = 0 WHERE version = ?").bind(derived)]
      : []),
    ...updates,
    db
      .prepare(
        "INSERT INTO catalog_lists (version, name, entries) VALUES (?1, 'popular', ?2), (?1, 'trending', ?3)",
      )
      .bind(derived, pairs(folded.popular), pairs(folded.trending)),
  ]);
  const counts = await countCatalogRows(env, derived);
  await db
    .prepare("UPDATE catalog_versions SET expected_items = ?, expected_lists = ? WHERE version = ?")
    .bind(counts.items, counts.lists, derived)
    .run();
  return activateCatalogVersion(env, { version: derived, previous, ...counts }, FLEET_ACTOR);
}

/** Deletes the rows of derived versions that no longer serve (the base version stays). */
export async function dropStaleDerived(env: Env): Promise<void> {
  const stale = `version IN (SELECT version FROM catalog_versions WHERE created_by = '${FLEET_ACTOR}' AND status = 'ready'
    AND version IS NOT (SELECT version FROM catalog_active WHERE id = 1))`;
  await env.DB.batch(
    ["catalog_items", "catalog_lists", "catalog_fts", "catalog_versions"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t} WHERE ${stale}`),
    ),
  );
}
