import { describe, expect, it } from "vitest";
import { launchBrowser, useSeededEdge } from "./harness/index";

/**
 * The fused forward pass (model/ranker/forward.ts) against the pre-fusion reference pass
 * (test/reference/referenceForward.ts) on every backend the e2e drives, in real Chromium: WebGPU runs on
 * SwiftShader there. Both run on the same backend on the lab page (/demo/lab.html) with the live model.
 * Each backend gets its own Chromium: in a shared one, the page opened after the WebGL page closed sometimes
 * never committed its navigation (30 s timeout; seen in CI and in 1 of 3 runs here).
 */
const PORT = 8813;
const env = useSeededEdge(PORT, { browser: false });

describe("the fused forward pass in Chromium", () => {
  it.each(["webgpu", "webgl", "wasm", "cpu"])(
    "scores 500 edge candidates as the reference pass does on %s, within 1e-5, with 5, 1 and no history items",
    async (backend) => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`${env.edge.url}/demo/lab.html`);
        await page.waitForSelector("body[data-ready='1']");
        const check = await page.evaluate((b) => window.lab!.fusedVsReference(b, 500), backend);
        expect(check.backend).toBe(backend);
        expect(check.n).toBe(500);
        expect(check.spread).toBeGreaterThan(1e-3);
        expect(check.maxGap).toBeLessThan(1e-5);
      } finally {
        await browser.close();
      }
    },
  );
});
