/**
 * `npm run eval -- --dataset beauty|diginetica [--model DIR] [--limit-users N]`
 * Evaluates under the published protocol (../shared/data/<dataset>/SOURCE.txt):
 * - Beauty: leave-one-out, last item = test target, history masked, full ranking; HR/NDCG@10/20
 *   over all users; PopRec counted on training data only (all but the last two items).
 * - Diginetica: all 60,858 test prefixes; HR@20 and MRR@20 ×100; POP, S-POP, Item-KNN from the
 *   training sessions.
 * Rows: baselines, the generator's own order, the two-stage rerank, and the published rows.
 * Prints the markdown table; writes <dataset>.{md,json} only into --out DIR (the committed results
 * live in model/eval/results/{full,nomodel,subset}).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { buildCandidateIndex, indexLookups } from "../../edge/candidates";
import { type CliArgs, runCli, UsageError, usage } from "../../edge/dev/runCli";
import { loadModel } from "../artifact";
import { type DatasetName, leaveOneOut, loadDataset, type NextItemCase, parseDatasetName } from "../data";
import {
  evaluatePipeline,
  evaluateRecommenders,
  formatTable,
  itemKnnRecommender,
  PUBLISHED,
  popRecommender,
  type Recommender,
  scaleMetrics,
  spopRecommender,
  type TableRow,
} from "../eval";

const USAGE = `usage: npm run eval -- --dataset beauty|diginetica [options]
  --model DIR         the artifact to rerank with (default model/artifacts/<dataset>-int8, from npm run train)
  --no-model          only the baselines and the generator's order
  --limit-users N     the first N test cases only
  --out DIR           write <dataset>.{md,json} there (default: print only)
  --shard k/n         evaluate every n-th case from k (needs --out); --merge DIR merges the shards into --out`;
const LIMITS = { beauty: 200, diginetica: 100 } as const;

const OPTIONS = {
  dataset: { type: "string" },
  model: { type: "string" },
  "limit-users": { type: "string" },
  "no-model": { type: "boolean", default: false },
  out: { type: "string" },
  shard: { type: "string" },
  merge: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  const dataset = usage(() => parseDatasetName(values.dataset));
  const limitUsers = values["limit-users"] === undefined ? undefined : Number(values["limit-users"]);
  if (limitUsers !== undefined && !(Number.isInteger(limitUsers) && limitUsers > 0)) {
    throw new UsageError("--limit-users must be a positive integer");
  }
  if ((values.merge || values.shard) && !values.out)
    throw new UsageError("--merge and --shard write their results: give --out DIR");
  if (values.merge && values.out) return mergeShards(dataset, values.merge, values.out);
  const shard = parseShard(values.shard);
  // The same backend as training (model/cli/train.ts): wasm, several times the CPU backend here.
  if (!(await tf.setBackend("wasm"))) throw new Error("tfjs wasm backend failed to start");
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const spec = loadDataset(dataset);
  const modelDir = values.model ?? join("model/artifacts", `${dataset}-int8`);
  const model = values["no-model"] ? undefined : await loadDir(modelDir);

  let cases: NextItemCase[];
  let indexSequences: number[][];
  let baselineTrain: number[][];
  if (dataset === "beauty") {
    ({ cases, indexSequences } = leaveOneOut(spec.sequences, 1));
    baselineTrain = leaveOneOut(spec.sequences, 2).indexSequences; // PopRec: training part only
  } else {
    cases = spec.testPairs ?? [];
    indexSequences = spec.sequences;
    baselineTrain = spec.sequences;
  }
  if (limitUsers !== undefined) cases = cases.slice(0, limitUsers);
  const totalCases = cases.length;
  if (shard) cases = cases.filter((_, i) => i % shard.count === shard.index);
  const cutoffs = dataset === "beauty" ? [10, 20] : [20];
  const scale = dataset === "beauty" ? 1 : 100;

  const baselines: Record<string, Recommender> =
    dataset === "beauty"
      ? { "PopRec (train counts)": popRecommender(baselineTrain, true) }
      : {
          POP: popRecommender(baselineTrain, false),
          "S-POP": spopRecommender(baselineTrain),
          "Item-KNN": itemKnnRecommender(baselineTrain),
        };
  const base = evaluateRecommenders(cases, baselines, cutoffs);
  console.error(`[eval] baselines done in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const lookups = indexLookups(buildCandidateIndex(indexSequences, spec.items, spec.indexOptions));
  const pipe = evaluatePipeline(cases, lookups, model, {
    limit: LIMITS[dataset],
    includeContextItems: spec.includeContextItems,
    maskHistory: spec.maskHistory,
    cutoffs,
    onProgress: (n) => console.error(`[eval] ${n}/${cases.length} queries`),
  });

  const rows: TableRow[] = [
    ...Object.entries(base).map(([method, m]) => ({
      method,
      source: "ours" as const,
      metrics: scaleMetrics(m, scale),
    })),
    {
      method: `generator order (top ${LIMITS[dataset]})`,
      source: "ours",
      metrics: scaleMetrics(pipe.retrieval, scale),
    },
  ];
  if (pipe.rerank)
    rows.push({
      method: `generator → rerank (${modelDir})`,
      source: "ours",
      metrics: scaleMetrics(pipe.rerank, scale),
    });
  for (const [method, m] of Object.entries(PUBLISHED[dataset]))
    rows.push({ method, source: "published", metrics: m });
  const columns = dataset === "beauty" ? ["HR@10", "NDCG@10", "HR@20", "NDCG@20"] : ["HR@20", "MRR@20"];
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const title = `${dataset}: ${cases.length} queries, candidate recall@${LIMITS[dataset]} ${(pipe.recall * 100).toFixed(2)}%, ${seconds.toFixed(0)} s wall / ${cpuSeconds.toFixed(0)} s CPU`;
  const md = `### ${title}\n\n${formatTable(rows, columns, dataset === "beauty" ? 4 : 2)}\n`;
  console.log(md);
  if (!values.out) return;
  mkdirSync(values.out, { recursive: true });
  const suffix = `${limitUsers === undefined ? "" : `-limit${limitUsers}`}${shard ? `-shard${shard.index}of${shard.count}` : ""}`;
  writeFileSync(join(values.out, `${dataset}${suffix}.md`), md);
  writeFileSync(
    join(values.out, `${dataset}${suffix}.json`),
    `${JSON.stringify({ dataset, queries: cases.length, totalCases, recall: pipe.recall, seconds, cpuSeconds, model: model ? modelDir : null, rows }, null, 2)}\n`,
  );
}

/** "k/n" → shard k of n (0-based), for running one evaluation as n parallel processes. */
function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count)
    throw new UsageError(`--shard must be k/n with 0 <= k < n, got ${text}`);
  return { index, count };
}

/** Merges `<dataset>-shard*.json` files of one run: query-weighted means of every metric. */
function mergeShards(dataset: string, dir: string, out: string): void {
  const files = readdirSync(dir).filter((f) => f.startsWith(`${dataset}-shard`) && f.endsWith(".json"));
  if (files.length === 0) throw new Error(`no ${dataset}-shard*.json files in ${dir}`);
  const parts = files.map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
  const queries = parts.reduce((s, p) => s + p.queries, 0);
  const weighted = (pick: (p: (typeof parts)[number]) => number) =>
    parts.reduce((s, p) => s + pick(p) * p.queries, 0) / queries;
  const rows: TableRow[] = parts[0].rows.map((row: TableRow, r: number) => ({
    ...row,
    metrics:
      row.source === "published"
        ? row.metrics
        : Object.fromEntries(Object.keys(row.metrics).map((k) => [k, weighted((p) => p.rows[r].metrics[k])])),
  }));
  const recall = weighted((p) => p.recall);
  const seconds = Math.max(...parts.map((p) => p.seconds));
  const cpuSeconds = parts.reduce((s, p) => s + p.cpuSeconds, 0);
  const columns = dataset === "beauty" ? ["HR@10", "NDCG@10", "HR@20", "NDCG@20"] : ["HR@20", "MRR@20"];
  const limit = LIMITS[dataset as DatasetName];
  const title = `${dataset}: ${queries} queries (${parts.length} shards), candidate recall@${limit} ${(recall * 100).toFixed(2)}%, ${seconds.toFixed(0)} s wall (slowest shard) / ${cpuSeconds.toFixed(0)} s CPU`;
  const md = `### ${title}\n\n${formatTable(rows, columns, dataset === "beauty" ? 4 : 2)}\n`;
  console.log(md);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${dataset}.md`), md);
  writeFileSync(
    join(out, `${dataset}.json`),
    `${JSON.stringify({ dataset, queries, recall, seconds, cpuSeconds, model: parts[0].model, shards: parts.length, rows }, null, 2)}\n`,
  );
}

async function loadDir(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const { params, config } = await loadModel(manifest, async (path) => {
    const buf = readFileSync(join(dir, path));
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  });
  return { params, config };
}

void runCli({ name: "eval", usage: USAGE, options: OPTIONS }, main);
