import type { io } from "@tensorflow/tfjs";
import { encodeFloat16 } from "./float16";
import { quantizeUint8 } from "./quantizeUint8";

/** Storage precision of an artifact's large float tensors. */
export type Precision = "fp32" | "fp16" | "int8";

/** One named tensor's values, read out of tf (see `exportModel`). */
export type NamedArray = {
  name: string;
  shape: number[];
  values: Float32Array | Int32Array;
};

export type PackOptions = {
  precision: Precision;
  /**
   * Float tensors with fewer elements than this stay fp32 in every precision. Biases, scalars and small
   * MLP matrices make up a few KB of the model; quantizing them would save almost nothing and would add
   * error to the terms every score passes through. Default 1024 (saves at most 3 KB per kept tensor).
   */
  minQuantizeElements?: number;
};

export const DEFAULT_MIN_QUANTIZE_ELEMENTS = 1024;

/** The weights of one artifact: tfjs weight specs plus their concatenated bytes, in spec order. */
export type PackedWeights = {
  specs: io.WeightsManifestEntry[];
  data: Uint8Array;
};

/**
 * Encodes named tensors in the tfjs binary weights format: float32 raw, or with a `quantization` entry
 * (`float16`, or affine `uint8` with per-tensor `min`/`scale`). int32 tensors are always stored raw.
 * Pure; throws on a bad name, shape or value, before producing anything.
 * @example const { specs, data } = packWeights([{ name: "w", shape: [2], values: new Float32Array([1, 2]) }],
 *   { precision: "int8" });
 */
export function packWeights(arrays: NamedArray[], options: PackOptions): PackedWeights {
  const threshold = options.minQuantizeElements ?? DEFAULT_MIN_QUANTIZE_ELEMENTS;
  const seen = new Set<string>();
  const specs: io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const { name, shape, values } of arrays) {
    if (name.length === 0 || seen.has(name)) throw new Error(`weight name "${name}" is empty or repeated`);
    seen.add(name);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0) || size !== values.length) {
      throw new Error(`weight "${name}": shape [${shape}] does not match its ${values.length} values`);
    }
    if (values instanceof Int32Array) {
      specs.push({ name, shape, dtype: "int32" });
      chunks.push(bytesOf(values.slice()));
      continue;
    }
    const quantize = options.precision !== "fp32" && size >= threshold;
    if (!quantize) {
      assertFinite(values, name);
      specs.push({ name, shape, dtype: "float32" });
      chunks.push(bytesOf(values.slice()));
    } else if (options.precision === "fp16") {
      specs.push({ name, shape, dtype: "float32", quantization: { dtype: "float16" } });
      chunks.push(bytesOf(encodeFloat16(values, name)));
    } else {
      const q = quantizeUint8(values, name);
      specs.push({
        name,
        shape,
        dtype: "float32",
        quantization: { dtype: "uint8", min: q.min, scale: q.scale },
      });
      chunks.push(q.values);
    }
  }
  return { specs, data: concatBytes(chunks) };
}

/**
 * Splits bytes into consecutive shards of at most `maxBytes` (tfjs reads a weights group's paths as one
 * concatenated stream, so a tensor may span two shards).
 * @example splitShards(new Uint8Array(10), 4).map((s) => s.length) // [4, 4, 2]
 */
export function splitShards(data: Uint8Array, maxBytes: number): Uint8Array[] {
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new Error(`shard size must be a positive integer`);
  const shards: Uint8Array[] = [];
  for (let start = 0; start < data.length; start += maxBytes)
    shards.push(data.slice(start, start + maxBytes));
  return shards.length > 0 ? shards : [new Uint8Array(0)];
}

/** Concatenates byte arrays. */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function bytesOf(view: Float32Array | Int32Array | Uint16Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function assertFinite(values: Float32Array, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${name}[${i}] = ${values[i]} is not finite`);
  }
}
