/**
 * Types of the pure candidate generator (contract 1). The edge route (`/v1/candidates`), model
 * training and offline evaluation all run the same code over these shapes, so serving and training
 * cannot disagree on what a candidate and its features are.
 */

/** Where the shopper is: the storefront surface asking for candidates. */
export type CandidateContext = "home" | "item" | "category" | "search" | "cart";

/** All contexts, in a stable order (for validation and docs). */
export const CANDIDATE_CONTEXTS: readonly CandidateContext[] = ["home", "item", "category", "search", "cart"];

/** Hard cap on `limit` (DESIGN.md: up to 500 candidates per request). */
export const MAX_CANDIDATES = 500;

/** Hard cap on the number of context items (`items`) in one request. */
export const MAX_CONTEXT_ITEMS = 50;

/** An item id with a score (list entries, neighbour entries, search hits). */
export type ScoredId = { id: number; score: number };

/** Catalog metadata plus the offline statistics the generator needs for each item. */
export type IndexedItem = {
  id: number;
  /** Display title; "Item N" where the dataset has none (Diginetica). */
  title: string;
  /** Category path, broad to narrow (e.g. ["Makeup", "Nails", "Nail Polish"]); empty when unknown. */
  categories: string[];
  brand?: string;
  image?: string;
  /** Interactions in the training sequences. */
  count: number;
  /** Recency-weighted interaction mass (see `CandidateIndexOptions.trendingHalfLife`). */
  trend: number;
};

/**
 * Named features of one candidate, all plain numbers (0 where not applicable), in the order of
 * `CANDIDATE_FEATURE_NAMES`. The on-device model reads these through model/ `encodeBatch`.
 */
export type CandidateFeatures = {
  /** Sum over context items of the normalised co-occurrence weight, each weighted by recency in the context. */
  coocSum: number;
  /** Max normalised co-occurrence weight with any single context item. */
  coocMax: number;
  /** Normalised co-occurrence weight with the last (most recent) context item. */
  coocLast: number;
  /** How many context items list this candidate as a neighbour. */
  coocCount: number;
  /** Normalised co-occurrence weight with the second most recent context item (0 when absent). */
  coocPrev: number;
  /** Best two-step path from the last context item (see `secondHopNeighbours`); 0 when none. */
  hopScore: number;
  /** log1p(training interactions). */
  popularity: number;
  /** log1p(recency-weighted interactions). */
  trending: number;
  /** Share of the candidate's categories that also occur in the context items' categories (0..1). */
  categoryOverlap: number;
  /** 1 when the candidate's brand equals the brand of a context item. */
  brandMatch: number;
  /** Normalised BM25 score for the search context (best hit = 1). */
  searchScore: number;
  /** Source flags: 1 when the candidate came from that retrieval source. */
  fromCooc: number;
  fromPopular: number;
  fromTrending: number;
  fromCategory: number;
  fromSearch: number;
  fromContext: number;
  /** How often the candidate occurs in the context items (only non-zero with `includeContextItems`). */
  inContextCount: number;
  /** 1 / (1 + steps from the end of the context) of its last occurrence; 0 when absent. */
  inContextRecency: number;
  /** The blended retrieval score (same as `Candidate.retrievalScore`). */
  retrievalScore: number;
  /** 0-based rank in the retrieval order. */
  rank: number;
};

/** Feature names in a fixed order, for encoders that need arrays. */
export const CANDIDATE_FEATURE_NAMES = [
  "coocSum",
  "coocMax",
  "coocLast",
  "coocCount",
  "coocPrev",
  "hopScore",
  "popularity",
  "trending",
  "categoryOverlap",
  "brandMatch",
  "searchScore",
  "fromCooc",
  "fromPopular",
  "fromTrending",
  "fromCategory",
  "fromSearch",
  "fromContext",
  "inContextCount",
  "inContextRecency",
  "retrievalScore",
  "rank",
] as const satisfies readonly (keyof CandidateFeatures)[];

/** One candidate as the edge answers it and as model/ trains on it. */
export type Candidate = {
  id: number;
  title: string;
  categories: string[];
  brand?: string;
  image?: string;
  retrievalScore: number;
  features: CandidateFeatures;
};

/** The JSON answer of `GET /v1/candidates`. */
export type CandidatesResponse = {
  catalogVersion: string;
  context: CandidateContext;
  candidates: Candidate[];
};

/**
 * What to generate. Context fields by context:
 * - home: none (optionally `items` as the shopper's history, which then seeds co-occurrence);
 * - item: `item`; category: `category`; search: `query`;
 * - cart: `items` (oldest first; later items weigh more).
 */
export type CandidateRequest = {
  context: CandidateContext;
  item?: number;
  items?: number[];
  category?: string;
  query?: string;
  /** 1..MAX_CANDIDATES. */
  limit: number;
  /**
   * Also return the context items themselves (off for storefront item/cart contexts; on for session
   * evaluation, where the next click often repeats an item already in the session).
   */
  includeContextItems?: boolean;
};

/** Weights that blend the retrieval sources into one score (tuned on the validation target). */
export type RetrievalWeights = {
  cooc: number;
  popular: number;
  trending: number;
  category: number;
  search: number;
  context: number;
};

/**
 * Synchronous read access to a built index. Offline it wraps the in-memory index
 * (`indexLookups`); at the edge it wraps rows prefetched from D1.
 */
export type CandidateLookups = {
  /** Metadata and stats of an item, or undefined when unknown. */
  item(id: number): IndexedItem | undefined;
  /** Neighbours of an item, best first, with sqrt-degree-normalised weights (about 0..1). */
  neighbours(id: number): readonly ScoredId[];
  /** Most popular items, best first. */
  popular(): readonly ScoredId[];
  /** Trending items (recency-weighted), best first. */
  trending(): readonly ScoredId[];
  /** Top items of one category (any level of the path), best first. */
  categoryTop(category: string): readonly ScoredId[];
  /** Search hits for a query (BM25 at the edge), best first; empty when unsupported. */
  search(query: string): readonly ScoredId[];
  /** Retrieval blend; defaults to `DEFAULT_RETRIEVAL_WEIGHTS`. */
  weights?: RetrievalWeights;
};

/** Catalog metadata given to `buildCandidateIndex` (items seen only in sequences get "Item N"). */
export type CatalogItemInput = {
  id: number;
  title: string;
  categories: string[];
  brand?: string;
  image?: string;
};

/** Options of `buildCandidateIndex`. */
export type CandidateIndexOptions = {
  /** Neighbours kept per item (default 100). */
  maxNeighbours?: number;
  /** Co-occurrence window in sequence steps (default 5). */
  window?: number;
  /** Weight of a pair at distance d is distanceDecay^(d-1) (default 0.7). */
  distanceDecay?: number;
  /** Weight of backward pairs (b seen before a) relative to forward ones (default 0.5). */
  backwardWeight?: number;
  /** Half-life, in steps from the sequence end, of a pair's or interaction's recency weight (default 10). */
  recencyHalfLife?: number;
  /**
   * Half-life, in sequences, of the global recency used for trending, counting back from the last
   * sequence (session files are in time order). 0 = per-sequence recency only (default 0).
   */
  trendingHalfLife?: number;
  /** Length of the popular and trending lists (default 500). */
  listSize?: number;
  /** Length of each per-category top list (default 200). */
  categoryListSize?: number;
};

/** The built, in-memory candidate index: everything the generator and the D1 loader need. */
export type CandidateIndex = {
  items: Map<number, IndexedItem>;
  neighbours: Map<number, ScoredId[]>;
  popular: ScoredId[];
  trending: ScoredId[];
  categoryTop: Map<string, ScoredId[]>;
};

/** One retrieved id with its partial features, before metadata is attached (see `retrieveCandidates`). */
export type RetrievedCandidate = {
  id: number;
  score: number;
  features: CandidateFeatures;
};
