import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../../model/catalog";
import { type CatalogPayload, catalogPayload, uploadCatalog } from "../../catalog";
import { beautySlice } from "../../catalog/testing/beautySlice";

const BASE = "http://edge.test";
const TOKEN = "test-admin-token";
const workerFetch = (url: string, init: RequestInit) => exports.default.fetch(url, init);
const admin = (method: string, path: string, body?: unknown, token = TOKEN) =>
  exports.default.fetch(`${BASE}/v1/admin/catalog${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

/** Every catalog row (items, lists, search rows, versions, pointer) plus the audit length. */
async function snapshot() {
  const q = async (sql: string) => (await env.DB.prepare(sql).all()).results;
  return {
    items: await q("SELECT * FROM catalog_items ORDER BY version, id"),
    lists: await q("SELECT * FROM catalog_lists ORDER BY version, name"),
    fts: await q(
      "SELECT version, item_id, title, brand, categories FROM catalog_fts ORDER BY version, item_id",
    ),
    versions: await q("SELECT version, status, expected_items, expected_lists FROM catalog_versions"),
    active: await q("SELECT version FROM catalog_active"),
    audit: await q("SELECT count(*) AS n FROM admin_audit"),
  };
}

const candidatesVersion = async () => {
  const res = await exports.default.fetch(`${BASE}/v1/candidates?context=home&limit=5`);
  return res.status === 200 ? ((await res.json()) as CandidatesResponse).catalogVersion : res.status;
};

const small = await catalogPayload(beautySlice(300).index);
const larger = await catalogPayload(beautySlice(600).index);

async function upload(payload: CatalogPayload) {
  return uploadCatalog(payload, { endpoint: BASE, token: TOKEN, fetch: workerFetch });
}

describe("catalog upload", () => {
  it("loads a catalog, and re-running the same upload changes no row", async () => {
    expect(await upload(small)).toMatchObject({ version: small.version, changed: true });
    const status = await (await admin("GET", "")).json();
    expect(status).toMatchObject({ active: { version: small.version }, versions: [{ status: "ready" }] });
    const before = await snapshot();
    expect(before.items).toHaveLength(small.items.length);
    expect(before.fts).toHaveLength(small.items.length);
    expect(await upload(small)).toMatchObject({ version: small.version, changed: false });
    expect(await snapshot()).toEqual(before);
    expect(await candidatesVersion()).toBe(small.version);
  });

  it("gives the same data the same version (content hash)", async () => {
    expect((await catalogPayload(beautySlice(300).index)).version).toBe(small.version);
    expect(larger.version).not.toBe(small.version);
  });

  it("keeps a half-uploaded catalog invisible, refuses to commit it, then replaces atomically", async () => {
    const v = larger.version;
    expect(
      (await admin("POST", `/${v}/begin`, { items: larger.items.length, lists: larger.lists.length })).status,
    ).toBe(201);
    expect((await admin("PUT", `/${v}/items`, larger.items.slice(0, 100))).status).toBe(200);
    expect(await candidatesVersion()).toBe(small.version);
    const early = await admin("POST", `/${v}/commit`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: "incomplete_upload" } });
    expect(await candidatesVersion()).toBe(small.version);

    // Resuming the upload re-sends the first chunk; chunks are idempotent.
    expect(await upload(larger)).toMatchObject({ version: v, changed: true });
    expect(await candidatesVersion()).toBe(v);
    const after = await snapshot();
    expect(after.versions).toEqual([
      {
        version: v,
        status: "ready",
        expected_items: larger.items.length,
        expected_lists: larger.lists.length,
      },
    ]);
    expect(new Set(after.items.map((r) => r.version))).toEqual(new Set([v]));
    expect(after.items).toHaveLength(larger.items.length);
    expect(after.fts).toHaveLength(larger.items.length);
    const audit = await (
      await exports.default.fetch(`${BASE}/v1/admin/audit`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json();
    expect(JSON.stringify(audit)).toContain("catalog.activate");
  });

  it.each([
    ["no token", () => admin("GET", "", undefined, "wrong-token"), 401, "bad_token"],
    ["a bad version", () => admin("POST", "/NOT-HEX/begin", { items: 1, lists: 1 }), 400, "bad_version"],
    [
      "a bad begin body",
      () => admin("POST", `/${"ab".repeat(16)}/begin`, { items: -1, lists: 1 }),
      400,
      "bad_begin",
    ],
    ["invalid JSON", () => admin("POST", `/${"ab".repeat(16)}/begin`, "{"), 400, "bad_json"],
    [
      "items for a version never begun",
      () => admin("PUT", `/${"cd".repeat(16)}/items`, small.items.slice(0, 2)),
      404,
      "unknown_version",
    ],
    [
      "a malformed item row",
      () => admin("PUT", `/${larger.version}/items`, [{ id: -4, title: "x" }]),
      400,
      "bad_items",
    ],
    ["an empty chunk", () => admin("PUT", `/${larger.version}/lists`, []), 400, "bad_lists"],
    [
      "a bad list name",
      () => admin("PUT", `/${larger.version}/lists`, [{ name: "x", entries: [] }]),
      400,
      "bad_lists",
    ],
    [
      "a chunk for a committed version",
      () => admin("PUT", `/${larger.version}/items`, larger.items.slice(0, 1)),
      409,
      "version_committed",
    ],
    [
      "a commit of an unknown version",
      () => admin("POST", `/${"ef".repeat(16)}/commit`),
      404,
      "unknown_version",
    ],
    [
      "an oversize chunk",
      () => admin("PUT", `/${larger.version}/items`, "x".repeat(2_000_000)),
      413,
      "payload_too_large",
    ],
  ])("rejects %s with a clear error and changes nothing", async (_name, call, status, code) => {
    const before = await snapshot();
    const res = await call();
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to re-begin a staging version with other row counts", async () => {
    const v = "12".repeat(16);
    expect((await admin("POST", `/${v}/begin`, { items: 5, lists: 2 })).status).toBe(201);
    const before = await snapshot();
    const res = await admin("POST", `/${v}/begin`, { items: 6, lists: 2 });
    expect(res.status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });
});
