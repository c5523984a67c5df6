// npx tsx test/bench/fleet-learning-e2e.ts [--stride 16] [--epsilons 0.5,1,2,4,8] [--seeds 3] [--md-only]
// End to end on the fleet-learned index (issue 14, "Measure"): HR@10 / NDCG@10 of the generator's
// own order and of the on-device rerank, on Beauty under the strict holdout, for each candidate index
// of the fleet-learning bench (content-only cold start, popularity only, raw-log, fleet-learned at each
// ε with `--seeds` noise seeds, bounding only, fleet popularity only; fleet-learning-e2e/e2eIndexes.ts).
// Scoring is model/eval's `evaluatePipeline`, the code `npm run eval` runs, with the strict ranker
// model/artifacts/beauty-strict-int8 (trained first when absent). Every `--stride`-th test user, the
// same users in every row. Writes results/fleet-learning-e2e.json after each row (a run cut short
// keeps the rows done) and results/fleet-learning-e2e.md generated from it (--md-only: only that).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { type CandidateIndex, indexLookups } from "../../edge/candidates/index.ts";
import { readArtifactModel } from "../../model/artifact/readArtifactModel.ts";
import { loadDataset, testSplit } from "../../model/data/index.ts";
import { evaluatePipeline } from "../../model/eval/evaluatePipeline.ts";
import { PROTOCOL_TABLE } from "../../model/eval/protocolTable.ts";
import { e2eIndexes, FLEET_MAPPING } from "./fleet-learning-e2e/e2eIndexes.ts";
import { type E2eResult, type E2eRow, e2eMarkdown } from "./fleet-learning-e2e/e2eMarkdown.ts";
import { ensureStrictModel, STRICT_MODEL } from "./model-strict/strictModel.ts";

const root = resolve(import.meta.dirname, "../..");
const rawPath = resolve(import.meta.dirname, "results/fleet-learning-e2e.json");
const mdPath = resolve(import.meta.dirname, "results/fleet-learning-e2e.md");

const { values } = parseArgs({
  options: {
    stride: { type: "string", default: "16" },
    epsilons: { type: "string", default: "0.5,1,2,4,8" },
    seeds: { type: "string", default: "3" },
    "md-only": { type: "boolean", default: false },
  },
});

/** JSON with each array of numbers on one line (the per-user ranks would take a line per user). */
const compactJson = (x: unknown) =>
  JSON.stringify(x, null, 1).replace(/\[\n[-\d.,\s]*\]/g, (m) => `[${m.slice(1, -1).replace(/\s+/g, "")}]`);
const save = (result: E2eResult) => {
  writeFileSync(rawPath, `${compactJson(result)}\n`);
  writeFileSync(mdPath, e2eMarkdown(result));
};

if (values["md-only"]) {
  save(JSON.parse(readFileSync(rawPath, "utf8")) as E2eResult);
  process.exit(0);
}

const stride = Number(values.stride);
const seeds = Number(values.seeds);
const epsilons = values.epsilons.split(",").map(Number);
if (!(Number.isInteger(stride) && stride >= 1 && Number.isInteger(seeds) && seeds >= 1))
  throw new Error("--stride and --seeds must be positive integers");
if (epsilons.some((e) => !(e > 0))) throw new Error("--epsilons must be positive numbers");

ensureStrictModel();
// The backend `npm run eval` uses (model/cli/eval.ts).
if (!(await tf.setBackend("wasm"))) throw new Error("tfjs wasm backend failed to start");
const model = await readArtifactModel(resolve(root, STRICT_MODEL));
// The artifact is git-ignored: its weights' hashes say which training run the figures come from.
const manifest = JSON.parse(readFileSync(resolve(root, STRICT_MODEL, "manifest.json"), "utf8")) as {
  version: string;
  files: { path: string; sha256: string }[];
};
const spec = loadDataset("beauty");
const split = testSplit(spec, "strict");
const cases = split.cases.filter((_, i) => i % stride === 0);
const table = PROTOCOL_TABLE[spec.protocol];
const { setup, indexes } = e2eIndexes(spec.items, split.indexSequences, { epsilons, seeds });

const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const result: E2eResult = {
  setup: {
    command: `npx tsx test/bench/fleet-learning-e2e.ts --stride ${stride} --epsilons ${epsilons.join(",")} --seeds ${seeds}`,
    commit: `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " with local changes" : ""}`,
    main: git("rev-parse", "--short", "main"),
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    model: STRICT_MODEL,
    modelWeights: manifest.files.map((f) => `${manifest.version} ${f.path} sha256:${f.sha256}`),
    stride,
    cases: cases.length,
    totalCases: split.cases.length,
    limit: table.limit,
    ...setup,
    mapping: FLEET_MAPPING,
  },
  rows: [],
};

/** The two stages of `npm run eval` on one index, with every case's rank. */
function evaluate(index: CandidateIndex): Omit<E2eRow, "kind" | "name" | "epsilon" | "seed" | "seconds"> {
  const ranks = { retrieval: cases.map(() => -2), rerank: cases.map(() => -2) };
  const r = evaluatePipeline(cases, indexLookups(index), model, {
    limit: table.limit,
    includeContextItems: spec.includeContextItems,
    maskHistory: spec.maskHistory,
    cutoffs: table.cutoffs,
    onRank: (stage, i, rank) => {
      ranks[stage][i] = rank;
    },
  });
  if (!r.rerank || [...ranks.retrieval, ...ranks.rerank].includes(-2))
    throw new Error("evaluatePipeline left a case unranked");
  return { recall: r.recall, retrieval: r.retrieval, rerank: r.rerank, ranks };
}

const started = performance.now();
for (const x of indexes) {
  const t0 = performance.now();
  const row = evaluate(x.build());
  const { build: _, ...label } = x;
  result.rows.push({ ...label, ...row, seconds: (performance.now() - t0) / 1000 });
  save(result);
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(0)} s] ${x.name}${x.seed === undefined ? "" : ` seed ${x.seed}`}: recall ${row.recall.toFixed(4)}, generator NDCG@10 ${row.retrieval["NDCG@10"].toFixed(4)}, rerank ${row.rerank["NDCG@10"].toFixed(4)}`,
  );
}
console.log(`wrote ${rawPath} and ${mdPath}`);
