import { type LatencyThresholds, planFromRequest } from "../../../telemetry/rollout";
import { BACKENDS, type Backend } from "../../../telemetry/schema";
import { loadBaselines } from "../fleet/baselineQueries";
import { apiError } from "../http/apiError";
import {
  auditStatement,
  getModelVersion,
  getRollout,
  randomSalt,
  rememberRollout,
  rolloutUpdate,
} from "../registry";
import type { Env } from "../types";
import { getGuarded, runningGuarded } from "./guardedQueries";
import { clearRunningCache } from "./rolloutTagFor";
import type { GuardedRollout } from "./types";

/** What `POST /v1/admin/rollouts` asks for. */
export type StartRequest = { canary: string; plan?: unknown };

/**
 * T per backend: the live version's inference p95 in its own baseline (its first complete hour
 * with enough reports there, `fleet_baselines`), frozen for the whole rollout. A backend without a
 * baseline gets no threshold, so its p95 guardrail stays not applicable.
 */
async function liveThresholds(env: Env, live: string): Promise<LatencyThresholds> {
  const thresholds: LatencyThresholds = {};
  for (const b of await loadBaselines(env.DB, [live])) {
    const p95 = b.slice.sketches.inferenceMs?.quantile(0.95);
    if ((BACKENDS as readonly string[]).includes(b.backend) && p95 !== undefined && p95 > 0)
      thresholds[b.backend as Backend] = p95;
  }
  return thresholds;
}

/**
 * Starts a guarded rollout of `canary` against today's live version: the canary at the plan's
 * first step with a fresh salt (the registry's compare-and-set), the plan row, the decision-log
 * entry and the audit row, all in one D1 batch. 404 unknown version, 409 with no live version, with
 * a rollout already running or on a lost race, 400 for a bad plan.
 * @example const rollout = await startGuarded(env, { canary: "v2" }, "ops", Date.now());
 */
export async function startGuarded(
  env: Env,
  request: StartRequest,
  actor: string,
  now: number,
): Promise<GuardedRollout> {
  const registry = await getRollout(env);
  if (!registry.live)
    throw apiError(409, "no_live_model", "a guarded rollout needs a live version to compare with");
  if (request.canary === registry.live) throw apiError(400, "bad_rollout", "the canary is the live version");
  if (!(await getModelVersion(env, request.canary)))
    throw apiError(404, "unknown_version", `no model version '${request.canary}'`);
  const planned = planFromRequest(request.plan, Number(env.K_ANONYMITY));
  if (!planned.ok) throw apiError(400, "bad_plan", planned.problems.join("; "));
  const running = await runningGuarded(env);
  if (running) throw apiError(409, "rollout_running", `guarded rollout ${running.id} is ${running.state}`);
  const { plan } = planned;
  const next = {
    live: registry.live,
    canary: request.canary,
    canaryPercent: plan.steps[0].percent,
    previousLive: registry.previousLive,
    salt: randomSalt(),
  };
  const iso = new Date(now).toISOString();
  const thresholds = await liveThresholds(env, registry.live);
  const insert = env.DB.prepare(
    `INSERT INTO rollout_plans (canary, live, plan, thresholds, state, step, step_started_at, registry_revision,
       created_at, created_by, updated_at)
     SELECT ?, ?, ?, ?, 'active', 0, ?, ?, ?, ?, ? WHERE changes() = 1`,
  ).bind(
    request.canary,
    registry.live,
    JSON.stringify(plan),
    JSON.stringify(thresholds),
    now,
    registry.revision + 1,
    now,
    actor,
    now,
  );
  const log = env.DB.prepare(
    `INSERT INTO rollout_decisions (rollout_id, at, actor, action, step, reason)
     SELECT last_insert_rowid(), ?, ?, 'start', 0, ? WHERE changes() = 1`,
  ).bind(now, actor, `canary ${request.canary} at ${plan.steps[0].percent} % against live ${registry.live}`);
  const audit = auditStatement(
    env.DB,
    {
      actor,
      action: "rollout.guarded.start",
      target: request.canary,
      detail: { live: registry.live, plan, thresholds },
    },
    { ifChanged: true },
  );
  let results: D1Result[];
  try {
    results = await env.DB.batch([rolloutUpdate(env.DB, registry, next, actor, iso), insert, log, audit]);
  } catch (error) {
    // The unique index on running rollouts: another start won between our read and this write.
    if (/UNIQUE/i.test(String(error)))
      throw apiError(409, "rollout_running", "another guarded rollout started");
    throw error;
  }
  if (results[0].meta.changes !== 1)
    throw apiError(
      409,
      "rollout_changed",
      "the rollout changed while this request ran; read it again and retry",
    );
  rememberRollout({ ...next, revision: registry.revision + 1, updatedAt: iso, updatedBy: actor });
  clearRunningCache();
  return (await getGuarded(env, results[1].meta.last_row_id)) as GuardedRollout;
}
