import type { TelemetryReport } from "../schema";
import type { Rng } from "../util/rng";
import type { Shift } from "./fleetProfile";
import { type SimAssignment, SimulatedFleet, simulatedStart } from "./SimulatedFleet";
import type { ScoredSession } from "./scoredSession";

const MINUTE = 60_000;

export type SimulationOptions = {
  endpoint: string;
  browsers: number;
  minutes: number;
  shift: Shift | null;
  /** Simulated minute at which the shift starts (it lasts to the end). */
  shiftAt: number;
  /** Simulated minutes per real minute; Infinity = as fast as the edge answers. */
  speed: number;
  /** Admin token: when given, alerts are evaluated at the simulated time after every minute. */
  token?: string;
  /** Requests in flight at once. */
  concurrency: number;
  pool: readonly ScoredSession[];
  rng: Rng;
  /** Model version and cohort per rollout bucket (see `edgeAssignments`). */
  assign: (bucket: number) => SimAssignment;
  /** Reads the assignments again every 5 simulated minutes (a guarded rollout moves the split). */
  reassign?: () => Promise<(bucket: number) => SimAssignment>;
  /** What goes wrong on the canary's browsers only (see `FleetOptions.canaryShift`). */
  canaryShift?: Shift | null;
  /** Simulated time of minute 0 (default: the hour start `minutes` before now). */
  start?: number;
  onMinute?: (minute: number, totals: SimulationTotals) => void;
};

export type SimulationTotals = {
  sent: number;
  accepted: number;
  /** Answers by HTTP status (202 accepted, 409 duplicate, 4xx refused, 5xx); 0 = network error. */
  byStatus: Record<number, number>;
  /** Alert state changes the evaluations reported, with their simulated times. */
  transitions: number;
  /** Simulated time of the first minute (the top of an hour). */
  start: number;
};

/**
 * Drives a `SimulatedFleet` against a running edge: simulated minute m (time start + m minutes,
 * start = the top of the hour `minutes` before now, so every report lies in the span the edge
 * accepts) sends one report per online browser to `POST /v1/telemetry`, then, with a token, asks
 * `POST /v1/fleet/evaluate?now=` to evaluate at the end of that simulated minute.
 * @example await runSimulation({ endpoint, browsers: 167, minutes: 90, shift: "latency", shiftAt: 70, speed: Infinity, ... })
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationTotals> {
  const start = options.start ?? simulatedStart(Date.now(), options.minutes);
  const totals: SimulationTotals = { sent: 0, accepted: 0, byStatus: {}, transitions: 0, start };
  const fleet = new SimulatedFleet({
    browsers: options.browsers,
    pool: options.pool,
    assign: options.assign,
    canaryShift: options.canaryShift,
    rng: options.rng,
  });
  const began = Date.now();
  for (let minute = 0; minute < options.minutes; minute++) {
    const shift = minute >= options.shiftAt ? options.shift : null;
    const reports = fleet.minute(start + minute * MINUTE + MINUTE / 2, shift);
    await sendAll(options.endpoint, reports, options.concurrency, totals);
    if (options.token)
      totals.transitions += await evaluate(options.endpoint, options.token, start + (minute + 1) * MINUTE);
    options.onMinute?.(minute, totals);
    if (options.reassign && minute % 5 === 4) fleet.reassign(await options.reassign());
    const wait = began + ((minute + 1) * MINUTE) / options.speed - Date.now();
    if (wait > 0 && minute < options.minutes - 1) await new Promise((r) => setTimeout(r, wait));
  }
  return totals;
}

async function sendAll(
  endpoint: string,
  reports: TelemetryReport[],
  concurrency: number,
  totals: SimulationTotals,
) {
  let next = 0;
  const url = new URL("/v1/telemetry", endpoint);
  const worker = async () => {
    while (next < reports.length) {
      const report = reports[next++];
      let status = 0;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(report),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      totals.sent += 1;
      if (status === 202) totals.accepted += 1;
      totals.byStatus[status] = (totals.byStatus[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, reports.length) }, worker));
}

/** Evaluates the alerts at simulated time `now`; returns how many alert states changed. */
async function evaluate(endpoint: string, token: string, now: number): Promise<number> {
  const res = await fetch(new URL(`/v1/fleet/evaluate?now=${now}`, endpoint), {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`POST /v1/fleet/evaluate: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { transitions: number }).transitions;
}

/**
 * The rollout's version and cohort per bucket, read once from the edge (`GET /v1/model?bucket=`) for every
 * 100th bucket; a browser's bucket takes the answer of the sampled bucket below it. The edge
 * permutes buckets, so the canary's share of the simulated fleet matches the rollout's up to the
 * sampling error of 100 buckets (±3 points at a 10 % canary). A bucket the edge does not answer
 * runs `fallback` with cohort "none", as a browser that got no assignment would.
 * @example const assign = await edgeAssignments("http://localhost:8787", "demo-1");
 */
export async function edgeAssignments(
  endpoint: string,
  fallback: string,
): Promise<(bucket: number) => SimAssignment> {
  const none: SimAssignment = { version: fallback, cohort: "none" };
  const percents = await Promise.all(
    Array.from({ length: 100 }, async (_, p): Promise<SimAssignment> => {
      try {
        const res = await fetch(new URL(`/v1/model?bucket=${p * 100}`, endpoint));
        return res.ok ? ((await res.json()) as SimAssignment) : none;
      } catch {
        return none;
      }
    }),
  );
  return (bucket) => percents[Math.min(99, Math.floor(bucket / 100))];
}
