import { describe, expect, it } from "vitest";
import { bootstrapPairedMeanDifference } from "./pairedBootstrap";

describe("bootstrapPairedMeanDifference", () => {
  it("covers the true mean difference and excludes 0 when every pair moves the same way", () => {
    const b = Array.from({ length: 400 }, (_, i) => (i % 7) / 7);
    const a = b.map((x) => x + 0.1);
    const [lo, hi] = bootstrapPairedMeanDifference(a, b);
    expect(lo).toBeCloseTo(0.1, 10);
    expect(hi).toBeCloseTo(0.1, 10);
  });
  it("is paired: a shared per-user spread does not widen the interval, a noisy difference does", () => {
    const b = Array.from({ length: 400 }, (_, i) => (i * 37) % 100);
    const shifted = bootstrapPairedMeanDifference(
      b.map((x) => x + 1),
      b,
    );
    const noisy = bootstrapPairedMeanDifference(
      b.map((x, i) => x + (i % 2 ? 3 : -1)),
      b,
    );
    expect(shifted[1] - shifted[0]).toBeLessThan(1e-9);
    expect(noisy[0]).toBeLessThan(1);
    expect(noisy[1]).toBeGreaterThan(1);
  });
  it("refuses values that are not paired", () => {
    expect(() => bootstrapPairedMeanDifference([1, 2], [1])).toThrow(/differ in length/);
  });
});
