import type { CandidateLookups } from "../../edge/candidates";
import { retrieve } from "../data/retrieve";
import type { NextItemCase } from "../data/splits";
import { encodeGroups } from "../features/encodeBatch";
import type { EncodedBatch } from "../features/types";
import type { RankerConfig } from "../ranker/types";
import { concatGroups } from "./batches";

/** Encoded queries with the slot of each target (-1 when the generator missed it). */
export interface QuerySet {
  encoded: EncodedBatch;
  /** Per group: slot of the positive, or -1. */
  targets: Int32Array;
  /** Per group: history length (for the reference profile). */
  historyLengths: Int32Array;
}

/** How to turn cases into query groups. */
export interface QuerySetOptions {
  limit: number;
  includeContextItems: boolean;
  maskHistory: boolean;
  /**
   * Training: keep only cases whose target was retrieved and sample this many slots per group
   * (the positive, the hardest negatives by retrieval rank, then random ones; a list no longer
   * than this is kept whole, in order). Omit for evaluation: every case is kept with its full
   * candidate list.
   */
  sampleSlots?: number;
  rand?: () => number;
  onProgress?: (done: number) => void;
}

/**
 * Runs the shared candidate generator for each case and encodes the result with the model's
 * encoder. The config's scaling is applied, so pass identity scaling (mean 0, std 1) to get the
 * raw log-transformed features for fitting.
 */
export function buildQuerySet(
  cases: readonly NextItemCase[],
  lookups: CandidateLookups,
  config: RankerConfig,
  options: QuerySetOptions,
): QuerySet {
  const N = options.sampleSlots ?? options.limit;
  const parts: EncodedBatch[] = [];
  const targets: number[] = [];
  const lengths: number[] = [];
  const chunk: Parameters<typeof encodeGroups>[0][number][] = [];
  const flush = () => {
    if (chunk.length > 0) parts.push(encodeGroups(chunk, config, N));
    chunk.length = 0;
  };
  cases.forEach((c, i) => {
    const { candidates, historyCategories } = retrieve(c.history, lookups, options);
    let pos = candidates.findIndex((x) => x.id === c.target);
    let chosen = candidates;
    if (options.sampleSlots !== undefined) {
      if (pos < 0) return;
      chosen = sampleSlots(candidates, pos, options.sampleSlots, options.rand ?? Math.random);
      pos = chosen.indexOf(candidates[pos]);
    }
    chunk.push({ history: c.history, historyCategories, candidates: chosen });
    targets.push(pos < N ? pos : -1);
    lengths.push(c.history.length);
    if (chunk.length >= 256) flush();
    if (i % 1000 === 999) options.onProgress?.(i + 1);
  });
  flush();
  options.onProgress?.(cases.length);
  if (parts.length === 0) parts.push(encodeGroups([], config, N));
  return {
    encoded: concatGroups(parts),
    targets: Int32Array.from(targets),
    historyLengths: Int32Array.from(lengths),
  };
}

/** The positive, the top half of the remaining slots by retrieval order, the rest uniformly at random. */
function sampleSlots<T>(list: readonly T[], pos: number, slots: number, rand: () => number): T[] {
  if (list.length <= slots) return [...list]; // the whole list: listwise over what serving scores
  const negatives = list.filter((_, i) => i !== pos);
  const hard = Math.floor((slots - 1) / 2);
  const picked = negatives.slice(0, hard);
  const rest = negatives.slice(hard);
  for (let k = 0; k < slots - 1 - hard && rest.length > 0; k++) {
    const j = Math.floor(rand() * rest.length);
    picked.push(rest[j]);
    rest[j] = rest[rest.length - 1];
    rest.pop();
  }
  picked.push(list[pos]);
  return picked;
}
