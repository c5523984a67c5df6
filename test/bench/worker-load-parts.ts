/**
 * The scoring worker's model load on a first and a second visit, timed inside the worker by its user
 * timing, for alternating runs of two builds: `pocketrank:model-load` (BackendModel.load after the files'
 * check: the weights' values, the per-model terms, the tensors and the gather) and `pocketrank:weights`
 * (the weights' values alone: decoded from the int8 bytes, or taken from the prepared record), with
 * `pocketrank:manifest-check` (the manifest's synchronous check at the load message) and the first
 * on-device list after the load event. A build without these measures reads NaN (main before this round
 * had none: its arm ran with the same measures added, not landed). Headless Chromium against `wrangler
 * dev`, the demo model; each trial a fresh context, a first visit, its deferred benchmark and its kept
 * weights (if the build keeps them, up to 5 s) waited for, then a second visit.
 *   npm run build && npx tsx test/bench/worker-load-parts.ts [--trials 4] [--port 9034] [--out worker-load-parts]
 *   npx tsx test/bench/worker-load-parts.ts --compare worker-load-parts-s14  # pools PREFIX-before-K / -after-K
 * Writes test/bench/results/<out>.json.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { benchmarkSettled, dedicatedWorkerPage, gotoFirstRanked } from "./firstRanked.ts";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "4" },
    port: { type: "string", default: "9034" },
    out: { type: "string", default: "worker-load-parts" },
    compare: { type: "string" },
  },
});
const RESULTS = resolve(import.meta.dirname, "results");

type Visit = { afterLoad: number; modelLoad: number; weights: number; check: number; from: string };
type Run = { date: string; loadAtStart: number[]; loadAtEnd: number[]; first: Visit[]; second: Visit[] };

/** Whether the page's model cache holds a prepared record (run in the page). */
const HAS_RECORD = `new Promise((done) => {
  const open = indexedDB.open("pocketrank-models");
  open.onsuccess = () => {
    const request = open.result.transaction("blobs").objectStore("blobs").getAllKeys();
    request.onsuccess = () => { open.result.close(); done(request.result.some((k) => String(k).startsWith("prepared-"))); };
  };
})`;

async function visit(page: Page, url: string, open: () => string[]): Promise<Visit> {
  const afterLoad = await gotoFirstRanked(page, `${url}/demo/embed.html`, open);
  // The scoring worker is the one whose model load came first (a first visit's benchmark worker loads later).
  const workers = await Promise.all(
    page.workers().map((worker) =>
      worker.evaluate(() => {
        const first = (name: string) =>
          performance.getEntriesByName(name)[0] as PerformanceMeasure | undefined;
        const load = first("pocketrank:model-load");
        return {
          at: load?.startTime ?? Number.POSITIVE_INFINITY,
          origin: performance.timeOrigin,
          modelLoad: load?.duration ?? Number.NaN,
          weights: first("pocketrank:weights")?.duration ?? Number.NaN,
          check: first("pocketrank:manifest-check")?.duration ?? Number.NaN,
          from: String(first("pocketrank:weights")?.detail?.from ?? "-"),
        };
      }),
    ),
  );
  const scoring = workers.sort((a, b) => a.origin + a.at - (b.origin + b.at))[0];
  return {
    afterLoad,
    modelLoad: scoring?.modelLoad ?? Number.NaN,
    weights: scoring?.weights ?? Number.NaN,
    check: scoring?.check ?? Number.NaN,
    from: scoring?.from ?? "-",
  };
}

async function measure(): Promise<void> {
  const run: Run = {
    date: new Date().toISOString(),
    loadAtStart: loadavg(),
    loadAtEnd: [],
    first: [],
    second: [],
  };
  const edge = await startEdge({ port: Number(values.port), seed: true });
  const browser = await launchBrowser();
  try {
    for (let t = 0; t < Number(values.trials); t++) {
      const { context, page, open } = await dedicatedWorkerPage(browser);
      try {
        run.first.push(await visit(page, edge.url, open));
        await benchmarkSettled(page);
        await page.waitForFunction(HAS_RECORD, undefined, { polling: 100, timeout: 5000 }).catch(() => {});
        run.second.push(await visit(page, edge.url, open));
        const [f, s] = [run.first.at(-1), run.second.at(-1)] as Visit[];
        console.log(
          `trial ${t + 1}: first ${f.afterLoad.toFixed(0)} ms (load ${f.modelLoad.toFixed(1)}, weights ${f.weights.toFixed(1)} ${f.from}), ` +
            `second ${s.afterLoad.toFixed(0)} ms (load ${s.modelLoad.toFixed(1)}, weights ${s.weights.toFixed(1)} ${s.from}, check ${s.check.toFixed(1)})`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await edge.stop();
  }
  run.loadAtEnd = loadavg();
  writeFileSync(resolve(RESULTS, `${values.out}.json`), `${JSON.stringify(run, null, 2)}\n`);
  console.log(`wrote results/${values.out}.json`);
}

/** Pools PREFIX-before-K and PREFIX-after-K: medians and the 95 % interval of after − before. */
function compare(prefix: string): void {
  const arm = (name: string) => {
    const runs: Run[] = [];
    for (let k = 1; existsSync(resolve(RESULTS, `${prefix}-${name}-${k}.json`)); k++)
      runs.push(JSON.parse(readFileSync(resolve(RESULTS, `${prefix}-${name}-${k}.json`), "utf8")));
    return runs;
  };
  const before = arm("before");
  const after = arm("after");
  for (const run of [...before, ...after])
    console.log(`- ${run.date}, load ${run.loadAtStart[0].toFixed(1)} → ${run.loadAtEnd[0].toFixed(1)}`);
  console.log(
    `\n| visit | measure | trials before / after | before | after | after − before (95 %) |\n|---|---|---:|---:|---:|---:|`,
  );
  for (const visitName of ["first", "second"] as const) {
    for (const key of ["afterLoad", "modelLoad", "weights", "check"] as const) {
      const a = before.flatMap((r) => r[visitName].map((v) => v[key]));
      const b = after.flatMap((r) => r[visitName].map((v) => v[key]));
      const [lo, hi] = bootstrapMedianDifference(b, a);
      const f = (x: number) => x.toFixed(1);
      console.log(
        `| ${visitName} | ${key} | ${a.length} / ${b.length} | ${f(median(a))} | ${f(median(b))} | ${f(median(b) - median(a))} (${f(lo)} … ${f(hi)}) |`,
      );
    }
  }
}

if (values.compare) compare(values.compare);
else await measure();
