import { describe, expect, it } from "vitest";
import { defaultPlan } from "./defaultPlan";
import { planFromRequest } from "./planRequest";

describe("planFromRequest", () => {
  it("is the default plan, with the edge's k, when nothing is asked", () => {
    expect(planFromRequest(undefined, 50)).toEqual({ ok: true, plan: { ...defaultPlan(), k: 50 } });
  });

  it("overrides field by field", () => {
    const r = planFromRequest({ onRegression: "pause", alpha: 0.01 }, 50);
    expect(r.ok && [r.plan.onRegression, r.plan.alpha, r.plan.steps.length]).toEqual(["pause", 0.01, 5]);
  });

  it("refuses unknown fields, a settable k, bad steps and what planProblems refuses", () => {
    const problems = (request: unknown) => {
      const r = planFromRequest(request, 50);
      return r.ok ? [] : r.problems;
    };
    expect(problems({ k: 2 })).not.toEqual([]);
    expect(problems({ steps: [{ percent: 50 }] })).not.toEqual([]);
    expect(problems({ steps: [{ percent: 200, minDurationMs: 0, minReportsPerCohort: 60 }] })).not.toEqual(
      [],
    );
    expect(problems({ alpha: 2 })).toEqual(["alpha must be in (0, 0.5]"]);
    const noEnd = [10, 50].map((percent) => ({ percent, minDurationMs: 0, minReportsPerCohort: 60 }));
    expect(problems({ steps: noEnd })).toEqual(["steps must end at 100 %, after at least one canary step"]);
    expect(problems({ guardrails: [{ id: "x", kind: "ctr" }] })).not.toEqual([]);
  });
});
