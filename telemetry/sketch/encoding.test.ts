import { describe, expect, it } from "vitest";
import { decodeSketch, encodeSketch, MAX_ABS_INDEX, type SketchJSON } from "./encoding";
import { LogSketch } from "./LogSketch";

function valid(): SketchJSON {
  const s = new LogSketch();
  for (const v of [-3, 0, 1, 2, 2, 50]) s.add(v);
  return encodeSketch(s);
}

describe("sketch encoding", () => {
  it("is compact: offset plus a run of counts per store", () => {
    const s = new LogSketch();
    for (let i = 0; i < 10_000; i++) s.add(1 + (i % 100));
    const json = JSON.stringify(encodeSketch(s));
    // 1..100 spans ln(100)/ln γ ≈ 461 buckets, about 2 characters each.
    expect(json.length).toBeLessThan(2000);
    expect(encodeSketch(s).pos.counts.length).toBeLessThanOrEqual(462);
  });

  it("encodes an empty sketch with zero min, max and sum and decodes it back to empty", () => {
    const json = encodeSketch(new LogSketch());
    expect(json).toEqual({
      alpha: 0.005,
      zero: 0,
      pos: { offset: 0, counts: [] },
      neg: { offset: 0, counts: [] },
      min: 0,
      max: 0,
      sum: 0,
    });
    const back = decodeSketch(json);
    expect(back.ok && back.sketch.count).toBe(0);
    expect(back.ok && back.sketch.quantile(0.5)).toBeNaN();
  });

  it("accepts its own output", () => {
    expect(decodeSketch(valid()).ok).toBe(true);
  });

  const hostile: [string, (j: SketchJSON) => unknown, RegExp][] = [
    ["null", () => null, /object/],
    ["an array", () => [], /object/],
    ["a string", () => "sketch", /object/],
    ["an unknown field", (j) => ({ ...j, userId: "u1" }), /unknown sketch field "userId"/],
    ["another alpha", (j) => ({ ...j, alpha: 0.01 }), /alpha must be 0.005/],
    ["NaN in counts", (j) => ({ ...j, pos: { ...j.pos, counts: [Number.NaN] } }), /counts\[0\].*finite/],
    [
      "Infinity in counts",
      (j) => ({ ...j, pos: { ...j.pos, counts: [1, Number.POSITIVE_INFINITY] } }),
      /finite/,
    ],
    ["a negative count", (j) => ({ ...j, neg: { ...j.neg, counts: [-1] } }), /neg: counts\[0\].*negative/],
    ["a string count", (j) => ({ ...j, pos: { ...j.pos, counts: ["1"] } }), /finite number/],
    ["a negative zero count", (j) => ({ ...j, zero: -2 }), /zero: .*negative/],
    [
      "an oversized store",
      (j) => ({ ...j, pos: { offset: 0, counts: new Array(2049).fill(1) } }),
      /2049 buckets/,
    ],
    ["a fractional offset", (j) => ({ ...j, pos: { ...j.pos, offset: 1.5 } }), /offset must be an integer/],
    ["an offset out of range", (j) => ({ ...j, pos: { ...j.pos, offset: MAX_ABS_INDEX + 1 } }), /offset/],
    ["a store with extra keys", (j) => ({ ...j, pos: { ...j.pos, extra: 1 } }), /exactly offset and counts/],
    ["a store without counts", (j) => ({ ...j, pos: { offset: 0 } }), /exactly offset and counts/],
    ["a missing min", (j) => ({ ...j, min: undefined }), /min must be a finite number/],
    ["an infinite max", (j) => ({ ...j, max: Number.POSITIVE_INFINITY }), /max must be a finite/],
    ["min above max", (j) => ({ ...j, min: 100, max: 1 }), /min must not exceed max/],
    ["an empty sketch with a sum", () => ({ ...encodeSketch(new LogSketch()), sum: 5 }), /empty sketch/],
    [
      "counts overflowing to Infinity",
      (j) => ({ ...j, pos: { offset: 0, counts: [1e308, 1e308] } }),
      /total count must be finite/,
    ],
  ];

  it.each(hostile)("rejects %s with a clear message", (_name, mutate, message) => {
    const result = decodeSketch(mutate(valid()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("rejects fractional counts when integer counts are required", () => {
    const j = valid();
    const result = decodeSketch({ ...j, pos: { offset: 0, counts: [0.5] } }, { integerCounts: true });
    expect(result.ok).toBe(false);
    expect(decodeSketch({ ...j, pos: { offset: 0, counts: [0.5] } }).ok).toBe(true);
  });

  it("honours a tighter run limit", () => {
    const j = valid();
    const long = { ...j, pos: { offset: 0, counts: new Array(20).fill(1) } };
    expect(decodeSketch(long, { maxRun: 10 }).ok).toBe(false);
    expect(decodeSketch(long).ok).toBe(true);
  });
});
