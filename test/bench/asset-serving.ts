/**
 * What local `wrangler dev` costs a cold visit's requests, apart from the browser: the files and API
 * answers a cold first visit of /demo/embed.html asks for after its load event (the SDK's lazy chunks, the
 * scoring worker's script and modules, both `.wasm` binaries, the assignment, the weights, the
 * candidates), fetched from Node one after another and then all at once, per round. One after another
 * gives each request's own cost (the Node proxy and workerd in front of the static assets); all at once
 * shows whether the server overlaps them. Cloudflare serves /sdk/* from its CDN, so this cost is the local
 * harness's, not a deployment's.
 *   npm run build && npx tsx test/bench/asset-serving.ts [--rounds 3] [--port 8807] [--out asset-serving]
 * Writes test/bench/results/<out>.json.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startEdge } from "../e2e/harness/index.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "8807" },
    out: { type: "string", default: "asset-serving" },
  },
});
const ROUNDS = Number(values.rounds);
const sdk = resolve(import.meta.dirname, "../../dist/public/sdk");
const files = (dir: string, name: RegExp) =>
  readdirSync(resolve(sdk, dir))
    .filter((f) => name.test(f))
    .map((f) => `/sdk/${dir}/${f}`);

type Timed = { path: string; bytes: number; ms: number };
const loadAtStart = loadavg().map((x) => +x.toFixed(1));
const edge = await startEdge({ port: Number(values.port), seed: true });
const rounds: { serial: Timed[]; concurrent: Timed[]; concurrentWallMs: number }[] = [];
try {
  const assignment = (await (await fetch(`${edge.url}/v1/model?bucket=1`)).json()) as {
    manifest: { url: string };
    files: { url: string }[];
  };
  const paths = [
    ...files("chunks", /^(startModel|startTelemetry|startContributions|identifiers)-.*\.js$/),
    ...files("assets", /^(worker|serveRequests|tfjs|wasm|activateBackend|rolldown-runtime)-.*\.js$/),
    ...files("assets", /\.wasm$/),
    "/v1/model?bucket=1",
    new URL(assignment.manifest.url, edge.url).pathname,
    ...assignment.files.map((f) => new URL(f.url, edge.url).pathname),
    "/v1/candidates?context=home&limit=200",
  ];
  const get = async (path: string): Promise<Timed> => {
    const started = performance.now();
    const response = await fetch(`${edge.url}${path}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    return { path, bytes, ms: performance.now() - started };
  };
  for (let round = 0; round < ROUNDS; round++) {
    const serial: Timed[] = [];
    for (const path of paths) serial.push(await get(path));
    const started = performance.now();
    const concurrent = await Promise.all(paths.map(get));
    rounds.push({ serial, concurrent, concurrentWallMs: performance.now() - started });
  }
} finally {
  await edge.stop();
}

const sum = (xs: Timed[]) => xs.reduce((n, t) => n + t.ms, 0);
console.log(`${rounds[0]?.serial.length ?? 0} requests a round, load average ${loadAtStart[0]} at the start`);
console.log(
  "| round | one after another: sum | per request (median) | all at once: wall |\n|---|---:|---:|---:|",
);
rounds.forEach((r, i) => {
  const sorted = r.serial.map((t) => t.ms).sort((a, b) => a - b);
  const mid = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `| ${i + 1} | ${sum(r.serial).toFixed(0)} ms | ${mid.toFixed(1)} ms | ${r.concurrentWallMs.toFixed(0)} ms |`,
  );
});
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify({ date: new Date().toISOString(), loadAtStart, loadAtEnd: loadavg(), rounds }, null, 2)}\n`,
);
