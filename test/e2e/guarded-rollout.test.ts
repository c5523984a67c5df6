import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticReport } from "../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../telemetry/util/rng";
import { ready } from "./client-support";
import { edgeApi, useSeededEdge } from "./harness/index";

/**
 * The guarded rollout end to end (issue 13): the demo model live, the same model again as a guarded
 * canary on half the buckets; browsers of both cohorts load their version; the canary's shoppers stop
 * clicking, a tick withdraws it, and a canary-cohort browser then loads the live version.
 */
const PORT = 8819;
const env = useSeededEdge(PORT);
const root = resolve(import.meta.dirname, "../..");

/** Half the buckets on the canary, 60 reports per cohort, no minimum duration. */
const PLAN = {
  steps: [
    { percent: 50, minDurationMs: 0, minReportsPerCohort: 60 },
    { percent: 100, minDurationMs: 0, minReportsPerCohort: 0 },
  ],
  nonInferiorityFromPercent: 100,
};

/** The edge's JSON API with the admin token. */
const api = <T>(path: string, init: RequestInit = {}) => edgeApi<T>(env.edge, path, init);

/** A fresh browser (empty cache and IndexedDB) on `bucket`: the model version it ends up running. */
async function versionAt(bucket: number): Promise<string | null | undefined> {
  const context = await env.browser.newContext();
  context.setDefaultTimeout(150_000);
  try {
    await context.addInitScript({ content: `localStorage.setItem("pocketrank:bucket", "${bucket}");` });
    const page = await context.newPage();
    await page.goto(`${env.edge.url}/demo/index.html?eager=1&telemetry=0`);
    return (await ready(page)).model.version;
  } finally {
    await context.close();
  }
}

describe("guarded rollout in Chromium", { timeout: 600_000 }, () => {
  it("withdraws a canary whose shoppers stop clicking; its cohort's browsers then load live", async () => {
    const { live } = await api<{ live: string }>("/v1/admin/rollout");
    const { publishModelDir } = await import("../../model/artifact/node.ts");
    const dir = join(root, "model/artifacts/demo");
    await publishModelDir({
      endpoint: env.edge.url,
      token: env.edge.token,
      dir,
      version: "demo-canary",
      guarded: { plan: PLAN },
    });

    const cohorts = await Promise.all(
      Array.from({ length: 40 }, (_, b) =>
        api<{ cohort: string }>(`/v1/model?bucket=${b}`).then((a) => a.cohort),
      ),
    );
    const canaryBucket = cohorts.indexOf("canary");
    const liveBucket = cohorts.indexOf("live");
    expect(canaryBucket).toBeGreaterThanOrEqual(0);
    expect(liveBucket).toBeGreaterThanOrEqual(0);
    expect(await versionAt(canaryBucket)).toBe("demo-canary");
    expect(await versionAt(liveBucket)).toBe(live);

    const rng = seededRng(13);
    const reports = [
      ...Array.from({ length: 80 }, () =>
        syntheticReport(rng, {
          modelVersion: "demo-canary",
          cohort: "canary",
          clickRate: 0,
          impressions: 20,
        }),
      ),
      ...Array.from({ length: 80 }, () =>
        syntheticReport(rng, { modelVersion: live, cohort: "live", clickRate: 0.1, impressions: 20 }),
      ),
    ];
    for (const report of reports) {
      const res = await fetch(`${env.edge.url}/v1/telemetry`, {
        method: "POST",
        body: JSON.stringify(report),
      });
      expect(res.status).toBe(202);
    }
    // The aggregators flush a few seconds after the last report; tick until the rollout decides.
    let action = "hold";
    for (let i = 0; i < 30 && action === "hold"; i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      const { rollout } = await api<{ rollout: { decision?: { action: string } } }>("/v1/fleet/evaluate", {
        method: "POST",
      });
      action = rollout.decision?.action ?? "none";
    }
    expect(action).toBe("withdraw");
    expect(await api("/v1/admin/rollout")).toMatchObject({ live, canary: "demo-canary", canaryPercent: 0 });
    expect(await versionAt(canaryBucket)).toBe(live);
  });
});
