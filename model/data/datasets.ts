import { join } from "node:path";
import type { CandidateIndexOptions, CatalogItemInput } from "../../edge/candidates";
import { readBeauty, readDiginetica } from "../../edge/catalog/readDataset";
import type { NextItemCase } from "./splits";

/** Dataset names the CLIs accept. */
export type DatasetName = "beauty" | "diginetica";

/**
 * Checks a `--dataset` value from a CLI; the error names the allowed values.
 * @example parseDatasetName("beauty") // "beauty"
 */
export function parseDatasetName(value: string | undefined): DatasetName {
  if (value === "beauty" || value === "diginetica") return value;
  throw new Error(
    value === undefined
      ? "--dataset is required: beauty or diginetica"
      : `--dataset must be beauty or diginetica, got "${value}"`,
  );
}

/** Everything a dataset needs for training and evaluation, in one shape. */
export interface DatasetSpec {
  name: DatasetName;
  items: CatalogItemInput[];
  /** Beauty: one sequence per user. Diginetica: the training sessions. */
  sequences: number[][];
  /** Diginetica only: the published test prefixes. */
  testPairs?: NextItemCase[];
  /** Context items are candidates too (session repeats) — on for Diginetica, off for Beauty (masked). */
  includeContextItems: boolean;
  /** Beauty's protocol masks history items from the ranking. */
  maskHistory: boolean;
  indexOptions: CandidateIndexOptions;
}

/**
 * Loads a dataset through the catalog's readers (edge/catalog/readDataset), so model/ and the edge
 * parse the files the same way; POCKETRANK_DATA_DIR points elsewhere. Throws when Diginetica is absent.
 * @example const beauty = loadDataset("beauty"); beauty.sequences.length // 22363
 */
export function loadDataset(name: DatasetName): DatasetSpec {
  // POCKETRANK_DATA_DIR (holding amazon-beauty/ and diginetica/) overrides the catalog's defaults.
  const root = process.env.POCKETRANK_DATA_DIR;
  if (name === "beauty") {
    const { items, sequences } = root ? readBeauty(join(root, "amazon-beauty")) : readBeauty();
    return { name, items, sequences, includeContextItems: false, maskHistory: true, indexOptions: {} };
  }
  const d = root ? readDiginetica(join(root, "diginetica")) : readDiginetica();
  if (!d) throw new Error("Diginetica not found: expected ../shared/data/diginetica (see data/README.md)");
  const testPairs = d.pairs.map((p) => ({ history: p.prefix, target: p.target }));
  return {
    name,
    items: [],
    sequences: d.train,
    testPairs,
    includeContextItems: true,
    maskHistory: false,
    indexOptions: {},
  };
}
