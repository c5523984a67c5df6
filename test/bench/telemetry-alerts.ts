// npx tsx test/bench/telemetry-alerts.ts [--seeds 1,2,3,4,5] [--hours 24] [--browsers 167] [--shift-at 70] [--watch 60]
// False alarms, time to detection and per-backend latency error of the fleet alerts, on the
// simulator's reference population (model/train/referencePool: the demo artifact's held-out
// sequences scored by its own weights). Reports go through the device's privacy filter, the edge's
// parser and aggregation, and the cron's evaluateFleet, in process (InProcessFleet; HTTP, Durable
// Objects and D1 are exercised by the workerd tests, with 10–20 browsers per version instead of 167). Each seed's results
// replace that seed's entries in test/bench/results/telemetry-alerts.json (raw; a run with another
// configuration starts it afresh), and telemetry-alerts.md is regenerated from the whole file, so
// the seeds can run one at a time on a shared machine: `for s in 1 2 3 4 5; do npx tsx … --seeds $s; done`.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
// model/ imports tfjs-core only (the browser loads one backend); a Node entry point registers its own.
import "@tensorflow/tfjs-backend-cpu";
import { referencePool } from "../../model/train/referencePool";
import { latencyView } from "../../telemetry/fleet";
import type { Backend } from "../../telemetry/schema";
import type { Shift } from "../../telemetry/simulator/fleetProfile";
import { InProcessFleet } from "../../telemetry/simulator/InProcessFleet";
import { SimulatedFleet } from "../../telemetry/simulator/SimulatedFleet";
import { seededRng } from "../../telemetry/util/rng";
import { type AlertsResult, alertsMarkdown } from "./telemetry-alerts/alertsMarkdown";

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Monday 2026-03-02 00:00 UTC: the simulated day (any hour start would do). */
const START = Date.parse("2026-03-02T00:00:00Z");
/** The alert each fleet-wide shift should raise ("ctr" is a canary's shift: the guarded rollout's case). */
const SHIFT_ALERT: Record<Exclude<Shift, "ctr">, string> = {
  score: "score_drift_reference",
  latency: "latency_p95",
  backend: "fallback_rate",
};

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1,2,3,4,5" },
    hours: { type: "string", default: "24" },
    browsers: { type: "string", default: "167" },
    "shift-at": { type: "string", default: "70" },
    watch: { type: "string", default: "60" },
  },
});
const seeds = (values.seeds ?? "").split(",").map(Number);
if (!seeds.every((s) => Number.isInteger(s) && s >= 0))
  throw new Error("--seeds must list integers, e.g. 1,2,3");
const hours = Number(values.hours);
const browsers = Number(values.browsers);
const shiftAt = Number(values["shift-at"]);
const watch = Number(values.watch);

const t0 = Date.now();
const {
  pool,
  manifestVersion: version,
  reference,
  psiVsArtifact,
} = await referencePool(resolve(import.meta.dirname, "../../model/artifacts/demo"));
console.log(`pool: ${pool.length} requests, PSI vs the artifact's profile ${JSON.stringify(psiVsArtifact)}`);
const references = new Map([[version, reference]]);

/** Runs one seed for `minutes` simulated minutes; `until` may stop it early. */
function run(
  seed: number,
  minutes: number,
  shift: Shift | null,
  onInference?: (backend: Backend, ms: number, minute: number) => void,
  until?: (fleet: InProcessFleet) => boolean,
) {
  const rng = seededRng(seed);
  let minute = 0;
  const sim = new SimulatedFleet({
    browsers,
    pool,
    assign: () => ({ version, cohort: "live" }),
    rng,
    onInference: onInference && ((b, ms) => onInference(b, ms, minute)),
  });
  const fleet = new InProcessFleet(references);
  let reports = 0;
  for (; minute < minutes; minute++) {
    const now = START + minute * MIN + MIN / 2;
    for (const report of sim.minute(now, shift && minute >= shiftAt ? shift : null)) {
      if (fleet.ingest(report, now)) reports++;
    }
    fleet.evaluate(START + (minute + 1) * MIN);
    if (until?.(fleet)) break;
  }
  return { fleet, reports, minutes: Math.min(minute + 1, minutes) };
}

/** Exact lower quantile at rank ⌊q·(n − 1)⌋, the rank the sketch targets. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const noShift = [];
const latency = [];
for (const seed of seeds) {
  const started = Date.now();
  const truth = new Map<string, number[]>(); // backend|hour → inference times
  const { fleet, reports } = run(seed, hours * 60, null, (backend, ms, minute) => {
    const key = `${backend}|${START + Math.floor(minute / 60) * HOUR}`;
    const list = truth.get(key) ?? [];
    list.push(ms);
    truth.set(key, list);
  });
  const byRule: Record<string, { pending: number; firing: number }> = {};
  for (const t of fleet.transitions) {
    if (t.to !== "pending" && t.to !== "firing") continue;
    byRule[t.rule] ??= { pending: 0, firing: 0 };
    byRule[t.rule][t.to] += 1;
  }
  const firing = fleet.transitions.filter((t) => t.to === "firing").length;
  noShift.push({ seed, reports, firing, byRule, seconds: (Date.now() - started) / 1000 });
  console.log(`no shift, seed ${seed}: ${reports} reports, ${firing} alerts fired ${JSON.stringify(byRule)}`);

  // Per-backend latency of every hour the views show (≥ k reports) against the exact values.
  const view = latencyView(fleet.input(START + (hours - 1) * HOUR, hours));
  for (const { backend, points } of view.backends) {
    for (const { hour, value } of points) {
      if ("insufficient" in value) continue;
      const exact = Float64Array.from(truth.get(`${backend}|${hour}`) ?? []).sort();
      const err = (q: number, shown: number) => Math.abs(shown / exactQuantile(exact, q) - 1);
      latency.push({
        seed,
        backend,
        hour,
        reports: value.reports,
        p50: err(0.5, value.p50),
        p95: err(0.95, value.p95),
      });
    }
  }
}

const detection = [];
for (const shift of ["score", "latency", "backend"] as const) {
  for (const seed of seeds) {
    const rule = SHIFT_ALERT[shift];
    const fired = (fleet: InProcessFleet) =>
      fleet.transitions.some((t) => t.rule === rule && t.to === "firing");
    const { fleet } = run(seed, shiftAt + watch, shift, undefined, fired);
    const shiftStart = START + shiftAt * MIN;
    const first = fleet.transitions.find((t) => t.rule === rule && t.to === "firing");
    const before = fleet.transitions.filter((t) => t.to === "firing" && t.at <= shiftStart).length;
    const others = [
      ...new Set(fleet.transitions.filter((t) => t.to === "firing" && t.rule !== rule).map((t) => t.key)),
    ];
    detection.push({
      shift,
      seed,
      rule,
      minutes: first ? (first.at - shiftStart) / MIN : null,
      labels: first?.labels ?? null,
      firedBeforeShift: before,
      otherAlertsFired: others,
    });
    console.log(
      `shift ${shift}, seed ${seed}: ${rule} ${first ? `fired after ${(first.at - shiftStart) / MIN} min` : "did not fire"}`,
    );
  }
}

const config = { hours, browsers, reportsPerHour: browsers * 60, shiftAt, watch, version, k: 50 };
const file = resolve(import.meta.dirname, "results/telemetry-alerts.json");
const previous: AlertsResult | null = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
const same = previous && JSON.stringify(previous.config) === JSON.stringify(config);
const keep = <T extends { seed: number }>(rows: T[] | undefined) =>
  (same ? (rows ?? []) : []).filter((r) => !seeds.includes(r.seed));
const bySeed = <T extends { seed: number }>(a: T, b: T) => a.seed - b.seed;
const result: AlertsResult = {
  command:
    "npx tsx test/bench/telemetry-alerts.ts --seeds <list>" +
    ` --hours ${hours} --browsers ${browsers} --shift-at ${shiftAt} --watch ${watch}`,
  config,
  poolPsiVsArtifact: psiVsArtifact,
  runs: [
    ...(same ? previous.runs : []).filter(
      (r: { seeds: number[] }) => !r.seeds.every((x) => seeds.includes(x)),
    ),
    { seeds, date: new Date().toISOString(), node: process.version, wallSeconds: (Date.now() - t0) / 1000 },
  ],
  noShift: [...keep(previous?.noShift), ...noShift].sort(bySeed),
  detection: [...keep(previous?.detection), ...detection].sort(
    (a, b) => a.shift.localeCompare(b.shift) || a.seed - b.seed,
  ),
  latency: [...keep(previous?.latency), ...latency].sort(bySeed),
};
writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
writeFileSync(resolve(import.meta.dirname, "results/telemetry-alerts.md"), alertsMarkdown(result));
console.log(
  `wrote test/bench/results/telemetry-alerts.{json,md} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
