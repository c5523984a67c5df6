// Power, false withdrawals and exposure of the guarded rollout's decision core, in process:
// `nice -n 15 npx tsx test/bench/rollout-power.ts [--runs 200] [--hours 24] [--reports-per-hour 50000]`.
// Each case runs the default plan (telemetry/rollout defaultPlan) on simulated report streams of
// both cohorts (fleet model: rollout-power/fleetModel.ts; sufficient statistics per minute:
// rollout-power/CohortStream.ts) and decides after every simulated minute. Writes the raw results
// to test/bench/results/rollout-power.json and the write-up to test/bench/results/rollout-power.md;
// `--rewrite` only regenerates the write-up from the committed JSON; `--cases a,b` runs those cases
// only and replaces them in the JSON (same runs, hours and rate), so one case can be rerun alone.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultPlan, type HalfWidth } from "../../telemetry/rollout";
import { seededRng } from "../../telemetry/util/rng";
import { pairedStreams } from "./rollout-power/CohortStream";
import { layoutOf, type Variant } from "./rollout-power/fleetModel";
import { type CaseResult, type PowerResult, powerMarkdown } from "./rollout-power/powerMarkdown";
import { simulateRollout } from "./rollout-power/simulateRollout";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    hours: { type: "string", default: "24" },
    "reports-per-hour": { type: "string", default: "50000" },
    rewrite: { type: "boolean", default: false },
    cases: { type: "string" },
  },
});
const dir = resolve(import.meta.dirname, "results");
if (values.rewrite) {
  const saved = JSON.parse(readFileSync(resolve(dir, "rollout-power.json"), "utf8")) as PowerResult;
  writeFileSync(resolve(dir, "rollout-power.md"), powerMarkdown(saved));
  console.log("rewrote test/bench/results/rollout-power.md from rollout-power.json");
  process.exit(0);
}
const runs = Number(values.runs);
const hours = Number(values.hours);
const reportsPerHour = Number(values["reports-per-hour"]);

/** Standard normal upper tail P(Z > z) (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function upperTail(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** z with P(|Z| > z) = alpha, by bisection on the normal tail. */
function zOf(alpha: number): number {
  let [lo, hi] = [0, 10];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (2 * upperTail(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The classical fixed-sample interval, valid for one look only: z·√V at the same alpha. */
const fixedSample: HalfWidth = (variance, alpha) => zOf(alpha) * Math.sqrt(variance);

type Case = { name: string; what: string; variant: Variant; halfWidth?: HalfWidth };
const CASES: Case[] = [
  { name: "equal", what: "canary equal to live", variant: { ctrFactor: 1, latencyFactor: 1 } },
  {
    name: "equal-fixed-sample",
    what: "canary equal to live, fixed-sample intervals read every minute",
    variant: { ctrFactor: 1, latencyFactor: 1 },
    halfWidth: fixedSample,
  },
  {
    name: "bad-ctr",
    what: "canary CTR 5 % lower in every slot",
    variant: { ctrFactor: 0.95, latencyFactor: 1 },
  },
  {
    name: "slow",
    what: "canary inference 30 % slower (p95 × 1.3)",
    variant: { ctrFactor: 1, latencyFactor: 1.3 },
  },
  {
    name: "at-tolerance",
    what: "canary CTR 2 % lower in every slot: exactly at the tolerance line, the guarantee's worst case",
    variant: { ctrFactor: 0.98, latencyFactor: 1 },
  },
];

const plan = defaultPlan();
const layout = layoutOf(plan);
const t0 = Date.now();
const wanted = values.cases?.split(",");
const file = resolve(dir, "rollout-power.json");
const previous: PowerResult | undefined =
  wanted && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PowerResult) : undefined;
if (
  previous &&
  (previous.runs !== runs || previous.hours !== hours || previous.reportsPerHour !== reportsPerHour)
) {
  throw new Error("--cases replaces cases of a run with the same --runs, --hours and --reports-per-hour");
}
const fresh = CASES.map((c, ci) => {
  if (wanted && !wanted.includes(c.name)) return previous?.cases.find((p) => p.name === c.name);
  const started = Date.now();
  const { control, canary } = pairedStreams(seededRng(1000 + ci), layout, c.variant);
  const list = Array.from({ length: runs }, (_, r) =>
    simulateRollout({
      plan,
      layout,
      canary,
      control,
      rng: seededRng(100_000 * (ci + 1) + r),
      reportsPerHour,
      hours,
      halfWidth: c.halfWidth,
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`${c.name}: ${runs} runs in ${seconds.toFixed(0)} s`);
  return {
    name: c.name,
    what: c.what,
    variant: c.variant,
    seconds,
    date: new Date().toISOString(),
    runs: list,
  };
});
const results = fresh.filter((c): c is CaseResult => c !== undefined);

const result: PowerResult = {
  command: `nice -n 15 npx tsx test/bench/rollout-power.ts --runs ${runs} --hours ${hours} --reports-per-hour ${reportsPerHour}`,
  date: previous?.date ?? new Date().toISOString(),
  node: process.version,
  runs,
  hours,
  reportsPerHour,
  plan,
  cases: results,
};
writeFileSync(file, `${JSON.stringify(result)}\n`);
writeFileSync(resolve(dir, "rollout-power.md"), powerMarkdown(result));
console.log(`wrote test/bench/results/rollout-power.{json,md} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
