import { allocateBatch } from "../features/encodeBatch";
import type { EncodedBatch } from "../features/types";

/**
 * Copies the groups at `indices` into a new batch (a shuffled mini-batch).
 * @example takeGroups(enc, Int32Array.of(3, 0)).groups // 2
 */
export function takeGroups(e: EncodedBatch, indices: ArrayLike<number>): EncodedBatch {
  const G = indices.length;
  const { candidatesPerGroup: N, maxHistory: L, maxCategories: C, numFeatures: F } = e;
  const out = allocateBatch(G, e);
  for (let k = 0; k < G; k++) {
    const g = indices[k];
    copyRow(e.historyItems, out.historyItems, g, k, L);
    copyRow(e.historyCategories, out.historyCategories, g, k, L * C);
    copyRow(e.historyMask, out.historyMask, g, k, L);
    copyRow(e.candidateItems, out.candidateItems, g, k, N);
    copyRow(e.candidateCategories, out.candidateCategories, g, k, N * C);
    copyRow(e.candidateMask, out.candidateMask, g, k, N);
    copyRow(e.features, out.features, g, k, N * F);
  }
  return out;
}

function copyRow<T extends Int32Array | Float32Array>(
  src: T,
  dst: T,
  from: number,
  to: number,
  width: number,
): void {
  dst.set(src.subarray(from * width, (from + 1) * width), to * width);
}

/** Concatenates batches with the same N, L, C and F. */
export function concatGroups(parts: readonly EncodedBatch[]): EncodedBatch {
  if (parts.length === 0) throw new Error("concatGroups: nothing to concatenate");
  const cat = <T extends Int32Array | Float32Array>(
    pick: (e: EncodedBatch) => T,
    make: (n: number) => T,
  ): T => {
    const out = make(parts.reduce((s, p) => s + pick(p).length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += pick(p).length;
    }
    return out;
  };
  const i32 = (n: number) => new Int32Array(n);
  const f32 = (n: number) => new Float32Array(n);
  return {
    ...parts[0],
    groups: parts.reduce((s, p) => s + p.groups, 0),
    historyItems: cat((e) => e.historyItems, i32),
    historyCategories: cat((e) => e.historyCategories, i32),
    historyMask: cat((e) => e.historyMask, f32),
    candidateItems: cat((e) => e.candidateItems, i32),
    candidateCategories: cat((e) => e.candidateCategories, i32),
    candidateMask: cat((e) => e.candidateMask, f32),
    features: cat((e) => e.features, f32),
  };
}

/**
 * Standardises log-transformed features in place (what `transformFeature` does at inference),
 * skipping padded slots, which stay 0.
 */
export function standardizeInPlace(
  e: EncodedBatch,
  mean: readonly number[],
  std: readonly number[],
  clip: number,
): void {
  const F = e.numFeatures;
  for (let s = 0; s < e.candidateMask.length; s++) {
    if (e.candidateMask[s] === 0) continue;
    for (let f = 0; f < F; f++) {
      const z = (e.features[s * F + f] - mean[f]) / std[f];
      e.features[s * F + f] = Math.min(clip, Math.max(-clip, z));
    }
  }
}

/** Rows of the real (unpadded) candidate slots, for fitting the scaling. */
export function realFeatureRows(e: EncodedBatch): Float32Array {
  const F = e.numFeatures;
  let n = 0;
  for (const m of e.candidateMask) n += m;
  const out = new Float32Array(n * F);
  let at = 0;
  for (let s = 0; s < e.candidateMask.length; s++) {
    if (e.candidateMask[s] === 0) continue;
    out.set(e.features.subarray(s * F, (s + 1) * F), at);
    at += F;
  }
  return out;
}
