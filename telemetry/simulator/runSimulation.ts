import type { TelemetryReport } from "../schema";
import type { Rng } from "../util/rng";
import { drawBrowser, type Shift, type SimBrowser } from "./fleetProfile";
import type { ScoredSession } from "./scorePool";
import { simulateWindow } from "./simulateWindow";

export type SimulationOptions = {
  endpoint: string;
  browsers: number;
  minutes: number;
  shift: Shift | null;
  /** Simulated minutes per real minute (1 = real time). */
  speed: number;
  /** Admin token: when given, alert evaluation is triggered after every simulated minute. */
  token?: string;
  /** Requests in flight at once. */
  concurrency: number;
  pool: readonly ScoredSession[];
  rng: Rng;
  /** Model version per browser (by its rollout bucket); defaults to asking the edge. */
  versionFor: (bucket: number) => Promise<string>;
  onMinute?: (minute: number, totals: SimulationTotals) => void;
};

export type SimulationTotals = {
  sent: number;
  accepted: number;
  /** Answers by HTTP status (202 accepted, 409 duplicate, 4xx refused, 5xx); 0 = network error. */
  byStatus: Record<number, number>;
};

/**
 * Drives `browsers` simulated browsers for `minutes` simulated minutes: every browser sends one
 * report per minute to `POST /v1/telemetry`, paced to `speed`; optionally triggers the alert
 * evaluation each minute. Returns how every report was answered.
 * @example await runSimulation({ endpoint, browsers: 200, minutes: 5, shift: "latency", speed: 10, ... })
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationTotals> {
  const totals: SimulationTotals = { sent: 0, accepted: 0, byStatus: {} };
  const fleet: { browser: SimBrowser; version: string }[] = [];
  for (let i = 0; i < options.browsers; i++) {
    const browser = drawBrowser(options.rng);
    fleet.push({ browser, version: await options.versionFor(Math.floor(options.rng() * 10_000)) });
  }
  const start = Date.now();
  const minuteMs = 60_000 / options.speed;
  for (let minute = 0; minute < options.minutes; minute++) {
    const reports: TelemetryReport[] = fleet.map(({ browser, version }) =>
      simulateWindow(browser, options.pool, {
        modelVersion: version,
        now: Date.now(),
        first: minute === 0,
        shift: options.shift,
        rng: options.rng,
      }),
    );
    await sendAll(options.endpoint, reports, options.concurrency, totals);
    if (options.token) await evaluate(options.endpoint, options.token);
    options.onMinute?.(minute, totals);
    const wait = start + (minute + 1) * minuteMs - Date.now();
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

async function evaluate(endpoint: string, token: string): Promise<void> {
  const res = await fetch(new URL("/v1/fleet/evaluate", endpoint), {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`POST /v1/fleet/evaluate: ${res.status} ${await res.text()}`);
}

/**
 * The version the edge assigns to a bucket (`GET /v1/model?bucket=`), cached per version answer.
 * @example const versionFor = edgeVersions("http://localhost:8787", "demo-1");
 */
export function edgeVersions(endpoint: string, fallback: string): (bucket: number) => Promise<string> {
  return async (bucket) => {
    try {
      const res = await fetch(new URL(`/v1/model?bucket=${bucket}`, endpoint));
      if (!res.ok) return fallback;
      return ((await res.json()) as { version: string }).version;
    } catch {
      return fallback;
    }
  };
}
