import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../e2e/harness/index.ts";

/**
 * A fresh browser context for one benchmark trial: in `browser`'s memory, or (`onDisk`) a Chromium of its
 * own on a new profile directory (no `browser` needed), where V8 keeps compiled code between visits as a shopper's browser does.
 * `dispose` closes it and removes the profile; `reopen` (on disk only) is the shopper's browser started
 * again: a new Chromium on the same profile, nothing of the last one running.
 * @example const { context, dispose } = await freshContext(browser, true); try { … } finally { await dispose(); }
 */
export async function freshContext(
  browser: Browser | undefined,
  onDisk: boolean,
): Promise<{
  context: BrowserContext;
  dispose: () => Promise<void>;
  reopen?: () => Promise<BrowserContext>;
}> {
  if (!onDisk) {
    if (!browser) throw new Error("a context in memory needs a browser");
    const context = await browser.newContext();
    return { context, dispose: () => context.close() };
  }
  const profile = mkdtempSync(join(tmpdir(), "pocketrank-profile-"));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
  let context = await launch();
  const dispose = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  /** Closes this Chromium (and every worker it ran) and starts another on the same profile. */
  const reopen = async () => {
    await context.close();
    context = await launch();
    return context;
  };
  return { context, dispose, reopen };
}
