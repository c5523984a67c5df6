/**
 * Dense feature transform: non-finite → 0, then signed log1p (counts and co-occurrence strengths
 * are heavy-tailed; log1p keeps ordering and shrinks the tail), then standardise and clip.
 * @example transformFeature(Number.NaN, 0, 1, 5) // 0
 */
export function transformFeature(raw: number, mean: number, std: number, clip: number): number {
  const v = signedLog1p(raw);
  const z = (v - mean) / (std > 0 && Number.isFinite(std) ? std : 1);
  if (!Number.isFinite(z)) return 0;
  return Math.min(clip, Math.max(-clip, z));
}

/**
 * {@link transformFeature} for one feature, with 0 encoded once and the last other value remembered: most edge
 * features are 0 (source flags, absent co-occurrence) and many repeat from one candidate to the next
 * (flags, the history's length), so the log and the division run only for a new value. Same results to
 * the bit.
 */
export function featureScaler(mean: number, std: number, clip: number): (raw: number) => number {
  const zero = transformFeature(0, mean, std, clip);
  let last = Number.NaN;
  let lastOut = 0;
  return (raw) => {
    if (raw === 0) return zero; // −0 too, as it always was
    // NaN never equals itself, so it is transformed (to 0) every time.
    if (raw !== last) {
      last = raw;
      lastOut = transformFeature(raw, mean, std, clip);
    }
    return lastOut;
  };
}

/** sign(x)·log(1 + |x|); non-finite input gives 0. @example signedLog1p(-(Math.E - 1)) // -1 */
export function signedLog1p(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/**
 * Mean and standard deviation per column of row-major `rows` (F columns) that are already
 * log-transformed (encode with featureMean 0, featureStd 1, featureClip Infinity): the values to
 * store as `featureMean` / `featureStd`.
 * @example fitFeatureScaling(new Float32Array([0, 0]), 1) // { mean: [0], std: [1] }
 */
export function fitFeatureScaling(
  rows: Float32Array,
  numFeatures: number,
): { mean: number[]; std: number[] } {
  const n = numFeatures === 0 ? 0 : Math.floor(rows.length / numFeatures);
  const mean = new Array<number>(numFeatures).fill(0);
  const sq = new Array<number>(numFeatures).fill(0);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < numFeatures; f++) {
      const v = rows[r * numFeatures + f];
      mean[f] += v;
      sq[f] += v * v;
    }
  }
  const std = mean.map((s, f) => {
    const m = n > 0 ? s / n : 0;
    mean[f] = m;
    const variance = n > 0 ? sq[f] / n - m * m : 0;
    // A constant column keeps std 1 so it encodes to 0 rather than dividing by zero.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}
