import { describe, expect, it } from "vitest";
import { normal, seededRng } from "../util/rng";
import { combineStrata, confidenceSequence, mixtureHalfWidth } from "./confidenceSequence";
import { addToSums, emptySums, ratioEstimate } from "./ratioSums";

/**
 * Share of `runs` streams of N(0, 1) draws in which the interval around the running mean ever
 * excludes the true mean 0, looking after every draw from the 20th to the `looks`-th.
 */
function everMissed(halfWidth: (variance: number) => number, runs: number, looks: number): number {
  const rng = seededRng(7);
  let missed = 0;
  for (let r = 0; r < runs; r++) {
    let sum = 0;
    for (let t = 1; t <= looks; t++) {
      sum += normal(rng);
      if (t >= 20 && Math.abs(sum / t) > halfWidth(1 / t)) {
        missed++;
        break;
      }
    }
  }
  return missed / runs;
}

describe("mixtureHalfWidth", () => {
  it("covers the truth at every one of 2,000 looks in at least 1 − α of the streams", () => {
    const miss = everMissed((v) => mixtureHalfWidth(v, 0.05, 0.3), 1000, 2000);
    expect(miss).toBeLessThanOrEqual(0.05);
  });

  it("is needed: a fixed 95 % interval read as often misses in far more than 5 % of the streams", () => {
    const miss = everMissed((v) => 1.96 * Math.sqrt(v), 1000, 2000);
    expect(miss).toBeGreaterThan(0.2);
  });

  it("is wider than the fixed interval at the same variance, and shrinks as the variance does", () => {
    expect(mixtureHalfWidth(1e-4, 0.05, 0.05)).toBeCloseTo(0.031, 3);
    expect(mixtureHalfWidth(1e-4, 0.05, 0.05)).toBeGreaterThan(1.96 * 0.01);
    expect(mixtureHalfWidth(1e-6, 0.05, 0.05)).toBeLessThan(mixtureHalfWidth(1e-4, 0.05, 0.05) / 5);
  });

  it("answers Infinity without a variance and refuses a bad alpha or mixture", () => {
    expect(mixtureHalfWidth(0, 0.05, 0.1)).toBe(Number.POSITIVE_INFINITY);
    expect(mixtureHalfWidth(Number.NaN, 0.05, 0.1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => mixtureHalfWidth(1, 0, 0.1)).toThrow(RangeError);
    expect(() => mixtureHalfWidth(1, 0.05, 0)).toThrow(RangeError);
    const cs = confidenceSequence(-0.03, 1e-4, 0.05, 0.05);
    expect(cs.lower).toBeCloseTo(-0.061, 3);
    expect(cs.upper).toBeCloseTo(0.001, 3);
  });
});

describe("combineStrata", () => {
  it("weighs strata by precision and skips strata without a variance", () => {
    expect(
      combineStrata([
        { estimate: 1, variance: 1 },
        { estimate: 3, variance: 1 },
      ]),
    ).toEqual({ estimate: 2, variance: 0.5 });
    const c = combineStrata([
      { estimate: 0, variance: 1 },
      { estimate: 4, variance: 3 },
      { estimate: 9, variance: Number.NaN },
    ]);
    expect(c.estimate).toBeCloseTo(1, 12);
    expect(c.variance).toBeCloseTo(0.75, 12);
    expect(combineStrata([]).estimate).toBeNaN();
  });
});

describe("ratioEstimate (delta method, reports as clusters)", () => {
  it("matches the variance computed by hand", () => {
    // reports (x, y): (10, 1), (20, 4), (10, 0): R = 5/40; residuals 1 − 1.25, 4 − 2.5, 0 − 1.25
    const s = [
      [10, 1],
      [20, 4],
      [10, 0],
    ].reduce((acc, [x, y]) => addToSums(acc, x, y), emptySums());
    const residual2 = (1 - 1.25) ** 2 + (4 - 2.5) ** 2 + (0 - 1.25) ** 2;
    const { ratio, variance } = ratioEstimate(s);
    expect(ratio).toBe(0.125);
    expect(variance).toBeCloseTo((3 / 2) * (residual2 / 40 ** 2), 12);
  });

  it("is larger than the binomial variance when a report's clicks go together", () => {
    // Each report clicks all 20 impressions or none: 10 % of reports click.
    const rng = seededRng(3);
    const s = emptySums();
    for (let i = 0; i < 2000; i++) addToSums(s, 20, rng() < 0.1 ? 20 : 0);
    const { ratio, variance } = ratioEstimate(s);
    const binomial = (ratio * (1 - ratio)) / s.x;
    expect(variance / binomial).toBeGreaterThan(15); // design effect ≈ 20 impressions per cluster
  });

  it("does not take a cohort with no events as exactly known, and skips empty reports", () => {
    const s = emptySums();
    for (let i = 0; i < 100; i++) addToSums(s, 1, 0);
    addToSums(s, 0, 0);
    expect(s.n).toBe(100);
    const { ratio, variance } = ratioEstimate(s);
    expect(ratio).toBe(0);
    expect(variance).toBeGreaterThan(0);
    expect(ratioEstimate(addToSums(emptySums(), 5, 1)).variance).toBeNaN();
  });
});
