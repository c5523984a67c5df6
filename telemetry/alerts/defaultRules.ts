import type { AlertRule } from "./types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The shipped rule set. Every rule that compares against a baseline fires only when the change is
 * both beyond the sampling noise and at least its `effectSize`; the defaults and the reasons for
 * them are in telemetry/fleet/README.md ("Alerts"). `for` durations follow the usual Prometheus
 * practice of a few evaluation intervals (the cron runs every minute), so one noisy window cannot
 * page anyone.
 * @example const latency = DEFAULT_ALERT_RULES.find((r) => r.id === "latency_p95");
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: "score_drift_reference",
    summary: "score distribution drifted from the model's reference: PSI {value} ≥ {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    effectSize: 0.1,
    staleMs: 2 * HOUR,
  },
  {
    id: "feature_drift_reference",
    summary: "feature distribution drifted from the model's reference: PSI {value} ≥ {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    effectSize: 0.25,
    staleMs: 2 * HOUR,
  },
  {
    id: "score_drift_previous",
    summary: "score distribution moved since the previous hour: PSI {value} ≥ {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    effectSize: 0.1,
    staleMs: 2 * HOUR,
  },
  {
    id: "latency_p95",
    summary: "inference p95 {value} ms ≥ {threshold} ms (1.5 × this version's baseline on this backend)",
    severity: "critical",
    forMs: 2 * MINUTE,
    effectSize: 1.5,
    staleMs: 2 * HOUR,
  },
  {
    id: "error_rate",
    summary: "error rate {value} > {threshold}",
    severity: "critical",
    forMs: 2 * MINUTE,
    threshold: 0.05,
    staleMs: 2 * HOUR,
  },
  {
    id: "fallback_rate",
    summary: "fallback share {value} ≥ {threshold} (this version's baseline + 0.1)",
    severity: "warning",
    forMs: 5 * MINUTE,
    effectSize: 0.1,
    staleMs: 2 * HOUR,
  },
  {
    id: "ctr_drop",
    summary: "canary CTR is {value} of live CTR (< {threshold})",
    severity: "critical",
    forMs: 5 * MINUTE,
    threshold: 0.8,
    staleMs: 2 * HOUR,
  },
];
