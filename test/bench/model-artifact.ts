/**
 * model-artifact bench: bytes per precision (raw and gzip), the metric delta of fp16 / int8 against fp32,
 * and the Node forward-pass latency for 500 candidates on the cpu and wasm backends, with the round trip
 * of a trivial tf op as the floor, all in one run. Markdown tables on stdout.
 *
 *   npx tsx test/bench/model-artifact.ts [--fp32 <artifact dir>] [--runs 40] [--eval-cases N]
 *
 * --fp32: an fp32 artifact folder written by the train CLI. Without it the bench uses model/'s ranker at
 * its default size with N(0, 0.3²) weights (sizes and latency only; it says so). --eval-cases caps the
 * Beauty validation queries of the metric delta (default: all of them).
 */
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import {
  type ArtifactFile,
  buildArtifact,
  buildReferenceProfile,
  loadModel,
  type Manifest,
  type Precision,
} from "../../model/artifact";
import { readArtifactDir } from "../../model/artifact/node";
import { testRanker, testRequest } from "../../model/artifact/testRanker";
import { encodeBatch } from "../../model/features";
import { defaultConfig, type RankerConfig, type RankerParams, scoreCandidates } from "../../model/ranker";
import { metricDeltas } from "./model-artifact/metricDelta";
import { benchBackend, median, setWasmBackend, timeRuns } from "./model-artifact/timing";

const { values: args } = parseArgs({
  options: {
    fp32: { type: "string" },
    runs: { type: "string", default: "40" },
    "eval-cases": { type: "string", default: "100000" },
  },
});
const runs = Number(args.runs);
const PRECISIONS: Precision[] = ["fp32", "fp16", "int8"];

type Source = { params: RankerParams; config: RankerConfig; label: string; trained: boolean };

async function sourceModel(): Promise<Source> {
  if (args.fp32) {
    const dir = await readArtifactDir(args.fp32);
    if (dir.manifest.precision !== "fp32")
      throw new Error(`${args.fp32} is ${dir.manifest.precision}, not fp32`);
    const byPath = new Map(dir.files.map((f) => [f.path, f.data]));
    const { params, config } = await loadModel(dir.manifest, async (p) => byPath.get(p)!.slice().buffer);
    return { params, config, label: `trained ${dir.manifest.version} (${args.fp32})`, trained: true };
  }
  const size = defaultConfig([]);
  const { config, params } = testRanker(42, {
    itemBuckets: size.itemBuckets,
    categoryBuckets: size.categoryBuckets,
  });
  return {
    params,
    config,
    label: "model/ ranker at its default size, random N(0, 0.3²) weights",
    trained: false,
  };
}

const gzipBytes = (files: ArtifactFile[]) =>
  files.reduce((n, f) => n + gzipSync(f.data, { level: 9 }).length, 0);

async function main(): Promise<void> {
  await tf.setBackend("cpu");
  const source = await sourceModel();
  const { params, config } = source;
  console.log(`model: ${source.label}`);
  console.log(`node ${process.version}, tfjs ${tf.version.tfjs}; ${runs} timed runs per latency figure\n`);

  const artifacts = new Map<Precision, { manifest: Manifest; files: ArtifactFile[] }>();
  console.log(
    "| precision | weights raw B | weights gzip -9 B | fp32 / this (raw) | fp32 / this (gzip) | manifest.json B | max |Δp| vs fp32, 500 candidates |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  const probe = encodeBatch(testRequest(9, 500), config);
  let fp32Scores: Float32Array | undefined;
  for (const precision of PRECISIONS) {
    const built = await buildArtifact({
      params,
      config,
      version: `bench-${precision}`,
      precision,
      metrics: {},
      referenceProfile: buildReferenceProfile([]),
    });
    artifacts.set(precision, built);
    const raw = built.manifest.weights.bytes;
    const gzip = gzipBytes(built.files);
    const base = artifacts.get("fp32")!;
    const ratioRaw = base.manifest.weights.bytes / raw;
    const ratioGzip = gzipBytes(base.files) / gzip;
    const manifestBytes = Buffer.byteLength(JSON.stringify(built.manifest, null, 2));
    // Scores of the decoded artifact on one request: shows what quantization moves, candidate by candidate.
    const byPath = new Map(built.files.map((f) => [f.path, f.data]));
    const decoded = await loadModel(built.manifest, async (p) => byPath.get(p)!.slice().buffer);
    const scores = scoreCandidates(decoded.params, config, probe);
    tf.dispose(Object.values(decoded.params));
    fp32Scores ??= scores;
    const gap = scores.reduce((m, s, i) => Math.max(m, Math.abs(s - fp32Scores![i])), 0);
    console.log(
      `| ${precision} | ${raw} | ${gzip} | ${ratioRaw.toFixed(2)}× | ${ratioGzip.toFixed(2)}× | ${manifestBytes} | ${gap.toExponential(1)} |`,
    );
  }

  if (source.trained) await printMetricDeltas(artifacts);
  else console.log("\n(no metric delta: random weights; pass --fp32 <trained fp32 artifact dir>)");

  const request = testRequest(5, 500);
  const encodeMs = median(timeRuns(() => encodeBatch(request, config), 10, runs));
  console.log(`\nencodeBatch, 500 candidates (plain JS, no tf): median ${encodeMs.toFixed(2)} ms`);
  const encoded = encodeBatch(request, config);
  console.log(
    "\n| backend | floor: trivial op round trip | scoreCandidates, 500 candidates: median | p90 | median / floor |",
  );
  console.log("|---|---:|---:|---:|---:|");
  for (const backend of ["cpu", "wasm"]) {
    const r = await benchBackend(backend, artifacts.get("int8")!, config, encoded, runs);
    const cells = [`${r.floor.toFixed(3)} ms`, `${r.median.toFixed(2)} ms`, `${r.p90.toFixed(2)} ms`];
    console.log(`| ${backend} | ${cells.join(" | ")} | ${(r.median / r.floor).toFixed(0)}× |`);
  }
}

async function printMetricDeltas(artifacts: Map<Precision, { manifest: Manifest; files: ArtifactFile[] }>) {
  // wasm scores ~4× faster than cpu here and every precision runs on it, so the comparison stays paired.
  await setWasmBackend();
  const { rows, cases } = await metricDeltas(artifacts, Number(args["eval-cases"]), (m) =>
    console.error(`[metric] ${m}`),
  );
  const names = ["NDCG@10", "HR@10", "NDCG@20", "HR@20"];
  console.log(`\nBeauty validation (${cases} held-out users, generator top 200 → rerank), backend wasm`);
  console.log(`| precision | ${names.join(" | ")} | NDCG@10 vs fp32 (relative) |`);
  console.log(`|---|${names.map(() => "---:").join("|")}|---:|`);
  const base = rows.find((r) => r.precision === "fp32")!.metrics["NDCG@10"];
  for (const { precision, metrics } of rows) {
    const rel = ((metrics["NDCG@10"] - base) / base) * 100;
    const cells = names.map((n) => metrics[n].toFixed(6));
    console.log(`| ${precision} | ${cells.join(" | ")} | ${rel >= 0 ? "+" : ""}${rel.toFixed(3)}% |`);
  }
  await tf.setBackend("cpu");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
