/** Lifecycle of one alert instance, as in Prometheus (inactive → pending → firing → resolved). */
export type AlertStateName = "inactive" | "pending" | "firing" | "resolved";

/** Labels that tell alert instances of the same rule apart, e.g. `{ version: "v2", backend: "webgpu" }`. */
export type AlertLabels = Record<string, string>;

/** A rule: what it watches is decided by the evaluator; the rule holds its timing and severity. */
export type AlertRule = {
  /** Stable id, e.g. "latency_p95". */
  id: string;
  /** One line for humans; `{value}` and `{threshold}` are filled in. */
  summary: string;
  severity: "warning" | "critical";
  /** How long the condition must hold before pending becomes firing (Prometheus `for`). */
  forMs: number;
  /** Static threshold for rules that have one (rate, ratio); the others compute theirs per window. */
  threshold?: number;
  /**
   * Smallest change worth an alert, for rules judged against a baseline: PSI for drift rules, the
   * ratio to the version's own baseline for latency, the rise in share of reports for fallbacks.
   * The change must also be beyond the sampling noise (telemetry/fleet/README.md).
   */
  effectSize?: number;
  /** With no observation for this long, a pending or firing instance resolves (its series went away). */
  staleMs: number;
};

/** One evaluation of a rule for one label set: the figure, its threshold and whether it breaches. */
export type AlertObservation = {
  rule: string;
  labels: AlertLabels;
  value: number;
  threshold: number;
  breached: boolean;
};

/** Stored state of one alert instance (one row of D1 `alert_state`). */
export type AlertInstance = {
  key: string;
  rule: string;
  labels: AlertLabels;
  state: AlertStateName;
  /** When the condition started to hold (pending or firing), else null. */
  activeSince: number | null;
  value: number | null;
  threshold: number | null;
  /** Time of the last observation (or state change). */
  updatedAt: number;
};

/** A state change, stored in D1 `alert_events` and sent to the webhook. */
export type AlertTransition = {
  key: string;
  rule: string;
  labels: AlertLabels;
  from: AlertStateName;
  to: AlertStateName;
  at: number;
  value: number | null;
  threshold: number | null;
  summary: string;
};
