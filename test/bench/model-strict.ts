// npx tsx test/bench/model-strict.ts [--only strict|valid-visible] [--shards N] [--md-only]
// The comparison with the published Beauty rows, under both holdouts (model/data/holdout.ts):
// - strict (the headline): the candidate index and the ranker's training data end before each
//   user's validation item; the ranker is `npm run train -- --dataset beauty` (strict by default),
//   trained here first when model/artifacts/beauty-strict-int8 is absent.
// - valid-visible (the setting before, labelled): index and training data end before each user's
//   test item; the ranker is the committed demo artifact, model/'s full valid-visible recipe
//   (model/artifacts/demo/README.md).
// Each setting runs `npm run eval -- --shard k/N` for k = 0 … N−1 in turn (the two settings at once,
// as two processes); every shard's report is kept under test/bench/results/model-strict/<holdout>/
// and the setting's entry in test/bench/results/model-strict.json is the merge of the shards done so
// far (query-weighted, model/eval/mergeShards.ts), so a run cut short leaves a uniform subsample,
// labelled as such. model-strict.md is regenerated from the JSON (--md-only: nothing else).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Holdout } from "../../model/data";
import type { EvalReport } from "../../model/eval/evalReport";
import { mergeShards } from "../../model/eval/mergeShards";
import { type ShardPairs, strictMarkdown } from "./model-strict/strictMarkdown";
import { ensureStrictModel, STRICT_MODEL } from "./model-strict/strictModel";

const root = resolve(import.meta.dirname, "../..");
const rawPath = resolve(import.meta.dirname, "results/model-strict.json");
const mdPath = resolve(import.meta.dirname, "results/model-strict.md");
const shardDir = (h: Holdout) => resolve(import.meta.dirname, "results/model-strict", h);
const MODELS: Record<Holdout, string> = { strict: STRICT_MODEL, "valid-visible": "model/artifacts/demo" };

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    shards: { type: "string", default: "4" },
    "md-only": { type: "boolean" },
  },
});
const all: Holdout[] = ["strict", "valid-visible"];
const settings = values["md-only"] ? [] : values.only ? [values.only as Holdout] : all;
const shards = Number(values.shards);

type Run = EvalReport & { command: string; subset?: string };
type Raw = { runs: Partial<Record<Holdout, Run>> };
const raw: Raw = existsSync(rawPath) ? JSON.parse(readFileSync(rawPath, "utf8")) : { runs: {} };
/** The shard reports present for both settings, paired by shard (valid-visible, strict). */
function shardPairs(): ShardPairs {
  const read = (h: Holdout, k: number) => {
    const f = join(shardDir(h), `beauty${h === "strict" ? "" : `-${h}`}-shard${k}of${shards}.json`);
    return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as EvalReport) : undefined;
  };
  return Array.from(
    { length: shards },
    (_, k) => [read("valid-visible", k), read("strict", k)] as const,
  ).flatMap(([a, b]) => (a && b ? [[a, b] as [EvalReport, EvalReport]] : []));
}
const save = () => {
  writeFileSync(rawPath, `${JSON.stringify(raw, null, 2)}\n`);
  writeFileSync(mdPath, strictMarkdown(raw.runs, shardPairs()));
};

/** Runs one of model/'s CLIs from the repository root; resolves when it exits 0. */
function run(cli: string, args: string[]): Promise<void> {
  console.log(`$ npm run ${cli} -- ${args.join(" ")}`);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, `model/cli/${cli}.ts`), ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? "1767225600" },
  });
  return new Promise((ok, fail) =>
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`npm run ${cli} exited with ${code}`)))),
  );
}

async function evaluate(holdout: Holdout): Promise<void> {
  const args = ["--dataset", "beauty", "--holdout", holdout, "--model", MODELS[holdout]];
  const stem = holdout === "strict" ? "beauty" : `beauty-${holdout}`;
  for (let k = 0; k < shards; k++) {
    await run("eval", [
      ...args,
      ...(shards > 1 ? ["--shard", `${k}/${shards}`] : []),
      "--out",
      shardDir(holdout),
    ]);
    const report =
      shards > 1
        ? mergeShards(shardDir(holdout), stem)
        : (JSON.parse(readFileSync(join(shardDir(holdout), `${stem}.json`), "utf8")) as EvalReport);
    const done = k + 1 < shards ? `shards 0–${k} of ${shards} (every ${shards}th user from each)` : undefined;
    raw.runs[holdout] = {
      ...report,
      command: `npm run eval -- ${args.join(" ")} [--shard k/${shards}]`,
      subset: done,
    };
    save();
  }
}

if (settings.includes("strict")) ensureStrictModel();
await Promise.all(settings.map(evaluate));
save();
console.log(`wrote ${rawPath} and ${mdPath}`);
