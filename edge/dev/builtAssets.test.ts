import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { staleBuild } from "./builtAssets";

/** A repository in a temporary folder: `files` written, each with its mtime in seconds. */
function repo(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), "pocketrank-build-"));
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), "x");
    utimesSync(join(root, path), mtime, mtime);
  }
  return root;
}

const BUILT_AT = 2_000;
const built = {
  "dist/public/sdk/pocketrank.js": BUILT_AT,
  "dist/public/demo/index.html": BUILT_AT,
  "dist/public/dashboard/index.html": BUILT_AT,
};

describe("staleBuild: npm start builds again when dist/public is older than what it is built from", () => {
  it("builds a missing surface, and nothing when every surface is newer than every source", () => {
    expect(staleBuild(repo({ "client/index.ts": 1_000 }))).toBe("dist/public/sdk/pocketrank.js is missing");
    expect(staleBuild(repo({ ...built, "client/index.ts": 1_000, "vite.config.ts": 1_000 }))).toBeUndefined();
  });

  it("builds after a source changed (a pull or an edit served the old SDK before), but not for tests, notes or artifacts", () => {
    expect(staleBuild(repo({ ...built, "client/scoring/worker.ts": 3_000 }))).toBe(
      "client changed after the last build",
    );
    expect(staleBuild(repo({ ...built, "vite.config.ts": 3_000 }))).toBe(
      "vite.config.ts changed after the last build",
    );
    const unbundled = {
      "client/scoring/worker.test.ts": 3_000,
      "telemetry/README.md": 3_000,
      "model/artifacts/demo/manifest.json": 3_000,
    };
    expect(staleBuild(repo({ ...built, ...unbundled }))).toBeUndefined();
  });
});
