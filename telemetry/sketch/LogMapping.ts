/**
 * Logarithmic index mapping of DDSketch (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable
 * Quantile Sketch with Relative-Error Guarantees", VLDB 2019, §2): with γ = (1 + α) / (1 − α),
 * bucket i holds the magnitudes in (γ^(i−1), γ^i], and its representative 2γ^i / (γ + 1) is within
 * relative error α of every magnitude in it.
 * @example const m = new LogMapping(0.01); m.value(m.index(42)) // within 1% of 42
 */
export class LogMapping {
  readonly alpha: number;
  readonly gamma: number;
  private readonly logGamma: number;

  constructor(alpha: number) {
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`relative accuracy must be in (0, 1), got ${alpha}`);
    this.alpha = alpha;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
  }

  /** Bucket index of a positive finite magnitude. */
  index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) / this.logGamma);
  }

  /** Representative magnitude of bucket `index`. */
  value(index: number): number {
    return (2 * Math.exp(index * this.logGamma)) / (this.gamma + 1);
  }

  /** Lower bound (exclusive) of the magnitudes in bucket `index`. */
  lowerBound(index: number): number {
    return Math.exp((index - 1) * this.logGamma);
  }
}
