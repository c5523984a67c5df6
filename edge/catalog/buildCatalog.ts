/// <reference types="node" />
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DATA_DIRS, readBeauty } from "../../model/data/readDataset";
import { buildCandidateIndex, type CandidateIndexOptions } from "../candidates";
import { type CatalogPayload, catalogPayload } from "./catalogPayload";

/** Datasets the builder knows. Diginetica is benchmark-only (no titles, not redistributable). */
export type CatalogDataset = "beauty";

/**
 * The index options of the served demo catalog. The recall benchmark tunes on the validation target
 * and the served catalog uses the same options, built from all interactions.
 */
export const DEMO_INDEX_OPTIONS: CandidateIndexOptions = {};

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = resolve(HERE, "../../node_modules/.cache/pocketrank");

/** Hash of everything a build depends on: the data, the options and the builder's source. */
function buildKey(dataset: CatalogDataset): string {
  const h = createHash("sha256").update(dataset).update(JSON.stringify(DEMO_INDEX_OPTIONS));
  for (const f of ["items.tsv", "Beauty.txt"]) h.update(readFileSync(join(DATA_DIRS.beauty, f)));
  const sources = [
    join(HERE, "../candidates"),
    HERE,
    join(HERE, "../../model/catalog"),
    join(HERE, "../../model/data"),
  ];
  for (const dir of sources) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".ts")) h.update(readFileSync(join(dir, f)));
  }
  return h.digest("hex").slice(0, 24);
}

/**
 * Reads a dataset, builds every candidate list over all its sequences and returns the upload payload.
 * The result is cached under node_modules/.cache/pocketrank, keyed by data, options and source.
 * @example const payload = await buildCatalog("beauty"); // payload.version is a content hash
 */
export async function buildCatalog(dataset: CatalogDataset = "beauty"): Promise<CatalogPayload> {
  if (dataset !== "beauty") throw new Error(`unknown dataset ${String(dataset)} (known: beauty)`);
  const file = join(CACHE_DIR, `catalog-${dataset}-${buildKey(dataset)}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as CatalogPayload;
  } catch {
    // not cached yet (or unreadable): build it
  }
  const { items, sequences } = readBeauty();
  const payload = await catalogPayload(buildCandidateIndex(sequences, items, DEMO_INDEX_OPTIONS));
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(payload));
    renameSync(`${file}.tmp`, file); // atomic: a concurrent reader never sees half a file
  } catch {
    // a read-only checkout still works, just without the cache
  }
  return payload;
}
