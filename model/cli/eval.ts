/**
 * `npm run eval -- --dataset beauty|diginetica | --data DIR [--holdout strict|valid-visible] [--model DIR]`
 * Evaluates under the dataset's protocol (../shared/data/<dataset>/SOURCE.txt):
 * - leave-one-out (Beauty): last item = test target, history masked, full ranking; HR/NDCG@10/20
 *   over all users; PopRec counted on training data only (all but the last two items). The
 *   candidate index holds each user's items before the validation item (strict, the default) or
 *   before the test item (valid-visible: model/data/holdout.ts).
 * - sessions (Diginetica): all test prefixes; HR@20 and MRR@20 ×100; POP, S-POP, Item-KNN from the
 *   training sessions.
 * Rows: baselines, the generator's own order, the two-stage rerank, and the published rows where
 * they exist for the dataset. Prints the markdown table; writes <dataset>[-<holdout>].{md,json}
 * only into --out DIR.
 */
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { buildCandidateIndex, indexLookups } from "../../edge/candidates";
import { type CliArgs, runCli, UsageError, usage } from "../../edge/dev/runCli";
import { readArtifactModel } from "../artifact/node";
import { type DatasetSpec, datasetFromArgs, holdoutTag, leaveOneOut, parseHoldout, testSplit } from "../data";
import {
  evaluatePipeline,
  evaluateRecommenders,
  itemKnnRecommender,
  popRecommender,
  publishedRows,
  type Recommender,
  scaleMetrics,
  spopRecommender,
  type TableRow,
} from "../eval";
import { type EvalReport, reportMarkdown, reportStem, writeReport } from "../eval/evalReport";
import { mergeShards } from "../eval/mergeShards";
import { PROTOCOL_TABLE } from "../eval/protocolTable";

const USAGE = `usage: npm run eval -- --dataset beauty|diginetica | --data DIR [options]
  --data DIR          any dataset directory (outputs are named after it; see model/README.md)
  --holdout H         strict (default) or valid-visible (leave-one-out only; model/data/holdout.ts)
  --model DIR         the artifact to rerank with (default model/artifacts/<name>[-strict]-int8, from npm run train)
  --no-model          only the baselines and the generator's order
  --limit-users N     the first N test cases only
  --out DIR           write <name>[-<holdout>].{md,json} there (default: print only)
  --shard k/n         evaluate every n-th case from k (needs --out); --merge DIR merges the shards into --out`;

const OPTIONS = {
  dataset: { type: "string" },
  data: { type: "string" },
  holdout: { type: "string" },
  model: { type: "string" },
  "limit-users": { type: "string" },
  "no-model": { type: "boolean", default: false },
  out: { type: "string" },
  shard: { type: "string" },
  merge: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  const limitUsers = values["limit-users"] === undefined ? undefined : Number(values["limit-users"]);
  if (limitUsers !== undefined && !(Number.isInteger(limitUsers) && limitUsers > 0)) {
    throw new UsageError("--limit-users must be a positive integer");
  }
  if ((values.merge || values.shard) && !values.out)
    throw new UsageError("--merge and --shard write their results: give --out DIR");
  const shard = parseShard(values.shard);
  const spec = usage(() => datasetFromArgs(values));
  const holdout = usage(() => parseHoldout(values.holdout, spec.protocol));
  const stem = reportStem(spec.name, holdout);
  if (values.merge && values.out) {
    const merged = mergeShards(values.merge, stem);
    console.log(reportMarkdown(merged));
    return writeReport(values.out, stem, merged);
  }
  // The same backend as training (model/cli/train.ts): wasm, several times the CPU backend here.
  if (!(await tf.setBackend("wasm"))) throw new Error("tfjs wasm backend failed to start");
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const strictTag = holdoutTag(spec.protocol, holdout);
  const modelDir = values.model ?? join("model/artifacts", `${spec.name}${strictTag}-int8`);
  const model = values["no-model"] ? undefined : await readArtifactModel(modelDir);

  const split = testSplit(spec, holdout);
  let cases = limitUsers === undefined ? split.cases : split.cases.slice(0, limitUsers);
  if (shard) cases = cases.filter((_, i) => i % shard.count === shard.index);
  const table = PROTOCOL_TABLE[spec.protocol];

  const base = evaluateRecommenders(cases, baselines(spec), table.cutoffs);
  console.error(`[eval] baselines done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const lookups = indexLookups(buildCandidateIndex(split.indexSequences, spec.items, spec.indexOptions));
  const pipe = evaluatePipeline(cases, lookups, model, {
    limit: table.limit,
    includeContextItems: spec.includeContextItems,
    maskHistory: spec.maskHistory,
    cutoffs: table.cutoffs,
    onProgress: (n) => console.error(`[eval] ${n}/${cases.length} queries`),
  });

  const ours = (method: string, m: Record<string, number>): TableRow => ({
    method,
    source: "ours",
    metrics: scaleMetrics(m, table.scale),
  });
  const rows: TableRow[] = [
    ...Object.entries(base).map(([method, m]) => ours(method, m)),
    ours(`generator order (top ${table.limit})`, pipe.retrieval),
    ...(pipe.rerank ? [ours(`generator → rerank (${modelDir})`, pipe.rerank)] : []),
    ...Object.entries(publishedRows(spec.name)).map(([method, metrics]) => ({
      method,
      source: "published" as const,
      metrics,
    })),
  ];
  const cpu = process.cpuUsage(cpu0);
  const report: EvalReport = {
    dataset: spec.name,
    protocol: spec.protocol,
    holdout,
    queries: cases.length,
    totalCases: split.cases.length,
    recall: pipe.recall,
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    model: model ? modelDir : null,
    rows,
  };
  console.log(reportMarkdown(report));
  if (!values.out) return;
  const suffix = `${limitUsers === undefined ? "" : `-limit${limitUsers}`}${shard ? `-shard${shard.index}of${shard.count}` : ""}`;
  writeReport(values.out, `${stem}${suffix}`, report);
}

/** The protocol's classic baselines, counted on training data only. */
function baselines(spec: DatasetSpec): Record<string, Recommender> {
  if (spec.protocol === "leave-one-out") {
    // PopRec: the training part only (all but each user's last two items).
    return { "PopRec (train counts)": popRecommender(leaveOneOut(spec.sequences, 2).indexSequences, true) };
  }
  return {
    POP: popRecommender(spec.sequences, false),
    "S-POP": spopRecommender(spec.sequences),
    "Item-KNN": itemKnnRecommender(spec.sequences),
  };
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

void runCli({ name: "eval", usage: USAGE, options: OPTIONS }, main);
