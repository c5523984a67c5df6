import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ready } from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * The light, fast first visit (issue 15) in real Chromium: each tfjs backend is its own chunk, a device
 * remembers the backend it benchmarked, and a later visit loads that one chunk, without the benchmark.
 */
const PORT = 8814;
const env = useSeededEdge(PORT);

/**
 * Loads the demo home page (backend "auto", model at once) and lists the backend chunks its scoring worker
 * fetched (the worker's own resource timing: a dedicated worker's requests are not a page's requests).
 */
async function visit(page: Page) {
  await page.goto(`${env.edge.url}/demo/index.html?eager=1&telemetry=0&backend=auto`);
  const status = await ready(page);
  // The demo pages bundle the SDK (their chunks are under /demo/assets/); the script tag's are under /sdk/.
  const worker = page.workers().find((w) => /\/assets\/worker-/.test(w.url()));
  const urls =
    (await worker?.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name))) ?? [];
  const chunks = urls.flatMap((u) => /\/assets\/(webgpu|webgl|wasm|cpu)-[\w-]+\.js$/.exec(u)?.[1] ?? []);
  return { status, chunks: [...new Set(chunks)].sort() };
}

describe("the first visit and the next", { timeout: 400_000 }, () => {
  it("benchmarks on the first visit, then loads only the remembered backend's chunk", async () => {
    const context = await env.browser.newContext();
    try {
      const page = await context.newPage();
      const first = await visit(page);
      expect(first.status.model.state, JSON.stringify(first.status)).toBe("ready");
      expect(first.status.backendReason).toMatch(/benchmark|capability|software/);
      expect(first.chunks).toContain(first.status.backend);
      const second = await visit(page);
      expect(second.status.model.state).toBe("ready");
      expect(second.status.backend).toBe(first.status.backend);
      expect(second.status.backendReason).toMatch(/remembered/);
      expect(second.chunks).toEqual([first.status.backend]);
    } finally {
      await context.close();
    }
  });

  it("probes again when the remembered backend is no longer offered, and remembers the new choice", async () => {
    const context = await env.browser.newContext();
    try {
      // This page shows no WebGPU; the device's memory names WebGPU for exactly this page's description
      // (a record from before the GPU went away).
      await context.addInitScript({
        content: "Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });",
      });
      const page = await context.newPage();
      const first = await visit(page);
      expect(first.status.model.state).toBe("ready");
      const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.endsWith(":backend")));
      expect(key).toBeTruthy();
      await page.evaluate((k) => {
        localStorage.setItem(
          k,
          JSON.stringify({ ...JSON.parse(localStorage.getItem(k)!), backend: "webgpu" }),
        );
      }, key!);
      const second = await visit(page);
      expect(second.status.model.state, JSON.stringify(second.status)).toBe("ready");
      expect(second.status.backend).not.toBe("webgpu");
      expect(JSON.stringify(second.status.backendHistory)).toMatch(
        /remembered backend failed, probing again/,
      );
      const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).backend, key!);
      expect(stored).toBe(second.status.backend);
    } finally {
      await context.close();
    }
  });
});
