import type { GuardrailEvidence } from "../../../telemetry/rollout";
import {
  auditStatement,
  type Rollout,
  type RolloutChange,
  rememberRollout,
  rolloutUpdate,
} from "../registry";
import type { Env } from "../types";
import { clearRunningCache } from "./rolloutTagFor";
import type { DecisionAction, GuardedRollout, GuardedState } from "./types";

/** One change of a guarded rollout: a tick's decision or a person's action, and its effects. */
export type Transition = {
  action: DecisionAction;
  /** "cron", or the admin token's label. */
  actor: string;
  reason: string;
  evidence: GuardrailEvidence[];
  /** The rollout after the change. */
  state: GuardedState;
  step: number;
  stepStartedAt: number;
  /** The registry's new split, when the change moves traffic. */
  registry?: RolloutChange;
};

/**
 * Applies a transition in ONE D1 batch (one transaction), each statement guarded by the one
 * before it (`changes() = 1`): the registry's compare-and-set (when traffic moves), the rollout's
 * own compare-and-set on its revision, the decision-log row and, for everything but a hold, the
 * audit row and the webhook event (queued in `alert_events`, delivered with the alerts' retries).
 * A concurrent or repeated tick that read the same revisions changes nothing and logs nothing.
 * True when this call applied it.
 * @example if (await applyTransition(env, rollout, registry, transition, Date.now())) console.log("done");
 */
export async function applyTransition(
  env: Env,
  rollout: GuardedRollout,
  registry: Rollout,
  t: Transition,
  now: number,
): Promise<boolean> {
  const db = env.DB;
  const iso = new Date(now).toISOString();
  const statements: D1PreparedStatement[] = [];
  if (t.registry) statements.push(rolloutUpdate(db, registry, t.registry, t.actor, iso));
  const registryRevision = t.registry ? registry.revision + 1 : rollout.registryRevision;
  statements.push(
    db
      .prepare(
        `UPDATE rollout_plans SET state = ?, step = ?, step_started_at = ?, revision = revision + 1,
           registry_revision = ?, updated_at = ?
         WHERE id = ? AND revision = ?${t.registry ? " AND changes() = 1" : ""}`,
      )
      .bind(t.state, t.step, t.stepStartedAt, registryRevision, now, rollout.id, rollout.revision),
  );
  const planAt = statements.length - 1;
  statements.push(
    db
      .prepare(
        `INSERT INTO rollout_decisions (rollout_id, at, actor, action, step, reason, evidence)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
      )
      .bind(rollout.id, now, t.actor, t.action, rollout.step, t.reason, JSON.stringify(t.evidence)),
  );
  if (t.action !== "hold") statements.push(...announce(env, rollout, registry, t, now));
  const results = await db.batch(statements);
  const applied = results[planAt].meta.changes === 1;
  if (applied && t.registry) {
    rememberRollout({ ...t.registry, revision: registryRevision, updatedAt: iso, updatedBy: t.actor });
  }
  if (applied) clearRunningCache();
  return applied;
}

/** The audit row and the webhook event of a transition, each written only if the log row was. */
function announce(
  env: Env,
  rollout: GuardedRollout,
  registry: Rollout,
  t: Transition,
  now: number,
): D1PreparedStatement[] {
  const percent = (r: RolloutChange) => (r.canary === rollout.canary ? r.canaryPercent : null);
  const detail = {
    rollout: rollout.id,
    canary: rollout.canary,
    step: rollout.step,
    toStep: t.step,
    state: { before: rollout.state, after: t.state },
    canaryPercent: { before: percent(registry), after: percent(t.registry ?? registry) },
    reason: t.reason,
    evidence: t.evidence,
  };
  const audit = auditStatement(
    env.DB,
    { actor: t.actor, action: `rollout.guarded.${t.action}`, target: rollout.canary, detail },
    { ifChanged: true },
  );
  const labels = {
    rollout: String(rollout.id),
    canary: rollout.canary,
    live: rollout.live,
    action: t.action,
  };
  const summary = `guarded rollout ${rollout.id} (${rollout.canary}): ${t.action}; ${t.reason}`;
  const webhook = env.DB.prepare(
    `INSERT INTO alert_events (alert_key, rule, labels, from_state, to_state, value, threshold, summary, at, next_attempt_at)
     SELECT ?, 'rollout', ?, ?, ?, ?, NULL, ?, ?, ? WHERE changes() = 1`,
  ).bind(
    `rollout{rollout="${rollout.id}"}`,
    JSON.stringify(labels),
    rollout.state,
    t.state,
    percent(t.registry ?? registry),
    summary,
    now,
    env.ALERT_WEBHOOK_URL ? now : null,
  );
  return [audit, webhook];
}
