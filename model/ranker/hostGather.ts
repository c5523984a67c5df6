import * as tf from "@tensorflow/tfjs-core";
import type { GatherFn } from "./forward";
import { hostValuesOf } from "./toTensors";
import type { HostWeight, RankerParams } from "./types";

/** The tables the forward pass gathers rows from. */
export const EMBEDDING_TABLES = ["itemEmbedding", "categoryEmbedding", "positionEmbedding"] as const;

/**
 * A {@link GatherFn} that copies embedding rows in JavaScript from host copies of the tables. On the
 * wasm and cpu backends tfjs' generic gather kernel costs about 0.5 µs per id (in Chromium: 0.9 ms for
 * the 2,000 category ids of 500 candidates, a third of the forward pass); a row copy costs a few ns per
 * float. A gather is a copy, so scores are bit-identical. Not for GPU backends: there the tables live on
 * the device, and reading them back would cost more than the kernel saves.
 * Tables given in `onHost` (decoded to the host, never tensors: model/artifact's decodeModel) are used as
 * they are; the others are read back from their tensors once.
 * Tables other than the embedding tables fall through to tf.gather.
 * @example const gather = hostGather(params); forward(params, tensors, config, gather);
 */
export function hostGather(params: RankerParams, onHost: Record<string, HostWeight> = {}): GatherFn {
  const host = new Map<string, HostTable>();
  const byTensor = new Map<tf.Tensor, HostTable>();
  for (const name of EMBEDDING_TABLES) {
    const kept = onHost[name];
    const table = params[name];
    if (kept?.shape.length === 2) {
      host.set(name, hostTable(kept.values, kept.shape));
    } else if (table?.rank === 2 && table.dtype === "float32") {
      const copy = hostTable(table.dataSync() as Float32Array, table.shape);
      host.set(name, copy);
      byTensor.set(table, copy);
    }
  }
  const gather: GatherFn = (table, ids) => {
    const copy = byTensor.get(table);
    if (!copy) return tf.gather(table, ids);
    const { rows, width, count } = copy;
    const index = ids.dataSync();
    const out = new Float32Array(index.length * width);
    for (let i = 0; i < index.length; i++) {
      const from = rowStart(index[i], count, width);
      // A plain loop: for rows of 16 floats it beats subarray + set, which allocate a view per row.
      for (let k = 0, to = i * width; k < width; k++) out[to + k] = rows[from + k];
    }
    return tf.tensor(out, [...ids.shape, width], "float32");
  };
  const recent: Embedded[] = [];
  gather.embedSlots = (parts, weights) => {
    const tables = parts.map((p) => host.get(p.table));
    if (tables.some((t) => !t)) return undefined;
    const slots: Embedded = {
      tables: tables as HostTable[],
      ids: parts.map((p) => hostValuesOf(p.ids) as Int32Array),
      widths: parts.map((p) => p.ids.shape[1] ?? 1),
      weights: hostValuesOf(weights) as Float32Array,
      out: new Float32Array(0),
    };
    const [S, , R] = weights.shape;
    const D = slots.tables[0].width;
    const known = recent.find((e) => sameSlots(e, slots));
    if (known) return tf.tensor2d(handedOver(known.out), [S, D]);
    slots.out = hostEmbedSlots(slots, S, R);
    // Kept as copies: they may be the caller's batch (host values, or on cpu what dataSync hands out).
    slots.ids = slots.ids.map((ids) => ids.slice());
    slots.weights = slots.weights.slice();
    // One entry per kind of slot (a request's history and its candidates), the latest kept.
    recent.splice(0, recent.length, ...recent.filter((e) => !sameTables(e, slots)).slice(-1), slots);
    return tf.tensor2d(handedOver(slots.out), [S, D]);
  };
  return gather;
}

/**
 * Kept rows as the values of a new tensor: the wasm backend copies them into its memory, so they are
 * handed over as they are (a copy for nothing cost about 20 µs at 500 candidates in Node: a 32 KB
 * allocation); the cpu backend keeps the array itself as the tensor's data, so it gets a copy that no
 * kernel output or read-back can share.
 */
function handedOver(rows: Float32Array): Float32Array {
  return tf.getBackend() === "wasm" ? rows : rows.slice();
}

type HostTable = { rows: Float32Array; width: number; count: number };

/** A 2-D table's rows [count, width] as the host gather reads them. */
function hostTable(rows: Float32Array, shape: number[]): HostTable {
  return { rows, width: shape[1]!, count: shape[0]! };
}

/**
 * A call of embedSlots and its result. The last ones are kept: a request with the same candidates (the
 * same answer) or the same history as the one before gets the same rows, so its ids and weights are
 * compared (a few µs) instead of summed again (0.1–0.2 ms for 500 candidates in Node).
 */
type Embedded = {
  tables: HostTable[];
  ids: Int32Array[];
  widths: number[];
  weights: Float32Array;
  out: Float32Array;
};

function sameTables(a: Embedded, b: Embedded): boolean {
  return a.tables.length === b.tables.length && a.tables.every((t, i) => t === b.tables[i]);
}

function sameSlots(a: Embedded, b: Embedded): boolean {
  return (
    sameTables(a, b) &&
    sameValues(a.weights, b.weights) &&
    a.ids.every((ids, i) => a.widths[i] === b.widths[i] && sameValues(ids, b.ids[i]))
  );
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Σ weight × row per slot, in JavaScript from the host tables: what forward's gathers + concat + batched
 * product compute, without their four kernels and the [S, R, D] intermediate (at 500 candidates on wasm
 * in Node: 0.6 of 2.6 ms). Rows whose weight is 0 (padding, absent categories) are skipped.
 */
function hostEmbedSlots(slots: Embedded, S: number, R: number): Float32Array {
  const { tables, weights: w } = slots;
  const D = tables[0].width;
  if (tables.some((t) => t.width !== D)) throw new Error("embedSlots: the tables' widths differ");
  // Accumulated in the Float32Array itself (as the graph's float32 product does): a float64 buffer per
  // slot cost 1.5× the time in Node.
  const out = new Float32Array(S * D);
  for (let p = 0, r0 = 0; p < tables.length; p++) {
    const { rows, count } = tables[p];
    const ids = slots.ids[p];
    const width = slots.widths[p];
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < width; j++) {
        const weight = w[s * R + r0 + j];
        if (weight === 0) continue;
        const from = rowStart(ids[s * width + j], count, D);
        const to = s * D;
        // A slot's first row (an item's, weight 1) is copied: the same sum (0 + 1 × x = x) in half the time.
        if (p === 0 && j === 0 && weight === 1) for (let k = 0; k < D; k++) out[to + k] = rows[from + k];
        else for (let k = 0; k < D; k++) out[to + k] += weight * rows[from + k];
      }
    }
    r0 += width;
  }
  return out;
}

/** Where row `id` starts in a table of `count` rows; refuses an id outside it, as tf.gather does. */
function rowStart(id: number, count: number, width: number): number {
  if (!(id >= 0 && id < count)) throw new Error(`gather: id ${id} is outside the table's ${count} rows`);
  return id * width;
}

/** Backends whose tf.gather is the generic per-element kernel that {@link hostGather} beats. */
const HOST_GATHER_BACKENDS = new Set(["wasm", "cpu"]);

/**
 * Whether {@link preferredGather} reads the embedding tables on the host on `backend`: then they need no
 * tensor (decode them with model/artifact's decodeModel(checked, EMBEDDING_TABLES)).
 */
export function gathersOnHost(backend = tf.getBackend()): boolean {
  return HOST_GATHER_BACKENDS.has(backend);
}

/**
 * The gather to score with on `backend`: {@link hostGather} on wasm and cpu (with the tables kept
 * `onHost`, if any), tf.gather (undefined) on the GPU backends. Make one per set of weights: it copies
 * the tables it reads from tensors once.
 * @example scoreCandidates(params, config, encoded, preferredGather(params));
 */
export function preferredGather(
  params: RankerParams,
  backend = tf.getBackend(),
  onHost: Record<string, HostWeight> = {},
): GatherFn | undefined {
  return gathersOnHost(backend) ? hostGather(params, onHost) : undefined;
}
