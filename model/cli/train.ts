/**
 * `npm run train -- --dataset beauty|diginetica | --data DIR [--holdout strict|valid-visible] [--quick] [--seed 42] [--out DIR] [--precision int8]`
 * Trains the ranker on the shared candidate generator's candidates and exports it with
 * model/artifact. Without --out it writes model/artifacts/<name>-<precision>/ (git-ignored) for
 * fp32, fp16 and int8; with --out it writes one artifact (--precision, default int8) there. The run's
 * record (timings, validation metrics) is printed, and written only to --record FILE. For
 * byte-reproducible artifacts set SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { SingleBar } from "cli-progress";
import { type CliArgs, runCli, UsageError, usage } from "../../edge/dev/runCli";
import { exportModel } from "../artifact/node";
import { datasetFromArgs, holdoutTag, parseHoldout } from "../data";
import { FEATURE_SCHEMA_VERSION } from "../features";
import { RECIPES } from "../train/recipes";
import { mainMetric, runTraining } from "../train/runTraining";

const USAGE = `usage: npm run train -- --dataset beauty|diginetica | --data DIR [options]
  --data DIR              any dataset directory (outputs are named after it; see model/README.md)
  --holdout H             strict (default: never trains on a validation target) or valid-visible (leave-one-out only)
  --quick                 the small demo recipe (about a minute)
  --seed N                training seed (default 42)
  --out DIR               write one artifact there (default: model/artifacts/<name>-<precision> for each precision)
  --precision P           fp32, fp16 or int8 (with --out; default int8)
  --version V             the manifest's version (default <name>-<quick|full>-s<seed>); the edge's
                          versions are immutable, so a retrained published recipe needs a new one
  --record FILE           also write the run's record (timings, validation metrics) as JSON
  --backend wasm|cpu      tfjs backend for training (default wasm)
  --dim N --hidden A,B    architecture overrides; --budget-s S, --max-train-cases N: shorter runs
  SOURCE_DATE_EPOCH=…     fixes the manifest's createdAt (byte-reproducible artifacts)`;
const PRECISIONS = ["fp32", "fp16", "int8"] as const;
type Precision = (typeof PRECISIONS)[number];

const OPTIONS = {
  dataset: { type: "string" },
  data: { type: "string" },
  holdout: { type: "string" },
  quick: { type: "boolean", default: false },
  seed: { type: "string", default: "42" },
  out: { type: "string" },
  precision: { type: "string" },
  record: { type: "string" },
  dim: { type: "string" },
  hidden: { type: "string" },
  tag: { type: "string", default: "" },
  version: { type: "string" },
  "budget-s": { type: "string" },
  "max-train-cases": { type: "string" },
  backend: { type: "string", default: "wasm" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  const spec = usage(() => datasetFromArgs(values));
  const holdout = usage(() => parseHoldout(values.holdout, spec.protocol));
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer");
  const precision = (values.precision ?? "int8") as Precision;
  if (!PRECISIONS.includes(precision)) throw new UsageError("--precision must be fp32, fp16 or int8");

  const dim = values.dim === undefined ? undefined : Number(values.dim);
  const hidden = values.hidden === undefined ? undefined : values.hidden.split(",").map(Number);
  if ((dim !== undefined && !(dim > 0)) || hidden?.some((h) => !(h > 0)))
    throw new UsageError("bad --dim/--hidden");
  // wasm: 5.8× the CPU backend per training step here (test/bench/model-science-speed.ts); both are deterministic.
  if (values.backend !== "wasm" && values.backend !== "cpu")
    throw new UsageError("--backend must be wasm or cpu");
  if (!(await tf.setBackend(values.backend)))
    throw new Error(`tfjs backend ${values.backend} failed to start`);
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const recipe = RECIPES[spec.protocol];
  const bar = new SingleBar({
    format:
      "train |{bar}| {percentage}% | epoch {epoch} | loss {loss} | valid {valid} | ETA {eta_formatted} | {duration_formatted}",
    etaBuffer: 50,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  let barStarted = false;
  const epochs = values.quick ? recipe.quickEpochs : recipe.epochs;
  const trained = runTraining(spec, {
    quick: values.quick,
    seed,
    limit: recipe.limit,
    slots: recipe.slots,
    cuts: (values.quick ? recipe.quickCuts : recipe.cuts)[holdout],
    holdout,
    train: {
      epochs,
      batchSize: recipe.batchSize,
      learningRate: recipe.learningRate,
      validateEvery: values.quick ? undefined : recipe.validateEvery,
      pointwiseWeight: 0.1,
      l2: 1e-5,
      timeBudgetMs:
        Number(values["budget-s"] ?? (values.quick ? recipe.quickBudgetS : recipe.budgetS)) * 1000,
      onStep: ({ epoch, step, steps, loss }) => {
        if (!barStarted) {
          bar.start(steps * epochs, 0, { epoch: 1, loss: "-", valid: "-" });
          barStarted = true;
        }
        bar.update(epoch * steps + step + 1, { epoch: epoch + 1, loss: loss.toFixed(4) });
      },
      onCheckpoint: ({ epoch, step, valid }) => {
        bar.update({ valid: `${mainMetric(spec)} ${valid.toFixed(4)} @ ${epoch + 1}:${step + 1}` });
      },
      onEpoch: ({ epoch, loss, valid }) => {
        if (barStarted) bar.stop();
        barStarted = false;
        console.log(
          `epoch ${epoch + 1}: loss ${loss.toFixed(4)}, valid ${mainMetric(spec)} ${valid?.toFixed(4)}`,
        );
      },
    },
    maxTrainCases: values["max-train-cases"] === undefined ? undefined : Number(values["max-train-cases"]),
    config: { ...(dim ? { embeddingDim: dim } : {}), ...(hidden ? { hiddenUnits: hidden } : {}) },
    log: (m) => console.log(`[train] ${m}`),
  });
  if (barStarted) bar.stop();
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `[train] done in ${seconds.toFixed(0)} s wall / ${cpuSeconds.toFixed(0)} s CPU; valid rerank`,
    trained.valid.rerank,
    "retrieval",
    trained.valid.retrieval,
  );

  const createdAt = process.env.SOURCE_DATE_EPOCH
    ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString()
    : undefined;
  const strictTag = holdoutTag(spec.protocol, holdout);
  const version = values.version ?? `${spec.name}-${values.quick ? "quick" : "full"}${strictTag}-s${seed}`;
  const metrics = Object.fromEntries(Object.entries(trained.valid.rerank).map(([k, v]) => [`valid.${k}`, v]));
  const targets: [Precision, string][] = values.out
    ? [[precision, values.out]]
    : PRECISIONS.map((p) => [p, join("model/artifacts", `${spec.name}${strictTag}-${p}`)]);
  for (const [p, dir] of targets) {
    const manifest = await exportModel({
      params: trained.params,
      config: trained.config,
      version: values.out ? version : `${version}-${p}`,
      precision: p,
      featureSchemaVersion: FEATURE_SCHEMA_VERSION,
      metrics,
      referenceProfile: trained.referenceProfile,
      createdAt,
      outDir: dir,
    });
    console.log(`[train] wrote ${dir} (${p}, ${manifest.weights.bytes} weight bytes)`);
  }
  const record = {
    dataset: spec.name,
    holdout,
    quick: values.quick,
    seed,
    tag: values.tag,
    config: trained.config.hiddenUnits,
    dim: trained.config.embeddingDim,
    seconds,
    cpuSeconds,
    trainGroups: trained.trainGroups,
    valid: trained.valid,
    epochs: trained.epochs,
  };
  if (values.record) {
    mkdirSync(dirname(values.record), { recursive: true });
    writeFileSync(values.record, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`[train] wrote the run's record to ${values.record}`);
  }
}

void runCli({ name: "train", usage: USAGE, options: OPTIONS }, main);
