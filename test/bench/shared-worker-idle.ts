/**
 * What the store's shared scoring worker costs while no page uses it: a page of /demo/embed.html ranks on
 * the device, then the tab moves to about:blank (the worker has no page left) and the worker is watched
 * through the DevTools protocol until Chromium ends it: its JavaScript heap in use (Runtime.getHeapUsage)
 * at the list, right after the leave and every 30 s after it, and how long it lived with no page (polled
 * every 5 s, so the lifetime is known to 5 s).
 *   npm run build && npx tsx test/bench/shared-worker-idle.ts [--trials 1] [--port 9011] [--out shared-worker-idle]
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, CDPSession } from "playwright-core";
import { launchBrowser, startEdge } from "../e2e/harness/index.ts";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "1" },
    port: { type: "string", default: "9011" },
    out: { type: "string", default: "shared-worker-idle" },
  },
});
/** Longest wait for the worker to end, ms (Chromium's extended lifetime is minutes). */
const WATCH_MS = 15 * 60_000;
const POLL_MS = 5_000;

type Sample = { afterLeaveS: number; heapUsedKb: number };

/** The shared scoring worker's target, if it runs. */
async function scoringTarget(cdp: CDPSession): Promise<string | undefined> {
  const { targetInfos } = await cdp.send("Target.getTargets");
  return targetInfos.find((t) => t.type === "shared_worker" && /\/sdk\/assets\/worker-/.test(t.url))
    ?.targetId;
}

/** The worker's JavaScript heap in use, KB (a session of the browser's, messages through Target). */
async function heapUsedKb(cdp: CDPSession, targetId: string): Promise<number> {
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: false });
  const answered = new Promise<number>((resolve) => {
    const listener = (event: { sessionId?: string; message: string }) => {
      const message = JSON.parse(event.message);
      if (event.sessionId !== sessionId || message.id !== 1) return;
      cdp.off("Target.receivedMessageFromTarget", listener);
      resolve(message.result.usedSize / 1024);
    };
    cdp.on("Target.receivedMessageFromTarget", listener);
  });
  const message = JSON.stringify({ id: 1, method: "Runtime.getHeapUsage", params: {} });
  await cdp.send("Target.sendMessageToTarget", { sessionId, message });
  const used = await answered;
  await cdp.send("Target.detachFromTarget", { sessionId }).catch(() => {});
  return used;
}

async function trial(browser: Browser, url: string) {
  const context = await browser.newContext();
  const cdp = await browser.newBrowserCDPSession();
  try {
    await context.addInitScript({
      content: `window.__onDevice = false; document.addEventListener("pocketrank:render", (e) => {
        if (e.detail.items.length && e.detail.items[0].backend !== "none") window.__onDevice = true; });`,
    });
    const page = await context.newPage();
    await page.goto(`${url}/demo/embed.html`);
    await page.waitForFunction(() => (window as unknown as { __onDevice: boolean }).__onDevice, null, {
      timeout: 180_000,
    });
    // Then the deferred benchmark (in its own dedicated worker) is left to end.
    await page.waitForTimeout(8_000);
    const target = await scoringTarget(cdp);
    if (!target) throw new Error("no shared scoring worker runs (SharedWorker unused?)");
    const inUse = await heapUsedKb(cdp, target);
    await page.goto("about:blank");
    const left = Date.now();
    const samples: Sample[] = [];
    let lastSample = Number.NEGATIVE_INFINITY;
    let lifetimeS = Number.NaN;
    while (Date.now() - left < WATCH_MS) {
      const running = await scoringTarget(cdp);
      const afterLeaveS = (Date.now() - left) / 1000;
      if (!running) {
        lifetimeS = afterLeaveS;
        break;
      }
      if (afterLeaveS - lastSample >= 30 || samples.length === 0) {
        samples.push({ afterLeaveS, heapUsedKb: await heapUsedKb(cdp, running) });
        lastSample = afterLeaveS;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return { heapInUseKb: inUse, samples, lifetimeS };
  } finally {
    await cdp.detach().catch(() => {});
    await context.close();
  }
}

const date = new Date().toISOString();
const loadAtStart = loadavg();
const edge = await startEdge({ port: Number(values.port), seed: true });
const browser = await launchBrowser();
const chromium = browser.version();
const trials: Awaited<ReturnType<typeof trial>>[] = [];
try {
  for (let t = 0; t < Number(values.trials); t++) trials.push(await trial(browser, edge.url));
} finally {
  await browser.close();
  await edge.stop();
}
for (const [i, t] of trials.entries()) {
  const heap = t.samples
    .map((s) => `${s.afterLeaveS.toFixed(0)} s: ${s.heapUsedKb.toFixed(0)} KB`)
    .join(", ");
  console.log(
    `trial ${i + 1}: heap in use ${t.heapInUseKb.toFixed(0)} KB with the page; after the leave ${heap}; ` +
      `ended ${Number.isNaN(t.lifetimeS) ? `not within ${WATCH_MS / 60_000} min` : `${t.lifetimeS.toFixed(0)} s`} after the leave (±${POLL_MS / 1000} s)`,
  );
}
const out = resolve(import.meta.dirname, `results/${values.out}.json`);
writeFileSync(
  out,
  `${JSON.stringify({ date, loadAtStart, chromium, trials, loadAverage: loadavg() }, null, 2)}\n`,
);
console.log(`raw: ${out}`);
