import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type {
  FleetOverview,
  LatencyView,
  ScoresView,
  VersionsView,
  VitalsView,
} from "../../../telemetry/fleet";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { flushAll, getJson, postReports, registerVersions } from "../fleet/fleetTestKit";

// A fleet of 75 reports on "v-big" (55 webgpu, 20 wasm; k = 50) and 12 on "v-thin" (below k).
const rng = seededRng(7);
const big = Array.from({ length: 75 }, (_, i) =>
  syntheticReport(rng, {
    modelVersion: "v-big",
    backend: i < 55 ? "webgpu" : "wasm",
    impressions: 10,
    clickRate: 0.1,
  }),
);
const thin = Array.from({ length: 12 }, () => syntheticReport(rng, { modelVersion: "v-thin" }));

beforeAll(async () => {
  await registerVersions("v-big", "v-thin");
  expect(new Set(await postReports([...big, ...thin]))).toEqual(new Set([202]));
  await flushAll();
});

describe("GET /v1/fleet/*", () => {
  it("overview counts every merged report and hides the thin version", async () => {
    const { body } = await getJson<FleetOverview>("/v1/fleet/overview");
    expect(body.k).toBe(Number(env.K_ANONYMITY));
    if ("insufficient" in body.fleet) throw new Error("fleet should be shown");
    expect(body.fleet.reports).toBe(87);
    expect(body.versions.find((v) => v.version === "v-big")?.stats).toEqual({ reports: 75 });
    expect(body.versions.find((v) => v.version === "v-thin")?.stats).toEqual({ insufficient: true });
  });

  it("latency shows percentiles only for backends with k reports", async () => {
    const { body } = await getJson<LatencyView>("/v1/fleet/latency?hours=2");
    const last = (backend: string) => body.backends.find((b) => b.backend === backend)?.points.at(-1)?.value;
    const webgpu = last("webgpu");
    if (!webgpu || "insufficient" in webgpu)
      throw new Error("webgpu has 55 + 12 reports and should be shown");
    expect(webgpu.reports).toBe(67);
    expect(webgpu.p50).toBeGreaterThan(5);
    expect(webgpu.p95).toBeGreaterThanOrEqual(webgpu.p50);
    expect(last("wasm")).toEqual({ insufficient: true });
  });

  it("scores, vitals and versions gate the thin slice and give numbers for the big one", async () => {
    const thinScores = await getJson<ScoresView>("/v1/fleet/scores?version=v-thin");
    expect(thinScores.body.live).toEqual({ insufficient: true });
    const bigScores = await getJson<ScoresView>("/v1/fleet/scores?version=v-big");
    if ("insufficient" in bigScores.body.live) throw new Error("v-big should be shown");
    expect(bigScores.body.live.density.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(bigScores.body.reference).toBeNull(); // v-big was published with an empty score profile

    const vitals = await getJson<VitalsView>("/v1/fleet/vitals?version=v-big");
    const lcp = vitals.body.vitals.find((v) => v.name === "LCP");
    expect(lcp?.good).toBe(2500);
    if (!lcp || "insufficient" in lcp.value) throw new Error("LCP should be shown");
    expect(lcp.value.p75).toBeGreaterThan(1000);

    const versions = await getJson<VersionsView>("/v1/fleet/versions");
    const bigStats = versions.body.versions.find((v) => v.version === "v-big")?.stats;
    if (!bigStats || "insufficient" in bigStats || "insufficient" in bigStats.ctr)
      throw new Error("v-big should be compared");
    const clicks = big.reduce((n, r) => n + (r.engagement.home?.["0"]?.clicks ?? 0), 0);
    expect(bigStats.ctr.value).toBeCloseTo(clicks / 750, 12);
    expect(bigStats.ctr.low).toBeLessThan(bigStats.ctr.value);
    expect(versions.body.versions.find((v) => v.version === "v-thin")?.stats).toEqual({ insufficient: true });
  });

  it("refuses bad parameters with a 400", async () => {
    for (const path of [
      "/v1/fleet/overview?hours=0",
      "/v1/fleet/overview?hours=1000",
      "/v1/fleet/scores",
      "/v1/fleet/drift?version=../x",
      "/v1/fleet/latency?metric=cpu",
    ]) {
      const { status, body } = await getJson<{ error: { code: string } }>(path);
      expect(status, path).toBe(400);
      expect(typeof body.error.code).toBe("string");
    }
  });
});

describe("GET /metrics", () => {
  it("exposes Prometheus text with HELP/TYPE, summaries with quantiles, and no thin slices", async () => {
    const res = await exports.default.fetch("http://edge.test/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE pocketrank_telemetry_reports_total counter");
    expect(text).toContain("# HELP pocketrank_inference_ms ");
    expect(text).toContain("# TYPE pocketrank_inference_ms summary");
    expect(text).toContain('pocketrank_telemetry_reports_total{version="v-big",backend="webgpu"} 55');
    expect(text).toMatch(
      /pocketrank_inference_ms\{version="v-big",backend="webgpu",quantile="0.95"\} [0-9.]+/,
    );
    expect(text).toContain('pocketrank_inference_ms_count{version="v-big",backend="webgpu"} 550');
    expect(text).not.toContain("v-thin");
    expect(text).not.toContain('backend="wasm"'); // 20 reports < k
  });
});
