import type { CandidateColumns, CandidateLike } from "./types";

/**
 * Candidate objects (training, evaluation, a JSON answer) as the encoder's columns: ids, scores and the
 * named features (NaN where a candidate lacks one), categories interned. A value of the wrong type reads
 * as absent, as the encoder always treated it.
 * @example columnsOf([{ id: 3, categories: ["Nails"], features: { popularity: 2 } }], ["popularity"]).features // [2]
 */
export function columnsOf(
  candidates: readonly CandidateLike[],
  featureNames: readonly string[],
): CandidateColumns {
  const n = candidates.length;
  const F = featureNames.length;
  const ids = new Float64Array(n);
  const retrievalScores = new Float64Array(n);
  const features = new Float64Array(n * F);
  const categoryStarts = new Uint32Array(n + 1);
  const categoryIndex: number[] = [];
  const names: (string | undefined)[] = [];
  const interned = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const c = candidates[i];
    ids[i] = typeof c.id === "number" ? c.id : Number.NaN;
    retrievalScores[i] = typeof c.retrievalScore === "number" ? c.retrievalScore : Number.NaN;
    const values = c.features;
    for (let f = 0; f < F; f++) {
      const v = values?.[featureNames[f]];
      features[i * F + f] = typeof v === "number" ? v : Number.NaN;
    }
    for (const name of c.categories ?? []) {
      let index = interned.get(name);
      if (index === undefined) {
        index = names.push(typeof name === "string" ? name : undefined) - 1;
        interned.set(name, index);
      }
      categoryIndex.push(index);
    }
    categoryStarts[i + 1] = categoryIndex.length;
  }
  return {
    length: n,
    ids,
    retrievalScores,
    categoryStarts,
    categoryIndex,
    categoryNames: names.length,
    categoryName: (index) => names[index],
    featureNames,
    features,
  };
}

/** Whether `candidates` are columns already (else objects to put into columns). */
export function isColumns(
  candidates: readonly CandidateLike[] | CandidateColumns,
): candidates is CandidateColumns {
  return !Array.isArray(candidates);
}
