import type { RankerConfig } from "../ranker/types";
import { contextReader, indexHistory, readsHistory, requestView } from "./contextFeatures";
import { categoryBucket, itemBucket } from "./hashing";
import { featureScaler } from "./transform";
import type { CandidateColumns, EncodedBatch } from "./types";

/**
 * What an answer's columns alone decide in a group: everything but the history and the "ctx.*" features
 * that read it.
 */
type CandidateSide = Pick<
  EncodedBatch,
  "candidateItems" | "candidateCategories" | "candidateMask" | "features"
>;

/** An answer's candidate side as remembered, for one config and N slots. */
export type Remembered = { config: RankerConfig; N: number; side: CandidateSide };

/**
 * The candidate side of the answers encoded last, by their columns (an answer's columns never change: the
 * scoring worker keeps the decoded answer while the edge's ETag stays the same) and the config they were
 * encoded for. A request with the same answer, whatever its history, copies this side and computes only
 * the history and the context features. Weak: an answer nobody holds any more frees its entry.
 */
const candidateSides = new WeakMap<CandidateColumns, Remembered>();

/**
 * The answer remembered last: an answer decoded anew with the same values (a new ETag, or another URL,
 * for the same candidates) is compared with it, value by value (about 30 µs for 1,000 candidates in
 * Node, where computing the side costs about 0.5 ms), and reuses its side. One entry.
 */
let last: { columns: CandidateColumns; entry: Remembered } | undefined;

/**
 * Writes group g's candidate side from the columns `c` of its first n candidates. `remember`: the columns
 * are an answer's (immutable), so the side is kept for the next request with the same answer and config.
 * Returns the remembered side now in group g (undefined when not remembered).
 */
export function writeCandidateSide(
  c: CandidateColumns,
  n: number,
  config: RankerConfig,
  out: EncodedBatch,
  g: number,
  remember: boolean,
): Remembered | undefined {
  const N = out.candidatesPerGroup;
  const known = remember ? rememberedSide(c, config, N) : undefined;
  if (known) {
    copySide(known.side, out, g);
    return known;
  }
  computeSide(c, n, config, out, g);
  if (!remember) return undefined;
  const entry = { config, N, side: sliceSide(out, g) };
  remembered(c, entry);
  return entry;
}

/** The remembered side of the answer `c` for `config` and N slots, if there is one (then kept as the last). */
export function rememberedSide(c: CandidateColumns, config: RankerConfig, N: number): Remembered | undefined {
  const known = candidateSides.get(c) ?? sameAsLast(c);
  if (!known || known.config !== config || known.N !== N) return undefined;
  remembered(c, known);
  return known;
}

function remembered(c: CandidateColumns, entry: Remembered): void {
  candidateSides.set(c, entry);
  last = { columns: c, entry };
}

/** The last answer's side if `c` holds the same values that the side is computed from (see `last`). */
function sameAsLast(c: CandidateColumns): Remembered | undefined {
  if (!last) return undefined;
  const a = last.columns;
  const categories = a.categoryStarts[a.length];
  const same =
    a.length === c.length &&
    a.categoryNames === c.categoryNames &&
    sameValues(a.ids, c.ids, a.length) &&
    sameValues(a.retrievalScores, c.retrievalScores, a.length) &&
    sameValues(a.categoryStarts, c.categoryStarts, a.length + 1) &&
    sameValues(a.categoryIndex, c.categoryIndex, categories) &&
    a.featureNames.length === c.featureNames.length &&
    a.featureNames.every((name, f) => name === c.featureNames[f]) &&
    sameValues(a.features, c.features, a.length * a.featureNames.length) &&
    sameCategoryNames(a, c, categories);
  return same ? last.entry : undefined;
}

/**
 * The names of the categories that a's candidates use are c's names at the same indices (the string table
 * holds titles and skus too: comparing only these is 20× cheaper than comparing all).
 */
function sameCategoryNames(a: CandidateColumns, c: CandidateColumns, count: number): boolean {
  const seen = new Uint8Array(a.categoryNames);
  for (let k = 0; k < count; k++) {
    const name = a.categoryIndex[k];
    if (seen[name]) continue;
    seen[name] = 1;
    if (a.categoryName(name) !== c.categoryName(name)) return false;
  }
  return true;
}

/** The first n values of a and b are equal (NaN equals NaN: an absent feature). */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/**
 * Items, categories, edge features and the context features of the list alone (rank, score ratios) of
 * group g, feature by feature (one column read, one transform per new value, no per-candidate object); a
 * category's bucket is hashed once per distinct category.
 */
function computeSide(c: CandidateColumns, n: number, config: RankerConfig, out: EncodedBatch, g: number) {
  const N = out.candidatesPerGroup;
  const { maxCategories: C, featureNames, featureMean, featureStd, featureClip, itemBuckets } = config;
  const F = featureNames.length;
  const buckets = new Int32Array(c.categoryNames).fill(-1);
  const { categoryStarts: starts, categoryIndex: index } = c;
  for (let i = 0; i < n; i++) {
    const slot = g * N + i;
    out.candidateItems[slot] = itemBucket(c.ids[i], itemBuckets);
    out.candidateMask[slot] = 1;
    for (let k = 0; k < C && starts[i] + k < starts[i + 1]; k++) {
      const name = index[starts[i] + k];
      if (buckets[name] < 0) buckets[name] = bucketOf(c.categoryName(name), config);
      out.candidateCategories[slot * C + k] = buckets[name];
    }
  }
  const Fc = c.featureNames.length;
  const listView = requestView(indexHistory([]), c);
  for (let f = 0; f < F; f++) {
    if (readsHistory(featureNames[f])) continue;
    const scaled = featureScaler(featureMean[f] ?? 0, featureStd[f] ?? 1, featureClip);
    const at = g * N * F + f;
    const read = contextReader(featureNames[f]);
    const column = c.featureNames.indexOf(featureNames[f]);
    const values = c.features;
    if (read) for (let i = 0; i < n; i++) out.features[at + i * F] = scaled(read(listView, i));
    else
      for (let i = 0; i < n; i++) out.features[at + i * F] = scaled(column < 0 ? 0 : values[i * Fc + column]);
  }
}

/** Group g's candidate side, copied out of a batch (its context features are overwritten on reuse). */
function sliceSide(out: EncodedBatch, g: number): CandidateSide {
  const { candidatesPerGroup: N, maxCategories: C, numFeatures: F } = out;
  return {
    candidateItems: out.candidateItems.slice(g * N, (g + 1) * N),
    candidateCategories: out.candidateCategories.slice(g * N * C, (g + 1) * N * C),
    candidateMask: out.candidateMask.slice(g * N, (g + 1) * N),
    features: out.features.slice(g * N * F, (g + 1) * N * F),
  };
}

/** Writes a remembered candidate side into group g (the arrays are copied: callers may own the batch). */
function copySide(side: CandidateSide, out: EncodedBatch, g: number): void {
  const { candidatesPerGroup: N, maxCategories: C, numFeatures: F } = out;
  out.candidateItems.set(side.candidateItems, g * N);
  out.candidateCategories.set(side.candidateCategories, g * N * C);
  out.candidateMask.set(side.candidateMask, g * N);
  out.features.set(side.features, g * N * F);
}

/** A category's bucket; "none" (0) for a value that is not a string. */
function bucketOf(name: string | undefined, config: RankerConfig): number {
  return typeof name === "string" ? categoryBucket(name, config.categoryBuckets) : 0;
}
