/**
 * Probe for the `page.goto` that never reaches the load event (client-load.ts): many visits of
 * /demo/embed.html in one context, each goto bounded; on a timeout it prints every request of the
 * context that started and did not finish, the page's workers and wrangler dev's log.
 *   npm run build && npx tsx test/bench/load-event-probe.ts [--visits 15] [--contexts 3] [--port 8874] [--profile]
 */

import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";
import { FIRST_RANKED, untilFirstRanked } from "./firstRanked.ts";
import { freshContext } from "./freshContext.ts";
import { openRequests } from "./loadStall.ts";

const { values } = parseArgs({
  options: {
    visits: { type: "string", default: "15" },
    contexts: { type: "string", default: "3" },
    port: { type: "string", default: "8874" },
    profile: { type: "boolean", default: false },
  },
});
const VISITS = Number(values.visits);
const CONTEXTS = Number(values.contexts);
const PORT = Number(values.port);
const PROFILE = values.profile;
const GOTO_MS = 15_000;

const edge = await startEdge({ port: PORT, seed: true });
const browser = await launchBrowser();
const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
let hangs = 0;
let visits = 0;
try {
  for (let c = 0; c < CONTEXTS; c++) {
    const { context, dispose } = await freshContext(browser, PROFILE);
    await context.addInitScript({ content: FIRST_RANKED });
    const open = openRequests(context);
    const page = await context.newPage();
    // The network as Chromium's network service saw it: sent on the wire (ExtraInfo), headers, body bytes, end.
    const wire = new Map<
      string,
      {
        url: string;
        at: number;
        sent?: number;
        headers?: number;
        bytes: number;
        status?: number;
        done?: string;
      }
    >();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    cdp.on("Network.requestWillBeSent", (e) =>
      wire.set(e.requestId, { url: e.request.url, at: Date.now(), bytes: 0 }),
    );
    cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
      const w = wire.get(e.requestId);
      if (w) w.sent = Date.now();
    });
    cdp.on("Network.responseReceived", (e) => {
      const w = wire.get(e.requestId);
      if (w) {
        w.headers = Date.now();
        w.status = e.response.status;
      }
    });
    cdp.on("Network.dataReceived", (e) => {
      const w = wire.get(e.requestId);
      if (w) w.bytes += e.dataLength;
    });
    cdp.on("Network.loadingFinished", (e) => wire.delete(e.requestId));
    cdp.on("Network.loadingFailed", (e) => wire.delete(e.requestId));
    for (let v = 0; v < VISITS; v++) {
      visits++;
      const started = Date.now();
      try {
        await untilFirstRanked(
          page,
          () => page.goto(`${edge.url}/demo/embed.html`, { timeout: GOTO_MS }),
          GOTO_MS,
        );
        // As client-load.ts does after a first visit: the deferred backend benchmark settles.
        if (v % 2 === 0)
          await page.waitForFunction(
            () => {
              const r = (
                window as unknown as { __recommender?: { status(): { backendBenchmark: { state: string } } } }
              ).__recommender;
              return !["pending", "running"].includes(r?.status().backendBenchmark.state ?? "pending");
            },
            undefined,
            { timeout: 60_000 },
          );
        console.log(`[${stamp()}] context ${c} visit ${v}: ${Date.now() - started} ms`);
      } catch (error) {
        hangs++;
        console.log(`\n[${stamp()}] context ${c} visit ${v}: ${(error as Error).message.split("\n")[0]}`);
        const now = Date.now();
        for (const request of open()) console.log(`  open: ${request}`);
        for (const [id, w] of wire) {
          const after = (t?: number) => (t ? `${t - w.at} ms` : "never");
          console.log(
            `  cdp ${id}: ${w.url} — sent ${after(w.sent)}, headers ${after(w.headers)} (status ${w.status ?? "–"}), ${w.bytes} bytes, ${now - w.at} ms open`,
          );
          const again = Date.now();
          const res = await fetch(w.url, { signal: AbortSignal.timeout(5_000) }).then(
            async (r) => `${r.status}, ${(await r.arrayBuffer()).byteLength} bytes`,
            (e) => `${e}`,
          );
          console.log(`    the same URL fetched from Node now: ${res} in ${Date.now() - again} ms`);
        }
        console.log(
          `  workers: ${
            page
              .workers()
              .map((w) => w.url())
              .join(", ") || "none"
          }`,
        );
        const state = await Promise.race([
          page.evaluate(() => ({
            ready: document.readyState,
            url: location.href,
            res: performance
              .getEntriesByType("resource")
              .filter((e) => (e as PerformanceResourceTiming).responseEnd === 0)
              .map((e) => e.name),
          })),
          new Promise((r) => setTimeout(() => r("evaluate did not answer in 3 s"), 3_000)),
        ]).catch((e) => `evaluate failed: ${e}`);
        console.log(`  page: ${JSON.stringify(state)}`);
        console.log(`  wrangler log tail:\n${edge.log?.().slice(-3000) ?? "(none)"}`);
        console.log(`  load average ${loadavg()[0].toFixed(1)}`);
      }
    }
    await dispose();
  }
} finally {
  await browser.close();
  await edge.stop();
}
console.log(
  `\n${hangs} of ${visits} visits timed out (${GOTO_MS / 1000} s each); ${PROFILE ? "profiles on disk" : "in-memory contexts"}; load average ${loadavg()[0].toFixed(1)}`,
);
