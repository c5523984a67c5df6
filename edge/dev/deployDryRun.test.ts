import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployDryRun } from "./deployDryRun";

/** Workers' compressed script limit on the Free plan (https://developers.cloudflare.com/workers/platform/limits/). */
const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;

describe("wrangler deploy --dry-run", { timeout: 120_000 }, () => {
  it("bundles the Worker with its Durable Object, bindings and static assets, within the Free plan's size", async () => {
    const built = await deployDryRun();
    const script = readFileSync(join(built.outDir, "index.js"), "utf8");
    expect(script).toMatch(/FleetAggregator = class extends DurableObject/);
    expect(script).toMatch(/export \{[^}]*\bFleetAggregator\b[^}]*\bas default\b/s);
    expect(built.bindings).toEqual(
      expect.arrayContaining(["FLEET", "DB", "MODELS", "ASSETS", "CORS_ORIGINS"]),
    );
    expect(built.wranglerSummary).toMatch(/^Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB$/);
    expect(built.script.gzipBytes).toBeLessThan(FREE_PLAN_GZIP_LIMIT);
  });
});
