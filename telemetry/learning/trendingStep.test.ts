import { describe, expect, it } from "vitest";
import { stepOf, TRENDING_STEP_MINUTES } from "./trendingStep";

describe("stepOf (the trending release's clock)", () => {
  it("names a step by its first minute, so every time of a step maps to one id", () => {
    const start = Date.parse("2026-11-30T12:05:00Z");
    const id = stepOf(start);
    expect(id).toBe(start / 60_000);
    expect(stepOf(start + TRENDING_STEP_MINUTES * 60_000 - 1)).toBe(id);
    expect(stepOf(start + TRENDING_STEP_MINUTES * 60_000)).toBe(id + TRENDING_STEP_MINUTES);
  });

  it("orders after every id of the old 15-minute clock (a stored last step never re-releases)", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    const oldId = Math.floor(now / (15 * 60_000)); // ids before steps were named in minutes
    expect(stepOf(Date.parse("2026-01-01T00:00:00Z"))).toBeGreaterThan(oldId);
  });
});
