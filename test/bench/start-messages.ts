/**
 * The cached start's critical path, step by step on the page: on second visits of /demo/embed.html
 * (model in IndexedDB, backend remembered), when the page called `new Worker` for the scoring worker,
 * each message it posted to a worker (prefetch, prepare, load, rank) and each answer it got (done,
 * loaded, ranked), and each render, all in ms after the page's loadEventStart. It shows which side the
 * first on-device list waits for: the page's model read (its "load" message) or the worker's own start
 * (its first answer). An init script wraps the page's Worker constructor (no code in the SDK).
 *   npm run build && npx tsx test/bench/start-messages.ts [--trials 3] [--visits 2] [--port 8806] [--out start-messages]
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Recommender } from "../../client/types.ts";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { gotoLoaded, openRequests, retryStalled, type Stall } from "./loadStall.ts";
import { START_LOG } from "./startLog.ts";
import { median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "3" },
    visits: { type: "string", default: "2" },
    port: { type: "string", default: "8806" },
    out: { type: "string", default: "start-messages" },
  },
});

type LogWindow = { __log: [number, string][]; __recommender?: Recommender };
const onDevice = () =>
  (window as unknown as LogWindow).__log.some(([, w]) => w.startsWith("render ") && w !== "render none");

async function visit(page: Page, url: string, open: () => string[]): Promise<[number, string][]> {
  await gotoLoaded(page, url, open);
  await page.waitForFunction(onDevice, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return (window as unknown as LogWindow).__log.map(([at, what]) => [at - nav.loadEventStart, what]);
  });
}

/** One trial: a first visit until its backend benchmark ended (a later visit uses its winner), then the timed ones. */
async function trial(browser: Browser, url: string): Promise<[number, string][][]> {
  const context: BrowserContext = await browser.newContext();
  try {
    await context.addInitScript({ content: START_LOG });
    const open = openRequests(context);
    const page = await context.newPage();
    await visit(page, url, open);
    await page.waitForFunction(
      () => {
        const state = (window as unknown as LogWindow).__recommender?.status().backendBenchmark.state;
        return state !== undefined && state !== "pending" && state !== "running";
      },
      undefined,
      { timeout: 120_000 },
    );
    const logs: [number, string][][] = [];
    for (let v = 0; v < Number(values.visits); v++) logs.push(await visit(page, url, open));
    return logs;
  } finally {
    await context.close();
  }
}

const date = new Date().toISOString();
const loadAtStart = loadavg();
const edge = await startEdge({ port: Number(values.port), seed: true });
const browser = await launchBrowser();
const visits: [number, string][][] = [];
/** Trials run again because a visit's load event did not fire (loadStall.ts); in the raw output. */
const stalls: Stall[] = [];
try {
  for (let t = 0; t < Number(values.trials); t++)
    visits.push(
      ...(await retryStalled(`trial ${t + 1}`, stalls, () => trial(browser, `${edge.url}/demo/embed.html`))),
    );
} finally {
  await browser.close();
  await edge.stop();
}

/** The first time `what` happened in a visit (a prefix), ms after loadEventStart. */
const first = (log: [number, string][], what: string) =>
  log.find(([, w]) => w.startsWith(what) && w !== "render none")?.[0] ?? Number.NaN;
const STEPS = [
  "new Worker pocketrank-scoring:",
  "post prefetch",
  "post prepare",
  "post load",
  "got done",
  "got loaded",
  "post rank",
  "got ranked",
];
console.log(
  `\nSecond visits of embed.html (${visits.length}), ms after loadEventStart: median [each visit]\n| step | median | visits |\n|---|---:|---|`,
);
const row = (name: string, xs: number[]) =>
  console.log(
    `| ${name} | ${median(xs.filter(Number.isFinite)).toFixed(0)} | ${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : "–")).join(", ")} |`,
  );
for (const step of STEPS)
  row(
    step,
    visits.map((log) => first(log, step)),
  );
row(
  "first on-device render",
  visits.map((log) => first(log, "render ")),
);
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify({ date, loadAtStart, loadAverage: loadavg(), stalls, visits }, null, 2)}\n`,
);
