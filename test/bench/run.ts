// `npm run bench`: runs every benchmark script in test/bench/ one after another (they share the
// machine, so never in parallel) and stops at the first failure. Pass names to run a subset:
// `npm run bench -- catalog-recall telemetry-sketch`. BENCHMARKS.md is regenerated last, every time.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli, UsageError } from "../../edge/dev/runCli";

const dir = import.meta.dirname;
/** Regenerates BENCHMARKS.md from the write-ups, so it runs after the benchmarks. */
const WRITE_MD = "write-benchmarks-md.ts";
const all = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== WRITE_MD && !f.endsWith(".test.ts"))
  .sort();

const USAGE = `usage: npm run bench -- [NAME ...]
  Runs the benchmark scripts of test/bench/ one after another (all of them without NAME; a NAME
  selects the scripts whose file name starts with it). Each writes its raw result under
  test/bench/results/; then BENCHMARKS.md is regenerated from the write-ups there. Scripts: ${all.map((f) => f.slice(0, -3)).join(", ")}`;

void runCli({ name: "bench", usage: USAGE, options: {}, positionals: true }, async ({ positionals }) => {
  const scripts = all.filter((f) => positionals.length === 0 || positionals.some((w) => f.startsWith(w)));
  if (scripts.length === 0)
    throw new UsageError(`no benchmark script starts with ${positionals.join(" or ")}`);
  for (const file of [...scripts, WRITE_MD]) {
    console.log(`\n=== ${file} ===`);
    const result = spawnSync(process.execPath, ["--import", "tsx", join(dir, file)], { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`${file} failed with exit code ${result.status}`);
  }
});
