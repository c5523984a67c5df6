import type { Browser, Page } from "playwright-core";
import { DEDICATED_WORKER } from "../e2e/client-support.ts";
import { gotoLoaded, openRequests } from "./loadStall.ts";

/**
 * An init script for the start-up benches: the time of the first list ranked on the device
 * (`__firstRanked`, page clock), the backend that ranked it (`__rankedBy`) and the recommender that
 * rendered it (`__recommender`), read from the widget's `pocketrank:render` event.
 */
/** The console line that FIRST_RANKED writes when it records the first on-device list. */
const RANKED_LINE = "pocketrank-bench: first on-device list";

export const FIRST_RANKED = `
  window.__firstRanked = NaN; window.__rankedBy = "";
  document.addEventListener("pocketrank:render", (e) => {
    const items = e.detail && e.detail.items;
    window.__recommender = e.detail && e.detail.recommender;
    if (Number.isNaN(window.__firstRanked) && items && items.length && items[0].backend !== "none")
      { window.__firstRanked = performance.now(); window.__rankedBy = items[0].backend; console.debug(${JSON.stringify(RANKED_LINE)}); }
  });
`;

/**
 * Waits for the page's first on-device list (FIRST_RANKED's console line) while `navigate` runs. Not a
 * polled predicate: Playwright's waitForFunction and waitForSelector first inject and run Playwright's own
 * script in the page, 33–75 ms of the page's thread right after the load event (returning-visit probe),
 * on the path being timed.
 * @example await untilFirstRanked(page, () => gotoLoaded(page, url, open));
 */
export async function untilFirstRanked(
  page: Page,
  navigate: () => Promise<unknown>,
  timeout = 180_000,
): Promise<void> {
  const ranked = page.waitForEvent("console", { predicate: (line) => line.text() === RANKED_LINE, timeout });
  ranked.catch(() => {}); // a failed navigation is thrown first; the wait's own failure is awaited below
  await navigate();
  await ranked;
}

/**
 * Goes to `url` and returns its first on-device list's time, ms after the load event's end.
 * @example const afterLoad = await gotoFirstRanked(page, `${edge.url}/demo/embed.html`, open);
 */
export async function gotoFirstRanked(page: Page, url: string, open: () => string[]): Promise<number> {
  await untilFirstRanked(page, () => gotoLoaded(page, url, open));
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return (window as unknown as { __firstRanked: number }).__firstRanked - nav.loadEventEnd;
  });
}

/**
 * Waits until the page's deferred backend benchmark has ended (done, failed or skipped), so that the next
 * visit starts on its winner.
 * @example await visit(page); await benchmarkSettled(page);
 */
export async function benchmarkSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const recommender = (
      window as unknown as { __recommender?: { status(): { backendBenchmark: { state: string } } } }
    ).__recommender;
    return !["pending", "running"].includes(recommender?.status().backendBenchmark.state ?? "pending");
  });
}

/**
 * A fresh context for timing one visit's own scoring worker: the first-ranked script, the dedicated worker
 * (started afresh each visit, a shared one would keep the model across visits, and one whose user timing
 * Playwright can read), and the page's open requests (for a stalled load's report).
 * @example const { context, page, open } = await dedicatedWorkerPage(browser);
 */
export async function dedicatedWorkerPage(browser: Browser) {
  const context = await browser.newContext();
  context.setDefaultTimeout(180_000);
  await context.addInitScript({ content: FIRST_RANKED });
  await context.addInitScript({ content: DEDICATED_WORKER });
  const open = openRequests(context);
  return { context, page: await context.newPage(), open };
}
