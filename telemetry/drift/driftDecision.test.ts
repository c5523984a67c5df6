import { describe, expect, it } from "vitest";
import { multinomial, seededRng } from "../util/rng";
import { driftDecision } from "./driftDecision";
import { psi } from "./metrics";

// A skewed 22-entry score vector (underflow, 20 bins, overflow), like a ranker's scores.
const reference = [0, ...Array.from({ length: 20 }, (_, i) => Math.round(1000 * Math.exp(-i / 5))), 0];
const total = reference.reduce((s, c) => s + c, 0);
const p = reference.map((c) => c / total);

/** The reference with a share `w` of its mass moved one bin up (a model whose scores crept upwards). */
function shifted(w: number): number[] {
  return p.map((x, i) => (1 - w) * x + w * (i > 0 ? p[i - 1] : 0));
}

const PSI = { metric: "psi" as const, effectSize: 0.1 };

describe("driftDecision", () => {
  it("does not alert on a tiny true shift at a large n, though the shift is significant", () => {
    const truth = shifted(0.1);
    expect(psi(truth, p)).toBeGreaterThan(0.002); // real, but far under the effect size
    expect(psi(truth, p)).toBeLessThan(0.02);
    const live = multinomial(seededRng(1), 2_000_000, truth);
    const d = driftDecision(live, reference, 2_000_000, PSI);
    expect(d.value).toBeGreaterThan(d.noiseThreshold); // significance alone would alarm
    expect(d.drifted).toBe(false);
    expect(d.threshold).toBe(0.1);
  });

  it("alerts on a shift past the effect size", () => {
    const truth = shifted(0.8);
    expect(psi(truth, p)).toBeGreaterThan(0.2);
    const live = multinomial(seededRng(2), 5000, truth);
    const d = driftDecision(live, reference, 5000, PSI);
    expect(d.value).toBeGreaterThan(0.1);
    expect(d.drifted).toBe(true);
  });

  it("does not alert on chance at a small n, where chance alone often exceeds the effect size", () => {
    const rng = seededRng(3);
    const n = 60;
    let overEffect = 0;
    let alarms = 0;
    for (let t = 0; t < 500; t++) {
      const d = driftDecision(multinomial(rng, n, p), reference, n, PSI);
      if (d.value >= PSI.effectSize) overEffect++;
      if (d.drifted) alarms++;
      expect(d.noiseThreshold).toBeGreaterThan(PSI.effectSize);
    }
    expect(overEffect / 500).toBeGreaterThan(0.5); // the effect size alone would alarm on most windows
    expect(alarms / 500).toBeLessThan(0.03); // the noise check keeps it near α = 1 %
  });

  it("raises the noise bar when the baseline is itself a sample", () => {
    const live = multinomial(seededRng(4), 4000, p);
    const oneSample = driftDecision(live, reference, 4000, { ...PSI, effectSize: 0 });
    const twoSample = driftDecision(live, reference, 4000, { ...PSI, effectSize: 0, baselineWeight: 4000 });
    // n·m/(n + m) = 2000: about twice the one-sample threshold (PSI ≈ χ²/n).
    expect(twoSample.noiseThreshold / oneSample.noiseThreshold).toBeGreaterThan(1.6);
    expect(twoSample.noiseThreshold / oneSample.noiseThreshold).toBeLessThan(2.5);
  });

  it("answers not drifted, with NaN figures, when a side is empty; refuses a negative effect size", () => {
    const d = driftDecision(
      reference.map(() => 0),
      reference,
      0,
      PSI,
    );
    expect(d.value).toBeNaN();
    expect(d.drifted).toBe(false);
    expect(() => driftDecision(reference, reference, 10, { ...PSI, effectSize: -1 })).toThrow(/effectSize/);
  });
});
