/**
 * The SDK's own work at start-up stays out of long tasks (issue 15: no new long task at start-up), in real
 * Chromium on the script-tag page: a performance trace of a first visit, from navigation to the on-device
 * re-rank, and the main thread's CPU time of every task that ran /sdk/ code. CPU time, not wall time: on a
 * busy machine a task's wall time is mostly the thread waiting for a core (startup-tasks.ts, scoring-floor.md),
 * which a test must not count; the CPU the SDK's code needs is what makes a task long on a free core.
 */
import { describe, expect, it } from "vitest";
import { longTasks, TRACE_CATEGORIES } from "../bench/mainThreadTrace";
import { useSeededEdge } from "./harness/index";

const PORT = 8832;
const env = useSeededEdge(PORT);
/** A long task, by the Long Tasks API's definition. */
const LONG_TASK_MS = 50;

/** Counts the renders: the edge's order, then the on-device ranking once the model is ready. */
const RENDERS = `
  window.__renders = 0;
  document.addEventListener("pocketrank:render", () => { window.__renders += 1; });`;

describe("the SDK's start-up on the main thread", () => {
  it("no task that runs SDK code from navigation to the on-device re-rank uses 50 ms of main-thread CPU", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: RENDERS });
      const page = await context.newPage();
      await env.browser.startTracing(page, { categories: TRACE_CATEGORIES });
      await page.goto(`${env.edge.url}/demo/embed.html`);
      await page.waitForFunction(() => (window as unknown as { __renders: number }).__renders >= 2);
      const trace = JSON.parse((await env.browser.stopTracing()).toString());
      const sdkTasks = longTasks(trace, 0).filter((t) => t.sdkMs > 0);
      // The trace saw the SDK run at all (its loader, its start): an empty list would pass unmeasured.
      expect(sdkTasks.length).toBeGreaterThan(3);
      const heaviest = sdkTasks.sort((a, b) => b.cpuMs - a.cpuMs)[0];
      expect(
        heaviest.cpuMs,
        `${heaviest.wallMs.toFixed(0)} ms wall, mostly ${heaviest.mostly}, SDK: ${heaviest.sdkTop}`,
      ).toBeLessThan(LONG_TASK_MS);
    } finally {
      await context.close();
    }
  });
});
