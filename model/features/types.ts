import type { CandidateColumns } from "../catalog/candidateColumns";

export type { CandidateColumns };

/**
 * What the encoder needs from an edge candidate. The contract's `Candidate`
 * (model/catalog/candidate.ts) satisfies this structurally; extra fields are ignored.
 */
export interface CandidateLike {
  id: number;
  categories?: readonly string[];
  retrievalScore?: number;
  features?: Readonly<Record<string, number>>;
}

/** One ranking request: the behaviour sequence (oldest first) and the candidates to score. */
export interface EncodeInput {
  history: readonly number[];
  /** Categories of each history item, aligned with `history`; optional (Diginetica has none). */
  historyCategories?: readonly (readonly string[])[];
  candidates: readonly CandidateLike[] | CandidateColumns;
}

/**
 * Tensors-to-be as plain typed arrays (no tf, no DOM). G groups (requests) of up to N candidates;
 * history positions are most-recent-first, so position 0 is the last item seen.
 */
export interface EncodedBatch {
  groups: number;
  candidatesPerGroup: number;
  maxHistory: number;
  maxCategories: number;
  numFeatures: number;
  /** [G, L] item buckets, 0 = padding. */
  historyItems: Int32Array;
  /** [G, L, C] category buckets, 0 = none. */
  historyCategories: Int32Array;
  /** [G, L] 1 for a real position. */
  historyMask: Float32Array;
  /** [G, N] item buckets. */
  candidateItems: Int32Array;
  /** [G, N, C] category buckets. */
  candidateCategories: Int32Array;
  /** [G, N] 1 for a real candidate, 0 for padding. */
  candidateMask: Float32Array;
  /** [G, N, F] standardised, finite dense features. */
  features: Float32Array;
}
