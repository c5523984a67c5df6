// Test support for the ingest fuzz test (not imported by the Worker): seeded reports that the
// schema accepts but that try to poison or single out: extreme magnitudes, lone rare fields, and
// made-up model versions.
import { BUCKET_LAYOUTS, LAYOUT_NAMES } from "../../../telemetry/histogram";
import {
  ERROR_KINDS,
  HISTOGRAM_WEIGHT,
  MAX_CLICKS,
  MAX_ERRORS_PER_KIND,
  MAX_IMPRESSIONS,
  MAX_REPORT_SKETCH_BUCKETS,
  SKETCH_NAMES,
  SKETCH_WEIGHT_CAPS,
  type SketchName,
  type TelemetryReport,
} from "../../../telemetry/schema";
import { randomReportId } from "../../../telemetry/simulator/syntheticReport";
import type { Rng } from "../../../telemetry/util/rng";

/** What a case is, and whether the edge must merge it. */
export type AdversarialCase = { kind: "extreme" | "lone_rare" | "unknown_version"; report: TelemetryReport };

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const EXTREMES = [0, 1e-300, 1, 1e12, 1.5e308, Number.MAX_VALUE, -Number.MAX_VALUE];

/** A sketch that passes the schema at its weight cap, with buckets and min/max/sum drawn from the extremes. */
function extremeSketch(rng: Rng, name: SketchName) {
  const buckets = 1 + Math.floor(rng() * 4);
  const cap = SKETCH_WEIGHT_CAPS[name];
  const counts = Array.from({ length: buckets }, (_, i) => (i === 0 ? cap - (buckets - 1) : 1));
  const offset = pick(rng, [-99_999, -50_000, 0, 231, 70_000, 99_999 - MAX_REPORT_SKETCH_BUCKETS]);
  const [a, b] = [pick(rng, EXTREMES), pick(rng, EXTREMES)];
  const empty = { offset: 0, counts: [] as number[] };
  const pos = rng() < 0.8 ? { offset, counts } : empty;
  const neg = pos === empty ? { offset, counts } : empty;
  return {
    alpha: 0.005,
    zero: 0,
    pos,
    neg,
    min: Math.min(a, b),
    max: Math.max(a, b),
    sum: pick(rng, EXTREMES),
  };
}

/** A report with every part but the rare ones present at its caps, with extreme sketch values. */
function extreme(rng: Rng, base: TelemetryReport, rare: readonly SketchName[]): TelemetryReport {
  const full = (bins: number) => ({
    counts: Array.from({ length: bins }, (_, i) => (i === bins - 1 ? HISTOGRAM_WEIGHT : 0)),
    underflow: 0,
    overflow: 0,
  });
  const common = SKETCH_NAMES.filter((n) => !rare.includes(n));
  return {
    ...base,
    sketches: Object.fromEntries(common.map((n) => [n, extremeSketch(rng, n)])),
    histograms: Object.fromEntries(LAYOUT_NAMES.map((n) => [n, full(BUCKET_LAYOUTS[n].edges.length - 1)])),
    engagement: { home: { "0": { impressions: MAX_IMPRESSIONS, clicks: MAX_CLICKS } } },
    errors: Object.fromEntries(ERROR_KINDS.map((k) => [k, MAX_ERRORS_PER_KIND])),
  };
}

/** A bare report (no sketch, histogram or impression) that carries one rare part, at extreme values. */
function loneRare(rng: Rng, base: TelemetryReport, rare: SketchName): TelemetryReport {
  return { ...base, sketches: { [rare]: extremeSketch(rng, rare) }, histograms: {}, engagement: {} };
}

/**
 * The `i`-th adversarial but schema-valid case: families cycle, values come from `rng`. `rare`
 * names the parts that only lone reports carry (one case in 15, so fewer than k per part in 600).
 * @example adversarialCase(rng, i, base, ["ttfb", "cls"]).report
 */
export function adversarialCase(
  rng: Rng,
  i: number,
  base: TelemetryReport,
  rare: readonly SketchName[],
): AdversarialCase {
  const report = { ...base, reportId: randomReportId(rng) };
  switch (i % 3) {
    case 0:
      return { kind: "extreme", report: extreme(rng, report, rare) };
    case 1:
      // One case in 15 is a lone rare report: 600 cases give ~13 per rare part, under k = 50.
      return i % 15 === 1
        ? { kind: "lone_rare", report: loneRare(rng, report, pick(rng, rare)) }
        : { kind: "extreme", report: extreme(rng, report, rare) };
    default:
      return {
        kind: "unknown_version",
        report: { ...report, modelVersion: `made-up-${randomReportId(rng).slice(0, 12)}` },
      };
  }
}
