import type { RankerConfig } from "../ranker/types";
import { columnsOf, isColumns } from "./candidateColumns";
import { contextReader, indexHistory, requestView } from "./contextFeatures";
import { categoryBucket, itemBucket } from "./hashing";
import { transformFeature } from "./transform";
import type { CandidateColumns, EncodedBatch, EncodeInput } from "./types";

/** Version of the encoding below; part of the artifact manifest. */
export const FEATURE_SCHEMA_VERSION = 2;

/**
 * Encodes one request (history + candidates) into one group of typed arrays. The single copy of
 * the encoding: training, evaluation and the browser all call it.
 * Unknown ids hash into a bucket, missing/NaN/Infinity features become 0 before scaling,
 * histories longer than `maxHistory` keep their most recent items.
 * @example
 * const enc = encodeBatch({ history: [3, 7], candidates: [{ id: 9, features: { pop: 2 } }] }, config);
 * enc.candidateItems // Int32Array [bucket of 9]
 */
export function encodeBatch(input: EncodeInput, config: RankerConfig): EncodedBatch {
  return encodeGroups([input], config, input.candidates.length);
}

/** The shape of a batch apart from its number of groups. */
export type BatchDims = Pick<
  EncodedBatch,
  "candidatesPerGroup" | "maxHistory" | "maxCategories" | "numFeatures"
>;

/**
 * A zero-filled batch of `groups` groups: every mask 0, i.e. all slots empty until written.
 * @example allocateBatch(2, { candidatesPerGroup: 3, maxHistory: 4, maxCategories: 2, numFeatures: 5 }).features.length // 30
 */
export function allocateBatch(groups: number, dims: BatchDims): EncodedBatch {
  const { candidatesPerGroup: N, maxHistory: L, maxCategories: C, numFeatures: F } = dims;
  return {
    groups,
    candidatesPerGroup: N,
    maxHistory: L,
    maxCategories: C,
    numFeatures: F,
    historyItems: new Int32Array(groups * L),
    historyCategories: new Int32Array(groups * L * C),
    historyMask: new Float32Array(groups * L),
    candidateItems: new Int32Array(groups * N),
    candidateCategories: new Int32Array(groups * N * C),
    candidateMask: new Float32Array(groups * N),
    features: new Float32Array(groups * N * F),
  };
}

/**
 * Encodes several requests into one batch of G groups padded to `candidatesPerGroup` (N) slots;
 * candidates beyond N are dropped. Used by training to stack queries.
 */
export function encodeGroups(
  inputs: readonly EncodeInput[],
  config: RankerConfig,
  candidatesPerGroup: number,
): EncodedBatch {
  const G = inputs.length;
  const out = allocateBatch(G, {
    candidatesPerGroup: candidatesPerGroup,
    maxHistory: config.maxHistory,
    maxCategories: config.maxCategories,
    numFeatures: config.featureNames.length,
  });
  inputs.forEach((input, g) => {
    encodeHistory(input, config, out, g);
    encodeCandidates(input, config, out, g);
  });
  return out;
}

function encodeHistory(input: EncodeInput, config: RankerConfig, out: EncodedBatch, g: number): void {
  const { maxHistory: L, maxCategories: C } = config;
  const h = input.history;
  const cats = input.historyCategories?.length === h.length ? input.historyCategories : undefined;
  for (let p = 0; p < L && p < h.length; p++) {
    const src = h.length - 1 - p; // position 0 = most recent
    out.historyItems[g * L + p] = itemBucket(h[src], config.itemBuckets);
    out.historyMask[g * L + p] = out.historyItems[g * L + p] > 0 ? 1 : 0;
    writeCategories(cats?.[src], config, out.historyCategories, (g * L + p) * C);
  }
}

/**
 * Writes group g's candidates from their columns, feature by feature (one column read, one transform per
 * value, no per-candidate object); a category's bucket is hashed once per distinct category.
 */
function encodeCandidates(input: EncodeInput, config: RankerConfig, out: EncodedBatch, g: number): void {
  const N = out.candidatesPerGroup;
  const { maxCategories: C, featureNames, featureMean, featureStd, featureClip, itemBuckets } = config;
  const F = featureNames.length;
  const c: CandidateColumns = isColumns(input.candidates)
    ? input.candidates
    : columnsOf(input.candidates, edgeFeatures(featureNames));
  const n = Math.min(N, c.length);
  const view = requestView(indexHistory(input.history, input.historyCategories), c);
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
  for (let f = 0; f < F; f++) {
    const scaled = scaler(featureMean[f] ?? 0, featureStd[f] ?? 1, featureClip);
    const at = g * N * F + f;
    const read = contextReader(featureNames[f]);
    if (read) {
      for (let i = 0; i < n; i++) out.features[at + i * F] = scaled(read(view, i));
      continue;
    }
    const column = c.featureNames.indexOf(featureNames[f]);
    const values = c.features;
    for (let i = 0; i < n; i++) out.features[at + i * F] = scaled(column < 0 ? 0 : values[i * Fc + column]);
  }
}

/**
 * transformFeature for one feature, with 0 encoded once and the last other value remembered: most edge
 * features are 0 (source flags, absent co-occurrence) and many repeat from one candidate to the next
 * (flags, the history's length), so the log and the division run only for a new value. Same results to
 * the bit.
 */
function scaler(mean: number, std: number, clip: number): (raw: number) => number {
  const zero = transformFeature(0, mean, std, clip);
  let last = Number.NaN;
  let lastOut = 0;
  return (raw) => {
    if (raw === 0) return zero; // −0 too, as it always was
    // NaN never equals itself, so it is transformed (to 0) every time.
    if (raw !== last) {
      last = raw;
      lastOut = transformFeature(raw, mean, std, clip);
    }
    return lastOut;
  };
}

/** The features the encoder reads from the candidates: the model's edge features and coocLast. */
function edgeFeatures(featureNames: readonly string[]): string[] {
  return [...new Set([...featureNames.filter((name) => !contextReader(name)), "coocLast"])];
}

/** A category's bucket; "none" (0) for a value that is not a string. */
function bucketOf(name: string | undefined, config: RankerConfig): number {
  return typeof name === "string" ? categoryBucket(name, config.categoryBuckets) : 0;
}

function writeCategories(
  names: readonly string[] | undefined,
  config: RankerConfig,
  target: Int32Array,
  offset: number,
): void {
  if (!names) return;
  for (let k = 0; k < config.maxCategories && k < names.length; k++) {
    target[offset + k] = typeof names[k] === "string" ? categoryBucket(names[k], config.categoryBuckets) : 0;
  }
}
