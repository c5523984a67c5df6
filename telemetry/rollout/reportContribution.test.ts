import { describe, expect, it } from "vitest";
import { Histogram } from "../histogram";
import type { ReportSketch, TelemetryReport } from "../schema";
import { encodeSketch, LogSketch } from "../sketch";
import { defaultPlan } from "./defaultPlan";
import { emptySums } from "./ratioSums";
import { addContribution, reportContribution } from "./reportContribution";

/** A webgpu report: inferences of 1, 2, …, 20 ms, 15 impressions with 3 clicks, one failure. */
function report(): TelemetryReport {
  const inference = new LogSketch();
  for (let ms = 1; ms <= 20; ms++) inference.add(ms);
  const score = new Histogram("score");
  for (let i = 0; i < 20; i++) score.add(i < 15 ? 0.12 : 0.71);
  return {
    schemaVersion: 2,
    reportId: "0123456789abcdef0123456789abcdef",
    windowStart: "2026-11-30T10:00:00Z",
    modelVersion: "v2",
    cohort: "canary",
    backend: "webgpu",
    browserFamily: "chrome",
    osFamily: "linux",
    sketches: { inferenceMs: encodeSketch(inference) as ReportSketch },
    histograms: { score: score.toJSON() },
    engagement: {
      home: { "0": { impressions: 10, clicks: 2 } },
      item: { "1": { impressions: 5, clicks: 1 } },
    },
    errors: { inference: 1, webgpu_unavailable: 2 },
  };
}

const plan = defaultPlan();
const thresholds = { webgpu: 15.5, wasm: 40 };

describe("reportContribution", () => {
  it("counts impressions and clicks per slot and over all slots", () => {
    const c = reportContribution(report(), plan, "control", thresholds).cohort;
    expect(c.ctr).toEqual([15, 3]);
    expect(c["ctr:home"]).toEqual([10, 2]);
    expect(c["ctr:item"]).toEqual([5, 1]);
    expect(c["ctr:cart"]).toEqual([0, 0]);
  });

  it("counts a failure and a fallback once per report", () => {
    const c = reportContribution(report(), plan, "control", thresholds).cohort;
    expect(c.error_rate).toEqual([1, 1]);
    expect(c.fallback_rate).toEqual([1, 1]);
    const clean = { ...report(), errors: {} };
    expect(reportContribution(clean, plan, "control", thresholds).cohort.error_rate).toEqual([1, 0]);
  });

  it("counts inferences above T for the control and above 1.1·T for the canary, on the report's backend only", () => {
    const control = reportContribution(report(), plan, "control", thresholds).cohort;
    const canary = reportContribution(report(), plan, "canary", thresholds).cohort;
    expect(control["p95:webgpu"]).toEqual([20, 5]); // 16…20 ms > 15.5
    expect(canary["p95:webgpu"]).toEqual([20, 3]); // 18…20 ms > 17.05
    expect(control["p95:wasm"]).toEqual([0, 0]); // another backend
    expect(control["p95:webgl"]).toEqual([0, 0]); // no threshold: not applicable
  });

  it("gives the canary's score weight per bin (22 entries) and the control none", () => {
    const canary = reportContribution(report(), plan, "canary", thresholds);
    expect(canary.scoreBins).toHaveLength(22);
    expect(canary.scoreBins?.reduce((a, b) => a + b, 0)).toBe(20);
    expect(reportContribution(report(), plan, "control", thresholds).scoreBins).toBeUndefined();
  });

  it("adds into per-guardrail sums with the report as the cluster", () => {
    const sums = Object.fromEntries(plan.guardrails.map((g) => [g.id, emptySums()]));
    const bins = Array.from({ length: 22 }, () => emptySums());
    const c = reportContribution(report(), plan, "canary", thresholds);
    addContribution(sums, bins, c);
    addContribution(sums, bins, c);
    expect(sums.ctr).toEqual({ n: 2, x: 30, y: 6, xx: 450, yy: 18, xy: 90 });
    expect(sums["ctr:cart"].n).toBe(0);
    expect(bins.reduce((s, b) => s + b.y, 0)).toBe(40);
    expect(bins.every((b) => b.n === 2 && b.x === 40)).toBe(true);
  });
});
