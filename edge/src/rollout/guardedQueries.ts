import { parseCohortSums, type RolloutSide, type StepCohortSums } from "../../../telemetry/rollout";
import type { Env } from "../types";
import type { DecisionEntry, GuardedRollout, GuardedState } from "./types";

type PlanRow = {
  id: number;
  canary: string;
  live: string;
  plan: string;
  thresholds: string;
  state: GuardedState;
  step: number;
  step_started_at: number;
  revision: number;
  registry_revision: number;
  created_at: number;
  created_by: string;
  updated_at: number;
};

function fromRow(r: PlanRow): GuardedRollout {
  return {
    id: r.id,
    canary: r.canary,
    live: r.live,
    plan: JSON.parse(r.plan),
    thresholds: JSON.parse(r.thresholds),
    state: r.state,
    step: r.step,
    stepStartedAt: r.step_started_at,
    revision: r.revision,
    registryRevision: r.registry_revision,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

/**
 * One guarded rollout, or undefined.
 * @example const rollout = await getGuarded(env, 3);
 */
export async function getGuarded(env: Env, id: number): Promise<GuardedRollout | undefined> {
  const row = await env.DB.prepare("SELECT * FROM rollout_plans WHERE id = ?").bind(id).first<PlanRow>();
  return row ? fromRow(row) : undefined;
}

/** The rollout that is active or paused (at most one: a unique index), or undefined. */
export async function runningGuarded(env: Env): Promise<GuardedRollout | undefined> {
  const row = await env.DB.prepare(
    "SELECT * FROM rollout_plans WHERE state IN ('active', 'paused')",
  ).first<PlanRow>();
  return row ? fromRow(row) : undefined;
}

/** The newest guarded rollouts first. */
export async function listGuarded(env: Env, limit: number): Promise<GuardedRollout[]> {
  const { results } = await env.DB.prepare("SELECT * FROM rollout_plans ORDER BY id DESC LIMIT ?")
    .bind(limit)
    .all<PlanRow>();
  return results.map(fromRow);
}

/**
 * Every shard's sums of one rollout; a row that fails to decode is left out (and logged), so it
 * cannot poison a decision.
 */
export async function cohortSumRows(env: Env, rolloutId: number): Promise<StepCohortSums[]> {
  const { results } = await env.DB.prepare("SELECT step, side, sums FROM rollout_sums WHERE rollout_id = ?")
    .bind(rolloutId)
    .all<{ step: number; side: RolloutSide; sums: string }>();
  const rows: StepCohortSums[] = [];
  for (const r of results) {
    const sums = parseCohortSums(r.sums);
    if (sums) rows.push({ step: r.step, side: r.side, sums });
    else
      console.error(
        `rollout ${rolloutId}: stored sums of step ${r.step} (${r.side}) do not decode; left out`,
      );
  }
  return rows;
}

/**
 * Deletes the sums of every rollout that no longer runs (withdrawn, completed, overridden, killed):
 * only the tick of a running rollout reads them, and its decisions keep their evidence.
 * `flushRolloutSums` writes no sums of such a rollout, so a late flush cannot bring them back.
 */
export async function pruneFinishedSums(env: Env): Promise<number> {
  const result = await env.DB.prepare(
    `DELETE FROM rollout_sums WHERE rollout_id IN
       (SELECT id FROM rollout_plans WHERE state NOT IN ('active', 'paused'))`,
  ).run();
  return result.meta.changes;
}

/** The newest decisions of one rollout first; `before` pages by id. */
export async function listDecisions(
  env: Env,
  rolloutId: number,
  limit: number,
  before?: number,
): Promise<DecisionEntry[]> {
  const { results } = await env.DB.prepare(
    `SELECT * FROM rollout_decisions WHERE rollout_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
  )
    .bind(rolloutId, before ?? Number.MAX_SAFE_INTEGER, limit)
    .all<{
      id: number;
      rollout_id: number;
      at: number;
      actor: string;
      action: DecisionEntry["action"];
      step: number;
      reason: string;
      evidence: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    rolloutId: r.rollout_id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    step: r.step,
    reason: r.reason,
    evidence: JSON.parse(r.evidence),
  }));
}
