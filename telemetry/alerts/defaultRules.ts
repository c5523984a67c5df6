import type { AlertRule } from "./types";

const MINUTE = 60_000;

/**
 * The shipped rule set. `for` durations follow the usual Prometheus practice of a few evaluation
 * intervals (the cron runs every minute), so one noisy window cannot page anyone.
 * Static thresholds:
 * - latency p95 200 ms: the web.dev INP "good" bound (https://web.dev/articles/inp), since a
 *   recommendation slower than that is felt as lag;
 * - error rate 5 % and fallback rate 25 % of reports: well above the few percent that lost GPU
 *   adapters and private-mode IndexedDB cause in a healthy fleet;
 * - CTR drop 20 % relative (canary vs live), judged only when the drop is also significant
 *   (its confidence interval excludes zero).
 * Drift thresholds come with each observation: they depend on the sample size and privacy noise.
 * @example const latency = DEFAULT_ALERT_RULES.find((r) => r.id === "latency_p95");
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: "score_drift_reference",
    summary: "score distribution drifted from the model's reference: PSI {value} > {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "feature_drift_reference",
    summary: "feature distribution drifted from the model's reference: PSI {value} > {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "score_drift_previous",
    summary: "score distribution moved since the previous window: PSI {value} > {threshold}",
    severity: "warning",
    forMs: 2 * MINUTE,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "latency_p95",
    summary: "inference latency p95 {value} ms > {threshold} ms",
    severity: "critical",
    forMs: 2 * MINUTE,
    threshold: 200,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "error_rate",
    summary: "error rate {value} > {threshold}",
    severity: "critical",
    forMs: 2 * MINUTE,
    threshold: 0.05,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "fallback_rate",
    summary: "fallback rate {value} > {threshold}",
    severity: "warning",
    forMs: 5 * MINUTE,
    threshold: 0.25,
    staleMs: 2 * 60 * MINUTE,
  },
  {
    id: "ctr_drop",
    summary: "canary CTR is {value} of live CTR (< {threshold})",
    severity: "critical",
    forMs: 5 * MINUTE,
    threshold: 0.8,
    staleMs: 2 * 60 * MINUTE,
  },
];
