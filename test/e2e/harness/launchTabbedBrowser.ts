import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./launchBrowser";

export type TabbedBrowser = {
  /** The browser's own context: each `newPage()` is a tab, and the tabs behind the front one are hidden. */
  context: BrowserContext;
  close(): Promise<void>;
};

/**
 * A Chromium whose background tabs are really hidden (`document.visibilityState === "hidden"`), for tests
 * of what a page does when the shopper switches tabs. A browser from `launchBrowser` keeps every page
 * visible: Playwright turns focus emulation on for each page it sets up, and a page under focus emulation
 * stayed "visible" behind another tab, in a minimised window and after `bringToFront()` of another page
 * (Chromium 156, headless=new). This one is started here and attached with `noDefaults`, which leaves its
 * default context's pages without focus emulation.
 * @example const tabs = await launchTabbedBrowser(); const shop = await tabs.context.newPage(); …; await tabs.close();
 */
export async function launchTabbedBrowser(): Promise<TabbedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "pocketrank-tabs-"));
  const args = [...CHROMIUM_ARGS, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"];
  const child = spawn(CHROMIUM_PATH, args, { stdio: ["ignore", "ignore", "pipe"] });
  const exited = once(child, "exit");
  try {
    const browser = await chromium.connectOverCDP(await devToolsUrl(child), { noDefaults: true });
    return {
      context: browser.contexts()[0],
      close: async () => {
        await (await browser.newBrowserCDPSession()).send("Browser.close").catch(() => {});
        await exited;
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill();
    await exited;
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The browser's DevTools WebSocket URL, which Chromium prints on stderr once it listens. */
function devToolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const url = seen.match(/DevTools listening on (ws:\/\/\S+)/)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) => reject(new Error(`Chromium exited (${code}) before listening: ${seen}`)));
  });
}
