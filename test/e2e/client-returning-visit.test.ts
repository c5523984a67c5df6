import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recommender } from "../../client/types";
import { type StorefrontHandle, startStorefront, useSeededEdge } from "./harness/index";

/**
 * A returning visit starts the scoring worker while the page loads (issue 15, the cached start), in real
 * Chromium: on a store on another origin (the worker through its blob shim), and with the worker's script
 * held back, where the page's load event must not wait for it. A first visit starts it at the load event.
 */
const PORT = 8826;
const SHOP_PORT = 8827;
const endpoint = `http://localhost:${PORT}`; // startEdge's URL
const env = useSeededEdge(PORT, { vars: { CORS_ORIGINS: `http://localhost:${SHOP_PORT}` } });
const HOLD_MS = 20_000;

/** The README's script-tag embed on the store's own origin (backend "auto", the default start). */
const tagPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another store</title></head>
<body>
  <div id="recs" style="min-height: 270px"></div>
  <script async type="module" src="${endpoint}/sdk/pocketrank.js" data-endpoint="${endpoint}"
    data-slot="#recs" data-context="home" data-k="8"></script>
</body></html>`;

/** Records, from the page's first byte, each `new Worker` (when, its name) and each render's backends. */
const RECORD = `
  window.__workers = []; window.__renders = [];
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url, options) {
      window.__workers.push({ at: performance.now(), name: (options && options.name) || "" });
      super(url, options);
    }
  };
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    window.__renders.push(e.detail.items.map((i) => i.backend));
  });`;
type VisitWindow = {
  __workers: { at: number; name: string }[];
  __renders: string[][];
  __recommender: Recommender;
};
const onDevice = "window.__renders.some((r) => r.length > 0 && r[0] !== 'none')";

let shop: StorefrontHandle;
beforeAll(async () => {
  shop = await startStorefront(SHOP_PORT, { "/tag.html": tagPage });
});
afterAll(async () => {
  await shop?.stop();
});

/** Visits `url` until its first on-device list; the scoring workers' starts and the load event's start. */
async function visit(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(onDevice);
  return page.evaluate(() => {
    const w = window as unknown as VisitWindow;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      scoring: w.__workers.filter((x) => x.name.startsWith("pocketrank-scoring:")),
      loadEventStart: nav.loadEventStart,
      status: w.__recommender.status(),
    };
  });
}

/** A first visit of `url` in `context`, until the backend benchmark (which the next visit remembers) ended. */
async function firstVisit(context: BrowserContext, url: string) {
  await context.addInitScript({ content: RECORD });
  const page = await context.newPage();
  const first = await visit(page, url);
  await page.waitForFunction(
    () => {
      const state = (window as unknown as VisitWindow).__recommender.status().backendBenchmark.state;
      return state !== "pending" && state !== "running";
    },
    undefined,
    { timeout: 120_000 },
  );
  return { page, first };
}

describe("the scoring worker on a returning visit", { timeout: 300_000 }, () => {
  it("starts while a store on another origin loads, and at the load event on a first visit", async () => {
    const context = await env.browser.newContext();
    try {
      const url = `${shop.url}/tag.html`;
      const { page, first } = await firstVisit(context, url);
      expect(first.scoring.length, JSON.stringify(first)).toBeGreaterThan(0);
      expect(first.scoring[0].at, "a first visit starts it at the load event").toBeGreaterThanOrEqual(
        first.loadEventStart,
      );
      const second = await visit(page, url);
      expect(second.status.model.source).toBe("cache");
      expect(second.scoring, "one scoring worker, started once").toHaveLength(1);
      expect(second.scoring[0].at, "a returning visit starts it before the load event").toBeLessThan(
        second.loadEventStart,
      );
      expect(second.status.backend).not.toBe("none");
    } finally {
      await context.close();
    }
  });

  it("lets the page's load event fire while the early worker's script is held back", async () => {
    const context = await env.browser.newContext();
    try {
      const url = `${env.edge.url}/demo/embed.html`;
      const { page } = await firstVisit(context, url);
      let loaded = false;
      let releasedAt = Number.NaN;
      page.on("load", () => {
        loaded = true;
      });
      // Held until the page's load event (or HOLD_MS): a load event that waited for it would end after.
      await context.route(/\/sdk\/assets\/worker-[\w-]+\.js$/, async (route) => {
        const until = Date.now() + HOLD_MS;
        while (!loaded && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        releasedAt = Date.now();
        await route.continue();
      });
      const second = await visit(page, url);
      expect(second.scoring[0]?.at, "this visit started the worker before its load event").toBeLessThan(
        second.loadEventStart,
      );
      const loadEventEnd = await page.evaluate(
        () =>
          performance.timeOrigin +
          (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd,
      );
      expect(loadEventEnd, "the load event ended before the worker's script was answered").toBeLessThan(
        releasedAt,
      );
      expect(second.status.backend).not.toBe("none");
    } finally {
      await context.close();
    }
  });
});
