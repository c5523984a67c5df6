import { afterAll, beforeAll, expect, it } from "vitest";
import { type EdgeHandle, launchBrowser, startEdge } from "./harness";

// Guards the assumptions every browser test rests on: the Worker runs under wrangler dev and a
// localhost page is a secure context whose WebGPU adapter exists (SwiftShader on CI).
let edge: EdgeHandle;
beforeAll(async () => {
  edge = await startEdge({ port: 8898 });
});
afterAll(async () => {
  await edge?.stop();
});

it("serves the Worker on localhost as a secure origin with a WebGPU adapter", async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const res = await page.goto(`${edge.url}/healthz`);
    expect(res?.status()).toBe(200);
    const info = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      const adapter = (await gpu?.requestAdapter()) as { info?: { architecture?: string } } | null;
      return { secure: isSecureContext, adapter: adapter != null, architecture: adapter?.info?.architecture };
    });
    expect(info.secure).toBe(true);
    expect(info.adapter).toBe(true);
  } finally {
    await browser.close();
  }
});
