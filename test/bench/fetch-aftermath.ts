/**
 * What a repeated candidate fetch leaves behind on the page↔worker hop (issue 15, recommend()'s overhead).
 * In a dedicated worker of a page on the edge's origin, the same `/v1/candidates` URL is fetched again and
 * again in four ways of learning that the answer is unchanged:
 * - `held`: no fetch at all (the worker keeps the answer);
 * - `http-cache`: what the scoring worker does today: the browser's HTTP cache answers within max-age (60 s)
 *   and the unread body of the unchanged ETag is cancelled;
 * - `if-none-match`: a conditional request with the ETag held; the edge answers 304 with no body;
 * - `no-cache`: the browser revalidates its own copy (what it does after max-age), hands over a 200 with the
 *   cached body, which is cancelled.
 * Per call: the fetch (to the headers) and the whole call as the page sees it, then the page↔worker echo
 * right after the answer (where the next recommend() would start) and again after a 20 ms pause. Modes run
 * in an A B C D D C B A order, 100 and 500 candidates, against `wrangler dev`.
 *   npm run build && npx tsx test/bench/fetch-aftermath.ts [--calls 15] [--port 8885] [--out NAME]
 * Prints a Markdown table (medians in ms) and writes JSON to test/bench/results/fetch-aftermath.json (or NAME).
 */

import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { WORKER_ACCEPT } from "../../client/candidates/fetchCandidates.ts";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "15" },
    port: { type: "string", default: "8885" },
    out: { type: "string", default: "fetch-aftermath" },
  },
});
const CALLS = Number(values.calls);
const PORT = Number(values.port);
const OUT = values.out;
const MODES = ["held", "http-cache", "if-none-match", "no-cache"];
const ORDER = [...MODES, ...[...MODES].reverse()];
const PAUSE_MS = 20;
const here = (file: string) => readFileSync(resolve(import.meta.dirname, "fetch-aftermath", file), "utf8");

type Call = {
  fetchMs: number;
  status: number;
  body: string;
  callMs: number;
  echoMs: number;
  echoAfterPauseMs: number;
};
type Result = { n: number; mode: string; rows: Call[] };

const loadAtStart = loadavg();
const edge = await startEdge({ port: PORT, seed: true });
const browser = await launchBrowser();
const results: Result[] = [];
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${edge.url}/healthz`);
  for (const n of [100, 500]) {
    const args = {
      workerSource: here("probeWorker.js"),
      url: `${edge.url}/v1/candidates?context=home&limit=${n}`,
      accept: WORKER_ACCEPT,
      order: ORDER,
      calls: CALLS,
      warm: 3,
      pauseMs: PAUSE_MS,
    };
    // The page's code is plain JavaScript in its own file, installed as text (no bundler in between).
    await page.evaluate(here("probePage.js"));
    const got = (await page.evaluate(`probeFetchAftermath(${JSON.stringify(args)})`)) as Omit<Result, "n">[];
    for (const r of got) results.push({ n, ...r });
  }
} finally {
  await browser.close();
  await edge.stop();
}

const load = loadavg();
const f = (x: number) => x.toFixed(2);
console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load ${loadAtStart[0].toFixed(1)} → ${load[0].toFixed(1)}, ` +
    `headless Chromium ${browser.version()}; ${CALLS} calls a mode and round (2 rounds, A B C D D C B A); medians in ms.\n`,
);
console.log(
  `| n | mode | body | fetch (to headers) | call, page↔worker | echo right after | echo after ${PAUSE_MS} ms |`,
);
console.log("|---:|---|---|---:|---:|---:|---:|");
for (const n of [100, 500]) {
  for (const mode of MODES) {
    const rows = results.filter((r) => r.n === n && r.mode === mode).flatMap((r) => r.rows);
    const col = (key: keyof Call) => f(median(rows.map((c) => c[key] as number)));
    const bodies = [...new Set(rows.map((c) => `${c.status ? `${c.status}, ` : ""}${c.body}`))].join("; ");
    console.log(
      `| ${n} | ${mode} | ${bodies} | ${col("fetchMs")} | ${col("callMs")} | ${col("echoMs")} | ${col("echoAfterPauseMs")} |`,
    );
  }
}
writeFileSync(
  resolve(import.meta.dirname, `results/${OUT}.json`),
  `${JSON.stringify({ args: process.argv.slice(2), date: new Date().toISOString(), loadAtStart, loadAverage: load, modes: MODES, order: ORDER, pauseMs: PAUSE_MS, results }, null, 2)}\n`,
);
