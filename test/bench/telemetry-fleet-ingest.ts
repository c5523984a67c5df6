// Ingest benchmark of POST /v1/telemetry against `wrangler dev` on loopback (telemetry-fleet): the
// whole route, with the shared parser, the sketch bounds and the registry check.
//   node --expose-gc --import tsx test/bench/telemetry-fleet-ingest.ts [--runs 3] [--reports 5000] [--concurrency 64] [--sizes 1000,10000,100000]
// 1. Throughput: `runs` bursts of `reports` fresh reports each; reports/s per run (median reported).
// 2. Zero loss: count of 202 answers = count merged, read back from every FleetAggregator shard
//    (GET /v1/fleet/shards) and from the D1 rollups after the alarm flush (GET /v1/fleet/overview).
// 3. State size: one version receives 10^3, 10^4 (, 10^5 with --sizes) reports over HTTP; after each
//    step the shards' SQLite size, encoded aggregate bytes and reportId-set size are read back.
// 4. The same aggregate code in this Node process for 10^3..10^5 reports: encoded bytes and heap.
// Baseline from the same run: GET /healthz at the same concurrency (the floor of wrangler dev's
// request pipeline on this machine), and the load average while measuring.
// Writes test/bench/results/telemetry-fleet-ingest.json (or --out). Port 8803 (telemetry-fleet's).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { addReport, decodeSlice, emptySlice, encodeSlice, type SliceAggregate } from "../../telemetry/fleet";
import { syntheticReport } from "../../telemetry/simulator/syntheticReport";
import { seededRng } from "../../telemetry/util/rng";
import { publishTestModel, startEdge } from "../e2e/harness";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    reports: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "64" },
    sizes: { type: "string", default: "1000,10000" },
    nodeSizes: { type: "string", default: "1000,10000,100000" },
    port: { type: "string", default: "8803" },
    out: { type: "string", default: "test/bench/results/telemetry-fleet-ingest.json" },
  },
});
const runs = Number(values.runs);
const perRun = Number(values.reports);
const concurrency = Number(values.concurrency);
const sizes = String(values.sizes).split(",").map(Number);
const rng = seededRng(42);

type ShardStats = {
  shard: number;
  merged: number;
  pending: number;
  seenIds: number;
  storageBytes: number;
  aggregateBytes: number;
};

async function send(
  url: string,
  bodies: string[],
  path: "/v1/telemetry" | "/healthz" = "/v1/telemetry",
): Promise<{ seconds: number; byStatus: Record<number, number> }> {
  const byStatus: Record<number, number> = {};
  const samples: Record<number, string> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      let status = 0;
      try {
        const res =
          path === "/healthz"
            ? await fetch(`${url}${path}`)
            : await fetch(`${url}${path}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body,
              });
        status = res.status;
        const text = await res.text();
        if (status >= 300 && !(status in samples)) samples[status] = text.slice(0, 200);
      } catch {
        status = 0;
      }
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const [status, text] of Object.entries(samples)) console.log(`  first ${status} answer: ${text}`);
  return { seconds: (performance.now() - started) / 1000, byStatus };
}

function reports(version: string, n: number): string[] {
  const backends = ["webgpu", "webgl", "wasm", "cpu"] as const;
  const browsers = ["chrome", "safari", "firefox", "edge"] as const;
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      syntheticReport(rng, {
        modelVersion: version,
        backend: backends[i % 4],
        browserFamily: browsers[(i >> 2) % 4],
      }),
    ),
  );
}

async function shards(url: string, token: string, version: string): Promise<ShardStats[]> {
  const res = await fetch(`${url}/v1/fleet/shards?version=${version}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`shards: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { shards: ShardStats[] }).shards;
}

async function flushedReports(url: string, version: string, expected: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  let seen = -1;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/v1/fleet/overview?hours=2`);
    const body = (await res.json()) as { versions: { version: string; stats: { reports?: number } }[] };
    seen = body.versions.find((v) => v.version === version)?.stats.reports ?? 0;
    if (seen === expected) return seen;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return seen;
}

/** Heap in use after a full GC when node runs with --expose-gc (NaN otherwise). */
function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  gc();
  return process.memoryUsage().heapUsed;
}

const sum = (xs: ShardStats[], key: keyof ShardStats) => xs.reduce((s, x) => s + x[key], 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const edge = await startEdge({ port: Number(values.port) });
try {
  // Reports are only aggregated for registered versions (422 unknown_version otherwise).
  for (const version of ["bench-warm", "bench-rate", "bench-size"]) await publishTestModel(edge, version);
  // Warm-up: the first requests compile the Worker and create the objects.
  await send(edge.url, reports("bench-warm", 200));

  const throughput: {
    reports: number;
    seconds: number;
    perSecond: number;
    healthzPerSecond: number;
    load1: number;
    byStatus: Record<number, number>;
  }[] = [];
  let accepted = 0;
  for (let r = 0; r < runs; r++) {
    const bodies = reports("bench-rate", perRun);
    const base = await send(edge.url, bodies, "/healthz");
    const { seconds, byStatus } = await send(edge.url, bodies);
    accepted += byStatus[202] ?? 0;
    const row = {
      reports: perRun,
      seconds,
      perSecond: perRun / seconds,
      healthzPerSecond: perRun / base.seconds,
      load1: loadavg()[0],
      byStatus,
    };
    throughput.push(row);
    console.log(`run ${r + 1}: ${JSON.stringify(row)}`);
  }
  const mergedInShards = sum(await shards(edge.url, edge.token, "bench-rate"), "merged");
  const mergedInD1 = await flushedReports(edge.url, "bench-rate", accepted);
  console.log(`accepted ${accepted}, merged in shards ${mergedInShards}, in D1 rollups ${mergedInD1}`);

  const state: {
    reports: number;
    storageBytes: number;
    aggregateBytes: number;
    seenIds: number;
    pending: number;
    merged: number;
  }[] = [];
  let total = 0;
  for (const size of sizes) {
    while (total < size) {
      const n = Math.min(10_000, size - total);
      await send(edge.url, reports("bench-size", n));
      total += n;
    }
    const s = await shards(edge.url, edge.token, "bench-size");
    const row = {
      reports: total,
      merged: sum(s, "merged"),
      storageBytes: sum(s, "storageBytes"),
      aggregateBytes: sum(s, "aggregateBytes"),
      seenIds: sum(s, "seenIds"),
      pending: sum(s, "pending"),
    };
    state.push(row);
    console.log(`state after ${total}: ${JSON.stringify(row)}`);
  }
  const inProcess: { reports: number; aggregateBytes: number; heapBytes: number }[] = [];
  const nodeSizes = String(values.nodeSizes).split(",").map(Number);
  const slices = new Map<string, SliceAggregate>();
  let folded = 0;
  for (const size of nodeSizes) {
    for (; folded < size; folded++) {
      const report = syntheticReport(rng, {
        modelVersion: "node",
        backend: (["webgpu", "webgl", "wasm", "cpu"] as const)[folded % 4],
        browserFamily: (["chrome", "safari", "firefox", "edge"] as const)[(folded >> 2) % 4],
      });
      const key = `${report.backend}|${report.browserFamily}`;
      slices.set(key, addReport(slices.get(key) ?? emptySlice(), report));
    }
    const encoded = [...slices.values()].map(encodeSlice);
    // Heap of the aggregate = heap growth when a decoded copy of it is held (GC before and after).
    const before = heapUsed();
    const copy = encoded.map(decodeSlice);
    const heapBytes = heapUsed() - before;
    inProcess.push({ reports: size, aggregateBytes: encoded.reduce((n, e) => n + e.length, 0), heapBytes });
    console.log(`in-process after ${size}: ${JSON.stringify(inProcess.at(-1))} (${copy.length} slices)`);
  }
  const result = {
    command: process.argv.slice(1).join(" "),
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    inProcess,
    concurrency,
    reportBytesMedian: median(reports("bench-size-probe", 50).map((b) => b.length)),
    throughput,
    medianPerSecond: median(throughput.map((t) => t.perSecond)),
    zeroLoss: { accepted, mergedInShards, mergedInD1, lost: accepted - mergedInD1 },
    state,
  };
  const out = resolve(import.meta.dirname, "../..", String(values.out));
  await mkdir(resolve(out, ".."), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    JSON.stringify({ medianPerSecond: result.medianPerSecond, zeroLoss: result.zeroLoss }, null, 2),
  );
} finally {
  await edge.stop();
}
