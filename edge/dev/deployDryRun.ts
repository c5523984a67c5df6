/// <reference types="node" />
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { repoRoot } from "./edgeTarget";

const run = promisify(execFile);

/** What `wrangler deploy --dry-run` built: the Worker script it would upload, and what it said. */
export type DryRun = {
  outDir: string;
  /** The bundled Worker (index.js), as uploaded. */
  script: { bytes: number; gzipBytes: number };
  /** wrangler's own "Total Upload: X KiB / gzip: Y KiB" line. */
  wranglerSummary: string;
  /** Bindings wrangler lists (DB, MODELS, FLEET, ASSETS, vars). */
  bindings: string[];
};

/**
 * Runs `wrangler deploy --dry-run --outdir <tmp>` on this repository's wrangler.toml: bundles the
 * Worker exactly as a deploy would, without an account or network. Throws with wrangler's output when
 * the build fails. dist/public must exist (the static assets directory; `npm run build` fills it).
 * @example const { script } = await deployDryRun(); script.gzipBytes;
 */
export async function deployDryRun(root = repoRoot()): Promise<DryRun> {
  mkdirSync(join(root, "dist/public"), { recursive: true });
  const outDir = mkdtempSync(join(tmpdir(), "pocketrank-deploy-"));
  const wrangler = join(root, "node_modules/.bin/wrangler");
  let output: string;
  try {
    const { stdout, stderr } = await run(wrangler, ["deploy", "--dry-run", "--outdir", outDir], {
      cwd: root,
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    });
    output = stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`wrangler deploy --dry-run failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
  const script = readFileSync(join(outDir, "index.js"));
  return {
    outDir,
    script: { bytes: script.length, gzipBytes: gzipSync(script, { level: 9 }).length },
    wranglerSummary: /Total Upload: .*/.exec(output)?.[0] ?? "",
    bindings: [...output.matchAll(/^env\.([A-Z_]+)/gm)].map((m) => m[1]),
  };
}

/** Static assets per top folder of dist/public (sdk, demo, dashboard): files and bytes, source maps apart. */
export type AssetTotals = Record<
  string,
  { files: number; bytes: number; gzipBytes: number; mapFiles: number; mapBytes: number }
>;

/**
 * Sums the static assets a deploy uploads, per top folder, and names the largest file (Workers
 * static assets refuse a file over 25 MiB: https://developers.cloudflare.com/workers/platform/limits/).
 * @example const { totals, largest } = assetTotals("dist/public");
 */
export function assetTotals(dir: string): { totals: AssetTotals; largest: { path: string; bytes: number } } {
  const totals: AssetTotals = {};
  let largest = { path: "", bytes: 0 };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith("_")) continue; // _headers is config, not an asset
    const path = relative(dir, join(entry.parentPath, entry.name));
    const bytes = statSync(join(dir, path)).size;
    const top = path.includes("/") ? path.slice(0, path.indexOf("/")) : ".";
    totals[top] ??= { files: 0, bytes: 0, gzipBytes: 0, mapFiles: 0, mapBytes: 0 };
    const t = totals[top];
    if (path.endsWith(".map")) {
      t.mapFiles++;
      t.mapBytes += bytes;
    } else {
      t.files++;
      t.bytes += bytes;
      t.gzipBytes += gzipSync(readFileSync(join(dir, path)), { level: 9 }).length;
    }
    if (bytes > largest.bytes) largest = { path, bytes };
  }
  return { totals, largest };
}
