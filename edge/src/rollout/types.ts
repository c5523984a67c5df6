// Types of the guarded rollout at the edge: a plan in D1 and where it stands (edge/src/rollout).
import type {
  GuardrailEvidence,
  LatencyThresholds,
  RolloutAction,
  RolloutPlan,
} from "../../../telemetry/rollout";

/**
 * Where a guarded rollout stands:
 * - `active`: the cron tick decides and acts on it every minute;
 * - `paused`: the canary keeps its share and its reports still count, but nothing is decided (a
 *   regression under `onRegression: "pause"`, or an operator); `resume` makes it active again;
 * - `withdrawn` (canary at 0 %), `completed` (promoted), `overridden` (a person changed the rollout
 *   through the registry, which wins), `killed` (the kill switch): final.
 */
export type GuardedState = "active" | "paused" | "withdrawn" | "completed" | "overridden" | "killed";

/** One row of `rollout_plans`. */
export type GuardedRollout = {
  id: number;
  canary: string;
  live: string;
  plan: RolloutPlan;
  /** Live's inference p95 per backend (ms), frozen when the rollout started. */
  thresholds: LatencyThresholds;
  state: GuardedState;
  step: number;
  stepStartedAt: number;
  /** Grows by one on every change (compare-and-set). */
  revision: number;
  /** The registry's revision after this rollout's own last change. */
  registryRevision: number;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
};

/** What a decision-log entry records: a tick's decision or a person's action. */
export type DecisionAction = RolloutAction | "start" | "resume" | "kill" | "override";

/** One row of `rollout_decisions`. */
export type DecisionEntry = {
  id: number;
  rolloutId: number;
  at: number;
  actor: string;
  action: DecisionAction;
  step: number;
  reason: string;
  evidence: GuardrailEvidence[];
};
