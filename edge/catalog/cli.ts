/// <reference types="node" />
// `npm run build-catalog -- [--dataset beauty] [--out FILE] [--no-upload] [--endpoint URL] [--token T]`
// Builds the candidate indexes from data/amazon-beauty and uploads them to the edge's admin API
// (idempotent: the same data leaves the edge unchanged); --out also writes the payload to a file.
import { writeFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { describeTarget, edgeTarget, requireToken, TARGET_USAGE } from "../dev/edgeTarget";
import { type CliArgs, runCli, UsageError } from "../dev/runCli";
import { buildCatalog, type CatalogDataset } from "./buildCatalog";
import { uploadCatalog } from "./uploadCatalog";

/** Catalogs with titles and categories; Diginetica is benchmark-only (model/, not redistributed). */
const DATASETS: readonly CatalogDataset[] = ["beauty"];

const USAGE = `usage: npm run build-catalog -- [--dataset beauty] [--out FILE] [--no-upload] ${TARGET_USAGE}
  --dataset NAME   the catalog to build: ${DATASETS.join(", ")} (default beauty)
  --out FILE       also write the upload payload (items + candidate lists) as JSON
  --no-upload      build (and --out) only; do not touch the edge
  --endpoint URL   the edge (default: $POCKETRANK_ENDPOINT, else .dev.vars, else http://localhost:8787)
  --token T        admin token (default: $POCKETRANK_ADMIN_TOKEN, else ADMIN_TOKENS in .dev.vars)`;

const OPTIONS = {
  dataset: { type: "string", default: "beauty" },
  out: { type: "string" },
  "no-upload": { type: "boolean", default: false },
  endpoint: { type: "string" },
  token: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  const dataset = values.dataset as CatalogDataset;
  if (!DATASETS.includes(dataset))
    throw new UsageError(
      `--dataset must be ${DATASETS.join(" or ")}, got "${values.dataset}" (diginetica has no titles: benchmarks only)`,
    );
  const upload = !values["no-upload"];
  const target = upload ? edgeTarget(values) : undefined;
  const token = target && requireToken(target);

  const started = performance.now();
  const payload = await buildCatalog(dataset);
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `built catalog ${payload.version}: ${payload.items.length} items, ${payload.lists.length} lists (${seconds()} s)`,
  );
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(payload));
    console.log(`wrote ${values.out}`);
  }
  if (!target || !token) return;
  console.log(`uploading to ${describeTarget(target)}`);
  const bar = new cliProgress.SingleBar(
    { format: "upload [{bar}] {value}/{total} chunks" },
    cliProgress.Presets.shades_classic,
  );
  let barStarted = false;
  const result = await uploadCatalog(payload, {
    endpoint: target.endpoint,
    token,
    onProgress: (done, total) => {
      if (!barStarted) bar.start(total, 0);
      barStarted = true;
      bar.update(done);
    },
  });
  if (barStarted) bar.stop();
  console.log(
    result.changed
      ? `catalog ${result.version} is now active at ${target.endpoint} (${seconds()} s)`
      : `catalog ${result.version} was already active; nothing changed`,
  );
}

void runCli({ name: "build-catalog", usage: USAGE, options: OPTIONS }, main);
