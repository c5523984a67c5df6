/// <reference types="node" />
import { buildCandidateIndex, type CandidateIndexOptions } from "../candidates";
import { type CatalogPayload, catalogPayload } from "./catalogPayload";
import { readBeauty } from "./readDataset";

/** Datasets the builder knows. Diginetica is benchmark-only (no titles, not redistributable). */
export type CatalogDataset = "beauty";

/**
 * The index options of the served demo catalog. The recall benchmark tunes on the validation target
 * and the served catalog uses the same options, built from all interactions.
 */
export const DEMO_INDEX_OPTIONS: CandidateIndexOptions = {};

/**
 * Reads a dataset, builds every candidate list over all its sequences and returns the upload payload.
 * @example const payload = await buildCatalog("beauty"); // payload.version is a content hash
 */
export async function buildCatalog(dataset: CatalogDataset = "beauty"): Promise<CatalogPayload> {
  if (dataset !== "beauty") throw new Error(`unknown dataset ${String(dataset)} (known: beauty)`);
  const { items, sequences } = readBeauty();
  return catalogPayload(buildCandidateIndex(sequences, items, DEMO_INDEX_OPTIONS));
}
