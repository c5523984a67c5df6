import type { DatasetSpec } from "../data/datasets";

/** The category table never shrinks below the tuned default (Beauty's 202 categories keep 1,024 rows). */
const MIN_CATEGORY_BUCKETS = 1024;
/** Rows per category: at n names in 4n rows about a fifth share a row (1 − e^(−1/4)); a hash table cannot be collision-free. */
const ROWS_PER_CATEGORY = 4;

/**
 * Embedding table sizes from the data: one item row per dense id (+ padding row 0), and a category
 * table with room for every category name in the catalog (a power of two).
 * @example tableSizes(spec).categoryBuckets // 1024 for Beauty, 16384 for 3,000 categories
 */
export function tableSizes(spec: Pick<DatasetSpec, "sequences" | "items">): {
  itemBuckets: number;
  categoryBuckets: number;
} {
  let maxId = 0;
  for (const s of spec.sequences) for (const id of s) if (id > maxId) maxId = id;
  const names = new Set<string>();
  for (const item of spec.items) for (const c of item.categories ?? []) names.add(c);
  const wanted = Math.max(MIN_CATEGORY_BUCKETS, ROWS_PER_CATEGORY * names.size);
  return { itemBuckets: maxId + 1, categoryBuckets: 2 ** Math.ceil(Math.log2(wanted)) };
}
