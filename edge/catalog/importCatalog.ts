import { type CatalogItem, type Interaction, toDense } from "../../model/catalog";
import { buildCandidateIndex, type CandidateIndexOptions } from "../candidates";
import { catalogPayload } from "./catalogPayload";
import {
  catalogAdmin,
  SKU_CHUNK,
  type UploadOptions,
  type UploadResult,
  uploadCatalog,
} from "./uploadCatalog";

/** A store's checked catalog (model/data `readCatalogFiles`): nothing here validates rows again. */
export type StoreCatalog = {
  items: CatalogItem[];
  interactions: Interaction[];
  /** A saved SKU map (skus.csv): claimed first, so an edge that maps a SKU otherwise is refused. */
  skuMap?: ReadonlyMap<string, number>;
};

/** What an import did: the upload's result, and how many items are out of stock now. */
export type ImportResult = UploadResult & { unavailable: number };

/**
 * Imports a store's catalog into an edge: maps its SKUs to dense ids through the edge's append-only
 * map (new SKUs appended in file order), builds the candidate lists from the interactions, states
 * the stock (the out-of-stock set is replaced by the file's), and swaps the catalog in through the
 * staging upload and its compare-and-set commit. Idempotent: the same files give the same version
 * and leave the edge unchanged. Stock is written before the commit, so an item the file marks out of
 * stock is never served by the new catalog.
 * @example await importCatalog(read, { endpoint: "http://localhost:8787", token });
 */
export async function importCatalog(
  catalog: StoreCatalog,
  options: UploadOptions & { indexOptions?: CandidateIndexOptions },
): Promise<ImportResult> {
  const admin = catalogAdmin(options);
  const saved = [...(catalog.skuMap ?? [])];
  for (let i = 0; i < saved.length; i += SKU_CHUNK) {
    const chunk = saved.slice(i, i + SKU_CHUNK);
    await admin("POST", "/skus", { skus: chunk.map(([sku]) => sku), ids: chunk.map(([, id]) => id) });
  }
  const skus = catalog.items.map((i) => i.sku);
  const ids = new Map<string, number>();
  for (let i = 0; i < skus.length; i += SKU_CHUNK) {
    const chunk = skus.slice(i, i + SKU_CHUNK);
    const answer = (await admin("POST", "/skus", { skus: chunk })) as { ids: number[] };
    for (const [k, sku] of chunk.entries()) ids.set(sku, answer.ids[k]);
  }
  const dense = toDense(catalog.items, catalog.interactions, ids);
  const payload = await catalogPayload(
    buildCandidateIndex(dense.sequences, dense.items, options.indexOptions),
  );
  const out = catalog.items.filter((i) => i.availability === "out_of_stock").map((i) => i.sku);
  await admin("PUT", "/stock", { unavailable: out.slice(0, SKU_CHUNK) });
  for (let i = SKU_CHUNK; i < out.length; i += SKU_CHUNK) {
    await admin("PATCH", "/stock", { skus: out.slice(i, i + SKU_CHUNK), available: false });
  }
  return { ...(await uploadCatalog(payload, options)), unavailable: out.length };
}
