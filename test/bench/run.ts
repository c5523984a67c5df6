// `npm run bench`: runs every benchmark script in test/bench/ one after another (they share the
// machine, so never in parallel) and stops at the first failure. Pass names to run a subset:
// `npm run bench -- catalog-recall telemetry-sketch`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of scripts) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(dir, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${file} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}
