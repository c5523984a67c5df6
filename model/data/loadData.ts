import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { extendSkuMap, toDense } from "../catalog";
import { type DatasetName, type DatasetSpec, parseDatasetName, protocolFlags } from "./datasets";
import { type CatalogFiles, catalogFilesIn, formatFileErrors, readCatalogFiles } from "./readCatalogFiles";
import { DATA_DIRS, readBeauty, readDiginetica } from "./readDataset";

/**
 * Loads a named dataset through the dataset readers (./readDataset), which the edge's catalog builder
 * uses too, so model/ and the edge parse the files the same way; POCKETRANK_DATA_DIR (holding amazon-beauty/ and diginetica/)
 * points elsewhere. Throws when Diginetica is absent.
 * @example const beauty = loadDataset("beauty"); beauty.sequences.length // 22363
 */
export function loadDataset(name: DatasetName): DatasetSpec {
  const root = process.env.POCKETRANK_DATA_DIR;
  const dir =
    name === "beauty"
      ? root
        ? join(root, "amazon-beauty")
        : DATA_DIRS.beauty
      : root
        ? join(root, "diginetica")
        : DATA_DIRS.diginetica;
  if (name === "diginetica" && !existsSync(join(dir, "train_sessions.txt")))
    throw new Error("Diginetica not found: expected ../shared/data/diginetica (see data/README.md)");
  return readDatasetDir(dir, name);
}

/**
 * The dataset behind a CLI's `--dataset NAME` or `--data DIR` (exactly one). A directory is named
 * after itself: its outputs, and its published rows if any exist for that name, follow the name.
 * @example datasetFromArgs({ data: "../shared/data/amazon-beauty" }).name // "amazon-beauty"
 */
export function datasetFromArgs(args: { dataset?: string; data?: string }): DatasetSpec {
  if (args.dataset !== undefined && args.data !== undefined)
    throw new Error("give --dataset or --data, not both");
  if (args.data === undefined) return loadDataset(parseDatasetName(args.dataset));
  return readDatasetDir(resolve(args.data), basename(resolve(args.data)));
}

/**
 * A directory in a layout the readers know: the store catalog format (items.csv|jsonl and
 * interactions: one sequence per key, leave-one-out; model/catalog/README.md), Beauty's raw files
 * (Beauty.txt + items.tsv: one sequence per user, leave-one-out) or Diginetica's (train_sessions.txt +
 * test_pairs.tsv: sessions).
 */
function readDatasetDir(dir: string, name: string): DatasetSpec {
  const files = catalogFilesIn(dir);
  if (files) return readStoreDir(files, name);
  if (existsSync(join(dir, "Beauty.txt"))) return leaveOneOut(name, readBeauty(dir));
  const d = readDiginetica(dir);
  if (!d)
    throw new Error(`${dir}: no dataset there (expected items.csv|jsonl, Beauty.txt or train_sessions.txt)`);
  const testPairs = d.pairs.map((p) => ({ history: p.prefix, target: p.target }));
  return {
    name,
    protocol: "sessions",
    items: [],
    sequences: d.train,
    testPairs,
    ...protocolFlags("sessions"),
    indexOptions: {},
  };
}

/** A store's catalog directory: SKUs keep the ids of its skus.csv, new ones are appended in file order. */
function readStoreDir(files: CatalogFiles, name: string): DatasetSpec {
  const read = readCatalogFiles(files);
  if (!read.ok) throw new Error(`refused:\n${formatFileErrors(read.errors)}`);
  const ids = extendSkuMap(
    read.skuMap,
    read.items.map((i) => i.sku),
  );
  return leaveOneOut(name, toDense(read.items, read.interactions, ids));
}

/** A per-user (or per-key) log under the leave-one-out protocol. */
function leaveOneOut(name: string, data: Pick<DatasetSpec, "items" | "sequences">): DatasetSpec {
  return { name, protocol: "leave-one-out", ...data, ...protocolFlags("leave-one-out"), indexOptions: {} };
}
