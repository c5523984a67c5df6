import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { FleetLearningView } from "../../../telemetry/fleet/apiTypes";
import {
  CONTRIBUTION_VERSION,
  DAY_MS,
  DEFAULT_RELEASE_BUDGET,
  gdpEpsilon,
  gdpMu,
  periodDays,
  periodOf,
  RELEASE_PERIOD_DAYS,
  utcDay,
} from "../../../telemetry/learning";
import { seededRng } from "../../../telemetry/util/rng";
import { runFleetLearning } from "../learning";
import {
  A,
  BASE,
  contribute,
  DEVICES,
  fetchWorker,
  hex,
  index,
  TAIL,
  uploadSlice,
} from "./fleetLearningTestKit";

const view = async () => {
  const res = await fetchWorker(`${BASE}/v1/fleet/learning`);
  expect(res.status).toBe(200);
  return (await res.json()) as FleetLearningView;
};
const imported = new Set((index.neighbours.get(A) ?? []).map((e) => e.id));
// A content neighbour of A (inside the public pair domain) that the imported index does not list.
const D = (index.content.get(A) ?? []).slice(0, 20).find((e) => !imported.has(e.id) && e.id !== A)?.id ?? -1;
const X = TAIL[0] ?? -1;

describe("GET /v1/fleet/learning: what the dashboard's fleet-learning panel reads", () => {
  beforeAll(uploadSlice, 120_000);

  it("answers an empty state, with the budget and no spend, before any release", async () => {
    const empty = await view();
    expect(empty).toMatchObject({ releases: [], movers: [], newPairs: [], spent: { days: 0, epsilon: 0 } });
    expect(empty.budget).toMatchObject({ epsilon: 1, delta: 1e-6, unit: "device-day" });
  });

  it("names the fleet's movers and new pairs by title, with the noise sd, and no exact contribution count", async () => {
    expect(X).toBeGreaterThan(0);
    expect(D).toBeGreaterThan(0);
    for (let i = 0; i < DEVICES; i++) {
      const body = {
        contributionVersion: CONTRIBUTION_VERSION,
        contributionId: hex(i + 1),
        day: utcDay(Date.now()),
        viewed: [X],
        clicked: [],
        carted: [],
        transitions: [[A, D]],
        trending: [X],
      };
      expect((await contribute(body)).status).toBe(202);
    }
    const budget = { ...DEFAULT_RELEASE_BUDGET, epsilon: 8 };
    await runFleetLearning(env, Date.now() + DAY_MS, { budget, rng: seededRng(3) });
    const afterStep = await view();
    expect(afterStep.movers.some((m) => m.list === "trending" && m.id === X)).toBe(true);
    // The day's views and transitions are released with their 14-day period, after its last day.
    const periodEnd = periodDays(periodOf(utcDay(Date.now()))).last;
    await runFleetLearning(env, Date.parse(periodEnd) + DAY_MS + 60_000, { budget, rng: seededRng(4) });

    const shown = await view();
    expect(new Set(shown.releases.map((r) => r.period.split(":")[0]))).toEqual(new Set(["period", "step"]));
    for (const r of shown.releases)
      expect(Object.keys(r).sort()).toEqual(["delta", "epsilon", "period", "releasedAt"]);
    // One released period at the default budget: its 14 device-days compose to μ√14.
    expect(shown.spent.days).toBe(RELEASE_PERIOD_DAYS);
    const { epsilon, delta } = DEFAULT_RELEASE_BUDGET;
    expect(shown.spent.epsilon).toBeCloseTo(gdpEpsilon(gdpMu(epsilon, delta) * Math.sqrt(14), delta), 6);
    expect(shown.noise.popularitySd).toBeGreaterThan(0);
    expect(shown.noise.familyAlpha).toBe(0.05);

    const title = index.items.get(X)?.title;
    expect(title).toBeTruthy();
    const popular = shown.movers.find((m) => m.list === "popular" && m.id === X);
    expect(popular).toMatchObject({ title, before: null });
    for (const m of shown.movers) expect(m.before === null || m.before > m.rank).toBe(true);
    expect(shown.newPairs).toContainEqual({
      from: expect.objectContaining({ id: A, title: index.items.get(A)?.title }),
      to: expect.objectContaining({ id: D, title: index.items.get(D)?.title }),
    });
  });
});
