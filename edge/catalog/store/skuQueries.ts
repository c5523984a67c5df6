import { auditStatement } from "../../src/registry";
import type { Env } from "../../src/types";

/**
 * Maps SKUs to dense ids, giving each SKU not yet mapped the next id after the largest, in the order
 * given, in one statement (so one transaction: D1 runs writes one at a time, and a concurrent
 * assignment sees these rows). Mapped SKUs keep their ids: the map is append-only.
 * Returns the id of every SKU asked for.
 * @example await assignSkuIds(env, ["A1", "B2"], "import") // Map { "A1" → 1, "B2" → 2 }
 */
export async function assignSkuIds(env: Env, skus: string[], actor: string): Promise<Map<string, number>> {
  const json = JSON.stringify(skus);
  const [, , read] = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO catalog_skus (sku, id, created_at)
       SELECT value, (SELECT coalesce(max(id), 0) FROM catalog_skus) + row_number() OVER (ORDER BY key), ?2
       FROM json_each(?1) WHERE value NOT IN (SELECT sku FROM catalog_skus)`,
    ).bind(json, new Date().toISOString()),
    auditStatement(
      env.DB,
      { actor, action: "catalog.skus", target: "skus", detail: { asked: skus.length } },
      { ifChanged: true },
    ),
    env.DB.prepare("SELECT sku, id FROM catalog_skus WHERE sku IN (SELECT value FROM json_each(?))").bind(
      json,
    ),
  ]);
  return new Map((read.results as { sku: string; id: number }[]).map((r) => [r.sku, r.id]));
}

/**
 * Claims explicit (SKU, id) pairs, for a dataset that brings its own dense ids (Beauty's item_id, a
 * store's saved skus.csv). Pairs already mapped exactly are kept; a SKU mapped to another id, or an id
 * taken by another SKU, fails the whole transaction (nothing is written) and answers false.
 * @example await claimSkuIds(env, [["B004756YJA", 1]], "build-catalog") // true
 */
export async function claimSkuIds(env: Env, pairs: [string, number][], actor: string): Promise<boolean> {
  try {
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO catalog_skus (sku, id, created_at)
         SELECT value ->> '$[0]', value ->> '$[1]', ?2 FROM json_each(?1) AS p
         WHERE NOT EXISTS (SELECT 1 FROM catalog_skus AS s WHERE s.sku = p.value ->> '$[0]' AND s.id = p.value ->> '$[1]')`,
      ).bind(JSON.stringify(pairs), new Date().toISOString()),
      auditStatement(
        env.DB,
        { actor, action: "catalog.skus", target: "skus", detail: { claimed: pairs.length } },
        { ifChanged: true },
      ),
    ]);
    return true;
  } catch (error) {
    // A constraint failure is the answer "taken"; anything else is a real fault.
    if (String(error).includes("constraint")) return false;
    throw error;
  }
}

/**
 * The ids of these SKUs; SKUs never mapped are left out.
 * @example await skuIds(env, ["A1"]) // Map { "A1" → 1 }
 */
export async function skuIds(env: Env, skus: string[]): Promise<Map<string, number>> {
  const { results } = await env.DB.prepare(
    "SELECT sku, id FROM catalog_skus WHERE sku IN (SELECT value FROM json_each(?))",
  )
    .bind(JSON.stringify(skus))
    .all<{ sku: string; id: number }>();
  return new Map(results.map((r) => [r.sku, r.id]));
}

/**
 * The whole map in id order, for a store to save as its skus.csv.
 * @example (await allSkus(env))[0] // { sku: "A1", id: 1 }
 */
export async function allSkus(env: Env): Promise<{ sku: string; id: number }[]> {
  return (
    await env.DB.prepare("SELECT sku, id FROM catalog_skus ORDER BY id").all<{ sku: string; id: number }>()
  ).results;
}
