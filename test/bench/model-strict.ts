// npx tsx test/bench/model-strict.ts [--only strict|valid-visible] [--limit-users N]
// The comparison with the published Beauty rows, under both holdouts (model/data/holdout.ts):
// - strict (the headline): the candidate index and the ranker's training data end before each
//   user's validation item; the ranker is `npm run train -- --dataset beauty` (strict by default),
//   trained here first when model/artifacts/beauty-strict-int8 is absent.
// - valid-visible (the setting before, labelled): index and training data end before each user's
//   test item; the ranker is the committed demo artifact, model/'s full valid-visible recipe
//   (model/artifacts/demo/README.md).
// Each setting runs `npm run eval` as a child process; its report replaces that setting's entry in
// test/bench/results/model-strict.json (raw), and model-strict.md is regenerated from the whole file,
// so the two settings can run one at a time on a shared machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Holdout } from "../../model/data";
import type { EvalReport } from "../../model/eval/evalReport";
import { strictMarkdown } from "./model-strict/strictMarkdown";

const root = resolve(import.meta.dirname, "../..");
const rawPath = resolve(import.meta.dirname, "results/model-strict.json");
const mdPath = resolve(import.meta.dirname, "results/model-strict.md");
const STRICT_MODEL = "model/artifacts/beauty-strict-int8";
const MODELS: Record<Holdout, string> = { strict: STRICT_MODEL, "valid-visible": "model/artifacts/demo" };

const { values } = parseArgs({ options: { only: { type: "string" }, "limit-users": { type: "string" } } });
const settings: Holdout[] = values.only ? [values.only as Holdout] : ["strict", "valid-visible"];
const limit = values["limit-users"] ? ["--limit-users", values["limit-users"]] : [];

/** Runs one of the npm scripts' CLIs from the repository root, failing loudly. */
function run(cli: string, args: string[]): void {
  console.log(`$ npm run ${cli} -- ${args.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, `model/cli/${cli}.ts`), ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? "1767225600" },
  });
  if (r.status !== 0) throw new Error(`npm run ${cli} failed with exit code ${r.status}`);
}

type Raw = { runs: Partial<Record<Holdout, EvalReport & { command: string }>> };
const raw: Raw = existsSync(rawPath) ? JSON.parse(readFileSync(rawPath, "utf8")) : { runs: {} };
for (const holdout of settings) {
  if (holdout === "strict" && !existsSync(join(root, STRICT_MODEL, "manifest.json")))
    run("train", ["--dataset", "beauty", "--record", "model/eval/results/train-beauty-strict.json"]);
  const out = mkdtempSync(join(tmpdir(), "pocketrank-strict-"));
  const args = [
    "--dataset",
    "beauty",
    "--holdout",
    holdout,
    "--model",
    MODELS[holdout],
    ...limit,
    "--out",
    out,
  ];
  run("eval", args);
  const stem = `beauty${holdout === "strict" ? "" : `-${holdout}`}${limit.length ? `-limit${limit[1]}` : ""}`;
  const report: EvalReport = JSON.parse(readFileSync(join(out, `${stem}.json`), "utf8"));
  raw.runs[holdout] = { ...report, command: `npm run eval -- ${args.slice(0, -2).join(" ")}` };
}
writeFileSync(rawPath, `${JSON.stringify(raw, null, 2)}\n`);
writeFileSync(mdPath, strictMarkdown(raw.runs));
console.log(`wrote ${rawPath} and ${mdPath}`);
