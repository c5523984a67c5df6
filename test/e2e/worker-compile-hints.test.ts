import { describe, expect, it } from "vitest";
import { DEDICATED_WORKER, scoringWorkerScripts } from "./client-support";
import { useSeededEdge } from "./harness/index";

/**
 * The scoring worker's chunks whose code runs on the way to the first list begin with Chromium's explicit
 * compile hint (vite.config.ts, EAGER_CHUNKS), so V8 compiles all their functions at once and keeps them
 * in its code cache; chunks most of whose functions never run at start-up are left to compile lazily.
 */
const PORT = 8829;
const env = useSeededEdge(PORT);
const COMPILE_HINT = "//# allFunctionsCalledOnLoad";

/** Records when the slot first showed an on-device ranking. */
const FIRST_ON_DEVICE = `
  window.__firstOnDevice = false;
  document.addEventListener("pocketrank:render", (e) => {
    const items = e.detail.items;
    if (items.length && items[0].backend !== "none") window.__firstOnDevice = true;
  });`;

/** A script's first line as served. */
async function firstLine(path: string): Promise<string> {
  const response = await fetch(`${env.edge.url}${path}`);
  expect(response.ok).toBe(true);
  return (await response.text()).split("\n", 1)[0];
}

describe("the scoring worker's compile hints", () => {
  it("mark the entry, the scoring code and their helpers that a wasm start runs, not tfjs-core or the wasm backend's chunk", async () => {
    const page = await env.browser.newPage();
    try {
      await page.addInitScript({ content: FIRST_ON_DEVICE });
      // The same chunks serve a shared scoring worker, which Playwright does not list (page.workers()).
      await page.addInitScript({ content: DEDICATED_WORKER });
      // A first visit ranks on wasm at once (the other backends are benchmarked after its first list).
      await page.goto(`${env.edge.url}/demo/embed.html`);
      await page.waitForFunction(() => (window as unknown as { __firstOnDevice: boolean }).__firstOnDevice);
      const scripts = (await scoringWorkerScripts(page)).map((u) => new URL(u).pathname);
      const chunk = (path: string) => /\/assets\/([\w-]+)-[\w-]{8}\.js$/.exec(path)?.[1] ?? path;
      const marked: string[] = [];
      const lazy: string[] = [];
      for (const path of scripts)
        ((await firstLine(path)) === COMPILE_HINT ? marked : lazy).push(chunk(path));
      expect(marked.sort()).toEqual(["activateBackend", "rolldown-runtime", "serveRequests", "worker"]);
      expect(lazy.sort()).toEqual(["tfjs", "wasm"]);
    } finally {
      await page.close();
    }
  });
});
