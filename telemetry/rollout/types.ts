/*
 * Types of the guarded rollout: the plan an operator sets, what the fleet observed, and what the
 * decision core answers. Pure data; the logic lives in the files named after each function.
 */

/**
 * Per-report sums of one ratio metric y/x over a set of reports (a cohort in one stratum): the
 * sufficient statistics of the clustered (delta-method) variance. A report is one cluster: its
 * impressions share one device and one page session, so they are not independent draws.
 * `n` counts the reports that contributed (x > 0).
 * @example one report with 20 impressions and 2 clicks: { n: 1, x: 20, y: 2, xx: 400, yy: 4, xy: 40 }
 */
export type RatioSums = { n: number; x: number; y: number; xx: number; yy: number; xy: number };

/** Which way a guardrail's metric gets worse. */
export type Direction = "higher_is_better" | "lower_is_better";

/**
 * A guardrail that compares the canary cohort with the live (control) cohort over the same hours.
 * - `scale: "relative"`: the difference is canary ÷ control − 1; a regression beyond tolerance is
 *   below 1 − tolerance (higher is better) or above 1 + tolerance (lower is better).
 * - `scale: "absolute"`: the difference is canary − control, in the rate's own unit.
 * - `kind: "latency_p95"` keeps its tolerance in the canary's threshold, not in the line: the edge
 *   counts the canary's inferences slower than (1 + tolerance)·T and the control's slower than T
 *   (T: the live version's p95 on that backend, frozen when the rollout starts), and the line is 0.
 *   See `guardrailEvidence.ts` for why this tests the p95 itself.
 */
export type CohortGuardrail = {
  id: string;
  kind: "ctr" | "latency_p95" | "error_rate" | "fallback_rate";
  direction: Direction;
  scale: "relative" | "absolute";
  tolerance: number;
  /**
   * Standard deviation of the normal mixture over the true difference (mSPRT's τ, in the
   * difference's own unit: log-ratio or rate points). The boundary is tightest for differences of
   * about this size; it is valid for any value.
   */
  mixtureSd: number;
  /** Slot for CTR, backend for latency (what the edge filters on); absent for the whole fleet. */
  slice?: string;
  /**
   * false: this guardrail only withdraws, and need not be shown non-inferior to advance (a slot
   * with few clicks could never show a 2 % margin; the all-slot CTR shows it instead). Default true.
   */
  requireNonInferiority?: boolean;
};

/**
 * The canary's score distribution against the canary's **own** reference profile (a new model is
 * expected to score differently from live, so live is no yardstick). Regression: PSI beyond
 * `tolerance`.
 */
export type DriftGuardrail = {
  id: string;
  kind: "score_drift";
  tolerance: number;
  /** Mixture sd of each bin's share (see `CohortGuardrail.mixtureSd`). */
  mixtureSd: number;
};

export type Guardrail = CohortGuardrail | DriftGuardrail;

/** One traffic step: the canary's share and what must pass before it may advance. */
export type RolloutStep = {
  /** Canary share of devices, percent (0, 100]. */
  percent: number;
  minDurationMs: number;
  /** Reports each cohort must have sent during this step. */
  minReportsPerCohort: number;
};

/** What the automation does on a regression. */
export type RegressionAction = "withdraw" | "pause";

/** A guarded rollout plan. Build one with `defaultPlan()` and override what differs. */
export type RolloutPlan = {
  /** Increasing percents, the last one 100 (reaching it promotes the canary). */
  steps: RolloutStep[];
  guardrails: Guardrail[];
  onRegression: RegressionAction;
  /** Chance, per rollout, of any wrong verdict (a false withdrawal or a false non-inferiority). */
  alpha: number;
  /** From this percent on, advancing needs non-inferiority shown on every applicable guardrail. */
  nonInferiorityFromPercent: number;
  /** Reports a figure needs in each cohort (k-anonymity, and the least a variance can rest on). */
  k: number;
};

/** Canary and control sums over one stratum: a period in which the traffic split was constant. */
export type CohortPair = { canary: RatioSums; control: RatioSums };

/**
 * What the fleet observed for one guardrail since the rollout began.
 * - cohort guardrails: one stratum per step (the split is constant inside a step, so both cohorts
 *   see the same hours with the same weights; pooling across steps would weigh the canary's hours
 *   differently from the control's).
 * - drift: per score bin, the canary's sums (y = the report's weight in the bin, x = its total
 *   weight) and the reference profile's counts for the same bins.
 */
export type GuardrailData =
  | { kind: "cohort"; strata: CohortPair[] }
  | { kind: "drift"; bins: RatioSums[]; reference: readonly number[] };

/** Where the rollout stands. */
export type RolloutState = { step: number; stepStartedAt: number };

/** Everything one decision reads: the time, this step's report counts, every guardrail's data. */
export type RolloutObservation = {
  now: number;
  stepReports: { canary: number; control: number };
  /** By guardrail id; a missing entry means no data (the guardrail is not applicable). */
  data: Record<string, GuardrailData | undefined>;
};

/**
 * A guardrail's verdict:
 * - `insufficient`: under k reports in a cohort so far (no figure is computed);
 * - `not_applicable`: still under k once the step's minimum has passed (a rare backend). Not a pass;
 * - `regression`: the confidence sequence lies wholly beyond the tolerance line;
 * - `non_inferior`: it lies wholly on the good side of the line;
 * - `inconclusive`: it straddles the line.
 */
export type GuardrailStatus =
  | "insufficient"
  | "not_applicable"
  | "regression"
  | "non_inferior"
  | "inconclusive";

/** The evidence of one guardrail at one decision (audited with it). */
export type GuardrailEvidence = {
  id: string;
  status: GuardrailStatus;
  /** Difference canary vs control (relative or absolute), or PSI for drift; NaN when not computed. */
  estimate: number;
  lower: number;
  upper: number;
  /** The tolerance line, in the estimate's unit. */
  line: number;
  direction: Direction;
  canaryReports: number;
  controlReports: number;
  /** This guardrail's share of the plan's alpha. */
  alpha: number;
};

export type RolloutAction = "withdraw" | "pause" | "advance" | "complete" | "hold";

/** One decision: what to do, why, and the evidence at that moment. */
export type RolloutDecision = {
  action: RolloutAction;
  /** Step index the decision was taken at; `toStep` for advance and complete. */
  step: number;
  toStep?: number;
  reason: string;
  evidence: GuardrailEvidence[];
};
