import { type AlertInstance, type AlertRule, type AlertTransition, DEFAULT_ALERT_RULES } from "../alerts";
import {
  addReport,
  baselineKey,
  emptySlice,
  evaluateFleet,
  type FleetBaseline,
  type FleetInput,
  type RollupRow,
  sliceOf,
} from "../fleet";
import type { ReferenceProfile } from "../histogram";
import { parseReport } from "../schema";

const HOUR = 3_600_000;

/**
 * The edge's telemetry path without HTTP, Durable Objects and D1, for benchmarks and unit tests
 * that need a simulated day in seconds: every report goes through the edge's own parser and
 * `addReport` into one aggregate per version × hour × backend × browser (what the shards' rollups
 * merge to), and `evaluate` runs the cron's `evaluateFleet` with its state kept in memory. The
 * storage and routes around it are tested in workerd (edge/src/fleet).
 * @example const fleet = new InProcessFleet(new Map([["v1", profile]])); fleet.ingest(report, now); fleet.evaluate(now);
 */
export class InProcessFleet {
  private readonly rows = new Map<string, RollupRow>();
  private readonly baselines = new Map<string, FleetBaseline>();
  private instances: AlertInstance[] = [];
  /** Every alert state change so far, in order. */
  readonly transitions: AlertTransition[] = [];
  /** Reports the parser refused, by failure code. */
  readonly refused: Record<string, number> = {};

  constructor(
    private readonly references: ReadonlyMap<string, ReferenceProfile | null>,
    private readonly k = 50,
    private readonly rules: readonly AlertRule[] = DEFAULT_ALERT_RULES,
  ) {}

  /**
   * Parses and merges one report as `POST /v1/telemetry` does at time `now` (a version without a
   * reference entry counts as unknown to the registry); false when refused.
   */
  ingest(report: unknown, now: number): boolean {
    const parsed = parseReport(report, now);
    if (!parsed.ok) {
      this.refused[parsed.code] = (this.refused[parsed.code] ?? 0) + 1;
      return false;
    }
    const r = parsed.report;
    if (!this.references.has(r.modelVersion)) {
      this.refused.unknown_version = (this.refused.unknown_version ?? 0) + 1; // the edge answers 422
      return false;
    }
    const hour = Date.parse(r.windowStart);
    const { backend, browser } = sliceOf(r);
    const key = `${r.modelVersion}|${hour}|${backend}|${browser}`;
    const row = this.rows.get(key) ?? {
      version: r.modelVersion,
      hour,
      shard: 0,
      backend,
      browser,
      slice: emptySlice(),
    };
    addReport(row.slice, r);
    this.rows.set(key, row);
    return true;
  }

  /** The fleet views' input over the last `hours` hours up to `now`'s hour. */
  input(now: number, hours = 2): FleetInput {
    const to = Math.floor(now / HOUR) * HOUR;
    const from = to - (hours - 1) * HOUR;
    const rows = [...this.rows.values()].filter((r) => r.hour >= from && r.hour <= to);
    return { rows, k: this.k, from, to, now, rollout: null };
  }

  /** One cron round at `now`; returns its alert state changes. */
  evaluate(now: number): AlertTransition[] {
    const { baselines, round } = evaluateFleet(
      this.input(now),
      this.references,
      this.baselines,
      this.instances,
      this.rules,
      now,
    );
    for (const b of baselines) this.baselines.set(baselineKey(b.version, b.backend), b);
    this.instances = round.instances;
    this.transitions.push(...round.transitions);
    return round.transitions;
  }

  /** Every alert instance seen so far, in its current state. */
  states(): readonly AlertInstance[] {
    return this.instances;
  }

  /** Alert instances that are firing now. */
  firing(): AlertInstance[] {
    return this.instances.filter((i) => i.state === "firing");
  }
}
