import { describe, expect, it } from "vitest";
import type { TelemetryReport } from "../schema";
import { seededRng } from "../util/rng";
import { type SimAssignment, SimulatedFleet } from "./SimulatedFleet";
import { syntheticPool } from "./syntheticPool";

const pool = syntheticPool(seededRng(4), 40);
const NOW = Date.parse("2026-03-02T10:30:00Z");
const half = (bucket: number): SimAssignment =>
  bucket < 5_000 ? { version: "v2", cohort: "canary" } : { version: "v1", cohort: "live" };

const ctr = (reports: TelemetryReport[]) => {
  let [shown, clicked] = [0, 0];
  for (const r of reports)
    for (const cell of Object.values(r.engagement.item ?? {})) {
      shown += cell?.impressions ?? 0;
      clicked += cell?.clicks ?? 0;
    }
  return clicked / shown;
};

describe("SimulatedFleet with a canary", () => {
  it("reports each browser's assigned version and cohort, and shifts the canary's browsers only", () => {
    const fleet = new SimulatedFleet({
      browsers: 400,
      pool,
      assign: half,
      canaryShift: "ctr",
      rng: seededRng(7),
    });
    const reports = Array.from({ length: 20 }, (_, m) => fleet.minute(NOW + m * 60_000, null)).flat();
    const canary = reports.filter((r) => r.cohort === "canary");
    const live = reports.filter((r) => r.cohort === "live");
    expect(new Set(canary.map((r) => r.modelVersion))).toEqual(new Set(["v2"]));
    expect(new Set(live.map((r) => r.modelVersion))).toEqual(new Set(["v1"]));
    expect(ctr(canary) / ctr(live)).toBeGreaterThan(0.7);
    expect(ctr(canary) / ctr(live)).toBeLessThan(0.9); // clicks at 0.8× on the canary alone
  });

  it("lets arriving browsers follow a new split, while browsers online keep theirs", () => {
    const fleet = new SimulatedFleet({ browsers: 300, pool, assign: half, rng: seededRng(8) });
    fleet.reassign(() => ({ version: "v1", cohort: "live" }));
    const first = fleet.minute(NOW, null);
    expect(first.some((r) => r.cohort === "canary")).toBe(true);
    const later =
      Array.from({ length: 60 }, (_, m) => fleet.minute(NOW + (m + 1) * 60_000, null)).at(-1) ?? [];
    expect(later.filter((r) => r.cohort === "canary").length).toBeLessThan(
      first.filter((r) => r.cohort === "canary").length / 10,
    );
  });
});
