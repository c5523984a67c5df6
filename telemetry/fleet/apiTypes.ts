// JSON answers of GET /v1/fleet/*: written by edge/src/routes/fleet.ts, read by the dashboard.
import type { AlertInstance, AlertTransition } from "../alerts";

/** What a slice with fewer than k reports shows instead of numbers (PRIVACY.md, k-anonymity). */
export type Insufficient = { insufficient: true };

/** A figure over a slice: the numbers when the slice has at least k reports, else {@link Insufficient}. */
export type Gated<T> = T | Insufficient;

/**
 * Time range and k of an answer; hours are epoch ms of UTC hour starts. `quarantined` counts the
 * stored rollup rows of the range that failed to decode and were set aside (edge/src/fleet).
 */
export type FleetRange = { from: number; to: number; k: number; generatedAt: number; quarantined: number };

export type RolloutView = {
  live: string | null;
  canary: string | null;
  canaryPercent: number;
  /** A guarded rollout runs this canary: its own sequential tests judge it, so `ctr_drop` stays quiet. */
  guarded?: boolean;
};

/** GET /v1/fleet/overview */
export type FleetOverview = FleetRange & {
  fleet: Gated<{
    reports: number;
    /** Share of reports per backend (exact: the backend is not randomized). */
    backendShare: Record<string, number>;
    /** De-biased share of each browser family (randomized response undone, clamped to [0, 1]). */
    browserShare: Record<string, number>;
  }>;
  versions: { version: string; cohort: "live" | "canary" | "other"; stats: Gated<{ reports: number }> }[];
  rollout: RolloutView | null;
};

export type LatencyPoint = {
  hour: number;
  value: Gated<{ reports: number; p50: number; p95: number; p99: number }>;
};

/** The latency sketches the latency view can show. */
export type LatencyMetric = "inferenceMs" | "modelLoadMs" | "timeToFirstRecMs";

/** GET /v1/fleet/latency?metric=inferenceMs|modelLoadMs|timeToFirstRecMs */
export type LatencyView = FleetRange & {
  metric: string;
  backends: { backend: string; points: LatencyPoint[] }[];
};

export type VitalView = {
  name: string;
  unit: "ms" | "";
  /** Upper bounds of "good" and "needs improvement" from the web-vitals library. */
  good: number;
  poor: number;
  value: Gated<{ reports: number; p75: number; rating: "good" | "needs-improvement" | "poor" }>;
};

/** GET /v1/fleet/vitals?version= */
export type VitalsView = FleetRange & { version: string | null; vitals: VitalView[] };

/** GET /v1/fleet/scores?version= — both densities over the same bucket edges. */
export type ScoresView = FleetRange & {
  version: string;
  edges: number[];
  live: Gated<{ reports: number; density: number[] }>;
  reference: { n: number; density: number[] } | null;
};

export type DriftFigures = {
  reports: number;
  psi: number;
  jensenShannon: number;
  wasserstein: number;
  ks: number;
  /** PSI above which the difference is beyond sampling and privacy noise, for this sample size. */
  psiThreshold: number;
  /** The smallest PSI that counts as a practical change (the alert rule's effect size). */
  effectSize: number;
  /** PSI beyond the noise AND at least the effect size. */
  drifted: boolean;
};

/** GET /v1/fleet/drift?version= */
export type DriftView = FleetRange & {
  version: string;
  points: { hour: number; vsReference: Gated<DriftFigures> | null; vsPrevious: Gated<DriftFigures> | null }[];
};

/** A stored alert state change as the dashboard reads it: the transition plus its row id and delivery. */
export type AlertEventView = AlertTransition & { id: number; delivered: boolean };

/** GET /v1/fleet/alerts */
export type AlertsView = { generatedAt: number; active: AlertInstance[]; events: AlertEventView[] };

/** Click-through rate with its Wilson 95 % interval and the impressions behind it. */
export type CtrFigure = { value: number; low: number; high: number; impressions: number };

/**
 * One version's figures. Rates over all reports need k reports in the version; each other figure
 * is gated on its own: k reports that carried latencies, impressions or a score histogram.
 */
export type VersionStats = {
  reports: number;
  latencyP95: Gated<number>;
  errorRate: number;
  fallbackRate: number;
  ctr: Gated<CtrFigure>;
  scoreMean: Gated<number>;
};

/** GET /v1/fleet/versions — the side-by-side comparison. */
export type VersionsView = FleetRange & {
  rollout: RolloutView | null;
  versions: { version: string; cohort: "live" | "canary" | "other"; stats: Gated<VersionStats> }[];
};

/** One guardrail's difference at one decision: canary − control (or PSI), its interval, its verdict. */
export type GuardrailPoint = {
  at: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  status: string;
};

/**
 * GET /v1/fleet/rollout: the running (else the latest) guarded rollout, for the dashboard. Every
 * figure comes from the audited decisions, so it is what the automation saw; a guardrail under k
 * reports in a cohort has no figure (null).
 */
export type GuardedRolloutView = {
  generatedAt: number;
  rollout: {
    id: number;
    canary: string;
    live: string;
    state: string;
    step: number;
    steps: { percent: number; minDurationMs: number; minReportsPerCohort: number }[];
    stepStartedAt: number;
    /** When the current step's minimum duration ends (its report minimum may take longer); null at the end. */
    nextStepNotBefore: number | null;
  } | null;
  /** Per guardrail: its tolerance line and its figures at each decision, oldest first. */
  guardrails: { id: string; line: number; direction: string; points: GuardrailPoint[] }[];
  /** Newest first. */
  decisions: { at: number; actor: string; action: string; step: number; reason: string }[];
};

/** An item as the dashboard names it: the store's SKU and title where the active catalog has them. */
export type LabelledItem = { id: number; sku: string | null; title: string | null };

/** GET /v1/fleet/learning: what the fleet taught the store, and what it cost (PRIVACY.md, "Fleet learning"). */
export type FleetLearningView = {
  generatedAt: number;
  /** The budget of everything released from one device-day; `mu` is its Gaussian-DP μ. */
  budget: { epsilon: number; delta: number; mu: number; unit: "device-day" };
  /** What a device that contributed on every released day has spent over those days (μ√days). */
  spent: { days: number; epsilon: number; delta: number };
  /**
   * Standard deviations of the noise in the pooled released counts the ranks come from, and the
   * fold's family-wise level: the chance that any noise-only key of a domain clears its cut.
   */
  noise: { popularitySd: number; trendingSd: number; transitionsSd: number; familyAlpha: number };
  /** Newest first: each release's period ('period:FIRST..LAST' of 14 UTC days, or 'step:N', N the 5-minute step's first minute) and spend. */
  releases: { period: string; releasedAt: string; epsilon: number; delta: number }[];
  /**
   * Items the fleet moved up the served popular and trending lists, against the imported catalog's
   * lists (rank 0 = first; `before` null = not in the imported list), most moved first.
   */
  movers: (LabelledItem & { list: "popular" | "trending"; rank: number; before: number | null })[];
  /** Neighbour pairs the latest release added (previous item → next item). */
  newPairs: { from: LabelledItem; to: LabelledItem }[];
};
