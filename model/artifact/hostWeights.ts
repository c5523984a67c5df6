import type * as tf from "@tensorflow/tfjs-core";

/** Bytes per value of a quantization dtype or a weight dtype in the artifact's buffers. */
const VALUE_BYTES: Record<string, number> = {
  uint8: 1,
  uint16: 2,
  float16: 2,
  float32: 4,
  int32: 4,
  bool: 1,
};

/** Bytes one manifest entry takes in its group's buffer (tfjs' layout: entries back to back). */
export function entryBytes(spec: tf.io.WeightsManifestEntry): number {
  const bytes = VALUE_BYTES[spec.quantization?.dtype ?? spec.dtype];
  if (!bytes) throw new Error(`weight ${spec.name}: dtype ${spec.dtype} has no fixed size`);
  return spec.shape.reduce((n, d) => n * d, 1) * bytes;
}

/**
 * One float32 entry's values as tf.io.decodeWeights computes them, to the bit, but without a tensor:
 * tfjs' per-entry decoder is not exported, and its decodeWeights always makes tensors.
 * @example const values = decodeHostWeight(spec, bytes); // Float32Array, spec.shape's size
 */
export function decodeHostWeight(spec: tf.io.WeightsManifestEntry, bytes: ArrayBuffer): Float32Array {
  if (spec.dtype !== "float32") throw new Error(`weight ${spec.name}: only float32 weights stay on the host`);
  const q = spec.quantization;
  if (!q) return new Float32Array(bytes);
  if (q.dtype === "float16") return fromFloat16(new Uint16Array(bytes));
  if ((q.dtype === "uint8" || q.dtype === "uint16") && q.scale !== undefined && q.min !== undefined) {
    const quantized = q.dtype === "uint8" ? new Uint8Array(bytes) : new Uint16Array(bytes);
    const out = new Float32Array(quantized.length);
    // The same expression as tfjs' decoder (in float64, then rounded once to float32).
    for (let i = 0; i < quantized.length; i++) out[i] = quantized[i] * q.scale + q.min;
    return out;
  }
  throw new Error(`weight ${spec.name}: unsupported quantization ${q.dtype}`);
}

/** binary16 bits → float32 values (exact: every binary16 value is a float32 value). */
function fromFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
