import { CANDIDATE_FEATURE_NAMES, type Candidate } from "../../model/catalog/index.ts";

/**
 * Pure: a synthetic request of `n` candidates with a short history, shaped like real traffic, used to
 * compile shaders, warm up and benchmark backends before the first real request.
 * @example const { history, candidates } = dummyBatch(200);
 */
export function dummyBatch(n: number): {
  history: number[];
  historyCategories: string[][];
  candidates: Candidate[];
} {
  const features = Object.fromEntries(
    CANDIDATE_FEATURE_NAMES.map((name) => [name, 0]),
  ) as Candidate["features"];
  const candidates: Candidate[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    sku: String(i + 1),
    title: "",
    categories: ["warm-up"],
    retrievalScore: 1 / (i + 1),
    features: { ...features, popularity: Math.log1p(n - i), rank: i, retrievalScore: 1 / (i + 1) },
  }));
  return { history: [1, 2, 3], historyCategories: [["warm-up"], ["warm-up"], ["warm-up"]], candidates };
}
