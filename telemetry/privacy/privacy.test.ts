import { describe, expect, it } from "vitest";
import { Histogram } from "../histogram/Histogram";
import { BACKENDS, type Backend, HISTOGRAM_WEIGHT } from "../schema/constants";
import { parseReport } from "../schema/parseReport";
import { decodeSketch } from "../sketch/encoding";
import { LogSketch } from "../sketch/LogSketch";
import { seededRng } from "../util/rng";
import { addNoise, laplaceFor } from "./centralNoise";
import { coarsenToHour, newReportId } from "./identifiers";
import { meetsK } from "./kAnonymity";
import { privatizeReport } from "./privatizeReport";
import { debiasShares, randomizedResponse, rrProbabilities } from "./randomizedResponse";
import { replayExpiresAt, replayKey } from "./replay";
import { scaleCounts } from "./scaleCounts";
import { uaFamily } from "./uaFamily";

describe("randomized response", () => {
  it("keeps the truth with p = e^ε / (e^ε + k − 1)", () => {
    // k = 5, ε = ln 4: keep = 4 / (4 + 4) = 0.5, each other value 1 / 8.
    expect(rrProbabilities(5, Math.log(4))).toEqual({ keep: 0.5, flip: 0.125 });
  });

  it("gives an unbiased share estimate over many draws (fixed seed)", () => {
    const truth: Record<Backend, number> = { webgpu: 0.5, webgl: 0.2, wasm: 0.2, cpu: 0.07, none: 0.03 };
    const rng = seededRng(2024);
    const epsilon = 2;
    const counts: Partial<Record<Backend, number>> = {};
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng();
      let acc = 0;
      let value: Backend = "none";
      for (const b of BACKENDS) {
        acc += truth[b];
        if (u < acc) {
          value = b;
          break;
        }
      }
      const reported = randomizedResponse(value, BACKENDS, epsilon, rng);
      counts[reported] = (counts[reported] ?? 0) + 1;
    }
    const estimate = debiasShares(counts, BACKENDS, epsilon);
    // sd of π̂ ≈ √(λ(1−λ)/n) / (keep − flip) ≈ 0.0011 / 0.55 ≈ 0.002 → 4 sd ≈ 0.008.
    for (const b of BACKENDS) expect(Math.abs(estimate[b] - truth[b]), b).toBeLessThan(0.008);
    // Without de-biasing the raw shares are far off (flip mass pulls everything towards 1/k).
    expect(Math.abs((counts.webgpu ?? 0) / n - truth.webgpu)).toBeGreaterThan(0.1);
  });

  it("rejects values outside the categories and non-positive ε", () => {
    expect(() => randomizedResponse("quantum" as Backend, BACKENDS, 1, Math.random)).toThrow(RangeError);
    expect(() => randomizedResponse("wasm", BACKENDS, 0, Math.random)).toThrow(/epsilon/);
    expect(debiasShares({}, BACKENDS, 1).wasm).toBeNaN();
  });
});

describe("uaFamily", () => {
  const cases: [string, string, string][] = [
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
      "linux",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "edge",
      "windows",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
      "safari",
      "macos",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1",
      "chrome",
      "ios",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "firefox",
      "windows",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
      "samsung",
      "android",
    ],
    [
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
      "chromeos",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
      "opera",
      "windows",
    ],
    ["curl/8.5.0", "other", "other"],
    ["", "other", "other"],
  ];
  it.each(cases)("reduces %s to families", (ua, browserFamily, osFamily) => {
    expect(uaFamily(ua)).toEqual({ browserFamily, osFamily });
  });
});

describe("privatizeReport (device side)", () => {
  const NOW = Date.parse("2026-01-31T13:47:12.345Z");
  const UA =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  function rawWindow() {
    const inferenceMs = new LogSketch();
    for (let i = 0; i < 5000; i++) inferenceMs.add(2 + (i % 50) / 10);
    const score = new Histogram("score");
    for (let i = 0; i < 10_000; i++) score.add((i % 1000) / 1000);
    return {
      windowStart: NOW,
      modelVersion: "v7",
      backend: "webgpu" as const,
      userAgent: UA,
      sketches: { inferenceMs },
      histograms: { score },
      engagement: { home: { "0": { impressions: 2000, clicks: 500 } } },
      errors: { inference: 1e6, model_download: 1.7 },
    };
  }

  it("produces a report the edge accepts, without the user agent and with the hour only", () => {
    const report = privatizeReport(rawWindow(), { rng: seededRng(1), epsilon: Number.POSITIVE_INFINITY });
    expect(parseReport(JSON.stringify(report), NOW)).toMatchObject({ ok: true });
    expect(report.windowStart).toBe("2026-01-31T13:00:00Z");
    expect(JSON.stringify(report)).not.toContain("Mozilla");
    expect(report).toMatchObject({ backend: "webgpu", browserFamily: "chrome", osFamily: "linux" });
    expect(report.reportId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("bounds every contribution: weights normalised, counts clipped", () => {
    const report = privatizeReport(rawWindow(), { rng: seededRng(2) });
    const score = report.histograms.score;
    expect(score && score.counts.reduce((a, b) => a + b, 0) + score.underflow + score.overflow).toBe(
      HISTOGRAM_WEIGHT,
    );
    const decoded = decodeSketch(report.sketches.inferenceMs);
    expect(decoded.ok && decoded.sketch.count).toBe(1000);
    expect(report.engagement.home?.["0"]).toEqual({ impressions: 1000, clicks: 100 });
    expect(report.errors).toEqual({ inference: 100, model_download: 1 });
  });

  it("keeps the shape of what it scales down (sampling is unbiased per bin)", () => {
    const score = new Histogram("score");
    for (let i = 0; i < 1000; i++) score.add(i < 750 ? 0.1 : 0.9);
    const sums = new Array(22).fill(0);
    const rng = seededRng(3);
    for (let t = 0; t < 2000; t++) {
      const r = privatizeReport(
        { windowStart: NOW, modelVersion: "v", backend: "cpu", histograms: { score } },
        { rng },
      );
      const h = r.histograms.score;
      h?.counts.forEach((c, i) => {
        sums[i + 1] += c;
      });
    }
    // Expected per report: 15 in bin 2 (0.1) and 5 in bin 18 (0.9).
    expect(sums[3] / 2000).toBeCloseTo(15, 1);
    expect(sums[19] / 2000).toBeCloseTo(5, 1);
  });

  it("randomizes the browser and OS families with the given ε and sends the backend as it is", () => {
    const rng = seededRng(5);
    let browserKept = 0;
    let backendKept = 0;
    for (let i = 0; i < 4000; i++) {
      const r = privatizeReport(
        { ...rawWindow(), sketches: {}, histograms: {} },
        { rng, epsilon: Math.log(3) },
      );
      if (r.browserFamily === "chrome") browserKept++;
      if (r.backend === "webgpu") backendKept++;
    }
    expect(browserKept / 4000).toBeCloseTo(1 / 3, 1); // keep = 3 / (3 + 7 − 1)
    expect(backendKept).toBe(4000);
  });

  it("collapses a sketch wider than the report's bucket limit so it still passes", () => {
    const wide = new LogSketch();
    for (let i = 0; i < 900; i++) wide.add(10 ** (i / 100 - 3)); // 1e-3 .. 1e6
    const report = privatizeReport(
      { windowStart: NOW, modelVersion: "v", backend: "cpu", sketches: { inferenceMs: wide } },
      { rng: seededRng(6) },
    );
    expect(report.sketches.inferenceMs?.pos.counts.length).toBeLessThanOrEqual(1024);
    expect(parseReport(report, NOW).ok).toBe(true);
  });
});

describe("scaleCounts", () => {
  it("returns integers with the exact target sum, unchanged at their own total", () => {
    expect(scaleCounts([3, 0, 2], 5, seededRng(1))).toEqual([3, 0, 2]);
    const out = scaleCounts([0.4, 7.3, 100, 0, 12.3], 20, seededRng(9));
    expect(out.reduce((a, b) => a + b, 0)).toBe(20);
    expect(out.every(Number.isInteger)).toBe(true);
    expect(scaleCounts([0, 0], 20, seededRng(1))).toEqual([0, 0]);
  });
});

describe("k-anonymity, central noise, replay and time", () => {
  it("shows a slice only from k = 50 reports on", () => {
    expect(meetsK(49)).toBe(false);
    expect(meetsK(50)).toBe(true);
    expect(meetsK(9, 10)).toBe(false);
    expect(meetsK(Number.NaN)).toBe(false);
  });

  it("adds seeded Laplace noise with scale Δ/ε and never a negative count", () => {
    const noise = laplaceFor(0.5, 20);
    expect(noise).toEqual({ kind: "laplace", scale: 40 });
    const a = addNoise([1000, 0], noise, seededRng(7));
    const b = addNoise([1000, 0], noise, seededRng(7));
    expect(a).toEqual(b);
    expect(a[1]).toBeGreaterThanOrEqual(0);
    // Mean absolute Laplace noise equals the scale: check over many draws.
    const rng = seededRng(8);
    let abs = 0;
    for (let i = 0; i < 20_000; i++) abs += Math.abs(addNoise([1e6], noise, rng)[0] - 1e6);
    expect(abs / 20_000).toBeCloseTo(40, 0);
    expect(addNoise([5], undefined, rng)).toEqual([5]);
  });

  it("remembers report ids per hour until the window can no longer be accepted", () => {
    expect(replayKey({ windowStart: "2026-01-31T13:00:00Z", reportId: "ab" })).toBe("2026-01-31T13/ab");
    expect(replayExpiresAt("2026-01-31T13:00:00Z")).toBe(Date.parse("2026-02-02T13:00:00Z"));
  });

  it("coarsens times to the UTC hour and makes fresh 128-bit ids", () => {
    expect(coarsenToHour(new Date("2026-01-31T23:59:59.999Z"))).toBe("2026-01-31T23:00:00Z");
    expect(() => coarsenToHour(Number.NaN)).toThrow(RangeError);
    const ids = new Set(Array.from({ length: 100 }, newReportId));
    expect(ids.size).toBe(100);
  });
});
