import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeSlice } from "../../../telemetry/fleet";
import { aggregatorStub } from "./aggregatorStub";
import { CHECKPOINT_EVERY, type FleetAggregator } from "./FleetAggregator";
import { registerVersions, reportsForShard } from "./fleetTestKit";

const post = (body: unknown) =>
  exports.default.fetch("http://edge.test/v1/telemetry", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

beforeAll(() => registerVersions("v-ingest", "v-evict", "v-equal", "v-flush"));

const totalReports = async (name: string) =>
  (await aggregatorStub(env, name).snapshot()).reduce((n, s) => n + decodeSlice(s.aggregate).reports, 0);

describe("POST /v1/telemetry", () => {
  it("accepts a valid report with 202 and refuses its replay with 409, counting it once", async () => {
    const [{ report, name }] = reportsForShard(1, 1, "v-ingest");
    const first = await post(report);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: true });
    const again = await post(report);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("duplicate_report");
    const stats = await aggregatorStub(env, name).stats();
    expect(stats.merged).toBe(1);
    expect(await totalReports(name)).toBe(1);
  });

  it("answers CORS preflights for allowed origins only", async () => {
    const preflight = (origin: string) =>
      exports.default.fetch("http://edge.test/v1/telemetry", {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
      });
    const ok = await preflight("http://localhost:8787");
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    const other = await preflight("https://evil.example");
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("FleetAggregator durability", () => {
  it("loses no merged report when evicted mid-stream, before and after checkpoints", async () => {
    const batch = reportsForShard(2, CHECKPOINT_EVERY * 2 + 17, "v-evict");
    const name = batch[0].name;
    const stub = aggregatorStub(env, name);
    for (const [i, { report }] of batch.entries()) {
      expect((await post(report)).status).toBe(202);
      // Evict at odd moments: with the log empty, half full, and right after a checkpoint.
      if (i === 10 || i === CHECKPOINT_EVERY - 1 || i === CHECKPOINT_EVERY + 30)
        await evictDurableObject(stub);
    }
    await evictDurableObject(stub);
    const stats = await stub.stats();
    expect(stats.merged).toBe(batch.length);
    // The log is bounded: folded every CHECKPOINT_EVERY reports (and by the flush alarm, whenever it runs).
    expect(stats.pending).toBeLessThan(CHECKPOINT_EVERY);
    expect(await totalReports(name)).toBe(batch.length);
    // Replays after the eviction are still recognised.
    expect((await post(batch[3].report)).status).toBe(409);
    expect((await stub.stats()).merged).toBe(batch.length);
  });

  it("keeps the aggregate equal to merging the same reports in one go", async () => {
    const batch = reportsForShard(3, 40, "v-equal");
    const stub = aggregatorStub(env, batch[0].name);
    for (const { report } of batch.slice(0, 20)) await post(report);
    await evictDurableObject(stub);
    for (const { report } of batch.slice(20)) await post(report);
    const slices = await stub.snapshot();
    const inferences = slices.reduce(
      (n, s) => n + (decodeSlice(s.aggregate).sketches.inferenceMs?.count ?? 0),
      0,
    );
    const sent = batch.reduce(
      (n, { report }) => n + (report.sketches.inferenceMs?.pos.counts.reduce((a, b) => a + b, 0) ?? 0),
      0,
    );
    expect(inferences).toBe(sent);
  });
});

describe("alarm flush to D1", () => {
  const rollupTotal = async (version: string) =>
    (
      await env.DB.prepare("SELECT COALESCE(SUM(reports), 0) AS n FROM telemetry_rollups WHERE version = ?")
        .bind(version)
        .first<{ n: number }>()
    )?.n;

  it("writes absolute rollups, so a retried or repeated flush never double-counts", async () => {
    const batch = reportsForShard(4, 30, "v-flush");
    const stub = aggregatorStub(env, batch[0].name);
    for (const { report } of batch) await post(report);
    // The alarm handler is called directly: the real 5 s alarm may also fire meanwhile, which is fine.
    const flush = (s: typeof stub) => runInDurableObject(s, (instance: FleetAggregator) => instance.alarm());
    // Whether or not the real alarm already ran (a slow machine posts 30 reports in over 5 s),
    // one more flush must leave exactly the absolute total.
    await flush(stub);
    expect(await rollupTotal("v-flush")).toBe(30);

    // A retry of the same alarm (crash after the D1 write, before it was marked done).
    await runInDurableObject(stub, (_instance: FleetAggregator, state) => {
      state.storage.sql.exec("UPDATE meta SET flushed_seq = 0");
    });
    await flush(stub);
    await flush(stub);
    expect(await rollupTotal("v-flush")).toBe(30);

    // More reports, another flush: the rows are replaced by the new totals, not added to.
    for (const { report } of reportsForShard(5, 10, "v-flush")) await post(report);
    const extraStub = aggregatorStub(env, reportsForShard(5, 1, "v-flush")[0].name);
    await flush(extraStub);
    await flush(stub);
    expect(await rollupTotal("v-flush")).toBe(40);
  });
});
