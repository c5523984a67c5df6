import type { CandidateIndexOptions, CatalogItemInput } from "../../edge/candidates";
import type { NextItemCase } from "./splits";

/** The two named datasets `--dataset` accepts; any other store comes in with `--data DIR`. */
export type DatasetName = "beauty" | "diginetica";

/**
 * How a dataset is split and scored:
 * - `leave-one-out` (S3-Rec, Beauty, any store's per-user log): a user's last item is the test target,
 *   the one before it the validation target; history items are masked from the ranking.
 * - `sessions` (SR-GNN, Diginetica): training sessions and later test prefixes; session repeats count.
 */
export type Protocol = "leave-one-out" | "sessions";

/**
 * Candidates per query under each protocol, as the published tables score them (S3-Rec ranks 200
 * per user, SR-GNN's comparisons 100 per prefix); training, evaluation and the reference pool all
 * read it here.
 */
export const CANDIDATE_LIMIT: Record<Protocol, number> = { "leave-one-out": 200, sessions: 100 };

/**
 * Checks a `--dataset` value from a CLI; the error names the allowed values.
 * @example parseDatasetName("beauty") // "beauty"
 */
export function parseDatasetName(value: string | undefined): DatasetName {
  if (value === "beauty" || value === "diginetica") return value;
  throw new Error(
    value === undefined
      ? "--dataset is required: beauty or diginetica"
      : `--dataset must be beauty or diginetica, got "${value}"`,
  );
}

/** Everything a dataset needs for training and evaluation, in one shape. */
export interface DatasetSpec {
  /** Names the outputs and picks published rows (only where they exist for this name). */
  name: string;
  protocol: Protocol;
  items: CatalogItemInput[];
  /** leave-one-out: one sequence per user. sessions: the training sessions. */
  sequences: number[][];
  /** sessions only: the test prefixes. */
  testPairs?: NextItemCase[];
  /** Context items are candidates too (session repeats) — on for sessions, off for leave-one-out (masked). */
  includeContextItems: boolean;
  /** The leave-one-out protocol masks history items from the ranking. */
  maskHistory: boolean;
  indexOptions: CandidateIndexOptions;
}

/** Protocol defaults for the two flags that follow from it. */
export function protocolFlags(protocol: Protocol): { includeContextItems: boolean; maskHistory: boolean } {
  return protocol === "sessions"
    ? { includeContextItems: true, maskHistory: false }
    : { includeContextItems: false, maskHistory: true };
}
