import { type BrowserContext, errors, type Page, type Request } from "playwright-core";

/**
 * A bound on a benchmark's `page.goto` reaching the load event. Under `wrangler dev`, a visit now and then
 * never reaches it: one request (the page or a static file) stays unanswered (test/bench/results/scoring-floor.md,
 * "The load that never fired"). A visit takes 0.5–6 s here, so 30 s means stalled, not slow.
 */
export const LOAD_TIMEOUT_MS = 30_000;
/** Attempts of one trial before the benchmark gives up and fails. */
const ATTEMPTS = 3;

/** A trial abandoned because a visit's load event did not fire, with the requests still open then. */
export type Stall = { what: string; attempt: number; at: string; pending: string[] };

class StalledLoad extends Error {
  constructor(readonly pending: string[]) {
    super(`load event not reached in ${LOAD_TIMEOUT_MS / 1000} s; open: ${pending.join(", ") || "none"}`);
  }
}

/** Follows a context's requests; returns a reader of those started and not yet finished or failed. */
export function openRequests(context: BrowserContext): () => string[] {
  const open = new Map<Request, number>();
  context.on("request", (r) => open.set(r, Date.now()));
  context.on("requestfinished", (r) => open.delete(r));
  context.on("requestfailed", (r) => open.delete(r));
  return () => [...open].map(([r, at]) => `${r.resourceType()} ${r.url()} (${Date.now() - at} ms)`);
}

/** `page.goto` to the load event within LOAD_TIMEOUT_MS; a timeout becomes a StalledLoad naming `open()`. */
export async function gotoLoaded(page: Page, url: string, open: () => string[]): Promise<void> {
  try {
    await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
  } catch (error) {
    throw error instanceof errors.TimeoutError ? new StalledLoad(open()) : error;
  }
}

/**
 * Runs a whole trial again (fresh context or browser: `run` must close its own in a `finally`) when one of
 * its visits stalled, up to ATTEMPTS times; each stall is pushed to `stalls` for the raw output and printed,
 * so no slow trial is dropped silently, and a stalled one is not timed at all.
 */
export async function retryStalled<T>(what: string, stalls: Stall[], run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof StalledLoad) || attempt >= ATTEMPTS) throw error;
      stalls.push({ what, attempt, at: new Date().toISOString(), pending: error.pending });
      console.log(`stalled (${what}, attempt ${attempt}): ${error.message}; running the trial again`);
    }
  }
}
