// Time to encode one request's candidates in Node, `npx tsx test/bench/model-encode.ts [--runs 300]`.
// model/'s `encodeBatch` (the encoder training, evaluation and the browser share) on model/'s test
// request (model/artifact/testRanker: a random history, candidates with every test feature) at 100,
// 500 and 1,000 candidates; median and p90 of `runs` timed calls after 50 warm-up calls.
// Writes test/bench/results/model-encode.json.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { testRanker, testRequest } from "../../model/artifact/testRanker.ts";
import { encodeBatch } from "../../model/features/index.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "300" } } });
const runs = Number(values.runs);
const { config } = testRanker(42);
const rows = [100, 500, 1000].map((n) => {
  const request = testRequest(7, n);
  for (let i = 0; i < 50; i++) encodeBatch(request, config);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    encodeBatch(request, config);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => +times[Math.floor(p * (times.length - 1))].toFixed(3);
  return { candidates: n, medianMs: q(0.5), p90Ms: q(0.9) };
});
const result = {
  command: `npx tsx test/bench/model-encode.ts --runs ${runs}`,
  date: new Date().toISOString(),
  node: process.version,
  load: loadavg().map((x) => +x.toFixed(1)),
  rows,
};
console.log(JSON.stringify(result, null, 1));
writeFileSync(
  resolve(import.meta.dirname, "results/model-encode.json"),
  `${JSON.stringify(result, null, 1)}\n`,
);
