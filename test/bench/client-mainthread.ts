/**
 * Main-thread CPU per recommend() call: what the storefront's own thread spends, as opposed to the
 * wall time (which also waits on the scoring worker and on the OS scheduler). Loads the model on
 * /demo/lab.html (forced backend; candidates from memory through a custom fetch, as in client-latency.ts,
 * or with `--path edge` from the edge, fetched by the scoring worker: the default path, n ≤ 500),
 * then samples the page's main thread with the DevTools CPU profiler (100 µs) over `--runs` sequential
 * calls. Busy = samples in JavaScript, in web APIs called from it (json, postMessage, arrayBuffer…) and
 * in the garbage collector, per call. The profiler's "(program)" bucket (native time it cannot attribute;
 * in headless Chromium it also takes in time the thread waits, so it exceeds the wall time when idle) is
 * shown apart. Top entries by self time are printed so the remaining cost can be attributed.
 *   npm run build && npx tsx test/bench/client-mainthread.ts [--runs 30] [--sizes 100,500,1000] [--backend wasm] [--path memory|edge]
 */

import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    sizes: { type: "string", default: "100,500,1000" },
    backend: { type: "string", default: "wasm" },
    port: { type: "string", default: "8806" },
    path: { type: "string", default: "memory" },
  },
});
const RUNS = Number(values.runs);
const SIZES = values.sizes.split(",").map(Number);
const BACKEND = values.backend;
const PORT = Number(values.port);
const VIA_EDGE = values.path === "edge";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const edge = process.env.E2E_EDGE_URL
  ? { url: process.env.E2E_EDGE_URL, stop: async () => {} }
  : await startEdge({ port: PORT, seed: true });
const rows: string[] = [];
try {
  for (const n of SIZES) {
    // A fresh browser per size: in one headless Chromium a later window sometimes never finished loading.
    const browser = await launchBrowser();
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000); // a busy 2-core machine can take long to load the lab and the model
    await page.goto(`${edge.url}/demo/lab.html`);
    await page.waitForFunction(() => document.body.dataset.ready === "1");
    await page.evaluate(([b, k, e]) => window.lab!.recommendLatency(b, k, 3, 3, e, true), [
      BACKEND,
      n,
      VIA_EDGE,
    ] as const);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
    const wall = await page.evaluate((r) => window.lab!.again(r), RUNS);
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
    await page.evaluate(() => window.lab!.release());
    await browser.close();
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop() ?? ""}`.trim();
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    const idle = self.get("(idle)") ?? 0;
    const program = self.get("(program)") ?? 0;
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const per = (x: number) => (x / wall.length).toFixed(2);
    const sorted = [...wall].sort((a, b) => a - b);
    const top = [...self]
      .filter(([k]) => k !== "(idle)" && k !== "(program)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${(v / wall.length).toFixed(2)}`)
      .join("; ");
    rows.push(
      `| ${BACKEND} | ${n} | ${sorted[sorted.length >> 1].toFixed(1)} | ${per(total - idle - program)} | ${per(program)} | ${top} |`,
    );
    console.error(rows.at(-1));
  }
} finally {
  await edge.stop();
}
console.log(
  `\nMachine: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()[0].toFixed(1)}; ${RUNS} calls per size; ` +
    `candidates ${VIA_EDGE ? "fetched by the scoring worker from the edge" : "from memory through a custom fetch"}.\n`,
);
console.log(
  "| backend | candidates | recommend() median, ms | main-thread CPU per call, ms | V8 (program) per call, ms | top self time per call, ms |",
);
console.log("|---|---:|---:|---:|---:|---|");
for (const row of rows) console.log(row);
