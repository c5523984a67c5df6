import { type Browser, chromium, type LaunchOptions } from "playwright-core";

/**
 * Flags for Debian's headless Chromium on this machine: WebGPU through SwiftShader needs
 * --enable-unsafe-webgpu and a secure origin (http://localhost); the network flags stop
 * Chromium from calling home on a machine without internet.
 */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The system Chromium; set CHROMIUM_PATH to use another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Launches the system Chromium (CHROMIUM_PATH).
 * @example const browser = await launchBrowser(); const page = await browser.newPage();
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    ...rest,
    args: [...CHROMIUM_ARGS, ...args],
  });
}
