import type { TelemetryObserver } from "./types";

type Call = {
  [K in keyof TelemetryObserver]: [K, Parameters<TelemetryObserver[K]>];
}[keyof TelemetryObserver];

/** Observations held before the telemetry chunk loads; beyond this, the oldest are dropped. */
const MAX_BUFFERED = 2000;

/**
 * Tiny stand-in that lives in the loader: it queues observations until the real telemetry session
 * (a lazy chunk with sketches, privacy filter and outbox) attaches, then forwards everything.
 * @example const buffer = new TelemetryBuffer(); buffer.inference(3.2); buffer.attach(session);
 */
export class TelemetryBuffer implements TelemetryObserver {
  private calls: Call[] = [];
  private target?: TelemetryObserver;
  private enabled = true;

  attach(target: TelemetryObserver): void {
    this.target = target;
    for (const [method, args] of this.calls.splice(0)) this.forward(method, args);
  }

  /** Stops collecting (telemetry disabled or its chunk failed to load). */
  disable(): void {
    this.enabled = false;
    this.calls = [];
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
    this.push(["scored", args]);
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
