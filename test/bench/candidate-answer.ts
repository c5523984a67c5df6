/**
 * The candidate answer, JSON against the binary format (model/catalog/binaryAnswer), in Node on the full
 * Beauty demo catalog (the index `npm run build-catalog` builds, without D1): per context at 100 and 500
 * candidates (the edge's cap) and at 1,000 (the home list repeated with shifted ids, as the lab page does):
 * bytes raw and gzip -9 (the browser's download), the decode a client runs (JSON.parse + the
 * well-formedness filter vs decodeAnswer) and the edge's serialisation (JSON.stringify vs encodeAnswer).
 * Median of `runs` timed calls after 20 untimed ones.
 *   npx tsx test/bench/candidate-answer.ts [--runs 100]
 * Writes test/bench/results/candidate-answer.json.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { decodeCandidates } from "../../client/candidates/decodeCandidates.ts";
import { buildCandidateIndex, generateCandidates, indexLookups } from "../../edge/candidates/index.ts";
import { DEMO_INDEX_OPTIONS } from "../../edge/catalog/index.ts";
import { decodeAnswer, encodeAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import type { CandidateRequest, CandidatesResponse } from "../../model/catalog/index.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import { median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "100" } } });
const runs = Number(values.runs);
const { items, sequences } = readBeauty();
const index = buildCandidateIndex(sequences, items, DEMO_INDEX_OPTIONS);
// Offline lookups have no BM25 (the edge's FTS5 has it): the top of a brand's items stand in for hits.
const hits = [...index.items.values()]
  .filter((it) => it.brand === "OPI")
  .map((it, i) => ({ id: it.id, score: 1 / (i + 1) }));
const lookups = { ...indexLookups(index), search: () => hits };
const cart = sequences.find((s) => s.length >= 5)!.slice(0, 4);

function timeMs(f: () => unknown): number {
  for (let i = 0; i < 20; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return +median(times).toFixed(3);
}

function answerOf(request: CandidateRequest): CandidatesResponse {
  const candidates = generateCandidates({ ...request, limit: Math.min(request.limit, 500) }, lookups);
  for (let round = 1; candidates.length < request.limit && round < 10; round++) {
    const more = candidates
      .slice(0, request.limit - candidates.length)
      .map((c) => ({ ...c, id: c.id + round * 100_000 }));
    candidates.push(...more);
  }
  return { catalogVersion: "bench", context: request.context, candidates };
}

const requests: CandidateRequest[] = [
  ...[100, 500, 1000].map((limit) => ({ context: "home" as const, limit })),
  { context: "item", item: index.popular[3].id, limit: 500 },
  { context: "cart", items: cart, limit: 500 },
  { context: "category", category: "Nail Polish", limit: 500 },
  { context: "search", query: "opi", limit: 500 },
];
const rows = requests.map((request) => {
  const answer = answerOf(request);
  const json = new TextEncoder().encode(JSON.stringify(answer));
  const binary = encodeAnswer(answer);
  return {
    context: request.context,
    candidates: answer.candidates.length,
    jsonBytes: json.byteLength,
    binaryBytes: binary.byteLength,
    jsonGzip: gzipSync(json, { level: 9 }).byteLength,
    binaryGzip: gzipSync(binary, { level: 9 }).byteLength,
    jsonDecodeMs: timeMs(() => decodeCandidates(json)),
    binaryDecodeMs: timeMs(() => decodeAnswer(binary)),
    jsonEncodeMs: timeMs(() => JSON.stringify(answer)),
    binaryEncodeMs: timeMs(() => encodeAnswer(answer)),
  };
});
const result = {
  command: `npx tsx test/bench/candidate-answer.ts --runs ${runs}`,
  date: new Date().toISOString(),
  node: process.version,
  load: loadavg().map((x) => +x.toFixed(1)),
  rows,
};
console.table(rows);
writeFileSync(
  resolve(import.meta.dirname, "results/candidate-answer.json"),
  `${JSON.stringify(result, null, 1)}\n`,
);
