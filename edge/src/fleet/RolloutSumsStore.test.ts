import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { aggregatorStub } from "./aggregatorStub";
import { CHECKPOINT_EVERY } from "./FleetAggregator";
import { registerVersions, reportsForShard } from "./fleetTestKit";
import type { RolloutTag } from "./RolloutSumsStore";

const tag = (clicks: number): RolloutTag => ({
  rollout: 7,
  step: 0,
  side: "canary",
  contribution: { cohort: { ctr: [20, clicks] } },
});

describe("rollout sums in the FleetAggregator", () => {
  it("count each tagged report once across evictions and replays, and flush absolute sums to D1", async () => {
    // The flush writes sums of running rollouts only: rollout 7 runs.
    await registerVersions("v-sums");
    await env.DB.prepare(
      `INSERT INTO rollout_plans (id, canary, live, plan, thresholds, state, step, step_started_at,
         registry_revision, created_at, created_by, updated_at)
       VALUES (7, 'v-sums', 'v-sums', '{}', '{}', 'active', 0, 0, 0, 0, 'test', 0)`,
    ).run();
    const batch = reportsForShard(31, CHECKPOINT_EVERY + 20, "v-sums");
    const [version, hour, shard] = batch[0].name.split(":");
    const meta = { version, hour: Number(hour), shard: Number(shard) };
    const stub = aggregatorStub(env, batch[0].name);
    for (const [i, { report }] of batch.entries()) {
      expect(await stub.ingest(meta, report, tag(i % 3))).toBe("accepted");
      if (i === 10 || i === CHECKPOINT_EVERY + 5) await evictDurableObject(stub);
    }
    expect(await stub.ingest(meta, batch[3].report, tag(2))).toBe("duplicate");
    await evictDurableObject(stub);
    const clicks = batch.reduce((s, _, i) => s + (i % 3), 0);
    const [row] = await stub.rolloutSums();
    expect(row).toMatchObject({ rollout: 7, step: 0, side: "canary", sums: { reports: batch.length } });
    expect(row.sums.guardrails.ctr).toMatchObject({ n: batch.length, x: 20 * batch.length, y: clicks });

    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    const stored = await env.DB.prepare("SELECT reports, sums FROM rollout_sums WHERE rollout_id = 7").all<{
      reports: number;
      sums: string;
    }>();
    expect(stored.results.map((r) => r.reports)).toEqual([batch.length]);
    expect(JSON.parse(stored.results[0].sums).guardrails.ctr.y).toBe(clicks);
  });
});
