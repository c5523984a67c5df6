/**
 * What `wrangler deploy` uploads: the bundled Worker script (from `wrangler deploy --dry-run`, no
 * account needed) and the static assets of dist/public per folder, source maps counted apart.
 *   npm run build && npx tsx test/bench/deploy-bundle.ts
 * Writes test/bench/results/deploy-bundle.json (raw) and prints a markdown table.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assetTotals, deployDryRun } from "../../edge/dev/deployDryRun";
import { repoRoot } from "../../edge/dev/edgeTarget";

const root = repoRoot();
const publicDir = join(root, "dist/public");
if (!existsSync(join(publicDir, "sdk/pocketrank.js"))) throw new Error("run npm run build first");

const built = await deployDryRun(root);
const assets = assetTotals(publicDir);
const result = {
  at: new Date().toISOString(),
  wrangler: built.wranglerSummary,
  script: built.script,
  bindings: built.bindings,
  assets,
};
writeFileSync(
  join(import.meta.dirname, "results/deploy-bundle.json"),
  `${JSON.stringify(result, null, 2)}\n`,
);

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log("| upload | files | bytes | gzip -9 | source maps (not needed to run) |");
console.log("|---|---|---|---|---|");
console.log(
  `| Worker script (index.js) | 1 | ${kib(built.script.bytes)} | ${kib(built.script.gzipBytes)} | — |`,
);
for (const [folder, t] of Object.entries(assets.totals).sort()) {
  console.log(
    `| assets /${folder}/ | ${t.files} | ${kib(t.bytes)} | ${kib(t.gzipBytes)} | ${t.mapFiles} files, ${kib(t.mapBytes)} |`,
  );
}
console.log(`\nwrangler: ${built.wranglerSummary}`);
console.log(
  `largest asset: ${assets.largest.path} (${kib(assets.largest.bytes)}; the limit is 25 MiB per file)`,
);
