import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./launchBrowser";
import { type EdgeHandle, startEdge } from "./startEdge";

export type SeededEdge = { edge: EdgeHandle; browser: Browser };
export type SeededEdgeOptions = {
  /** Launch the file's shared Chromium (default true). */ browser?: boolean;
  /** Extra `--var NAME:VALUE` bindings for the edge. */ vars?: Record<string, string>;
};

/**
 * One seeded edge and one Chromium for a whole test file, started before its tests and stopped after.
 * The fields are set once `beforeAll` has run, so read them inside tests, not at module level.
 * @example const env = useSeededEdge(8813); it("…", async () => { await env.browser.newPage(); });
 */
export function useSeededEdge(port: number, options: SeededEdgeOptions = {}): SeededEdge {
  const env = {} as SeededEdge;
  beforeAll(async () => {
    env.edge = await startEdge({ port, seed: true, vars: options.vars });
    if (options.browser ?? true) env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.edge?.stop();
  });
  return env;
}
