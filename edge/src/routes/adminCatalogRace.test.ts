// Finding 4 and the audit part of finding 5 of issue 10, against real D1 and R2: catalog commits are
// compare-and-set, the bad interleaving is forced (not looped for), and each admin write is audited once.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CandidatesResponse } from "../../../model/catalog";
import { type CatalogPayload, catalogPayload } from "../../catalog";
import { activateCatalogVersion, dropInactiveCatalogs } from "../../catalog/store";
import { beautySlice } from "../../catalog/testing/beautySlice";
import { makeArtifact, OPS_TOKEN, resetRegistry, upload, uploadForm } from "./registryTestKit";

const BASE = "http://edge.test";
const admin = (method: string, path: string, body?: unknown) =>
  exports.default.fetch(`${BASE}/v1/admin/catalog${path}`, {
    method,
    headers: { Authorization: `Bearer ${OPS_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** begin + one items chunk per 200 rows + one lists chunk, without the commit. */
async function stage(p: CatalogPayload): Promise<void> {
  expect(
    (await admin("POST", `/${p.version}/begin`, { items: p.items.length, lists: p.lists.length })).status,
  ).toBe(201);
  for (let i = 0; i < p.items.length; i += 200)
    expect((await admin("PUT", `/${p.version}/items`, p.items.slice(i, i + 200))).status).toBe(200);
  expect((await admin("PUT", `/${p.version}/lists`, p.lists)).status).toBe(200);
}

const live = async () => {
  const res = await exports.default.fetch(`${BASE}/v1/candidates?context=home&limit=5`);
  const body = (await res.json()) as CandidatesResponse;
  return { status: res.status, version: body.catalogVersion, candidates: body.candidates.length };
};
const auditActions = async (prefix: string) =>
  (
    await env.DB.prepare("SELECT action FROM admin_audit WHERE action LIKE ? ORDER BY id")
      .bind(`${prefix}%`)
      .all<{ action: string }>()
  ).results.map((r) => r.action);

const a = await catalogPayload(beautySlice(300).index);
const b = await catalogPayload(beautySlice(400).index);

describe("catalog commits are compare-and-set", () => {
  it("keeps the live catalog whole when commit B lands between A's activation and A's cleanup", async () => {
    await stage(a);
    await stage(b);
    // A's commit, step 1: the activation (what POST /:version/commit does first).
    const counts = { items: a.items.length, lists: a.lists.length };
    expect(await activateCatalogVersion(env, { version: a.version, previous: null, ...counts }, "ops")).toBe(
      true,
    );
    // B's whole commit lands now.
    const commitB = await admin("POST", `/${b.version}/commit`);
    expect(commitB.status).toBe(200);
    // A's commit, step 2: its cleanup.
    await dropInactiveCatalogs(env);
    expect(await live()).toEqual({ status: 200, version: b.version, candidates: 5 });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM catalog_items WHERE version = ?")
      .bind(b.version)
      .first<{ n: number }>();
    expect(rows?.n).toBe(b.items.length);
  });

  it("refuses an activation whose pointer moved since it was read, and changes nothing", async () => {
    const auditBefore = await auditActions("catalog.activate");
    const counts = { items: a.items.length, lists: a.lists.length };
    // A read "no catalog" before B went live: its compare-and-set must fail.
    expect(await activateCatalogVersion(env, { version: a.version, previous: null, ...counts }, "ops")).toBe(
      false,
    );
    expect((await live()).version).toBe(b.version);
    expect(await auditActions("catalog.activate")).toEqual(auditBefore);
  });
});

describe("every admin write is audited exactly once", () => {
  it("audits catalog staging: the begin once (not on resume), each chunk, the activation", async () => {
    await env.DB.prepare("DELETE FROM admin_audit").run();
    const c = await catalogPayload(beautySlice(350).index);
    await stage(c);
    expect(
      (await admin("POST", `/${c.version}/begin`, { items: c.items.length, lists: c.lists.length })).status,
    ).toBe(200);
    expect((await admin("POST", `/${c.version}/commit`)).status).toBe(200);
    const chunks = Math.ceil(c.items.length / 200);
    expect(await auditActions("catalog.")).toEqual([
      "catalog.begin",
      ...Array.from({ length: chunks }, () => "catalog.items"),
      "catalog.lists",
      "catalog.activate",
    ]);
  });

  it("writes one audit row for four identical concurrent model uploads", async () => {
    await resetRegistry();
    const artifact = await makeArtifact("v-same-upload");
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () =>
        upload("v-same-upload", uploadForm(artifact), OPS_TOKEN).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);
    expect(await auditActions("model.upload")).toEqual(["model.upload"]);
  });
});
