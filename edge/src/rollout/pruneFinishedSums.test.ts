import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceProfileFrom } from "../../../telemetry";
import type { PlanRequest } from "../../../telemetry/rollout";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../../telemetry/util/rng";
import { flushAll, postReports, publishWithReference, rollout } from "../fleet/fleetTestKit";
import { call, OPS_TOKEN } from "../routes/registryTestKit";
import { tickGuarded } from "./tickGuarded";

/** Every step needs 60 reports per cohort and no time. */
const FAST: PlanRequest = {
  steps: [50, 100].map((percent) => ({ percent, minDurationMs: 0, minReportsPerCohort: 60 })),
  nonInferiorityFromPercent: 100,
};

beforeAll(async () => {
  for (const v of ["p-live", "p-bad", "p-next"])
    await publishWithReference(v, referenceProfileFrom({ scores: [] }));
  await rollout({ live: "p-live" });
});

let seed = 1;
async function send(canary: string, n: number, canaryCtr: number): Promise<void> {
  const rng = seededRng(seed++);
  const of = (modelVersion: string, cohort: "canary" | "live", clickRate: number) =>
    Array.from({ length: n }, () =>
      syntheticReport(rng, { modelVersion, cohort, clickRate, impressions: 20 }),
    );
  const statuses = await postReports([...of(canary, "canary", canaryCtr), ...of("p-live", "live", 0.1)]);
  expect(new Set(statuses)).toEqual(new Set([202]));
  await flushAll();
}

async function start(canary: string): Promise<number> {
  const res = await call("/v1/admin/rollouts", {
    method: "POST",
    token: OPS_TOKEN,
    body: JSON.stringify({ canary, plan: FAST }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

const sumRows = async (id: number) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM rollout_sums WHERE rollout_id = ?")
      .bind(id)
      .first<{ n: number }>()
  )?.n;

describe("rollout_sums of finished rollouts", () => {
  it("are pruned by the next tick, a late flush does not bring them back, and a running rollout keeps its own", async () => {
    const bad = await start("p-bad");
    await send("p-bad", 60, 0);
    expect(await sumRows(bad)).toBeGreaterThan(0);
    expect(await tickGuarded(env)).toMatchObject({ rollout: bad, decision: { action: "withdraw" } });

    await tickGuarded(env); // the next minute's tick: no rollout runs, the withdrawn one's sums go
    expect(await sumRows(bad)).toBe(0);
    // Live's aggregators of this hour still hold the withdrawn rollout's control sums and flush them
    // again with any new report.
    const rng = seededRng(99);
    const live = Array.from({ length: 20 }, () =>
      syntheticReport(rng, { modelVersion: "p-live", cohort: "live" }),
    );
    expect(new Set(await postReports(live))).toEqual(new Set([202]));
    await flushAll();
    expect(await sumRows(bad)).toBe(0);

    const next = await start("p-next");
    await send("p-next", 30, 0.1);
    await tickGuarded(env); // holds: 30 of 60 reports
    expect(await sumRows(next)).toBeGreaterThan(0);
    expect(await sumRows(bad)).toBe(0);
  });
});
