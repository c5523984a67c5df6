import { describe, expect, it } from "vitest";
import { parseReport } from "../schema";
import { decodeSketch, LogSketch } from "../sketch";
import { seededRng } from "../util/rng";
import { drawBrowser } from "./fleetProfile";
import type { ScoredSession } from "./scorePool";
import { simulateWindow } from "./simulateWindow";

// A stand-in for the real-model pool: fixed scores and features (the pool's shape, not its source).
const pool: ScoredSession[] = [
  {
    scores: [0.1, 0.2, 0.05, 0.3, 0.15],
    features: [{ popularity: 2, coocMax: 0.01, categoryOverlap: 0.5 }],
    historyLength: 4,
  },
  {
    scores: [0.25, 0.12, 0.08, 0.4],
    features: [{ popularity: 3.5, coocMax: 0.2, categoryOverlap: 1 }],
    historyLength: 9,
  },
];

function windows(shift: "score" | "latency" | "backend" | null, n = 300) {
  const rng = seededRng(99);
  return Array.from({ length: n }, (_, i) =>
    simulateWindow(drawBrowser(rng), pool, {
      modelVersion: "demo-1",
      now: Date.now(),
      first: i % 2 === 0,
      shift,
      rng,
    }),
  );
}

describe("simulateWindow", () => {
  it("produces reports that the edge's strict parser accepts", () => {
    for (const report of windows(null, 100)) {
      const parsed = parseReport(JSON.stringify(report), Date.now());
      expect(parsed.ok ? "ok" : parsed.message).toBe("ok");
    }
  });

  it("shifts scores up, slows GPU backends and causes fallbacks when asked", () => {
    const meanScoreBin = (reports: ReturnType<typeof windows>) => {
      let sum = 0;
      let n = 0;
      for (const r of reports) {
        for (const [i, c] of (r.histograms.score?.counts ?? []).entries()) {
          sum += c * i;
          n += c;
        }
      }
      return sum / n;
    };
    expect(meanScoreBin(windows("score"))).toBeGreaterThan(meanScoreBin(windows(null)) + 1);

    const p50 = (reports: ReturnType<typeof windows>) => {
      const s = new LogSketch();
      for (const r of reports.filter((x) => x.backend === "webgpu")) {
        const decoded = decodeSketch(r.sketches.inferenceMs);
        if (decoded.ok) s.merge(decoded.sketch);
      }
      return s.quantile(0.5);
    };
    expect(p50(windows("latency"))).toBeGreaterThan(3 * p50(windows(null)));

    const fallbacks = (reports: ReturnType<typeof windows>) =>
      reports.filter((r) => r.errors.backend_fallback).length;
    expect(fallbacks(windows(null))).toBe(0);
    expect(fallbacks(windows("backend"))).toBeGreaterThan(100);
  });
});
