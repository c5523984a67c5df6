// POST /v1/telemetry against real D1 and Durable Objects: the registry gate (finding 2 of issue 10)
// and the shared parser's structural rules (finding 5: depth, prototype keys in records).
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { FleetOverview } from "../../../telemetry/fleet";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { flushAll, getJson, postReports, registerVersions } from "../fleet/fleetTestKit";
import { isKnownVersion, UNKNOWN_VERSION_TTL_MS } from "../registry";
import { call, errorCode } from "./registryTestKit";

const rng = seededRng(1010);
const post = (body: string) => call("/v1/telemetry", { method: "POST", body });
const counts = async () => ({
  objects: (await listDurableObjectIds(env.FLEET)).length,
  rollups: (await env.DB.prepare("SELECT COUNT(*) AS n FROM telemetry_rollups").first<{ n: number }>())?.n,
});

beforeAll(() => registerVersions("v-known"));

describe("POST /v1/telemetry only aggregates registered versions", () => {
  it("answers 1,500 reports naming 1,500 made-up versions with 422 unknown_version and creates no object or row", async () => {
    await postReports([syntheticReport(rng, { modelVersion: "v-known" })]);
    await flushAll();
    const before = await counts();
    for (let i = 0; i < 1500; i++) {
      const res = await post(JSON.stringify(syntheticReport(rng, { modelVersion: `made-up-${i}` })));
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("unknown_version");
    }
    await flushAll();
    expect(await counts()).toEqual(before);
    const { body } = await getJson<FleetOverview>("/v1/fleet/overview");
    expect(body.versions.map((v) => v.version)).toEqual(["v-known"]);
  });

  it("accepts the model-less version 'none' without a registry entry", async () => {
    expect(await postReports([syntheticReport(rng, { modelVersion: "none", backend: "none" })])).toEqual([
      202,
    ]);
  });

  it("accepts a version's reports as soon as it is published through this isolate", async () => {
    const report = () => syntheticReport(rng, { modelVersion: "v-fresh" });
    expect(await postReports([report()])).toEqual([422]);
    await registerVersions("v-fresh");
    expect(await postReports([report()])).toEqual([202]);
  });

  it("remembers an unknown version for at most 5 s, so another isolate's publish is seen soon", async () => {
    const t0 = 1_800_000_000_000;
    expect(UNKNOWN_VERSION_TTL_MS).toBeLessThanOrEqual(5_000);
    expect(await isKnownVersion(env, "v-elsewhere", t0)).toBe(false);
    // Published by another isolate: this one's cache is not told.
    await env.DB.prepare(
      "INSERT INTO model_versions (version, status, manifest, manifest_sha256, bytes, created_at, uploaded_by) VALUES ('v-elsewhere', 'ready', '{}', ?, 1, '2026-11-29T00:00:00Z', 'ops')",
    )
      .bind("0".repeat(64))
      .run();
    expect(await isKnownVersion(env, "v-elsewhere", t0 + UNKNOWN_VERSION_TTL_MS - 1)).toBe(false);
    expect(await isKnownVersion(env, "v-elsewhere", t0 + UNKNOWN_VERSION_TTL_MS)).toBe(true);
  });
});

describe("POST /v1/telemetry runs the shared parser's structural rules", () => {
  it("refuses 8,000 nested levels with a 400, not a 500", async () => {
    const deep = `${'{"a":'.repeat(8000)}1${"}".repeat(8000)}`;
    const res = await post(deep);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("invalid_field");
    const inside = `{"schemaVersion":2,"errors":${'{"a":'.repeat(8000)}1${"}".repeat(8000)}}`;
    expect((await post(inside)).status).toBe(400);
  });

  it.each([
    ["engagement", "__proto__"],
    ["engagement", "constructor"],
    ["errors", "__proto__"],
    ["errors", "constructor"],
  ])("refuses a %s record with a %s key, which valibot's record would skip", async (field, key) => {
    const report = syntheticReport(rng, {
      modelVersion: "v-known",
      impressions: 5,
      errors: { inference: 1 },
    });
    const text = JSON.stringify(report).replace(
      `"${field}":{`,
      `"${field}":{"${key}":${field === "errors" ? 1 : "{}"},`,
    );
    expect(text).toContain(`"${key}"`);
    const res = await post(text);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("invalid_field");
  });
});
