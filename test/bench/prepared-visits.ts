/**
 * A returning visit with and without the prepared weights (the weights its first visit's scoring worker
 * decoded, kept in IndexedDB), on one build, in headless Chromium against `wrangler dev` with the demo
 * model. Each trial is a fresh context: a first visit (model from the network; the bench waits for its
 * deferred benchmark and for the record to be written), then cached visits in the order with, without,
 * without, with (before a "without" visit the record is deleted; the visit writes it again after its list,
 * and the bench waits for that). Per cached visit: the first on-device list after the load event, and the
 * scoring worker's user timing of its weights step ("pocketrank:weights": the record checked, or the int8
 * bytes decoded). Medians per arm with the 95 % bootstrap interval of their difference.
 *   npm run build && npx tsx test/bench/prepared-visits.ts [--trials 4] [--port 9033] [--out prepared-visits]
 * Writes test/bench/results/<out>.json.
 */
import { writeFileSync } from "node:fs";
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
    port: { type: "string", default: "9033" },
    out: { type: "string", default: "prepared-visits" },
  },
});
const TRIALS = Number(values.trials);

/** The prepared records' keys in the page's model cache (run in the page; `drop` deletes them). */
const preparedKeys = async (drop: boolean) => {
  const db = await new Promise<IDBDatabase>((done, fail) => {
    const open = indexedDB.open("pocketrank-models");
    open.onsuccess = () => done(open.result);
    open.onerror = () => fail(open.error);
  });
  const store = db.transaction("blobs", "readwrite").objectStore("blobs");
  const keys = await new Promise<IDBValidKey[]>((done) => {
    store.getAllKeys().onsuccess = (e) => done((e.target as IDBRequest<IDBValidKey[]>).result);
  });
  const prepared = keys.map(String).filter((key) => key.startsWith("prepared-"));
  if (drop) for (const key of prepared) store.delete(key);
  await new Promise((done) => {
    store.transaction.oncomplete = done;
  });
  db.close();
  return prepared;
};

/**
 * `checkMs`: the manifest's synchronous check at the load's arrival (schema; the hashing starts);
 * `checkToWeights`: from its end to the start of the weights step (the load waiting for the backend).
 */
type Visit = { afterLoad: number; weightsMs: number; from: string; checkMs: number; checkToWeights: number };

async function visit(page: Page, url: string, open: () => string[]): Promise<Visit> {
  const afterLoad = await gotoFirstRanked(page, `${url}/demo/embed.html`, open);
  const measures = (
    await Promise.all(
      page.workers().map((worker) =>
        worker.evaluate(() =>
          performance.getEntriesByName("pocketrank:weights").map((e) => {
            const check = performance.getEntriesByName("pocketrank:manifest-check")[0];
            return {
              ms: e.duration,
              from: String((e as PerformanceMeasure).detail?.from),
              checkMs: check?.duration ?? Number.NaN,
              checkToWeights: check ? e.startTime - (check.startTime + check.duration) : Number.NaN,
            };
          }),
        ),
      ),
    )
  ).flat();
  return {
    afterLoad,
    weightsMs: measures[0]?.ms ?? Number.NaN,
    from: measures.map((m) => m.from).join(","),
    checkMs: measures[0]?.checkMs ?? Number.NaN,
    checkToWeights: measures[0]?.checkToWeights ?? Number.NaN,
  };
}

/** Waits until the page has (re)written its prepared record. */
async function recordWritten(page: Page): Promise<void> {
  await page.waitForFunction(
    `(${preparedKeys.toString()})(false).then((keys) => keys.length > 0)`,
    undefined,
    {
      polling: 100,
      timeout: 30_000,
    },
  );
}

const loadAtStart = loadavg().map((x) => +x.toFixed(1));
const edge = await startEdge({ port: Number(values.port), seed: true });
const browser = await launchBrowser();
const arms: Record<"with" | "without", Visit[]> = { with: [], without: [] };
try {
  for (let t = 0; t < TRIALS; t++) {
    const { context, page, open } = await dedicatedWorkerPage(browser);
    try {
      await visit(page, edge.url, open);
      await benchmarkSettled(page);
      await recordWritten(page);
      for (const arm of ["with", "without", "without", "with"] as const) {
        if (arm === "without") await page.evaluate(preparedKeys, true);
        const v = await visit(page, edge.url, open);
        arms[arm].push(v);
        console.log(
          `trial ${t + 1} ${arm}: first list ${v.afterLoad.toFixed(0)} ms after load, weights ${v.weightsMs.toFixed(1)} ms (${v.from}), manifest check ${v.checkMs.toFixed(1)} ms, ${v.checkToWeights.toFixed(0)} ms before the weights step`,
        );
        await recordWritten(page);
      }
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await edge.stop();
}

const summary = (pick: (v: Visit) => number) => {
  const w = arms.with.map(pick);
  const wo = arms.without.map(pick);
  return {
    withMedian: +median(w).toFixed(1),
    withoutMedian: +median(wo).toFixed(1),
    difference: +(median(w) - median(wo)).toFixed(1),
    difference95: bootstrapMedianDifference(w, wo).map((x) => +x.toFixed(1)),
  };
};
const result = {
  date: new Date().toISOString(),
  loadAtStart,
  loadAtEnd: loadavg().map((x) => +x.toFixed(1)),
  trials: TRIALS,
  firstListAfterLoad: summary((v) => v.afterLoad),
  weightsStep: summary((v) => v.weightsMs),
  manifestCheck: summary((v) => v.checkMs),
  checkToWeights: summary((v) => v.checkToWeights),
  visits: arms,
};
console.log(
  JSON.stringify({ firstListAfterLoad: result.firstListAfterLoad, weightsStep: result.weightsStep }, null, 2),
);
const out = resolve(import.meta.dirname, `results/${values.out}.json`);
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${out}`);
