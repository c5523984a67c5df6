import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { referenceProfileFrom } from "../../../telemetry";
import type { GuardedRolloutView } from "../../../telemetry/fleet";
import type { PlanRequest } from "../../../telemetry/rollout";
import { syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { normal, seededRng } from "../../../telemetry/util/rng";
import { deliverAlerts } from "../fleet/deliverAlerts";
import { flushAll, postReports, publishWithReference, rollout } from "../fleet/fleetTestKit";
import { getRollout } from "../registry";
import { call, OPS_TOKEN, setRollout } from "../routes/registryTestKit";
import { tickGuarded } from "./tickGuarded";

/** Every step needs k = 50 reports per cohort and no time; non-inferiority is never required. */
const FAST: PlanRequest = {
  steps: [1, 5, 25, 50, 100].map((percent) => ({ percent, minDurationMs: 0, minReportsPerCohort: 60 })),
  nonInferiorityFromPercent: 100,
};

const scores = (seed: number) => {
  const rng = seededRng(seed);
  return Array.from({ length: 5000 }, () => Math.min(1, Math.max(0, 0.3 + 0.15 * normal(rng))));
};

beforeAll(async () => {
  for (const v of ["g-live", "g-bad", "g-good", "g-race", "g-hand", "g-kill"])
    await publishWithReference(v, referenceProfileFrom({ scores: scores(1) }));
  await rollout({ live: "g-live" });
});
afterEach(() => vi.restoreAllMocks());

let seed = 100;
/** `n` reports of each cohort: the canary's at `canaryCtr`, live's at 0.1, 20 impressions each. */
async function sendBoth(canary: string, live: string, n: number, canaryCtr: number): Promise<void> {
  const rng = seededRng(seed++);
  const of = (modelVersion: string, cohort: "canary" | "live", clickRate: number) =>
    Array.from({ length: n }, () =>
      syntheticReport(rng, { modelVersion, cohort, clickRate, impressions: 20 }),
    );
  const statuses = await postReports([...of(canary, "canary", canaryCtr), ...of(live, "live", 0.1)]);
  expect(new Set(statuses)).toEqual(new Set([202]));
  await flushAll();
}

async function start(canary: string, plan: PlanRequest = FAST): Promise<{ id: number }> {
  const res = await call("/v1/admin/rollouts", {
    method: "POST",
    token: OPS_TOKEN,
    body: JSON.stringify({ canary, plan }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number };
}

async function detail(id: number) {
  const res = await call(`/v1/admin/rollouts/${id}?limit=100`, { token: OPS_TOKEN });
  return (await res.json()) as {
    rollout: { state: string; step: number };
    decisions: {
      action: string;
      actor: string;
      evidence: { id: string; status: string; estimate: number }[];
    }[];
  };
}

const auditActions = async () =>
  (await env.DB.prepare("SELECT action FROM admin_audit ORDER BY id").all<{ action: string }>()).results.map(
    (r) => r.action,
  );

describe("guarded rollout, driven by cron ticks in workerd", () => {
  it("withdraws a canary without clicks: canary at 0 %, audited with its evidence, announced by the webhook", async () => {
    const { id } = await start("g-bad");
    expect((await getRollout(env)).canaryPercent).toBe(1);
    await sendBoth("g-bad", "g-live", 60, 0);
    const tick = await tickGuarded(env, Date.now());
    expect(tick).toMatchObject({ rollout: id, applied: true, decision: { action: "withdraw" } });

    const registry = await getRollout(env);
    expect(registry).toMatchObject({ live: "g-live", canary: "g-bad", canaryPercent: 0 });
    const assigned = await Promise.all(
      [0, 1234, 5678, 9999].map(
        async (b) => (await (await call(`/v1/model?bucket=${b}`)).json()) as { version: string },
      ),
    );
    expect(assigned.map((a) => a.version)).toEqual(["g-live", "g-live", "g-live", "g-live"]);

    const { rollout: after, decisions } = await detail(id);
    expect(after.state).toBe("withdrawn");
    const ctr = decisions[0].evidence.find((e) => e.id === "ctr");
    expect(ctr).toMatchObject({ status: "regression" });
    expect(ctr?.estimate).toBeLessThan(-0.9);
    const audit = await env.DB.prepare(
      "SELECT detail FROM admin_audit WHERE action = 'rollout.guarded.withdraw'",
    ).first<{ detail: string }>();
    expect(JSON.parse(audit?.detail ?? "{}")).toMatchObject({
      rollout: id,
      canaryPercent: { before: 1, after: 0 },
      evidence: expect.arrayContaining([expect.objectContaining({ id: "ctr", canaryReports: 60 })]),
    });

    const received: { alerts: { rule: string; status: string; labels: Record<string, string> }[] }[] = [];
    const fetcher = (async (_url: string, init?: RequestInit) => {
      received.push(JSON.parse(String(init?.body)));
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    await env.DB.prepare("UPDATE alert_events SET next_attempt_at = at WHERE rule = 'rollout'").run();
    await deliverAlerts(env.DB, "http://hook.test/", Date.now(), { fetcher });
    const events = received.flatMap((r) => r.alerts).filter((a) => a.rule === "rollout");
    expect(events.map((e) => [e.labels.action, e.status])).toEqual([["withdraw", "withdrawn"]]);

    expect((await tickGuarded(env, Date.now())).rollout).toBeNull(); // a withdrawn rollout is done
  });

  it("walks a good canary through every step until it is promoted; holds are logged, not audited", async () => {
    const { id } = await start("g-good");
    const audited = (await auditActions()).length;
    expect(await tickGuarded(env, Date.now())).toMatchObject({ decision: { action: "hold" }, applied: true });
    expect((await auditActions()).length).toBe(audited);

    const percents: number[] = [];
    for (const expected of ["advance", "advance", "advance", "complete"]) {
      await sendBoth("g-good", "g-live", 60, 0.1);
      const tick = await tickGuarded(env, Date.now());
      expect(tick).toMatchObject({ applied: true, decision: { action: expected } });
      percents.push((await getRollout(env)).canaryPercent);
    }
    expect(percents).toEqual([5, 25, 50, 0]);
    expect(await getRollout(env)).toMatchObject({ live: "g-good", canary: null, previousLive: "g-live" });
    const { rollout: after, decisions } = await detail(id);
    expect(after).toMatchObject({ state: "completed", step: 4 });
    expect(decisions.map((d) => d.action).reverse()).toEqual([
      "start",
      "hold",
      "advance",
      "advance",
      "advance",
      "complete",
    ]);
    expect((await auditActions()).slice(audited)).toEqual([
      "rollout.guarded.advance",
      "rollout.guarded.advance",
      "rollout.guarded.advance",
      "rollout.guarded.complete",
    ]);
    const view = (await (await call("/v1/fleet/rollout")).json()) as GuardedRolloutView;
    expect(view.rollout).toMatchObject({ id, state: "completed", nextStepNotBefore: null });
    const ctr = view.guardrails.find((g) => g.id === "ctr");
    expect(ctr?.line).toBeCloseTo(-0.02);
    expect(ctr?.points.filter((p) => p.estimate !== null)).toHaveLength(4); // the hold had no figure
    expect(view.decisions.at(-2)?.reason).toMatch(/reports < 50\/< 50 of 60/); // counts under k hidden
    await rollout({ live: "g-live" }); // back to the first live version for the next tests
  });

  it("acts once when two ticks run at the same time", async () => {
    const { id } = await start("g-race");
    await sendBoth("g-race", "g-live", 60, 0.1);
    const before = (await getRollout(env)).revision;
    const ticks = await Promise.all([tickGuarded(env, Date.now()), tickGuarded(env, Date.now())]);
    expect(ticks.map((t) => "applied" in t && t.applied).sort()).toEqual([false, true]);
    expect((await getRollout(env)).revision).toBe(before + 1);
    expect((await getRollout(env)).canaryPercent).toBe(5);
    const { decisions } = await detail(id);
    expect(decisions.filter((d) => d.action === "advance")).toHaveLength(1);
    await call(`/v1/admin/rollouts/${id}/kill`, { method: "POST", token: OPS_TOKEN });
  });

  it("stops when a person changes the rollout by hand: the tick records the override and acts no more", async () => {
    const { id } = await start("g-hand");
    await sendBoth("g-hand", "g-live", 60, 0.1);
    expect((await setRollout({ live: "g-live", canary: "g-hand", canaryPercent: 10 })).status).toBe(200);
    expect(await tickGuarded(env, Date.now())).toMatchObject({ decision: "override", applied: true });
    expect(await tickGuarded(env, Date.now())).toEqual({ rollout: null });
    expect((await getRollout(env)).canaryPercent).toBe(10);
    const { rollout: after, decisions } = await detail(id);
    expect(after.state).toBe("overridden");
    expect(decisions[0]).toMatchObject({ action: "override", actor: "cron" });
  });

  it("pauses, resumes and kills through the admin API; kill withdraws the canary for good", async () => {
    await rollout({ live: "g-live" });
    const { id } = await start("g-kill");
    const post = (action: string) =>
      call(`/v1/admin/rollouts/${id}/${action}`, { method: "POST", token: OPS_TOKEN });
    expect((await post("pause")).status).toBe(200);
    await sendBoth("g-kill", "g-live", 60, 0.1);
    expect(await tickGuarded(env, Date.now())).toEqual({ rollout: null }); // paused: nothing decided
    expect((await post("pause")).status).toBe(409);
    expect((await post("resume")).status).toBe(200);
    expect((await post("kill")).status).toBe(200);
    expect(await getRollout(env)).toMatchObject({ canary: "g-kill", canaryPercent: 0 });
    expect((await post("resume")).status).toBe(409);
    expect((await detail(id)).decisions.map((d) => d.action)).toEqual(["kill", "resume", "pause", "start"]);
  });

  it("refuses a second running rollout, an unknown version and a bad plan, changing nothing", async () => {
    const { id } = await start("g-bad");
    const body = (b: unknown) => ({ method: "POST", token: OPS_TOKEN, body: JSON.stringify(b) });
    expect((await call("/v1/admin/rollouts", body({ canary: "g-good" }))).status).toBe(409);
    await call(`/v1/admin/rollouts/${id}/kill`, { method: "POST", token: OPS_TOKEN });
    const before = await getRollout(env);
    const refused = [
      await call("/v1/admin/rollouts", body({ canary: "nope" })),
      await call("/v1/admin/rollouts", body({ canary: "g-good", plan: { alpha: 2 } })),
      await call("/v1/admin/rollouts", body({ canary: "g-good", plan: { steps: [{ percent: 50 }] } })),
      await call("/v1/admin/rollouts", body({ canary: "g-good", extra: 1 })),
      await call("/v1/admin/rollouts", { method: "POST", body: "{}" }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 400, 400, 400, 401]);
    expect(await getRollout(env)).toEqual(before);
  });
});
