import { describe, expect, it } from "vitest";
import { latencyView } from "../fleet";
import { privatizeReport } from "../privacy";
import { parseReport, type TelemetryReport } from "../schema";
import { LogSketch } from "../sketch";
import { seededRng } from "../util/rng";
import { drawBrowser, type Shift } from "./fleetProfile";
import { InProcessFleet } from "./InProcessFleet";
import { poolProfile } from "./scoredSession";
import { simulateRawWindow, simulateWindow } from "./simulateWindow";
import { syntheticPool } from "./syntheticPool";

const pool = syntheticPool(seededRng(4), 40);
const NOW = Date.parse("2026-03-02T10:30:00Z");

function windows(shift: Shift | null, n = 600): TelemetryReport[] {
  const rng = seededRng(99);
  return Array.from({ length: n }, (_, i) =>
    simulateWindow(drawBrowser(rng), pool, {
      modelVersion: "demo-1",
      now: NOW,
      first: i % 5 === 0,
      shift,
      rng,
    }),
  );
}

describe("simulateWindow", () => {
  it("produces reports that the edge's strict parser accepts", () => {
    for (const report of windows(null, 100)) {
      const parsed = parseReport(JSON.stringify(report), NOW);
      expect(parsed.ok ? "ok" : parsed.message).toBe("ok");
    }
  });

  it("reports the backends the chain skipped, as the client does, so a healthy fleet already falls back", () => {
    const share = (reports: TelemetryReport[]) =>
      reports.filter((r) => r.errors.webgpu_unavailable).length / reports.length;
    const healthy = windows(null);
    expect(share(healthy)).toBeGreaterThan(0.15); // browsers without WebGPU (~28 % of the fleet)
    expect(share(healthy)).toBeLessThan(0.45);
    expect(healthy.filter((r) => r.backend === "webgpu").every((r) => !r.errors.webgpu_unavailable)).toBe(
      true,
    );
    expect(share(windows("backend"))).toBeGreaterThan(share(healthy) + 0.3); // 70 % of WebGPU windows lose it
  });

  it("shifts scores up and slows only the GPU backends when asked", () => {
    const meanScoreBin = (reports: TelemetryReport[]) => {
      let sum = 0;
      let n = 0;
      for (const r of reports)
        for (const [i, c] of (r.histograms.score?.counts ?? []).entries()) {
          sum += c * i;
          n += c;
        }
      return sum / n;
    };
    expect(meanScoreBin(windows("score"))).toBeGreaterThan(meanScoreBin(windows(null)) + 1);
    const p50 = (shift: Shift | null, backend: string) => {
      const fleet = new InProcessFleet(new Map([["demo-1", poolProfile(pool)]]), 1);
      for (const r of windows(shift, 1000)) fleet.ingest(r, NOW);
      const view = latencyView(fleet.input(NOW, 1));
      const value = view.backends.find((b) => b.backend === backend)?.points[0].value;
      return value && !("insufficient" in value) ? value.p50 : Number.NaN;
    };
    expect(p50("latency", "webgpu")).toBeGreaterThan(4 * p50(null, "webgpu"));
    expect(p50("latency", "webgl")).toBeGreaterThan(4 * p50(null, "webgl"));
    expect(p50("latency", "wasm")).toBeCloseTo(p50(null, "wasm"), 6);
  });
});

describe("per-backend latency with privacy on", () => {
  it("equals the simulated truth on every backend with at least k reports", () => {
    const rng = seededRng(7);
    const fleet = new InProcessFleet(new Map([["demo-1", poolProfile(pool)]]));
    const truth = new Map<string, LogSketch>();
    for (let i = 0; i < 4000; i++) {
      const raw = simulateRawWindow(drawBrowser(rng), pool, {
        modelVersion: "demo-1",
        now: NOW,
        first: false,
        shift: null,
        rng,
      });
      const sketch = truth.get(raw.backend) ?? new LogSketch();
      if (raw.sketches?.inferenceMs) sketch.merge(raw.sketches.inferenceMs);
      truth.set(raw.backend, sketch);
      // The device's own privacy filter at its default ε: families randomized, weights capped.
      expect(fleet.ingest(privatizeReport(raw, { rng }), NOW)).toBe(true);
    }
    const view = latencyView(fleet.input(NOW, 1));
    const shown = view.backends.filter((b) => !("insufficient" in b.points[0].value));
    expect(shown.map((b) => b.backend).sort()).toEqual(["wasm", "webgl", "webgpu"]); // cpu is under k
    for (const { backend, points } of shown) {
      const value = points[0].value;
      if ("insufficient" in value) continue;
      const exact = truth.get(backend) as LogSketch;
      expect(value.p50 / exact.quantile(0.5), backend).toBeCloseTo(1, 9);
      expect(value.p95 / exact.quantile(0.95), backend).toBeCloseTo(1, 9);
    }
  });
});
