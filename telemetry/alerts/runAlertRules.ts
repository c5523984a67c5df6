import { alertKey } from "./alertKey";
import { stepAlert } from "./stepAlert";
import type { AlertInstance, AlertObservation, AlertRule, AlertTransition } from "./types";

/** Result of one evaluation round: every instance's new state and the changes to store and notify. */
export type AlertRound = { instances: AlertInstance[]; transitions: AlertTransition[] };

/**
 * Runs one evaluation round: each observation steps its instance (created on first breach or
 * sighting); instances without an observation this round step with "no data".
 * Observations of unknown rules are an error of the caller, not of the data, so they throw.
 * @example
 * const round = runAlertRules(DEFAULT_ALERT_RULES, storedInstances, observations, Date.now());
 * // round.transitions -> insert into alert_events and notify the webhook
 */
export function runAlertRules(
  rules: readonly AlertRule[],
  previous: readonly AlertInstance[],
  observations: readonly AlertObservation[],
  now: number,
): AlertRound {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const byKey = new Map(previous.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const instances: AlertInstance[] = [];
  const transitions: AlertTransition[] = [];

  for (const observation of observations) {
    const rule = ruleById.get(observation.rule);
    if (!rule) throw new Error(`unknown alert rule "${observation.rule}"`);
    const key = alertKey(rule.id, observation.labels);
    if (seen.has(key)) throw new Error(`two observations for alert ${key} in one round`);
    seen.add(key);
    const step = stepAlert(byKey.get(key), rule, observation, now);
    instances.push(step.next);
    if (step.transition) transitions.push(step.transition);
  }
  for (const instance of previous) {
    if (seen.has(instance.key)) continue;
    const rule = ruleById.get(instance.rule);
    if (!rule) continue; // a rule that was removed: leave its history alone
    const step = stepAlert(instance, rule, undefined, now);
    instances.push(step.next);
    if (step.transition) transitions.push(step.transition);
  }
  return { instances, transitions };
}
