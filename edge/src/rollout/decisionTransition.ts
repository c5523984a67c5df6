import type { RolloutDecision } from "../../../telemetry/rollout";
import { promoteCanary, type Rollout, type RolloutChange } from "../registry";
import type { Transition } from "./applyTransition";
import type { GuardedRollout } from "./types";

/** The registry's fields with the canary at `percent`. */
function atPercent(registry: Rollout, percent: number): RolloutChange {
  const { live, canary, previousLive, salt } = registry;
  return { live, canary, canaryPercent: percent, previousLive, salt };
}

/**
 * What a tick's decision does, through the registry's transitions:
 * - advance: the canary at the next step's percent (same salt, so no device flips back to live);
 * - complete: promote (the canary becomes live for everyone; the old live is kept for rollback);
 * - withdraw: the canary at 0 %: everyone is served live again. Not `rollback`, which reverts live;
 * - pause: traffic stays, the automation stops deciding until resumed;
 * - hold: nothing moves; only the decision log records it.
 * @example const t = decisionTransition(rollout, registry, decideRollout(...), Date.now());
 */
export function decisionTransition(
  rollout: GuardedRollout,
  registry: Rollout,
  decision: RolloutDecision,
  now: number,
): Transition {
  const base = {
    action: decision.action,
    actor: "cron",
    reason: decision.reason,
    evidence: decision.evidence,
    state: rollout.state,
    step: rollout.step,
    stepStartedAt: rollout.stepStartedAt,
  };
  const toStep = decision.toStep ?? rollout.step;
  switch (decision.action) {
    case "advance":
      return {
        ...base,
        step: toStep,
        stepStartedAt: now,
        registry: atPercent(registry, rollout.plan.steps[toStep].percent),
      };
    case "complete":
      return {
        ...base,
        state: "completed",
        step: toStep,
        stepStartedAt: now,
        registry: promoteCanary(registry),
      };
    case "withdraw":
      return { ...base, state: "withdrawn", registry: atPercent(registry, 0) };
    case "pause":
      return { ...base, state: "paused" };
    case "hold":
      return base;
  }
}

/** Withdraws the canary at once and ends the automation: the kill switch. */
export function killTransition(
  rollout: GuardedRollout,
  registry: Rollout,
  actor: string,
  reason: string,
): Transition {
  return {
    action: "kill",
    actor,
    reason,
    evidence: [],
    state: "killed",
    step: rollout.step,
    stepStartedAt: rollout.stepStartedAt,
    // Only this rollout's canary is withdrawn; a canary someone set by hand since is theirs.
    registry: registry.canary === rollout.canary ? atPercent(registry, 0) : undefined,
  };
}

/** A state change that moves no traffic: pause, resume, override. */
export function stateTransition(
  rollout: GuardedRollout,
  action: "pause" | "resume" | "override",
  actor: string,
  reason: string,
): Transition {
  const state = action === "pause" ? "paused" : action === "resume" ? "active" : "overridden";
  return {
    action,
    actor,
    reason,
    evidence: [],
    state,
    step: rollout.step,
    stepStartedAt: rollout.stepStartedAt,
  };
}
