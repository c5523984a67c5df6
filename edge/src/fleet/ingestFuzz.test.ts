import { listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { LatencyView, VitalsView } from "../../../telemetry/fleet";
import { SKETCH_VALUE_CAPS, type SketchName, type TelemetryReport } from "../../../telemetry/schema";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { adversarialCase } from "./adversarialReports";
import { aggregatorStub } from "./aggregatorStub";
import { ADMIN, flushAll, getJson, registerVersions } from "./fleetTestKit";
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

/** Every object in a JSON answer that shows a figure (has a numeric `reports`), with its path. */
function shownFigures(node: unknown, path = ""): { path: string; reports: number; figure: object }[] {
  if (node === null || typeof node !== "object") return [];
  const reports = (node as { reports?: unknown }).reports;
  const here = typeof reports === "number" ? [{ path, reports, figure: node }] : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([key, child]) => shownFigures(child, path ? `${path}.${key}` : key)),
  ];
}

const ADVERSARIAL = 600;
const RARE: SketchName[] = ["ttfb", "cls", "modelLoadMs"];

it(`merges ${ADVERSARIAL} adversarial but schema-valid reports without a sub-k figure, a non-finite number or an object for an unknown version`, {
  timeout: 300_000,
}, async () => {
  await registerVersions("v-adv");
  const rng = seededRng(20261129);
  const base = syntheticReport(rng, { modelVersion: "v-adv", impressions: 5 });
  const objectsBefore = (await listDurableObjectIds(env.FLEET)).length;
  const answers = new Map<string, Set<number>>();
  for (let i = 0; i < ADVERSARIAL; i++) {
    const { kind, report } = adversarialCase(rng, i, base, RARE);
    const status = (await post(JSON.stringify(report))).status;
    answers.set(kind, new Set([...(answers.get(kind) ?? []), status]));
  }
  // Extreme and lone reports are valid and merged (bounded); made-up versions are refused.
  expect(Object.fromEntries([...answers].map(([k, s]) => [k, [...s]]))).toEqual({
    extreme: [202],
    lone_rare: [202],
    unknown_version: [422],
  });
  await flushAll();
  // Objects only for v-adv: one per shard of this hour at most.
  expect((await listDurableObjectIds(env.FLEET)).length - objectsBefore).toBeLessThanOrEqual(
    Number(env.FLEET_SHARDS),
  );
  const versions = await env.DB.prepare(
    "SELECT DISTINCT version FROM telemetry_rollups WHERE version LIKE 'made-up-%'",
  ).all();
  expect(versions.results).toEqual([]);

  const k = Number(env.K_ANONYMITY);
  const paths = [
    "/v1/fleet/overview",
    "/v1/fleet/latency",
    ...RARE.filter((n) => n === "modelLoadMs").map((n) => `/v1/fleet/latency?metric=${n}`),
    "/v1/fleet/vitals?version=v-adv",
    "/v1/fleet/versions",
    "/v1/fleet/scores?version=v-adv",
    "/v1/fleet/drift?version=v-adv",
  ];
  for (const path of paths) {
    const { status, body } = await getJson<unknown>(`${path}${path.includes("?") ? "&" : "?"}hours=168`);
    expect(status, path).toBe(200);
    for (const shown of shownFigures(body)) {
      expect(shown.reports, `${path} ${shown.path}`).toBeGreaterThanOrEqual(k);
      // A non-finite number would serialise as null.
      expect(JSON.stringify(shown.figure), `${path} ${shown.path}`).not.toContain("null");
    }
  }
  // The rare parts, carried by fewer than k lone reports, are never shown.
  const vitals = await getJson<VitalsView>("/v1/fleet/vitals?version=v-adv");
  for (const name of ["TTFB", "CLS"])
    expect(vitals.body.vitals.find((v) => v.name === name)?.value).toEqual({ insufficient: true });
  // Shown latency stays within the value cap.
  const latency = await getJson<LatencyView>("/v1/fleet/latency");
  for (const point of latency.body.backends.flatMap((b) => b.points)) {
    if (!("insufficient" in point.value))
      expect(point.value.p99).toBeLessThanOrEqual(SKETCH_VALUE_CAPS.inferenceMs);
  }
  const metrics = await exports.default.fetch("http://edge.test/metrics");
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  expect(text).not.toMatch(/made-up-|NaN|Inf/);
  expect(
    (await exports.default.fetch("http://edge.test/v1/fleet/evaluate", { method: "POST", headers: ADMIN }))
      .status,
  ).toBe(200);
});
