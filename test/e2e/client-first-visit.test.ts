import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Recommender, RecommenderStatus } from "../../client/types";
import { DEDICATED_WORKER, ready, scoringWorkerResources, scoringWorkerScripts } from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * The light, fast first visit (issue 15) in real Chromium: each tfjs backend is its own chunk; a first
 * visit ranks on wasm at once and benchmarks the other backends only after its first on-device list, in
 * a worker of its own; the device remembers the winner, and a later visit loads that one chunk. In the
 * dedicated scoring worker: each visit starts its own, as a returning visit does once the store's shared
 * worker is gone (client-shared-worker.test.ts), and Playwright reads a dedicated worker's requests only.
 */
const PORT = 8814;
const env = useSeededEdge(PORT);

/** Backend chunks fetched by the scoring worker. */
async function scoringWorkerChunks(page: Page): Promise<string[]> {
  const urls = await scoringWorkerResources(page);
  const chunks = urls.flatMap((u) => /\/assets\/(webgpu|webgl|wasm|cpu)-[\w-]+\.js$/.exec(u)?.[1] ?? []);
  return [...new Set(chunks)].sort();
}

/** Records, from the page's first byte, when the script tag's slot first showed an on-device ranking. */
const FIRST_ON_DEVICE = `
  window.__firstOnDevice = NaN;
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    const items = e.detail.items;
    if (Number.isNaN(window.__firstOnDevice) && items.length && items[0].backend !== "none")
      window.__firstOnDevice = performance.now();
  });`;
type EmbedWindow = { __firstOnDevice: number; __recommender: Recommender };

/** Loads the script-tag page (backend "auto", the model started at the load event) until its first on-device list. */
async function embedVisit(page: Page) {
  await page.goto(`${env.edge.url}/demo/embed.html`);
  await page.waitForFunction(() => !Number.isNaN((window as unknown as EmbedWindow).__firstOnDevice));
  return page.evaluate(() => {
    const w = window as unknown as EmbedWindow;
    return { firstOnDevice: w.__firstOnDevice, status: w.__recommender.status() };
  });
}

/** Waits for the deferred benchmark to end and returns status(). */
async function benchmarkEnded(page: Page): Promise<RecommenderStatus> {
  await page.waitForFunction(() => {
    const state = (window as unknown as EmbedWindow).__recommender.status().backendBenchmark.state;
    return state === "done" || state === "failed";
  });
  return page.evaluate(() => (window as unknown as EmbedWindow).__recommender.status());
}

const storedBackend = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(":backend"));
    return key ? (JSON.parse(localStorage.getItem(key)!).backend as string) : null;
  });

/**
 * A visit after the benchmark settled the choice: `winner` loaded as remembered, alone (its chunk the only
 * backend the scoring worker fetched), and nothing benchmarked. Returns status().
 */
async function settledVisit(page: Page, winner: string): Promise<RecommenderStatus> {
  const { status } = await embedVisit(page);
  expect(status.backend).toBe(winner);
  expect(status.backendReason).toMatch(/^remembered from an earlier visit's choice/);
  expect(status.backendBenchmark.state).toBe("none");
  expect(await scoringWorkerChunks(page)).toEqual([winner]);
  return status;
}

describe("the first visit and the next", { timeout: 400_000 }, () => {
  it("ranks a cold first visit on wasm before benchmarking; the next visit loads the winner alone", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      await context.addInitScript({ content: DEDICATED_WORKER });
      const page = await context.newPage();
      const first = await embedVisit(page);
      expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
      expect(first.status.backendReason).toMatch(/started on wasm; .* benchmarked later/);
      expect(first.status.model.source).toBe("network");
      // The benchmark (WebGL vs wasm here) had not started when the list showed, and runs in another worker.
      const ended = await benchmarkEnded(page);
      expect(ended.backendBenchmark.state, JSON.stringify(ended.backendBenchmark)).toBe("done");
      expect(ended.backendBenchmark.startedAt).toBeGreaterThan(first.firstOnDevice);
      expect(ended.backendBenchmark.reason).toMatch(/benchmark: /);
      const { backendReason } = await page.evaluate(() =>
        (window as unknown as EmbedWindow).__recommender.status(),
      );
      expect(backendReason).toBe(
        `${first.status.backendReason.replace(/ benchmarked later$/, "")} benchmarked: ${ended.backendBenchmark.winner} from the next visit`,
      );
      expect(await scoringWorkerChunks(page)).toEqual(["wasm"]);
      const winner = ended.backendBenchmark.winner!;
      expect(await storedBackend(page)).toBe(winner);

      const second = await settledVisit(page, winner);
      expect(second.model.source).toBe("cache");
    } finally {
      await context.close();
    }
  });

  it("loads the backend of a first visit left before its benchmark at once on the next visit, which benchmarks", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      await context.addInitScript({ content: DEDICATED_WORKER });
      const page = await context.newPage();
      const first = await embedVisit(page);
      expect(first.status.backend, JSON.stringify(first.status)).toBe("wasm");
      // The shopper leaves as soon as the list shows: the deferred benchmark has not ended.
      expect(["pending", "running"]).toContain(first.status.backendBenchmark.state);
      const leaving = await page.evaluate(
        () => (window as unknown as EmbedWindow).__recommender.status().backendBenchmark.state,
      );
      expect(["pending", "running"]).toContain(leaving);

      // The next visit loads that backend as remembered, without probing the others inside its load.
      const second = await embedVisit(page);
      expect(second.status.backend).toBe("wasm");
      expect(second.status.backendReason).toMatch(
        /^remembered from an earlier visit's choice \(wasm\), a start before any benchmark; the backends benchmarked later$/,
      );
      expect(await scoringWorkerChunks(page)).toEqual(["wasm"]);
      // It still owes the benchmark, and runs it after its list; its winner settles the choice.
      const ended = await benchmarkEnded(page);
      expect(ended.backendBenchmark.state, JSON.stringify(ended.backendBenchmark)).toBe("done");
      expect(ended.backendBenchmark.startedAt).toBeGreaterThan(second.firstOnDevice);
      const winner = ended.backendBenchmark.winner!;
      expect(await storedBackend(page)).toBe(winner);

      // Once per device and browser build: the visit after that benchmarks nothing.
      await settledVisit(page, winner);
    } finally {
      await context.close();
    }
  });

  it("starts a cold visit's model without a chunk of its own to wait for, and asks for the assignment before its cache opens", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      await context.addInitScript({ content: DEDICATED_WORKER });
      // When the page's model cache (IndexedDB "<prefix>-models") has opened.
      await context.addInitScript({
        content: `
          const open = IDBFactory.prototype.open;
          IDBFactory.prototype.open = function (name, version) {
            const request = open.call(this, name, version);
            if (String(name).endsWith("-models"))
              request.addEventListener("success", () => { window.__modelCacheOpen ??= performance.now(); });
            return request;
          };`,
      });
      const page = await context.newPage();
      expect((await embedVisit(page)).status.model.source).toBe("network");
      const seen = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const entries = performance.getEntriesByType("resource");
        const startModel = entries.find((e) => /\/sdk\/chunks\/startModel-[\w-]+\.js$/.test(e.name));
        return {
          loaded: nav.loadEventEnd,
          atOnce: entries.filter((e) => e.startTime < nav.loadEventEnd).map((e) => e.name),
          startModel: startModel?.name ?? "",
          assignment: entries.find((e) => e.name.includes("/v1/model?"))?.startTime ?? Number.NaN,
          cacheOpen: (window as unknown as { __modelCacheOpen: number }).__modelCacheOpen,
        };
      });
      // Every chunk the model's start imports was loaded with the loader, before the load event: none is
      // a trip of its own after the startModel chunk arrived (main had a 232-byte one).
      const source = await (await fetch(seen.startModel)).text();
      const imports = [...source.matchAll(/from\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]);
      expect(imports.length, source.slice(0, 200)).toBeGreaterThan(0);
      for (const chunk of imports)
        expect(
          seen.atOnce.some((url) => url.endsWith(`/sdk/chunks/${chunk}`)),
          chunk,
        ).toBe(true);
      expect(seen.assignment, JSON.stringify(seen)).toBeLessThan(seen.cacheOpen);
    } finally {
      await context.close();
    }
  });

  it("loads no code on the wasm path that scoring never runs: tfjs' optimizers, the wasm backend's threads, tfjs' string hashing with `long`", async () => {
    const context = await env.browser.newContext();
    try {
      await context.addInitScript({ content: FIRST_ON_DEVICE });
      await context.addInitScript({ content: DEDICATED_WORKER });
      const page = await context.newPage();
      expect((await embedVisit(page)).status.backend).toBe("wasm");
      const urls = await scoringWorkerScripts(page);
      expect(
        urls.some((u) => /\/assets\/wasm-[\w-]+\.js$/.test(u)),
        urls.join(" "),
      ).toBe(true);
      for (const url of urls) {
        const source = await (await fetch(url)).text();
        // An optimizer's registered class name, and the threaded runtime's own functions.
        expect(source.includes("Adamax"), `${url} registers tfjs' optimizers`).toBe(false);
        expect(source.includes("pthread"), `${url} holds the threaded wasm runtime`).toBe(false);
        // A constant of tfjs' string hash, and a method of the `long` package it builds that constant with.
        expect(source.includes("c3a5c85c97cb3127"), `${url} holds tfjs' string hashing`).toBe(false);
        expect(source.includes("fromBytesLE"), `${url} holds the long package`).toBe(false);
      }
    } finally {
      await context.close();
    }
  });

  it("starts again on wasm when the remembered backend is no longer offered, and remembers the new winner", async () => {
    const context = await env.browser.newContext();
    try {
      // This page shows no WebGPU; the device's memory names WebGPU for exactly this page's description
      // (a record from before the GPU went away).
      await context.addInitScript({
        content: "Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });",
      });
      const page = await context.newPage();
      const visit = async () => {
        await page.goto(`${env.edge.url}/demo/index.html?eager=1&telemetry=0&backend=auto`);
        return ready(page);
      };
      const benchmarked = async () => {
        await page.waitForFunction(() =>
          ["done", "failed"].includes(window.pocketrank!.status().backendBenchmark.state),
        );
        return page.evaluate(() => window.pocketrank!.status().backendBenchmark);
      };
      expect((await visit()).model.state).toBe("ready");
      expect((await benchmarked()).state).toBe("done");
      const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.endsWith(":backend")));
      expect(key).toBeTruthy();
      await page.evaluate((k) => {
        localStorage.setItem(
          k,
          JSON.stringify({ ...JSON.parse(localStorage.getItem(k)!), backend: "webgpu" }),
        );
      }, key!);
      const second = await visit();
      expect(second.model.state, JSON.stringify(second)).toBe("ready");
      expect(second.backend).toBe("wasm");
      expect(JSON.stringify(second.backendHistory)).toMatch(/remembered backend failed/);
      const ended = await benchmarked();
      expect(ended.state, JSON.stringify(ended)).toBe("done");
      expect(await storedBackend(page)).toBe(ended.winner);
      expect(ended.winner).not.toBe("webgpu");
    } finally {
      await context.close();
    }
  });
});
