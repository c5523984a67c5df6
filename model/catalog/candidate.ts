/**
 * The candidate contract: what `GET /v1/candidates` answers, what model/ trains and scores on and
 * what the storefront SDK renders. The edge's generator (edge/candidates), model/ and client/ all
 * import it from here; this file imports nothing.
 */

/** Where the shopper is: the storefront surface asking for candidates. */
export type CandidateContext = "home" | "item" | "category" | "search" | "cart";

/** All contexts, in a stable order (for validation and docs). */
export const CANDIDATE_CONTEXTS: readonly CandidateContext[] = ["home", "item", "category", "search", "cart"];

/** Hard cap on `limit` (DESIGN.md: up to 500 candidates per request). */
export const MAX_CANDIDATES = 500;

/** Hard cap on the number of context items (`items`) in one request. */
export const MAX_CONTEXT_ITEMS = 50;

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

/**
 * One candidate as the edge answers it and as model/ trains on it. `id` is the dense integer the model
 * embeds; `sku` is the store's own id, mapped to `id` by an append-only map (model/catalog/README.md),
 * so an id never changes meaning across imports. Store fields are present where the catalog has them.
 * @example const c: Candidate = { id: 7, sku: "B004756YJA", title: "OPI Nail Lacquer", categories: [], retrievalScore: 0.4, features };
 */
export type Candidate = {
  id: number;
  /** The store's own id of the item (SKU ↔ dense id, the append-only map). */
  sku: string;
  title: string;
  categories: string[];
  brand?: string;
  image?: string;
  /** The product page on the store; the storefront widget links to it. */
  url?: string;
  /** Price in `currency`; the widget shows it in the page's language. */
  price?: number;
  /** ISO 4217 code of `price`. */
  currency?: string;
  /** False never reaches a shopper (the edge drops unavailable items); absent where unknown. */
  available?: boolean;
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
