import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type CatalogItem,
  type Interaction,
  parseCatalogItems,
  parseInteractions,
  type RowError,
  readRecords,
} from "../catalog";

/** Largest items file: 1M products at ~250 bytes a row. A bigger file is refused before it is read. */
export const MAX_ITEMS_BYTES = 256 * 1024 * 1024;

/** Largest interactions file (≈ 8M rows of ~50 bytes), under V8's longest string (~512 MiB). */
export const MAX_INTERACTIONS_BYTES = 400 * 1024 * 1024;

/** Size limits of the files, in bytes (defaults above; tests pass small ones). */
export type FileLimits = { itemsBytes: number; interactionsBytes: number };

const LIMITS: FileLimits = { itemsBytes: MAX_ITEMS_BYTES, interactionsBytes: MAX_INTERACTIONS_BYTES };

/** Which files to read; `interactions` and `skus` are optional. */
export type CatalogFiles = { items: string; interactions?: string; skus?: string };

/** A refused file: every error names the file, the line and (where one is to blame) the field. */
export type FileError = RowError & { file: string };

/** A store's catalog as read from its files, or why it was refused. */
export type CatalogRead =
  | { ok: true; items: CatalogItem[]; interactions: Interaction[]; skuMap: Map<string, number> }
  | { ok: false; errors: FileError[] };

/** Reads a text file after checking its size, so an oversize file costs no memory. */
function readText(path: string, maxBytes: number): { text: string } | { error: string } {
  const size = statSync(path).size;
  if (size > maxBytes) return { error: `${size} bytes is over the limit of ${maxBytes}` };
  return { text: readFileSync(path, "utf8") };
}

function records(path: string, maxBytes: number) {
  const file = basename(path);
  if (!existsSync(path)) return { ok: false as const, errors: [{ file, line: 0, message: "no such file" }] };
  const read = readText(path, maxBytes);
  if ("error" in read) return { ok: false as const, errors: [{ file, line: 0, message: read.error }] };
  const result = readRecords(file, read.text);
  return result.ok ? result : { ok: false as const, errors: result.errors.map((e) => ({ file, ...e })) };
}

/** The saved SKU map (`sku,id` CSV), checked: unique SKUs, unique positive integer ids. */
function readSkuMap(
  path: string,
  maxBytes: number,
): { ok: true; map: Map<string, number> } | { ok: false; errors: FileError[] } {
  const read = records(path, maxBytes);
  if (!read.ok) return read;
  const file = basename(path);
  const map = new Map<string, number>();
  const taken = new Set<number>();
  const errors: FileError[] = [];
  for (const { line, fields } of read.records) {
    const sku = String(fields.sku ?? "").trim();
    const id = Number(fields.id);
    if (!sku || map.has(sku)) errors.push({ file, line, field: "sku", message: "missing or repeated" });
    else if (!Number.isSafeInteger(id) || id < 1 || taken.has(id))
      errors.push({ file, line, field: "id", message: "not a new integer >= 1" });
    else {
      map.set(sku, id);
      taken.add(id);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, map };
}

/**
 * Reads and checks a store's catalog files (model/catalog/README.md). Any error refuses everything:
 * nothing is returned but the errors, each with file, line and field.
 * @example const read = readCatalogFiles({ items: "shop/items.csv", interactions: "shop/orders.csv" });
 */
export function readCatalogFiles(files: CatalogFiles, limits: FileLimits = LIMITS): CatalogRead {
  const itemRecords = records(files.items, limits.itemsBytes);
  if (!itemRecords.ok) return itemRecords;
  const items = parseCatalogItems(itemRecords.records);
  const itemsFile = basename(files.items);
  if (!items.ok) return { ok: false, errors: items.errors.map((e) => ({ file: itemsFile, ...e })) };
  let interactions: Interaction[] = [];
  if (files.interactions) {
    const read = records(files.interactions, limits.interactionsBytes);
    if (!read.ok) return read;
    const parsed = parseInteractions(read.records, new Set(items.items.map((i) => i.sku)));
    const file = basename(files.interactions);
    if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ file, ...e })) };
    interactions = parsed.interactions;
  }
  const skus = files.skus
    ? readSkuMap(files.skus, limits.itemsBytes)
    : { ok: true as const, map: new Map<string, number>() };
  if (!skus.ok) return skus;
  return { ok: true, items: items.items, interactions, skuMap: skus.map };
}

/**
 * The catalog files of a `--data DIR` in the store format: items.csv or items.jsonl, and the
 * optional interactions and skus.csv beside it; undefined when DIR holds no items file.
 * @example catalogFilesIn("shop") // { items: "shop/items.csv", interactions: "shop/interactions.csv" }
 */
export function catalogFilesIn(dir: string): CatalogFiles | undefined {
  const first = (stem: string) =>
    ["csv", "jsonl", "ndjson"].map((ext) => join(dir, `${stem}.${ext}`)).find((p) => existsSync(p));
  const items = first("items");
  if (!items) return undefined;
  const interactions = first("interactions");
  const skus = join(dir, "skus.csv");
  return { items, ...(interactions && { interactions }), ...(existsSync(skus) && { skus }) };
}

/** Formats refused-file errors, one per line, as the CLIs print them. */
export function formatFileErrors(errors: readonly FileError[]): string {
  return errors
    .map(
      (e) => `${e.file}${e.line > 0 ? ` line ${e.line}` : ""}${e.field ? `, ${e.field}` : ""}: ${e.message}`,
    )
    .join("\n");
}
