import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertsView } from "../../../telemetry/fleet";
import type { TelemetryReport } from "../../../telemetry/schema";
import type { Shift } from "../../../telemetry/simulator/fleetProfile";
import { SimulatedFleet, simulatedStart } from "../../../telemetry/simulator/SimulatedFleet";
import { poolProfile } from "../../../telemetry/simulator/scoredSession";
import { syntheticPool } from "../../../telemetry/simulator/syntheticPool";
import { seededRng } from "../../../telemetry/util/rng";
import { call, OPS_TOKEN } from "../routes/registryTestKit";
import { BASE, flushAll, getJson, publishWithReference } from "./fleetTestKit";

const MIN = 60_000;
const MINUTES = 80;
const SHIFT_AT = 60; // after the first (baseline) hour
/**
 * One fleet per version, all in the same simulated time: no shift, and each documented shift. The
 * backend shift's fleet is twice as large: its rule counts devices (reports / 10), so 10 browsers
 * would need more than 20 minutes of the shifted hour.
 */
const VERSIONS: Record<string, { shift: Shift | null; browsers: number }> = {
  "sim-none": { shift: null, browsers: 10 },
  "sim-score": { shift: "score", browsers: 10 },
  "sim-latency": { shift: "latency", browsers: 10 },
  "sim-backend": { shift: "backend", browsers: 20 },
};

// The simulator's fleet through the real route, aggregators and D1, at a sixteenth to an eighth of the benchmark's volume
// (10–20 browsers per version). The pool is the synthetic stand-in (workerd cannot read the dataset);
// every version's reference profile is that pool's own, so "no shift" is the reference population.
const pool = syntheticPool(seededRng(3), 60);
let alerts: AlertsView;

async function post(reports: readonly TelemetryReport[]): Promise<void> {
  for (let i = 0; i < reports.length; i += 20) {
    const statuses = await Promise.all(
      reports.slice(i, i + 20).map(async (report) => {
        const res = await exports.default.fetch(`${BASE}/v1/telemetry`, {
          method: "POST",
          body: JSON.stringify(report),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([202]));
  }
}

beforeAll(async () => {
  for (const version of Object.keys(VERSIONS)) await publishWithReference(version, poolProfile(pool));
  const start = simulatedStart(Date.now(), MINUTES);
  const fleets = Object.entries(VERSIONS).map(([version, { shift, browsers }], i) => ({
    shift,
    fleet: new SimulatedFleet({
      browsers,
      pool,
      assign: () => ({ version, cohort: "live" }),
      rng: seededRng(100 + i),
    }),
  }));
  for (let minute = 0; minute < MINUTES; minute++) {
    const now = start + minute * MIN + MIN / 2;
    await post(fleets.flatMap(({ fleet, shift }) => fleet.minute(now, minute >= SHIFT_AT ? shift : null)));
    if (minute < SHIFT_AT && minute % 10 !== 9) continue;
    await flushAll();
    const res = await call(`/v1/fleet/evaluate?now=${start + (minute + 1) * MIN}`, {
      method: "POST",
      token: OPS_TOKEN,
    });
    expect(res.status).toBe(200);
  }
  alerts = (await getJson<AlertsView>("/v1/fleet/alerts")).body;
}, 600_000);

describe("the simulated fleet through the edge, evaluated at simulated time", () => {
  const firing = (version: string) =>
    alerts.active.filter((a) => a.labels.version === version && a.state === "firing").map((a) => a.key);

  it("raises no alert, not even a pending one, for the fleet where nothing changed", () => {
    expect(alerts.events.filter((e) => e.labels.version === "sim-none")).toEqual([]);
  });

  it("fires score_drift_reference for --shift score", () => {
    expect(firing("sim-score")).toContain('score_drift_reference{version="sim-score"}');
  });

  it("fires latency_p95 on webgpu for --shift latency", () => {
    expect(firing("sim-latency")).toContain('latency_p95{backend="webgpu",version="sim-latency"}');
  });

  it("fires fallback_rate for --shift backend", () => {
    expect(firing("sim-backend")).toContain('fallback_rate{version="sim-backend"}');
  });
});
