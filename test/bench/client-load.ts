/**
 * What the SDK costs a storefront page, in headless Chromium against `wrangler dev` with the demo model:
 * - loader / worker / lazy chunk sizes, gzip -9, and what embed.html loads at once (budget ≤ 15 KB; held by
 *   test/e2e/sdk-loaded-at-once.test.ts);
 * - first-visit JavaScript per backend path (the worker and only the backend chunk it uses; .wasm apart);
 * - the first on-device ranked list after the load event, first visit (model from the network, wasm at
 *   once, the backends benchmarked afterwards) and second visit (IndexedDB model cache, the benchmark's
 *   winner remembered), with the start-up steps of each, from resource timing;
 * - LCP and main-thread long tasks (> 50 ms) on /demo/embed.html with and without its
 *   `<script src="/sdk/pocketrank.js">` tag (the tag is stripped by request interception), 10 loads each,
 *   alternating, one run; and the load event, LCP and long tasks of the first list's visits themselves.
 *   npm run build && npx tsx test/bench/client-load.ts [--loads 10] [--trials 3] [--port 8806] [--out client-load] [--profile] [--leave-early] [--worker-gone] [--store-port 8821 [--store-worker]]
 *   (--loads 0 skips the LCP / long-task loads; --leave-early: the first visit is left as soon as its list
 *   shows, before its deferred backend benchmark ends, so the second visit is the one after an early leave;
 *   --worker-gone: the second visit in a new Chromium on the first one's profile, with no scoring worker
 *   left running, where by default it is a navigation in the same tab that finds the store's shared worker;
 *   --store-port: the pages are embed.html served by a store on another origin at that port, the SDK
 *   from the edge; --store-worker: that store hosts its own scoring worker file, named in
 *   data-shared-worker, as README's "From any origin" says)
 */

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Recommender } from "../../client/types.ts";
import {
  LOADED_AT_ONCE_BUDGET,
  launchBrowser,
  sdkLoadedAtOnce,
  startEdge,
  startStorefront,
} from "../e2e/harness/index.ts";
import { crossOriginEmbed, SCRIPT_TAG } from "./crossOriginEmbed.ts";
import { benchmarkSettled, FIRST_RANKED, untilFirstRanked } from "./firstRanked.ts";
import { freshContext } from "./freshContext.ts";
import { gotoLoaded, LOAD_TIMEOUT_MS, openRequests, retryStalled, type Stall } from "./loadStall.ts";
import { type LongTask, longTasks, TRACE_CATEGORIES } from "./mainThreadTrace.ts";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    loads: { type: "string", default: "10" },
    trials: { type: "string", default: "3" },
    port: { type: "string", default: "8806" },
    profile: { type: "boolean", default: false },
    out: { type: "string", default: "client-load" },
    "leave-early": { type: "boolean", default: false },
    "worker-gone": { type: "boolean", default: false },
    "store-port": { type: "string" },
    "store-worker": { type: "boolean", default: false },
  },
});
const LOADS = Number(values.loads);
const TRIALS = Number(values.trials);
const PORT = Number(values.port);
/**
 * `--profile`: each trial's visits in a browser profile on disk, as a shopper's browser keeps one, instead
 * of a fresh context (which Chromium keeps in memory): only there does V8 cache the compiled code of the
 * scoring worker's modules between visits.
 */
const PROFILE = values.profile || values["worker-gone"];
/**
 * `--leave-early`: the second visit follows a first one left as soon as its list showed, before its
 * deferred backend benchmark ended (each trial notes the benchmark's state at the leave), as a shopper
 * who moves on at once; without it the second visit waits for that benchmark and uses its winner.
 */
const LEAVE_EARLY = values["leave-early"];
/**
 * `--worker-gone` (implies `--profile`): the second visit is a returning one, in a new Chromium on the
 * first visit's profile, so no scoring worker of the first visit runs any more (the store's shared worker
 * outlives a page by minutes: without this flag the second visit, a navigation in the same tab right after
 * the first, connects to it).
 */
const WORKER_GONE = values["worker-gone"];
/**
 * `--store-port`: the visited page is the demo's embed.html served by a store on another origin (this
 * port), with the SDK from the edge, as a real store embeds it; `--store-worker`: that store also hosts
 * its own scoring worker file and names it (README, "From any origin"). A build without that option
 * ignores the attribute: the page then runs a dedicated worker per page, as any cross-origin embed did.
 */
const STORE_PORT = values["store-port"] ? Number(values["store-port"]) : undefined;
const STORE_WORKER = values["store-worker"];
/** Raw results go to test/bench/results/<out>.json (`--out` for a trial run that must not replace them). */
const OUT = values.out;
/** Trials run again because a visit never reached its load event (loadStall.ts); in the raw output. */
const stalls: Stall[] = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** gzip -9 sizes of the SDK build (dist/public/sdk): the loader, its lazy chunks, the worker's files. */
function bundleSizes(): { file: string; raw: number; gzip: number }[] {
  const dir = resolve(import.meta.dirname, "../../dist/public/sdk");
  const files = [
    "pocketrank.js",
    ...readdirSync(join(dir, "chunks"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => `chunks/${f}`),
    ...readdirSync(join(dir, "assets")).map((f) => `assets/${f}`),
  ];
  return files.map((file) => {
    const data = readFileSync(join(dir, file));
    return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
}

/**
 * Records LCP, FCP, long tasks and long animation frames from the first byte of every page of the
 * context (an init script runs before the page's own scripts, and `buffered: true` also delivers what
 * came before the observer). A long animation frame names the scripts that ran in it, so a long task can
 * be attributed to pocketrank (a script from /sdk/) or to the page.
 */
/** An item of the embed's slot that the widget rendered (not its skeleton). */
const RENDERED_ITEM = "#pocketrank-slot .pocketrank__item:not(.pocketrank__skeleton)";

const OBSERVE = `
  window.__lcp = NaN; window.__fcp = NaN; window.__longTasks = []; window.__loaf = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") window.__fcp = e.startTime; })
      .observe({ type: "paint", buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.blockingDuration <= 0) continue;
        const top = [...e.scripts].sort((a, b) => b.duration - a.duration)[0];
        window.__loaf.push({ duration: e.duration, sdk: !!top && (top.sourceURL || top.invoker || "").includes("/sdk/"),
          script: top ? (top.sourceURL || "").split("/").pop() + " " + top.invoker + " " + top.duration.toFixed(0) + " ms of " + e.duration.toFixed(0) : "" });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {}
`;

/**
 * Records, from the first byte of every page, the load event's end and the first render of an on-device
 * ranking in the embedded slot (a `pocketrank:render` whose items were scored by a backend).
 */

/** A start-up step's start and end, ms after the load event's end (NaN: the visit did not do it). */
type Step = { start: number; end: number };

/**
 * Where the time to the first on-device list goes, read from resource timing (no code in the SDK): the
 * page's and the scoring worker's requests, and the worker's time origin (its creation), all moved to ms
 * after the page's loadEventEnd. A request starts when the code before it has run, so each step also
 * shows what the worker was doing: the backend chunk is requested once the worker's script has run,
 * the .wasm once that chunk has, and the candidates once the model is ready and recommend() runs.
 */
const STEPS: Record<string, { where: "page" | "worker"; url: RegExp }> = {
  "startModel chunk": { where: "page", url: /\/startModel-[\w-]+\.js$/ },
  "worker script": { where: "page", url: /\/assets\/worker-[\w-]+\.js$/ },
  "assignment (/v1/model)": { where: "page", url: /\/v1\/model\?/ },
  "model weights": { where: "page", url: /\.bin$/ },
  "scoring code (worker)": { where: "worker", url: /\/assets\/serveRequests-[\w-]+\.js$/ },
  "backend chunk": { where: "worker", url: /\/assets\/(wasm|webgl|webgpu|cpu)-[\w-]+\.js$/ },
  ".wasm binary": { where: "worker", url: /\.wasm$/ },
  "candidates (worker)": { where: "worker", url: /\/v1\/candidates\?/ },
};

async function startupSteps(page: Page): Promise<Record<string, Step>> {
  const read = () => ({
    origin: performance.timeOrigin,
    entries: performance
      .getEntriesByType("resource")
      .map((e) => ({ name: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
  });
  const main = {
    ...(await page.evaluate(read)),
    load: await page.evaluate(
      () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd,
    ),
  };
  // The scoring worker is the one that fetched candidates (a first visit's benchmark worker did not).
  const workers = await Promise.all(page.workers().map((w) => w.evaluate(read).catch(() => undefined)));
  const scoring = workers.find((w) => w?.entries.some((e) => STEPS["candidates (worker)"].url.test(e.name)));
  const steps: Record<string, Step> = {};
  const shift = (origin: number) => origin - main.origin - main.load;
  if (scoring) steps["worker created"] = { start: shift(scoring.origin), end: shift(scoring.origin) };
  for (const [name, { where, url }] of Object.entries(STEPS)) {
    const from = where === "page" ? main : scoring;
    const entry = from?.entries.find((e) => url.test(e.name));
    const offset = from ? shift(from.origin) : Number.NaN;
    steps[name] = entry ? { start: entry.start + offset, end: entry.end + offset } : { start: NaN, end: NaN };
  }
  return steps;
}

/**
 * Time from the load event's end to the first on-device ranked list on /demo/embed.html (default lazy
 * start, backend "auto"), per trial in a fresh context: the first visit (cold cache: model from the
 * network; it ranks on wasm at once and benchmarks the backends afterwards) and the second (model in
 * IndexedDB, the benchmark's winner remembered), with the start-up steps of each visit.
 */
async function firstRankedAfterLoad(browser: Browser, pageUrl: string) {
  const cold: number[] = [];
  const warm: number[] = [];
  const notes: string[] = [];
  const steps: { cold: Record<string, Step>[]; warm: Record<string, Step>[] } = { cold: [], warm: [] };
  const pages: { cold: PageTiming[]; warm: PageTiming[] } = { cold: [], warm: [] };
  for (let t = 0; t < TRIALS; t++) {
    const { first, second } = await retryStalled(`first list, trial ${t + 1}`, stalls, () =>
      visitTwice(browser, pageUrl),
    );
    cold.push(first.afterLoad);
    warm.push(second.afterLoad);
    steps.cold.push(first.steps);
    steps.warm.push(second.steps);
    pages.cold.push(first.page);
    pages.warm.push(second.page);
    const early = ` (benchmark ${first.benchmarkAtLeave} at the leave; second visit: ${second.how})`;
    notes.push(
      `${first.backend}/${second.backend}${LEAVE_EARLY ? early : STORE_PORT ? ` (${second.how})` : ""}`,
    );
  }
  return { cold, warm, notes, steps, pages };
}

/**
 * The visited page's own timing, ms after navigation start: its load event's end, its LCP and FCP so far,
 * and its long tasks (> 50 ms) until the first on-device list; so that a start moved before the load
 * event shows whether it moved the load event or LCP too.
 */
type PageTiming = { load: number; lcp: number; fcp: number; longTasks: number[] };

/** One trial of firstRankedAfterLoad: a first and a second visit in a fresh context (or profile on disk). */
async function visitTwice(browser: Browser, pageUrl: string) {
  const { context: started, dispose, reopen } = await freshContext(browser, PROFILE);
  const prepare = async (context: BrowserContext) => {
    context.setDefaultTimeout(180_000);
    await context.addInitScript({ content: FIRST_RANKED });
    await context.addInitScript({ content: OBSERVE });
    return { open: openRequests(context), page: await context.newPage() };
  };
  let { open, page } = await prepare(started);
  const visit = async () => {
    await untilFirstRanked(page, () => gotoLoaded(page, pageUrl, open));
    const first = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const w = window as unknown as {
        __firstRanked: number;
        __rankedBy: string;
        __lcp: number;
        __fcp: number;
        __longTasks: number[];
        __recommender?: Recommender;
      };
      const page = { load: nav.loadEventEnd, lcp: w.__lcp, fcp: w.__fcp, longTasks: [...w.__longTasks] };
      // How the backend was chosen: "remembered …" loaded it at once, "started on wasm …" probed first.
      const how = w.__recommender?.status().backendReason.split(" ").slice(0, 2).join(" ") ?? "";
      return { afterLoad: w.__firstRanked - nav.loadEventEnd, backend: w.__rankedBy, page, how };
    });
    return { ...first, steps: await startupSteps(page) };
  };
  const benchmarkState = () =>
    page.evaluate(
      () =>
        (window as unknown as { __recommender?: Recommender }).__recommender?.status().backendBenchmark
          .state ?? "pending",
    );
  try {
    const first = { ...(await visit()), benchmarkAtLeave: "" };
    // The first visit's deferred benchmark must finish before the second visit can use its winner (unless
    // the shopper leaves at once).
    if (!LEAVE_EARLY) await benchmarkSettled(page);
    first.benchmarkAtLeave = await benchmarkState();
    if (WORKER_GONE && reopen) ({ open, page } = await prepare(await reopen()));
    const second = await visit(); // same profile: model bytes in IndexedDB, backend remembered
    return { first, second };
  } finally {
    await dispose();
  }
}

/**
 * First-visit JavaScript per backend path, gzip -9: the main-thread chunks (pocketrank.js and chunks/*.js: the
 * loader and its lazy chunks), the scoring worker with its scoring code and their static imports, and the backend's chunk with
 * its static imports (read from the worker's `import()` map, see client/scoring/backends/loadBackend.ts).
 */
function firstVisitBytes(sizes: { file: string; gzip: number }[]) {
  const dir = resolve(import.meta.dirname, "../../dist/public/sdk");
  const gz = new Map(sizes.map((s) => [s.file, s.gzip]));
  const source = (file: string) => readFileSync(join(dir, file), "utf8");
  const closure = (start: string[]) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of source(file).matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g))
        visit(`assets/${m[1]}`);
    };
    for (const f of start) visit(f);
    return seen;
  };
  const main = sizes.filter((s) => !s.file.startsWith("assets/")).reduce((n, s) => n + s.gzip, 0);
  const worker = readdirSync(join(dir, "assets")).find((f) => /^worker-.*\.js$/.test(f));
  if (!worker) return { main, paths: {} as Record<string, { js: number; wasm: number; files: string[] }> };
  const map = [
    ...source(`assets/${worker}`).matchAll(
      /(webgpu|webgl|wasm|cpu):\(\)=>import\(["'`]\.\/([^"'`]+)["'`]\)/g,
    ),
  ];
  // The worker's entry imports its scoring code (serveRequests) at once, and a backend's chunk when tried.
  const backendChunks = new Set(map.map(([, , chunk]) => `assets/${chunk}`));
  const imported = [...source(`assets/${worker}`).matchAll(/import\(["'`]\.\/([^"'`]+\.js)["'`]\)/g)];
  const workerStart = [
    `assets/${worker}`,
    ...imported.map((m) => `assets/${m[1]}`).filter((f) => !backendChunks.has(f)),
  ];
  const workerFiles = closure(workerStart);
  const paths: Record<string, { js: number; wasm: number; files: string[] }> = {};
  for (const [, backend, chunk] of map) {
    const files = closure([...workerStart, `assets/${chunk}`]);
    const js = [...files].reduce((n, f) => n + (gz.get(f) ?? 0), 0);
    const wasm =
      backend === "wasm"
        ? (gz.get(sizes.find((s) => /wasm-simd.*\.wasm$/.test(s.file))?.file ?? "") ?? 0)
        : 0;
    paths[backend] = { js: main + js, wasm, files: [...files].filter((f) => !workerFiles.has(f)) };
  }
  return { main, worker: [...workerFiles].reduce((n, f) => n + (gz.get(f) ?? 0), 0), paths };
}

type Load = {
  lcp: number;
  fcp: number;
  long: number;
  sdkLong: number;
  sdkScripts: string[];
  /** Long tasks from the performance trace, with their CPU time and the /sdk/ scripts in them. */
  traced: LongTask[];
  /** The most /sdk/ CPU time in any one main-thread task of the load, long or not, ms. */
  sdkCpuMax: number;
};

/**
 * LCP and long tasks on embed.html with and without the SDK's script tag, alternating loads, each in its
 * own browser. Headless Chromium often presents no frame for a while to a page in a browser that has
 * already shown another window (with a fresh context per load in one browser, 3 of 8 loads had neither
 * FCP nor LCP after 2.5 s and others painted seconds late; with a fresh browser per load 8 of 8 reported),
 * which is why the earlier run of this script missed LCP in half the loads.
 */
async function withAndWithout(pageUrl: string) {
  const result = { with: [] as Load[], without: [] as Load[] };
  for (let i = 0; i < 2 * LOADS; i++) {
    const withSdk = i % 2 === 0;
    const what = `load ${i + 1}, ${withSdk ? "with" : "without"} the SDK`;
    (withSdk ? result.with : result.without).push(
      await retryStalled(what, stalls, () => loadOnce(pageUrl, withSdk)),
    );
  }
  return result;
}

/** One load of withAndWithout, in a browser of its own. */
async function loadOnce(pageUrl: string, withSdk: boolean): Promise<Load> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const open = openRequests(context);
    context.setDefaultTimeout(180_000);
    await context.addInitScript({ content: OBSERVE });
    if (!withSdk) {
      await context.route(pageUrl, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(SCRIPT_TAG, "");
        await route.fulfill({ response, body });
      });
    }
    const page = await context.newPage();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await gotoLoaded(page, pageUrl, open);
    // Let the lazy model load and the re-rank finish (or the same idle time without the SDK). Nothing is
    // asked of the page meanwhile: a waitForSelector would run Playwright's own script on the page's
    // thread in one arm only (33–75 ms after the load event), a long task the SDK did not cause.
    await page.waitForTimeout(8_000);
    const { rendered, ...load } = await page.evaluate((item) => {
      const w = window as unknown as {
        __lcp: number;
        __fcp: number;
        __longTasks: number[];
        __loaf: { sdk: boolean; script: string }[];
      };
      const sdk = w.__loaf.filter((f) => f.sdk);
      return {
        lcp: w.__lcp,
        fcp: w.__fcp,
        long: w.__longTasks.length,
        sdkLong: sdk.length,
        sdkScripts: sdk.map((f) => f.script),
        rendered: document.querySelector(item) !== null,
      };
    }, RENDERED_ITEM);
    if (withSdk && !rendered) throw new Error(`${pageUrl}: the SDK rendered nothing in 8 s`);
    const trace = JSON.parse((await browser.stopTracing()).toString());
    // One pass over every task: the long ones are a subset.
    const tasks = longTasks(trace, 0);
    const traced = tasks.filter((t) => t.wallMs > 50);
    const sdkCpuMax = Math.max(0, ...tasks.map((t) => t.sdkCpuMs));
    return { ...load, traced, sdkCpuMax };
  } finally {
    await browser.close();
  }
}

const date = new Date().toISOString();
const loadAtStart = loadavg();
const sizes = bundleSizes();
const storeUrl = STORE_PORT ? `http://localhost:${STORE_PORT}` : undefined;
const edge =
  process.env.E2E_EDGE_URL && !storeUrl
    ? { url: process.env.E2E_EDGE_URL, stop: async () => {} }
    : await startEdge({ port: PORT, seed: true, vars: storeUrl ? { CORS_ORIGINS: storeUrl } : undefined });
const store = STORE_PORT
  ? await startStorefront(STORE_PORT, crossOriginEmbed(edge.url, { storeWorker: STORE_WORKER }))
  : undefined;
const pageUrl = store ? `${store.url}/embed.html` : `${edge.url}/demo/embed.html`;
const browser = await launchBrowser();
const chromiumVersion = browser.version();
let ttfr: Awaited<ReturnType<typeof firstRankedAfterLoad>>;
let vitals: Awaited<ReturnType<typeof withAndWithout>>;
let atOnce: Awaited<ReturnType<typeof sdkLoadedAtOnce>>;
try {
  atOnce = await sdkLoadedAtOnce(browser, pageUrl);
  ttfr = await firstRankedAfterLoad(browser, pageUrl);
  vitals = await withAndWithout(pageUrl);
} finally {
  await browser.close();
  await store?.stop();
  await edge.stop();
}

console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)}, ` +
    `headless Chromium ${chromiumVersion}.\n`,
);
console.log("| SDK file | raw | gzip -9 |\n|---|---:|---:|");
for (const s of sizes) console.log(`| ${s.file} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
console.log(
  `\nLoaded at once (budget ${kb(LOADED_AT_ONCE_BUDGET)} gzip; embed.html's /sdk/ fetches before its load event): ` +
    `${atOnce.files.map((f) => f.path.replace("/sdk/", "")).join(" + ")} = ${kb(atOnce.gzip)} gzip -9 (${atOnce.gzip} B)`,
);
const visit = firstVisitBytes(sizes);
console.log(
  `\nFirst-visit JavaScript per backend path (gzip -9; main-thread chunks ${kb(visit.main)} + worker ${kb(visit.worker ?? 0)} + the backend's chunks; the .wasm apart):`,
);
console.log("| backend path | JS gzip | .wasm gzip | backend chunks |\n|---|---:|---:|---|");
for (const [backend, p] of Object.entries(visit.paths))
  console.log(`| ${backend} | ${kb(p.js)} | ${p.wasm ? kb(p.wasm) : "–"} | ${p.files.join(", ")} |`);
console.log(
  `\nFirst on-device ranked list after the load event (${pageUrl}${store ? `, a store on another origin${STORE_WORKER ? " hosting its scoring worker file" : ""}` : ""}, backend auto, ${TRIALS} trials, ms after loadEventEnd${PROFILE ? "; each trial in a profile on disk" : ""}):`,
);
console.log(
  `first visit (model from the network, wasm at once) median ${median(ttfr.cold).toFixed(0)} ms [${ttfr.cold.map((x) => x.toFixed(0)).join(", ")}]`,
);
console.log(
  `second visit (model in IndexedDB, ${LEAVE_EARLY ? "after a first visit left before its benchmark ended" : "the benchmark's winner remembered"}) median ${median(ttfr.warm).toFixed(0)} ms [${ttfr.warm.map((x) => x.toFixed(0)).join(", ")}]`,
);
console.log(`backend per trial (first/second visit): ${ttfr.notes.join(" ")}`);
console.log(
  `Trials and loads run again because a visit's load event did not fire in ${LOAD_TIMEOUT_MS / 1000} s: ${stalls.length}` +
    stalls
      .map((s) => `\n  ${s.at} ${s.what} (attempt ${s.attempt}), open: ${s.pending.join(", ") || "none"}`)
      .join(""),
);
console.log(
  "\nStart-up steps (median over trials of each request's start → end, ms after loadEventEnd):\n| step | first visit | second visit |\n|---|---:|---:|",
);
const stepCell = (runs: Record<string, Step>[], name: string) => {
  const start = median(runs.map((r) => r[name]?.start ?? Number.NaN).filter(Number.isFinite));
  const end = median(runs.map((r) => r[name]?.end ?? Number.NaN).filter(Number.isFinite));
  if (!Number.isFinite(start)) return "–";
  return start === end ? start.toFixed(0) : `${start.toFixed(0)} → ${end.toFixed(0)}`;
};
for (const name of ["worker created", ...Object.keys(STEPS)])
  console.log(`| ${name} | ${stepCell(ttfr.steps.cold, name)} | ${stepCell(ttfr.steps.warm, name)} |`);
console.log(`| first on-device list | ${median(ttfr.cold).toFixed(0)} | ${median(ttfr.warm).toFixed(0)} |`);
console.log(
  "\nThe visited page (median over trials, ms after navigation start; long tasks until the first list):\n| | first visit | second visit |\n|---|---:|---:|",
);
const pageCell = (runs: PageTiming[], read: (p: PageTiming) => number) => {
  const xs = runs.map(read);
  return `${median(xs.filter(Number.isFinite)).toFixed(0)} [${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : "–")).join(", ")}]`;
};
for (const [name, read] of [
  ["loadEventEnd", (p: PageTiming) => p.load],
  ["LCP", (p: PageTiming) => p.lcp],
  ["FCP", (p: PageTiming) => p.fcp],
  ["long tasks", (p: PageTiming) => p.longTasks.length],
] as const)
  console.log(`| ${name} | ${pageCell(ttfr.pages.cold, read)} | ${pageCell(ttfr.pages.warm, read)} |`);
let interval: [number, number] | undefined;
if (LOADS > 0) {
  console.log(`\nembed.html, ${LOADS} loads each (alternating, fresh context each):`);
  const ms = (xs: number[]) => xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : "–")).join(", ");
  for (const [name, loads] of Object.entries(vitals)) {
    const lcp = loads.map((l) => l.lcp);
    const missing = lcp.filter((x) => !Number.isFinite(x)).length;
    console.log(
      `${name} script: LCP median ${median(lcp).toFixed(0)} ms [${ms(lcp)}] (${missing} without an LCP entry); ` +
        `FCP median ${median(loads.map((l) => l.fcp)).toFixed(0)} ms; ` +
        `long tasks per load median ${median(loads.map((l) => l.long))} [${loads.map((l) => l.long).join(", ")}]; ` +
        `long frames led by a /sdk/ script per load [${loads.map((l) => l.sdkLong).join(", ")}]`,
    );
    const scripts = loads.flatMap((l) => l.sdkScripts);
    if (scripts.length) console.log(`  /sdk/ scripts leading a long frame: ${scripts.join("; ")}`);
    const traced = loads.flatMap((l) => l.traced);
    const sdkTasks = traced.filter((t) => t.sdkMs > 0);
    const fmtTask = (t: LongTask) =>
      `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU, ${t.sdkMs.toFixed(1)} ms sampled in /sdk/ code ≈ ${t.sdkCpuMs.toFixed(1)} ms of CPU (${t.sdkTop})`;
    console.log(
      `  traced long tasks (> 50 ms wall): ${traced.length}; with /sdk/ scripts in them: ${sdkTasks.length}, ` +
        `of which over 50 ms of main-thread CPU: ${sdkTasks.filter((t) => t.cpuMs > 50).length}, ` +
        `with over 50 ms sampled in /sdk/ code: ${sdkTasks.filter((t) => t.sdkMs > 50).length}, ` +
        `with over 50 ms of /sdk/ CPU: ${sdkTasks.filter((t) => t.sdkCpuMs > 50).length}; ` +
        `most /sdk/ CPU in any task of any length: ${Math.max(0, ...loads.map((l) => l.sdkCpuMax)).toFixed(1)} ms`,
    );
    for (const t of sdkTasks) console.log(`    ${fmtTask(t)}`);
    const mostly = new Map<string, number[]>();
    for (const t of traced) mostly.set(t.mostly, [...(mostly.get(t.mostly) ?? []), t.cpuMs]);
    const what = [...mostly].sort((a, b) => b[1].length - a[1].length);
    console.log(
      `  what the traced long tasks mostly did: ${what
        .map(
          ([k, cpu]) =>
            `${k || "(nothing traced)"} ×${cpu.length} (CPU median ${median(cpu).toFixed(0)}, max ${Math.max(...cpu).toFixed(0)} ms)`,
        )
        .join(", ")}`,
    );
  }
  const lcpWith = vitals.with.map((l) => l.lcp).filter(Number.isFinite);
  const lcpWithout = vitals.without.map((l) => l.lcp).filter(Number.isFinite);
  interval = bootstrapMedianDifference(lcpWith, lcpWithout);
  console.log(
    `LCP median with − without: ${(median(lcpWith) - median(lcpWithout)).toFixed(0)} ms ` +
      `(${(median(lcpWith) / median(lcpWithout)).toFixed(2)}×); 95% bootstrap interval of the difference ` +
      `[${interval[0].toFixed(0)}, ${interval[1].toFixed(0)}] ms (an interval that contains 0: no difference beyond noise)`,
  );
}
writeFileSync(
  resolve(import.meta.dirname, `results/${OUT}.json`),
  `${JSON.stringify({ date, loadAtStart, sizes, loadedAtOnce: atOnce, firstVisit: visit, ttfr, profile: PROFILE, leaveEarly: LEAVE_EARLY, workerGone: WORKER_GONE, store: store ? { url: store.url, storeWorker: STORE_WORKER } : null, vitals, stalls, lcpDifferenceInterval: interval, loadAverage: loadavg() }, null, 2)}\n`,
);
