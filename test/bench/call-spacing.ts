/**
 * The scoring worker's inference (encode + forward + read-back, as BackendModel.score runs it) timed call by
 * call in headless Chromium on one backend, back to back and after a pause (issue 15: inference against its
 * floors). The floors are timed back to back (client-latency.ts), while each recommend() call's inference
 * follows the worker's wait on the network: this shows what that wait alone does to the same call. Runs
 * window.lab.callSpacing (client/demo/src/lab/callSpacing.ts) on the lab page's thread with the live demo
 * model, the edge's home candidates (1,000: repeated with shifted ids) and a history of `--history` of them;
 * the spacings interleaved call by call: back to back, after 4 ms, after 4 ms of the thread spinning (no
 * sleep), after 20 ms, right after a fetch of the edge's answer.
 *   npm run build && npx tsx test/bench/call-spacing.ts [--runs 100] [--history 8] [--backend wasm] [--port 8911] [--out NAME]
 * Prints a Markdown table (median and quartiles in ms) and writes JSON to test/bench/results/call-spacing.json
 * (or NAME). The page's clock has 0.1 ms resolution (no cross-origin isolation).
 */

import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Spacing } from "../../client/demo/src/lab/callSpacing.ts";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "100" },
    history: { type: "string", default: "8" },
    backend: { type: "string", default: "wasm" },
    port: { type: "string", default: "8911" },
    out: { type: "string", default: "call-spacing" },
  },
});
const RUNS = Number(values.runs);
const HISTORY = Number(values.history);
const SIZES = [100, 500, 1000];

const loadAtStart = loadavg();
const edge = await startEdge({ port: Number(values.port), seed: true });
const browser = await launchBrowser();
const results: { n: number; ms: Record<Spacing, number[]> }[] = [];
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${edge.url}/demo/lab.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "1");
  for (const n of SIZES) {
    const ms = (await page.evaluate(([b, k, h, r]) => window.lab!.callSpacing(b, k, h, r), [
      values.backend,
      n,
      HISTORY,
      RUNS,
    ] as const)) as Record<Spacing, number[]>;
    results.push({ n, ms });
  }
} finally {
  await browser.close();
  await edge.stop();
}

const load = loadavg();
const SPACINGS = Object.keys(results[0]?.ms ?? {}) as Spacing[];
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const f = (x: number) => x.toFixed(2);
console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load ${loadAtStart[0].toFixed(1)} → ${load[0].toFixed(1)}, ` +
    `headless Chromium ${browser.version()}; ${values.backend}, ${HISTORY}-item history, ${RUNS} calls per spacing; ` +
    "median (lower quartile–upper quartile) in ms.\n",
);
console.log(`| n | ${SPACINGS.join(" | ")} | after 4 ms ÷ back to back |`);
console.log(`|---:|${SPACINGS.map(() => "---:|").join("")}---:|`);
for (const { n, ms } of results) {
  const cell = (xs: number[]) =>
    `${f(quantile(xs, 0.5))} (${f(quantile(xs, 0.25))}–${f(quantile(xs, 0.75))})`;
  const ratio = quantile(ms["after 4 ms"], 0.5) / quantile(ms["back to back"], 0.5);
  console.log(`| ${n} | ${SPACINGS.map((s) => cell(ms[s])).join(" | ")} | ${ratio.toFixed(2)}× |`);
}
writeFileSync(
  resolve(import.meta.dirname, `results/${values.out}.json`),
  `${JSON.stringify({ args: process.argv.slice(2), date: new Date().toISOString(), loadAtStart, loadAverage: load, chromium: browser.version(), backend: values.backend, history: HISTORY, runs: RUNS, spacings: SPACINGS, results }, null, 1)}\n`,
);
