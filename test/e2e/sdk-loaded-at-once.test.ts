/**
 * The storefront loader's byte budget (client/loader.ts: at most 15 KB gzip), held on the built SDK: what the
 * script-tag embed (demo/embed.html) fetches from /sdk/ before its load event, in real Chromium against
 * `wrangler dev`. A size, not a timing: the same build gives the same bytes.
 */
import { describe, expect, it } from "vitest";
import { LOADED_AT_ONCE_BUDGET, sdkLoadedAtOnce, useSeededEdge } from "./harness/index";

const PORT = 8831;
const env = useSeededEdge(PORT);

describe("the SDK's loader budget", () => {
  it("what the embed page fetches from /sdk/ before its load event is at most 15 KB gzip -9", async () => {
    const atOnce = await sdkLoadedAtOnce(env.browser, `${env.edge.url}/demo/embed.html`);
    const listed = atOnce.files.map((f) => `${f.path} ${f.gzip} B`).join(", ");
    // The loader itself is among them: an empty list would pass the budget without measuring anything.
    expect(atOnce.files.map((f) => f.path)).toContain("/sdk/pocketrank.js");
    expect(atOnce.gzip, `loaded at once: ${listed}`).toBeLessThanOrEqual(LOADED_AT_ONCE_BUDGET);
  });
});
