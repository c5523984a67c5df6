import { describe, expect, it } from "vitest";
import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds } from "web-vitals";
import { LogSketch } from "../sketch/LogSketch";
import { latencyPercentiles, quantileInterval } from "./percentiles";
import { rateWebVital, WEB_VITALS_THRESHOLDS, webVitalP75 } from "./webVitals";
import { wilsonInterval } from "./wilson";

describe("fleet statistics", () => {
  it("uses exactly the web-vitals library's thresholds", () => {
    expect(WEB_VITALS_THRESHOLDS).toEqual({
      lcp: LCPThresholds,
      inp: INPThresholds,
      cls: CLSThresholds,
      fcp: FCPThresholds,
      ttfb: TTFBThresholds,
    });
  });

  it("rates like the web-vitals library (≤ good is good, > poor is poor)", () => {
    expect(rateWebVital("lcp", 2500)).toBe("good");
    expect(rateWebVital("lcp", 2501)).toBe("needs-improvement");
    expect(rateWebVital("lcp", 4000)).toBe("needs-improvement");
    expect(rateWebVital("cls", 0.26)).toBe("poor");
  });

  it("reports p75 of a web-vital sketch with its rating, undefined when empty", () => {
    const lcp = new LogSketch();
    for (let i = 1; i <= 100; i++) lcp.add(i * 40); // 40 .. 4000 ms, p75 at rank 74 → 3000
    const r = webVitalP75("lcp", lcp);
    expect(Math.abs(r.p75 - 3000)).toBeLessThanOrEqual(15);
    expect(r.rating).toBe("needs-improvement");
    expect(webVitalP75("inp", new LogSketch()).rating).toBeUndefined();
  });

  it("reads latency percentiles from a sketch", () => {
    const s = new LogSketch();
    for (let i = 1; i <= 1000; i++) s.add(i);
    const p = latencyPercentiles(s);
    expect(p.count).toBe(1000);
    expect(Math.abs(p.p50 - 500) / 500).toBeLessThanOrEqual(0.005);
    expect(Math.abs(p.p95 - 950) / 950).toBeLessThanOrEqual(0.005);
    expect(Math.abs(p.p99 - 990) / 990).toBeLessThanOrEqual(0.005);
  });

  it("computes Wilson 95% intervals by hand-checked values", () => {
    // p = 0.1, n = 100, z² = 3.8416: centre = (0.1 + 0.019208) / 1.038416 = 0.114799,
    // half = 1.96·√(0.0009 + 0.00009604) / 1.038416 = 1.96·0.031560 / 1.038416 = 0.059570
    const r = wilsonInterval(10, 100);
    expect(r.rate).toBe(0.1);
    expect(r.lower).toBeCloseTo(0.055229, 5);
    expect(r.upper).toBeCloseTo(0.174367, 5);
    const zero = wilsonInterval(0, 20);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeGreaterThan(0.1);
    expect(wilsonInterval(0, 0).rate).toBeNaN();
    expect(wilsonInterval(5, 3).rate).toBeNaN();
  });

  it("bounds a quantile by the ranks q ± z·√(q(1 − q)/n)", () => {
    const s = new LogSketch();
    for (let i = 1; i <= 1000; i++) s.add(i);
    // n = 400, z = 2: half-width 2·√(0.95·0.05/400) = 0.0218 → ranks 0.9282 and 0.9718 of 1..1000.
    const { low, high } = quantileInterval(s, 0.95, 400, 2);
    expect(Math.abs(low - 928.2) / 928.2).toBeLessThanOrEqual(0.006);
    expect(Math.abs(high - 971.8) / 971.8).toBeLessThanOrEqual(0.006);
    expect(quantileInterval(s, 0.95, 0).low).toBeNaN();
    expect(quantileInterval(new LogSketch(), 0.5, 10).high).toBeNaN();
  });
});
