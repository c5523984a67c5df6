import type * as tf from "@tensorflow/tfjs-core";
import type { HostWeight } from "../ranker/types";
import type { CheckedModel } from "./loadModel";

/**
 * The layout of {@link PreparedWeights}; bumped whenever what a record holds or how it is laid out changes,
 * so that a record written by other code is ignored (and the verified bytes decoded) rather than misread.
 */
export const PREPARED_FORMAT = 1;

/**
 * A model's float32 weights as decodeModel decodes them from the verified bytes (dequantized, to the bit),
 * kept so that a later load takes them instead of decoding the same bytes again. Made only from a
 * {@link CheckedModel} (bytes whose sha256 matched); used only for weights with the same sha256.
 */
export type PreparedWeights = {
  format: number;
  /** The manifest's whole-weights sha256 of the bytes they were decoded from. */
  sha256: string;
  /** Every weight's name, in the manifest's order. */
  names: string[];
  /** Their values back to back, in that order (one buffer: one transfer, one stored value). */
  values: Float32Array;
};

/**
 * Where the page keeps the record of a model version: by the sha256 of its manifest (which names the
 * weights' sha256, the page's key for the version's bytes) and this format, so that a new version or a
 * new format never reads an old record.
 * @example await cache.getPrepared(preparedKey(good.manifest.sha256));
 */
export function preparedKey(manifestSha256: string): string {
  return `prepared-${PREPARED_FORMAT}-${manifestSha256}`;
}

/**
 * `value` when it has a record's shape (so the page can copy and transfer it), else undefined. Its
 * contents are checked where they are used (fromPrepared, in the worker).
 */
export function asPreparedWeights(value: unknown): PreparedWeights | undefined {
  const r = value as Partial<PreparedWeights> | undefined;
  const shaped =
    typeof r === "object" &&
    r !== null &&
    typeof r.format === "number" &&
    typeof r.sha256 === "string" &&
    Array.isArray(r.names) &&
    r.values instanceof Float32Array;
  return shaped ? (r as PreparedWeights) : undefined;
}

/** The manifest's weight entries in order (all groups). */
function entriesOf({ manifest }: CheckedModel): tf.io.WeightsManifestEntry[] {
  return manifest.weightsManifest.flatMap((group) => group.weights as tf.io.WeightsManifestEntry[]);
}

const sizeOf = (shape: number[]) => shape.reduce((n, d) => n * d, 1);

/** The names of the model's float32 weights (all of the ranker's), in the manifest's order. */
export function float32Names(checked: CheckedModel): string[] {
  return entriesOf(checked)
    .filter((e) => e.dtype === "float32")
    .map((e) => e.name);
}

/**
 * The names of the weights a record can hold: every weight when all are float32 (the ranker's), none
 * otherwise (another dtype is decoded by tfjs, so such a model keeps decoding its bytes).
 */
function preparableNames(checked: CheckedModel): string[] {
  const names = float32Names(checked);
  return names.length === entriesOf(checked).length ? names : [];
}

/**
 * The record of `weights` (decodeModel's host values of every weight of `checked`), or undefined when the
 * model has weights that a record cannot hold.
 * @example const record = toPrepared(checked, decodeModel(checked, float32Names(checked)).host);
 */
export function toPrepared(
  checked: CheckedModel,
  weights: Record<string, HostWeight>,
): PreparedWeights | undefined {
  const names = preparableNames(checked);
  if (names.length === 0 || names.some((name) => !weights[name])) return undefined;
  const values = new Float32Array(names.reduce((n, name) => n + weights[name].values.length, 0));
  let offset = 0;
  for (const name of names) {
    values.set(weights[name].values, offset);
    offset += weights[name].values.length;
  }
  return { format: PREPARED_FORMAT, sha256: checked.manifest.weights.sha256, names, values };
}

/**
 * The weights of `record` as host values by name (views of its one buffer), when it is a record of exactly
 * `checked`'s weights: this format, the same weights sha256, the manifest's names in order, the manifest's
 * sizes, finite values. Otherwise the reason it does not match (the caller decodes the bytes instead).
 * @example const found = fromPrepared(checked, bundle.prepared); if (typeof found === "string") decode();
 */
export function fromPrepared(checked: CheckedModel, record: unknown): Record<string, HostWeight> | string {
  if (record === undefined || record === null) return "no prepared weights";
  const r = record as Partial<PreparedWeights>;
  if (r.format !== PREPARED_FORMAT) return `prepared format ${String(r.format)}, not ${PREPARED_FORMAT}`;
  if (r.sha256 !== checked.manifest.weights.sha256) return "prepared for other weights";
  const entries = entriesOf(checked);
  const names = preparableNames(checked);
  if (names.length === 0) return "the model has weights that are not float32";
  if (!Array.isArray(r.names) || r.names.length !== names.length || r.names.some((n, i) => n !== names[i]))
    return "prepared weights' names differ from the manifest's";
  const values = r.values;
  const total = entries.reduce((n, e) => n + sizeOf(e.shape), 0);
  if (!(values instanceof Float32Array) || values.length !== total)
    return `prepared values: expected ${total} float32 values`;
  for (let i = 0; i < values.length; i++) {
    // Inf - Inf and NaN - NaN are NaN; every finite value minus itself is 0.
    if (values[i] - values[i] !== 0) return `prepared value ${i} is not finite`;
  }
  const weights: Record<string, HostWeight> = {};
  let offset = 0;
  for (const entry of entries) {
    const size = sizeOf(entry.shape);
    weights[entry.name] = { values: values.subarray(offset, offset + size), shape: entry.shape };
    offset += size;
  }
  return weights;
}
