import { CANDIDATE_FEATURE_NAMES, type Candidate } from "../../model/catalog/index.ts";
import { columnsOf } from "../../model/features/candidateColumns.ts";
import type { CandidateColumns } from "../../model/features/types.ts";

/**
 * The scoring worker's decoded answer: the columns the encoder and telemetry read, and candidate i as an
 * object, made when asked (a ranked list shows k of them). A binary answer's columns are its bytes,
 * viewed in place (model/catalog/binaryAnswer's decodeColumns).
 */
export type CandidateList = { length: number; columns: CandidateColumns; at(i: number): Candidate };

/**
 * A JSON answer's candidates as a list: the objects as they are, their columns (the contract's features,
 * as the binary answer carries) made once, when first read.
 * @example listOf(decodeCandidates(bytes)).at(0).title
 */
export function listOf(candidates: readonly Candidate[]): CandidateList {
  let columns: CandidateColumns | undefined;
  return {
    length: candidates.length,
    get columns() {
      columns ??= columnsOf(candidates, CANDIDATE_FEATURE_NAMES);
      return columns;
    },
    at: (i) => candidates[i],
  };
}
