import type { BackendName, FallbackKind, ScoringBackend } from "../types";

/** What the SDK observes for telemetry; the lazily loaded session aggregates it into a report window. */
export type TelemetryObserver = {
  inference(ms: number): void;
  modelLoad(ms: number): void;
  firstRecommendation(ms: number): void;
  /**
   * Scores of one ranked request, the candidates' feature columns for {@link FEATURE_HISTOGRAMS}
   * (candidate-major, NaN where missing) and the history length used.
   */
  scored(scores: ArrayLike<number>, features: FeatureColumns, historyLength: number): void;
  impression(slot: string, position: number): void;
  click(slot: string, position: number): void;
  fallback(kind: FallbackKind): void;
  /** A backend the chooser found unusable (no navigator.gpu, null adapter, no WebGL). */
  backendSkipped(backend: BackendName): void;
  /**
   * The cohort the edge assigned (`GET /v1/model`), kept even when that cohort's model then fails
   * to load: the guarded rollout compares cohorts as assigned.
   */
  assigned(cohort: "live" | "canary"): void;
  /** The model version and backend now in use (what the next reports are attributed to). */
  model(version: string | null, backend: ScoringBackend): void;
};

/** Candidate features binned for drift; each name is a telemetry layout and a `CandidateFeatures` key. */
export const FEATURE_HISTOGRAMS = ["popularity", "coocMax", "categoryOverlap"] as const;

/** Feature values of n candidates, candidate-major: `values[i * names.length + f]`. */
export type FeatureColumns = { names: readonly string[]; values: ArrayLike<number> };
