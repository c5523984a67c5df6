// CPU per item request of the candidate generator, `npx tsx test/bench/catalog-generator-cpu.ts [--requests 2000]`.
// The demo catalog's index (all Beauty sequences, DEMO_INDEX_OPTIONS, as `npm run build-catalog`
// builds it) and the pure generator the `/v1/candidates?context=item&limit=100` route runs, in Node:
// a first (cold, JIT warming) pass and a second pass over the same random items, per-request wall
// time and process CPU. Writes test/bench/results/catalog-generator-cpu.json.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildCandidateIndex, generateCandidates, indexLookups } from "../../edge/candidates/index.ts";
import { DEMO_INDEX_OPTIONS } from "../../edge/catalog/buildCatalog.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import { seededRng } from "../../telemetry/util/rng.ts";

const { values } = parseArgs({ options: { requests: { type: "string", default: "2000" } } });
const requests = Number(values.requests);
const { items, sequences } = readBeauty();
const index = buildCandidateIndex(sequences, items, DEMO_INDEX_OPTIONS);
const lookups = indexLookups(index);
const ids = [...index.items.keys()];
const rng = seededRng(1);
const sample = Array.from({ length: requests }, () => ids[Math.floor(rng() * ids.length)]);

function pass() {
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  let candidates = 0;
  for (const item of sample) {
    const t = performance.now();
    candidates += generateCandidates({ context: "item", item, limit: 100 }, lookups).length;
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const q = (p: number) => +times[Math.floor(p * (times.length - 1))].toFixed(3);
  return {
    cpuMsPerRequest: +((cpu.user + cpu.system) / 1000 / requests).toFixed(3),
    wallMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) },
    candidatesPerRequest: +(candidates / requests).toFixed(1),
  };
}

const cold = pass();
const warm = pass();
const result = {
  command: `npx tsx test/bench/catalog-generator-cpu.ts --requests ${requests}`,
  date: new Date().toISOString(),
  node: process.version,
  load: (await import("node:os")).loadavg().map((x) => +x.toFixed(1)),
  items: ids.length,
  requests,
  cold,
  warm,
};
console.log(JSON.stringify(result, null, 1));
writeFileSync(
  resolve(import.meta.dirname, "results/catalog-generator-cpu.json"),
  `${JSON.stringify(result, null, 1)}\n`,
);
