import { describe, expect, it } from "vitest";
import { seededRng } from "../util/rng";
import { aggregateContributions, pairKey, trendingCounts } from "./aggregateContributions";
import { CONTRIBUTION_BOUNDS, CONTRIBUTION_VERSION } from "./constants";
import { gdpDelta, gdpEpsilon, gdpMu } from "./gaussianAccounting";
import { DEFAULT_RELEASE_BUDGET, noisePlan, STATISTICS } from "./noisePlan";
import { laplaceThreshold, selectPartitions } from "./partitionSelection";
import { emptyPools, fleetPools } from "./pools";
import { decayFor, poolDecayed, pooledNoiseSd, releaseOverDomain } from "./releaseCounts";
import { periodDays, periodOf, RELEASE_PERIOD_DAYS } from "./releasePeriod";
import { releaseDay, releaseTrendingStep } from "./releaseStatistics";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
};

describe("Gaussian DP accounting", () => {
  it("matches δ(ε) computed by hand and inverts it", () => {
    // μ = 1, ε = 1: Φ(−0.5) − e·Φ(−1.5) = 0.308538 − 2.718282 × 0.066807 = 0.126940.
    expect(gdpDelta(1, 1)).toBeCloseTo(0.12694, 4);
    const mu = gdpMu(1, 1e-6);
    expect(mu).toBeCloseTo(0.2367, 3);
    expect(gdpDelta(mu, 1)).toBeLessThanOrEqual(1e-6);
    expect(gdpDelta(mu * 1.01, 1)).toBeGreaterThan(1e-6);
    expect(gdpEpsilon(mu, 1e-6)).toBeCloseTo(1, 6);
  });

  it("splits the device-day budget so the statistics compose back to exactly (ε, δ)", () => {
    const plan = noisePlan();
    const composed = Math.sqrt(
      STATISTICS.reduce((s, k) => s + CONTRIBUTION_BOUNDS[k] / plan.sigma[k] ** 2, 0),
    );
    expect(composed).toBeCloseTo(plan.mu, 9);
    expect(gdpEpsilon(composed, DEFAULT_RELEASE_BUDGET.delta)).toBeCloseTo(DEFAULT_RELEASE_BUDGET.epsilon, 6);
    for (const k of STATISTICS) expect(plan.epsilon[k]).toBeLessThan(1);
    expect(() =>
      noisePlan({ ...DEFAULT_RELEASE_BUDGET, shares: { ...DEFAULT_RELEASE_BUDGET.shares, viewed: 0.9 } }),
    ).toThrow(RangeError);
  });
});

describe("release over a public domain", () => {
  it("adds Gaussian noise at the stated scale (variance and tail mass over 40,000 keys)", () => {
    const sigma = noisePlan().sigma.viewed;
    const domain = range(40_000);
    const counts = new Map(domain.map((id) => [id, id % 7] as const));
    const released = releaseOverDomain(counts, domain, sigma, seededRng(11));
    const noise = domain.map((id) => (released.get(id) ?? Number.NaN) - (id % 7));
    // sd of the sample variance ratio is √(2/n) ≈ 0.7 %, so 3 % is > 4 sd; a tail mass of 5 % has
    // sd 0.11 %, so ±0.5 % is > 4 sd. Laplace noise of the same sd has 4.2 % beyond 1.96 σ.
    expect(sd(noise) / sigma).toBeGreaterThan(0.97);
    expect(sd(noise) / sigma).toBeLessThan(1.03);
    const tail = noise.filter((x) => Math.abs(x) > 1.96 * sigma).length / noise.length;
    expect(Math.abs(tail - 0.05)).toBeLessThan(0.005);
  });

  it("releases trending steps with σ = √B_t / (μ·√share), measured over 40,000 keys", () => {
    const { mu, sigma, budget } = noisePlan();
    const stated = Math.sqrt(CONTRIBUTION_BOUNDS.trending) / (mu * Math.sqrt(budget.shares.trending));
    expect(sigma.trending).toBeCloseTo(stated, 9);
    expect(sigma.trending).toBeCloseTo(9.45, 2); // B_t = 1 at ε = 1 (21.1 when it re-released B = 5 views)
    const domain = range(40_000);
    const released = releaseTrendingStep(new Map([[3, 50]]), domain, noisePlan(), seededRng(12));
    const noise = domain.map((id) => (released.get(id) ?? Number.NaN) - (id === 3 ? 50 : 0));
    expect(sd(noise) / stated).toBeGreaterThan(0.97);
    expect(sd(noise) / stated).toBeLessThan(1.03);
  });

  it("releases every domain key, zero counts included, and nothing outside the domain", () => {
    const counts = new Map([
      [1, 500],
      [999, 500],
    ]);
    const released = releaseOverDomain(counts, [1, 2, 3], 10, seededRng(2));
    expect([...released.keys()]).toEqual([1, 2, 3]);
    expect(released.has(999)).toBe(false);
  });

  it("releases a day: items over the catalog and only candidate pairs", () => {
    const rows = [
      {
        contributionVersion: CONTRIBUTION_VERSION,
        contributionId: "a".repeat(32),
        day: "2026-11-30",
        viewed: [1, 2],
        clicked: [],
        carted: [],
        transitions: [
          [1, 2],
          [2, 9],
        ] as [number, number][],
        trending: [1],
      },
      {
        contributionVersion: CONTRIBUTION_VERSION,
        contributionId: "b".repeat(32),
        day: "2026-11-30",
        viewed: [1],
        clicked: [1],
        carted: [],
        transitions: [[1, 2]] as [number, number][],
        trending: [2],
      },
    ];
    const counts = aggregateContributions(rows);
    expect(trendingCounts(rows)).toEqual(
      new Map([
        [1, 1],
        [2, 1],
      ]),
    );
    expect(counts.viewed.get(1)).toBe(2);
    expect(counts.transitions.get(pairKey(1, 2))).toBe(2);
    const out = releaseDay(
      counts,
      { items: [1, 2, 3], pairs: [pairKey(1, 2), pairKey(2, 1)] },
      noisePlan(),
      seededRng(3),
    );
    expect([...out.transitions.keys()]).toEqual(["1>2", "2>1"]);
    expect(out.transitions.has(pairKey(2, 9))).toBe(false);
    expect([...out.clicked.keys()]).toEqual([1, 2, 3]);
  });
});

describe("open-domain partition selection", () => {
  it("needs the issue's counts: ≈155 at ε = 1 and ≈78 at ε = 2 (δ = 10⁻⁶, 10 pairs per device-day)", () => {
    expect(laplaceThreshold({ epsilon: 1, delta: 1e-6, maxPartitions: 10 })).toBeCloseTo(155.2, 0);
    expect(laplaceThreshold({ epsilon: 2, delta: 1e-6, maxPartitions: 10 })).toBeCloseTo(78.1, 0);
  });

  it("never releases pairs below the threshold that few devices hold, and releases the head", () => {
    const options = { epsilon: 1, delta: 1e-6, maxPartitions: 10 };
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) counts.set(`rare${i}`, 1 + (i % 20));
    counts.set("head", 1_000);
    const out = selectPartitions(counts, options, seededRng(4));
    expect([...out.keys()]).toEqual(["head"]);
  });

  it("releases a pair at the threshold about half the time (the noise is Laplace(Δ₀/ε))", () => {
    const options = { epsilon: 1, delta: 1e-6, maxPartitions: 10 };
    const tau = laplaceThreshold(options);
    const counts = new Map(range(20_000).map((i) => [i, tau] as const));
    const share = selectPartitions(counts, options, seededRng(5)).size / 20_000;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.015);
    // 20 above the threshold (two scales) passes with 1 − ½e⁻² ≈ 0.932.
    const above = new Map(range(20_000).map((i) => [i, tau + 20] as const));
    expect(selectPartitions(above, options, seededRng(6)).size / 20_000).toBeCloseTo(0.932, 1);
  });
});

describe("continual release by decayed pooling", () => {
  it("pools exactly (pool·decay + release) and the pooled noise has sd σ/√(1 − decay²)", () => {
    expect(
      poolDecayed(
        new Map([
          [1, 10],
          [2, 4],
        ]),
        new Map([
          [1, 4],
          [3, 1],
        ]),
        0.5,
      ),
    ).toEqual(
      new Map([
        [1, 9],
        [2, 2],
        [3, 1],
      ]),
    );
    const decay = decayFor(7);
    const sigma = 24;
    const domain = range(5_000);
    const rng = seededRng(7);
    let pool = new Map<number, number>();
    for (let day = 0; day < 120; day++)
      pool = poolDecayed(pool, releaseOverDomain(new Map(), domain, sigma, rng), decay);
    const ratio = sd([...pool.values()]) / pooledNoiseSd(sigma, decay);
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });
});

describe("release periods", () => {
  it("puts every day in exactly one period of RELEASE_PERIOD_DAYS consecutive days", () => {
    const { first, last } = periodDays(periodOf("2026-11-30"));
    expect(periodOf(first)).toBe(periodOf("2026-11-30"));
    expect(periodOf(last)).toBe(periodOf("2026-11-30"));
    expect((Date.parse(last) - Date.parse(first)) / 86_400_000 + 1).toBe(RELEASE_PERIOD_DAYS);
    const next = new Date(Date.parse(last) + 86_400_000).toISOString().slice(0, 10);
    expect(periodOf(next)).toBe(periodOf(last) + 1);
  });
});

describe("fleetPools: popularity from released views, clicks and carts", () => {
  const plan = noisePlan();
  const domain = range(12_000);
  const released = (count: (id: number) => number, sigma: number, seed: number) =>
    releaseOverDomain(new Map(domain.map((id) => [id, count(id)] as const)), domain, sigma, seededRng(seed));
  const views = (id: number) => (id < 1_000 ? 40 : 0);

  it("adds no click or cart noise when their released totals show no signal", () => {
    const pools = {
      ...emptyPools(),
      viewed: released(views, plan.sigma.viewed, 21),
      clicked: released(() => 0, plan.sigma.clicked, 22),
      carted: released(() => 0, plan.sigma.carted, 23),
    };
    const out = fleetPools(pools, plan);
    expect(out.popularity).toEqual(pools.viewed);
    const period = decayFor(14) ** RELEASE_PERIOD_DAYS;
    expect(out.sd.popularity).toBeCloseTo(pooledNoiseSd(plan.sigma.viewed, period), 9);
  });

  it("weighs clicks by their signal where they carry one, which lowers the noise in views units", () => {
    const pools = {
      ...emptyPools(),
      viewed: released(views, plan.sigma.viewed, 24),
      clicked: released((id) => views(id) * 2, plan.sigma.clicked, 25),
      carted: released(() => 0, plan.sigma.carted, 26),
    };
    const out = fleetPools(pools, plan);
    const period = decayFor(14) ** RELEASE_PERIOD_DAYS;
    expect(out.sd.popularity).toBeLessThan(pooledNoiseSd(plan.sigma.viewed, period));
    // Still in views: the head's mean stays near 40 (its sd here is < 0.5).
    const head = range(1_000).map((id) => out.popularity.get(id) ?? 0);
    expect(Math.abs(head.reduce((a, b) => a + b, 0) / head.length - 40)).toBeLessThan(2);
  });
});
