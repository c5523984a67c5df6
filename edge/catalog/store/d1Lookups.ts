import type { CandidateRequest } from "../../../model/catalog";
import {
  type CandidateLookups,
  candidatePool,
  contextItemsOf,
  type IndexedItem,
  type ScoredId,
  secondHopSeeds,
} from "../../candidates";
import type { Env } from "../../src/types";
import { ftsMatch } from "./candidateQuery";
import { STOCK_TOKEN_SQL, stockAt } from "./stockQueries";
import {
  freshActiveVersion,
  lastVersionCache,
  noteActiveVersion,
  remember,
  type ServingState,
  type VersionCache,
  versionCache,
} from "./versionCache";

/** Search hits fetched per query (the pool for the search context). */
const SEARCH_HITS = 500;

/**
 * BM25 column weights (title, brand, categories, version, item_id): a brand match counts most, so a
 * brand name returns that brand's items first; the long category path counts least.
 */
const BM25 = "bm25(catalog_fts, 1.0, 4.0, 0.5, 0.0, 0.0)";
const ACTIVE = "(SELECT version FROM catalog_active WHERE id = 1)";
const SEARCH_SQL = `SELECT item_id AS id, -${BM25} AS score FROM catalog_fts
  WHERE catalog_fts MATCH ? AND version = ${ACTIVE} ORDER BY ${BM25} LIMIT ${SEARCH_HITS}`;

type ItemRowDb = {
  id: number;
  title: string;
  categories: string;
  brand: string | null;
  image: string | null;
  sku: string | null;
  url: string | null;
  price: number | null;
  currency: string | null;
  count: number;
  trend: number;
  neighbours?: string;
  content?: string;
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
  if (r.sku) it.sku = r.sku;
  if (r.url) it.url = r.url;
  if (r.price !== null && r.currency) Object.assign(it, { price: r.price, currency: r.currency });
  return it;
}

function keepContextRows(cache: VersionCache, rows: ItemRowDb[]) {
  for (const r of rows) {
    remember(cache.items, r.id, toItem(r));
    remember(cache.neighbours, r.id, toScored(r.neighbours ?? "[]"));
    remember(cache.content, r.id, toScored(r.content ?? "[]"));
  }
}

/** What the candidate route needs: the active version and stock, lookups over its rows, what was missing. */
export type PrefetchedLookups = {
  version: string;
  /** The stock token: an answer is a function of the version, this and the query. */
  stock: string;
  /** Undefined when `answered(version)` said the caller needs no lookups. */
  lookups: CandidateLookups | undefined;
  /** The request's item (context=item) is not in the catalog. */
  unknownItem: boolean;
  /** The request's category (context=category) has no list. */
  unknownCategory: boolean;
};

/**
 * Reads what `generateCandidates` needs for one request. The first batch reads the active pointer,
 * the context items (with neighbour lists) and search hits, pinned to the active version in one
 * transaction; ranked lists and the pool's item metadata follow only where the isolate's cache of
 * that (immutable) version lacks them. Returns null when no catalog is active.
 * @example const pre = await prefetchLookups(env, { context: "item", item: 7, limit: 100 });
 */
export async function prefetchLookups(
  env: Env,
  request: CandidateRequest,
  /** Stop after reading the active version and stock when the caller already holds the answer for them. */
  answered: (state: ServingState) => boolean = () => false,
): Promise<PrefetchedLookups | null> {
  const fresh = freshActiveVersion();
  if (fresh !== undefined && answered(fresh)) {
    return { ...fresh, lookups: undefined, unknownItem: false, unknownCategory: false };
  }
  const db = env.DB;
  const ctx = contextItemsOf(request);
  const guess = lastVersionCache();
  const uncached = (cache: VersionCache | undefined) => ctx.filter((id) => !cache?.neighbours.has(id));
  const statements = [
    db.prepare(
      `SELECT a.version, ${STOCK_TOKEN_SQL} AS stock FROM catalog_active AS a, catalog_stock AS s WHERE a.id = 1 AND s.id = 1`,
    ),
    db
      .prepare(
        `SELECT * FROM catalog_items WHERE version = ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .bind(JSON.stringify(uncached(guess))),
  ];
  const match = request.query === undefined ? "" : ftsMatch(request.query, "AND");
  if (match) statements.push(db.prepare(SEARCH_SQL).bind(match));
  const [active, ctxRows, searchRows] = await db.batch(statements);
  const state = active.results[0] as ServingState | undefined;
  if (!state) return null;
  const { version } = state;
  noteActiveVersion(state);
  const cache = versionCache(version);
  const none: ScoredId[] = [];
  if (answered(state)) return { ...state, lookups: undefined, unknownItem: false, unknownCategory: false };
  const { unavailable } = await stockAt(env, state.stock);
  keepContextRows(cache, ctxRows.results as ItemRowDb[]);
  const stillMissing = uncached(cache);
  if (stillMissing.length > 0 && cache !== guess) {
    // The active version changed since the guess: read the context rows of the new one.
    const { results } = await db
      .prepare("SELECT * FROM catalog_items WHERE version = ? AND id IN (SELECT value FROM json_each(?))")
      .bind(version, JSON.stringify(stillMissing))
      .all<ItemRowDb>();
    keepContextRows(cache, results);
  }
  // The generator's second hop reads the neighbour lists of the last item's best neighbours.
  const hopMissing = secondHopSeeds(ctx.at(-1), {
    neighbours: (id) => cache.neighbours.get(id) ?? [],
  }).filter((id) => !cache.neighbours.has(id));
  if (hopMissing.length > 0) {
    const { results } = await db
      .prepare("SELECT * FROM catalog_items WHERE version = ? AND id IN (SELECT value FROM json_each(?))")
      .bind(version, JSON.stringify(hopMissing))
      .all<ItemRowDb>();
    keepContextRows(cache, results);
  }

  const names = ["popular", "trending"];
  if (request.category !== undefined) names.push(`category:${request.category}`);
  for (const id of ctx) {
    const leaf = cache.items.get(id)?.categories.at(-1);
    if (leaf !== undefined) names.push(`category:${leaf}`);
  }
  const missingLists = [...new Set(names)].filter((n) => !cache.lists.has(n));
  if (missingLists.length > 0) {
    const { results } = await db
      .prepare(
        "SELECT name, entries FROM catalog_lists WHERE version = ? AND name IN (SELECT value FROM json_each(?))",
      )
      .bind(version, JSON.stringify(missingLists))
      .all<{ name: string; entries: string }>();
    const found = new Map(results.map((r) => [r.name, toScored(r.entries)]));
    for (const n of missingLists) remember(cache.lists, n, found.get(n) ?? null);
  }

  let hits = (searchRows?.results ?? []) as ScoredId[];
  if (match && hits.length === 0 && request.query !== undefined) {
    // No item has every word: fall back to any word, still ranked by BM25.
    hits = (await db.prepare(SEARCH_SQL).bind(ftsMatch(request.query, "OR")).all<ScoredId>()).results;
  }
  const lookups: CandidateLookups = {
    item: (id) => cache.items.get(id),
    neighbours: (id) => cache.neighbours.get(id) ?? none,
    content: (id) => cache.content.get(id) ?? none,
    popular: () => cache.lists.get("popular") ?? none,
    trending: () => cache.lists.get("trending") ?? none,
    categoryTop: (c) => cache.lists.get(`category:${c}`) ?? none,
    search: () => hits,
    unavailable: (id) => unavailable.has(id),
  };
  const missing = candidatePool(request, lookups)
    .map((e) => e.id)
    .filter((id) => !cache.items.has(id));
  if (missing.length > 0) {
    const { results } = await db
      .prepare(
        `SELECT id, title, categories, brand, image, sku, url, price, currency, count, trend FROM catalog_items
         WHERE version = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .bind(version, JSON.stringify(missing))
      .all<ItemRowDb>();
    for (const r of results) remember(cache.items, r.id, toItem(r));
  }
  return {
    ...state,
    lookups,
    unknownItem:
      request.context === "item" && request.item !== undefined && !cache.neighbours.has(request.item),
    unknownCategory: request.context === "category" && !cache.lists.get(`category:${request.category}`),
  };
}
