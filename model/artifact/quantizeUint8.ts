/**
 * Affine uint8 quantization of one tensor, in the form `tf.io.decodeWeights` dequantizes:
 * `x̂ = q · scale + min` with q ∈ [0, 255] (tfjs-core 4.22 `io/io_utils.ts`, `decodeWeight`). That decoder
 * reads one scalar `min` and `scale` per weight, so quantization is per tensor (it has no per-channel form).
 */

export type Uint8Quantized = {
  /** Quantized values, one byte each. */
  values: Uint8Array;
  /** Real value of q = 0. */
  min: number;
  /** Real step between adjacent q; the rounding error of any in-range element is at most scale / 2. */
  scale: number;
};

/** Number of uint8 steps: q runs over 0..255. */
const LEVELS = 255;

/**
 * Quantizes finite values to uint8 over [min(x, 0), max(x, 0)]. The range always holds 0 and is nudged so
 * that 0 is exactly representable (Jacob et al. 2018, "Quantization and Training of Neural Networks for
 * Efficient Integer-Arithmetic-Only Inference", §2.1): zero padding rows and zero-initialised weights stay
 * exactly zero. The nudge moves each range end by at most scale / 2, so every element still lies within
 * scale / 2 of its reconstruction. Throws on NaN or ±Infinity.
 * @example const { values, min, scale } = quantizeUint8(new Float32Array([-1, 0, 0.5]));
 */
export function quantizeUint8(x: Float32Array, name = "tensor"): Uint8Quantized {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v))
      throw new Error(`${name}[${i}] = ${v} cannot be quantized (values must be finite)`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // An all-zero tensor: any positive scale reproduces it exactly.
  const scale = hi > lo ? (hi - lo) / LEVELS : 1;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const values = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const q = Math.round((x[i] - min) / scale);
    values[i] = Math.min(Math.max(q, 0), LEVELS);
  }
  return { values, min, scale };
}

/**
 * The reconstruction `q · scale + min`, computed exactly as tfjs does (in float64, stored as float32).
 * @example dequantizeUint8(quantizeUint8(x)) // ≈ x within scale / 2 per element
 */
export function dequantizeUint8({ values, min, scale }: Uint8Quantized): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * scale + min;
  return out;
}
