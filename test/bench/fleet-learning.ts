// Fleet learning on Beauty (issue 14, part 3), `npx tsx test/bench/fleet-learning.ts [--part P] [--stride N] [--seeds N]`.
// Replays each user's training sequence (all but the last two items) as one device through the real
// privacy path (telemetry/learning: device bounding, the contribution parser, aggregation, the
// Gaussian release and its pools, the cron's fold) and builds the candidate index from the released
// counts only; then candidate recall@100/@500 of the test target (the last item, context = all
// before it) through the shared generator, on every N-th user; popularity alone also on every user
// ("popularAll", cheap, and the goal's figure). Parts (default: the first four, in this order):
//   oracle      exact 28-day popularity plus Gaussian noise of sd s: the noise the popularity goal allows
//   baselines   content-only cold start, raw-log index, raw-log popularity, the bounding-only ceiling
//   epsilon     the fleet index at ε ∈ {0.5, 1, 2, 4, 8} per device-day, median over noise seeds
//   fleet-size  ε = 1 on 10/25/50/100 % of the devices, and on copies of the fleet (×4, ×16)
//   generator-now  the same at ε = 1 with the generator's content source (45d3b21): cold start and
//               raw-log as buildCandidateIndex makes them, the fleet's pairs folded into empty lists
// Each part merges its rows into test/bench/results/fleet-learning.json.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildCandidateIndex, contentNeighbours, type ScoredId } from "../../edge/candidates/index.ts";
import { readBeauty } from "../../model/data/readDataset.ts";
import { normal, seededRng } from "../../telemetry/util/rng.ts";
import { contentDomain, contentOnlyIndex, foldedIndex, popularityOnly } from "./fleet-learning/fleetIndex.ts";
import { NEIGHBOURS_ONLY, type NextItem, POPULAR_ONLY, recallAt } from "./fleet-learning/recallAt.ts";
import { fleetRelease } from "./fleet-learning/releaseFleet.ts";
import { type FleetMapping, replayFleet } from "./fleet-learning/replayFleet.ts";

const OUT = resolve(import.meta.dirname, "results/fleet-learning.json");
const MAPPING: FleetMapping = { days: 28, itemsPerDay: 3 };
const EPSILONS = [0.5, 1, 2, 4, 8];
const FRACTIONS = [0.1, 0.25, 0.5, 1];
const SCALES = [4, 16];
const ORACLE_SDS = [0, 10, 15, 20, 25, 30, 40];

const { values } = parseArgs({
  options: {
    part: { type: "string", default: "oracle,baselines,epsilon,fleet-size" },
    stride: { type: "string", default: "8" },
    seeds: { type: "string", default: "3" },
  },
});
const PARTS = values.part.split(",");
const STRIDE = Number(values.stride);
const SEEDS = Number(values.seeds);

const started = performance.now();
const log = (...a: unknown[]) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s]`, ...a);

const { items, sequences } = readBeauty();
const train = sequences.map((s) => s.slice(0, -2));
const cases: NextItem[] = sequences
  .filter((_, i) => i % STRIDE === 0)
  .map((s) => ({ context: s.slice(0, -1), target: s[s.length - 1] }));
const everyUser: NextItem[] = sequences.map((s) => ({ context: s.slice(0, -1), target: s[s.length - 1] }));
const content: Map<number, ScoredId[]> = contentNeighbours(items);
const domain = contentDomain(items, content);
log(`${cases.length} test cases (every ${STRIDE}th user); ${domain.pairs.length} candidate pairs`);

type Row = Record<string, unknown>;
const save = (part: string, rows: Row[]) => {
  // Re-read first: another part may have written since this one started.
  const result: Record<string, unknown> = existsSync(OUT) ? JSON.parse(readFileSync(OUT, "utf8")) : {};
  result.setup = {
    dataset: "beauty",
    cases: cases.length,
    popularAllCases: everyUser.length,
    stride: STRIDE,
    mapping: MAPPING,
    pairs: domain.pairs.length,
  };
  result[part] = rows;
  writeFileSync(OUT, `${JSON.stringify(result, null, 1)}\n`);
  log(`${part}: written`);
};

/**
 * The recalls of one index: the default blend, its neighbour lists alone, its popular list alone
 * (on the sampled users, and on every user).
 */
function measure(index: ReturnType<typeof contentOnlyIndex>) {
  return {
    blend: recallAt(index, cases),
    neighbours: recallAt(index, cases, NEIGHBOURS_ONLY),
    popular: recallAt(popularityOnly(index), cases, POPULAR_ONLY),
    popularAll: recallAt(popularityOnly(index), everyUser, POPULAR_ONLY),
  };
}

function fleetRow(
  replay: ReturnType<typeof replayFleet>,
  epsilon: number,
  seed: number,
  opts: { scale?: number } = {},
) {
  const pools = fleetRelease(replay, domain, epsilon, seed, opts);
  const index = foldedIndex(items, content, pools);
  return {
    epsilon,
    seed,
    ...opts,
    sd: pools.sd,
    popularLength: index.popular.length,
    trendingLength: index.trending.length,
    ...measure(index),
  };
}

/** Median of each recall over seeds (rows of one setting). */
function median(rows: Row[]) {
  const pick = (path: [string, string]) => {
    const xs = rows.map((r) => (r[path[0]] as Record<string, number>)[path[1]]).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  };
  const out: Row = {};
  for (const kind of ["blend", "neighbours", "popular", "popularAll"])
    out[kind] = { "@100": pick([kind, "@100"]), "@500": pick([kind, "@500"]) };
  return out;
}

const replay = replayFleet(train, MAPPING, 1);
log(
  `replay: ${replay.devices} devices, ${replay.contributions} contributions, refused ${JSON.stringify(replay.refused)}, ${replay.crossDayTransitions} cross-day transitions (each contributed by the later day)`,
);

if (PARTS.includes("oracle")) {
  // Not a mechanism: the exact popularity of the 28 days (as bounded on the devices) plus N(0, s²) on
  // every catalog item, ranked. Tells which noise sd the popularity goal allows.
  const exact = new Map<number, number>(items.map((it) => [it.id, 0]));
  for (const day of replay.perDay) for (const [id, x] of day.viewed) exact.set(id, (exact.get(id) ?? 0) + x);
  const rows: Row[] = [];
  const day0 = contentOnlyIndex(items, content);
  for (const sd of ORACLE_SDS) {
    const rng = seededRng(500); // one noise seed per sd: 22,363 users give a binomial se of ≈ 0.0024
    const popular = [...exact]
      .map(([id, x]) => ({ id, score: x + sd * normal(rng) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, 500);
    const popularAll = recallAt(popularityOnly({ ...day0, popular }), everyUser, POPULAR_ONLY);
    rows.push({ sd, popularAll });
    log(`oracle sd ${sd}`, JSON.stringify(popularAll));
  }
  save("oracle", rows);
}

if (PARTS.includes("baselines")) {
  // Without the generator's content source (landed after these figures), as measured.
  const raw = buildCandidateIndex(train, items, { contentNeighbours: 0 });
  const rows: Row[] = [
    { name: "content-only cold start", ...measure(contentOnlyIndex(items, content)) },
    { name: "raw-log index (today)", ...measure(raw) },
    { name: "fleet, bounding only (no noise, ε = ∞)", ...fleetRow(replay, Number.POSITIVE_INFINITY, 0) },
  ];
  for (const r of rows) log(r.name, JSON.stringify(r));
  save("baselines", [
    ...rows,
    {
      name: "replay",
      devices: replay.devices,
      contributions: replay.contributions,
      refused: replay.refused,
      crossDayTransitions: replay.crossDayTransitions,
    },
  ]);
}

if (PARTS.includes("epsilon")) {
  const rows: Row[] = [];
  for (const epsilon of EPSILONS) {
    const runs = Array.from({ length: SEEDS }, (_, s) => fleetRow(replay, epsilon, 100 + s));
    rows.push({ epsilon, median: median(runs), runs });
    log(`ε = ${epsilon}`, JSON.stringify(median(runs)));
  }
  save("epsilon", rows);
}

if (PARTS.includes("fleet-size")) {
  const rows: Row[] = [];
  for (const fraction of FRACTIONS) {
    const pick = seededRng(7);
    const sub =
      fraction === 1
        ? replay
        : replayFleet(
            train.filter(() => pick() < fraction),
            MAPPING,
            1,
          );
    const runs = Array.from({ length: SEEDS }, (_, s) => fleetRow(sub, 1, 200 + s));
    rows.push({ fraction, devices: sub.devices, median: median(runs), runs });
    log(`fleet ${fraction * 100} %`, JSON.stringify(median(runs)));
  }
  for (const scale of SCALES) {
    const runs = Array.from({ length: SEEDS }, (_, s) => fleetRow(replay, 1, 300 + s, { scale }));
    rows.push({ fraction: scale, devices: replay.devices * scale, copies: true, median: median(runs), runs });
    log(`fleet ×${scale}`, JSON.stringify(median(runs)));
  }
  save("fleetSize", rows);
}

if (PARTS.includes("generator-now")) {
  const rows: Row[] = [
    { name: "cold start (buildCandidateIndex, no interactions)", ...measure(buildCandidateIndex([], items)) },
    { name: "raw-log index (buildCandidateIndex)", ...measure(buildCandidateIndex(train, items)) },
  ];
  for (let s = 0; s < SEEDS; s++) {
    const pools = fleetRelease(replay, domain, 1, 100 + s);
    rows.push({ name: "fleet, ε = 1", seed: 100 + s, ...measure(foldedIndex(items, content, pools, true)) });
  }
  for (const r of rows) log(r.name, JSON.stringify(r));
  save("generatorNow", rows);
}
