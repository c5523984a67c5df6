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

/**
 * The scoring worker's thread in a trace: the thread that compiled its entry (assets/worker-*.js), its
 * events (`onThread`), its complete ones (`complete`), its module compiles (`modules`), and whether an
 * event ran inside one of those (a module's own compile does; a function compiled on its first call does not).
 * @example const { complete, insideModule } = scoringWorkerThread(events);
 */
export function scoringWorkerThread(events: TraceEvent[]) {
  const entry = events.find(
    (e) => e.name === "v8.compileModule" && /\/sdk\/assets\/worker-[\w-]+\.js$/.test(e.args?.data?.url ?? ""),
  );
  if (!entry) throw new Error("no scoring worker in the trace");
  const onThread = events.filter((e) => e.pid === entry.pid && e.tid === entry.tid);
  const complete = onThread.filter((e) => e.ph === "X");
  const modules = complete.filter((e) => e.name === "v8.compileModule");
  const insideModule = (e: TraceEvent) =>
    modules.some((m) => m.ts <= e.ts && e.ts + (e.dur ?? 0) <= m.ts + (m.dur ?? 0));
  return { onThread, complete, modules, insideModule };
}
