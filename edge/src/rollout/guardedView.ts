import type { GuardedRolloutView } from "../../../telemetry/fleet";
import type { Env } from "../types";
import { listDecisions, listGuarded, runningGuarded } from "./guardedQueries";

/** Decisions read for the panel: a day of minute ticks. */
const DECISIONS = 1_440;
const finite = (x: number | null | undefined) => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** A hold's reason names each cohort's report count; a count under k is shown as "< k" (PRIVACY.md rule 6). */
function belowK(reason: string, k: number): string {
  return reason.replace(/reports (\d+)\/(\d+)/, (_, a: string, b: string) => {
    const shown = (n: string) => (Number(n) < k ? `< ${k}` : n);
    return `reports ${shown(a)}/${shown(b)}`;
  });
}

/**
 * The dashboard's view of the running (else the latest) guarded rollout: its step and when the
 * next may come, each guardrail's difference, interval and tolerance line at every decision, and
 * the decision log.
 * @example return c.json(await guardedView(env, Date.now()));
 */
export async function guardedView(env: Env, now: number): Promise<GuardedRolloutView> {
  const rollout = (await runningGuarded(env)) ?? (await listGuarded(env, 1))[0];
  if (!rollout) return { generatedAt: now, rollout: null, guardrails: [], decisions: [] };
  const decisions = await listDecisions(env, rollout.id, DECISIONS);
  const series = new Map<string, GuardedRolloutView["guardrails"][number]>();
  for (const d of [...decisions].reverse()) {
    for (const e of d.evidence) {
      const s = series.get(e.id) ?? { id: e.id, line: e.line, direction: e.direction, points: [] };
      s.points.push({
        at: d.at,
        estimate: finite(e.estimate),
        lower: finite(e.lower),
        upper: finite(e.upper),
        status: e.status,
      });
      series.set(e.id, s);
    }
  }
  const step = rollout.plan.steps[rollout.step];
  const running = rollout.state === "active" || rollout.state === "paused";
  const last = rollout.step >= rollout.plan.steps.length - 1;
  return {
    generatedAt: now,
    rollout: {
      id: rollout.id,
      canary: rollout.canary,
      live: rollout.live,
      state: rollout.state,
      step: rollout.step,
      steps: rollout.plan.steps,
      stepStartedAt: rollout.stepStartedAt,
      nextStepNotBefore: running && !last && step ? rollout.stepStartedAt + step.minDurationMs : null,
    },
    guardrails: [...series.values()],
    decisions: decisions.map(({ at, actor, action, step, reason }) => ({
      at,
      actor,
      action,
      step,
      reason: belowK(reason, Number(env.K_ANONYMITY)),
    })),
  };
}
