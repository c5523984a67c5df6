import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { referenceProfileFrom } from "../../../telemetry";
import type { AlertsView } from "../../../telemetry/fleet";
import { currentWindowStart, syntheticReport } from "../../../telemetry/simulator/syntheticReport";
import { normal, seededRng } from "../../../telemetry/util/rng";
import type { Env } from "../types";
import {
  flushAll,
  getJson,
  postReports,
  publishWithReference,
  registerVersions,
  rollout,
} from "./fleetTestKit";
import { runScheduled } from "./scheduled";

const MIN = 60_000;
const HOOK = "http://alerts.receiver.test/hook";

beforeAll(() => registerVersions("v-slow"));
afterEach(() => vi.restoreAllMocks());

/**
 * Intercepts the Worker's outgoing fetch to the webhook receiver (inside workerd): the first
 * `failures` deliveries answer 503, later ones 204; every received body is kept.
 */
function webhookReceiver(failures: number) {
  const received: { alerts: { rule: string; from: string; to: string; labels: Record<string, string> }[] }[] =
    [];
  let calls = 0;
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(HOOK)) return realFetch(input, init);
    calls += 1;
    if (calls <= failures) return new Response("busy", { status: 503 });
    received.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 204 });
  });
  return { received, calls: () => calls };
}

const withHook = { ...env, ALERT_WEBHOOK_URL: HOOK } as Env;
const noSleep = { sleep: async () => {} };

/** 20 minutes into the current hour: evaluations a few minutes apart stay in the hour the reports are in. */
function midHour(): number {
  return Math.floor(Date.now() / (60 * MIN)) * 60 * MIN + 20 * MIN;
}

describe("runScheduled", () => {
  it("takes a latency alert pending → firing → resolved, stores each change and notifies with retries", async () => {
    const rng = seededRng(11);
    const t0 = midHour();
    const lastHour = currentWindowStart(t0 - 3_600_000);
    // The version's own baseline on wasm (the previous hour, ≥ 200 reports), then a 10× slower hour.
    const baseline = Array.from({ length: 220 }, () =>
      syntheticReport(rng, {
        modelVersion: "v-slow",
        backend: "wasm",
        medianInferenceMs: 40,
        windowStart: lastHour,
      }),
    );
    const slow = Array.from({ length: 60 }, () =>
      syntheticReport(rng, { modelVersion: "v-slow", backend: "wasm", medianInferenceMs: 400 }),
    );
    await postReports([...baseline, ...slow]);
    await flushAll();
    const hook = webhookReceiver(2);

    const first = await runScheduled(withHook, t0, noSleep);
    expect(first.transitions).toBeGreaterThanOrEqual(1);
    expect(hook.calls()).toBe(3); // 503, 503, then delivered
    expect(hook.received[0].alerts.map((a) => `${a.rule}:${a.from}->${a.to}`)).toContain(
      "latency_p95:inactive->pending",
    );

    await runScheduled(withHook, t0 + 2 * MIN, noSleep);
    const { body } = await getJson<AlertsView>("/v1/fleet/alerts");
    const latency = body.active.find((a) => a.rule === "latency_p95" && a.labels.version === "v-slow");
    expect(latency?.state).toBe("firing");
    expect(latency?.labels.backend).toBe("wasm");
    expect(latency?.value).toBeGreaterThan(latency?.threshold ?? Number.POSITIVE_INFINITY);
    const stored = await env.DB.prepare(
      "SELECT backend, reports FROM fleet_baselines WHERE version = 'v-slow' ORDER BY backend",
    ).all<{ backend: string; reports: number }>();
    expect(stored.results).toEqual([
      { backend: "*", reports: 220 },
      { backend: "wasm", reports: 220 },
    ]);
    expect(hook.received.at(-1)?.alerts.map((a) => `${a.rule}:${a.to}`)).toContain("latency_p95:firing");

    // The window moves on: three hours later there is no data; after staleMs the alert resolves.
    await runScheduled(withHook, t0 + 3 * 60 * MIN, noSleep);
    const events = await env.DB.prepare(
      "SELECT from_state, to_state, delivered_at FROM alert_events WHERE rule = 'latency_p95' ORDER BY id",
    ).all<{ from_state: string; to_state: string; delivered_at: number | null }>();
    expect(events.results.map((e) => `${e.from_state}->${e.to_state}`)).toEqual([
      "inactive->pending",
      "pending->firing",
      "firing->resolved",
    ]);
    expect(events.results.every((e) => e.delivered_at !== null)).toBe(true);
  });

  it("keeps undelivered changes for a later run when the receiver stays down", async () => {
    const hook = webhookReceiver(Number.POSITIVE_INFINITY);
    const now = Date.now() + 10 * 60 * MIN; // hours after any report of this file: no rule has data
    await env.DB.prepare(
      `INSERT INTO alert_events (alert_key, rule, labels, from_state, to_state, summary, at, next_attempt_at)
       VALUES ('error_rate{version="x"}', 'error_rate', '{"version":"x"}', 'pending', 'firing', 'test', ?, ?)`,
    )
      .bind(now, now)
      .run();
    const result = await runScheduled(withHook, now, noSleep);
    expect(result.failed).toBe(1);
    expect(hook.calls()).toBe(3);
    const row = await env.DB.prepare(
      "SELECT attempts, next_attempt_at, delivered_at FROM alert_events WHERE rule = 'error_rate'",
    ).first<{
      attempts: number;
      next_attempt_at: number;
      delivered_at: number | null;
    }>();
    expect(row).toEqual({ attempts: 1, next_attempt_at: now + 2 * MIN, delivered_at: null });
    // Not due yet: a run a minute later sends nothing.
    await runScheduled(withHook, now + MIN, noSleep);
    expect(hook.calls()).toBe(3);
  });

  it("fires score drift against the manifest's reference profile, not on an unchanged fleet", async () => {
    const rng = seededRng(12);
    const scores = Array.from({ length: 20_000 }, () => Math.min(1, Math.max(0, 0.3 + 0.15 * normal(rng))));
    await publishWithReference("v-ref", referenceProfileFrom({ scores }));
    await publishWithReference("v-same", referenceProfileFrom({ scores }));
    await rollout({ live: "v-ref" });
    const shifted = Array.from({ length: 80 }, () =>
      syntheticReport(rng, { modelVersion: "v-ref", scoreMean: 0.55 }),
    );
    const unchanged = Array.from({ length: 80 }, () =>
      syntheticReport(rng, { modelVersion: "v-same", scoreMean: 0.3 }),
    );
    await postReports([...shifted, ...unchanged]);
    await flushAll();
    const t0 = midHour();
    await runScheduled(env, t0);
    await runScheduled(env, t0 + 2 * MIN);
    const { body } = await getJson<AlertsView>("/v1/fleet/alerts");
    const drift = (version: string) =>
      body.active.find((a) => a.rule === "score_drift_reference" && a.labels.version === version);
    expect(drift("v-ref")?.state).toBe("firing");
    expect(drift("v-ref")?.value).toBeGreaterThan(drift("v-ref")?.threshold ?? Number.POSITIVE_INFINITY);
    expect(drift("v-same")).toBeUndefined();
  });
});
