import type { BackendName, FallbackKind, RecommenderStatus, ScoringBackend } from "../types";

/** How many absorbed faults status() keeps for inspection. */
const MAX_ERRORS = 20;

/**
 * The single place where the SDK records absorbed faults and its current state; status() reads it.
 * @example const board = new StatusBoard(); board.fallback("edge-unreachable", err); board.snapshot();
 */
export class StatusBoard {
  private state: RecommenderStatus = {
    backend: "none",
    backendReason: "model not loaded yet",
    backendHistory: [],
    backendBenchmark: { state: "none", winner: null, reason: null, startedAt: null, endedAt: null },
    model: { state: "idle", version: null, source: "none", loadMs: null },
    store: { kind: "memory", reason: "not opened yet", events: 0 },
    fallbacks: {},
    errors: [],
    lastInferenceMs: null,
    lastWorkerMs: null,
    lastDecodeMs: null,
    lastFetchMs: null,
    timeToFirstRecommendationMs: null,
    idleWarmUp: { calls: 0, ms: 0 },
    telemetry: { enabled: false, pending: 0, sent: 0 },
  };
  private listeners: ((kind: FallbackKind) => void)[] = [];

  /** Counts a fault and keeps its message; never throws. */
  fallback(kind: FallbackKind, error: unknown): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.state.fallbacks[kind] = (this.state.fallbacks[kind] ?? 0) + 1;
    this.state.errors.push({ kind, message, at: Date.now() });
    if (this.state.errors.length > MAX_ERRORS) this.state.errors.shift();
    for (const listener of this.listeners) {
      try {
        listener(kind);
      } catch {
        // a listener's fault must not turn into ours
      }
    }
  }

  /** Subscribes to faults (telemetry counts them). */
  onFallback(listener: (kind: FallbackKind) => void): void {
    this.listeners.push(listener);
  }

  setBackend(
    backend: ScoringBackend,
    reason: string,
    history?: { backend: BackendName; reason: string }[],
  ): void {
    this.state.backend = backend;
    this.state.backendReason = reason;
    if (history) this.state.backendHistory = history;
  }

  patch(
    update: Partial<Omit<RecommenderStatus, "model" | "store" | "telemetry" | "backendBenchmark">>,
  ): void {
    Object.assign(this.state, update);
  }

  patchModel(update: Partial<RecommenderStatus["model"]>): void {
    Object.assign(this.state.model, update);
  }

  patchBenchmark(update: Partial<RecommenderStatus["backendBenchmark"]>): void {
    Object.assign(this.state.backendBenchmark, update);
  }

  patchStore(update: Partial<RecommenderStatus["store"]>): void {
    Object.assign(this.state.store, update);
  }

  patchTelemetry(update: Partial<RecommenderStatus["telemetry"]>): void {
    Object.assign(this.state.telemetry, update);
  }

  /** A deep copy, so callers cannot change the SDK's state. */
  snapshot(): RecommenderStatus {
    return structuredClone(this.state);
  }
}
