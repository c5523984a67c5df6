import { describe, expect, it } from "vitest";
import { addNoise } from "../privacy/centralNoise";
import { multinomial, seededRng } from "../util/rng";
import { driftThreshold, nBucket } from "./driftThreshold";
import { psi } from "./metrics";

// A skewed 22-entry score vector (underflow, 20 bins, overflow), like a ranker's scores.
const reference = [0, ...Array.from({ length: 20 }, (_, i) => Math.round(1000 * Math.exp(-i / 5))), 0];

describe("driftThreshold", () => {
  it("buckets n by half octaves, rounding down", () => {
    expect(nBucket(1)).toBe(1);
    expect(nBucket(1000)).toBe(724);
    expect(nBucket(1024)).toBe(1024);
    expect(nBucket(1500)).toBe(1448);
  });

  it("keeps the false-alarm rate near alpha on fresh unchanged windows", () => {
    const n = 4096;
    const alpha = 0.05;
    const threshold = driftThreshold(reference, n, { metric: "psi", alpha, trials: 2000 });
    const rng = seededRng(99);
    const total = reference.reduce((s, c) => s + c, 0);
    const p = reference.map((c) => c / total);
    let alarms = 0;
    const windows = 2000;
    for (let t = 0; t < windows; t++) if (psi(multinomial(rng, n, p), reference) > threshold) alarms++;
    // Binomial(2000, 0.05) has sd ≈ 0.0049, so ±3 sd ≈ [0.035, 0.065].
    expect(alarms / windows).toBeGreaterThan(0.03);
    expect(alarms / windows).toBeLessThan(0.07);
  });

  it("shrinks as n grows and grows with privacy noise", () => {
    const small = driftThreshold(reference, 500, { metric: "psi" });
    const large = driftThreshold(reference, 20_000, { metric: "psi" });
    const noisy = driftThreshold(reference, 20_000, { metric: "psi", noise: { kind: "laplace", scale: 20 } });
    expect(large).toBeLessThan(small);
    expect(noisy).toBeGreaterThan(large);
    // Sanity against theory: without noise PSI ≈ χ²/n, with 20 non-empty bins − 1 = 19 dof,
    // whose 99% quantile is 36.2, so about 36.2 / 16384 ≈ 0.0022 at the 16384 bucket.
    expect(large).toBeGreaterThan(0.0015);
    expect(large).toBeLessThan(0.003);
  });

  it("keeps the false-alarm rate near alpha when the live counts carry the edge's noise", () => {
    const noise = { kind: "laplace", scale: 20 } as const;
    const threshold = driftThreshold(reference, 8192, { metric: "js", noise, alpha: 0.05, trials: 1000 });
    const rng = seededRng(3);
    const total = reference.reduce((s, c) => s + c, 0);
    const p = reference.map((c) => c / total);
    let alarms = 0;
    for (let t = 0; t < 1000; t++) {
      const noisy = addNoise(multinomial(rng, 8192, p), noise, rng);
      if (jsOf(noisy) > threshold) alarms++;
    }
    // Binomial(1000, 0.05) has sd ≈ 0.007; the threshold's own resampling error (1000 trials) adds
    // about as much, so both sides sit ~4 sd out. Too low a threshold fails the first, one that
    // ignores the noise's real spread (or is infinite) fails the second.
    expect(alarms / 1000).toBeLessThan(0.09);
    expect(alarms / 1000).toBeGreaterThan(0.015);
  });

  it("is deterministic and cached without an rng, random with one", () => {
    const a = driftThreshold(reference, 3000, { metric: "ks" });
    const b = driftThreshold(reference, 3000, { metric: "ks" });
    expect(a).toBe(b);
    const c = driftThreshold(reference, 3000, { metric: "ks", rng: seededRng(1) });
    const d = driftThreshold(reference, 3000, { metric: "ks", rng: seededRng(2) });
    expect(c).not.toBe(d);
  });

  it("caches per PSI floor: a different floor is a different null", () => {
    const noise = { kind: "laplace", scale: 20 } as const;
    const plain = driftThreshold(reference, 4000, { metric: "psi", noise });
    const floored = driftThreshold(reference, 4000, { metric: "psi", noise, psiFloor: 0.01 });
    expect(floored).not.toBe(plain);
  });

  it("needs positions for Wasserstein and answers NaN for empty inputs", () => {
    const positions = reference.map((_, i) => i / 21);
    expect(driftThreshold(reference, 1000, { metric: "wasserstein", positions })).toBeGreaterThan(0);
    expect(driftThreshold([0, 0, 0], 1000, { metric: "psi" })).toBeNaN();
    expect(driftThreshold(reference, 0, { metric: "psi" })).toBeNaN();
    expect(() => driftThreshold(reference, 100, { metric: "psi", alpha: 1 })).toThrow(/alpha/);
    expect(() => driftThreshold(reference, 100, { metric: "psi", trials: 3 })).toThrow(/trials/);
  });
});

function jsOf(sample: number[]): number {
  const total = reference.reduce((s, c) => s + c, 0);
  const st = sample.reduce((s, c) => s + c, 0);
  let js = 0;
  for (let i = 0; i < sample.length; i++) {
    const pi = sample[i] / st;
    const qi = reference[i] / total;
    const m = (pi + qi) / 2;
    if (pi > 0) js += 0.5 * pi * Math.log2(pi / m);
    if (qi > 0) js += 0.5 * qi * Math.log2(qi / m);
  }
  return js;
}
