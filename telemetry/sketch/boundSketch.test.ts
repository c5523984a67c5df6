import { describe, expect, it } from "vitest";
import { boundSketch } from "./boundSketch";
import { LogSketch } from "./LogSketch";

const sketchOf = (values: number[]) => {
  const s = new LogSketch();
  for (const v of values) s.add(v);
  return s;
};

describe("boundSketch", () => {
  it("leaves an honest sketch's buckets, min, max and sum unchanged", () => {
    const honest = sketchOf([0, 0.5, 3, 3, 12.5, 400]);
    const bounded = boundSketch(honest, 3_600_000);
    expect(bounded.bucketsAscending()).toEqual(honest.bucketsAscending());
    expect([bounded.min, bounded.max, bounded.sum]).toEqual([honest.min, honest.max, honest.sum]);
  });

  it("clamps a claimed min, max and sum into what the buckets allow", () => {
    const s = sketchOf([10, 10, 10]);
    s.min = -1e308;
    s.max = 1e308;
    s.sum = 1.5e308;
    const b = boundSketch(s, 3_600_000);
    expect(b.min).toBeGreaterThan(9.9);
    expect(b.max).toBeLessThan(10.1);
    expect(b.sum).toBeLessThan(3 * 10.1);
    expect(b.sum).toBeGreaterThan(3 * 9.9);
  });

  it("folds values above the cap into the cap's bucket and negatives into zero", () => {
    const s = sketchOf([-5, 5000, 5000, 2]);
    const b = boundSketch(s, 1000);
    expect(b.count).toBe(4);
    expect(b.zeroCount).toBe(1);
    expect(b.negative.count).toBe(0);
    expect(b.max).toBeLessThanOrEqual(1000);
    expect(b.sum).toBeLessThanOrEqual(2.02 + 2 * 1000);
    expect(b.min).toBe(0);
  });

  it("keeps every merge of bounded sketches finite", () => {
    const huge = sketchOf([1e308]);
    huge.sum = 1.7e308;
    let fleet = new LogSketch();
    for (let i = 0; i < 1000; i++) fleet = fleet.merge(boundSketch(huge, 3_600_000));
    expect(Number.isFinite(fleet.sum)).toBe(true);
    expect(fleet.sum).toBeLessThanOrEqual(1000 * 3_600_000);
  });

  it("returns an empty sketch for an empty one", () => {
    const b = boundSketch(new LogSketch(), 10);
    expect(b.count).toBe(0);
  });
});
