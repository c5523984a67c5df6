/**
 * The scoring worker's start in Chromium's trace: on second visits of /demo/embed.html (model cached,
 * backend remembered), the worker thread's time in compiling its modules (`v8.compileModule`), evaluating
 * them (`v8.evaluateModule`), compiling functions lazily on their first call (`V8.CompileCode` outside a
 * module's compile), compiling WebAssembly synchronously (`wasm.SyncCompile`, a `new WebAssembly.Module`:
 * tfjs-backend-wasm compiles its binary by streaming, so this is other code's) and the `.wasm`'s functions
 * lazily (`wasm.CompileLazy`), wall and thread CPU, summed per visit; whether the `.wasm`'s compiled code
 * came from Chromium's code cache (`v8.wasm.moduleCacheHit`); the bytes of V8's code cache each module
 * consumed; and the first on-device list after the load event.
 * Each trial is a fresh context: a first visit (untraced), then `--visits` traced second visits. With
 * `--profile` each trial runs in a browser profile on disk, where Chromium keeps compiled code between
 * visits as a shopper's browser does (in a fresh context it keeps none for the worker's modules).
 *   npm run build && npx tsx test/bench/worker-modules.ts [--trials 2] [--visits 3] [--port 8981] [--out worker-modules] [--profile]
 * Raw results: test/bench/results/<out>.json; worker-modules-compare.ts pools alternating runs.
 */
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { DEDICATED_WORKER } from "../e2e/client-support.ts";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { scoringWorkerThread, type TraceEvent, traced } from "./cdpTrace.ts";
import { benchmarkSettled, FIRST_RANKED, gotoFirstRanked } from "./firstRanked.ts";
import { freshContext } from "./freshContext.ts";
import { openRequests, retryStalled, type Stall } from "./loadStall.ts";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "2" },
    visits: { type: "string", default: "3" },
    port: { type: "string", default: "8981" },
    out: { type: "string", default: "worker-modules" },
    profile: { type: "boolean", default: false },
  },
});
const CATEGORIES = [
  "v8",
  "devtools.timeline",
  "v8.wasm",
  "disabled-by-default-v8.wasm.detailed",
  // V8.CompileCode (a function's compile)
  "disabled-by-default-v8.compile",
  // v8.wasm.moduleCacheHit (Blink's wasm code cache)
  "disabled-by-default-devtools.timeline",
];
/** The worker-thread events summed per visit, by what they measure. */
const MEASURES: Record<string, string[]> = {
  compile: ["v8.compileModule"],
  evaluate: ["v8.evaluateModule"],
  lazyCompile: ["V8.CompileCode"],
  syncWasm: ["wasm.SyncCompile"],
  wasmLazyCompile: ["wasm.CompileLazy"],
};

/** A measure's events on one visit: how many, wall ms, thread CPU ms. */
type Sum = { count: number; wall: number; cpu: number };
export type Visit = {
  afterLoad: number;
  sums: Record<string, Sum>;
  /** Bytes of V8's code cache each of the worker's modules consumed (0: compiled from source), by file. */
  moduleCache?: Record<string, number>;
  /** Whether the `.wasm`'s compiled code came from Chromium's code cache. */
  wasmCacheHit?: boolean;
};

/** MEASURES, module caches and the wasm cache on the thread that compiled the scoring worker's entry (assets/worker-*.js). */
function workerVisit(events: TraceEvent[], afterLoad: number): Visit {
  const { onThread, complete: onWorker, modules, insideModule } = scoringWorkerThread(events);
  const sums = Object.fromEntries(
    Object.entries(MEASURES).map(([measure, names]) => {
      const hits = onWorker.filter(
        (e) => names.includes(e.name) && !(measure === "lazyCompile" && insideModule(e)),
      );
      const sum = (key: "dur" | "tdur") => hits.reduce((n, e) => n + (e[key] ?? 0), 0) / 1000;
      return [measure, { count: hits.length, wall: sum("dur"), cpu: sum("tdur") }];
    }),
  );
  const moduleCache = Object.fromEntries(
    modules.map((m) => [(m.args?.data?.url ?? "").replace(/.*\//, ""), m.args?.data?.consumedCacheSize ?? 0]),
  );
  const wasmCacheHit = onThread.some((e) => e.name === "v8.wasm.moduleCacheHit");
  return { afterLoad, sums, moduleCache, wasmCacheHit };
}

/** Visits embed.html to its first on-device list; ms after the load event's end. */
async function visit(page: Page, url: string, open: () => string[]): Promise<number> {
  return gotoFirstRanked(page, `${url}/demo/embed.html`, open);
}

/** One trial: a fresh context, a first visit with the backends' benchmark, then the traced second visits. */
async function trial(url: string, visits: number): Promise<Visit[]> {
  const browser = await launchBrowser();
  const { context, dispose } = await freshContext(browser, values.profile);
  try {
    context.setDefaultTimeout(180_000);
    await context.addInitScript({ content: FIRST_RANKED });
    // Each visit starts its own scoring worker, as a returning visit does once the store's shared one is gone.
    await context.addInitScript({ content: DEDICATED_WORKER });
    const open = openRequests(context);
    const page = await context.newPage();
    await visit(page, url, open);
    await benchmarkSettled(page);
    const out: Visit[] = [];
    for (let i = 0; i < visits; i++) {
      const { result: afterLoad, events } = await traced(context, page, CATEGORIES, () =>
        visit(page, url, open),
      );
      out.push(workerVisit(events, afterLoad));
    }
    return out;
  } finally {
    await dispose();
    await browser.close();
  }
}

/** Which build ran: the SDK's tfjs chunk, by its content-hashed name and size. */
const assets = resolve(import.meta.dirname, "../../dist/public/sdk/assets");
const tfjsChunk = readdirSync(assets).find((f) => /^tfjs-[\w-]+\.js$/.test(f)) ?? "none";
const build = { tfjsChunk, bytes: tfjsChunk === "none" ? 0 : statSync(resolve(assets, tfjsChunk)).size };
const date = new Date().toISOString();
const loadAtStart = loadavg();
const stalls: Stall[] = [];
const edge = await startEdge({ port: Number(values.port), seed: true });
const trials: Visit[][] = [];
try {
  for (let t = 1; t <= Number(values.trials); t++)
    trials.push(await retryStalled(`trial ${t}`, stalls, () => trial(edge.url, Number(values.visits))));
} finally {
  await edge.stop();
}
const fmt = (s: Sum) => `${s.count} × ${s.wall.toFixed(2)} ms wall, ${s.cpu.toFixed(2)} CPU`;
for (const [t, list] of trials.entries())
  for (const v of list)
    console.log(
      `trial ${t + 1}: list ${v.afterLoad.toFixed(0)} ms; ${Object.entries(v.sums)
        .map(([m, s]) => `${m} ${fmt(s)}`)
        .join("; ")}; wasm cache ${v.wasmCacheHit ? "hit" : "none"}; module caches ${Object.entries(
        v.moduleCache ?? {},
      )
        .map(([f, b]) => `${f.replace(/-[\w]+\.js$/, "")} ${b}`)
        .join(", ")}`,
    );
const raw = { date, build, profile: values.profile, loadAtStart, loadAverage: loadavg(), trials, stalls };
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify(raw, null, 2)}\n`,
);
