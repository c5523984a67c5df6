import { layoutVector } from "../../../telemetry/drift";
import { decideRollout, type RolloutDecision, rolloutObservation } from "../../../telemetry/rollout";
import { referenceOf } from "../fleet/fleetQueries";
import { getRollout } from "../registry";
import type { Env } from "../types";
import { applyTransition } from "./applyTransition";
import { decisionTransition, stateTransition } from "./decisionTransition";
import { cohortSumRows, pruneFinishedSums, runningGuarded } from "./guardedQueries";

/** What one tick did: nothing (no active rollout), or its decision and whether this tick applied it. */
export type TickResult =
  | { rollout: null }
  | { rollout: number; decision: RolloutDecision | "override"; applied: boolean };

/**
 * The guarded rollout's cron tick (every minute, beside the alerts): for the active rollout, if a
 * person changed the registry since the rollout's own last change, the person wins: the rollout
 * becomes `overridden` and the automation stops. Otherwise `decideRollout` reads every step's sums
 * and the canary's own reference profile, and the decision is applied through the registry's
 * compare-and-set (`applyTransition`). Pure decision + compare-and-set: a repeated or concurrent
 * tick acts once. Each tick first deletes the sums of rollouts that have finished (`pruneFinishedSums`).
 * @example await tickGuarded(env, Date.now());
 */
export async function tickGuarded(env: Env, now = Date.now()): Promise<TickResult> {
  await pruneFinishedSums(env);
  const rollout = await runningGuarded(env);
  if (rollout?.state !== "active") return { rollout: null };
  const registry = await getRollout(env);
  if (registry.revision !== rollout.registryRevision) {
    const t = stateTransition(
      rollout,
      "override",
      "cron",
      `the registry was changed by hand (revision ${rollout.registryRevision} → ${registry.revision}, by ${registry.updatedBy ?? "unknown"}); the automation stops`,
    );
    return {
      rollout: rollout.id,
      decision: "override",
      applied: await applyTransition(env, rollout, registry, t, now),
    };
  }
  const reference = await referenceOf(env, rollout.canary);
  const observation = rolloutObservation(
    rollout.plan,
    await cohortSumRows(env, rollout.id),
    rollout.step,
    now,
    reference ? layoutVector(reference.score) : null,
  );
  const decision = decideRollout(rollout.plan, rollout, observation);
  const t = decisionTransition(rollout, registry, decision, now);
  return { rollout: rollout.id, decision, applied: await applyTransition(env, rollout, registry, t, now) };
}
