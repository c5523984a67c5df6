// Drift detection power and false alarms, `npx tsx test/bench/telemetry-drift.ts [--quick]`.
//
// What a report contributes: one device window scores RAW_SCORES = 100 candidates (e.g. two
// recommend() calls of 50); the device filter (privatizeReport → scaleCounts) normalises the
// score histogram to HISTOGRAM_WEIGHT = 20 scored candidates, so a window of R reports holds
// exactly 20·R scores. Privacy noise: the edge releases the merged 22-entry score vector
// (underflow, 20 bins, overflow) with Laplace noise of scale Δ/ε = 20/1 (ε = 1 per release, L1
// sensitivity of one report = 20), clamped at 0. Reference: Beta(2, 6) scores, a ranker whose
// probabilities sit mostly below 0.5. Shift: Beta(2·s, 6) with s solved so that the population
// PSI against the reference is exactly 0.2. Detector: metric > driftThreshold(reference,
// 20·R, { alpha: 0.01, noise, trials: 2000 }); under noise PSI floors both sides at
// psiFloorFor(noise, n) = 2·20/n (the 1e-4-floor PSI is shown beside it). Baseline (same run): the rule of thumb PSI > 0.1.
// Sensitivity: the null assumes a window's scores are independent draws. Real devices differ, so
// a last block draws each device's own score mix from Dirichlet(C·p) (C = 200, or --dirichlet C)
// and shows what that over-dispersion does to the false-alarm rate.
import {
  addNoise,
  DRIFT_METRICS,
  type DriftMetric,
  driftMetric,
  driftThreshold,
  HISTOGRAM_WEIGHT,
  laplaceFor,
  layoutPositions,
  logGamma,
  multinomial,
  type NoiseSpec,
  normal,
  PSI_EPSILON,
  psi,
  psiFloorFor,
  type Rng,
  scaleCounts,
  seededRng,
} from "../../telemetry/index.ts";

const quick = process.argv.includes("--quick");
const WINDOWS = quick ? 200 : 1000;
const REPORT_COUNTS = [200, 500, 2000];
const RAW_SCORES = 100;
const ALPHA = 0.01;
const noise = laplaceFor(1, HISTOGRAM_WEIGHT);
const positions = layoutPositions("score");

/** P(bin) of Beta(a, b) over 20 equal bins on [0, 1], as the 22-entry vector (no under/overflow). */
function betaBins(a: number, b: number): number[] {
  const steps = 400; // Simpson per bin; the pdf is smooth for a, b ≥ 1
  const logNorm = logGamma(a + b) - logGamma(a) - logGamma(b);
  const pdf = (x: number) =>
    x <= 0 || x >= 1 ? 0 : Math.exp(logNorm + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x));
  const bins = Array.from({ length: 20 }, (_, i) => {
    const lo = i / 20;
    const h = 1 / 20 / steps;
    let s = pdf(lo) + pdf(lo + 1 / 20);
    for (let k = 1; k < steps; k++) s += (k % 2 ? 4 : 2) * pdf(lo + k * h);
    return (s * h) / 3;
  });
  const total = bins.reduce((x, y) => x + y, 0);
  return [0, ...bins.map((x) => x / total), 0];
}

const reference = betaBins(2, 6);
// Solve PSI(Beta(2s, 6), reference) = 0.2 for s > 1 by bisection (PSI grows with s here).
let lo = 1;
let hi = 3;
for (let i = 0; i < 60; i++) {
  const mid = (lo + hi) / 2;
  if (psi(betaBins(2 * mid, 6), reference) < 0.2) lo = mid;
  else hi = mid;
}
const shiftScale = (lo + hi) / 2;
const shifted = betaBins(2 * shiftScale, 6);

/** One window: R reports of RAW_SCORES draws each, normalised to 20, merged, noised. */
function window(rng: Rng, p: number[], reports: number, withNoise: boolean, dirichlet = 0): number[] {
  const merged = new Array<number>(p.length).fill(0);
  for (let r = 0; r < reports; r++) {
    const raw = multinomial(rng, RAW_SCORES, dirichlet > 0 ? dirichletDraw(rng, p, dirichlet) : p);
    const sent = scaleCounts(raw, HISTOGRAM_WEIGHT, rng);
    for (let i = 0; i < merged.length; i++) merged[i] += sent[i];
  }
  return withNoise ? addNoise(merged, noise, rng) : merged;
}

const t0 = performance.now();
console.log(
  `reference Beta(2, 6); shift Beta(${(2 * shiftScale).toFixed(4)}, 6): population PSI ${psi(shifted, reference).toFixed(4)}, ` +
    `JS ${driftMetric("js", shifted, reference, positions).toFixed(4)}, KS ${driftMetric("ks", shifted, reference, positions).toFixed(4)}, ` +
    `W1 ${driftMetric("wasserstein", shifted, reference, positions).toFixed(4)}`,
);
console.log(
  `${WINDOWS} windows per cell, ${RAW_SCORES} raw scores → ${HISTOGRAM_WEIGHT} per report, Laplace scale ${noise.kind === "laplace" ? noise.scale : "?"}, α = ${ALPHA}, node ${process.version}\n`,
);
console.log(
  "| reports | scores | noise | metric | threshold | power (PSI-0.2 shift) | false alarms (unchanged) |",
);
console.log("|---|---|---|---|---|---|---|");
const rng = seededRng(20261128);
for (const withNoise of [true, false]) {
  for (const reports of REPORT_COUNTS) {
    const n = reports * HISTOGRAM_WEIGHT;
    const spec = withNoise ? noise : undefined;
    const detectors = detectorsFor(spec, n);
    const thresholds = detectors.map((d) =>
      driftThreshold(reference, n, {
        metric: d.metric,
        alpha: ALPHA,
        noise: spec,
        trials: 2000,
        positions,
        psiFloor: d.floor,
      }),
    );
    const power = detectors.map(() => 0);
    const alarms = detectors.map(() => 0);
    let fixedPower = 0;
    let fixedAlarms = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const same = window(rng, reference, reports, withNoise);
      const moved = window(rng, shifted, reports, withNoise);
      detectors.forEach((d, k) => {
        if (driftMetric(d.metric, moved, reference, positions, d.floor) > thresholds[k]) power[k]++;
        if (driftMetric(d.metric, same, reference, positions, d.floor) > thresholds[k]) alarms[k]++;
      });
      if (psi(moved, reference) > 0.1) fixedPower++;
      if (psi(same, reference) > 0.1) fixedAlarms++;
    }
    const label = withNoise ? "Laplace 20" : "none";
    detectors.forEach((d, k) => {
      console.log(
        `| ${reports} | ${n} | ${label} | ${d.label} | ${thresholds[k].toFixed(4)} | ${frac(power[k])} | ${frac(alarms[k])} |`,
      );
    });
    console.log(
      `| ${reports} | ${n} | ${label} | psi > 0.1 fixed (baseline) | 0.1000 | ${frac(fixedPower)} | ${frac(fixedAlarms)} |`,
    );
  }
}

const cArg = process.argv.indexOf("--dirichlet");
const C = cArg > 0 ? Number(process.argv[cArg + 1]) : 200;
console.log(
  `\nHeterogeneous devices (each report's score mix ~ Dirichlet(${C}·p)), Laplace 20, threshold as above:`,
);
console.log("| reports | metric | power (PSI-0.2 shift) | false alarms (unchanged) |");
console.log("|---|---|---|---|");
for (const reports of [500]) {
  const n = reports * HISTOGRAM_WEIGHT;
  for (const d of detectorsFor(noise, n)) {
    const threshold = driftThreshold(reference, n, {
      metric: d.metric,
      alpha: ALPHA,
      noise,
      trials: 2000,
      positions,
      psiFloor: d.floor,
    });
    let power = 0;
    let alarms = 0;
    const r2 = seededRng(7 + d.label.length);
    for (let w = 0; w < WINDOWS; w++) {
      if (
        driftMetric(d.metric, window(r2, shifted, reports, true, C), reference, positions, d.floor) >
        threshold
      )
        power++;
      if (
        driftMetric(d.metric, window(r2, reference, reports, true, C), reference, positions, d.floor) >
        threshold
      )
        alarms++;
    }
    console.log(`| ${reports} | ${d.label} | ${frac(power)} | ${frac(alarms)} |`);
  }
}
console.log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** The detectors compared: PSI with the noise-aware floor (and, under noise, the plain 1e-4 floor), JS, W1, KS. */
function detectorsFor(
  spec: NoiseSpec | undefined,
  n: number,
): { label: string; metric: DriftMetric; floor: number }[] {
  const floor = psiFloorFor(spec, n);
  const list: { label: string; metric: DriftMetric; floor: number }[] = [
    { label: spec ? `psi (floor ${floor.toFixed(4)})` : "psi", metric: "psi", floor },
  ];
  if (spec) list.push({ label: `psi (floor ${PSI_EPSILON})`, metric: "psi", floor: PSI_EPSILON });
  for (const m of DRIFT_METRICS) if (m !== "psi") list.push({ label: m, metric: m, floor });
  return list;
}

/** Dirichlet(c·p) draw via normalised Gamma(c·p_i) (Marsaglia & Tsang 2000; boost for shape < 1). */
function dirichletDraw(rng: Rng, p: number[], c: number): number[] {
  const g = p.map((pi) => (pi > 0 ? gammaDraw(rng, c * pi) : 0));
  const total = g.reduce((a, b) => a + b, 0);
  return g.map((x) => x / total);
}

function gammaDraw(rng: Rng, shape: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1) * rng() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function frac(k: number): string {
  return `${((100 * k) / WINDOWS).toFixed(1)}%`;
}
