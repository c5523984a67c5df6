/**
 * Where a returning visit's extra time goes when the shopper's browser was closed in between: on a
 * profile on disk, after a first visit and its backend benchmark, second visits of /demo/embed.html
 * alternate between a navigation in the same browser ("same") and a new Chromium on the same profile
 * ("reopened": its IndexedDB, HTTP cache and V8 code cache read from disk by a browser that has not touched
 * them yet). Each visit pins the dedicated scoring worker (DEDICATED_WORKER: a new one per visit in both
 * cases, and one whose requests and user timing Playwright sees), and is traced. Per visit, ms after the
 * page's loadEventEnd: the page's messages to the worker and its answers (startLog.ts), the worker's
 * creation, its requests (with transferSize: 0 = from the HTTP cache) and user timing, and from the trace
 * the worker thread's module compiles (with the code cache each consumed), evaluations, lazy compiles, the
 * `.wasm`'s cache hit, its busy time until the list, and the page's IndexedDB work.
 *   npm run build && npx tsx test/bench/returning-visit.ts [--trials 3] [--pairs 2] [--port 8900] [--out returning-visit]
 * Raw results: test/bench/results/<out>.json (the summary it prints is in the write-up).
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import { DEDICATED_WORKER } from "../e2e/client-support.ts";
import { startEdge } from "../e2e/harness/index.ts";
import { scoringWorkerThread, type TraceEvent, traced } from "./cdpTrace.ts";
import { benchmarkSettled, FIRST_RANKED, untilFirstRanked } from "./firstRanked.ts";
import { freshContext } from "./freshContext.ts";
import { gotoLoaded, openRequests, retryStalled, type Stall } from "./loadStall.ts";
import { START_LOG } from "./startLog.ts";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "3" },
    pairs: { type: "string", default: "2" },
    port: { type: "string", default: "8900" },
    out: { type: "string", default: "returning-visit" },
    dump: { type: "string" },
  },
});

const CATEGORIES = [
  "toplevel",
  "v8",
  "v8.wasm",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-v8.compile",
  "blink.user_timing",
  "IndexedDB",
  "loading",
];

type Timed = { what: string; start: number; end: number; size?: number };
type Visit = {
  kind: "same" | "reopened";
  afterLoad: number;
  loadEventEnd: number;
  /** The page's messages and answers (startLog.ts), ms after loadEventEnd. */
  log: [number, string][];
  /** The page's and the worker's requests, user timing and the worker's creation, ms after loadEventEnd. */
  page: Timed[];
  worker: Timed[];
  /** From the trace. */
  thread: {
    compile: number;
    evaluate: number;
    lazyCompile: number;
    wasmLazy: number;
    busyToList: number;
    firstEvent: number;
    wasmCacheHit: boolean;
    moduleCache: Record<string, number>;
    indexedDb: { name: string; start: number; dur: number }[];
    /** Page and browser milestones from the trace: the model cache's open and the startModel chunk's compile. */
    marks: Record<string, number>;
    /** Thread CPU from the load event's end to the list, ms, by Chromium process (its top-level tasks). */
    processCpu: Record<string, number>;
  };
};

/** The page's and its scoring worker's timings, ms after the page's loadEventEnd. */
async function pageTimings(page: Page) {
  const read = () => ({
    origin: performance.timeOrigin,
    entries: [
      ...performance.getEntriesByType("resource").map((e) => {
        const r = e as PerformanceResourceTiming;
        return { what: r.name, start: r.startTime, end: r.responseEnd, size: r.transferSize };
      }),
      ...performance
        .getEntriesByType("measure")
        .map((e) => ({ what: e.name, start: e.startTime, end: e.startTime + e.duration })),
    ],
  });
  const main = await page.evaluate(read);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const w = window as unknown as { __firstRanked: number; __log: [number, string][] };
    return { load: n.loadEventEnd, ranked: w.__firstRanked, log: w.__log };
  });
  const workers = await Promise.all(page.workers().map((w) => w.evaluate(read).catch(() => undefined)));
  const scoring = workers.find((w) => w?.entries.some((e) => /\/v1\/candidates\?/.test(e.what)));
  const short = (url: string) => url.replace(/^.*\/([^/?]+)(\?.*)?$/, "$1");
  const shift = (origin: number) => origin - main.origin - nav.load;
  const moved = (list: Timed[], by: number) =>
    list.map((e) => ({ ...e, what: short(e.what), start: e.start + by, end: e.end + by }));
  const worker = scoring
    ? [
        { what: "worker created", start: shift(scoring.origin), end: shift(scoring.origin) },
        ...moved(scoring.entries, shift(scoring.origin)),
      ]
    : [];
  return {
    afterLoad: nav.ranked - nav.load,
    loadEventEnd: nav.load,
    log: nav.log.map(([at, what]) => [at - nav.load, what] as [number, string]),
    page: moved(main.entries, -nav.load),
    worker,
  };
}

/**
 * The scoring worker's thread in the trace (the thread that compiled assets/worker-*.js), and the
 * IndexedDB events anywhere; times ms after loadEventEnd (the page's `loadEventEnd` user-timing event).
 */
function threadSummary(events: TraceEvent[], afterLoad: number): Visit["thread"] {
  const loadEnd = events.find((e) => e.name === "loadEventEnd" && e.cat?.includes("blink.user_timing"));
  const zero = loadEnd?.ts ?? Number.NaN;
  const at = (ts: number) => (ts - zero) / 1000;
  const { onThread, complete, modules, insideModule } = scoringWorkerThread(events);
  const cpu = (list: TraceEvent[]) => list.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000;
  // Busy: the thread's top-level tasks (no enclosing event of its own) until the list, CPU time.
  const tasks = complete.filter((e) => e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask");
  const listAt = zero + afterLoad * 1000;
  return {
    compile: cpu(modules),
    evaluate: cpu(complete.filter((e) => e.name === "v8.evaluateModule")),
    lazyCompile: cpu(complete.filter((e) => e.name === "V8.CompileCode" && !insideModule(e))),
    wasmLazy: cpu(complete.filter((e) => e.name === "wasm.CompileLazy")),
    busyToList: cpu(tasks.filter((e) => e.ts < listAt)),
    firstEvent: at(Math.min(...onThread.filter((e) => e.ph !== "M").map((e) => e.ts))),
    wasmCacheHit: onThread.some((e) => e.name === "v8.wasm.moduleCacheHit"),
    moduleCache: Object.fromEntries(
      modules.map((m) => [
        (m.args?.data?.url ?? "").replace(/.*\//, ""),
        m.args?.data?.consumedCacheSize ?? 0,
      ]),
    ),
    indexedDb: events
      .filter((e) => e.cat?.includes("IndexedDB") && e.ph === "X" && (e.dur ?? 0) > 1000)
      .map((e) => ({ name: e.name, start: at(e.ts), dur: (e.dur ?? 0) / 1000 })),
    processCpu: processCpu(events, zero, listAt),
    marks: {
      "page: indexedDB.open": first(
        events,
        (e) => e.name === "IDBFactory::open" && e.pid === loadEnd?.pid,
        at,
      ),
      "browser: IndexedDB backing store open": first(events, (e) => e.name === "BucketContext::Open", at),
      "page: indexedDB open success": first(
        events,
        (e) => e.name === "IDBOpenDBRequest::onSuccess(database)" && e.pid === loadEnd?.pid,
        at,
      ),
      "page: startModel chunk compiled": first(
        events,
        (e) => e.name === "v8.compileModule" && /\/startModel-/.test(e.args?.data?.url ?? ""),
        at,
      ),
    },
  };
}

/**
 * Thread CPU of each process's top-level tasks (outermost RunTask events) between `from` and `to` (trace
 * µs), ms, by process name: the page's renderer, the scoring worker is in it, and what else Chromium ran
 * meanwhile on the same cores (its browser, GPU and WebUI processes).
 */
function processCpu(events: TraceEvent[], from: number, to: number): Record<string, number> {
  const processName = new Map(
    events.filter((e) => e.ph === "M" && e.name === "process_name").map((e) => [e.pid, String(e.args?.name)]),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events)
    if (e.ph === "X" && e.tdur !== undefined && /^(ThreadControllerImpl::)?RunTask$/.test(e.name))
      byThread.set(`${e.pid}:${e.tid}`, [...(byThread.get(`${e.pid}:${e.tid}`) ?? []), e]);
  const out: Record<string, number> = {};
  for (const tasks of byThread.values()) {
    let end = -Infinity;
    for (const e of tasks.sort((a, b) => a.ts - b.ts)) {
      if (e.ts < end) continue; // nested in the task counted before
      end = e.ts + (e.dur ?? 0);
      if (e.ts < from || e.ts >= to) continue;
      const name = processName.get(e.pid) ?? "?";
      out[name] = (out[name] ?? 0) + (e.tdur ?? 0) / 1000;
    }
  }
  return out;
}

/** The time of the first event that `match` accepts, or NaN. */
function first(events: TraceEvent[], match: (e: TraceEvent) => boolean, at: (ts: number) => number): number {
  const hits = events.filter(match).map((e) => e.ts);
  return hits.length ? at(Math.min(...hits)) : Number.NaN;
}

/**
 * The page's two waits on the browser before its model's load message, into startLog's `__log`: WebGPU's
 * adapter (`navigator.gpu.requestAdapter()`, the device's description for the backend memory) and
 * each IndexedDB open. Probe only: wraps the page's own functions.
 */
const BROWSER_WAITS = `
  const note = (what) => window.__log && window.__log.push([performance.now(), what]);
  if (window.GPU && GPU.prototype.requestAdapter) {
    const request = GPU.prototype.requestAdapter;
    GPU.prototype.requestAdapter = function (...args) {
      note("requestAdapter called");
      return request.apply(this, args).then((a) => { note("requestAdapter resolved"); return a; });
    };
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, ...rest) {
    note("idb open called " + name);
    const r = open.call(this, name, ...rest);
    r.addEventListener("success", () => note("idb open success " + name));
    return r;
  };`;

async function prepare(context: BrowserContext) {
  context.setDefaultTimeout(180_000);
  await context.addInitScript({ content: FIRST_RANKED });
  await context.addInitScript({ content: DEDICATED_WORKER });
  await context.addInitScript({ content: START_LOG });
  await context.addInitScript({ content: BROWSER_WAITS });
  return { context, open: openRequests(context), page: await context.newPage() };
}

async function visitOnce(
  context: BrowserContext,
  page: Page,
  url: string,
  open: () => string[],
  kind: Visit["kind"],
) {
  const { result, events } = await traced(context, page, CATEGORIES, async () => {
    await untilFirstRanked(page, () => gotoLoaded(page, `${url}/demo/embed.html`, open));
    return pageTimings(page);
  });
  if (values.dump) writeFileSync(`${values.dump}-${kind}-${Date.now()}.json`, JSON.stringify(events));
  return { kind, ...result, thread: threadSummary(events, result.afterLoad) } satisfies Visit;
}

/** One trial: a first visit and its benchmark, then same / reopened visits alternating, `pairs` of each. */
async function trial(url: string): Promise<Visit[]> {
  const { context: started, dispose, reopen } = await freshContext(undefined, true);
  if (!reopen) throw new Error("a profile on disk has reopen");
  try {
    let { context, open, page } = await prepare(started);
    await untilFirstRanked(page, () => gotoLoaded(page, `${url}/demo/embed.html`, open));
    await benchmarkSettled(page);
    const visits: Visit[] = [];
    for (let p = 0; p < Number(values.pairs); p++) {
      visits.push(await visitOnce(context, page, url, open, "same"));
      ({ context, open, page } = await prepare(await reopen()));
      visits.push(await visitOnce(context, page, url, open, "reopened"));
    }
    return visits;
  } finally {
    await dispose();
  }
}

const date = new Date().toISOString();
const loadAtStart = loadavg();
const stalls: Stall[] = [];
const edge = await startEdge({ port: Number(values.port), seed: true });
const visits: Visit[] = [];
try {
  for (let t = 1; t <= Number(values.trials); t++)
    visits.push(...(await retryStalled(`trial ${t}`, stalls, () => trial(edge.url))));
} finally {
  await edge.stop();
}

/** Named steps of a visit, ms after loadEventEnd (NaN where the visit had none). */
function steps(v: Visit): Record<string, number> {
  const log = (what: string) => v.log.find(([, w]) => w.startsWith(what))?.[0] ?? Number.NaN;
  const worker = (what: RegExp, end = false) => {
    const e = v.worker.find((x) => what.test(x.what));
    return e ? (end ? e.end : e.start) : Number.NaN;
  };
  const page = (what: RegExp, end = false) => {
    const e = v.page.find((x) => what.test(x.what));
    return e ? (end ? e.end : e.start) : Number.NaN;
  };
  return {
    "startModel chunk requested": page(/^startModel-/),
    "new Worker": log("new Worker"),
    "worker created (time origin)": worker(/^worker created$/),
    "worker thread's first trace event": v.thread.firstEvent,
    "page: requestAdapter called": log("requestAdapter called"),
    "page: requestAdapter resolved": log("requestAdapter resolved"),
    "page: first IndexedDB open called": log("idb open called"),
    "page: first IndexedDB open success": log("idb open success"),
    "page posts prepare": log("post prepare"),
    "scoring code requested": worker(/^serveRequests-/),
    "backend chunk requested": worker(/^wasm-[\w-]+\.js$/),
    ".wasm requested": worker(/\.wasm$/),
    ".wasm response end": worker(/\.wasm$/, true),
    ...v.thread.marks,
    "page posts load": log("post load"),
    "manifest check start": worker(/^pocketrank:manifest-check$/),
    "weights start": worker(/^pocketrank:weights$/),
    "model-load end": worker(/^pocketrank:model-load$/, true),
    "got loaded": log("got loaded"),
    "post rank": log("post rank"),
    "got ranked": log("got ranked"),
    "first list": v.afterLoad,
    "worker CPU: module compile": v.thread.compile,
    "worker CPU: module evaluate": v.thread.evaluate,
    "worker CPU: lazy compiles": v.thread.lazyCompile,
    "worker CPU: .wasm lazy": v.thread.wasmLazy,
    "worker CPU: tasks to the list": v.thread.busyToList,
    "page loadEventEnd (after navigation)": v.loadEventEnd,
    ...Object.fromEntries(
      ["Renderer", "Browser", "GPU Process", "WebUI Top Renderer"].map((p) => [
        `CPU load event → list: ${p}`,
        v.thread.processCpu?.[p] ?? 0,
      ]),
    ),
  };
}
const same = visits.filter((v) => v.kind === "same").map(steps);
const reopened = visits.filter((v) => v.kind === "reopened").map(steps);
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
console.log(
  `\n${same.length} same-browser / ${reopened.length} reopened visits; medians, ms after loadEventEnd`,
);
console.log("| step | same | reopened | reopened − same (95 %) |\n|---|---:|---:|---:|");
for (const name of Object.keys(same[0] ?? {})) {
  const a = same.map((s) => s[name]).filter(Number.isFinite);
  const b = reopened.map((s) => s[name]).filter(Number.isFinite);
  const [low, high] = bootstrapMedianDifference(b, a);
  console.log(
    `| ${name} | ${fmt(median(a))} | ${fmt(median(b))} | ${fmt(median(b) - median(a))} (${fmt(low)} … ${fmt(high)}) |`,
  );
}
for (const v of visits)
  console.log(
    `${v.kind}: list ${fmt(v.afterLoad)}; wasm cache ${v.thread.wasmCacheHit ? "hit" : "none"}; module caches ${Object.entries(
      v.thread.moduleCache,
    )
      .map(([f, b]) => `${f.replace(/-[\w-]+\.js$/, "")} ${b}`)
      .join(
        ", ",
      )}; IndexedDB > 1 ms: ${v.thread.indexedDb.map((e) => `${e.name} @${fmt(e.start)} ${e.dur.toFixed(1)}`).join(", ")}`,
  );
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify({ date, loadAtStart, loadAverage: loadavg(), stalls, visits }, null, 2)}\n`,
);
