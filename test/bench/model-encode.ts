/**
 * The scoring worker's per-request path in Node, stage by stage, on the wasm backend (the goal backend of
 * issue 15) with the committed demo model, on Beauty home candidates from the real generator (the edge's
 * binary answer; 1,000 = the 500-candidate list repeated with shifted ids, as the lab page does):
 *   decode   decodeColumns (every value checked, the columns viewed in place)
 *   encode   encodeBatch on those columns (the encoder training, evaluation and the browser share)
 *   forward  scoreCandidates: tensors, the forward pass with folded constants and the host gather, read-back
 *   top k    rankItems for k = 10 (the only Candidate objects made)
 * in three cases: a new answer every call (two answers with different items, alternating, each decoded anew:
 * nothing of the call before can be reused), the same answer again (decoded once: the worker keeps a
 * decoded answer while the edge's ETag holds, so the encoder's candidate side and the host gather's
 * candidate rows are reused; the history is the same too), and the same bytes decoded anew every call (a
 * custom `fetch`, which sends no ETag: the lab page's 1,000-candidate path); each with an 8-item history
 * and with none (a first visit: the lab page's calls). And
 * the dispatch floor of the forward stage: as many trivial ops as it dispatches kernels (tf.profile),
 * chained on a 1-element tensor, with one read-back. And, for continuity with earlier rounds, encodeBatch
 * on model/'s synthetic test request (candidate objects).
 * Median and p90 of `runs` timed calls after 50 warm-up calls, the stages interleaved per call.
 *   npx tsx test/bench/model-encode.ts [--runs 300]
 * Writes test/bench/results/model-encode.json.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import { rankItems } from "../../client/recommender/rankItems.ts";
import { testRanker, testRequest } from "../../model/artifact/testRanker.ts";
import { decodeColumns, encodeAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import { encodeBatch } from "../../model/features/index.ts";
import { scoreCandidates } from "../../model/ranker/index.ts";
import { beautyHome, demoModelOnWasm } from "./demoWasmScoring.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "300" } } });
const runs = Number(values.runs);
const loadAtStart = loadavg().map((x) => +x.toFixed(1));

const { config, params, gather } = await demoModelOnWasm();
const { candidatesOf, eightItems, categoriesOf } = beautyHome();

/** The edge's binary answer with n home candidates; `shift` moves every id (another answer, same shape). */
function answerOf(n: number, shift = 0): Uint8Array {
  const shifted = candidatesOf(n).map((c) => ({ ...c, id: c.id + shift }));
  return encodeAnswer({ catalogVersion: "bench", context: "home", candidates: shifted });
}

const quantiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => +sorted[Math.floor(p * (sorted.length - 1))].toFixed(3);
  return { medianMs: q(0.5), p90Ms: q(0.9) };
};

/** How a call gets its answer (see the header). */
type AnswerCase = "new" | "same" | "same bytes";
const ANSWER_LABEL: Record<AnswerCase, string> = {
  new: "a new one each call",
  same: "the same each call",
  "same bytes": "the same bytes, decoded each call",
};

/**
 * One request's stages, timed in order, `runs` times after 50 untimed ones, for the answer case and a
 * history of `historyLength` items.
 */
async function pipeline(n: number, answerCase: AnswerCase, historyLength: number) {
  const history = eightItems.slice(0, historyLength);
  const historyCategories = categoriesOf(history);
  const answers = [answerOf(n), answerOf(n, 7)];
  const kept = decodeColumns(answers[0]);
  const repeat = answerCase === "same";
  const stages = {
    decode: [] as number[],
    encode: [] as number[],
    forward: [] as number[],
    topK: [] as number[],
  };
  for (let i = 0; i < 50 + runs; i++) {
    const t0 = performance.now();
    const bytes = answerCase === "new" ? answers[i % 2] : answers[0];
    const { columns, candidate } = repeat ? kept : decodeColumns(bytes);
    const t1 = performance.now();
    const encoded = encodeBatch({ history, historyCategories, candidates: columns }, config);
    const t2 = performance.now();
    const scores = scoreCandidates(params, config, encoded, gather);
    const t3 = performance.now();
    const top = rankItems({ length: columns.length, at: candidate }, 10, {
      scores,
      backend: "wasm",
      version: "v",
    });
    const t4 = performance.now();
    if (top.length !== 10) throw new Error("top k missing");
    if (i < 50) continue;
    stages.decode.push(t1 - t0);
    stages.encode.push(t2 - t1);
    stages.forward.push(t3 - t2);
    stages.topK.push(t4 - t3);
  }
  const total = stages.decode.map((d, i) => d + stages.encode[i] + stages.forward[i] + stages.topK[i]);
  const encoded = encodeBatch({ history, historyCategories, candidates: kept.columns }, config);
  const kernels = (await tf.profile(() => scoreCandidates(params, config, encoded, gather))).kernels.length;
  return {
    candidates: n,
    answer: ANSWER_LABEL[answerCase],
    historyItems: historyLength,
    kernels,
    dispatchFloor: quantiles(dispatchChain(kernels)),
    decode: quantiles(stages.decode),
    encode: quantiles(stages.encode),
    forward: quantiles(stages.forward),
    topK: quantiles(stages.topK),
    total: quantiles(total),
  };
}

/** ms of `k` trivial ops chained on one element, then one read-back: what k dispatches cost at no work. */
function dispatchChain(k: number): number[] {
  const one = tf.scalar(1);
  const times: number[] = [];
  for (let i = 0; i < 50 + runs; i++) {
    const started = performance.now();
    const out = tf.tidy(() => {
      let x = one;
      for (let j = 0; j < k; j++) x = tf.add(x, one);
      return x;
    });
    out.dataSync();
    out.dispose();
    if (i >= 50) times.push(performance.now() - started);
  }
  one.dispose();
  return times;
}

/** encodeBatch on the synthetic test request (candidate objects), as earlier rounds measured it. */
function testEncode(n: number) {
  const test = testRanker(42).config;
  const request = testRequest(7, n);
  for (let i = 0; i < 50; i++) encodeBatch(request, test);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    encodeBatch(request, test);
    times.push(performance.now() - t);
  }
  return { candidates: n, ...quantiles(times) };
}

const sizes = [100, 500, 1000];
const result = {
  command: `npx tsx test/bench/model-encode.ts --runs ${runs}`,
  date: new Date().toISOString(),
  node: process.version,
  backend: tf.getBackend(),
  loadAtStart,
  loadAtEnd: [] as number[],
  pipeline: [] as Awaited<ReturnType<typeof pipeline>>[],
  testRequestEncode: sizes.map(testEncode),
};
for (const n of sizes) {
  for (const historyLength of [8, 0]) {
    for (const answerCase of ["new", "same", "same bytes"] as const) {
      result.pipeline.push(await pipeline(n, answerCase, historyLength));
    }
  }
}
result.loadAtEnd = loadavg().map((x) => +x.toFixed(1));
console.log(JSON.stringify(result, null, 1));
writeFileSync(
  resolve(import.meta.dirname, "results/model-encode.json"),
  `${JSON.stringify(result, null, 1)}\n`,
);
