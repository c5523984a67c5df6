import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

/** The strict Beauty ranker (git-ignored): `npm run train -- --dataset beauty`, strict by default. */
export const STRICT_MODEL = "model/artifacts/beauty-strict-int8";

/**
 * Trains the strict Beauty ranker when its artifact is absent (10–40 min of CPU here), with the
 * fixed SOURCE_DATE_EPOCH of the benchmarks, and records the run in model/eval/results/.
 */
export function ensureStrictModel(): void {
  if (existsSync(join(root, STRICT_MODEL, "manifest.json"))) return;
  const train = ["--dataset", "beauty", "--record", "model/eval/results/train-beauty-strict.json"];
  console.log(`$ npm run train -- ${train.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "model/cli/train.ts"), ...train], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
  });
  if (r.status !== 0) throw new Error(`npm run train exited with ${r.status}`);
}
