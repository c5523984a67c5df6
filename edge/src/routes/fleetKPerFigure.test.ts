// Finding 3 of issue 10: k counts the reports behind each figure, not the reports of the slice.
// 50 reports (k = 50) of which only one carries sketches, histograms and impressions.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type {
  DriftView,
  FleetOverview,
  LatencyView,
  ScoresView,
  VersionsView,
  VitalsView,
} from "../../../telemetry/fleet";
import type { TelemetryReport } from "../../../telemetry/schema";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { flushAll, getJson, postReports, registerVersions } from "../fleet/fleetTestKit";

const rng = seededRng(303);
const bare = (r: TelemetryReport): TelemetryReport => ({
  ...r,
  sketches: {},
  histograms: {},
  engagement: {},
});
const lone = syntheticReport(rng, { modelVersion: "v-lone", impressions: 20, clickRate: 0.2 });
const others = Array.from({ length: 49 }, () => bare(syntheticReport(rng, { modelVersion: "v-lone" })));

beforeAll(async () => {
  await registerVersions("v-lone");
  expect(new Set(await postReports([lone, ...others]))).toEqual(new Set([202]));
  await flushAll();
});

describe("k per figure: one report's figures are never shown, whatever the slice holds", () => {
  it("shows the slice's report count, which 50 reports feed", async () => {
    const { body } = await getJson<FleetOverview>("/v1/fleet/overview");
    expect(body.versions).toEqual([{ version: "v-lone", cohort: "other", stats: { reports: 50 } }]);
  });

  it("hides the lone report's inference quantiles, LCP p75, CTR, score histogram and drift", async () => {
    const latency = await getJson<LatencyView>("/v1/fleet/latency");
    const points = latency.body.backends.flatMap((b) => b.points.map((p) => p.value));
    expect(points.every((v) => "insufficient" in v)).toBe(true);

    const vitals = await getJson<VitalsView>("/v1/fleet/vitals?version=v-lone");
    expect(vitals.body.vitals.map((v) => v.value)).toEqual(
      vitals.body.vitals.map(() => ({ insufficient: true })),
    );

    const versions = await getJson<VersionsView>("/v1/fleet/versions");
    const stats = versions.body.versions[0].stats;
    if ("insufficient" in stats) throw new Error("50 reports feed the per-report rates");
    expect(stats.reports).toBe(50);
    expect(stats.latencyP95).toEqual({ insufficient: true });
    expect(stats.ctr).toEqual({ insufficient: true });
    expect(stats.scoreMean).toEqual({ insufficient: true });

    const scores = await getJson<ScoresView>("/v1/fleet/scores?version=v-lone");
    expect(scores.body.live).toEqual({ insufficient: true });
    const drift = await getJson<DriftView>("/v1/fleet/drift?version=v-lone");
    for (const p of drift.body.points)
      expect(p.vsReference ?? { insufficient: true }).toEqual({ insufficient: true });
  });

  it("exports no inference, CTR series for them on /metrics, only the report count", async () => {
    const text = await (await exports.default.fetch("http://edge.test/metrics")).text();
    expect(text).not.toMatch(/pocketrank_inference_ms/);
    expect(text).not.toMatch(/pocketrank_ctr_ratio/);
    expect(text).toMatch(/pocketrank_telemetry_reports_total\{version="v-lone",backend="webgpu"\} 50/);
  });
});
