import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";

/** The storefront loader's budget (client/loader.ts): what a page loads at once, ≤ 15 KB gzip. */
export const LOADED_AT_ONCE_BUDGET = 15 * 1024;

export type LoadedAtOnce = {
  /** Each file the page fetched from /sdk/ before its load event, by path, with its gzip -9 size. */
  files: { path: string; gzip: number }[];
  /** Their sum, bytes. */
  gzip: number;
};

/**
 * Records, in the page's first load listener (an init script runs before the page's scripts), every
 * resource the page has fetched from /sdk/ by then: the loader and its whole static import graph (an
 * async module script holds the load event until it has run), and nothing the SDK's start at the load
 * event asks for after.
 */
const RECORD_AT_LOAD = `
  addEventListener("load", () => {
    window.__sdkAtLoad = performance.getEntriesByType("resource")
      .map((e) => e.name).filter((name) => new URL(name).pathname.startsWith("/sdk/"));
  }, { once: true, capture: true });
`;

/**
 * What a storefront loads at once, read from a real page load in Chromium rather than from a list of file
 * names, so a new chunk in the loader's static graph counts without anyone adding it: `pageUrl`'s
 * fetches from /sdk/ before its load event, each fetched again from the edge and sized with gzip -9.
 * @example const { gzip } = await sdkLoadedAtOnce(browser, `${edge.url}/demo/embed.html`);
 */
export async function sdkLoadedAtOnce(browser: Browser, pageUrl: string): Promise<LoadedAtOnce> {
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: RECORD_AT_LOAD });
    const page = await context.newPage();
    await page.goto(pageUrl, { waitUntil: "load" });
    const urls = await page.evaluate(() => (window as unknown as { __sdkAtLoad: string[] }).__sdkAtLoad);
    const files = await Promise.all(
      [...new Set(urls)].map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        const body = new Uint8Array(await response.arrayBuffer());
        return { path: new URL(url).pathname, gzip: gzipSync(body, { level: 9 }).length };
      }),
    );
    return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
  } finally {
    await context.close();
  }
}
