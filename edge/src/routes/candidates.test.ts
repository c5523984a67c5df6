import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../../model/catalog";
import { BINARY_CANDIDATES_TYPE, decodeAnswer } from "../../../model/catalog/binaryAnswer";
import { catalogPayload, uploadCatalog } from "../../catalog";
import { beautySlice } from "../../catalog/testing/beautySlice";

const BASE = "http://edge.test";
const get = (query: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${BASE}/v1/candidates?${query}`, { headers });
const json = async (query: string) => {
  const res = await get(query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as CandidatesResponse;
};
const workerFetch = (url: string, init: RequestInit) => exports.default.fetch(url, init);

const { index, sequences } = beautySlice(2000);
let version = "";

async function tableCounts() {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM catalog_items) AS items, (SELECT count(*) FROM catalog_lists) AS lists,
            (SELECT count(*) FROM catalog_fts) AS fts, (SELECT version FROM catalog_active) AS active`,
  ).first();
  return row;
}

describe("GET /v1/candidates without a catalog", () => {
  it("answers 503 no_catalog", async () => {
    const res = await get("context=home");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "no_catalog" } });
  });
});

describe("GET /v1/candidates", () => {
  beforeAll(async () => {
    const payload = await catalogPayload(index);
    version = payload.version;
    await uploadCatalog(payload, { endpoint: BASE, token: "test-admin-token", fetch: workerFetch });
  }, 120_000); // the upload is a few seconds alone, far more on a loaded machine

  it("home: popular and trending items, each with a title and every feature", async () => {
    const body = await json("context=home&limit=20");
    expect(body).toMatchObject({ catalogVersion: version, context: "home" });
    expect(body.candidates).toHaveLength(20);
    const top = index.popular[0].id;
    expect(body.candidates.slice(0, 5).map((c) => c.id)).toContain(top);
    for (const c of body.candidates) {
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.features.fromPopular + c.features.fromTrending).toBeGreaterThan(0);
      expect(Object.values(c.features).every(Number.isFinite)).toBe(true);
    }
  });

  it("item: co-occurrence neighbours lead (blended with content), never the item itself", async () => {
    const item = index.popular[3].id;
    const body = await json(`context=item&item=${item}&limit=50`);
    expect(body.candidates.map((c) => c.id)).not.toContain(item);
    // The content term may lift a neighbour that also looks alike above the best co-occurring one.
    const best = index.neighbours.get(item)?.[0].id;
    expect(body.candidates.slice(0, 5).map((c) => c.id)).toContain(best);
    expect(body.candidates[0].features.coocLast).toBeGreaterThan(0);
    expect(new Set(body.candidates.map((c) => c.id)).size).toBe(body.candidates.length);
    expect(body.candidates.map((c) => c.features.rank)).toEqual(body.candidates.map((_, i) => i));
  });

  it("cart: the union of the items' neighbours, excluding the cart, later items weigh more", async () => {
    const cart = sequences.find((s) => s.length >= 4)!.slice(0, 3);
    const body = await json(`context=cart&items=${cart.join(",")}&limit=100`);
    const ids = body.candidates.map((c) => c.id);
    for (const id of cart) expect(ids).not.toContain(id);
    const last = index.neighbours.get(cart[2])?.[0].id;
    expect(ids.slice(0, 10)).toContain(last);
    expect(body.candidates.length).toBe(100);
  });

  it("cart: unknown ids are ignored, the known ones still count", async () => {
    const known = index.popular[0].id;
    const a = await json(`context=cart&items=${known}`);
    const b = await json(`context=cart&items=999999,${known}`);
    expect(b.candidates.slice(0, 10).map((c) => c.id)).toEqual(a.candidates.slice(0, 10).map((c) => c.id));
  });

  it("category: only that category's items, most popular first", async () => {
    const body = await json("context=category&category=Nail%20Polish&limit=30");
    expect(body.candidates.length).toBeGreaterThan(5);
    for (const c of body.candidates) expect(c.categories).toContain("Nail Polish");
  });

  it("search: a brand name returns that brand's items first", async () => {
    const opi = [...index.items.values()].filter((it) => it.brand === "OPI").length;
    expect(opi).toBeGreaterThan(5);
    const body = await json("context=search&q=OPI&limit=50");
    const head = body.candidates.slice(0, Math.min(opi, 10));
    for (const c of head) expect(c.brand).toBe("OPI");
  });

  it("search: a product word returns items with that word in the title on top", async () => {
    const body = await json("context=search&q=shampoo&limit=20");
    expect(body.candidates.length).toBeGreaterThan(5);
    for (const c of body.candidates.slice(0, 5)) expect(c.title.toLowerCase()).toContain("shampoo");
  });

  it("search: SQL and FTS syntax in q is plain text, not an error", async () => {
    for (const q of ['") OR 1=1 --', "shampoo' OR '1'='1", 'NEAR("a" "b")', "*", "title:opi", '"']) {
      const res = await get(`context=search&q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const body = (await res.json()) as CandidatesResponse;
      expect(Array.isArray(body.candidates)).toBe(true);
    }
    expect(await tableCounts()).toMatchObject({ active: version });
  });

  it("search without hits answers an empty list", async () => {
    const body = await json("context=search&q=zzqxv");
    expect(body.candidates).toEqual([]);
  });

  it("answers with Cache-Control, a strong ETag and 304 on If-None-Match", async () => {
    const res = await get("context=home&limit=10");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    const etag = res.headers.get("ETag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get("limit=10&context=home&q=ignored");
    expect(again.headers.get("ETag")).toBe(etag);
    const other = await get("context=home&limit=11");
    expect(other.headers.get("ETag")).not.toBe(etag);
    const cached = await get("context=home&limit=10", { "If-None-Match": etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
  });

  it("answers the binary format to Accept naming it: the same answer as the JSON, its own ETag, Vary: Accept", async () => {
    for (const query of [
      "context=home&limit=200",
      "context=search&q=shampoo&limit=40",
      "context=search&q=zzqxv",
    ]) {
      const json = await get(query);
      const binary = await get(query, { Accept: `${BINARY_CANDIDATES_TYPE}, application/json;q=0.5` });
      expect(binary.status).toBe(200);
      expect(binary.headers.get("Content-Type")).toBe(BINARY_CANDIDATES_TYPE);
      for (const res of [json, binary]) expect(res.headers.get("Vary")).toMatch(/^Accept\b/);
      expect(decodeAnswer(await binary.arrayBuffer())).toStrictEqual(await json.json());
      expect(binary.headers.get("ETag")).not.toBe(json.headers.get("ETag"));
    }
  });

  it("answers JSON to no Accept, */*, a browser's Accept and an Accept preferring JSON", async () => {
    for (const accept of [
      undefined,
      "*/*",
      "text/html,application/xhtml+xml,*/*;q=0.8",
      `application/json, ${BINARY_CANDIDATES_TYPE};q=0.1`,
    ]) {
      const res = await get("context=home&limit=3", accept ? { Accept: accept } : {});
      expect(res.headers.get("Content-Type"), accept).toMatch(/^application\/json/);
      expect(((await res.json()) as CandidatesResponse).candidates).toHaveLength(3);
    }
  });

  it("revalidates each representation with its own ETag: a 304 only when the tag matches that representation", async () => {
    const accept = { Accept: BINARY_CANDIDATES_TYPE };
    const binaryTag = (await get("context=home&limit=10", accept)).headers.get("ETag")!;
    const jsonTag = (await get("context=home&limit=10")).headers.get("ETag")!;
    expect((await get("context=home&limit=10", { ...accept, "If-None-Match": binaryTag })).status).toBe(304);
    const crossed = await get("context=home&limit=10", { ...accept, "If-None-Match": jsonTag });
    expect(crossed.status).toBe(200);
    expect(decodeAnswer(await crossed.arrayBuffer()).candidates).toHaveLength(10);
    expect((await get("context=home&limit=10", { "If-None-Match": binaryTag })).status).toBe(200);
  });

  it("echoes an allowed CORS origin", async () => {
    const origin = env.CORS_ORIGINS.split(",")[0].trim();
    const res = await get("context=home&limit=1", { Origin: origin });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(origin);
  });

  it("lets another origin read the answer's freshness: Date (the edge's clock), Age and ETag exposed, on 200 and 304", async () => {
    const origin = env.CORS_ORIGINS.split(",")[0].trim();
    expect(new URL(origin).origin).not.toBe(new URL(BASE).origin);
    const res = await get("context=home&limit=1", { Origin: origin });
    const exposed = (res.headers.get("Access-Control-Expose-Headers") ?? "").split(",").map((h) => h.trim());
    expect(exposed).toEqual(expect.arrayContaining(["ETag", "Date", "Age"]));
    expect(Math.abs(Date.parse(res.headers.get("Date") ?? "") - Date.now())).toBeLessThan(5_000);
    const revalidated = await get("context=home&limit=1", {
      Origin: origin,
      "If-None-Match": res.headers.get("ETag")!,
    });
    expect(revalidated.status).toBe(304);
    expect(Date.parse(revalidated.headers.get("Date") ?? "")).not.toBeNaN();
    expect(revalidated.headers.get("Access-Control-Expose-Headers")).toBe(
      res.headers.get("Access-Control-Expose-Headers"),
    );
  });

  it.each([
    ["", 400, "missing_context"],
    ["context=", 400, "missing_context"],
    ["context=bogus", 400, "unknown_context"],
    ["context=home&limit=1000000000", 400, "bad_limit"],
    ["context=home&limit=0", 400, "bad_limit"],
    ["context=home&limit=501", 400, "bad_limit"],
    ["context=home&limit=2.5", 400, "bad_limit"],
    ["context=home&limit=-1", 400, "bad_limit"],
    ["context=item", 400, "missing_item"],
    ["context=item&item=abc", 400, "bad_item"],
    ["context=item&item=99999999999", 400, "bad_item"],
    ["context=item&item=999999", 404, "unknown_item"],
    ["context=cart", 400, "missing_items"],
    ["context=cart&items=1,,2", 400, "bad_items"],
    [`context=cart&items=${Array.from({ length: 51 }, (_, i) => i + 1).join(",")}`, 400, "too_many_items"],
    ["context=category", 400, "missing_category"],
    ["context=category&category=No%20Such%20Thing", 404, "unknown_category"],
    ["context=search", 400, "missing_q"],
    [`context=search&q=${"a".repeat(201)}`, 400, "bad_q"],
  ])("rejects %s with %i %s and changes nothing", async (query, status, code) => {
    const before = await tableCounts();
    const res = await get(query);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(await tableCounts()).toEqual(before);
  });
});
