/**
 * Types of the pure candidate generator (contract 1). The edge route (`/v1/candidates`), model
 * training and offline evaluation all run the same code over these shapes, so serving and training
 * cannot disagree on what a candidate and its features are. The contract itself (`Candidate`, its
 * features, the request) lives in model/catalog, which the generator, model/ and client/ import.
 */
import type { CandidateFeatures, StoreOffer } from "../../model/catalog";

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
} & StoreOffer;

/** Weights that blend the retrieval sources into one score (tuned on the validation target). */
export type RetrievalWeights = {
  cooc: number;
  /** Content neighbours (title, brand, category); when no candidate has co-occurrence, `cooc` applies instead. */
  content: number;
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
  /** Content neighbours of an item (`contentNeighbours`), best first, cosine 0..1. */
  content(id: number): readonly ScoredId[];
  /** Most popular items, best first. */
  popular(): readonly ScoredId[];
  /** Trending items (recency-weighted), best first. */
  trending(): readonly ScoredId[];
  /** Top items of one category (any level of the path), best first. */
  categoryTop(category: string): readonly ScoredId[];
  /** Search hits for a query (BM25 at the edge), best first; empty when unsupported. */
  search(query: string): readonly ScoredId[];
  /**
   * True for an item that must not be recommended (out of stock); absent means every item may be.
   * The lists stay as built; the generator skips these ids when it reads them.
   */
  unavailable?(id: number): boolean;
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
} & StoreOffer;

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
  /** Content neighbours kept per item (default 50; 0 = none). See `contentNeighbours`. */
  contentNeighbours?: number;
};

/** The built, in-memory candidate index: everything the generator and the D1 loader need. */
export type CandidateIndex = {
  items: Map<number, IndexedItem>;
  neighbours: Map<number, ScoredId[]>;
  /** Content neighbours by title, brand and category: the day-zero source (no interactions needed). */
  content: Map<number, ScoredId[]>;
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
