import { reportContribution } from "../../../telemetry/rollout";
import type { TelemetryReport } from "../../../telemetry/schema";
import type { RolloutTag } from "../fleet/RolloutSumsStore";
import type { Env } from "../types";
import { runningGuarded } from "./guardedQueries";
import type { GuardedRollout } from "./types";

const HOUR_MS = 3_600_000;
/** How stale ingest may read the running rollout: a step change reaches every isolate within 5 s. */
export const RUNNING_CACHE_MS = 5_000;
let cached: { rollout: GuardedRollout | undefined; at: number } | undefined;

/** The running guarded rollout as ingest reads it: from isolate memory when read < 5 s ago. */
async function runningCached(env: Env, now: number): Promise<GuardedRollout | undefined> {
  if (cached && now - cached.at < RUNNING_CACHE_MS) return cached.rollout;
  const rollout = await runningGuarded(env);
  cached = { rollout, at: now };
  return rollout;
}

/** Forgets the cached rollout (tests, and this isolate's own rollout writes). */
export function clearRunningCache(): void {
  cached = undefined;
}

/**
 * What a report adds to the running guarded rollout, or undefined when it adds nothing: no rollout
 * runs, the device got no assignment (`cohort: "none"`), or the report's window (an hour) ended
 * before the current step began (it was sent at another split). The side comes from the **assigned**
 * cohort, not from the version the device runs: a canary device that failed to load the canary
 * counts against the canary (intent to treat).
 * @example const tag = await rolloutTagFor(env, report, Date.now());
 */
export async function rolloutTagFor(
  env: Env,
  report: TelemetryReport,
  now: number,
): Promise<RolloutTag | undefined> {
  if (report.cohort === "none") return undefined;
  const rollout = await runningCached(env, now);
  if (!rollout) return undefined;
  if (Date.parse(report.windowStart) + HOUR_MS <= rollout.stepStartedAt) return undefined;
  const side = report.cohort === "canary" ? "canary" : "control";
  const contribution = reportContribution(report, rollout.plan, side, rollout.thresholds);
  return { rollout: rollout.id, step: rollout.step, side, contribution };
}
