/**
 * recommend() latency per tfjs backend in headless Chromium, next to the backend's floors, all measured in
 * one page per backend: the page↔worker round trip (a message with no tf work), the in-worker dispatch
 * floor (one trivial tf op with its read-back, timed in the worker), and the compute floor (the model's
 * own matrix products at its shapes for n candidates, timed on that backend: its FLOPs at the measured
 * matmul rate). With --naive, also a naive path (fp32 weights on the main thread, no warm-up).
 * Runs the real SDK from the demo build (/demo/lab.html) against `wrangler dev` with the demo model.
 * Two SDK paths: candidates from memory through a custom `fetch` (no network; the page fetches and
 * transfers the bytes to the worker), and, for n ≤ 500, the default path where the scoring worker fetches
 * them from the edge (network included): every call after the first within the edge's max-age ranks the
 * answer the worker holds, with no request, so its fetch reads 0. The breakdown: the fetch (headers and body), the worker's time
 * after the answer arrived (decode + inference + top k) and the inference alone (encode + forward + read
 * back); decode + top k is their difference, and the decode alone is timed in the worker
 * (status().lastDecodeMs). With --idle-ms N, each cell pauses N ms between its untimed and timed calls
 * (a shopper between pages) and runs twice, interleaved: with the worker's idle warm-up and with it
 * stopped (the page "hidden"); the first timed call is reported beside the medians, and the warm-up calls
 * run before it (status().idleWarmUp). With --history N the shopper has viewed N items first, so every call
 * scores with that history (default 0: a first visit's empty history, which skips the attention). With
 * --gap-ms N the page pauses N ms after each timed call (default 0: back to back, so what one call leaves
 * running on the worker's thread or the machine meets the next call).
 *   npm run build && npx tsx test/bench/client-latency.ts [--runs 10] [--port 8806] [--backends wasm,cpu] [--naive] [--idle-ms 1500] [--history 8] [--gap-ms 20] [--out NAME]
 * Prints a Markdown table (medians in ms) and writes JSON to test/bench/results/client-latency.json (or
 * results/NAME.json, so a run of some backends keeps the full run's raw results beside it).
 */

import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    port: { type: "string", default: "8806" },
    naive: { type: "boolean", default: false },
    "idle-ms": { type: "string", default: "0" },
    history: { type: "string", default: "0" },
    "gap-ms": { type: "string", default: "0" },
    backends: { type: "string", default: "webgpu,webgl,wasm,cpu" },
    out: { type: "string", default: "client-latency" },
  },
});
const RUNS = Number(values.runs);
const PORT = Number(values.port);
const NAIVE = values.naive;
const IDLE_MS = Number(values["idle-ms"]);
/** Items the shopper has viewed before the timed calls (0: the empty history of a first visit). */
const HISTORY = Number(values.history);
/** A pause after each timed call, ms (0: the calls run back to back). */
const GAP_MS = Number(values["gap-ms"]);
const BACKENDS = values.backends.split(",");
const OUT = values.out;
const SIZES = [100, 500, 1000];
/** The edge answers at most this many candidates (edge/candidates), so the edge path stops here. */
const EDGE_CAP = 500;

type Sample = { backend: string; ms: number[]; firstMs?: number; extra?: Record<string, unknown> };
type Floors = {
  backend: string;
  roundTripMs: number[];
  opMs: number[];
  compute: Record<
    number,
    { matmulMs: Record<string, number>; matmulFlops: Record<string, number>; flops: number; ms: number }
  >;
};
type Row = {
  backend: string;
  n: number;
  /** With --idle-ms: whether the worker's idle warm-up ran in the pause or was stopped. */
  warmUp?: "on" | "stopped";
  /** Page↔worker round trip with no tf work. */
  roundTrip: number;
  /** One trivial tf op with read-back, inside the worker. */
  opFloor: number;
  /** The model's matrix products at n on this backend: the sum of their measured times. */
  computeFloor: number;
  /** The same FLOPs at the best rate any of those products reached (a stricter floor). */
  strictFloor: number;
  flops: number;
  sdkBackend: string;
  /** recommend() with candidates from the edge (n ≤ 500), fetched by the worker. */
  edge: number;
  /** The fetch of the path that serves n, headers and body: the worker's from the edge, or the page's own. */
  fetch: number;
  /** recommend() with candidates through a custom fetch (the page fetches, the bytes are transferred). */
  custom: number;
  inference: number;
  worker: number;
  /** The decode alone (status().lastDecodeMs, part of `worker`): median of the calls. */
  decode: number;
  /** The first timed recommend() and its inference, on the path that serves n. */
  first: number;
  inferenceFirst: number;
  /** The worker's idle warm-up calls before the first timed call, and their ms (the path that serves n). */
  warmUpCalls: number;
  warmUpMs: number;
  naiveFirst: number;
  naive: number;
  longTasks: number;
  /**
   * The same timed calls one by one, on the path that serves n: recommend(), its inference and its fetch
   * (status() read after each call), ms.
   */
  calls?: { recommend: number[]; inference: number[]; fetch: number[]; worker?: number[]; decode?: number[] };
  error?: string;
};

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const loadAtStart = loadavg();

/** The model's FLOPs at n at the best rate (FLOPs ÷ ms) that any one of its products reached. */
function strictFloor(c: Floors["compute"][number] | undefined): number {
  if (!c) return Number.NaN;
  const rates = Object.keys(c.matmulMs).map((name) => c.matmulFlops[name] / c.matmulMs[name]);
  return c.flops / Math.max(...rates.filter(Number.isFinite));
}

async function labPage(url: string, newPage: () => Promise<Page>): Promise<Page> {
  const page = await newPage();
  await page.goto(`${url}/demo/lab.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "1");
  return page;
}

/** recommend() on `page` for `backend` and n candidates, on the custom-fetch path or from the edge. */
async function sdkSample(
  page: Page,
  backend: string,
  n: number,
  runs: number,
  viaEdge: boolean,
  stop = false,
) {
  return (await page.evaluate(
    ([b, k, r, e, idle, s, h, gap]) => window.lab!.recommendLatency(b, k, r, 3, e, false, idle, s, h, gap),
    [backend, n, runs, viaEdge, IDLE_MS, stop, HISTORY, GAP_MS] as const,
  )) as Sample;
}

/** One row: recommend() for n candidates on `page`, on both SDK paths, with the breakdown of the one serving n. */
async function measureRow(
  page: Page,
  backend: string,
  n: number,
  runs: number,
  floors: Floors,
  context: BrowserContext,
  stop: boolean | undefined,
): Promise<Row> {
  const row: Row = {
    backend,
    n,
    ...(stop === undefined ? {} : { warmUp: stop ? ("stopped" as const) : ("on" as const) }),
    roundTrip: median(floors.roundTripMs),
    opFloor: median(floors.opMs),
    computeFloor: floors.compute[n]?.ms ?? Number.NaN,
    strictFloor: strictFloor(floors.compute[n]),
    flops: floors.compute[n]?.flops ?? Number.NaN,
    sdkBackend: "",
    edge: Number.NaN,
    fetch: Number.NaN,
    custom: Number.NaN,
    inference: Number.NaN,
    worker: Number.NaN,
    decode: Number.NaN,
    first: Number.NaN,
    inferenceFirst: Number.NaN,
    warmUpCalls: Number.NaN,
    warmUpMs: Number.NaN,
    naiveFirst: Number.NaN,
    naive: Number.NaN,
    longTasks: 0,
  };
  try {
    // The breakdown (inference, worker) comes from the path that serves n: the edge up to its cap.
    const custom = await sdkSample(page, backend, n, runs, false, stop);
    row.custom = median(custom.ms);
    row.sdkBackend = custom.backend;
    row.longTasks += Number(custom.extra?.longTasks ?? 0);
    let primary = custom;
    if (n <= EDGE_CAP) {
      primary = await sdkSample(page, backend, n, runs, true, stop);
      row.edge = median(primary.ms);
      row.longTasks += Number(primary.extra?.longTasks ?? 0);
    }
    row.fetch = median((primary.extra?.fetchMs as number[]) ?? []);
    row.inference = median((primary.extra?.inferenceMs as number[]) ?? []);
    row.calls = {
      recommend: primary.ms,
      inference: (primary.extra?.inferenceMs as number[]) ?? [],
      fetch: (primary.extra?.fetchMs as number[]) ?? [],
      worker: (primary.extra?.workerMs as number[]) ?? [],
      decode: (primary.extra?.decodeMs as number[]) ?? [],
    };
    row.worker = median((primary.extra?.workerMs as number[]) ?? []);
    row.decode = median((primary.extra?.decodeMs as number[]) ?? []);
    row.first = primary.firstMs ?? Number.NaN;
    row.inferenceFirst = (primary.extra?.inferenceMs as number[] | undefined)?.[0] ?? Number.NaN;
    const warmUp = primary.extra?.warmUp as { calls: number; ms: number } | undefined;
    row.warmUpCalls = warmUp?.calls ?? Number.NaN;
    row.warmUpMs = warmUp?.ms ?? Number.NaN;
    if (NAIVE) {
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
    }
  } catch (error) {
    row.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  return row;
}

// E2E_EDGE_URL reuses an edge that is already seeded (the default starts a fresh one on PORT).
const edge = process.env.E2E_EDGE_URL
  ? { url: process.env.E2E_EDGE_URL, stop: async () => {} }
  : await startEdge({ port: PORT, seed: true });
const browser = await launchBrowser();
const chromiumVersion = browser.version();
const rows: Row[] = [];
const floorsBy: Record<string, Floors> = {};
type ForwardSpeed = {
  backend: string;
  fusedKernels: number;
  referenceKernels: number;
  fusedMs: number;
  referenceMs: number;
};
const forwardBy: Record<string, ForwardSpeed | { error: string }> = {};
try {
  for (const backend of BACKENDS) {
    // cpu is ~100x slower than the others; fewer runs keep the benchmark bounded.
    const runs = backend === "cpu" ? Math.max(3, Math.floor(RUNS / 3)) : RUNS;
    const context = await browser.newContext();
    try {
      const page = await labPage(edge.url, () => context.newPage());
      const floors = (await page.evaluate(([b, r, sizes]) => window.lab!.floor(b, r, sizes), [
        backend,
        30,
        SIZES,
      ] as const)) as Floors;
      floorsBy[backend] = floors;
      try {
        forwardBy[backend] = (await page.evaluate(([b, r]) => window.lab!.forwardSpeed(b, 500, r), [
          backend,
          runs,
        ] as const)) as ForwardSpeed;
      } catch (error) {
        forwardBy[backend] = { error: error instanceof Error ? error.message.split("\n")[0] : String(error) };
      }
      for (const [i, n] of SIZES.entries()) {
        // Interleaved, in alternating order: the warm-up on and stopped, in the same page.
        const arms: (boolean | undefined)[] =
          IDLE_MS > 0 ? (i % 2 ? [true, false] : [false, true]) : [undefined];
        for (const stop of arms) {
          const row = await measureRow(page, backend, n, runs, floors, context, stop);
          rows.push(row);
          console.error(`${backend} n=${n}: ${JSON.stringify(row)}`);
        }
      }
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await edge.stop();
}

const load = loadavg();
console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load average ${loadAtStart.map((x) => x.toFixed(1)).join(" / ")} at the start, ${load.map((x) => x.toFixed(1)).join(" / ")} (1 / 5 / 15 min) at the end, ` +
    `headless Chromium ${chromiumVersion}; runs per cell: ${RUNS} (cpu: ${Math.max(3, Math.floor(RUNS / 3))}); medians in ms, one run` +
    `${IDLE_MS > 0 ? `; ${IDLE_MS} ms idle before the timed calls, the worker's idle warm-up on and stopped, interleaved` : ""}` +
    `; shopper history: ${HISTORY > 0 ? `${HISTORY} viewed items` : "empty (a first visit)"}` +
    `; timed calls ${GAP_MS > 0 ? `${GAP_MS} ms apart` : "back to back"}.\n`,
);
console.log(
  "| backend | n | page↔worker | op in worker | compute floor | strict floor | inference | decode + top k | decode | recommend() | of which fetch | recommend() custom fetch | first recommend() | its inference | warm-up calls before it (ms) | inference ÷ (op + compute) | ÷ (op + strict) | long tasks |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const got = r.sdkBackend && r.sdkBackend !== r.backend ? ` (got ${r.sdkBackend})` : "";
  const label = `${r.backend}${got}${r.warmUp ? `, idle warm-up ${r.warmUp}` : ""}`;
  const recommend = r.n <= EDGE_CAP ? r.edge : r.custom;
  console.log(
    `| ${label} | ${r.n} | ${fmt(r.roundTrip, 2)} | ${fmt(r.opFloor, 2)} | ${fmt(r.computeFloor, 2)} | ${fmt(r.strictFloor, 2)} | ` +
      `${fmt(r.inference, 2)} | ${fmt(r.worker - r.inference, 2)} | ${fmt(r.decode, 2)} | ${fmt(recommend)} | ${fmt(r.fetch)} | ${fmt(r.custom)} | ` +
      `${fmt(r.first)} | ${fmt(r.inferenceFirst, 2)} | ${fmt(r.warmUpCalls, 0)} (${fmt(r.warmUpMs, 0)}) | ` +
      `${fmt(r.inference / (r.opFloor + r.computeFloor))}× | ${fmt(r.inference / (r.opFloor + r.strictFloor))}× | ${r.longTasks} |${r.error ? ` ${r.error}` : ""}`,
  );
}
console.log(
  "\nrecommend() is from the edge at 100 and 500 (the worker fetches) and through a custom fetch at 1,000 (the edge " +
    "caps at 500); `of which fetch` is the answer's fetch, headers and body (the worker's, or the page's own; 0 where the " +
    "worker ranked an answer it held while fresh, making no request: at 100 and 500, every timed call). Compute " +
    "floor: the model's matrix products for n candidates (2·m·k·n FLOPs each) timed on resident inputs, 10 back to " +
    "back per read-back, summed; strict floor: the same FLOPs at the best rate any one product reached.",
);
for (const [backend, floors] of Object.entries(floorsBy)) {
  const rates = SIZES.map((n) => {
    const c = floors.compute[n];
    return c
      ? `${n}: ${(c.flops / 1e6).toFixed(2)} MFLOP in ${c.ms.toFixed(2)} ms (${(c.flops / c.ms / 1e6).toFixed(2)} GFLOP/s)`
      : "";
  });
  console.log(`- ${backend} compute floor: ${rates.join("; ")}`);
}
console.log(
  "\nThe forward pass alone, fused (model/ranker/forward.ts) vs the pre-fusion pass kept as the test oracle " +
    "(test/reference/referenceForward.ts), 500 candidates, main thread of the lab page, interleaved, encoded batch → " +
    "scores read back (the fused pass with the backend's preferred gather):\n",
);
console.log(
  "| backend | kernels fused | kernels before | ms fused | ms before | fused ÷ before |\n|---|---:|---:|---:|---:|---:|",
);
for (const [backend, f] of Object.entries(forwardBy)) {
  if ("error" in f) console.log(`| ${backend} | – | – | – | – | – | ${f.error}`);
  else
    console.log(
      `| ${f.backend} | ${f.fusedKernels} | ${f.referenceKernels} | ${fmt(f.fusedMs, 2)} | ${fmt(f.referenceMs, 2)} | ${fmt(f.fusedMs / f.referenceMs, 2)} |`,
    );
}
const wasm = (n: number) => rows.find((r) => r.backend === "wasm" && r.n === n && r.warmUp !== "stopped");
if (wasm(1000)) {
  console.log("\nGoals on wasm (issue 15):");
  for (const r of SIZES.map(wasm).filter((x): x is Row => !!x)) {
    const recommend = r.n <= EDGE_CAP ? r.edge : r.custom;
    const overhead = recommend - (r.inference + r.roundTrip + r.fetch);
    const perCall = overheadPerCall(r);
    const shares = decodeSharesPerCall(r);
    console.log(
      `- n = ${r.n}: inference ${fmt(r.inference, 2)} ms = ${fmt(r.inference / (r.opFloor + r.computeFloor), 2)}× ` +
        `(op floor + compute floor = ${fmt(r.opFloor + r.computeFloor, 2)} ms; goal ≤ 2×; ` +
        `${fmt(r.inference / (r.opFloor + r.strictFloor), 2)}× the strict floor); decode + top k ` +
        `${fmt(((r.worker - r.inference) / recommend) * 100, 0)} % of recommend() (goal ≤ 10 % at 1,000; per call: ` +
        `decode + top k ${fmt(shares.decodeTopK * 100, 1)} %, the decode alone ${fmt(shares.decode * 100, 1)} %); recommend() − ` +
        `(inference + round trip + fetch ${fmt(r.fetch, 2)}) = ${fmt(overhead, 2)} ms (goal ≤ 1 ms); per call, ` +
        `the median of each call's recommend() − (its inference + its fetch) − round trip = ${fmt(perCall, 2)} ms`,
    );
  }
}
/**
 * The overhead call by call: the median over the timed calls of recommend() − (that call's inference + its
 * fetch), less the round trip floor. The goal line's own figure subtracts the medians of each term, which
 * come from different calls.
 */
function overheadPerCall(r: Row): number {
  const c = r.calls;
  if (!c?.recommend.length) return Number.NaN;
  return median(c.recommend.map((ms, i) => ms - c.inference[i] - c.fetch[i])) - r.roundTrip;
}

/**
 * Decode's share of recommend() call by call: the median over the timed calls of that call's (worker −
 * inference) ÷ its recommend(), and of its decode alone ÷ its recommend(). The goal line's first figure
 * divides a difference of two medians (taken from different calls) by a third median, and counts top k in.
 */
function decodeSharesPerCall(r: Row): { decodeTopK: number; decode: number } {
  const c = r.calls;
  if (!c?.recommend.length || !c.worker?.length) return { decodeTopK: Number.NaN, decode: Number.NaN };
  const ratio = (part: number[] | undefined) =>
    part?.length ? median(c.recommend.map((ms, i) => part[i] / ms)) : Number.NaN;
  return { decodeTopK: ratio(c.worker.map((w, i) => w - c.inference[i])), decode: ratio(c.decode) };
}

writeFileSync(
  resolve(import.meta.dirname, `results/${OUT}.json`),
  `${JSON.stringify({ args: process.argv.slice(2), date: new Date().toISOString(), loadAtStart, loadAverage: load, chromium: chromiumVersion, floors: floorsBy, forward: forwardBy, rows }, null, 2)}\n`,
);
