// Finding 1 of issue 10: extreme but well-formed sketches must not poison an aggregate, and a stored
// row that does not decode must be quarantined instead of taking every view down.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeSlice } from "../../../telemetry/fleet";
import { SKETCH_VALUE_CAPS, SKETCH_WEIGHT_CAPS, type TelemetryReport } from "../../../telemetry/schema";
import { aggregatorStub } from "./aggregatorStub";
import type { FleetAggregator } from "./FleetAggregator";
import { ADMIN, flushAll, getJson, postReports, registerVersions, reportsForShard } from "./fleetTestKit";

const VIEWS = [
  "/v1/fleet/overview?hours=168",
  "/v1/fleet/latency?hours=168",
  "/v1/fleet/vitals?hours=168",
  "/v1/fleet/versions?hours=168",
  "/v1/fleet/scores?version=v-poison&hours=168",
  "/v1/fleet/drift?version=v-poison&hours=168",
  "/v1/fleet/alerts",
  "/metrics",
];

/** Statuses of every fleet view, /metrics and the alert evaluation. */
async function everyView(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const path of VIEWS) out[path] = (await exports.default.fetch(`http://edge.test${path}`)).status;
  const evaluate = await exports.default.fetch("http://edge.test/v1/fleet/evaluate", {
    method: "POST",
    headers: ADMIN,
  });
  out.evaluate = evaluate.status;
  return out;
}
const allOk = () => Object.fromEntries([...VIEWS, "evaluate"].map((p) => [p, 200]));

/** One inference sketch: `counts` buckets from index `offset`, with the given min, max and sum. */
function inference(offset: number, counts: number[], min: number, max: number, sum: number) {
  const neg = { offset: 0, counts: [] as number[] };
  return { alpha: 0.005, zero: 0, pos: { offset, counts }, neg, min, max, sum };
}
const withSketch = (report: TelemetryReport, sketch: ReturnType<typeof inference>): TelemetryReport => ({
  ...report,
  sketches: { ...report.sketches, inferenceMs: sketch },
});

const storedInference = async (name: string) => {
  const slices = (await aggregatorStub(env, name).snapshot()).map((s) => decodeSlice(s.aggregate));
  return slices.map((s) => s.sketches.inferenceMs).filter((s) => s !== undefined);
};

beforeAll(() => registerVersions("v-poison", "v-huge"));

describe("poison-proof aggregation", () => {
  it("two reports with sum 1.5e308 in one shard leave a finite aggregate, and every view still answers, also after a restart", async () => {
    const batch = reportsForShard(31, 3, "v-poison", { backend: "webgpu" });
    // 500 inferences of about 10 ms (bucket 231 at α = 0.005) claiming a sum of 1.5e308.
    const poisoned = batch
      .slice(0, 2)
      .map(({ report }) => withSketch(report, inference(231, [500], 10, 10, 1.5e308)));
    expect(await postReports(poisoned)).toEqual([202, 202]);
    await flushAll();
    expect(await everyView()).toEqual(allOk());

    const [sketch] = await storedInference(batch[0].name);
    expect(Number.isFinite(sketch.sum)).toBe(true);
    expect(sketch.sum).toBeLessThanOrEqual(1000 * 10.1); // 1,000 values, each ≤ the top of bucket 231 (10.075)
    await evictDurableObject(aggregatorStub(env, batch[0].name));
    expect(await postReports([batch[2].report])).toEqual([202]);
    await flushAll();
    expect(await everyView()).toEqual(allOk());
  });

  it("one report cannot set a series' max or sum to 1e308: values fold into the cap and min/max stay in their buckets", async () => {
    const [a, b] = reportsForShard(32, 2, "v-huge", { backend: "wasm" });
    // a: buckets near 10 ms but max and sum of 1e308; b: a bucket at the top of the index range (≈1e308).
    const claims = [
      withSketch(a.report, inference(231, [5], 9.99, 1e308, 1e308)),
      withSketch(b.report, inference(70_000, [SKETCH_WEIGHT_CAPS.inferenceMs], 1e308, 1e308, 1e308)),
    ];
    expect(await postReports(claims)).toEqual([202, 202]);
    const cap = SKETCH_VALUE_CAPS.inferenceMs;
    for (const sketch of await storedInference(a.name)) {
      expect(sketch.max).toBeLessThanOrEqual(cap);
      expect(sketch.sum).toBeLessThanOrEqual(sketch.count * cap);
      expect(sketch.min).toBeGreaterThan(9.9);
    }
    // The lone report of shard b is at most count × cap.
    for (const sketch of await storedInference(b.name))
      expect(sketch.sum).toBeLessThanOrEqual(sketch.count * cap);
  });

  it("quarantines a stored rollup that does not decode, reports it, and keeps every view up", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    // What the old code flushed after two 1.5e308 sums: JSON has no Infinity, so the sum is null.
    const poisoned =
      '{"v":1,"reports":2,"sketches":{"inferenceMs":{"alpha":0.005,"zero":0,"pos":{"offset":231,"counts":[2]},"neg":{"offset":0,"counts":[]},"min":10,"max":10,"sum":null}},"histograms":{},"engagement":{},"errors":{},"reportsWithFailure":0,"reportsWithFallback":0,"os":{"linux":2}}';
    await env.DB.prepare(
      "INSERT INTO telemetry_rollups (version, hour, shard, backend, browser, reports, aggregate, flushed_at) VALUES ('v-poison', ?, 9, 'cpu', 'other', 2, ?, ?)",
    )
      .bind(hour, poisoned, hour)
      .run();
    expect(await everyView()).toEqual(allOk());
    const quarantined = await env.DB.prepare("SELECT version, shard, reason FROM telemetry_quarantine").all();
    expect(quarantined.results).toEqual([
      { version: "v-poison", shard: 9, reason: expect.stringMatching(/sum must be a finite number/) },
    ]);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM telemetry_rollups WHERE shard = 9").first();
    expect(left).toEqual({ n: 0 });
  });

  it("reports the quarantined rows of its window in the JSON views and /metrics", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await env.DB.prepare(
      "INSERT INTO telemetry_rollups (version, hour, shard, backend, browser, reports, aggregate, flushed_at) VALUES ('v-poison', ?, 8, 'cpu', 'other', 1, '{\"v\":1', ?)",
    )
      .bind(hour, hour)
      .run();
    const { body } = await getJson<{ quarantined: number }>("/v1/fleet/overview");
    expect(body.quarantined).toBe(1);
    await env.DB.prepare(
      "INSERT INTO telemetry_rollups (version, hour, shard, backend, browser, reports, aggregate, flushed_at) VALUES ('v-poison', ?, 7, 'cpu', 'other', 1, 'null', ?)",
    )
      .bind(hour, hour)
      .run();
    const metrics = await (await exports.default.fetch("http://edge.test/metrics")).text();
    expect(metrics).toContain("pocketrank_rollups_quarantined 1");
  });

  it("an aggregator whose stored slice does not decode quarantines it and keeps accepting reports", async () => {
    const batch = reportsForShard(33, 2, "v-poison", { backend: "cpu" });
    expect(await postReports([batch[0].report])).toEqual([202]);
    const stub = aggregatorStub(env, batch[0].name);
    await stub.snapshot(); // fold the log into the stored slices
    await runInDurableObject(stub, (_: FleetAggregator, state) => {
      state.storage.sql.exec('UPDATE slices SET aggregate = \'{"v":1,"reports":null}\'');
    });
    await evictDurableObject(stub);
    expect(await postReports([batch[1].report])).toEqual([202]);
    const stats = await stub.stats();
    expect(stats.quarantined).toBeGreaterThanOrEqual(1);
    expect(stats.merged).toBe(2);
  });
});
