/// <reference types="node" />
import { buildCatalog, type CatalogDataset } from "./buildCatalog";
import { type UploadResult, uploadCatalog } from "./uploadCatalog";

/** Options of `loadCatalog` (contract 6). */
export type LoadCatalogOptions = {
  endpoint: string;
  token: string;
  dataset?: CatalogDataset;
  onProgress?: (done: number, total: number) => void;
};

/**
 * Builds the demo catalog and uploads it through the admin API. Idempotent: the version is a content
 * hash, so loading the same data again leaves the edge untouched (`changed: false`).
 * @example await loadCatalog({ endpoint: "http://localhost:8787", token, dataset: "beauty" });
 */
export async function loadCatalog(options: LoadCatalogOptions): Promise<UploadResult> {
  const payload = await buildCatalog(options.dataset ?? "beauty");
  return uploadCatalog(payload, options);
}
