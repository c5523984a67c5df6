// A cohort's report stream, one simulated minute at a time, as the sufficient statistics the
// decision core reads (per guardrail: n, Σx, Σy, Σx², Σy², Σxy). Drawing every report of 50,000
// an hour for 200 runs would take hours, so: a minute with few reports (λ < 50, the canary's first
// steps) adds Poisson(λ) freshly drawn reports; a larger minute adds the compound-Poisson sum's
// Gaussian limit, mean λ·E[v] and covariance λ·E[vvᵀ] of v = (1[x>0], x, y, x², y², xy) per
// guardrail, with E[v] and E[vvᵀ] estimated once from paired draws (fleetModel.drawPair).
import { addToSums, type RatioSums } from "../../../telemetry/rollout";
import { normal, type Rng } from "../../../telemetry/util/rng";
import { drawPair, type Layout, poisson, type Variant } from "./fleetModel";

const DIM = 6;
const SMALL_MINUTE = 50;

/** Lower Cholesky factor of a positive semi-definite matrix (columns of a null direction are 0). */
function cholesky(m: number[][]): number[][] {
  const l = m.map(() => new Array<number>(DIM).fill(0));
  const scale = Math.max(...m.map((row, i) => row[i]));
  for (let j = 0; j < DIM; j++) {
    let d = m[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (d <= 1e-12 * scale) continue;
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < DIM; i++) {
      let s = m[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}

type Block = { mean: number[]; chol: number[][] };
type Side = "control" | "canary";

/** Sum and second-moment accumulators of one block. */
class Moments {
  readonly sum = new Array<number>(DIM).fill(0);
  readonly second = Array.from({ length: DIM }, () => new Array<number>(DIM).fill(0));
  private readonly v = new Array<number>(DIM).fill(0);
  add(x: number, y: number): void {
    if (!(x > 0)) return; // a report without the metric adds nothing to any sum
    const v = this.v;
    [v[0], v[1], v[2], v[3], v[4], v[5]] = [1, x, y, x * x, y * y, x * y];
    for (let i = 0; i < DIM; i++) {
      this.sum[i] += v[i];
      for (let j = 0; j <= i; j++) this.second[i][j] += v[i] * v[j];
    }
  }
  block(n: number): Block {
    const m = this.second.map((row, i) =>
      row.map((_, j) => (i >= j ? this.second[i][j] : this.second[j][i]) / n),
    );
    return { mean: this.sum.map((s) => s / n), chol: cholesky(m) };
  }
}

/**
 * Both cohorts' streams for one variant, their moments estimated from `samples` paired draws.
 * @example const { control, canary } = pairedStreams(rng, layout, { ctrFactor: 0.95, latencyFactor: 1 });
 */
export function pairedStreams(
  rng: Rng,
  layout: Layout,
  variant: Variant,
  samples = 200_000,
): { control: CohortStream; canary: CohortStream } {
  const blocks = layout.cohort.length + layout.width - layout.scoreAt;
  const acc = { control: [] as Moments[], canary: [] as Moments[] };
  for (let b = 0; b < blocks; b++) {
    acc.control.push(new Moments());
    acc.canary.push(new Moments());
  }
  const rows = { control: new Float64Array(layout.width), canary: new Float64Array(layout.width) };
  for (let r = 0; r < samples; r++) {
    drawPair(rng, layout, variant, rows.control, rows.canary);
    for (const side of ["control", "canary"] as const) {
      for (let b = 0; b < blocks; b++) acc[side][b].add(...xyOf(layout, rows[side], b));
    }
  }
  const stream = (side: Side) =>
    new CohortStream(
      layout,
      variant,
      side,
      acc[side].map((m) => m.block(samples)),
    );
  return { control: stream("control"), canary: stream("canary") };
}

/** Block b of a report row: a cohort guardrail's (x, y), or a score bin's (20, count). */
function xyOf(layout: Layout, row: Float64Array, b: number): [number, number] {
  const n = layout.cohort.length;
  return b < n ? [row[2 * b], row[2 * b + 1]] : [20, row[layout.scoreAt + b - n]];
}

export class CohortStream {
  private readonly z = new Array<number>(DIM).fill(0);
  private readonly rows: { control: Float64Array; canary: Float64Array };
  /** Mean impressions per report (of the all-slot CTR guardrail). */
  readonly meanImpressions: number;

  constructor(
    private readonly layout: Layout,
    private readonly variant: Variant,
    private readonly side: Side,
    private readonly blocks: Block[],
  ) {
    this.rows = { control: new Float64Array(layout.width), canary: new Float64Array(layout.width) };
    this.meanImpressions = blocks[layout.impressionsAt].mean[1];
  }

  /**
   * Adds one minute of `lambda` expected reports: into `cohort[i]` for each cohort guardrail and,
   * when given, into `scores[b]` for each score bin. Returns the reports and impressions added.
   */
  addMinute(
    rng: Rng,
    lambda: number,
    cohort: RatioSums[],
    scores?: RatioSums[],
  ): { reports: number; impressions: number } {
    const nCohort = this.layout.cohort.length;
    const targets = (b: number) => (b < nCohort ? cohort[b] : scores?.[b - nCohort]);
    const before = {
      reports: cohort[this.layout.reportsAt].n,
      impressions: cohort[this.layout.impressionsAt].x,
    };
    if (lambda < SMALL_MINUTE) {
      const n = poisson(rng, lambda);
      for (let k = 0; k < n; k++) {
        drawPair(rng, this.layout, this.variant, this.rows.control, this.rows.canary);
        for (let b = 0; b < this.blocks.length; b++) {
          const into = targets(b);
          if (into) addToSums(into, ...xyOf(this.layout, this.rows[this.side], b));
        }
      }
    } else {
      const root = Math.sqrt(lambda);
      for (let b = 0; b < this.blocks.length; b++) {
        const into = targets(b);
        if (into) this.addGaussian(rng, this.blocks[b], lambda, root, into);
      }
    }
    return {
      reports: cohort[this.layout.reportsAt].n - before.reports,
      impressions: cohort[this.layout.impressionsAt].x - before.impressions,
    };
  }

  private addGaussian(rng: Rng, { mean, chol }: Block, lambda: number, root: number, into: RatioSums): void {
    for (let i = 0; i < DIM; i++) this.z[i] = normal(rng);
    const d = mean.map((m, i) => {
      let s = 0;
      for (let k = 0; k <= i; k++) s += chol[i][k] * this.z[k];
      return lambda * m + root * s;
    });
    into.n += d[0];
    into.x += d[1];
    into.y += d[2];
    into.xx += d[3];
    into.yy += d[4];
    into.xy += d[5];
  }
}
