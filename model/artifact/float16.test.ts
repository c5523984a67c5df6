import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { encodeFloat16, FLOAT16_MAX, FLOAT16_MIN_NORMAL, toFloat16Bits } from "./float16";

/** Decodes binary16 bits through tfjs' own float16 path (`quantization: { dtype: "float16" }`). */
function decodeWithTf(bits: Uint16Array): Float32Array {
  const spec: tf.io.WeightsManifestEntry = {
    name: "h",
    shape: [bits.length],
    dtype: "float32",
    quantization: { dtype: "float16" },
  };
  const t = tf.io.decodeWeights(bits.slice().buffer, [spec]).h;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

describe("toFloat16Bits", () => {
  it("encodes hand-checked values (IEEE 754 binary16 table)", () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0.5)).toBe(0x3800);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(1 / 3)).toBe(0x3555);
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
  });

  it("rounds ties to even", () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 0x3c00 and 0x3c01: even wins
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // halfway between 0 and the smallest subnormal
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
  });

  it("inverts tfjs' decoder on every finite binary16 bit pattern", () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((b) => (b & 0x7c00) !== 0x7c00);
    const decoded = decodeWithTf(all);
    for (let i = 0; i < all.length; i++) {
      if (toFloat16Bits(decoded[i]) !== all[i])
        throw new Error(`bits ${all[i].toString(16)} do not round-trip`);
    }
  });

  it("keeps normal values within relative error 2^-11 and subnormals within 2^-25 absolute", () => {
    const values = new Float32Array(20000);
    for (let i = 0; i < values.length; i++) {
      // Log-uniform magnitudes from 2^-30 to 2^15 with random signs: covers subnormals and the top range.
      const magnitude = 2 ** (-30 + 45 * ((i * 0.6180339887) % 1));
      values[i] = (i % 2 ? -1 : 1) * Math.min(magnitude, FLOAT16_MAX);
    }
    const decoded = decodeWithTf(encodeFloat16(values));
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      const err = Math.abs(x - decoded[i]);
      if (Math.abs(x) >= FLOAT16_MIN_NORMAL) expect(err).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11);
      else expect(err).toBeLessThanOrEqual(2 ** -25);
    }
  });
});

describe("encodeFloat16", () => {
  it("refuses values that binary16 cannot hold instead of saturating them", () => {
    expect(() => encodeFloat16(Float32Array.of(1, 70000), "w")).toThrow(/w\[1\] = 70000/);
    expect(() => encodeFloat16(Float32Array.of(Number.NaN))).toThrow(/float16/);
    expect(() => encodeFloat16(Float32Array.of(Number.NEGATIVE_INFINITY))).toThrow(/float16/);
  });
});
