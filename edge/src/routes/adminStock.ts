import { Hono } from "hono";
import * as v from "valibot";
import { isSku } from "../../../model/catalog";
import { allSkus, assignSkuIds, claimSkuIds, markStock, replaceStock, skuIds } from "../../catalog/store";
import { apiError } from "../http/apiError";
import { bodyLimit } from "../http/bodyLimit";
import { parseJsonBody } from "../http/jsonBody";
import type { AppEnv } from "../types";

/** SKUs per request: 10k SKUs of up to 128 characters stay under D1's 2 MB bound string. */
export const MAX_SKUS_PER_REQUEST = 10_000;

const Sku = v.pipe(v.string(), v.check(isSku, "a SKU is 1..128 characters, none of them control characters"));
const SkuList = v.pipe(
  v.array(Sku),
  v.maxLength(MAX_SKUS_PER_REQUEST),
  v.check((skus) => new Set(skus).size === skus.length, "SKUs must not repeat"),
);
const Id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1));
const AssignSchema = v.pipe(
  v.strictObject({ skus: v.pipe(SkuList, v.minLength(1)), ids: v.optional(v.array(Id)) }),
  v.check((b) => b.ids === undefined || b.ids.length === b.skus.length, "ids must pair with skus"),
  v.check((b) => b.ids === undefined || new Set(b.ids).size === b.ids.length, "ids must not repeat"),
);
const MarkSchema = v.strictObject({ skus: v.pipe(SkuList, v.minLength(1)), available: v.boolean() });
const ReplaceSchema = v.strictObject({ unavailable: SkuList });

const BODY_BYTES = 2_000_000;

/**
 * SKU map and stock, mounted at /v1/admin/catalog behind admin auth:
 * - `POST /skus {skus}` maps SKUs to dense ids (new ones appended; answers `ids` in the same order);
 *   `POST /skus {skus, ids}` claims those exact pairs (409 `sku_conflict` if either side is taken);
 *   `GET /skus` lists the whole map (for a store's skus.csv);
 * - `PATCH /stock {skus, available}` marks items out of stock or back; `PUT /stock {unavailable}`
 *   replaces the whole out-of-stock set (what an import states); `GET /stock` shows it.
 * An unknown SKU answers 404 `unknown_sku` and changes nothing. A stock change is live in this
 * isolate at once and in every other within a second; cached answers live up to their max-age (60 s).
 */
export const adminStockRoutes = new Hono<AppEnv>();

const actorOf = (c: { var: { adminLabel?: string } }) => c.var.adminLabel ?? "unknown";

const STOCK_BODY_ERRORS = { code: "bad_body", notJson: "the body is not valid JSON" };
const body = async <T extends v.GenericSchema>(c: { req: { text(): Promise<string> } }, schema: T) =>
  parseJsonBody(await c.req.text(), schema, STOCK_BODY_ERRORS);

/** The ids of SKUs that must all be mapped already. */
async function knownIds(env: AppEnv["Bindings"], skus: string[]): Promise<number[]> {
  const ids = await skuIds(env, skus);
  const unknown = skus.filter((s) => !ids.has(s));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((s) => JSON.stringify(s));
    throw apiError(404, "unknown_sku", `${unknown.length} SKUs are not in the catalog: ${shown.join(", ")}`);
  }
  return skus.map((s) => ids.get(s) as number);
}

adminStockRoutes.post("/skus", bodyLimit({ maxBytes: BODY_BYTES }), async (c) => {
  const { skus, ids } = await body(c, AssignSchema);
  if (ids === undefined) {
    const got = await assignSkuIds(c.env, skus, actorOf(c));
    return c.json({ ids: skus.map((s) => got.get(s)) });
  }
  const pairs = skus.map((s, k): [string, number] => [s, ids[k]]);
  if (!(await claimSkuIds(c.env, pairs, actorOf(c)))) {
    throw apiError(
      409,
      "sku_conflict",
      "a SKU is mapped to another id, or an id to another SKU; nothing changed",
    );
  }
  return c.json({ ids });
});

adminStockRoutes.get("/skus", async (c) => c.json({ skus: await allSkus(c.env) }));

adminStockRoutes.patch("/stock", bodyLimit({ maxBytes: BODY_BYTES }), async (c) => {
  const { skus, available } = await body(c, MarkSchema);
  const ids = await knownIds(c.env, skus);
  const changed = await markStock(c.env, { ids, skus, available }, actorOf(c));
  return c.json({ changed, available, skus: skus.length });
});

adminStockRoutes.put("/stock", bodyLimit({ maxBytes: BODY_BYTES }), async (c) => {
  const { unavailable } = await body(c, ReplaceSchema);
  const changed = await replaceStock(c.env, await knownIds(c.env, unavailable), actorOf(c));
  return c.json({ changed, unavailable: unavailable.length });
});

adminStockRoutes.get("/stock", async (c) => {
  const [rev, out] = await c.env.DB.batch([
    c.env.DB.prepare("SELECT revision FROM catalog_stock WHERE id = 1"),
    c.env.DB.prepare(
      "SELECT s.sku FROM catalog_unavailable AS u JOIN catalog_skus AS s ON s.id = u.id ORDER BY u.id",
    ),
  ]);
  const revision = (rev.results[0] as { revision: number } | undefined)?.revision ?? 0;
  return c.json({ revision, unavailable: (out.results as { sku: string }[]).map((r) => r.sku) });
});
