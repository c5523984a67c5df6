import { alertKey } from "./alertKey";
import type { AlertInstance, AlertObservation, AlertRule, AlertStateName, AlertTransition } from "./types";

/** What one evaluation did to one alert instance. */
export type AlertStep = { next: AlertInstance; transition?: AlertTransition };

/**
 * Advances one alert instance by one evaluation, with Prometheus semantics
 * (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/):
 * a breach starts `pending`, and becomes `firing` once it has held for `rule.forMs` (at once when 0);
 * a pending alert whose condition clears goes back to `inactive`; a firing one becomes `resolved`.
 * No observation (slice under k reports, no traffic) neither fires nor clears, so k-anonymity gaps
 * do not make alerts flap; after `rule.staleMs` without data an active alert resolves, as a
 * Prometheus alert does when its series disappears.
 * @example
 * const { next, transition } = stepAlert(undefined, rule, { rule: "latency_p95", labels: {}, value: 180, threshold: 100, breached: true }, now);
 * // next.state === "pending" (or "firing" when rule.forMs === 0), transition.from === "inactive"
 */
export function stepAlert(
  prev: AlertInstance | undefined,
  rule: AlertRule,
  observation: AlertObservation | undefined,
  now: number,
): AlertStep {
  if (prev === undefined && observation === undefined)
    throw new Error("stepAlert needs a state or an observation");
  const labels = observation?.labels ?? prev?.labels ?? {};
  const current: AlertInstance = prev ?? {
    key: alertKey(rule.id, labels),
    rule: rule.id,
    labels,
    state: "inactive",
    activeSince: null,
    value: null,
    threshold: null,
    updatedAt: now,
  };

  if (observation === undefined) {
    const active = current.state === "pending" || current.state === "firing";
    if (!active || now - current.updatedAt < rule.staleMs) return { next: current };
    return change(current, rule, current.state === "firing" ? "resolved" : "inactive", now, null);
  }

  const seen = { ...current, value: observation.value, threshold: observation.threshold, updatedAt: now };
  if (observation.breached) {
    const since =
      current.state === "pending" || current.state === "firing" ? (current.activeSince ?? now) : now;
    const target: AlertStateName = now - since >= rule.forMs ? "firing" : "pending";
    if (target === current.state) return { next: { ...seen, activeSince: since } };
    return change({ ...seen, activeSince: since }, rule, target, now, since, current.state);
  }
  if (current.state === "pending") return change(seen, rule, "inactive", now, null, current.state);
  if (current.state === "firing") return change(seen, rule, "resolved", now, null, current.state);
  return { next: { ...seen, activeSince: null } };
}

function change(
  base: AlertInstance,
  rule: AlertRule,
  to: AlertStateName,
  now: number,
  activeSince: number | null,
  from: AlertStateName = base.state,
): AlertStep {
  const next: AlertInstance = { ...base, state: to, activeSince, updatedAt: now };
  const transition: AlertTransition = {
    key: next.key,
    rule: next.rule,
    labels: next.labels,
    from,
    to,
    at: now,
    value: next.value,
    threshold: next.threshold,
    summary: describe(rule, next),
  };
  return { next, transition };
}

function describe(rule: AlertRule, instance: AlertInstance): string {
  const fmt = (x: number | null) => (x === null ? "n/a" : Number(x.toPrecision(4)).toString());
  const labels = Object.entries(instance.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const text = rule.summary
    .replace("{value}", fmt(instance.value))
    .replace("{threshold}", fmt(instance.threshold));
  return `[${instance.state}] ${text}${labels ? ` (${labels})` : ""}`;
}
