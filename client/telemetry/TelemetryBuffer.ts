import { onIdle } from "../recommender/whenIdle";
import type { TelemetryObserver } from "./types";

type Call = {
  [K in keyof TelemetryObserver]: [K, Parameters<TelemetryObserver[K]>];
}[keyof TelemetryObserver];

/** Observations held before the telemetry chunk loads; beyond this, the oldest are dropped. */
const MAX_BUFFERED = 2000;
/** Scored requests waiting for an idle period; beyond this, the oldest are dropped. */
const MAX_DEFERRED = 64;
/** Longest a scored request waits for an idle period before it is aggregated anyway, in ms. */
const IDLE_TIMEOUT_MS = 2000;

/**
 * Tiny stand-in that lives in the loader: it queues observations until the real telemetry session
 * (a lazy chunk with sketches, privacy filter and outbox) attaches, then forwards everything.
 * `scored` (histograms over every candidate, O(n)) is deferred to an idle period, so that recommend()
 * itself does only O(k) work on the main thread.
 * @example const buffer = new TelemetryBuffer(); buffer.inference(3.2); buffer.attach(session);
 */
export class TelemetryBuffer implements TelemetryObserver {
  private calls: Call[] = [];
  private target?: TelemetryObserver;
  private enabled = true;
  private deferred: Call[] = [];
  private idleScheduled = false;

  /** False once telemetry is disabled: callers can skip collecting what nobody will aggregate. */
  get active(): boolean {
    return this.enabled;
  }

  attach(target: TelemetryObserver): void {
    this.target = target;
    for (const [method, args] of this.calls.splice(0)) this.forward(method, args);
  }

  /** Stops collecting (telemetry disabled or its chunk failed to load). */
  disable(): void {
    this.enabled = false;
    this.calls = [];
    this.deferred = [];
  }

  inference(ms: number): void {
    this.push(["inference", [ms]]);
  }
  modelLoad(ms: number): void {
    this.push(["modelLoad", [ms]]);
  }
  firstRecommendation(ms: number): void {
    this.push(["firstRecommendation", [ms]]);
  }
  scored(...args: Parameters<TelemetryObserver["scored"]>): void {
    if (!this.enabled) return;
    this.deferred.push(["scored", args]);
    if (this.deferred.length > MAX_DEFERRED) this.deferred.shift();
    if (this.idleScheduled) return;
    this.idleScheduled = true;
    onIdle(() => {
      this.idleScheduled = false;
      this.drain();
    }, IDLE_TIMEOUT_MS);
  }

  /** Aggregates the deferred observations now (before a flush seals the window). */
  drain(): void {
    for (const call of this.deferred.splice(0)) this.push(call);
  }
  impression(slot: string, position: number): void {
    this.push(["impression", [slot, position]]);
  }
  click(slot: string, position: number): void {
    this.push(["click", [slot, position]]);
  }
  fallback(...args: Parameters<TelemetryObserver["fallback"]>): void {
    this.push(["fallback", args]);
  }
  backendSkipped(...args: Parameters<TelemetryObserver["backendSkipped"]>): void {
    this.push(["backendSkipped", args]);
  }
  assigned(...args: Parameters<TelemetryObserver["assigned"]>): void {
    this.push(["assigned", args]);
  }
  model(...args: Parameters<TelemetryObserver["model"]>): void {
    this.push(["model", args]);
  }

  private push(call: Call): void {
    if (!this.enabled) return;
    if (this.target) {
      this.forward(call[0], call[1]);
      return;
    }
    this.calls.push(call);
    if (this.calls.length > MAX_BUFFERED) this.calls.shift();
  }

  private forward(method: Call[0], args: Call[1]): void {
    try {
      (this.target![method] as (...a: unknown[]) => void)(...args);
    } catch {
      // telemetry must never break scoring or rendering
    }
  }
}
