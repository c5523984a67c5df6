import type { BrowserContext, Page } from "playwright-core";

/** A trace event as Chromium reports it (the fields the probes read). */
export type TraceEvent = {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  ts: number;
  args?: { name?: string; data?: { url?: string; consumedCacheSize?: number; [key: string]: unknown } };
};

/**
 * Runs `work` inside a Chromium trace of `categories` (the page's renderer, its workers' threads and the
 * browser's other processes); the trace's events. Used by worker-modules.ts and returning-visit.ts.
 * @example const { result, events } = await traced(context, page, ["v8"], () => visit(page));
 */
export async function traced<T>(
  context: BrowserContext,
  page: Page,
  categories: string[],
  work: () => Promise<T>,
): Promise<{ result: T; events: TraceEvent[] }> {
  // A page's CDP session, not Browser.startTracing: a profile on disk (launchPersistentContext) has no Browser.
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((done) => cdp.once("Tracing.tracingComplete", done));
  await cdp.send("Tracing.start", {
    transferMode: "ReportEvents",
    traceConfig: { includedCategories: categories },
  });
  try {
    return { result: await work(), events };
  } finally {
    await cdp.send("Tracing.end");
    await complete;
    await cdp.detach();
  }
}
