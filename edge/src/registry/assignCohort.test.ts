import { describe, expect, it } from "vitest";
import { assignCohort, BUCKETS, parseBucket, permuteBucket } from "./assignCohort";

const ALL = Array.from({ length: BUCKETS }, (_, b) => b);
const canaryShare = (salt: string, percent: number) =>
  (100 * ALL.filter((b) => assignCohort(b, salt, percent) === "canary").length) / BUCKETS;

describe("permuteBucket", () => {
  it("is a bijection of 0..9999 for any salt", () => {
    for (const salt of ["", "a", "5f1c0d2e9b7a4c3d8e6f1a2b3c4d5e6f"]) {
      const image = new Set(ALL.map((b) => permuteBucket(b, salt)));
      expect(image.size).toBe(BUCKETS);
      expect(Math.min(...image)).toBe(0);
      expect(Math.max(...image)).toBe(BUCKETS - 1);
    }
  });

  it("is deterministic for a salt and reshuffles for another", () => {
    const first = ALL.map((b) => permuteBucket(b, "salt-1"));
    expect(ALL.map((b) => permuteBucket(b, "salt-1"))).toEqual(first);
    const other = ALL.map((b) => permuteBucket(b, "salt-2"));
    const fixedPoints = ALL.filter((b) => first[b] === other[b]).length;
    expect(fixedPoints).toBeLessThan(50); // a random pair of permutations agrees on ~1 point
  });
});

describe("assignCohort", () => {
  const salts = Array.from({ length: 20 }, (_, i) => `salt-${i}-${(i * 2654435761) >>> 0}`);

  it.each([5, 10, 50])(
    "puts %d percent of 10,000 buckets on the canary, within ±1.5 points, for every salt",
    (percent) => {
      for (const salt of salts) {
        expect(Math.abs(canaryShare(salt, percent) - percent)).toBeLessThanOrEqual(1.5);
      }
    },
  );

  it("answers the same cohort for the same bucket, salt and percentage", () => {
    for (const b of [0, 1, 42, 4999, 9999]) {
      expect(assignCohort(b, "s", 10)).toBe(assignCohort(b, "s", 10));
    }
  });

  it("handles 0 % and 100 %", () => {
    expect(canaryShare("s", 0)).toBe(0);
    expect(canaryShare("s", 100)).toBe(100);
  });

  it("only adds canary buckets when the percentage ramps up under the same salt", () => {
    const at10 = ALL.filter((b) => assignCohort(b, "ramp", 10) === "canary");
    expect(at10.every((b) => assignCohort(b, "ramp", 25) === "canary")).toBe(true);
  });

  it("draws a fresh, roughly independent canary set under a new salt", () => {
    const a = new Set(ALL.filter((b) => assignCohort(b, "old", 10) === "canary"));
    const overlap = ALL.filter((b) => a.has(b) && assignCohort(b, "new", 10) === "canary").length;
    // Independent 10 % draws overlap on ~1 % = 100 buckets (sd ~ 9.5); identical sets would give 1000.
    expect(overlap).toBeGreaterThan(40);
    expect(overlap).toBeLessThan(180);
  });
});

describe("parseBucket", () => {
  it("accepts plain integers 0..9999", () => {
    expect(parseBucket("0")).toBe(0);
    expect(parseBucket("9999")).toBe(9999);
    expect(parseBucket("0042")).toBe(42);
  });

  it.each([undefined, "", "-1", "10000", "1.5", "1e3", "abc", " 7", "0x10", "99999"])("rejects %j", (raw) => {
    expect(parseBucket(raw)).toBeUndefined();
  });
});
