/**
 * Candidates as columns: what model/'s encoder reads. The binary answer's typed arrays are read in place
 * (./binaryAnswer's decodeColumns); objects are put into columns once (model/features' columnsOf).
 */
export interface CandidateColumns {
  length: number;
  ids: ArrayLike<number>;
  /** The generator's score; NaN where absent. */
  retrievalScores: ArrayLike<number>;
  /**
   * Candidate i's categories are `categoryName(categoryIndex[k])` for k in
   * categoryStarts[i] … categoryStarts[i + 1] − 1; indices are below `categoryNames`.
   */
  categoryStarts: ArrayLike<number>;
  categoryIndex: ArrayLike<number>;
  categoryNames: number;
  /** A category's name; undefined for a value that is not a string (it hashes to "none"). */
  categoryName(index: number): string | undefined;
  /** The edge features' names, and their values candidate-major: length × names, NaN where absent. */
  featureNames: readonly string[];
  features: ArrayLike<number>;
}
