import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../util/rng";
import { decodeSketch, encodeSketch } from "./encoding";
import { LogSketch } from "./LogSketch";

/**
 * One shared suite over dataset generators (the sketches-js pattern): every generator runs through
 * the same quantile, merge and round-trip checks, each with an explicit error bound.
 */
type Generator = { name: string; n: number; draw: (rng: Rng) => number };

const exponential = (rng: Rng, mean: number) => -mean * Math.log(1 - rng());
const generators: Generator[] = [
  { name: "uniform [0, 1000)", n: 100_000, draw: (r) => 1000 * r() },
  { name: "exponential mean 20", n: 100_000, draw: (r) => exponential(r, 20) },
  { name: "pareto α=1.1 (heavy tail)", n: 100_000, draw: (r) => (1 - r()) ** (-1 / 1.1) },
  { name: "constant 42", n: 10_000, draw: () => 42 },
  { name: "all zeros", n: 10_000, draw: () => 0 },
  { name: "negatives only", n: 100_000, draw: (r) => -exponential(r, 5) },
  { name: "mixed signs with zeros", n: 100_000, draw: (r) => (r() < 0.1 ? 0 : (r() - 0.5) * 1e4) },
  { name: "tiny magnitudes", n: 10_000, draw: (r) => 1e-9 * (1 + r()) },
  { name: "n = 0", n: 0, draw: () => 1 },
  { name: "n = 1", n: 1, draw: () => 3.7 },
  { name: "n = 10", n: 10, draw: (r) => 100 * r() - 30 },
];

const QUANTILES = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
const ALPHA = 0.005;

/** Exact lower quantile, the rank the sketch targets: sorted[⌊q·(n − 1)⌋]. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function sample(g: Generator, seed: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: g.n }, () => g.draw(rng));
}

function sketchOf(values: readonly number[]): LogSketch {
  const s = new LogSketch({ alpha: ALPHA });
  for (const v of values) s.add(v);
  return s;
}

/** Encoding without the float sum, whose last bits depend on addition order. */
function exactPart(s: LogSketch) {
  const { sum: _sum, ...rest } = encodeSketch(s);
  return rest;
}

describe.each(generators)("LogSketch on $name", (g) => {
  const values = sample(g, 7);
  const sorted = [...values].sort((a, b) => a - b);
  const sketch = sketchOf(values);

  it("counts every value and keeps exact count, min and max", () => {
    expect(sketch.count).toBe(g.n);
    if (g.n === 0) {
      expect(encodeSketch(sketch)).toMatchObject({ zero: 0, min: 0, max: 0, sum: 0 });
      return;
    }
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted[sorted.length - 1]);
    const exactSum = values.reduce((s, v) => s + v, 0);
    expect(Math.abs(sketch.sum - exactSum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exactSum)) * g.n);
  });

  it(`answers every quantile within relative error α = ${ALPHA}`, () => {
    for (const q of QUANTILES) {
      if (g.n === 0) {
        expect(sketch.quantile(q)).toBeNaN(); // nothing to answer: NaN, never a made-up number
        continue;
      }
      const exact = exactQuantile(sorted, q);
      const estimate = sketch.quantile(q);
      // Bound: α·|exact| from the bucket width, plus 1e-12 relative slack for floating rounding.
      expect(Math.abs(estimate - exact), `q=${q}`).toBeLessThanOrEqual(ALPHA * Math.abs(exact) * (1 + 1e-12));
    }
  });

  it("merges split parts in any order into the same sketch as one pass", () => {
    const rng = seededRng(11);
    const parts: number[][] = [[], [], [], [], []];
    for (const v of values) parts[Math.floor(rng() * parts.length)].push(v);
    const sketches = parts.map(sketchOf);
    const forward = sketches.reduce((acc, s) => acc.merge(s), new LogSketch({ alpha: ALPHA }));
    const backward = [...sketches]
      .reverse()
      .reduce((acc, s) => acc.merge(s), new LogSketch({ alpha: ALPHA }));
    // ((0 ∪ 1) ∪ (2 ∪ (3 ∪ 4))): a tree, to check associativity rather than one fold order.
    const tree = sketches[0]
      .clone()
      .merge(sketches[1])
      .merge(sketches[2].clone().merge(sketches[3].clone().merge(sketches[4])));
    for (const merged of [forward, backward, tree]) {
      expect(exactPart(merged)).toEqual(exactPart(sketch));
      expect(Math.abs(merged.sum - sketch.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sketch.sum)));
      for (const q of QUANTILES) expect(Object.is(merged.quantile(q), sketch.quantile(q))).toBe(true);
    }
  });

  it("round-trips through its JSON encoding", () => {
    const decoded = decodeSketch(JSON.parse(JSON.stringify(encodeSketch(sketch))));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(encodeSketch(decoded.sketch)).toEqual(encodeSketch(sketch));
    for (const q of QUANTILES) expect(Object.is(decoded.sketch.quantile(q), sketch.quantile(q))).toBe(true);
  });
});

describe("LogSketch edge cases", () => {
  it("answers NaN for quantiles and mean when empty, and for q outside [0, 1]", () => {
    const s = new LogSketch();
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.mean()).toBeNaN();
    s.add(1);
    expect(s.quantile(-0.1)).toBeNaN();
    expect(s.quantile(1.1)).toBeNaN();
    expect(s.quantile(Number.NaN)).toBeNaN();
  });

  it("keeps negative values when merged (the sketches-js bug)", () => {
    const negatives = sketchOf([-1, -2, -3, -4]);
    const positives = sketchOf([10]);
    const merged = new LogSketch().merge(negatives).merge(positives);
    expect(merged.count).toBe(5);
    expect(merged.min).toBe(-4);
    expect(merged.quantile(0.25)).toBeCloseTo(-3, 1);
    // Negatives merged into an empty sketch must survive on their own too.
    const onlyNeg = new LogSketch().merge(negatives);
    expect(onlyNeg.count).toBe(4);
    expect(Math.abs(onlyNeg.quantile(0.5) - -3)).toBeLessThanOrEqual(3 * 0.005);
    expect(encodeSketch(onlyNeg).neg.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("adds weighted values as repeated ones", () => {
    const weighted = new LogSketch();
    weighted.add(5, 3);
    weighted.add(-2, 2);
    const repeated = sketchOf([5, 5, 5, -2, -2]);
    expect(encodeSketch(weighted)).toEqual(encodeSketch(repeated));
  });

  it("ignores NaN, infinities and non-positive weights", () => {
    const s = new LogSketch();
    expect(s.add(Number.NaN)).toBe(false);
    expect(s.add(Number.POSITIVE_INFINITY)).toBe(false);
    expect(s.add(1, 0)).toBe(false);
    expect(s.add(1, -1)).toBe(false);
    expect(s.add(1, Number.NaN)).toBe(false);
    expect(s.count).toBe(0);
  });

  it("refuses to merge sketches of different accuracy", () => {
    expect(() => new LogSketch({ alpha: 0.01 }).merge(new LogSketch({ alpha: 0.005 }))).toThrow(
      /different parameters/,
    );
    expect(() => new LogSketch({ alpha: 0 })).toThrow(RangeError);
    expect(() => new LogSketch({ maxBuckets: 0 })).toThrow(RangeError);
  });

  it("stays bounded by collapsing its lowest buckets, keeping the top accurate and merges order-free", () => {
    const maxBuckets = 64;
    const rng = seededRng(5);
    const values = Array.from({ length: 20_000 }, () => 10 ** (12 * rng() - 6)); // 1e-6 .. 1e6
    const sorted = [...values].sort((a, b) => a - b);
    const s = new LogSketch({ maxBuckets });
    for (const v of values) s.add(v);
    const run = encodeSketch(s).pos;
    expect(run.counts.length).toBeLessThanOrEqual(maxBuckets);
    expect(s.count).toBe(values.length);
    // 64 buckets at α = 0.005 span a factor γ^64 ≈ 1.9, so only the top of the range stays exact.
    const exact = exactQuantile(sorted, 0.9999);
    expect(Math.abs(s.quantile(0.9999) - exact)).toBeLessThanOrEqual(0.005 * exact * (1 + 1e-12));
    // Collapsed values read as the lowest kept bucket: never above the truth they replace.
    expect(s.quantile(0.5)).toBeGreaterThanOrEqual(exactQuantile(sorted, 0.5));
    const halves = [values.slice(0, 7000), values.slice(7000)].map((part) => {
      const p = new LogSketch({ maxBuckets });
      for (const v of part) p.add(v);
      return p;
    });
    const ab = halves[0].clone().merge(halves[1]);
    const ba = halves[1].clone().merge(halves[0]);
    expect(exactPart(ab)).toEqual(exactPart(s));
    expect(exactPart(ba)).toEqual(exactPart(s));
  });
});
