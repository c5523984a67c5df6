import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { seededRng } from "../../telemetry";
import { quantizeUint8 } from "./quantizeUint8";

// Data come from a seeded generator so that a failure reproduces.
const n = 5000;
const datasets: Record<string, () => Float32Array> = {
  "symmetric uniform": () => Float32Array.from({ length: n }, seededRng(1)).map((u) => 2 * u - 1),
  "gaussian-ish embeddings": () => {
    const r = seededRng(2);
    return Float32Array.from({ length: n }, () => (r() + r() + r() - 1.5) * 0.2);
  },
  "all positive": () => Float32Array.from({ length: n }, seededRng(3)).map((u) => 3 + u),
  "all negative": () => Float32Array.from({ length: n }, seededRng(4)).map((u) => -7 - 10 * u),
  "heavy outlier": () =>
    Float32Array.from({ length: n }, seededRng(5)).map((u, i) => (i === 17 ? 250 : u * 1e-3)),
  "all zeros": () => new Float32Array(n),
  "one element": () => Float32Array.of(-0.37),
  constant: () => new Float32Array(64).fill(0.25),
  "large magnitudes": () => Float32Array.from({ length: n }, seededRng(6)).map((u) => (u - 0.3) * 1e6),
  empty: () => new Float32Array(0),
};

/** Dequantizes through tfjs itself: the exact path the browser takes. */
function decodeWithTf(x: Float32Array): { decoded: Float32Array; scale: number; min: number; q: Uint8Array } {
  const { values, min, scale } = quantizeUint8(x);
  const spec: tf.io.WeightsManifestEntry = {
    name: "w",
    shape: [x.length],
    dtype: "float32",
    quantization: { dtype: "uint8", min, scale },
  };
  const buffer = values.slice().buffer;
  const decoded = tf.io.decodeWeights(buffer, [spec]).w;
  const out = decoded.dataSync() as Float32Array;
  decoded.dispose();
  return { decoded: out, scale, min, q: values };
}

describe("quantizeUint8 → tf.io.decodeWeights", () => {
  for (const [label, make] of Object.entries(datasets)) {
    it(`keeps every element within scale / 2 (${label})`, () => {
      const x = make();
      const { decoded, scale } = decodeWithTf(x);
      expect(decoded.length).toBe(x.length);
      for (let i = 0; i < x.length; i++) {
        // scale / 2 is the analytic bound; the float32 store of the result adds at most half an ulp of it.
        const bound = scale / 2 + Math.abs(decoded[i]) * 2 ** -24 + 1e-12;
        expect(Math.abs(x[i] - decoded[i])).toBeLessThanOrEqual(bound);
      }
    });
  }

  it("represents zero exactly, so zero padding rows stay zero", () => {
    const x = Float32Array.of(-0.9, 0, 0.31, 0, 2.2);
    const { decoded } = decodeWithTf(x);
    expect(decoded[1]).toBe(0);
    expect(decoded[3]).toBe(0);
  });

  it("uses the full 0..255 code range for a range spanning zero", () => {
    const { q } = decodeWithTf(Float32Array.of(-1, 0, 1));
    expect(Math.min(...q)).toBe(0);
    expect(Math.max(...q)).toBe(255);
  });

  it("rejects NaN and infinite values", () => {
    expect(() => quantizeUint8(Float32Array.of(1, Number.NaN), "emb")).toThrow(/emb\[1\] = NaN/);
    expect(() => quantizeUint8(Float32Array.of(Number.POSITIVE_INFINITY))).toThrow(/finite/);
  });
});
