import {
  type CandidateLookups,
  type CandidateRequest,
  candidatePool,
  contextItemsOf,
  type IndexedItem,
  type ScoredId,
} from "../../candidates";
import type { Env } from "../../src/types";
import { ftsMatch } from "./candidateQuery";

/** Search hits fetched per query (the pool for the search context). */
const SEARCH_HITS = 500;

/**
 * BM25 column weights (title, brand, categories, version, item_id): a brand match counts most, so a
 * brand name returns that brand's items first; the long category path counts least.
 */
const BM25 = "bm25(catalog_fts, 1.0, 4.0, 0.5, 0.0, 0.0)";

const ACTIVE = "(SELECT version FROM catalog_active WHERE id = 1)";

type ItemRowDb = {
  id: number;
  title: string;
  categories: string;
  brand: string | null;
  image: string | null;
  count: number;
  trend: number;
  neighbours?: string;
};

const toScored = (json: string): ScoredId[] =>
  (JSON.parse(json) as [number, number][]).map(([id, score]) => ({ id, score }));

function toItem(r: ItemRowDb): IndexedItem {
  const it: IndexedItem = {
    id: r.id,
    title: r.title,
    categories: JSON.parse(r.categories),
    count: r.count,
    trend: r.trend,
  };
  if (r.brand) it.brand = r.brand;
  if (r.image) it.image = r.image;
  return it;
}

/** What the candidate route needs: the active version, lookups over prefetched rows, what was missing. */
export type PrefetchedLookups = {
  version: string;
  lookups: CandidateLookups;
  /** The request's item (context=item) is not in the catalog. */
  unknownItem: boolean;
  /** The request's category (context=category) has no list. */
  unknownCategory: boolean;
};

/**
 * Reads everything `generateCandidates` needs for one request from D1 in two round trips: first the
 * context items (with neighbour lists), the ranked lists and search hits, all pinned to the active
 * version inside one batch (one transaction); then the metadata of exactly the candidate pool.
 * Returns null when no catalog is active.
 * @example const pre = await prefetchLookups(env, { context: "item", item: 7, limit: 100 });
 */
export async function prefetchLookups(
  env: Env,
  request: CandidateRequest,
): Promise<PrefetchedLookups | null> {
  const db = env.DB;
  const ctxIds = JSON.stringify(contextItemsOf(request));
  const names = ["popular", "trending"];
  if (request.category !== undefined) names.push(`category:${request.category}`);
  const statements = [
    db.prepare(`SELECT version FROM catalog_active WHERE id = 1`),
    db
      .prepare(
        `SELECT * FROM catalog_items WHERE version = ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .bind(ctxIds),
    db
      .prepare(
        `SELECT name, entries FROM catalog_lists WHERE version = ${ACTIVE} AND (name IN (SELECT value FROM json_each(?1))
         OR name IN (SELECT 'category:' || (categories ->> '$[#-1]') FROM catalog_items
                     WHERE version = ${ACTIVE} AND id IN (SELECT value FROM json_each(?2))))`,
      )
      .bind(JSON.stringify(names), ctxIds),
  ];
  const match = request.query === undefined ? "" : ftsMatch(request.query, "AND");
  const searchSql = `SELECT item_id AS id, -${BM25} AS score FROM catalog_fts
    WHERE catalog_fts MATCH ? AND version = ${ACTIVE} ORDER BY ${BM25} LIMIT ${SEARCH_HITS}`;
  if (match) statements.push(db.prepare(searchSql).bind(match));
  const [active, ctxRows, listRows, searchRows] = await db.batch(statements);
  const version = (active.results[0] as { version: string } | undefined)?.version;
  if (!version) return null;
  const items = new Map<number, IndexedItem>();
  const neighbours = new Map<number, ScoredId[]>();
  for (const r of ctxRows.results as ItemRowDb[]) {
    items.set(r.id, toItem(r));
    neighbours.set(r.id, toScored(r.neighbours ?? "[]"));
  }
  const lists = new Map<string, ScoredId[]>();
  for (const r of listRows.results as { name: string; entries: string }[])
    lists.set(r.name, toScored(r.entries));
  let hits = (searchRows?.results ?? []) as ScoredId[];
  if (match && hits.length === 0 && request.query !== undefined) {
    // No item has every word: fall back to any word, still ranked by BM25.
    const any = ftsMatch(request.query, "OR");
    hits = (await db.prepare(searchSql).bind(any).all<ScoredId>()).results;
  }
  const none: ScoredId[] = [];
  const lookups: CandidateLookups = {
    item: (id) => items.get(id),
    neighbours: (id) => neighbours.get(id) ?? none,
    popular: () => lists.get("popular") ?? none,
    trending: () => lists.get("trending") ?? none,
    categoryTop: (c) => lists.get(`category:${c}`) ?? none,
    search: () => hits,
  };
  const missing = candidatePool(request, lookups)
    .map((e) => e.id)
    .filter((id) => !items.has(id));
  if (missing.length > 0) {
    const { results } = await db
      .prepare(
        `SELECT id, title, categories, brand, image, count, trend FROM catalog_items
         WHERE version = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .bind(version, JSON.stringify(missing))
      .all<ItemRowDb>();
    for (const r of results) items.set(r.id, toItem(r));
  }
  return {
    version,
    lookups,
    unknownItem: request.context === "item" && request.item !== undefined && !items.has(request.item),
    unknownCategory: request.context === "category" && !lists.has(`category:${request.category}`),
  };
}
