import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type CandidatesResponse,
  type CatalogItem,
  type Interaction,
  parseCatalogItems,
  parseInteractions,
  readRecords,
} from "../../../model/catalog";
import { importCatalog } from "../../catalog";

const BASE = "http://edge.test";
const TOKEN = "test-admin-token";
const workerFetch = (url: string, init: RequestInit) => exports.default.fetch(url, init);
const admin = (method: string, path: string, body?: unknown) =>
  exports.default.fetch(`${BASE}/v1/admin/catalog${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A small store: two categories, a brand, prices, one item out of stock in the file. */
const ITEMS = `id,title,category,brand,url,image,price,currency,availability
SOAP-1,Lavender soap,Bath > Soap,Acme,https://shop.example/soap-1,https://cdn.example/soap-1.jpg,4.50,EUR,in_stock
SOAP-2,Rose soap,Bath > Soap,Acme,https://shop.example/soap-2,,4.90,EUR,in_stock
TOWEL,Cotton towel,Bath > Towels,,https://shop.example/towel,,12,EUR,in_stock
MUG,Blue mug,Kitchen > Mugs,,https://shop.example/mug,,8,EUR,in_stock
CUP,Tea cup,Kitchen > Mugs,,https://shop.example/cup,,6,EUR,out_of_stock`;

const ORDERS = [
  "u1,SOAP-1",
  "u1,SOAP-2",
  "u1,TOWEL",
  "u2,SOAP-1",
  "u2,TOWEL",
  "u2,MUG",
  "u3,MUG",
  "u3,CUP",
  "u3,SOAP-2",
];

function store(itemsCsv = ITEMS, orders = ORDERS): { items: CatalogItem[]; interactions: Interaction[] } {
  const read = readRecords("items.csv", itemsCsv);
  const items = read.ok ? parseCatalogItems(read.records) : read;
  if (!items.ok) throw new Error(JSON.stringify(items.errors));
  const log = readRecords("orders.csv", `key,sku\n${orders.join("\n")}`);
  const interactions = log.ok ? parseInteractions(log.records, new Set(items.items.map((i) => i.sku))) : log;
  if (!interactions.ok) throw new Error(JSON.stringify(interactions.errors));
  return { items: items.items, interactions: interactions.interactions };
}

const load = (catalog = store()) =>
  importCatalog(catalog, { endpoint: BASE, token: TOKEN, fetch: workerFetch });

async function candidates(query: string): Promise<CandidatesResponse["candidates"]> {
  const res = await exports.default.fetch(`${BASE}/v1/candidates?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as CandidatesResponse).candidates;
}

const skuMap = async () =>
  Object.fromEntries(
    ((await (await admin("GET", "/skus")).json()) as { skus: { sku: string; id: number }[] }).skus.map(
      (r) => [r.sku, r.id],
    ),
  );

describe("import-catalog into the edge (workerd, real D1)", () => {
  it("serves the store's SKU, url, image and price, and maps SKUs to ids 1.. in file order", async () => {
    const result = await load();
    expect(result).toMatchObject({ changed: true, items: 5, unavailable: 1 });
    expect(await skuMap()).toEqual({ "SOAP-1": 1, "SOAP-2": 2, TOWEL: 3, MUG: 4, CUP: 5 });
    const got = await candidates("context=item&item=1&limit=10");
    expect(got.find((c) => c.sku === "SOAP-2")).toMatchObject({
      id: 2,
      title: "Rose soap",
      url: "https://shop.example/soap-2",
      price: 4.9,
      currency: "EUR",
      categories: ["Bath", "Soap"],
    });
    expect(got.find((c) => c.sku === "TOWEL")).not.toHaveProperty("image");
  });

  it("is idempotent, and a later import keeps every id: new SKUs are appended, a dropped SKU's id is not reused", async () => {
    const first = await load();
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM admin_audit").first<{ n: number }>();
    expect(await load()).toMatchObject({ version: first.version, changed: false });
    // Nothing was written the second time: no audit row (each write audits once).
    expect(await env.DB.prepare("SELECT count(*) AS n FROM admin_audit").first<{ n: number }>()).toEqual(
      audit,
    );
    const next = ITEMS.split("\n")
      .filter((l) => !l.startsWith("SOAP-2"))
      .concat("NEW,Bath salt,Bath > Salt,,,,3,EUR,in_stock")
      .join("\n");
    const orders = ORDERS.filter((o) => !o.endsWith("SOAP-2")).concat("u4,NEW", "u4,SOAP-1");
    expect(await load(store(next, orders))).toMatchObject({ changed: true, items: 5 });
    expect(await skuMap()).toEqual({ "SOAP-1": 1, "SOAP-2": 2, TOWEL: 3, MUG: 4, CUP: 5, NEW: 6 });
  });
});

describe("stock (workerd, real D1)", () => {
  const contexts = [
    "context=home&limit=50",
    "context=item&item=1&limit=50",
    "context=category&category=Bath&limit=50",
    "context=search&q=soap&limit=50",
    "context=cart&items=1,4&limit=50",
  ];

  it("never serves an item the file marks out of stock, in any context", async () => {
    await load();
    for (const q of contexts) expect((await candidates(q)).map((c) => c.sku)).not.toContain("CUP");
  });

  it("an item marked out of stock disappears from every context, with a new ETag, and comes back", async () => {
    await load();
    const before = await exports.default.fetch(`${BASE}/v1/candidates?${contexts[0]}`);
    const etag = before.headers.get("ETag") as string;
    for (const q of contexts) expect((await candidates(q)).map((c) => c.sku)).toContain("SOAP-2");

    const marked = await admin("PATCH", "/stock", { skus: ["SOAP-2"], available: false });
    expect(await marked.json()).toEqual({ changed: true, available: false, skus: 1 });
    for (const q of contexts) expect((await candidates(q)).map((c) => c.sku)).not.toContain("SOAP-2");
    const stale = await exports.default.fetch(`${BASE}/v1/candidates?${contexts[0]}`, {
      headers: { "If-None-Match": etag },
    });
    expect(stale.status).toBe(200); // the old answer is no longer current
    expect(stale.headers.get("ETag")).not.toBe(etag);
    expect(await (await admin("GET", "/stock")).json()).toMatchObject({ unavailable: ["SOAP-2", "CUP"] });

    await admin("PATCH", "/stock", { skus: ["SOAP-2"], available: true });
    for (const q of contexts) expect((await candidates(q)).map((c) => c.sku)).toContain("SOAP-2");
  });

  it("refuses an unknown SKU (404) or a repeated one (400), and changes nothing", async () => {
    await load();
    const before = await (await admin("GET", "/stock")).json();
    const unknown = await admin("PATCH", "/stock", { skus: ["SOAP-1", "NOPE"], available: false });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "unknown_sku" } });
    const twice = await admin("PATCH", "/stock", { skus: ["SOAP-1", "SOAP-1"], available: false });
    expect(twice.status).toBe(400);
    expect(await (await admin("GET", "/stock")).json()).toEqual(before);
  });

  it("refuses a claim that contradicts the map (409) and writes none of it", async () => {
    await load();
    const clash = await admin("POST", "/skus", { skus: ["FRESH", "MUG"], ids: [40, 1] });
    expect(clash.status).toBe(409);
    expect(await skuMap()).not.toHaveProperty("FRESH");
  });
});
