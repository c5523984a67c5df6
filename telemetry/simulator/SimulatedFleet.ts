import type { Cohort, TelemetryReport } from "../schema";
import type { Rng } from "../util/rng";
import { drawBrowser, type Shift, type SimBrowser } from "./fleetProfile";
import type { ScoredSession } from "./scoredSession";
import { simulateWindow, type WindowOptions } from "./simulateWindow";

const MINUTE = 60_000;

/** Options of a simulated fleet. */
export type FleetOptions = {
  /** Browsers online at any minute; each sends one report per minute (167 ≈ 10,000 reports/h). */
  browsers: number;
  pool: readonly ScoredSession[];
  /** The version and cohort of a rollout bucket (0..9999), as `GET /v1/model?bucket=` answers. */
  assign: (bucket: number) => SimAssignment;
  rng: Rng;
  /** Mean minutes a browser stays (geometric); a leaving browser is replaced by a new one. */
  meanSessionMinutes?: number;
  /**
   * What goes wrong on the canary's browsers only (assigned cohort "canary"), whatever the fleet's
   * shift: null for a good canary; absent when the fleet runs no canary experiment.
   */
  canaryShift?: Shift | null;
  /** Sees every simulated inference time (the truth a benchmark compares the fleet's figures with). */
  onInference?: WindowOptions["onInference"];
};

/** What the edge assigns to a bucket; cohort "none" when no assignment reached the browser. */
export type SimAssignment = { version: string; cohort: Cohort };

/**
 * A fleet of browsers that come and go: every simulated minute each online browser sends one
 * privacy-filtered report (`simulateWindow`), then leaves with probability 1/meanSessionMinutes
 * and is replaced by a freshly drawn browser, whose first window downloads the model. Pure: the
 * caller decides where the reports go (the edge over HTTP, or an in-process fleet).
 * @example const fleet = new SimulatedFleet({ browsers: 167, pool, assign: () => ({ version: "v1", cohort: "live" }), rng }); fleet.minute(now, null);
 */
export class SimulatedFleet {
  private readonly online: { browser: SimBrowser; assigned: SimAssignment; first: boolean }[] = [];
  private assign: FleetOptions["assign"];

  constructor(private readonly options: FleetOptions) {
    this.assign = options.assign;
    for (let i = 0; i < options.browsers; i++) this.online.push(this.arrive());
  }

  /** The reports of one simulated minute at time `now` under `shift` (null: nothing changed). */
  minute(now: number, shift: Shift | null): TelemetryReport[] {
    const { pool, rng } = this.options;
    const leave = 1 / (this.options.meanSessionMinutes ?? 5);
    const { canaryShift } = this.options;
    return this.online.map((slot, i) => {
      const canary = canaryShift !== undefined && slot.assigned.cohort === "canary";
      const report = simulateWindow(slot.browser, pool, {
        modelVersion: slot.assigned.version,
        cohort: slot.assigned.cohort,
        now,
        first: slot.first,
        shift: canary ? canaryShift : shift,
        rng,
        onInference: this.options.onInference,
      });
      this.online[i] = rng() < leave ? this.arrive() : { ...slot, first: false };
      return report;
    });
  }

  /** A new rollout (e.g. the canary's next step): browsers that arrive from now on follow it. */
  reassign(assign: FleetOptions["assign"]): void {
    this.assign = assign;
  }

  private arrive() {
    const browser = drawBrowser(this.options.rng);
    const assigned = this.assign(Math.floor(this.options.rng() * 10_000));
    return { browser, assigned, first: true };
  }
}

/**
 * The simulated clock: minute m of a run starts at `start + m` minutes; `start` is the top of an
 * hour, so the run's first hour is complete and can serve as the versions' baseline.
 * @example simulatedStart(Date.now(), 90) // the hour start at or before 90 minutes ago
 */
export function simulatedStart(realNow: number, minutes: number): number {
  return Math.floor((realNow - minutes * MINUTE) / (60 * MINUTE)) * 60 * MINUTE;
}
