import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Recommender, RecommenderStatus } from "../../client/types";
import { DEDICATED_WORKER, scoringWorkerResources } from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * The start at the page's load event (issue 15, a fast first recommendation) in real Chromium, on the
 * script-tag page: the scoring worker starts before the model's chunk has arrived, and the worker fetches
 * the candidate answer it will rank while the model is still loading, in the dedicated scoring worker (a
 * browser without SharedWorker, a cross-origin embed; client-shared-worker.test.ts for the shared one). Each test holds one response back
 * until the step it asserts has happened (or 20 s passed), so neither depends on timing.
 */
const PORT = 8824;
const env = useSeededEdge(PORT);
const HOLD_MS = 20_000;

/** Records, from the page's first byte, each render's items and the recommender. */
const RENDERS = `
  window.__renders = [];
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    window.__renders.push(e.detail.items.map((i) => i.backend));
  });`;
type EmbedWindow = { __renders: string[][]; __recommender: Recommender };

/** Polls `check` until it holds or `HOLD_MS` passed; whether it held. */
async function within(check: () => boolean): Promise<boolean> {
  const until = Date.now() + HOLD_MS;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}

/** Opens the script-tag page in a fresh context prepared by `setUp` (routes), until `done` holds. */
async function embed(setUp: (context: BrowserContext) => Promise<void>, done: string): Promise<Page> {
  const context = await env.browser.newContext();
  await context.addInitScript({ content: RENDERS });
  // These tests hold or refuse the worker's own requests: Playwright routes a dedicated worker's only.
  await context.addInitScript({ content: DEDICATED_WORKER });
  await setUp(context);
  const page = await context.newPage();
  await page.goto(`${env.edge.url}/demo/embed.html`);
  await page.waitForFunction(done);
  return page;
}

const lastBackends = "window.__renders.length > 0 && window.__renders.at(-1)[0]";
const status = (page: Page): Promise<RecommenderStatus> =>
  page.evaluate(() => (window as unknown as EmbedWindow).__recommender.status());

describe("the model's start at the load event", { timeout: 300_000 }, () => {
  it("starts the scoring worker before the model's chunk has arrived", async () => {
    let workerBeforeChunk = false;
    let page: Page | undefined;
    const held = await embed(async (context) => {
      await context.route(/\/sdk\/chunks\/startModel-[\w-]+\.js$/, async (route) => {
        workerBeforeChunk = await within(() => (page?.workers().length ?? 0) > 0);
        await route.continue();
      });
      context.on("page", (p) => {
        page = p;
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(workerBeforeChunk).toBe(true);
      expect((await status(held)).model.state).toBe("ready");
    } finally {
      await held.context().close();
    }
  });

  it("fetches the candidates to rank while the model loads, and ranks them on the device", async () => {
    const deviceUrl = /\/v1\/candidates\?.*limit=200/;
    const requested: string[] = [];
    let fetchedWhileLoading = false;
    const page = await embed(async (context) => {
      context.on("request", (request) => {
        if (deviceUrl.test(request.url())) requested.push(request.url());
      });
      // The model cannot be ready before the wasm binary arrives.
      await context.route(/\.wasm$/, async (route) => {
        fetchedWhileLoading = await within(() => requested.length > 0);
        await route.continue();
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(fetchedWhileLoading).toBe(true);
      const renders = await page.evaluate(() => (window as unknown as EmbedWindow).__renders);
      expect(renders[0][0], "the first render is the edge's order").toBe("none");
      expect(renders.at(-1)?.every((b) => b === "wasm")).toBe(true);
      expect(requested, "the on-device list ranks the prefetched answer, with no second trip").toHaveLength(
        1,
      );
    } finally {
      await page.context().close();
    }
  });

  it("asks for the candidates from the worker's entry, before its scoring code has arrived, and ranks that answer", async () => {
    const deviceUrl = /\/v1\/candidates\?.*limit=200/;
    const requested: string[] = [];
    let askedBeforeScoringCode = false;
    const page = await embed(async (context) => {
      context.on("request", (request) => {
        if (deviceUrl.test(request.url())) requested.push(request.url());
      });
      // The scoring code (CandidateSource, the decoder) is what reads the answer; the entry asks for it.
      await context.route(/\/sdk\/assets\/serveRequests-[\w-]+\.js$/, async (route) => {
        askedBeforeScoringCode = await within(() => requested.length > 0);
        await route.continue();
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(askedBeforeScoringCode, "the candidates were requested while the scoring code was held").toBe(
        true,
      );
      expect(requested, "the entry's request is the one ranked, with no second trip").toHaveLength(1);
      expect((await status(page)).model.state).toBe("ready");
    } finally {
      await page.context().close();
    }
  });

  it("brings the hinted backend up before the model's chunk has arrived, fetching its binary once", async () => {
    const wasmBinary = /\/sdk\/assets\/[\w-]+\.wasm$/;
    const binaries: string[] = [];
    let binaryBeforeChunk = false;
    const page = await embed(async (context) => {
      context.on("request", (request) => {
        if (wasmBinary.test(request.url())) binaries.push(request.url());
      });
      // The page's "prepare" needs this chunk; the worker's name carries the hint without it.
      await context.route(/\/sdk\/chunks\/startModel-[\w-]+\.js$/, async (route) => {
        binaryBeforeChunk = await within(() => binaries.length > 0);
        await route.continue();
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(binaryBeforeChunk, "the .wasm was requested while the model's chunk was held").toBe(true);
      // The scoring worker is the one that fetched candidates (a first visit's benchmark worker did not).
      const scoring = await scoringWorkerResources(page);
      expect(
        scoring.filter((name) => wasmBinary.test(name)),
        "the hint's activation, prepare and load share one initialisation",
      ).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });

  it("requests the backend's chunk while tfjs-core is still downloading", async () => {
    const wasmChunk = /\/sdk\/assets\/wasm-[\w-]+\.js$/;
    let requested = false;
    let whileHeld = false;
    const page = await embed(async (context) => {
      context.on("request", (request) => {
        if (wasmChunk.test(request.url())) requested = true;
      });
      await context.route(/\/sdk\/assets\/tfjs-[\w-]+\.js$/, async (route) => {
        whileHeld = await within(() => requested);
        await route.continue();
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(whileHeld, "the wasm chunk was requested while the tfjs chunk was held").toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it("has requested every chunk the backend's chunk imports before that chunk arrives", async () => {
    const wasmChunk = /\/sdk\/assets\/(wasm-[\w-]+\.js)$/;
    const requested = new Set<string>();
    let imports: string[] = [];
    let missing: string[] = ["(the wasm chunk was never requested)"];
    const page = await embed(async (context) => {
      context.on("request", (request) => {
        requested.add(request.url().split("/").pop() ?? "");
      });
      await context.route(wasmChunk, async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        imports = [...body.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);
        // Held until each import has been requested (or HOLD_MS passed): none waits for this chunk.
        await within(() => imports.every((file) => requested.has(file)));
        missing = imports.filter((file) => !requested.has(file));
        await route.fulfill({ response, body });
      });
    }, `${lastBackends} === "wasm"`);
    try {
      expect(imports.length).toBeGreaterThan(0);
      expect(missing, "imports of the wasm chunk requested only after it arrived").toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  // The worker's entry (worker-*.js) and the scoring code it imports (serveRequests-*.js) fail alike.
  for (const [what, file] of [
    ["the worker fails before the model's chunk has loaded", "worker"],
    ["the worker's scoring code fails to load", "serveRequests"],
  ]) {
    it(`keeps the edge's order when ${what}`, async () => {
      const script = new RegExp(`/sdk/assets/${file}-[\\w-]+\\.js$`);
      const page = await embed(async (context) => {
        await context.route(script, (route) => route.fulfill({ status: 404 }));
      }, "window.__recommender && window.__recommender.status().model.state === 'failed'");
      try {
        const now = await status(page);
        expect(now.backend).toBe("none");
        expect(now.fallbacks["worker-error"], JSON.stringify(now.errors)).toBeGreaterThan(0);
        const renders = await page.evaluate(() => (window as unknown as EmbedWindow).__renders);
        expect(renders[0].length).toBeGreaterThan(0);
        expect(renders.flat().every((b) => b === "none")).toBe(true);
      } finally {
        await page.context().close();
      }
    });
  }
});
