/// <reference types="node" />
import { writeFileSync } from "node:fs";
// `npm run import-catalog -- --items FILE [--interactions FILE] [--skus FILE] [--save-skus FILE] [--check] [--endpoint URL] [--token T]`
// Checks a store's catalog files (CSV or JSON Lines, model/catalog/README.md) and imports them into
// the edge: SKUs mapped to dense ids, candidate lists built, stock stated, the catalog swapped in.

import { formatFileErrors, readCatalogFiles } from "../../model/data/readCatalogFiles";
import { describeTarget, edgeTarget, requireToken, TARGET_USAGE } from "../dev/edgeTarget";
import { type CliArgs, runCli, UsageError } from "../dev/runCli";
import { importCatalog } from "./importCatalog";
import { catalogAdmin } from "./uploadCatalog";

const USAGE = `usage: npm run import-catalog -- --items FILE [--interactions FILE] [--skus FILE] [--save-skus FILE] [--check] ${TARGET_USAGE}
  --items FILE         the store's products: .csv (header row) or .jsonl; fields in model/catalog/README.md
  --interactions FILE  optional order or browsing log: key, sku, time
  --skus FILE          optional saved SKU map (sku,id) that the edge's map must agree with
  --save-skus FILE     after the import, write the edge's whole SKU map there (sku,id CSV), for --data DIR
  --check              check the files only; do not touch the edge
  --endpoint URL       the edge (default: $POCKETRANK_ENDPOINT, else .dev.vars, else http://localhost:8787)
  --token T            admin token (default: $POCKETRANK_ADMIN_TOKEN, else ADMIN_TOKENS in .dev.vars)`;

const OPTIONS = {
  items: { type: "string" },
  interactions: { type: "string" },
  skus: { type: "string" },
  "save-skus": { type: "string" },
  check: { type: "boolean", default: false },
  endpoint: { type: "string" },
  token: { type: "string" },
} as const;

async function main({ values }: CliArgs<typeof OPTIONS>): Promise<void> {
  if (!values.items) throw new UsageError("--items FILE is required");
  const read = readCatalogFiles({
    items: values.items,
    interactions: values.interactions,
    skus: values.skus,
  });
  if (!read.ok) {
    console.error(`refused; nothing was loaded:\n${formatFileErrors(read.errors)}`);
    process.exitCode = 1;
    return;
  }
  const out = read.items.filter((i) => i.availability === "out_of_stock").length;
  console.log(
    `checked ${read.items.length} items (${out} out of stock), ${read.interactions.length} interactions`,
  );
  if (values.check) return;
  const target = edgeTarget(values);
  const token = requireToken(target);
  console.log(`importing into ${describeTarget(target)}`);
  const catalog = { items: read.items, interactions: read.interactions, skuMap: read.skuMap };
  const result = await importCatalog(catalog, { endpoint: target.endpoint, token });
  if (values["save-skus"]) {
    const { skus } = (await catalogAdmin({ endpoint: target.endpoint, token })("GET", "/skus")) as {
      skus: { sku: string; id: number }[];
    };
    // SKUs hold no control characters (isSku); quoting every one keeps commas and quotes intact.
    const csv = skus.map((r) => `"${r.sku.replace(/"/g, '""')}",${r.id}`).join("\n");
    writeFileSync(values["save-skus"], `sku,id\n${csv}\n`);
    console.log(`wrote ${skus.length} SKUs to ${values["save-skus"]}`);
  }
  console.log(
    result.changed
      ? `catalog ${result.version} is now active (${result.items} items, ${result.unavailable} out of stock)`
      : `catalog ${result.version} was already active; nothing changed`,
  );
}

void runCli({ name: "import-catalog", usage: USAGE, options: OPTIONS }, main);
