// npm run simulate -- --browsers N --minutes M [--shift score|latency|backend] [--endpoint URL]
//   [--speed X] [--token T] [--seed S] [--sessions K] [--concurrency C]
// Sends realistic privacy-filtered reports from N simulated browsers for M minutes to a running edge
// (npm start), with scores from the real demo model on real candidates. See telemetry/simulator/README.md.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { seededRng } from "../util/rng";
import type { Shift } from "./fleetProfile";
import { edgeVersions, runSimulation } from "./runSimulation";
import { defaultPaths, scorePool } from "./scorePool";

const SHIFTS = ["score", "latency", "backend"];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      browsers: { type: "string", default: "200" },
      minutes: { type: "string", default: "5" },
      shift: { type: "string" },
      endpoint: { type: "string", default: "http://localhost:8787" },
      speed: { type: "string", default: "1" },
      token: { type: "string", default: process.env.POCKETRANK_ADMIN_TOKEN },
      seed: { type: "string", default: "1" },
      sessions: { type: "string", default: "200" },
      concurrency: { type: "string", default: "16" },
    },
  });
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer in ${min}..${max}`);
    return n;
  };
  const browsers = int("browsers", values.browsers, 1, 100_000);
  const minutes = int("minutes", values.minutes, 1, 24 * 60);
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= 600)) throw new Error("--speed must be a number in (0, 600]");
  if (values.shift !== undefined && !SHIFTS.includes(values.shift))
    throw new Error(`--shift must be one of ${SHIFTS.join(", ")}`);
  const endpoint = new URL(values.endpoint ?? "").origin;
  const rng = seededRng(int("seed", values.seed, 0, 2 ** 31));
  const root = resolve(import.meta.dirname, "../..");
  const paths = defaultPaths(root);

  console.log(
    `scoring ${values.sessions} real sessions with ${paths.artifactDir} on candidates from ${endpoint} …`,
  );
  const pool = await scorePool({
    endpoint,
    ...paths,
    sessions: int("sessions", values.sessions, 1, 10_000),
    rng,
  });
  const { manifest } = await import("../../model/artifact").then((m) => m.readArtifactDir(paths.artifactDir));
  console.log(
    `${pool.length} sessions scored by model ${manifest.version}; sending ${browsers} × ${minutes} reports`,
  );
  const totals = await runSimulation({
    endpoint,
    browsers,
    minutes,
    shift: (values.shift as Shift | undefined) ?? null,
    speed,
    token: values.token,
    concurrency: int("concurrency", values.concurrency, 1, 256),
    pool,
    rng,
    versionFor: edgeVersions(endpoint, manifest.version),
    onMinute: (m, t) =>
      console.log(
        `minute ${m + 1}/${minutes}: sent ${t.sent}, accepted ${t.accepted}, by status ${JSON.stringify(t.byStatus)}`,
      ),
  });
  console.log(
    `done: ${totals.accepted}/${totals.sent} accepted${values.token ? "" : " (no --token: alerts are evaluated by the cron only)"}`,
  );
  console.log(`dashboard: ${endpoint}/dashboard/`);
  if (totals.accepted !== totals.sent) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
