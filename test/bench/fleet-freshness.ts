// Freshness of fleet-learned trending (issue 14, part 3), `npx tsx test/bench/fleet-freshness.ts [--runs N]`.
// A store with Beauty's catalog and its raw-log index imported; 10,000 browsers an hour, each a
// visit of 3 item views drawn from Beauty's training popularity, sending its contribution at a
// uniform time within the client's contribution window after the visit. From t0 (a uniform minute),
// 5 % of arriving browsers also view a new item X first. Each completed 15-minute step is released
// with the real trending path (parseContribution → aggregateContributions → releaseTrendingStep →
// poolStep → fleetPools → foldFleetCounts), and the home context's top 50 comes from the shared
// generator. Reported: minutes from X's first view to the first step whose index has X in the top
// 50, per (ε, trending share), over seeded runs. Writes test/bench/results/fleet-freshness.json.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  buildCandidateIndex,
  type CandidateIndex,
  generateCandidates,
  indexLookups,
} from "../../edge/candidates/index.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import {
  aggregateContributions,
  type Contribution,
  DEFAULT_RELEASE_BUDGET,
  emptyPools,
  fleetPools,
  foldFleetCounts,
  noisePlan,
  poolStep,
  type ReleaseBudget,
  releaseTrendingStep,
} from "../../telemetry/learning";
import { type Rng, seededRng } from "../../telemetry/util/rng.ts";
import { sendVisit } from "./fleet-learning/replayFleet.ts";

const BROWSERS_PER_HOUR = 10_000;
const VIEWS_PER_VISIT = 3;
const SHARE_VIEWING_X = 0.05;
/** The client's contribution window: a contribution leaves within this many minutes of the visit. */
const WINDOW_MINUTES = 5;
const STEP_MINUTES = 15;
const WARM_UP_STEPS = 8;
const HORIZON_MINUTES = 120;
const GOAL_MINUTES = 15;
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

/** One browser's visit at `minute`: its contribution as the edge accepts it, and when it arrives. */
function visit(rng: Rng, minute: number, viewsX: boolean): { at: number; c: Contribution } {
  const ids = Array.from({ length: VIEWS_PER_VISIT }, () => drawItem(rng));
  if (viewsX) ids.unshift(X);
  const start = EPOCH + minute * 60_000;
  const { parsed } = sendVisit(ids, start, rng);
  if (!parsed?.ok) throw new Error(`refused: ${parsed?.message ?? "nothing to send"}`);
  return { at: ids.length + minute + rng() * WINDOW_MINUTES, c: parsed.contribution };
}

/** Minutes from X's first view until X is in the home top 50 (Infinity past the horizon). */
function run(budget: ReleaseBudget, seed: number, importedTrend: boolean): number {
  const rng = seededRng(seed);
  const plan = noisePlan(budget);
  const t0 = WARM_UP_STEPS * STEP_MINUTES + Math.floor(rng() * STEP_MINUTES);
  const end = t0 + HORIZON_MINUTES;
  const perStep = new Map<number, Contribution[]>();
  let firstViewOfX = Number.POSITIVE_INFINITY;
  for (let minute = 0; minute < end; minute++) {
    const arrivals = Math.round(BROWSERS_PER_HOUR / 60 + (rng() - 0.5)); // 166 or 167 a minute
    for (let b = 0; b < arrivals; b++) {
      const viewsX = minute >= t0 && rng() < SHARE_VIEWING_X;
      if (viewsX) firstViewOfX = Math.min(firstViewOfX, minute);
      const v = visit(rng, minute, viewsX);
      const step = Math.floor(v.at / STEP_MINUTES);
      const list = perStep.get(step) ?? [];
      list.push(v.c);
      perStep.set(step, list);
    }
  }
  let pools = emptyPools();
  const baseItems = new Map(
    [...base.items].map(([id, it]) => [id, { count: it.count, trend: importedTrend ? it.trend : 0 }]),
  );
  const baseIndex = { items: baseItems, neighbours: new Map(), listSize: 500 };
  for (let step = 0; (step + 1) * STEP_MINUTES <= end; step++) {
    const released = releaseTrendingStep(
      aggregateContributions(perStep.get(step) ?? []),
      domainItems,
      plan,
      rng,
    );
    pools = poolStep(pools, released, 1);
    const cronMinute = (step + 1) * STEP_MINUTES; // the cron releases a step once it is complete
    if (cronMinute <= t0) continue;
    const folded = foldFleetCounts(baseIndex, fleetPools(pools, plan));
    if (homeTop(folded, baseItems).includes(X)) return cronMinute - firstViewOfX;
  }
  return Number.POSITIVE_INFINITY;
}

/** The home context's top 50 of the folded index (folded.items holds every changed item). */
function homeTop(
  folded: ReturnType<typeof foldFleetCounts>,
  baseItems: ReadonlyMap<number, { count: number; trend: number }>,
): number[] {
  const itemsNow = new Map(base.items);
  for (const [id, it] of itemsNow) {
    const f = folded.items.get(id) ?? baseItems.get(id);
    if (f) itemsNow.set(id, { ...it, count: f.count, trend: f.trend });
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

// importedTrend: the fold adds the fleet's trend to the imported index's all-time trend (today's
// foldFleetCounts); without it, trending comes from the fleet alone (the imported counts still rank popularity).
const settings = [
  { importedTrend: true, epsilon: 1, trending: 0.2 },
  { importedTrend: true, epsilon: 4, trending: 0.2 },
  { importedTrend: false, epsilon: 1, trending: 0.2 },
  { importedTrend: false, epsilon: 1, trending: 0.5 },
  { importedTrend: false, epsilon: 2, trending: 0.2 },
];
const rows = settings.map(({ importedTrend, epsilon, trending }) => {
  const budget = budgetWith(epsilon, trending);
  const minutes = Array.from({ length: RUNS }, (_, s) => run(budget, 1000 + s, importedTrend)).sort(
    (a, b) => a - b,
  );
  const within = minutes.filter((m) => m <= GOAL_MINUTES).length;
  const row = {
    importedTrend,
    epsilon,
    trendingShare: trending,
    trendingSigmaPerStep: noisePlan(budget).sigma.trending,
    medianMinutes: minutes[Math.floor(minutes.length / 2)],
    withinGoal: `${within}/${minutes.length}`,
    minutes: minutes.map((m) => (Number.isFinite(m) ? m : null)),
  };
  console.log(JSON.stringify(row));
  return row;
});
const setup = {
  browsersPerHour: BROWSERS_PER_HOUR,
  viewsPerVisit: VIEWS_PER_VISIT,
  shareViewingX: SHARE_VIEWING_X,
  windowMinutes: WINDOW_MINUTES,
  stepMinutes: STEP_MINUTES,
  top: TOP,
  goalMinutes: GOAL_MINUTES,
  item: X,
  runs: RUNS,
};
writeFileSync(
  resolve(import.meta.dirname, "results/fleet-freshness.json"),
  `${JSON.stringify({ setup, rows }, null, 1)}\n`,
);
