import type { Shift } from "../../telemetry/simulator/fleetProfile";
import { publishModelDir } from "../artifact/node";

/** What `npm run simulate -- --canary KIND` makes the canary's browsers see (null: nothing wrong). */
export const CANARY_SHIFTS: Record<string, Shift | null> = {
  good: null,
  "bad-ctr": "ctr",
  slow: "latency",
  drifting: "score",
};

/**
 * The demo's plan: the default steps and guardrails, but no minimum duration, 60 reports per cohort
 * and step (k is 50), and no non-inferiority gate (a few hundred reports cannot show a 2 % margin),
 * so the whole loop runs in minutes. A real rollout keeps the default plan.
 */
export const DEMO_PLAN = {
  steps: [10, 25, 50, 100].map((percent) => ({ percent, minDurationMs: 0, minReportsPerCohort: 60 })),
  nonInferiorityFromPercent: 100,
};

/**
 * Publishes the artifact again as a fresh canary version and starts a guarded rollout of it with
 * `DEMO_PLAN`; returns the canary's version and the rollout's id.
 * @example const { version, id } = await startDemoCanary(endpoint, token, artifactDir);
 */
export async function startDemoCanary(
  endpoint: string,
  token: string,
  dir: string,
): Promise<{ version: string; id: number | undefined }> {
  const version = `canary-${Date.now().toString(36)}`;
  const result = await publishModelDir({ endpoint, token, dir, version, guarded: { plan: DEMO_PLAN } });
  return { version, id: result.guardedId };
}
