/**
 * A fixed bucket layout: strictly increasing edges. Bin i holds [edges[i], edges[i+1]); the last bin
 * also holds its upper edge. Values below the first edge count as underflow, above the last as
 * overflow. Reports send only counts: the edges are implied by the layout name.
 */
export type BucketLayout = {
  readonly name: string;
  readonly edges: readonly number[];
  /** What is binned and on which scale. */
  readonly description: string;
};

/**
 * `n` equal-width bins over [lo, hi].
 * @example linearEdges(0, 1, 4) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linearEdges(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + ((hi - lo) * i) / n));
}

/**
 * The fixed layouts shared by the device (reports), the model artifact (reference profile) and the
 * fleet (drift). Feature layouts are named after the candidate features in model/catalog/candidate.ts
 * (`CandidateFeatures`); historyLength is the length of the history passed to model/ `encodeBatch`.
 * Changing an edge changes what counts mean: bump `SCHEMA_VERSION` with it.
 */
export const BUCKET_LAYOUTS = {
  /** Model probability, 20 equal bins over [0, 1]. */
  score: {
    name: "score",
    edges: linearEdges(0, 1, 20),
    description: "ranker output probability, 20 equal bins over [0, 1]",
  },
  /**
   * `popularity` = log1p(training interactions): already log-scaled, so equal bins of 0.5 over
   * [0, 8] span 0 to ~3,000 interactions (Beauty's most popular item has 431).
   */
  popularity: {
    name: "popularity",
    edges: linearEdges(0, 8, 16),
    description: "candidate popularity log1p(interactions), 16 equal bins over [0, 8]",
  },
  /**
   * `coocMax` = the strongest cosine-normalised co-occurrence weight with a context item, mostly
   * in [0, 1] and heavily skewed towards 0, so 1-2-5 steps (log-like); the first bin holds "none".
   */
  coocMax: {
    name: "coocMax",
    edges: [0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
    description: "candidate coocMax, 1-2-5 steps from 0 to 2",
  },
  /** `categoryOverlap`, a share in [0, 1], 10 equal bins. */
  categoryOverlap: {
    name: "categoryOverlap",
    edges: linearEdges(0, 1, 10),
    description: "candidate categoryOverlap share, 10 equal bins over [0, 1]",
  },
  /** History items given to the ranker; Fibonacci-like edges (log-like, integer-aligned). */
  historyLength: {
    name: "historyLength",
    edges: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
    description: "history length in items, edges 0,1,2,3,5,8,13,21,34,55,89,144",
  },
} as const satisfies Record<string, BucketLayout>;

/** Names of the fixed layouts. */
export type LayoutName = keyof typeof BUCKET_LAYOUTS;

/** Layout names in a stable order. */
export const LAYOUT_NAMES = Object.keys(BUCKET_LAYOUTS) as LayoutName[];

/** Feature layouts (every layout except `score`): the keys of `ReferenceProfile.features`. */
export const FEATURE_LAYOUT_NAMES = LAYOUT_NAMES.filter((n) => n !== "score") as Exclude<
  LayoutName,
  "score"
>[];
