/**
 * Embedding as a real store does it: the store's pages come from their own server on another origin,
 * and every pocketrank file comes cross-origin from the edge (real Worker under `wrangler dev`, real
 * headless Chromium). The store's origin is allow-listed in CORS_ORIGINS; a second store's is not.
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RankedItem, RecommenderStatus } from "../../client/index";
import {
  type DemoPage,
  edgeReports,
  eventually,
  FIRST_ON_DEVICE,
  type OpenOptions,
  openDemo,
  scoringWorkerResources,
  sharedScoringWorkers,
  visitFirstOnDevice,
} from "./client-support";
import {
  type EdgeHandle,
  launchBrowser,
  type StorefrontHandle,
  startEdge,
  startStorefront,
} from "./harness/index";

/** The edge's wrangler dev port (the inspector takes +100), the allow-listed store's, the other store's. */
const EDGE_PORT = 8807;
const SHOP_PORT = 8817;
const STRANGER_PORT = 8818;
const sdkDir = resolve(import.meta.dirname, "../../dist/public/sdk");

let edge: EdgeHandle;
let shop: StorefrontHandle;
let stranger: StorefrontHandle;
let browser: Browser;
let liveVersion: string;
const opened: DemoPage[] = [];

/**
 * The README's script-tag embed; the page records each render (`pocketrank:render`). `sharedWorker`: the
 * store's own scoring worker file, named in `data-shared-worker` (README, "From any origin").
 */
const tagPage = (endpoint: string, sharedWorker?: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another store</title></head>
<body>
  <h1>Another store</h1>
  <div id="recs" style="min-height: 270px"></div>
  <script>
    window.renders = [];
    document.addEventListener("pocketrank:render", (e) => {
      window.renders.push(e.detail.items);
      window.pocketrank = e.detail.recommender;
    });
  </script>
  <script async type="module" src="${endpoint}/sdk/pocketrank.js" data-endpoint="${endpoint}"
    data-slot="#recs" data-context="home" data-k="8" data-backend="wasm"${
      sharedWorker ? ` data-shared-worker="${sharedWorker}"` : ""
    }></script>
</body></html>`;

/** The store's own scoring worker file: README's one line, on the store's origin. */
const STORE_WORKER = "/pocketrank-worker.js";

/** The README's ESM embed: a static import of the edge's loader from the store's own module script. */
const esmPage = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another store</title></head>
<body>
  <div id="recs" style="min-height: 270px"></div>
  <script type="module">
    import { createRecommender } from "${endpoint}/sdk/pocketrank.js";
    const pr = createRecommender({ endpoint: "${endpoint}", backend: "wasm", lazy: false });
    window.pocketrank = pr;
    await pr.ready();
    const ranked = await pr.recommend({ context: "home", k: 8 });
    pr.render(document.querySelector("#recs"), ranked, { slot: "home" });
    window.ranked = ranked;
  </script>
</body></html>`;

/** What a store that is not allow-listed gets: the SDK loads, the API answers are unreadable. */
const strangerPage = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not allow-listed</title></head>
<body>
  <script type="module">
    import { createRecommender } from "${endpoint}/sdk/pocketrank.js";
    const pr = createRecommender({ endpoint: "${endpoint}", backend: "wasm", lazy: false, telemetry: false });
    window.pocketrank = pr;
    const ranked = await pr.recommend({ context: "home", k: 8 });
    const api = await fetch("${endpoint}/v1/candidates?context=home&limit=1").then(
      (r) => r.status,
      (e) => e.name,
    );
    window.result = { ranked, api, status: pr.status() };
  </script>
</body></html>`;

type Win = Window & { renders: RankedItem[][]; ranked?: RankedItem[]; result?: unknown };

beforeAll(async () => {
  const endpoint = `http://localhost:${EDGE_PORT}`; // startEdge's URL
  shop = await startStorefront(SHOP_PORT, {
    "/tag.html": tagPage(endpoint),
    "/esm.html": esmPage(endpoint),
    [STORE_WORKER]: `import "${endpoint}/sdk/scoring-worker.js";\n`,
    "/shared.html": tagPage(endpoint, STORE_WORKER),
    // The store's file missing, a page where a script was expected, a script that is not the SDK's line.
    "/shared-missing.html": tagPage(endpoint, "/no-such-file.js"),
    "/shared-html.html": tagPage(endpoint, "/tag.html"),
    "/analytics.js": "globalThis.storeAnalytics = true;\n",
    "/shared-silent.html": tagPage(endpoint, "/analytics.js"),
  });
  stranger = await startStorefront(STRANGER_PORT, { "/esm.html": strangerPage(endpoint) });
  edge = await startEdge({ port: EDGE_PORT, seed: true, vars: { CORS_ORIGINS: shop.url } });
  expect(edge.url).toBe(endpoint);
  browser = await launchBrowser();
  liveVersion = (await (await fetch(`${edge.url}/v1/model?bucket=0`)).json()).version;
});

afterAll(async () => {
  for (const page of opened) await page.context.close().catch(() => {});
  await browser?.close();
  await Promise.all([shop?.stop(), stranger?.stop(), edge?.stop()]);
});

async function open(url: string, options?: OpenOptions): Promise<DemoPage> {
  const page = await openDemo(browser, url, options);
  opened.push(page);
  return page;
}

/** Flushes the page's telemetry until the edge accepted a report; returns the accepted reportIds. */
async function deliverTelemetry(demo: DemoPage): Promise<string[]> {
  await eventually(
    async () => {
      await demo.page.evaluate(() => window.pocketrank?.flush());
      return demo;
    },
    (d) => d.telemetry.some((p) => p.status === 202),
    60_000,
  );
  return demo.telemetry.filter((p) => p.status === 202).map((p) => JSON.parse(p.body).reportId as string);
}

/** The edge's FleetAggregators merged every one of `ids`. */
async function expectMerged(ids: string[]): Promise<void> {
  const stored = await eventually(
    () => edgeReports(edge.stateDir),
    (s) => ids.every((id) => s.ids.includes(id)),
  );
  for (const id of ids) expect(stored.ids).toContain(id);
}

describe("/sdk/* from another origin", () => {
  it("serves every built SDK file with Access-Control-Allow-Origin: *, and .wasm as application/wasm", async () => {
    const files = readdirSync(sdkDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => relative(sdkDir, join(f.parentPath, f.name)));
    expect(files.some((f) => f.endsWith(".wasm"))).toBe(true);
    expect(files.some((f) => /worker-.*\.js$/.test(f))).toBe(true);
    for (const file of files) {
      const res = await fetch(`${edge.url}/sdk/${file}`, { headers: { Origin: "https://any.example" } });
      await res.body?.cancel();
      expect(res.status, file).toBe(200);
      expect(res.headers.get("Access-Control-Allow-Origin"), file).toBe("*");
      if (file.endsWith(".wasm")) expect(res.headers.get("Content-Type"), file).toBe("application/wasm");
    }
  });

  it("lets browsers keep every content-hashed SDK file for a year, and revalidate the two stable entries", async () => {
    const files = readdirSync(sdkDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith(".map"))
      .map((f) => relative(sdkDir, join(f.parentPath, f.name)));
    // The loader, and the entry a store's own scoring worker file imports: their names never change.
    const stable = ["pocketrank.js", "scoring-worker.js"];
    expect(files).toEqual(expect.arrayContaining(stable));
    const hashed = files.filter((f) => !stable.includes(f));
    expect(hashed.some((f) => /^chunks\/startModel-[\w-]+\.js$/.test(f))).toBe(true);
    for (const file of [...stable, ...hashed]) {
      const res = await fetch(`${edge.url}/sdk/${file}`);
      await res.body?.cancel();
      const immutable = /max-age=31536000, immutable/.test(res.headers.get("Cache-Control") ?? "");
      expect(immutable, file).toBe(!stable.includes(file));
    }
  });

  it("keeps the API's allowlist: the store's origin is echoed, another origin gets no CORS header", async () => {
    const url = `${edge.url}/v1/candidates?context=home&limit=1`;
    const allowed = await fetch(url, { headers: { Origin: shop.url } });
    const other = await fetch(url, { headers: { Origin: stranger.url } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe(shop.url);
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("a storefront on another origin", { timeout: 400_000 }, () => {
  it("embeds with the script tag: the slot shows the on-device ranking and telemetry reaches the edge", async () => {
    const demo = await open(`${shop.url}/tag.html`);
    const { page } = demo;
    // The first render is the edge's order; the script tag renders again once the model is ready.
    await page.waitForFunction(() => (window as unknown as Win).renders.at(-1)?.[0]?.backend === "wasm");
    const renders = await page.evaluate(() => (window as unknown as Win).renders);
    const onDevice = renders.at(-1) ?? [];
    expect(onDevice.length).toBe(8);
    expect(onDevice.every((i) => i.backend === "wasm" && i.modelVersion === liveVersion)).toBe(true);
    expect(await page.locator("#recs .pocketrank__item").count()).toBe(8);
    const status: RecommenderStatus = await page.evaluate(() => window.pocketrank!.status());
    expect(status.fallbacks, JSON.stringify(status.errors)).toEqual({});
    await expectMerged(await deliverTelemetry(demo));
    expect(demo.errors).toEqual([]);
  });

  it("embeds with the ESM API: ranked items from the on-device model, telemetry reaches the edge", async () => {
    const demo = await open(`${shop.url}/esm.html`);
    const { page } = demo;
    await page.waitForFunction(() => (window as unknown as Win).ranked !== undefined);
    const ranked = await page.evaluate(() => (window as unknown as Win).ranked ?? []);
    expect(ranked.length).toBe(8);
    expect(ranked.every((i) => i.backend === "wasm" && i.modelVersion === liveVersion)).toBe(true);
    expect(await page.locator("#recs .pocketrank__item").count()).toBe(8);
    const status: RecommenderStatus = await page.evaluate(() => window.pocketrank!.status());
    expect(status.model.state).toBe("ready");
    expect(status.fallbacks, JSON.stringify(status.errors)).toEqual({});
    await expectMerged(await deliverTelemetry(demo));
    expect(demo.errors).toEqual([]);
  });

  it("a store missing from CORS_ORIGINS still loads /sdk, but cannot read the API (and nothing throws)", async () => {
    const demo = await open(`${stranger.url}/esm.html`);
    const { page } = demo;
    await page.waitForFunction(() => (window as unknown as Win).result !== undefined);
    const result = (await page.evaluate(() => (window as unknown as Win).result)) as {
      ranked: RankedItem[];
      api: number | string;
      status: RecommenderStatus;
    };
    expect(result.api).toBe("TypeError"); // the browser blocked the read
    expect(result.ranked).toEqual([]);
    expect(result.status.fallbacks["edge-unreachable"]).toBeGreaterThanOrEqual(1);
    expect(demo.errors).toEqual([]);
  });
});

describe("a candidate answer HTTP says is fresh", { timeout: 400_000 }, () => {
  /** The ESM embed's page after its recommend(), a second recommend(), and every candidates request seen. */
  async function twoCalls(setup?: OpenOptions["setup"]) {
    const requests: string[] = [];
    const demo = await open(`${shop.url}/esm.html`, {
      setup: async (context) => {
        context.on("request", (r) => void (r.url().includes("/v1/candidates") && requests.push(r.url())));
        await setup?.(context);
      },
    });
    await demo.page.waitForFunction(() => (window as unknown as Win).ranked !== undefined);
    const first = await demo.page.evaluate(() => (window as unknown as Win).ranked ?? []);
    const second = await demo.page.evaluate(() => window.pocketrank!.recommend({ context: "home", k: 8 }));
    expect(demo.errors).toEqual([]);
    return { first, second, requests };
  }

  it("two recommend() calls within max-age make one candidates request: the worker ranks what it holds", async () => {
    const { first, second, requests } = await twoCalls();
    expect(second.map((i) => i.id)).toEqual(first.map((i) => i.id));
    expect(second.every((i) => i.backend === "wasm")).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("an answer marked not cacheable (no-store) makes two requests", async () => {
    const { second, requests } = await twoCalls((context) =>
      context.route("**/v1/candidates?**", async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), "cache-control": "no-store" } });
      }),
    );
    expect(second.every((i) => i.backend === "wasm")).toBe(true);
    expect(requests).toHaveLength(2);
  });
});

describe("a store on another origin that hosts its scoring worker file", { timeout: 400_000 }, () => {
  const storeWorkers = () => sharedScoringWorkers(browser, new RegExp(`^${shop.url}${STORE_WORKER}$`));

  it("ranks its next page's first list with the shared worker its first page started, on the store's origin", async () => {
    const context = await browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const first = await visitFirstOnDevice(page, `${shop.url}/shared.html`);
      expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
      expect(first.status.fallbacks, JSON.stringify(first.status.errors)).toEqual({});
      const [started] = await storeWorkers();
      expect(started, "page A's worker is the store's shared one").toBeDefined();

      // The shopper moves on at once, in the same tab.
      const second = await visitFirstOnDevice(page, `${shop.url}/shared.html`);
      expect(second.status.backendReason, JSON.stringify(second.status)).toMatch(
        /^kept by this store's scoring worker from an earlier page \(wasm\)/,
      );
      expect(second.status.model).toMatchObject({ state: "ready", version: liveVersion });
      const workers = await storeWorkers();
      expect(workers).toHaveLength(1);
      expect(workers[0].timeOrigin, "the worker started before page B").toBe(started.timeOrigin);
      expect(workers[0].timeOrigin).toBeLessThan(second.timeOrigin);
      // The SDK's code came from the edge: the build's worker script, its scoring code once.
      const fromEdge = workers[0].resources.filter((name) => name.startsWith(`${edge.url}/sdk/`));
      expect(fromEdge.filter((name) => /\/assets\/worker-[\w-]+\.js$/.test(name))).toHaveLength(1);
      expect(fromEdge.filter((name) => /\/assets\/serveRequests-[\w-]+\.js$/.test(name))).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const [what, page] of [
    ["is missing (404)", "/shared-missing.html"],
    ["is a page, not a script", "/shared-html.html"],
    ["is another script, which never answers", "/shared-silent.html"],
  ]) {
    it(`ranks on-device in a dedicated worker, and says so on the board, where the file ${what}`, async () => {
      const context = await browser.newContext();
      try {
        await context.addInitScript({ content: FIRST_ON_DEVICE });
        const tab = await context.newPage();
        const visit = await visitFirstOnDevice(tab, `${shop.url}${page}`);
        expect(visit.status.backend, JSON.stringify(visit.status)).toBe("wasm");
        expect(visit.ids).toHaveLength(8);
        expect(visit.status.fallbacks["worker-error"], JSON.stringify(visit.status.errors)).toBe(1);
        const [error] = visit.status.errors.filter((e) => e.kind === "worker-error");
        expect(error.message).toMatch(/^the store's shared worker \/.* a dedicated worker scores$/);
        // The dedicated worker (the blob shim) fetched the list's candidates.
        const fetched = await scoringWorkerResources(tab);
        expect(fetched.some((name) => name.includes("/v1/candidates?"))).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
