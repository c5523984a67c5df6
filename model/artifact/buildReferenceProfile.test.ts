import { describe, expect, it } from "vitest";
import { BUCKET_LAYOUTS } from "../../telemetry";
import { buildReferenceProfile } from "./buildReferenceProfile";

describe("buildReferenceProfile", () => {
  it("bins scores and key features in telemetry's layouts, counted by hand", () => {
    const profile = buildReferenceProfile(
      [0.01, 0.5, 0.51, 1],
      [{ popularity: 0.2, coocMax: 0 }, { popularity: 7.9 }, { popularity: 100 }, { other: 1 }],
      [0, 3, 200],
    );
    expect(profile.n).toBe(4);
    expect(profile.score.counts.length).toBe(BUCKET_LAYOUTS.score.edges.length - 1);
    // score bins are 0.05 wide: 0.01 → bin 0, 0.5 and 0.51 → bin 10, 1 (the top edge) → bin 19.
    expect(profile.score.counts[0]).toBe(1);
    expect(profile.score.counts[10]).toBe(2);
    expect(profile.score.counts[19]).toBe(1);
    // popularity bins are 0.5 wide over [0, 8]: 0.2 → bin 0, 7.9 → bin 15, 100 → overflow.
    expect(profile.features.popularity.counts[0]).toBe(1);
    expect(profile.features.popularity.counts[15]).toBe(1);
    expect(profile.features.popularity.overflow).toBe(1);
    expect(profile.features.coocMax.counts[0]).toBe(1);
    expect(profile.features.historyLength.overflow).toBe(1);
    expect(Object.keys(profile.features).sort()).toEqual(["coocMax", "historyLength", "popularity"]);
  });

  it("gives an empty but valid profile for no data", () => {
    const profile = buildReferenceProfile([]);
    expect(profile.n).toBe(0);
    expect(profile.score.counts.every((c) => c === 0)).toBe(true);
  });

  it("refuses scores that are not probabilities and misaligned inputs", () => {
    expect(() => buildReferenceProfile([0.2, Number.NaN])).toThrow(/score\[1\] = NaN/);
    expect(() => buildReferenceProfile([1.5])).toThrow(/not a probability/);
    expect(() => buildReferenceProfile([0.1, 0.2], [{ popularity: 1 }])).toThrow(
      /1 rows but there are 2 scores/,
    );
    expect(() => buildReferenceProfile([0.1], [], [-1])).toThrow(/historyLengths/);
  });
});
