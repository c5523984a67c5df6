/// <reference types="node" />
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CatalogItemInput } from "../../edge/candidates";
import { parseItemsTsv } from "./parseItemsTsv";
import { parsePairs, parseSequences } from "./parseSequences";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The committed demo data (data/amazon-beauty) and the optional shared Diginetica copy. */
export const DATA_DIRS = {
  beauty: join(ROOT, "data/amazon-beauty"),
  diginetica: resolve(ROOT, "../shared/data/diginetica"),
};

/**
 * Reads the Beauty demo data: items with brand and category path, and one sequence per user.
 * @example const { items, sequences } = readBeauty(); // 12,101 items, 22,363 sequences
 */
export function readBeauty(dir = DATA_DIRS.beauty): { items: CatalogItemInput[]; sequences: number[][] } {
  return {
    items: parseItemsTsv(readFileSync(join(dir, "items.tsv"), "utf8")),
    sequences: parseSequences(readFileSync(join(dir, "Beauty.txt"), "utf8"), { leadingId: true }),
  };
}

/**
 * Reads Diginetica from ../shared/data/diginetica, or returns undefined when it is absent (it is not
 * redistributed in this repository; see data/README.md).
 */
export function readDiginetica(
  dir = DATA_DIRS.diginetica,
): { train: number[][]; pairs: { prefix: number[]; target: number }[] } | undefined {
  if (!existsSync(join(dir, "train_sessions.txt"))) return undefined;
  return {
    train: parseSequences(readFileSync(join(dir, "train_sessions.txt"), "utf8")),
    pairs: parsePairs(readFileSync(join(dir, "test_pairs.tsv"), "utf8")),
  };
}
