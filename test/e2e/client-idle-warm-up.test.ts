import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDLE_WARM_UP } from "../../client/scoring/IdleWarmUp";
import type { Recommender, RecommenderStatus } from "../../client/types";
import { DEDICATED_WORKER } from "./client-support";
import { launchTabbedBrowser, type TabbedBrowser, useSeededEdge } from "./harness/index";

/**
 * The scoring worker's idle warm-up (client/scoring/IdleWarmUp.ts) in real Chromium, in a browser whose
 * background tabs are really hidden (launchTabbedBrowser): it runs between requests in a page the shopper
 * looks at, and runs no call in a page behind another tab. status().idleWarmUp counts its calls as of each
 * on-device ranking. The page is a store page on the edge's origin that uses the ESM API.
 */
const PORT = 8812;
const env = useSeededEdge(PORT, { browser: false });
/** Longer than the warm-up can take: 800 ms of calls, with a task between them. */
const IDLE_MS = 2_500;
const SHOP = `<!doctype html><meta charset="utf-8"><title>shop</title>
<script type="module">
  import { createRecommender } from "/sdk/pocketrank.js";
  window.shop = createRecommender({ endpoint: location.origin, backend: "wasm", lazy: false, telemetry: false });
</script>`;
type ShopWindow = { shop: Recommender };

let tabs: TabbedBrowser;
beforeAll(async () => {
  tabs = await launchTabbedBrowser();
  // Each page its own scoring worker, whose warm-up is the page's: a shared one is warmed by the pages
  // before (the point of keeping it), and its count is the worker's.
  await tabs.context.addInitScript({ content: DEDICATED_WORKER });
  await tabs.context.route(`${env.edge.url}/shop.html`, (route) =>
    route.fulfill({ contentType: "text/html", body: SHOP }),
  );
});
afterAll(async () => {
  await tabs?.close();
});

/** Opens the shop in a new tab (the tab in front) and waits for its model. */
async function openShop(): Promise<Page> {
  const page = await tabs.context.newPage();
  await page.goto(`${env.edge.url}/shop.html`);
  await page.waitForFunction(() => "shop" in window);
  const ready = await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  expect(ready.model.state).toBe("ready");
  return page;
}

/** One recommend() in `page` (a list delivered), then the warm-up's figures as status() has them. */
function recommend(page: Page): Promise<RecommenderStatus["idleWarmUp"]> {
  return page.evaluate(async () => {
    const { shop } = window as unknown as ShopWindow;
    const items = await shop.recommend({ context: "home", k: 8 });
    if (items[0]?.backend !== "wasm") throw new Error(`not ranked on the device: ${items[0]?.backend}`);
    return shop.status().idleWarmUp;
  });
}

const visibility = (page: Page) => page.evaluate(() => document.visibilityState);
const pause = () => new Promise((resolve) => setTimeout(resolve, IDLE_MS));

describe("the idle warm-up in a real tab", { timeout: 300_000 }, () => {
  it("runs after the first list in a page in front, within its call budget", async () => {
    const page = await openShop();
    try {
      expect(await visibility(page)).toBe("visible");
      expect((await recommend(page)).calls).toBe(0); // nothing before the first list
      await pause();
      const warmed = await recommend(page);
      expect(warmed.calls).toBeGreaterThan(0);
      expect(warmed.calls).toBeLessThanOrEqual(IDLE_WARM_UP.calls);
    } finally {
      await page.close();
    }
  });

  it("runs no call in a page hidden behind another tab", async () => {
    const page = await openShop();
    const front = await tabs.context.newPage();
    try {
      await page.waitForFunction(() => document.visibilityState === "hidden");
      await recommend(page); // a list delivered to the hidden page
      await pause();
      expect(await visibility(page)).toBe("hidden");
      expect(await recommend(page)).toEqual({ calls: 0, ms: 0 });
    } finally {
      await front.close();
      await page.close();
    }
  });
});
