import { CANDIDATE_FEATURE_NAMES, type CandidateFeatures } from "../candidate";

/**
 * Row i of a feature matrix in `CANDIDATE_FEATURE_NAMES` order, as one object literal. Why written out:
 * objects built key by key from a name list (21 keyed stores each) cost 0.9 ms per 1,000 candidates in
 * V8 and fall out of fast mode; the literal costs 0.08 ms (Node 20, /tmp micro-benchmark, 2026-11-30).
 * The type keeps every field present; featureRow.test checks that each reads its own column.
 * @example featureRow(matrix, 3 * CANDIDATE_FEATURE_NAMES.length).rank
 */
export function featureRow(m: Float64Array, b: number): CandidateFeatures {
  return {
    coocSum: m[b + 0],
    coocMax: m[b + 1],
    coocLast: m[b + 2],
    coocCount: m[b + 3],
    coocPrev: m[b + 4],
    hopScore: m[b + 5],
    popularity: m[b + 6],
    trending: m[b + 7],
    categoryOverlap: m[b + 8],
    brandMatch: m[b + 9],
    searchScore: m[b + 10],
    fromCooc: m[b + 11],
    fromPopular: m[b + 12],
    fromTrending: m[b + 13],
    fromCategory: m[b + 14],
    fromSearch: m[b + 15],
    fromContext: m[b + 16],
    inContextCount: m[b + 17],
    inContextRecency: m[b + 18],
    retrievalScore: m[b + 19],
    rank: m[b + 20],
  };
}

/** Whether an answer's feature names are the contract's, in its order (then `featureRow` reads them). */
export function isContractOrder(names: readonly string[]): boolean {
  return (
    names.length === CANDIDATE_FEATURE_NAMES.length &&
    names.every((name, f) => name === CANDIDATE_FEATURE_NAMES[f])
  );
}
