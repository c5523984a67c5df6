import { describe, expect, it } from "vitest";
import { Counter } from "./Counter";
import { Histogram, layoutPositions } from "./Histogram";
import { BUCKET_LAYOUTS, LAYOUT_NAMES, linearEdges } from "./layouts";
import { parseReferenceProfile, referenceProfileFrom } from "./ReferenceProfile";

describe("BUCKET_LAYOUTS", () => {
  it("has strictly increasing edges for every layout, and 20 equal score bins over [0, 1]", () => {
    for (const name of LAYOUT_NAMES) {
      const edges = BUCKET_LAYOUTS[name].edges;
      for (let i = 1; i < edges.length; i++) expect(edges[i], name).toBeGreaterThan(edges[i - 1]);
    }
    expect(BUCKET_LAYOUTS.score.edges).toHaveLength(21);
    expect(BUCKET_LAYOUTS.score.edges[0]).toBe(0);
    expect(BUCKET_LAYOUTS.score.edges[20]).toBe(1);
    expect(linearEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("Histogram", () => {
  it("puts values in half-open bins, the top edge in the last bin, the rest in under/overflow", () => {
    const h = new Histogram("score");
    h.add(0);
    h.add(0.05); // edge between bin 0 and 1 → bin 1
    h.add(0.999);
    h.add(1); // top edge → last bin
    h.add(-0.1);
    h.add(1.5, 2);
    h.add(Number.NEGATIVE_INFINITY);
    expect(h.add(Number.NaN)).toBe(false);
    expect(h.add(0.5, 0)).toBe(false);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[19]).toBe(2);
    expect(h.underflow).toBe(2);
    expect(h.overflow).toBe(2);
    expect(h.total).toBe(8);
    expect(h.vector()).toHaveLength(22);
  });

  it("merges same-layout histograms by adding counts, and refuses other layouts", () => {
    const a = new Histogram("historyLength");
    const b = new Histogram("historyLength");
    a.add(3);
    b.add(3);
    b.add(500);
    a.merge(b);
    expect(a.counts[3]).toBe(2); // [3, 5)
    expect(a.overflow).toBe(1);
    expect(() => a.merge(new Histogram("score"))).toThrow(/cannot merge/);
    expect(() => a.addCounts({ counts: [1], underflow: 0, overflow: 0 })).toThrow(/expected 11 counts/);
    expect(Histogram.fromJSON(a.toJSON()).toJSON()).toEqual(a.toJSON());
  });

  it("places vector entries at the first edge, bin centres and the last edge", () => {
    const pos = layoutPositions("score");
    expect(pos[0]).toBe(0);
    expect(pos[1]).toBeCloseTo(0.025, 12);
    expect(pos[20]).toBeCloseTo(0.975, 12);
    expect(pos[21]).toBe(1);
  });

  it("refuses an unknown layout", () => {
    expect(() => new Histogram("price" as "score")).toThrow(/unknown histogram layout/);
  });
});

describe("Counter", () => {
  it("clips per key and in total, and ignores bad adds", () => {
    const c = new Counter<string>({ maxPerKey: 10, maxTotal: 15 });
    expect(c.add("a", 25)).toBe(10);
    expect(c.add("b", 8)).toBe(5);
    expect(c.add("c")).toBe(0);
    expect(c.add("d", Number.NaN)).toBe(0);
    expect(c.add("d", -3)).toBe(0);
    expect(c.toJSON()).toEqual({ a: 10, b: 5 });
    const merged = new Counter<string>().merge(c).merge({ a: 2.9 });
    expect(merged.get("a")).toBe(12);
    expect(merged.total).toBe(17);
  });
});

describe("ReferenceProfile", () => {
  it("builds from validation scores and features, and validates strictly", () => {
    const profile = referenceProfileFrom({
      scores: new Float32Array([0.1, 0.2, 0.97]),
      features: [
        { popularity: 2.3, coocMax: 0, categoryOverlap: 1, unrelated: 5 },
        { popularity: 0.2, coocMax: 0.3, categoryOverlap: 0.5 },
      ],
      historyLengths: [0, 4, 12],
    });
    expect(profile.n).toBe(3);
    expect(profile.score.counts[19]).toBe(1);
    expect(Object.keys(profile.features).sort()).toEqual([
      "categoryOverlap",
      "coocMax",
      "historyLength",
      "popularity",
    ]);
    expect(parseReferenceProfile(JSON.parse(JSON.stringify(profile)))).toEqual({ ok: true, profile });
    const bad = { ...profile, features: { ...profile.features, price: profile.score } };
    expect(parseReferenceProfile(bad).ok).toBe(false);
    const wrong = { ...profile, score: { ...profile.score, counts: [1, 2] } };
    expect(parseReferenceProfile(wrong)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/layout/),
    });
  });
});
