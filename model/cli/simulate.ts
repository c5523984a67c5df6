// npm run simulate -- [--browsers 167] [--minutes 90] [--shift score|latency|backend] [--shift-at 70]
//   [--canary good|bad-ctr|slow|drifting] [--speed 1|max] [--endpoint URL] [--token T] [--seed S] [--concurrency C]
// A simulated fleet sends privacy-filtered reports to a running edge (npm start): real held-out
// Beauty sequences scored by the demo artifact, the very population of its reference profile.
// See telemetry/simulator/README.md.
import { resolve } from "node:path";
// model/ imports tfjs-core only (the browser loads one backend); a Node entry point registers its own.
import "@tensorflow/tfjs-backend-cpu";
import { edgeTarget, TARGET_USAGE } from "../../edge/dev/edgeTarget";
import { type CliArgs, runCli, UsageError } from "../../edge/dev/runCli";
import type { Shift } from "../../telemetry/simulator/fleetProfile";
import { edgeAssignments, runSimulation } from "../../telemetry/simulator/runSimulation";
import { seededRng } from "../../telemetry/util/rng";
import { referencePool } from "../train/referencePool";
import { CANARY_SHIFTS, startDemoCanary } from "./demoCanary";

const SHIFTS = ["score", "latency", "backend"];

const USAGE = `usage: npm run simulate -- [--browsers 167] [--minutes 90] [--shift score|latency|backend] ${TARGET_USAGE}
  --browsers N      simulated browsers reporting per simulated minute (default 167)
  --minutes M       simulated minutes (default 90; with --canary 60, in the current hour)
  --canary KIND     good, bad-ctr, slow or drifting: publishes the model again as a canary, starts a
                    guarded rollout (a fast demo plan) and sends a two-version fleet; needs the token
  --shift KIND      a score, latency or backend shift from minute --shift-at (default 70); none: nothing changes
  --speed X|max     simulated minutes per real minute (default max)
  --seed S --concurrency C --artifact DIR   randomness, parallel requests, the model (default the demo artifact)
  --endpoint URL    the edge (default: $POCKETRANK_ENDPOINT, else .dev.vars, else http://localhost:8787)
  --token T         admin token: alerts are evaluated at simulated time (default: $POCKETRANK_ADMIN_TOKEN, else .dev.vars)`;

const OPTIONS = {
  browsers: { type: "string", default: "167" },
  minutes: { type: "string" },
  shift: { type: "string" },
  canary: { type: "string" },
  "shift-at": { type: "string", default: "70" },
  endpoint: { type: "string" },
  speed: { type: "string", default: "max" },
  token: { type: "string" },
  seed: { type: "string", default: "1" },
  concurrency: { type: "string", default: "16" },
  artifact: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  const int = (name: string, value: string | undefined, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${name} must be an integer in ${min}..${max}`);
    return n;
  };
  const browsers = int("browsers", values.browsers, 1, 100_000);
  // Reports older than 48 h are refused by the edge (PRIVACY.md rule 9), and the run starts at an hour start.
  const canaryShift = values.canary === undefined ? undefined : CANARY_SHIFTS[values.canary];
  if (canaryShift === undefined && values.canary !== undefined)
    throw new UsageError(`--canary must be one of ${Object.keys(CANARY_SHIFTS).join(", ")}`);
  // A canary's reports must fall in the rollout's hours: the run starts at the current hour.
  const minutes = int(
    "minutes",
    values.minutes ?? (values.canary ? "60" : "90"),
    1,
    values.canary ? 60 : 46 * 60,
  );
  const speed = values.speed === "max" ? Number.POSITIVE_INFINITY : Number(values.speed);
  if (!(speed > 0))
    throw new UsageError("--speed must be a positive number of simulated minutes per real minute, or max");
  if (values.shift !== undefined && !SHIFTS.includes(values.shift))
    throw new UsageError(`--shift must be one of ${SHIFTS.join(", ")}`);
  // --shift-at only means something with --shift (a canary run is 60 minutes, under the default 70).
  const shiftAt = values.shift === undefined ? minutes : int("shift-at", values["shift-at"], 0, minutes);
  const { endpoint, token } = edgeTarget(values);
  if (values.canary && !token) throw new UsageError("--canary needs the admin token (--token or .dev.vars)");
  const rng = seededRng(int("seed", values.seed, 0, 2 ** 31));
  const artifactDir = values.artifact ?? resolve(import.meta.dirname, "../artifacts/demo");

  console.log(`scoring the reference profile's held-out sequences with ${artifactDir} …`);
  const { pool, manifestVersion, psiVsArtifact } = await referencePool(artifactDir);
  console.log(
    `${pool.length} requests scored by ${manifestVersion}; PSI against the artifact's reference profile: ${JSON.stringify(psiVsArtifact)}`,
  );
  console.log(
    `sending ${browsers} reports per simulated minute for ${minutes} minutes${values.shift ? `, shift ${values.shift} from minute ${shiftAt}` : ""}`,
  );
  const canary = values.canary && token ? await startDemoCanary(endpoint, token, artifactDir) : undefined;
  if (canary)
    console.log(
      `canary ${canary.version} (${values.canary}) under guarded rollout ${canary.id}: watch ${endpoint}/dashboard/ or GET /v1/fleet/rollout`,
    );
  const totals = await runSimulation({
    endpoint,
    browsers,
    minutes,
    shift: (values.shift as Shift | undefined) ?? null,
    shiftAt,
    speed,
    token,
    concurrency: int("concurrency", values.concurrency, 1, 256),
    pool,
    rng,
    assign: await edgeAssignments(endpoint, manifestVersion),
    ...(canary
      ? {
          canaryShift,
          reassign: () => edgeAssignments(endpoint, manifestVersion),
          start: Math.floor(Date.now() / 3_600_000) * 3_600_000,
        }
      : {}),
    onMinute: (m, t) => {
      if ((m + 1) % 10 === 0 || m + 1 === minutes)
        console.log(
          `minute ${m + 1}/${minutes}: sent ${t.sent}, accepted ${t.accepted}, alert changes ${t.transitions}, by status ${JSON.stringify(t.byStatus)}`,
        );
    },
  });
  console.log(
    `done: ${totals.accepted}/${totals.sent} accepted, simulated from ${new Date(totals.start).toISOString()}${token ? "" : " (no --token: alerts are evaluated by the cron only)"}`,
  );
  console.log(`alerts: ${endpoint}/v1/fleet/alerts · dashboard: ${endpoint}/dashboard/`);
  if (totals.accepted !== totals.sent) process.exitCode = 1;
}

void runCli({ name: "simulate", usage: USAGE, options: OPTIONS }, main);
