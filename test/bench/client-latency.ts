/**
 * recommend() latency per tfjs backend in headless Chromium, next to the backend's floor (round trip of
 * a trivial tf op in a worker) and a naive path (fp32 weights scored on the main thread, no warm-up).
 * Runs the real SDK from the demo build (/demo/lab.html) against `wrangler dev` with the demo model.
 * Two SDK paths: candidates from memory through a custom `fetch` (no network; the page fetches and
 * transfers the bytes to the worker), and, for n ≤ 500, the default path where the scoring worker fetches
 * them from the edge (network included). The breakdown: worker time after the candidates arrived
 * (decode + inference + top k) and the inference alone (encode + forward + read back).
 *   npm run build && npx tsx test/bench/client-latency.ts [--runs 10] [--port 8806] [--backends wasm,cpu]
 * Prints a Markdown table (medians in ms) and writes JSON to test/bench/results/client-latency.json.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg("runs", 10);
const PORT = arg("port", 8806);
const only = process.argv.indexOf("--backends");
const BACKENDS = only > 0 ? process.argv[only + 1].split(",") : ["webgpu", "webgl", "wasm", "cpu"];
const SIZES = [100, 500, 1000];
/** The edge answers at most this many candidates (edge/candidates), so the edge path stops here. */
const EDGE_CAP = 500;

type Sample = { backend: string; ms: number[]; firstMs?: number; extra?: Record<string, unknown> };
type Row = {
  backend: string;
  n: number;
  floor: number;
  sdk: number;
  sdkBackend: string;
  inference: number;
  worker: number;
  edge: number;
  edgeFetch: number;
  naiveFirst: number;
  naive: number;
  longTasks: number;
  error?: string;
};

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

async function labPage(url: string, newPage: () => Promise<Page>): Promise<Page> {
  const page = await newPage();
  await page.goto(`${url}/demo/lab.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "1");
  return page;
}

// E2E_EDGE_URL reuses an edge that is already seeded (the default starts a fresh one on PORT).
const edge = process.env.E2E_EDGE_URL
  ? { url: process.env.E2E_EDGE_URL, stop: async () => {} }
  : await startEdge({ port: PORT, seed: true });
const browser = await launchBrowser();
const chromiumVersion = browser.version();
const rows: Row[] = [];
try {
  for (const backend of BACKENDS) {
    // cpu is ~100x slower than the others; fewer runs keep the benchmark bounded.
    const runs = backend === "cpu" ? Math.max(3, Math.floor(RUNS / 3)) : RUNS;
    const context = await browser.newContext();
    try {
      const page = await labPage(edge.url, () => context.newPage());
      const floor = (await page.evaluate(([b, r]) => window.lab!.floor(b, r), [
        backend,
        30,
      ] as const)) as Sample;
      for (const n of SIZES) {
        const row: Row = {
          backend,
          n,
          floor: median(floor.ms),
          sdk: Number.NaN,
          sdkBackend: "",
          inference: Number.NaN,
          worker: Number.NaN,
          edge: Number.NaN,
          edgeFetch: Number.NaN,
          naiveFirst: Number.NaN,
          naive: Number.NaN,
          longTasks: Number.NaN,
        };
        try {
          const sdk = (await page.evaluate(([b, k, r]) => window.lab!.recommendLatency(b, k, r), [
            backend,
            n,
            runs,
          ] as const)) as Sample;
          row.sdk = median(sdk.ms);
          row.sdkBackend = sdk.backend;
          row.inference = median((sdk.extra?.inferenceMs as number[]) ?? []);
          row.worker = median((sdk.extra?.workerMs as number[]) ?? []);
          row.longTasks = Number(sdk.extra?.longTasks ?? Number.NaN);
          if (n <= EDGE_CAP) {
            const viaEdge = (await page.evaluate(
              ([b, k, r]) => window.lab!.recommendLatency(b, k, r, 3, true),
              [backend, n, runs] as const,
            )) as Sample;
            row.edge = median(viaEdge.ms);
            row.edgeFetch = median((viaEdge.extra?.fetchMs as number[]) ?? []);
            row.longTasks += Number(viaEdge.extra?.longTasks ?? 0);
          }
          // A fresh page per naive run: "no warm-up" means no kernel compiled by an earlier size either.
          const naivePage = await labPage(edge.url, () => context.newPage());
          const naive = (await naivePage.evaluate(([b, k, r]) => window.lab!.naive(b, k, r), [
            backend,
            n,
            runs,
          ] as const)) as Sample;
          await naivePage.close();
          row.naiveFirst = naive.firstMs ?? Number.NaN;
          row.naive = median(naive.ms);
        } catch (error) {
          row.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
        }
        rows.push(row);
        console.error(`${backend} n=${n}: ${JSON.stringify(row)}`);
      }
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await edge.stop();
}

console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)}, ` +
    `headless Chromium ${chromiumVersion}; runs per cell: ${RUNS} (cpu: ${Math.max(3, Math.floor(RUNS / 3))}); medians in ms.\n`,
);
console.log(
  "| backend | candidates | floor | recommend() | × floor | worker (decode + inference + top k) | inference | " +
    "recommend() from edge | of which network | naive first call | naive steady | long tasks |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const label = r.sdkBackend && r.sdkBackend !== r.backend ? `${r.backend} (got ${r.sdkBackend})` : r.backend;
  console.log(
    `| ${label} | ${r.n} | ${fmt(r.floor)} | ${fmt(r.sdk)} | ${fmt(r.sdk / r.floor)} | ${fmt(r.worker)} | ` +
      `${fmt(r.inference)} | ${fmt(r.edge)} | ${fmt(r.edgeFetch)} | ${fmt(r.naiveFirst)} | ${fmt(r.naive)} | ${Number.isFinite(r.longTasks) ? r.longTasks : "–"} |${r.error ? ` ${r.error}` : ""}`,
  );
}
writeFileSync(
  resolve(import.meta.dirname, "results/client-latency.json"),
  `${JSON.stringify(rows, null, 2)}\n`,
);
