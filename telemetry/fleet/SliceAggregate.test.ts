import { describe, expect, it } from "vitest";
import { syntheticReport } from "../simulator/syntheticReport";
import { seededRng } from "../util/rng";
import { addReport, emptySlice, mergeSlices } from "./SliceAggregate";
import { decodeSlice, encodeSlice } from "./sliceCodec";

const rng = seededRng(3);
const reports = Array.from({ length: 90 }, (_, i) =>
  syntheticReport(rng, {
    medianInferenceMs: 5 + i,
    errors: i % 7 === 0 ? { inference: 1, backend_fallback: 2 } : {},
    impressions: i % 5,
  }),
);
const fold = (rs: typeof reports) => rs.reduce((s, r) => addReport(s, r), emptySlice());

/** The encoding with each sketch's float `sum` split off: sums may differ in the last bits by order. */
function splitSums(text: string): { rest: unknown; sums: number[] } {
  const json = JSON.parse(text) as { sketches: Record<string, { sum: number }> };
  const sums = Object.values(json.sketches).map((s) => s.sum);
  for (const s of Object.values(json.sketches)) s.sum = 0;
  return { rest: json, sums };
}

describe("SliceAggregate", () => {
  it("gives the same aggregate whether reports are added one by one or merged from parts in any order", () => {
    const whole = splitSums(encodeSlice(fold(reports)));
    const parts = [reports.slice(0, 13), reports.slice(13, 50), reports.slice(50)].map(fold);
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ];
    for (const order of orders) {
      const merged = order.reduce((s, i) => mergeSlices(s, decodeSlice(encodeSlice(parts[i]))), emptySlice());
      const got = splitSums(encodeSlice(merged));
      expect(got.rest).toEqual(whole.rest); // every count, bucket, min and max exactly
      for (const [i, sum] of got.sums.entries()) expect(sum).toBeCloseTo(whole.sums[i], 6);
    }
  });

  it("counts reports, failures, fallbacks, engagement and OS exactly", () => {
    const slice = fold(reports);
    expect(slice.reports).toBe(90);
    expect(slice.reportsWithFailure).toBe(13); // i % 7 === 0 for i in 0..89
    expect(slice.reportsWithFallback).toBe(13);
    expect(slice.errors).toEqual({ inference: 13, backend_fallback: 26 });
    const impressions = reports.reduce((n, _, i) => n + (i % 5), 0);
    expect(slice.engagement.home["0"].impressions).toBe(impressions);
    expect(slice.os).toEqual({ linux: 90 });
    expect(slice.sketches.inferenceMs.count).toBe(900);
    expect(slice.histograms.score?.total).toBe(90 * 20);
  });

  it("round-trips through its encoding and refuses foreign data", () => {
    const slice = fold(reports.slice(0, 10));
    expect(encodeSlice(decodeSlice(encodeSlice(slice)))).toBe(encodeSlice(slice));
    expect(() => decodeSlice('{"v":3}')).toThrow(/version/);
    expect(encodeSlice(emptySlice())).toBe(encodeSlice(decodeSlice(encodeSlice(emptySlice()))));
  });
});
