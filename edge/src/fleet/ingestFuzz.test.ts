import { listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { TelemetryReport } from "../../../telemetry/schema";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { aggregatorStub } from "./aggregatorStub";
import { registerVersions } from "./fleetTestKit";
import { fuzzCase } from "./fuzzCases";
import { hourOf, shardFor } from "./shardKey";

const post = (body: string) =>
  exports.default.fetch("http://edge.test/v1/telemetry", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

const CASES = 10_000;

it(`refuses ${CASES.toLocaleString("en-US")} hostile reports with a 4xx and leaves every aggregate unchanged`, {
  timeout: 300_000,
}, async () => {
  await registerVersions("v-fuzz");
  const rng = seededRng(20261128);
  const accepted: TelemetryReport[] = [];
  for (let i = 0; i < 24; i++) {
    const report = syntheticReport(rng, { modelVersion: "v-fuzz", backend: i % 2 ? "webgpu" : "wasm" });
    expect((await post(JSON.stringify(report))).status).toBe(202);
    accepted.push(report);
  }
  const names = [
    ...new Set(
      accepted.map((r) => shardFor(r.modelVersion, hourOf(Date.parse(r.windowStart)), r.reportId, 4).name),
    ),
  ];
  for (const name of names) await runDurableObjectAlarm(aggregatorStub(env, name));
  const state = async () => ({
    objects: (await listDurableObjectIds(env.FLEET)).length,
    shards: await Promise.all(
      names.map(async (n) => [await aggregatorStub(env, n).stats(), await aggregatorStub(env, n).snapshot()]),
    ),
    rollups: (await env.DB.prepare("SELECT * FROM telemetry_rollups ORDER BY shard, backend, browser").all())
      .results,
  });
  const before = await state();

  const base = syntheticReport(rng, { modelVersion: "v-fuzz" });
  const now = Date.now();
  const byStatus = new Map<number, number>();
  const failures: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const fuzz = fuzzCase(rng, i, base, accepted, now);
    const res = await post(fuzz.body);
    byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    const wellFormed = typeof body?.error?.code === "string" && typeof body.error.message === "string";
    if (res.status < 400 || res.status >= 500 || !wellFormed) {
      failures.push(`${fuzz.kind} → ${res.status} ${JSON.stringify(body)} for ${fuzz.body.slice(0, 200)}`);
    }
  }
  expect(failures.slice(0, 5)).toEqual([]);
  for (const name of names) await runDurableObjectAlarm(aggregatorStub(env, name));
  expect(await state()).toEqual(before);
  // Every family was met and refused with the statuses the API documents.
  expect([...byStatus.keys()].sort()).toEqual([400, 409, 413, 422]);
});
