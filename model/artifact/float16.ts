/**
 * IEEE 754 binary16 encoding (round to nearest, ties to even), the inverse of the float16 decoder in
 * tfjs-core `io/io_utils.ts` (`getFloat16Decoder`), so fp16 weights decode with plain `tf.io.decodeWeights`.
 * Layout: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits; largest finite value 65504.
 */

/** Largest finite binary16 value: (2 − 2^-10) · 2^15. */
export const FLOAT16_MAX = 65504;

/** Smallest positive normal binary16 value, 2^-14; below it values are subnormal (absolute step 2^-24). */
export const FLOAT16_MIN_NORMAL = 2 ** -14;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Encodes one number as binary16 bits. Values beyond ±65504 after rounding become ±Infinity and NaN stays
 * NaN: callers that must not lose range check `FLOAT16_MAX` first (see `encodeFloat16`).
 * @example toFloat16Bits(1) === 0x3c00; toFloat16Bits(-2) === 0xc000
 */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  // Re-bias the exponent from 127 (binary32) to 15 (binary16).
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal (or zero) result: shift the implicit leading 1 into the mantissa, then round.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShift(full, shift);
  }
  // Normal result: drop 13 mantissa bits with round-to-nearest-even; a carry may bump the exponent,
  // which is exactly right (and reaches Infinity at the top of the range).
  return sign | roundShift((halfExponent << 23) | mantissa, 13);
}

/** Shifts `value` right by `shift` bits, rounding to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && (kept & 1) === 1)) return kept + 1;
  return kept;
}

/**
 * Encodes finite values as binary16; throws on NaN, ±Infinity or a magnitude above 65504, because a
 * silently saturated weight would change the model's scores.
 * @example encodeFloat16(new Float32Array([0.5, -3])) // Uint16Array [0x3800, 0xc200]
 */
export function encodeFloat16(values: Float32Array, name = "tensor"): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || Math.abs(v) > FLOAT16_MAX) {
      throw new Error(
        `${name}[${i}] = ${v} cannot be stored as float16 (finite values up to ±${FLOAT16_MAX})`,
      );
    }
    out[i] = toFloat16Bits(v);
  }
  return out;
}
