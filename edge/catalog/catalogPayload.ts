import type { CandidateIndex, IndexedItem, ScoredId } from "../candidates";
import type { ItemRow, ListRow } from "./store";

/** What the uploader sends: rows plus their content-hash version. */
export type CatalogPayload = { version: string; items: ItemRow[]; lists: ListRow[] };

/** 5 significant digits: plenty for retrieval weights, and a stable text form for the content hash. */
const round = (x: number) => Number(x.toPrecision(5));
const pairs = (list: readonly ScoredId[]): [number, number][] => list.map((e) => [e.id, round(e.score)]);

/** The store's own fields of a row, present only where the catalog has them (older payloads keep their hash). */
function storeFields(it: IndexedItem): Pick<ItemRow, "sku" | "url" | "price" | "currency"> {
  const out: Pick<ItemRow, "sku" | "url" | "price" | "currency"> = {};
  if (it.sku !== undefined) out.sku = it.sku;
  if (it.url !== undefined) out.url = it.url;
  if (it.price !== undefined && it.currency !== undefined)
    Object.assign(out, { price: it.price, currency: it.currency });
  return out;
}

/**
 * Turns a built index into upload rows and names it by content: the version is the first 32 hex
 * digits of the sha256 of the rows' canonical JSON, so the same data always gives the same version
 * and re-running the upload changes nothing.
 * @example const { version, items, lists } = await catalogPayload(buildCandidateIndex(seqs, items));
 */
export async function catalogPayload(index: CandidateIndex): Promise<CatalogPayload> {
  const items: ItemRow[] = [...index.items.values()]
    .sort((a, b) => a.id - b.id)
    .map((it) => ({
      id: it.id,
      title: it.title,
      categories: it.categories,
      brand: it.brand ?? null,
      image: it.image ?? null,
      count: it.count,
      trend: round(it.trend),
      neighbours: pairs(index.neighbours.get(it.id) ?? []),
      content: pairs(index.content.get(it.id) ?? []),
      ...storeFields(it),
    }));
  const lists: ListRow[] = [
    { name: "popular", entries: pairs(index.popular) },
    { name: "trending", entries: pairs(index.trending) },
    ...[...index.categoryTop.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, list]) => ({ name: `category:${name}`, entries: pairs(list) })),
  ];
  const bytes = new TextEncoder().encode(JSON.stringify({ items, lists }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const version = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { version, items, lists };
}

/**
 * Splits rows into upload chunks of at most `maxRows` rows and about `maxBytes` of JSON each.
 * @example chunkRows(items, 500, 1_000_000).length
 */
export function chunkRows<T>(rows: readonly T[], maxRows: number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const row of rows) {
    const n = JSON.stringify(row).length + 1;
    if (current.length > 0 && (current.length >= maxRows || size + n > maxBytes)) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(row);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
