// The simulated fleet of test/bench/rollout-power.ts: what one report of either cohort contributes
// to every guardrail of the default plan. Stated once here, quoted in the write-up.
import type { CohortGuardrail, RolloutPlan } from "../../../telemetry/rollout";
import { normal, type Rng } from "../../../telemetry/util/rng";

/** How the canary differs from live: CTR and latency multipliers. */
export type Variant = { ctrFactor: number; latencyFactor: number };

/** Slots: chance that a report shows the slot, and its base CTR per impression. */
export const SLOT_MODEL: Record<string, { shown: number; ctr: number }> = {
  home: { shown: 0.6, ctr: 0.04 },
  item: { shown: 0.5, ctr: 0.06 },
  category: { shown: 0.3, ctr: 0.05 },
  search: { shown: 0.3, ctr: 0.08 },
  cart: { shown: 0.15, ctr: 0.04 },
  other: { shown: 0.05, ctr: 0.03 },
};
/** Impressions in a shown slot: 1 + Poisson(9.5), so ~20 impressions per report. */
export const SLOT_EXTRA_IMPRESSIONS = 9.5;
/** A device's CTR multiplier ~ Gamma(2, ½): mean 1, CV 0.71 (shoppers differ; clicks cluster). */
export const DEVICE_CTR_SHAPE = 2;
/** Backend shares and median inference ms; inferences per report 1 + Poisson(4). */
export const BACKEND_MODEL: Record<string, { share: number; medianMs: number }> = {
  webgpu: { share: 0.55, medianMs: 4 },
  webgl: { share: 0.25, medianMs: 9 },
  wasm: { share: 0.15, medianMs: 25 },
  cpu: { share: 0.05, medianMs: 120 },
};
/** ln(latency) = ln(median) + device N(0, 0.3²) + inference N(0, 0.4²): total σ 0.5. */
export const LATENCY_SIGMA = { device: 0.3, inference: 0.4 };
export const FAILURE_RATE = 0.002;
export const FALLBACK_RATE = 0.25;
/** Score bins (22, as the score layout) and the canary's own reference: a Beta(2, 6)-like shape. */
export const SCORE_REFERENCE = [
  0,
  ...Array.from({ length: 20 }, (_, i) => (i + 0.5) * Math.exp(-(i + 0.5) / 3)),
  0,
];
const SCORE_TOTAL = SCORE_REFERENCE.reduce((a, b) => a + b, 0);
const SCORE_P = SCORE_REFERENCE.map((c) => c / SCORE_TOTAL);

/** Poisson draw (Knuth's product method; a rounded normal above mean 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/** Gamma(shape ≥ 1, scale) by Marsaglia & Tsang (2000). */
function gamma(rng: Rng, shape: number, scale: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(rng()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/**
 * Column layout of one report: (x, y) per cohort guardrail in plan order, then the score bins;
 * reports are counted on the failure rate (x = 1 in every report), impressions on the all-slot CTR.
 */
export type Layout = {
  cohort: CohortGuardrail[];
  width: number;
  scoreAt: number;
  reportsAt: number;
  impressionsAt: number;
};

export function layoutOf(plan: RolloutPlan): Layout {
  const cohort = plan.guardrails.filter((g): g is CohortGuardrail => g.kind !== "score_drift");
  const at = (id: string) => {
    const i = cohort.findIndex((g) => g.id === id);
    if (i < 0) throw new Error(`the benchmark needs the "${id}" guardrail`);
    return i;
  };
  return {
    cohort,
    width: 2 * cohort.length + SCORE_REFERENCE.length,
    scoreAt: 2 * cohort.length,
    reportsAt: at("error_rate"),
    impressionsAt: at("ctr"),
  };
}

/**
 * One device's report as live would send it (`control`) and as the canary would (`canary`), from
 * the same random draws (common random numbers): the same device, slots, impressions, backend and
 * inference noise, so the two differ only by the variant. Moments estimated from such pairs carry
 * the variant's effect exactly, not plus the sampling noise of two separate samples. Columns: x and
 * y of every cohort guardrail, then the canary's 20 scores per bin (the control has none). The
 * canary's p95 counts use the threshold 1.1·T (its tolerance), the control's T = live's exact p95.
 */
export function drawPair(
  rng: Rng,
  layout: Layout,
  variant: Variant,
  control: Float64Array,
  canary: Float64Array,
): void {
  control.fill(0);
  canary.fill(0);
  const device = gamma(rng, DEVICE_CTR_SHAPE, 1 / DEVICE_CTR_SHAPE);
  const slots: Record<string, [number, number, number]> = {};
  const all: [number, number, number] = [0, 0, 0];
  for (const [slot, m] of Object.entries(SLOT_MODEL)) {
    if (rng() >= m.shown) continue;
    const cell: [number, number, number] = [1 + poisson(rng, SLOT_EXTRA_IMPRESSIONS), 0, 0];
    const p = Math.min(1, m.ctr * device);
    for (let k = 0; k < cell[0]; k++) {
      const u = rng();
      if (u < p) cell[1]++;
      if (u < p * variant.ctrFactor) cell[2]++;
    }
    slots[slot] = cell;
    for (let k = 0; k < 3; k++) all[k] += cell[k];
  }
  const backends = Object.keys(BACKEND_MODEL);
  const backend =
    backends[
      pick(
        rng,
        backends.map((b) => BACKEND_MODEL[b].share),
      )
    ];
  const speed = LATENCY_SIGMA.device * normal(rng);
  const latencies = Array.from(
    { length: 1 + poisson(rng, 4) },
    () => speed + LATENCY_SIGMA.inference * normal(rng),
  );
  const [failed, fellBack] = [rng() < FAILURE_RATE ? 1 : 0, rng() < FALLBACK_RATE ? 1 : 0];
  // ln T − ln median = 1.645·σ_total (live's exact p95); the canary's threshold is (1 + tolerance)·T.
  const lnT = 1.645 * Math.hypot(LATENCY_SIGMA.device, LATENCY_SIGMA.inference);
  layout.cohort.forEach((g, i) => {
    let [x, yc, yt] = [0, 0, 0];
    if (g.kind === "ctr") [x, yc, yt] = g.slice ? (slots[g.slice] ?? [0, 0, 0]) : all;
    else if (g.kind === "error_rate") [x, yc, yt] = [1, failed, failed];
    else if (g.kind === "fallback_rate") [x, yc, yt] = [1, fellBack, fellBack];
    else if (g.kind === "latency_p95" && g.slice === backend) {
      const slow = Math.log(variant.latencyFactor);
      const tT = lnT + Math.log1p(g.tolerance);
      [x, yc, yt] = [
        latencies.length,
        latencies.filter((l) => l > lnT).length,
        latencies.filter((l) => l + slow > tT).length,
      ];
    }
    control.set([x, yc], 2 * i);
    canary.set([x, yt], 2 * i);
  });
  // 20 scores; a device leans on one bin (a fifth of its mass), so its scores cluster too.
  const lean = pick(rng, SCORE_P);
  for (let k = 0; k < 20; k++) canary[layout.scoreAt + (rng() < 0.2 ? lean : pick(rng, SCORE_P))] += 1;
}

function pick(rng: Rng, p: readonly number[]): number {
  let u = rng();
  for (let i = 0; i < p.length; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}
