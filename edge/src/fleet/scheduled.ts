import type { ReferenceProfile } from "../../../telemetry";
import { DEFAULT_ALERT_RULES, runAlertRules } from "../../../telemetry/alerts";
import { alertObservations } from "../../../telemetry/fleet";
import type { Env } from "../types";
import { loadAlertStates, saveAlertRound } from "./alertQueries";
import { type DeliveryOptions, deliverAlerts } from "./deliverAlerts";
import { fleetInput, referenceOf } from "./fleetQueries";

/** What one evaluation did, for logs, tests and the manual trigger's answer. */
export type EvaluationResult = { observations: number; transitions: number; sent: number; failed: number };

/**
 * The cron work (every minute, wrangler.toml): evaluate the alert rules on the last two hours of
 * rollups against each version's reference profile and the rollout, store every state change in
 * D1, and notify the webhook. Callable from tests and `POST /v1/fleet/evaluate` (local dev runs no
 * crons). Rollups themselves are flushed by the aggregators' alarms, not here.
 * @example await runScheduled(env); // or runScheduled(env, Date.now(), { fetcher })
 */
export async function runScheduled(
  env: Env,
  now = Date.now(),
  delivery: DeliveryOptions = {},
): Promise<EvaluationResult> {
  const input = await fleetInput(env, 2, now);
  const references = new Map<string, ReferenceProfile | null>();
  for (const version of new Set(input.rows.map((r) => r.version)))
    references.set(version, await referenceOf(env, version));
  const observations = alertObservations(input, references, DEFAULT_ALERT_RULES);
  const round = runAlertRules(DEFAULT_ALERT_RULES, await loadAlertStates(env.DB), observations, now);
  await saveAlertRound(env.DB, round, Boolean(env.ALERT_WEBHOOK_URL));
  const { sent, failed } = await deliverAlerts(env.DB, env.ALERT_WEBHOOK_URL, now, delivery);
  return { observations: observations.length, transitions: round.transitions.length, sent, failed };
}
