import { describe, expect, it } from "vitest";
import { seededRng } from "../util/rng";
import {
  addToCohort,
  emptyCohortSums,
  mergeCohortSums,
  parseCohortSums,
  type StepCohortSums,
} from "./cohortSums";
import { decideRollout } from "./decideRollout";
import { defaultPlan } from "./defaultPlan";
import type { Contribution } from "./reportContribution";
import { rolloutObservation } from "./rolloutObservation";

const plan = defaultPlan();
const HOUR = 3_600_000;

/** `n` reports of 20 impressions, each clicked with probability `ctr`, as one shard's sums. */
function shard(
  step: number,
  side: "canary" | "control",
  n: number,
  ctr: number,
  seed: number,
): StepCohortSums {
  const rng = seededRng(seed);
  const sums = emptyCohortSums();
  for (let i = 0; i < n; i++) {
    let clicks = 0;
    for (let j = 0; j < 20; j++) if (rng() < ctr) clicks++;
    const c: Contribution = { cohort: { ctr: [20, clicks], error_rate: [1, 0] } };
    if (side === "canary") c.scoreBins = [0, 20, ...Array(20).fill(0)];
    addToCohort(sums, c);
  }
  return { step, side, sums };
}

describe("rolloutObservation", () => {
  it("merges the shards of each step and cohort into one stratum per step", () => {
    const rows = [
      shard(0, "canary", 100, 0.05, 1),
      shard(0, "canary", 150, 0.05, 2),
      shard(0, "control", 300, 0.05, 3),
      shard(1, "control", 80, 0.05, 4),
    ];
    const obs = rolloutObservation(plan, rows, 1, 5, null);
    const ctr = obs.data.ctr;
    expect(ctr?.kind).toBe("cohort");
    if (ctr?.kind !== "cohort") return;
    expect(ctr.strata.map((p) => [p.canary.n, p.control.n])).toEqual([
      [250, 300],
      [0, 80],
    ]);
    expect(obs.stepReports).toEqual({ canary: 0, control: 80 });
  });

  it("ignores rows of steps after the current one", () => {
    const obs = rolloutObservation(plan, [shard(2, "canary", 60, 0.05, 1)], 0, 5, null);
    expect(obs.stepReports).toEqual({ canary: 0, control: 0 });
  });

  it("gives drift no data without a reference profile, and the canary's bins over every step with one", () => {
    const rows = [
      shard(0, "canary", 60, 0.05, 1),
      shard(1, "canary", 40, 0.05, 2),
      shard(1, "control", 40, 0.05, 3),
    ];
    expect(rolloutObservation(plan, rows, 1, 5, null).data.score_drift).toBeUndefined();
    const drift = rolloutObservation(plan, rows, 1, 5, [1, 9, ...Array(20).fill(0)]).data.score_drift;
    expect(drift?.kind === "drift" && drift.bins[1]).toMatchObject({ n: 100, y: 2000 });
  });

  it("feeds decideRollout: a canary without clicks is withdrawn, an equal one advances after the step", () => {
    const bad = [shard(0, "canary", 300, 0, 1), shard(0, "control", 3000, 0.05, 2)];
    const state = { step: 0, stepStartedAt: 0 };
    expect(decideRollout(plan, state, rolloutObservation(plan, bad, 0, HOUR / 2, null)).action).toBe(
      "withdraw",
    );
    const equal = [shard(0, "canary", 300, 0.05, 1), shard(0, "control", 3000, 0.05, 2)];
    expect(decideRollout(plan, state, rolloutObservation(plan, equal, 0, HOUR / 2, null)).action).toBe(
      "hold",
    );
    expect(decideRollout(plan, state, rolloutObservation(plan, equal, 0, HOUR, null)).action).toBe("advance");
  });
});

describe("cohort sums", () => {
  it("round-trip through JSON, merge by addition, and refuse non-finite or negative numbers", () => {
    const a = shard(0, "canary", 30, 0.1, 1).sums;
    const b = shard(0, "canary", 20, 0.1, 2).sums;
    const merged = mergeCohortSums(parseCohortSums(JSON.stringify(a)) ?? emptyCohortSums(), b);
    expect(merged.reports).toBe(50);
    expect(merged.guardrails.ctr.x).toBe(1000);
    expect(merged.scoreBins[1].y).toBe(1000);
    expect(parseCohortSums(JSON.stringify({ ...a, reports: -1 }))).toBeUndefined();
    expect(parseCohortSums('{"reports":1,"guardrails":{"ctr":{"n":1e999}},"scoreBins":[]}')).toBeUndefined();
    expect(parseCohortSums("not json")).toBeUndefined();
  });
});
