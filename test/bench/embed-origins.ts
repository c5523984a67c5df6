/**
 * The script-tag embed on another origin against the same-origin demo, in one run (issue 12, "Measure").
 * Two pages with the same markup, the demo's embed.html:
 * - same origin: the edge's own /demo/embed.html (`src="/sdk/pocketrank.js"`, `data-endpoint=""`);
 * - cross origin: the same HTML served by a second local server on another port, with the script and
 *   data-endpoint pointing at the edge (the store's origin is in CORS_ORIGINS).
 * Each page loads with and without its script tag (stripped by request interception), in a fresh
 * browser per load (headless Chromium may present no frame to a second window: client-load.ts), cells
 * shuffled per round with a fixed seed. Measured per load, from navigation start: the first list the
 * slot shows (the edge's order), the first list ranked on the device (the script tag renders again when
 * the lazy model is ready), and LCP.
 *   npm run build && npx tsx test/bench/embed-origins.ts [--rounds 8] [--port 8808] [--shop-port 8820]
 * Writes test/bench/results/embed-origins.json (every load) and prints the summary table.
 */

import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { seededRng } from "../../telemetry/util/rng.ts";
import { launchBrowser, startEdge, startStorefront } from "../e2e/harness/index.ts";
import { crossOriginEmbed, SCRIPT_TAG } from "./crossOriginEmbed.ts";
import { bootstrapMedianDifference, median } from "./stats/medianBootstrap.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "8" },
    port: { type: "string", default: "8808" },
    "shop-port": { type: "string", default: "8820" },
  },
});
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
const SHOP_PORT = Number(values["shop-port"]);
/** Longest wait for the on-device list; a load without it counts as missing (NaN), not as a time. */
const RANKED_TIMEOUT_MS = 90_000;
/** Quiet time after the last event before LCP is read (LCP entries stop at the first input or hide). */
const SETTLE_MS = 3_000;

type Origin = "same" | "cross";
type Cell = { origin: Origin; withSdk: boolean };
type Load = Cell & { lcp: number; firstList: number; firstRanked: number; backend: string };

const OBSERVE = `
  window.__lcp = NaN; window.__renders = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: "largest-contentful-paint", buffered: true });
  } catch {}
  document.addEventListener("pocketrank:render", (e) => window.__renders.push({
    at: performance.now(), backend: e.detail.items[0] ? e.detail.items[0].backend : "none" }));
`;
const shopUrl = `http://localhost:${SHOP_PORT}`;
const edge = await startEdge({ port: PORT, seed: true, vars: { CORS_ORIGINS: shopUrl } });
const shop = await startStorefront(SHOP_PORT, crossOriginEmbed(edge.url));
const urls: Record<Origin, string> = { same: `${edge.url}/demo/embed.html`, cross: `${shop.url}/embed.html` };
const modelVersion: string = (await (await fetch(`${edge.url}/v1/model?bucket=0`)).json()).version;

async function measure(cell: Cell): Promise<Load> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    context.setDefaultTimeout(RANKED_TIMEOUT_MS + 30_000);
    await context.addInitScript({ content: OBSERVE });
    if (!cell.withSdk) {
      await context.route(urls[cell.origin], async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace(SCRIPT_TAG, "") });
      });
    }
    const page = await context.newPage();
    await page.goto(urls[cell.origin], { waitUntil: "load" });
    if (cell.withSdk) {
      await page
        .waitForFunction(
          () =>
            (window as unknown as { __renders: { backend: string }[] }).__renders.some(
              (r) => r.backend !== "none",
            ),
          undefined,
          { timeout: RANKED_TIMEOUT_MS },
        )
        .catch(() => {});
    }
    await page.waitForTimeout(SETTLE_MS);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __lcp: number; __renders: { at: number; backend: string }[] };
      const ranked = w.__renders.find((r) => r.backend !== "none");
      return {
        lcp: w.__lcp,
        firstList: w.__renders[0]?.at ?? Number.NaN,
        firstRanked: ranked?.at ?? Number.NaN,
        backend: ranked?.backend ?? "none",
      };
    });
    return { ...cell, ...seen };
  } finally {
    await browser.close();
  }
}

const cells: Cell[] = [
  { origin: "same", withSdk: true },
  { origin: "cross", withSdk: true },
  { origin: "same", withSdk: false },
  { origin: "cross", withSdk: false },
];
const random = seededRng(7);
const loads: Load[] = [];
const load0 = loadavg()[0];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = cells
      .map((cell) => ({ cell, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map((c) => c.cell);
    for (const cell of order) loads.push(await measure(cell));
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
} finally {
  await shop.stop();
  await edge.stop();
}

const pick = (origin: Origin, withSdk: boolean, key: "lcp" | "firstList" | "firstRanked") =>
  loads.filter((l) => l.origin === origin && l.withSdk === withSdk).map((l) => l[key]);
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : "—");
const interval = ([lo, hi]: [number, number]) => `${lo.toFixed(0)}…${hi.toFixed(0)} ms`;
const count = (xs: number[]) => `${xs.filter(Number.isFinite).length}/${xs.length}`;
const result = {
  at: new Date().toISOString(),
  rounds: ROUNDS,
  modelVersion,
  loadavg: { before: load0, after: loadavg()[0] },
  loads,
};
writeFileSync(
  resolve(import.meta.dirname, "results/embed-origins.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);

console.log(
  "| page | script | first list (edge order) | first on-device list | LCP | loads with an on-device list |",
);
console.log("|---|---|---|---|---|---|");
for (const origin of ["same", "cross"] as const) {
  for (const withSdk of [true, false]) {
    const ranked = pick(origin, withSdk, "firstRanked");
    console.log(
      `| ${origin === "same" ? "same-origin demo" : "cross-origin store"} | ${withSdk ? "with" : "without"} | ` +
        `${withSdk ? ms(median(pick(origin, withSdk, "firstList"))) : "—"} | ${withSdk ? ms(median(ranked)) : "—"} | ` +
        `${ms(median(pick(origin, withSdk, "lcp")))} | ${withSdk ? count(ranked) : "—"} |`,
    );
  }
}
const diff = (a: number[], b: number[]) =>
  `${ms(median(a) - median(b))} (95 % bootstrap interval ${interval(bootstrapMedianDifference(a, b))})`;
console.log(
  `\nfirst on-device list, cross − same: ${diff(pick("cross", true, "firstRanked"), pick("same", true, "firstRanked"))}`,
);
console.log(
  `first list, cross − same: ${diff(pick("cross", true, "firstList"), pick("same", true, "firstList"))}`,
);
for (const origin of ["same", "cross"] as const)
  console.log(
    `LCP with − without, ${origin}: ${diff(pick(origin, true, "lcp"), pick(origin, false, "lcp"))}`,
  );
console.log(
  `model ${modelVersion}; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; ${loads.length} loads`,
);
