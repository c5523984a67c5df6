import { describe, expect, it } from "vitest";
import { Histogram } from "../histogram/Histogram";
import { LogSketch } from "../sketch/LogSketch";
import { histogramDrift } from "./histogramDrift";
import { jensenShannon, ks, PSI_EPSILON, psi, psiFloorFor, wasserstein } from "./metrics";
import { alignSketches, sketchDrift } from "./sketchDrift";

describe("drift metrics against hand-computed examples", () => {
  // p = [0.5, 0.3, 0.2], q = [0.25, 0.25, 0.5] (counts scaled, since metrics normalise).
  const p = [50, 30, 20];
  const q = [25, 25, 50];

  it("PSI = Σ (p − q) ln(p / q)", () => {
    // (0.5−0.25)·ln 2 + (0.3−0.25)·ln 1.2 + (0.2−0.5)·ln 0.4
    // = 0.25·0.693147 + 0.05·0.182322 + (−0.3)·(−0.916291) = 0.173287 + 0.009116 + 0.274887 = 0.457290
    expect(psi(p, q)).toBeCloseTo(0.45729, 5);
    expect(psi(q, p)).toBeCloseTo(0.45729, 5); // PSI is symmetric
    expect(psi(p, p)).toBe(0);
  });

  it("PSI floors an empty bin at PSI_EPSILON on that side only", () => {
    // p = [1, 0], q = [0.5, 0.5]: (1 − 0.5)·ln 2 + (1e-4 − 0.5)·ln(1e-4 / 0.5)
    // = 0.346574 + (−0.4999)·(−8.517193) = 0.346574 + 4.257745 = 4.604319
    expect(PSI_EPSILON).toBe(1e-4);
    expect(psi([1, 0], [1, 1])).toBeCloseTo(4.604319, 5);
    expect(psi([0, 1, 1], [0, 1, 1])).toBe(0); // empty on both sides contributes nothing
  });

  it("PSI takes a noise-aware floor on both sides", () => {
    // Laplace scale 20 at n = 4000: floor = 2·20/4000 = 0.01.
    expect(psiFloorFor({ kind: "laplace", scale: 20 }, 4000)).toBeCloseTo(0.01, 12);
    expect(psiFloorFor({ kind: "gaussian", sigma: 1 }, 1e6)).toBe(PSI_EPSILON);
    expect(psiFloorFor(undefined, 10)).toBe(PSI_EPSILON);
    // p = [0.995, 0.005, 0], q = [1, 0, 0] with floor 0.01: bin 0 (0.995 − 1)·ln 0.995 = 0.0000251;
    // bins 1 and 2 floor to 0.01 on both sides → 0. PSI = 0.0000251. At the default 1e-4 floor,
    // bin 1 adds (0.005 − 0.0001)·ln(0.005 / 0.0001) = 0.0049·3.912023 = 0.019169 → PSI 0.019194.
    expect(psi([995, 5, 0], [1, 0, 0], 0.01)).toBeCloseTo(0.0000251, 6);
    expect(psi([995, 5, 0], [1, 0, 0])).toBeCloseTo(0.019194, 5);
  });

  it("Jensen–Shannon in bits, within [0, 1]", () => {
    // m = [0.375, 0.275, 0.35]
    // KL(p‖m) = 0.5·log2(0.5/0.375) + 0.3·log2(0.3/0.275) + 0.2·log2(0.2/0.35)
    //         = 0.5·0.415037 + 0.3·0.125531 + 0.2·(−0.807355) = 0.207519 + 0.037659 − 0.161471 = 0.083707
    // KL(q‖m) = 0.25·log2(0.25/0.375) + 0.25·log2(0.25/0.275) + 0.5·log2(0.5/0.35)
    //         = 0.25·(−0.584963) + 0.25·(−0.137504) + 0.5·0.514573 = −0.146241 − 0.034376 + 0.257287 = 0.076670
    // JS = (0.083707 + 0.076670) / 2 = 0.080188
    expect(jensenShannon(p, q)).toBeCloseTo(0.080188, 5);
    expect(jensenShannon([1, 0], [0, 1])).toBe(1);
    expect(jensenShannon(p, p)).toBe(0);
  });

  it("normalised Wasserstein-1 on bin centres", () => {
    // positions 0, 0.5, 1 (span 1); F_p = [0.5, 0.8, 1], F_q = [0.25, 0.5, 1]
    // W1 = |0.5 − 0.25|·0.5 + |0.8 − 0.5|·0.5 = 0.125 + 0.15 = 0.275; / span 1 = 0.275
    expect(wasserstein(p, q, [0, 0.5, 1])).toBeCloseTo(0.275, 12);
    // Same shapes on positions 10, 20, 30: W1 = 0.25·10 + 0.3·10 = 5.5, / span 20 = 0.275 (scale-free)
    expect(wasserstein(p, q, [10, 20, 30])).toBeCloseTo(0.275, 12);
    expect(wasserstein([1, 0, 0], [0, 0, 1], [0, 0.5, 1])).toBe(1);
  });

  it("KS = the largest gap between the CDFs", () => {
    // |F_p − F_q| = [0.25, 0.3, 0] → 0.3
    expect(ks(p, q)).toBeCloseTo(0.3, 12);
  });

  it("answers NaN when a side is empty or holds a negative or non-finite count", () => {
    expect(psi([0, 0], [1, 1])).toBeNaN();
    expect(jensenShannon([1, -1], [1, 1])).toBeNaN();
    expect(ks([1, Number.NaN], [1, 1])).toBeNaN();
    expect(wasserstein([1, 1], [0, 0], [0, 1])).toBeNaN();
    expect(() => psi([1], [1, 1])).toThrow(/bin counts differ/);
  });
});

describe("drift from histograms and sketches", () => {
  it("uses underflow and overflow as the outermost bins of a layout", () => {
    const live = new Histogram("score");
    const ref = new Histogram("score");
    live.add(0.01, 3); // bin 0
    live.add(0.99, 1); // bin 19
    ref.add(0.01, 1);
    ref.add(0.99, 3);
    const d = histogramDrift(live, ref);
    // Vectors [0, 3, 0…0, 1, 0] vs [0, 1, 0…0, 3, 0]: F gap 0.5 from bin 0 to bin 18.
    expect(d.ks).toBeCloseTo(0.5, 12);
    // Positions: underflow 0, centres 0.025…0.975, overflow 1 (span 1); gap 0.5 over 0.95 of axis.
    expect(d.wasserstein).toBeCloseTo(0.5 * 0.95, 12);
    // PSI: 2 × (0.75 − 0.25)·ln 3 = 1.098612
    expect(d.psi).toBeCloseTo(Math.log(3), 6);
  });

  it("refuses to compare histograms of different layouts", () => {
    expect(() => histogramDrift(new Histogram("score"), new Histogram("popularity"))).toThrow(
      /layouts differ/,
    );
  });

  it("aligns two sketches on the union of their buckets in value order", () => {
    const a = new LogSketch();
    const b = new LogSketch();
    for (const v of [-10, 0, 5]) a.add(v);
    for (const v of [5, 5, 100]) b.add(v);
    const { live, reference, positions } = alignSketches(a, b);
    expect(positions.length).toBe(4); // −10, 0, 5, 100
    expect(positions[0]).toBeCloseTo(-10, 1);
    expect(positions[1]).toBe(0);
    expect(live).toEqual([1, 1, 1, 0]);
    expect(reference).toEqual([0, 0, 2, 1]);
    // CDFs: live [1/3, 2/3, 1, 1], ref [0, 0, 2/3, 1] → KS = 2/3
    expect(sketchDrift(a, b).ks).toBeCloseTo(2 / 3, 12);
    expect(sketchDrift(a, a.clone()).psi).toBe(0);
  });

  it("detects a latency shift from sketches through KS and Wasserstein", () => {
    const base = new LogSketch();
    const slow = new LogSketch();
    for (let i = 1; i <= 1000; i++) {
      base.add(i / 100);
      slow.add((i / 100) * 1.5);
    }
    const d = sketchDrift(slow, base);
    expect(d.ks).toBeGreaterThan(0.3);
    expect(d.wasserstein).toBeGreaterThan(0.1);
  });
});
