/**
 * Helpers shared by the storefront e2e tests (test/e2e/client-*.test.ts): open a demo page in a fresh
 * browser context, watch its errors and telemetry POSTs, read the edge's D1 through wrangler.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import type { RankedItem, Recommender, RecommenderStatus, RecommendRequest } from "../../client/index";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

/** A POST to /v1/telemetry as seen on the wire, with the edge's answer. */
export type TelemetryPost = { body: string; status: number | null };

export type DemoPage = {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and unhandled rejections that reached the page (the SDK must cause none). */
  errors: string[];
  telemetry: TelemetryPost[];
};

export type OpenOptions = {
  /** Script run in the page before any of its own (fault injection). */
  init?: string;
  /** Called on the context before the page loads (routes). */
  setup?: (context: BrowserContext) => Promise<unknown>;
};

/**
 * Opens `url` in a new, empty context (its own IndexedDB), recording page errors and telemetry POSTs.
 * @example const demo = await openDemo(browser, `${edge.url}/demo/?eager=1`); await demo.context.close();
 */
export async function openDemo(browser: Browser, url: string, options: OpenOptions = {}): Promise<DemoPage> {
  const context = await browser.newContext();
  // The CI machine may be busy (model loads compete for 2 cores): wait long, never assert on time.
  context.setDefaultTimeout(150_000);
  context.setDefaultNavigationTimeout(150_000);
  if (options.init) await context.addInitScript({ content: options.init });
  if (options.setup) await options.setup(context);
  const errors: string[] = [];
  const telemetry: TelemetryPost[] = [];
  context.on("request", (request) => {
    if (request.method() !== "POST" || !request.url().includes("/v1/telemetry")) return;
    const post: TelemetryPost = { body: request.postData() ?? "", status: null };
    telemetry.push(post);
    void request
      .response()
      .then((response) => {
        post.status = response?.status() ?? null;
      })
      .catch(() => {});
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors, telemetry };
}

/** The SDK's status() in the page (`window.pocketrank`, set by the demo pages). */
export async function status(page: Page): Promise<RecommenderStatus> {
  await page.waitForFunction(() => window.pocketrank !== undefined);
  return page.evaluate(() => window.pocketrank!.status());
}

/** Waits until the model is ready, failed or disabled, then returns status(). */
export async function ready(page: Page): Promise<RecommenderStatus> {
  await page.waitForFunction(() => window.pocketrank !== undefined);
  return page.evaluate(() => window.pocketrank!.ready());
}

/** recommend() in the page. */
export async function recommend(page: Page, request: RecommendRequest): Promise<RankedItem[]> {
  await page.waitForFunction(() => window.pocketrank !== undefined);
  return page.evaluate((r) => window.pocketrank!.recommend(r), request);
}

/** Waits for a slot filled by the demo and returns the titles of its items. */
export async function slotTitles(page: Page, selector: string): Promise<string[]> {
  await page.waitForSelector(`${selector} .pocketrank__item:not(.pocketrank__skeleton), ${selector} .notice`);
  return page.$$eval(`${selector} .pocketrank__item:not(.pocketrank__skeleton) img`, (imgs) =>
    imgs.map((img) => (img as HTMLImageElement).alt),
  );
}

/**
 * Runs SQL on the edge's local D1 (the same files `wrangler dev` writes) and returns the rows.
 * @example const rows = await d1(edge.stateDir, "SELECT SUM(reports) AS n FROM telemetry_rollups");
 */
export async function d1(stateDir: string, sql: string): Promise<Record<string, unknown>[]> {
  const wrangler = join(root, "node_modules/.bin/wrangler");
  const args = [
    "d1",
    "execute",
    "pocketrank",
    "--local",
    "--persist-to",
    stateDir,
    "--json",
    "--command",
    sql,
  ];
  const { stdout } = await run(wrangler, args, { cwd: root, env: { ...process.env, CI: "true" } });
  const parsed = JSON.parse(stdout) as { results: Record<string, unknown>[] }[];
  return parsed.flatMap((r) => r.results);
}

/** Polls `probe` until it returns a value accepted by `ok` (or the deadline passes, returning the last value). */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    value = await probe();
  }
  return value;
}

/**
 * What the FleetAggregator Durable Objects hold (their SQLite files under the edge's state dir, read-only):
 * every reportId they have merged (`seen`, primary key) and how many reports they merged in all.
 * `merged === ids.length` means no report was counted twice.
 * @example const { ids, merged } = await edgeReports(edge.stateDir);
 */
export async function edgeReports(stateDir: string): Promise<{ ids: string[]; merged: number }> {
  const { readdir } = await import("node:fs/promises");
  const base = join(stateDir, "v3/do");
  const ids: string[] = [];
  let merged = 0;
  for (const dir of (await readdir(base)).filter((d) => d.endsWith("FleetAggregator"))) {
    for (const file of (await readdir(join(base, dir))).filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))) {
      const query = async (sql: string) => {
        const { stdout } = await run("sqlite3", ["-readonly", "-json", join(base, dir, file), sql]);
        return (stdout.trim() ? JSON.parse(stdout) : []) as Record<string, unknown>[];
      };
      ids.push(...(await query("SELECT report_id FROM seen")).map((r) => String(r.report_id)));
      merged += Number((await query("SELECT merged FROM meta"))[0]?.merged ?? 0);
    }
  }
  return { ids, merged };
}

/**
 * An init script that removes SharedWorker from the page, so the SDK starts its dedicated scoring worker:
 * the path of browsers without SharedWorker (Chrome on Android) and of cross-origin embeds. Tests that
 * hold, fail or read the scoring worker's own requests need it: Playwright neither lists a shared worker
 * (page.workers()) nor sees or routes its requests.
 */
export const DEDICATED_WORKER = "delete window.SharedWorker;";

/** Records, from the page's first byte, the first on-device list (its time and item ids) and the recommender. */
export const FIRST_ON_DEVICE = `
  window.__firstOnDevice = NaN; window.__firstIds = [];
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    const items = e.detail.items;
    if (Number.isNaN(window.__firstOnDevice) && items.length && items[0].backend !== "none") {
      window.__firstOnDevice = performance.now();
      window.__firstIds = items.map((i) => i.id);
    }
  });`;
export type EmbedWindow = { __firstOnDevice: number; __firstIds: number[]; __recommender: Recommender };

/**
 * Visits a script-tag page at `url` in `page` (its context runs FIRST_ON_DEVICE) until its first on-device
 * list: that list and status().
 */
export async function visitFirstOnDevice(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => !Number.isNaN((window as unknown as EmbedWindow).__firstOnDevice));
  return page.evaluate(() => {
    const w = window as unknown as EmbedWindow;
    return {
      ids: w.__firstIds,
      status: w.__recommender.status() as RecommenderStatus,
      timeOrigin: performance.timeOrigin,
      /** The first list's time on the wall clock, ms since 1970. */
      listedAt: performance.timeOrigin + w.__firstOnDevice,
    };
  });
}

/**
 * What the page's scoring worker fetched: the dedicated worker that asked for candidates (not a first
 * visit's benchmark worker); empty when none did. Playwright lists dedicated workers only (DEDICATED_WORKER).
 */
export async function scoringWorkerResources(page: Page): Promise<string[]> {
  for (const worker of page.workers()) {
    const urls = await worker
      .evaluate(() => performance.getEntriesByType("resource").map((e) => e.name))
      .catch(() => [] as string[]);
    if (urls.some((u) => u.includes("/v1/candidates"))) return urls;
  }
  return [];
}

/** The scoring worker's scripts under /sdk/assets/, once each: its entry (the page fetched it) and every module it imported. */
export async function scoringWorkerScripts(page: Page): Promise<string[]> {
  const own = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  const urls = [...own, ...(await scoringWorkerResources(page))];
  return [...new Set(urls.filter((u) => /^\/sdk\/assets\/[\w-]+\.js$/.test(new URL(u).pathname)))];
}

/** What a shared scoring worker reports of itself: its script's URL, its time origin, the files it fetched. */
export type SharedWorkerView = { url: string; timeOrigin: number; resources: string[] };

/**
 * Every shared scoring worker of the browser, read through the DevTools protocol (Playwright lists none).
 * `script`: its script's URL, the SDK's worker entry by default (a store's own file where the SDK is
 * embedded from another origin).
 */
export async function sharedScoringWorkers(
  browser: Browser,
  script = /\/sdk\/assets\/worker-/,
): Promise<SharedWorkerView[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send("Target.getTargets");
    const workers = targetInfos.filter((t) => t.type === "shared_worker" && script.test(t.url));
    const views: SharedWorkerView[] = [];
    for (const target of workers) {
      const expression = `JSON.stringify({ timeOrigin: performance.timeOrigin, resources: performance.getEntriesByType("resource").map((e) => e.name) })`;
      const value = await evaluateIn(cdp, target.targetId, expression);
      views.push({ url: target.url, ...JSON.parse(value) });
    }
    return views;
  } finally {
    await cdp.detach();
  }
}

/** Evaluates `expression` in a worker target (a session of the browser's, messages through Target). */
async function evaluateIn(cdp: CDPSession, targetId: string, expression: string): Promise<string> {
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: false });
  const answered = new Promise<string>((resolve) => {
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      const message = JSON.parse(event.message);
      if (event.sessionId === sessionId && message.id === 1) resolve(message.result.result.value);
    });
  });
  const message = JSON.stringify({
    id: 1,
    method: "Runtime.evaluate",
    params: { expression, returnByValue: true },
  });
  await cdp.send("Target.sendMessageToTarget", { sessionId, message });
  return answered;
}
