/// <reference types="node" />
// `npm run build-catalog -- [--dataset beauty] [--endpoint URL --token T] [--out file]`
// Builds the candidate indexes from data/amazon-beauty; writes them to --out and/or uploads them to
// the edge's admin API (idempotent: the same data leaves the edge unchanged).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { buildCatalog, type CatalogDataset } from "./buildCatalog";
import { uploadCatalog } from "./uploadCatalog";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: "beauty" },
    endpoint: { type: "string" },
    token: { type: "string", default: process.env.POCKETRANK_ADMIN_TOKEN },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help || (!values.endpoint && !values.out)) {
  console.log("usage: npm run build-catalog -- [--dataset beauty] [--endpoint URL --token T] [--out file]");
  process.exit(values.help ? 0 : 2);
}
if (values.endpoint && !values.token) {
  console.error("--endpoint needs --token (or POCKETRANK_ADMIN_TOKEN)");
  process.exit(2);
}

const started = performance.now();
const payload = await buildCatalog(values.dataset as CatalogDataset);
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `built catalog ${payload.version}: ${payload.items.length} items, ${payload.lists.length} lists (${seconds()} s)`,
);
if (values.out) {
  writeFileSync(values.out, JSON.stringify(payload));
  console.log(`wrote ${values.out}`);
}
if (values.endpoint && values.token) {
  const bar = new cliProgress.SingleBar(
    { format: "upload [{bar}] {value}/{total} chunks" },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const result = await uploadCatalog(payload, {
    endpoint: values.endpoint,
    token: values.token,
    onProgress: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  if (started) bar.stop();
  console.log(
    result.changed
      ? `catalog ${result.version} is now active at ${values.endpoint} (${seconds()} s)`
      : `catalog ${result.version} was already active; nothing changed`,
  );
}
