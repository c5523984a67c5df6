import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  DEDICATED_WORKER,
  type EmbedWindow,
  FIRST_ON_DEVICE,
  scoringWorkerResources,
  sharedScoringWorkers,
  visitFirstOnDevice,
} from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * The store's scoring worker kept across its pages (issue 15, the cached start): where the SDK is served
 * from the page's origin, the pages connect to one shared scoring worker (extendedLifetime), so the next
 * page ranks with the model, backend and warm code the earlier page brought up. Playwright neither lists a
 * shared worker nor sees its requests: the worker is read through the DevTools protocol (its time origin,
 * its resource timing).
 */
const PORT = 8826;
const env = useSeededEdge(PORT);

/** Visits the script-tag page in `page` until its first on-device list: that list and status(). */
const visit = (page: Page) => visitFirstOnDevice(page, `${env.edge.url}/demo/embed.html`);

/**
 * The wall-clock times of the context's requests for the worker's entry (worker-*.js): the page's own
 * (its shared worker's script is one; Playwright sees no request of the shared worker itself).
 */
function workerScriptRequests(context: BrowserContext): number[] {
  const times: number[] = [];
  context.on("request", (request) => {
    if (/\/sdk\/assets\/worker-[\w-]+\.js$/.test(request.url())) times.push(Date.now());
  });
  return times;
}

/** How many of `times` fall in a visit, from its navigation to its first on-device list. */
const during = (times: number[], visit: { timeOrigin: number; listedAt: number }) =>
  times.filter((t) => t >= visit.timeOrigin && t <= visit.listedAt).length;

const count = (names: string[], pattern: RegExp) => names.filter((name) => pattern.test(name)).length;
const KEPT = /^kept by this store's scoring worker from an earlier page \(wasm\)/;

describe("the scoring worker kept across the store's pages", { timeout: 300_000 }, () => {
  it("ranks the next page's first list with the worker the first page started, without its code or model again", async () => {
    const context = await env.browser.newContext();
    const fresh = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      const scripts = workerScriptRequests(context);
      const page = await context.newPage();
      const first = await visit(page);
      expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
      expect(during(scripts, first)).toBe(1);
      const [started] = await sharedScoringWorkers(env.browser);
      expect(started, "page A's worker is a shared one").toBeDefined();

      // The shopper moves on at once, in the same tab.
      const second = await visit(page);
      expect(second.status.backendReason, JSON.stringify(second.status)).toMatch(KEPT);
      expect(second.status.model).toMatchObject({ state: "ready", version: first.status.model.version });
      expect(during(scripts, second), "page B asked for no worker script before its list").toBe(0);
      const workers = await sharedScoringWorkers(env.browser);
      expect(workers).toHaveLength(1);
      expect(workers[0].timeOrigin, "the worker started before page B").toBe(started.timeOrigin);
      expect(workers[0].timeOrigin).toBeLessThan(second.timeOrigin);
      const { resources } = workers[0];
      expect(count(resources, /\/sdk\/assets\/serveRequests-[\w-]+\.js$/), "scoring code fetched once").toBe(
        1,
      );
      expect(count(resources, /\.wasm$/), ".wasm fetched once").toBe(1);

      // The same list as a dedicated worker of its own ranks on a browser without SharedWorker.
      await fresh.addInitScript({ content: FIRST_ON_DEVICE });
      await fresh.addInitScript({ content: DEDICATED_WORKER });
      const alone = await visit(await fresh.newPage());
      expect(alone.status.backendReason).not.toMatch(/^kept/);
      expect(second.ids.length).toBeGreaterThan(0);
      expect(second.ids).toEqual(alone.ids);
    } finally {
      await context.close();
      await fresh.close();
    }
  });

  it("serves two tabs at once from one worker, each with its own correct list", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      const [a, b] = [await context.newPage(), await context.newPage()];
      const first = await visit(a);
      const second = await visit(b);
      expect(second.status.backendReason).toMatch(KEPT);
      expect(second.ids).toEqual(first.ids);
      expect(await sharedScoringWorkers(env.browser)).toHaveLength(1);
      // Both tabs ask at once, with the same request ids on their own ports.
      const recommend = (page: Page, k: number) =>
        page.evaluate(async (k) => {
          const ranked = await (window as unknown as EmbedWindow).__recommender.recommend({
            context: "home",
            k,
          });
          return ranked.map((item) => `${item.id}:${item.backend}`);
        }, k);
      const [fromA, fromB] = await Promise.all([recommend(a, 5), recommend(b, 9)]);
      expect(fromA).toHaveLength(5);
      expect(fromB).toHaveLength(9);
      expect(fromB.slice(0, 5)).toEqual(fromA);
      expect(fromA.every((item) => item.endsWith(":wasm"))).toBe(true);
    } finally {
      await context.close();
    }
  });

  for (const [what, init] of [
    [
      "the SharedWorker constructor throws",
      "window.SharedWorker = function () { throw new Error('blocked'); };",
    ],
    ["the browser has no SharedWorker", DEDICATED_WORKER],
  ]) {
    it(`ranks with a dedicated worker where ${what}`, async () => {
      const context = await env.browser.newContext();
      try {
        await context.addInitScript({ content: FIRST_ON_DEVICE });
        await context.addInitScript({ content: init });
        const page = await context.newPage();
        const first = await visit(page);
        expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
        expect(first.status.fallbacks["worker-error"] ?? 0).toBe(0);
        expect(await sharedScoringWorkers(env.browser)).toHaveLength(0);
        const scoring = await scoringWorkerResources(page);
        expect(scoring.some((name) => name.includes("/v1/candidates?"))).toBe(true);
      } finally {
        await context.close();
      }
    });
  }

  it("moves to a dedicated worker when the shared worker's script fails to start", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      // Only the shared worker's request is refused: Playwright routes the page's and a dedicated worker's
      // requests, and sees a shared worker's script request alone (from the page) — so the first fails.
      let refused = 0;
      await context.route(/\/sdk\/assets\/worker-[\w-]+\.js$/, (route) => {
        if (refused++ === 0) return route.fulfill({ status: 404 });
        return route.continue();
      });
      const page = await context.newPage();
      const first = await visit(page);
      expect(refused, "the shared worker's script was refused, then the dedicated one's fetched").toBe(2);
      expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
      expect(first.status.fallbacks["worker-error"] ?? 0).toBe(0);
    } finally {
      await context.close();
    }
  });
});
