import type { RankerConfig } from "../ranker/types";
import { columnsOf, isColumns } from "./candidateColumns";
import { type Remembered, rememberedSide, writeCandidateSide } from "./candidateSide";
import { contextReader, historyReader, indexHistory, type RequestView, requestView } from "./contextFeatures";
import { categoryBucket, itemBucket } from "./hashing";
import { featureScaler } from "./transform";
import type { CandidateColumns, CandidateLike, EncodedBatch, EncodeInput } from "./types";

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
  return encodeRequest(input, config).batch;
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
  const out = allocateBatch(inputs.length, batchDims(config, candidatesPerGroup));
  for (const [g, input] of inputs.entries()) encodeGroup(input, config, out, g);
  return out;
}

/** The dims of a batch of `config`'s model with N candidate slots per group. */
function batchDims(config: RankerConfig, N: number): BatchDims {
  const { maxHistory, maxCategories, featureNames } = config;
  return { candidatesPerGroup: N, maxHistory, maxCategories, numFeatures: featureNames.length };
}

/** Writes group g of a zero-filled batch; returns its remembered candidate side (see encodeCandidates). */
function encodeGroup(input: EncodeInput, config: RankerConfig, out: EncodedBatch, g: number) {
  encodeHistory(input, config, out, g);
  return encodeCandidates(input, config, out, g);
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
 * Writes group g's candidates from their columns: their candidate side (remembered per answer's columns,
 * see candidateSide), then the context features, which also read the history.
 */
function encodeCandidates(
  input: EncodeInput,
  config: RankerConfig,
  out: EncodedBatch,
  g: number,
): Remembered | undefined {
  const given = isColumns(input.candidates) ? input.candidates : undefined;
  const c =
    given ?? columnsOf(input.candidates as readonly CandidateLike[], edgeFeatures(config.featureNames));
  const n = Math.min(out.candidatesPerGroup, c.length);
  const side = writeCandidateSide(c, n, config, out, g, given !== undefined);
  writeHistoryFeatures(input, c, n, config, out, g);
  return side;
}

/** Group g's context features that read the history (see writeContextFeatures). */
function writeHistoryFeatures(
  input: EncodeInput,
  c: CandidateColumns,
  n: number,
  config: RankerConfig,
  out: EncodedBatch,
  g: number,
): void {
  const view = requestView(indexHistory(input.history, input.historyCategories), c);
  writeContextFeatures(view, n, config, out, g);
}

/** One request's batch and the remembered candidate side it holds (see {@link encodeRequest}). */
export type HeldBatch = { batch: EncodedBatch; side: Remembered | undefined };

/**
 * Encodes one request as {@link encodeBatch} does, for a caller that uses each batch only until its next
 * call (the scoring worker): when `held`, the previous call's batch, holds this answer's candidate side,
 * that batch is rewritten in place, its history and the context features that read it only (the side is
 * neither allocated nor copied again); else a new batch is encoded. The same values either way.
 * @example held = encodeRequest(input, config, held); score(held.batch);
 */
export function encodeRequest(input: EncodeInput, config: RankerConfig, held?: HeldBatch): HeldBatch {
  const c = isColumns(input.candidates) ? input.candidates : undefined;
  const N = input.candidates.length;
  if (c && held?.side && held.batch.candidatesPerGroup === N && rememberedSide(c, config, N) === held.side) {
    const { batch } = held;
    for (const padded of [batch.historyItems, batch.historyCategories, batch.historyMask]) padded.fill(0);
    encodeHistory(input, config, batch, 0);
    writeHistoryFeatures(input, c, N, config, batch, 0);
    return held;
  }
  const batch = allocateBatch(1, batchDims(config, N));
  return { batch, side: encodeGroup(input, config, batch, 0) };
}

/**
 * The "ctx.*" features of group g's n candidates that read the history (the others are in the candidate
 * side). Each is written as 0 without reading where it is 0: everywhere without a history, and outside its
 * scope (HistoryReader) with one; so a feature of the candidates seen in the history reads a handful of
 * them, not all n.
 */
function writeContextFeatures(
  view: RequestView,
  n: number,
  config: RankerConfig,
  out: EncodedBatch,
  g: number,
) {
  const N = out.candidatesPerGroup;
  const { featureNames, featureMean, featureStd, featureClip } = config;
  const F = featureNames.length;
  let seen: number[] | undefined;
  for (let f = 0; f < F; f++) {
    const reader = historyReader(featureNames[f]);
    if (!reader) continue;
    const scaled = featureScaler(featureMean[f] ?? 0, featureStd[f] ?? 1, featureClip);
    const at = g * N * F + f;
    const scope = view.h.length === 0 ? "none" : reader.scope;
    if (scope === "each") {
      for (let i = 0; i < n; i++) out.features[at + i * F] = scaled(reader.read(view, i));
      continue;
    }
    const rest = scaled(scope === "once" && n > 0 ? reader.read(view, 0) : 0);
    for (let i = 0; i < n; i++) out.features[at + i * F] = rest;
    if (scope !== "seen") continue;
    seen ??= seenCandidates(view, n);
    for (const i of seen) out.features[at + i * F] = scaled(reader.read(view, i));
  }
}

/**
 * The first n candidates whose id is in the history, by position. The history's few distinct ids are
 * compared in a loop: at 1,000 candidates a Map lookup per candidate cost 2–3× as much (Node).
 */
function seenCandidates({ h, c }: RequestView, n: number): number[] {
  const seen: number[] = [];
  const ids = [...h.lastPos.keys()];
  for (let i = 0; i < n; i++) {
    const id = c.ids[i];
    for (let j = 0; j < ids.length; j++) {
      if (ids[j] === id) {
        seen.push(i);
        break;
      }
    }
  }
  return seen;
}

/** The features the encoder reads from the candidates: the model's edge features and coocLast. */
function edgeFeatures(featureNames: readonly string[]): string[] {
  return [...new Set([...featureNames.filter((name) => !contextReader(name)), "coocLast"])];
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
