import { describe, expect, it } from "vitest";
import { binomial, type Rng, seededRng } from "../util/rng";
import { decideRollout } from "./decideRollout";
import { defaultGuardrails, defaultPlan, planProblems } from "./defaultPlan";
import { addToSums, emptySums } from "./ratioSums";
import type { GuardrailData, RatioSums, RolloutObservation, RolloutPlan } from "./types";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30);

function planWith(...ids: string[]): RolloutPlan {
  return { ...defaultPlan(), guardrails: defaultGuardrails().filter((g) => ids.includes(g.id)) };
}

/** `n` reports of `x` impressions, each device's CTR uniform in [0.5, 1.5]·ctr (devices differ). */
function sampled(rng: Rng, n: number, ctr: number, x = 20): RatioSums {
  const s = emptySums();
  for (let i = 0; i < n; i++) addToSums(s, x, binomial(rng, x, ctr * (0.5 + rng())));
  return s;
}

/** The sums of `n` reports that each have ratio r exactly on average, spread sd within reports. */
function exact(n: number, r: number, x = 20, sd = Math.sqrt(x * r * (1 - r))): RatioSums {
  const y = r * x;
  return { n, x: n * x, y: n * y, xx: n * x * x, yy: n * (y * y + sd * sd), xy: n * x * y };
}

const cohort = (canary: RatioSums, control: RatioSums): GuardrailData => ({
  kind: "cohort",
  strata: [{ canary, control }],
});

function observe(data: RolloutObservation["data"], hours = 2, reports = 20_000): RolloutObservation {
  return { now: T0 + hours * HOUR, stepReports: { canary: reports, control: reports }, data };
}

const at = (step: number) => ({ step, stepStartedAt: T0 });
const status = (d: ReturnType<typeof decideRollout>, id: string) =>
  d.evidence.find((e) => e.id === id)?.status;

describe("decideRollout: a regression is found", () => {
  const rng = seededRng(11);
  const data = { "ctr:home": cohort(sampled(rng, 5_000, 0.045), sampled(rng, 15_000, 0.05)) };

  it("withdraws a canary with a 10 % worse CTR, even before the step's minimum has passed", () => {
    const d = decideRollout(planWith("ctr:home", "error_rate"), at(0), observe(data, 0.25, 100));
    expect(d.action).toBe("withdraw");
    const e = d.evidence[0];
    expect(e.status).toBe("regression");
    expect(e.estimate).toBeGreaterThan(-0.15);
    expect(e.estimate).toBeLessThan(-0.05);
    expect(e.upper).toBeLessThan(-0.02);
    expect(d.reason).toContain("ctr:home");
  });

  it("pauses instead when the plan says so", () => {
    const plan = { ...planWith("ctr:home"), onRegression: "pause" as const };
    expect(decideRollout(plan, at(0), observe(data)).action).toBe("pause");
  });
});

describe("decideRollout: a non-regression advances", () => {
  const rng = seededRng(12);
  const data = { "ctr:home": cohort(sampled(rng, 3_000, 0.05), sampled(rng, 9_000, 0.05)) };

  it("advances a canary equal to live once the step's minimum has passed", () => {
    const d = decideRollout(planWith("ctr:home"), at(0), observe(data));
    expect(d.evidence[0].status).toBe("inconclusive"); // 1 % needs no non-inferiority yet
    expect(d).toMatchObject({ action: "advance", step: 0, toStep: 1 });
  });

  it("gives the same decision for the same tick twice", () => {
    const plan = planWith("ctr:home");
    expect(decideRollout(plan, at(1), observe(data))).toEqual(decideRollout(plan, at(1), observe(data)));
  });

  it("from 25 % on holds until non-inferiority is shown, then advances, and completes from 50 %", () => {
    const plan = planWith("ctr");
    const held = decideRollout(plan, at(2), observe({ ctr: data["ctr:home"] }));
    expect(held.action).toBe("hold");
    expect(held.reason).toContain("non-inferiority not yet shown: ctr");
    const big = { ctr: cohort(exact(200_000, 0.05), exact(600_000, 0.05)) };
    expect(decideRollout(plan, at(2), observe(big))).toMatchObject({ action: "advance", toStep: 3 });
    expect(decideRollout(plan, at(3), observe(big))).toMatchObject({ action: "complete", toStep: 4 });
    expect(decideRollout(plan, at(4), observe(big)).action).toBe("hold");
  });
});

describe("decideRollout: guardrails that only withdraw", () => {
  it("a thin slot's CTR need not be shown non-inferior when all slots together are", () => {
    const plan = planWith("ctr", "ctr:other");
    const data = {
      ctr: cohort(exact(200_000, 0.05), exact(600_000, 0.05)),
      "ctr:other": cohort(exact(500, 0.03, 3), exact(1_500, 0.03, 3)),
    };
    const d = decideRollout(plan, at(2), observe(data));
    expect(status(d, "ctr:other")).toBe("inconclusive");
    expect(d.action).toBe("advance");
  });

  it("but withdraws on it", () => {
    const plan = planWith("ctr", "ctr:other");
    const data = {
      ctr: cohort(exact(200_000, 0.05), exact(600_000, 0.05)),
      "ctr:other": cohort(exact(5_000, 0.01, 3), exact(15_000, 0.03, 3)),
    };
    expect(decideRollout(plan, at(2), observe(data)).action).toBe("withdraw");
  });
});

describe("decideRollout: too little data holds", () => {
  const data = { "ctr:home": cohort(exact(200_000, 0.05), exact(600_000, 0.05)) };
  const plan = planWith("ctr:home");

  it("holds before the step's minimum duration", () => {
    const d = decideRollout(plan, at(0), observe(data, 0.5));
    expect(d.action).toBe("hold");
    expect(d.reason).toContain("30 of 60 min");
  });

  it("holds while a cohort has fewer reports in this step than the minimum", () => {
    const d = decideRollout(plan, at(1), { ...observe(data), stepReports: { canary: 999, control: 50_000 } });
    expect(d.action).toBe("hold");
    expect(d.reason).toContain("reports 999/50000 of 1000");
  });

  it("gives no verdict to a guardrail under k reports in a cohort", () => {
    const d = decideRollout(
      plan,
      at(0),
      observe({ "ctr:home": cohort(exact(49, 0.01), exact(5000, 0.05)) }, 0.5),
    );
    expect(d.evidence[0]).toMatchObject({ status: "insufficient", canaryReports: 49 });
    expect(d.evidence[0].estimate).toBeNaN();
  });
});

describe("decideRollout: each tolerance's direction", () => {
  const n = 400_000;
  const decide = (id: string, data: GuardrailData) =>
    decideRollout(planWith(id), at(2), observe({ [id]: data }));

  it("CTR (higher is better, 2 %): 3 % lower regresses, 1 % lower and 10 % higher are non-inferior", () => {
    expect(status(decide("ctr:home", cohort(exact(n, 0.0485), exact(n, 0.05))), "ctr:home")).toBe(
      "regression",
    );
    expect(status(decide("ctr:home", cohort(exact(n, 0.0495), exact(n, 0.05))), "ctr:home")).toBe(
      "non_inferior",
    );
    expect(status(decide("ctr:home", cohort(exact(n, 0.055), exact(n, 0.05))), "ctr:home")).toBe(
      "non_inferior",
    );
  });

  it("failure rate (lower is better, +0.5 points): +1 point regresses, −0.5 points is non-inferior", () => {
    const rate = (r: number) => exact(n, r, 1);
    expect(decide("error_rate", cohort(rate(0.02), rate(0.01))).action).toBe("withdraw");
    const better = decide("error_rate", cohort(rate(0.005), rate(0.01)));
    expect(better).toMatchObject({ action: "advance" });
    expect(better.evidence[0].upper).toBeLessThan(0.005);
  });

  it("fallback rate (lower is better, +2 points): +1 point is within tolerance, +3 points is not", () => {
    const rate = (r: number) => exact(n, r, 1);
    expect(status(decide("fallback_rate", cohort(rate(0.26), rate(0.25))), "fallback_rate")).toBe(
      "non_inferior",
    );
    expect(status(decide("fallback_rate", cohort(rate(0.28), rate(0.25))), "fallback_rate")).toBe(
      "regression",
    );
  });

  it("p95 (lower is better, tolerance in the canary's threshold): compares exceedance shares with 0", () => {
    // Canary share above 1.1·T vs control share above T (5 % when T is the control's p95).
    const share = (r: number) => exact(n, r, 5);
    const slow = decide("p95:webgpu", cohort(share(0.09), share(0.05)));
    expect(slow.action).toBe("withdraw");
    expect(slow.evidence[0].line).toBe(0);
    expect(status(decide("p95:webgpu", cohort(share(0.045), share(0.05))), "p95:webgpu")).toBe(
      "non_inferior",
    );
  });

  it("a canary with no clicks at all reads as a regression, not as missing data", () => {
    expect(decide("ctr:home", cohort(exact(5_000, 0), exact(5_000, 0.05))).action).toBe("withdraw");
  });
});

describe("decideRollout: a guardrail that cannot reach k is not applicable, not a pass", () => {
  const data = {
    "ctr:home": cohort(exact(200_000, 0.05), exact(600_000, 0.05)),
    "p95:cpu": cohort(exact(30, 0.05, 5), exact(90, 0.05, 5)),
  };
  const plan = planWith("ctr:home", "p95:cpu");

  it("is insufficient before the step's minimum, not applicable after it, and does not block", () => {
    expect(status(decideRollout(plan, at(2), observe(data, 1)), "p95:cpu")).toBe("insufficient");
    const d = decideRollout(plan, at(2), observe(data));
    expect(status(d, "p95:cpu")).toBe("not_applicable");
    expect(d.action).toBe("advance");
    expect(d.reason).toContain("not applicable (under k): p95:cpu");
  });

  it("holds when no guardrail at all has k reports", () => {
    const d = decideRollout(plan, at(0), observe({ "p95:cpu": data["p95:cpu"] }));
    expect(d.action).toBe("hold");
    expect(d.evidence.map((e) => e.status)).toEqual(["not_applicable", "not_applicable"]);
  });
});

describe("decideRollout: strata", () => {
  // CTR 6 % in the canary's 1 % hours, 3 % in its 25 % hours, identical in both cohorts.
  const night = { canary: exact(1_000, 0.06), control: exact(99_000, 0.06) };
  const day = { canary: exact(25_000, 0.03), control: exact(75_000, 0.03) };

  it("compares each step's cohorts with each other, so a CTR that moved between steps is no regression", () => {
    const d = decideRollout(
      planWith("ctr:home"),
      at(2),
      observe({ "ctr:home": { kind: "cohort", strata: [night, day] } }),
    );
    expect(d.evidence[0].estimate).toBeCloseTo(0, 6);
    expect(d.action).not.toBe("withdraw");
  });

  it("(pooled across the steps the same data would read as a 33 % loss)", () => {
    const pooled = {
      canary: exact(26_000, (1_000 * 0.06 + 25_000 * 0.03) / 26_000),
      control: exact(174_000, (99_000 * 0.06 + 75_000 * 0.03) / 174_000),
    };
    const d = decideRollout(
      planWith("ctr:home"),
      at(2),
      observe({ "ctr:home": { kind: "cohort", strata: [pooled] } }),
    );
    expect(d.action).toBe("withdraw");
  });
});

describe("decideRollout: score drift against the canary's own reference", () => {
  const reference = [0, 10, 20, 40, 20, 10, 0];
  /** n reports of 20 scores each, shares q (multinomial spread within a report). */
  const bins = (n: number, q: number[]) => q.map((share) => exact(n, share, 20));
  const p = reference.map((c) => c / 100);

  it("is non-inferior when the canary scores like its reference", () => {
    const d = decideRollout(
      planWith("score_drift"),
      at(2),
      observe({ score_drift: { kind: "drift", bins: bins(20_000, p), reference } }),
    );
    expect(d.evidence[0]).toMatchObject({ status: "non_inferior", estimate: 0, lower: 0 });
    expect(d.action).toBe("advance");
  });

  it("withdraws a canary whose scores moved far from its reference (PSI ≫ 0.25)", () => {
    const shifted = [0, 0.4, 0.3, 0.2, 0.05, 0.05, 0];
    const d = decideRollout(
      planWith("score_drift"),
      at(0),
      observe({ score_drift: { kind: "drift", bins: bins(2_000, shifted), reference } }),
    );
    expect(d.evidence[0].lower).toBeGreaterThan(0.25);
    expect(d.action).toBe("withdraw");
  });
});

describe("planProblems", () => {
  it("accepts the default plan and names what is wrong with a bad one", () => {
    expect(planProblems(defaultPlan())).toEqual([]);
    expect(defaultPlan().guardrails).toHaveLength(14);
    const step = (percent: number, minReportsPerCohort: number) => ({
      percent,
      minDurationMs: 0,
      minReportsPerCohort,
    });
    const bad = { ...defaultPlan(), alpha: 2, steps: [step(5, 10), step(3, 100)] };
    expect(planProblems(bad)).toEqual([
      "alpha must be in (0, 0.5]",
      "steps must end at 100 %, after at least one canary step",
      "step 0: minReportsPerCohort must be at least k (50)",
      "step 1: percents must increase within (0, 100]",
    ]);
    const twice = { ...defaultPlan(), guardrails: [...defaultGuardrails(), defaultGuardrails()[0]] };
    expect(planProblems(twice)).toEqual(["guardrail ids must be unique"]);
  });
});
