import type { ReferenceProfile } from "../../../telemetry";
import { DEFAULT_ALERT_RULES } from "../../../telemetry/alerts";
import { baselineKey, evaluateFleet } from "../../../telemetry/fleet";
import type { Env } from "../types";
import { loadAlertStates, saveAlertRound } from "./alertQueries";
import { loadBaselines, saveBaselines } from "./baselineQueries";
import { type DeliveryOptions, deliverAlerts } from "./deliverAlerts";
import { fleetInput, referenceOf } from "./fleetQueries";

/** What one evaluation did, for logs, tests and the manual trigger's answer. */
export type EvaluationResult = {
  observations: number;
  transitions: number;
  sent: number;
  failed: number;
  /** The evaluation's clock (epoch ms): the request's `now` or the real time. */
  now: number;
};

/**
 * The cron work (every minute, wrangler.toml): evaluate the alert rules on the current hour of
 * rollups against each version's reference profile, its own baselines (made here from the
 * previous hour when it has enough reports) and the rollout; store every state change in D1, and
 * notify the webhook. Callable from tests and `POST /v1/fleet/evaluate` (local dev runs no crons;
 * a simulator passes its simulated `now`). Rollups themselves are flushed by the aggregators' alarms.
 * @example await runScheduled(env); // or runScheduled(env, Date.now(), { fetcher })
 */
export async function runScheduled(
  env: Env,
  now = Date.now(),
  delivery: DeliveryOptions = {},
): Promise<EvaluationResult> {
  const input = await fleetInput(env, 2, now);
  const versions = [...new Set(input.rows.map((r) => r.version))];
  const references = new Map<string, ReferenceProfile | null>();
  for (const version of versions) references.set(version, await referenceOf(env, version));
  const known = new Map(
    (await loadBaselines(env.DB, versions)).map((b) => [baselineKey(b.version, b.backend), b]),
  );
  const instances = await loadAlertStates(env.DB);
  const { baselines, observations, round } = evaluateFleet(
    input,
    references,
    known,
    instances,
    DEFAULT_ALERT_RULES,
    now,
  );
  await saveBaselines(env.DB, baselines, now);
  await saveAlertRound(env.DB, round, Boolean(env.ALERT_WEBHOOK_URL));
  const { sent, failed } = await deliverAlerts(env.DB, env.ALERT_WEBHOOK_URL, now, delivery);
  return { observations: observations.length, transitions: round.transitions.length, sent, failed, now };
}
