// Freshness of fleet-learned trending (issue 14, part 3), `npx tsx test/bench/fleet-freshness.ts [--runs N]`.
// A store with Beauty's catalog and its raw-log index imported; 10,000 browsers an hour, each a
// visit of 3 item views (one a minute) drawn from Beauty's training popularity. Each browser runs the
// client's contribution loop: a tick every contribution window (random phase) and one when the page
// is hidden at the visit's end, each bounding the day so far (`nextContribution`) and sending what is
// new through the edge's parser. From t0 (a uniform minute), 5 % of arriving browsers view a new
// item X first. Each completed trending step is released with the real path (aggregateContributions →
// releaseTrendingStep → poolStep → fleetPools → foldFleetCounts), and the home context's top 50 comes
// from the shared generator. Reported per setting, over seeded runs: minutes from X's first view to
// the cron run whose fold has X in the home top 50, and the noise items (no views at all) that the
// fold put into trending. Writes test/bench/results/fleet-freshness.json.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_INTERVAL_MS } from "../../client/learning/startContributions.ts";
import {
  buildCandidateIndex,
  type CandidateIndex,
  generateCandidates,
  indexLookups,
} from "../../edge/candidates/index.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import {
  CONTRIBUTION_BOUNDS,
  CONTRIBUTION_VERSION,
  type Contribution,
  type ContributionBounds,
  DEFAULT_RELEASE_BUDGET,
  emptyPools,
  emptySent,
  fleetPools,
  foldFleetCounts,
  type ItemEvent,
  nextContribution,
  noisePlan,
  POOL_HALF_LIFE,
  parseContribution,
  poolStep,
  type ReleaseBudget,
  releaseTrendingStep,
  TRENDING_BOUND,
  TRENDING_HALF_LIFE_STEPS,
  TRENDING_STEP_MINUTES,
  trendingCounts,
  utcDay,
} from "../../telemetry/learning";
import { randomReportId } from "../../telemetry/simulator/syntheticReport.ts";
import { type Rng, seededRng } from "../../telemetry/util/rng.ts";

const BROWSERS_PER_HOUR = 10_000;
const VIEWS_PER_VISIT = 3;
const SHARE_VIEWING_X = 0.05;
const WARM_UP_MINUTES = 60;
const HORIZON_MINUTES = 90;
const GOAL_MINUTES = 15;
/** The candidates' cache lifetime (max-age 60 s): what a shopper sees may lag the cron by this much. */
const CACHE_MINUTES = 1;
const TOP = 50;
const EPOCH = Date.parse("2026-01-05T06:00:00Z");
const RUNS = Number(process.argv[process.argv.indexOf("--runs") + 1] || 15);

const { items, sequences } = readBeauty();
const train = sequences.map((s) => s.slice(0, -2));
const base = buildCandidateIndex(train, items, { contentNeighbours: 0 });
// X: the catalog item with no training interaction and the lowest id (a new product).
const X = items.find((it) => (base.items.get(it.id)?.count ?? 0) === 0)?.id ?? items[0].id;
const domainItems = items.map((it) => it.id);
const viewed = [...base.items.values()].filter((it) => it.count > 0);
const cumulative: number[] = [];
let total = 0;
for (const it of viewed) {
  total += it.count;
  cumulative.push(total);
}
const drawItem = (rng: Rng) => {
  const u = rng() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return viewed[lo].id;
};

/** The trending clock and the client's window of one setting. */
type Clock = { stepMinutes: number; halfLifeSteps: number; windowMinutes: number };

/**
 * One measured setting: the clock, the budget, the trending bound per device-day, and where X falls
 * in the visits that view it ("first": the view a shopper arrives with; "any": a uniform position).
 */
type Setting = {
  clock: Clock;
  epsilon: number;
  trending: number;
  trendingBound: number;
  xAt: "first" | "any";
};

/**
 * One browser's visit from `minute`: views one a minute, ticks of the client's loop every window
 * (random phase) while the page is open and once when it is hidden at the end; each tick sends what
 * is new, as the edge accepts it. Returns each contribution with its arrival minute.
 */
function visit(
  rng: Rng,
  minute: number,
  viewsX: boolean,
  { clock, xAt }: Setting,
  bounds: ContributionBounds,
): { at: number; c: Contribution }[] {
  const ids = Array.from({ length: VIEWS_PER_VISIT }, () => drawItem(rng));
  if (viewsX) ids.splice(xAt === "first" ? 0 : Math.floor(rng() * (ids.length + 1)), 0, X);
  const events: ItemEvent[] = ids.map((itemId, k) => ({ type: "view", itemId, at: minute + k }));
  const end = minute + ids.length;
  const ticks: number[] = [];
  for (let t = minute + rng() * clock.windowMinutes; t < end; t += clock.windowMinutes) ticks.push(t);
  ticks.push(end);
  let sent = emptySent(utcDay(EPOCH));
  const out: { at: number; c: Contribution }[] = [];
  for (const t of ticks) {
    const now = EPOCH + t * 60_000;
    const seen = events.filter((e) => e.at <= t).map((e) => ({ ...e, at: EPOCH + e.at * 60_000 }));
    const next = nextContribution(seen, sent, now, bounds);
    sent = next.sent;
    if (!next.lists) continue;
    const body = {
      contributionVersion: CONTRIBUTION_VERSION,
      contributionId: randomReportId(rng),
      day: utcDay(now),
      ...next.lists,
    };
    const parsed = parseContribution(JSON.stringify(body), now, bounds);
    if (!parsed.ok) throw new Error(`refused: ${parsed.message}`);
    out.push({ at: t, c: parsed.contribution });
  }
  return out;
}

/** Minutes from X's first view until a cron run's fold has X in the home top 50, and noise in trending. */
function run(setting: Setting, seed: number): { minutes: number; noisePerFold: number } {
  const { clock } = setting;
  const rng = seededRng(seed);
  const bounds = { ...CONTRIBUTION_BOUNDS, trending: setting.trendingBound };
  const plan = noisePlan(budgetWith(setting.epsilon, setting.trending), bounds);
  const t0 = WARM_UP_MINUTES + Math.floor(rng() * clock.stepMinutes);
  const end = t0 + HORIZON_MINUTES;
  const perStep = new Map<number, Contribution[]>();
  let firstViewOfX = Number.POSITIVE_INFINITY;
  for (let minute = 0; minute < end; minute++) {
    const arrivals = Math.round(BROWSERS_PER_HOUR / 60 + (rng() - 0.5)); // 166 or 167 a minute
    for (let b = 0; b < arrivals; b++) {
      const viewsX = minute >= t0 && rng() < SHARE_VIEWING_X;
      if (viewsX) firstViewOfX = Math.min(firstViewOfX, minute);
      for (const v of visit(rng, minute, viewsX, setting, bounds)) {
        const step = Math.floor(v.at / clock.stepMinutes);
        const list = perStep.get(step) ?? [];
        list.push(v.c);
        perStep.set(step, list);
      }
    }
  }
  let pools = emptyPools();
  const halfLife = { ...POOL_HALF_LIFE, trendingSteps: clock.halfLifeSteps };
  const baseIndex = { items: base.items, neighbours: new Map(), listSize: 500 };
  let noise = 0;
  let folds = 0;
  for (let step = 0; (step + 1) * clock.stepMinutes <= end; step++) {
    const counts = trendingCounts(perStep.get(step) ?? []);
    const released = releaseTrendingStep(counts, domainItems, plan, rng);
    pools = poolStep(pools, released, 1, clock.halfLifeSteps);
    const cronMinute = (step + 1) * clock.stepMinutes; // the cron releases a step once it is complete
    const folded = foldFleetCounts(baseIndex, fleetPools(pools, plan, halfLife));
    folds += 1;
    noise += folded.trending.filter((e) => e.id !== X && (base.items.get(e.id)?.count ?? 0) === 0).length;
    if (cronMinute > t0 && homeTop(folded).includes(X))
      return { minutes: cronMinute - firstViewOfX, noisePerFold: noise / folds };
  }
  return { minutes: Number.POSITIVE_INFINITY, noisePerFold: noise / folds };
}

/** The home context's top 50 of the folded index (folded.items holds every changed item). */
function homeTop(folded: ReturnType<typeof foldFleetCounts>): number[] {
  const itemsNow = new Map(base.items);
  if (folded.trendSource === "fleet") for (const [id, it] of itemsNow) itemsNow.set(id, { ...it, trend: 0 });
  for (const [id, f] of folded.items) {
    const it = itemsNow.get(id);
    if (it) itemsNow.set(id, { ...it, count: f.count, trend: f.trend });
  }
  const index: CandidateIndex = {
    ...base,
    items: itemsNow,
    popular: folded.popular,
    trending: folded.trending,
  };
  return generateCandidates({ context: "home", limit: TOP }, indexLookups(index)).map((c) => c.id);
}

function budgetWith(epsilon: number, trending: number): ReleaseBudget {
  const rest = 1 - DEFAULT_RELEASE_BUDGET.shares.trending;
  const shares = Object.fromEntries(
    Object.entries(DEFAULT_RELEASE_BUDGET.shares).map(([k, s]) => [
      k,
      k === "trending" ? trending : (s * (1 - trending)) / rest,
    ]),
  ) as ReleaseBudget["shares"];
  return { ...DEFAULT_RELEASE_BUDGET, epsilon, shares };
}

const shipped: Clock = {
  stepMinutes: TRENDING_STEP_MINUTES,
  halfLifeSteps: TRENDING_HALF_LIFE_STEPS,
  windowMinutes: DEFAULT_INTERVAL_MS / 60_000,
};
// The clock before TRENDING_BOUND: a 2-step (10-minute) half-life.
const twoSteps: Clock = { ...shipped, halfLifeSteps: 2 };
const share = DEFAULT_RELEASE_BUDGET.shares.trending;
const now: Omit<Setting, "clock"> = {
  epsilon: 1,
  trending: share,
  trendingBound: TRENDING_BOUND,
  xAt: "first",
};
// Rows vary one thing at a time. Trending bound 5 on the 2-step clock is the mechanism before
// TRENDING_BOUND (trending re-released the 5 viewed items; a visit here holds at most 4 distinct
// views, so the first 5 are all of them and X's position does not matter).
const settings: Setting[] = [
  { ...now, clock: twoSteps, trendingBound: 5 },
  { ...now, clock: twoSteps, trendingBound: 5, xAt: "any" },
  { ...now, clock: twoSteps, trendingBound: 3 },
  { ...now, clock: twoSteps, trendingBound: 2 },
  { ...now, clock: twoSteps },
  { ...now, clock: shipped },
  { ...now, clock: shipped, xAt: "any" },
  { ...now, clock: shipped, trendingBound: 2 },
  { ...now, clock: shipped, trendingBound: 2, xAt: "any" },
  { ...now, clock: shipped, trending: 0.1 },
  { ...now, clock: shipped, trending: 0.3 },
  { ...now, clock: twoSteps, trending: 0.3 },
  { ...now, clock: shipped, epsilon: 0.5 },
  { ...now, clock: twoSteps, trendingBound: 5, trending: 0.5 },
  { ...now, clock: twoSteps, trendingBound: 5, epsilon: 2, trending: 0.5 },
];
const only = process.argv.includes("--rows") ? process.argv[process.argv.indexOf("--rows") + 1] : "";
const picked = only ? only.split(",").map((i) => settings[Number(i)]) : settings;
const rows = picked.map((setting) => {
  const { clock, epsilon, trending, trendingBound, xAt } = setting;
  const budget = budgetWith(epsilon, trending);
  const results = Array.from({ length: RUNS }, (_, s) => run(setting, 1000 + s));
  const minutes = results.map((r) => r.minutes).sort((a, b) => a - b);
  const row = {
    ...clock,
    epsilon,
    trendingShare: trending,
    trendingBound,
    xAt,
    trendingSigmaPerStep: noisePlan(budget, { ...CONTRIBUTION_BOUNDS, trending: trendingBound }).sigma
      .trending,
    medianMinutes: minutes[Math.floor(minutes.length / 2)],
    withinGoal: `${minutes.filter((m) => m <= GOAL_MINUTES).length}/${minutes.length}`,
    withinGoalServed: `${minutes.filter((m) => m + CACHE_MINUTES <= GOAL_MINUTES).length}/${minutes.length}`,
    noiseItemsPerFold: results.reduce((a, r) => a + r.noisePerFold, 0) / results.length,
    minutes: minutes.map((m) => (Number.isFinite(m) ? m : null)),
  };
  console.log(JSON.stringify(row));
  return row;
});
const setup = {
  browsersPerHour: BROWSERS_PER_HOUR,
  viewsPerVisit: VIEWS_PER_VISIT,
  shareViewingX: SHARE_VIEWING_X,
  warmUpMinutes: WARM_UP_MINUTES,
  horizonMinutes: HORIZON_MINUTES,
  cacheMinutes: CACHE_MINUTES,
  top: TOP,
  goalMinutes: GOAL_MINUTES,
  item: X,
  runs: RUNS,
};
// A run of picked rows (`--rows 0,3`) is exploration: only the whole table is written.
if (!only)
  writeFileSync(
    resolve(import.meta.dirname, "results/fleet-freshness.json"),
    `${JSON.stringify({ setup, rows }, null, 1)}\n`,
  );
