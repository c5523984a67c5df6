// Candidate recall of the pure generator (edge/candidates) on real data, `npx tsx test/bench/catalog-recall.ts [--tune]`.
// Beauty (S3-Rec leave-one-out): index from each user's sequence minus the last two items; the cart
// context is the history before the target; recall@K = share of targets among the K candidates.
// Weights are tuned on the validation target (--tune), never on the test target.
// Diginetica (SR-GNN split): index from train_sessions; each test prefix is the cart context, with
// the context items themselves allowed as candidates (session repeats). Skipped when absent.
import {
  buildCandidateIndex,
  type CandidateIndex,
  type CandidateIndexOptions,
  type CatalogItemInput,
  DEFAULT_RETRIEVAL_WEIGHTS,
  generateCandidates,
  indexLookups,
  type RetrievalWeights,
  retrieveCandidates,
  SESSION_RETRIEVAL_WEIGHTS,
} from "../../edge/candidates/index.ts";
import { DEMO_INDEX_OPTIONS } from "../../edge/catalog/buildCatalog.ts";
import { readBeauty, readDiginetica } from "../../model/data/readDataset.ts";

const KS = [100, 500];

type Case = { context: number[]; target: number };

function recall(index: CandidateIndex, cases: Case[], weights: RetrievalWeights, includeContext: boolean) {
  const lookups = indexLookups(index, weights);
  const hits = KS.map(() => 0);
  for (const { context, target } of cases) {
    const ids = generateCandidates(
      { context: "cart", items: context, limit: Math.max(...KS), includeContextItems: includeContext },
      lookups,
    ).map((c) => c.id);
    const pos = ids.indexOf(target);
    KS.forEach((k, i) => {
      if (pos >= 0 && pos < k) hits[i] += 1;
    });
  }
  return Object.fromEntries(KS.map((k, i) => [`@${k}`, +(hits[i] / cases.length).toFixed(4)]));
}

function beauty(tune: boolean) {
  const { items, sequences } = readBeauty();
  const train = sequences.map((s) => s.slice(0, -2));
  const valid: Case[] = sequences.map((s) => ({ context: s.slice(0, -2), target: s[s.length - 2] }));
  const test: Case[] = sequences.map((s) => ({ context: s.slice(0, -1), target: s[s.length - 1] }));
  const t = performance.now();
  const index = buildCandidateIndex(train, items, DEMO_INDEX_OPTIONS);
  console.log(`beauty: index of ${index.items.size} items built in ${secondsSince(t)} s`);
  if (tune) tuneOnValidation(train, items, valid);
  const plain = { cooc: 1, content: 0, popular: 0, trending: 0, category: 0, search: 0, context: 0 };
  const t2 = performance.now();
  console.log("beauty test, default blend:", recall(index, test, DEFAULT_RETRIEVAL_WEIGHTS, false));
  if (FULL) {
    console.log("beauty test, co-occurrence only (baseline):", recall(index, test, plain, false));
    console.log("beauty valid, default blend:", recall(index, valid, DEFAULT_RETRIEVAL_WEIGHTS, false));
  }
  console.log(`  (${secondsSince(t2)} s)`);
}

const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

/**
 * Grid search on a sample of validation targets. The pool and its features do not depend on the
 * weights, so each case's pool is scored once per weight set without re-running retrieval.
 */
function tuneOnValidation(train: number[][], items: CatalogItemInput[], valid: Case[]) {
  const sample = valid.filter((_, i) => i % 8 === 0);
  const variants: [string, CandidateIndexOptions][] = [
    ["default", DEMO_INDEX_OPTIONS],
    ["backward=1", { ...DEMO_INDEX_OPTIONS, backwardWeight: 1 }],
    ["recencyHalfLife=off", { ...DEMO_INDEX_OPTIONS, recencyHalfLife: 0 }],
    ["neighbours=200", { ...DEMO_INDEX_OPTIONS, maxNeighbours: 200 }],
  ];
  for (const [name, opts] of variants) {
    const index = buildCandidateIndex(train, items, opts);
    const lookups = indexLookups(index, {
      cooc: 1,
      content: 0,
      popular: 0,
      trending: 0,
      category: 0,
      search: 0,
      context: 0,
    });
    const pools = sample.map(({ context, target }) => {
      const all = retrieveCandidates({ context: "cart", items: context, limit: 1e9 }, lookups);
      const maxCooc = all.reduce((m, c) => Math.max(m, c.features.coocSum), 0) || 1;
      const maxPop = Math.log1p(index.popular[0].score);
      const maxTrend = Math.log1p(index.trending[0].score);
      const cols = all.map((c) => [
        c.features.coocSum / maxCooc,
        c.features.popularity / maxPop,
        Math.min(1, c.features.trending / maxTrend),
        c.features.categoryOverlap,
      ]);
      return { cols, ids: all.map((c) => c.id), target: all.findIndex((c) => c.id === target) };
    });
    let best = "";
    let bestHits = -1;
    for (const popular of [0, 0.1, 0.3, 0.6])
      for (const trending of [0, 0.1, 0.3, 0.6, 1])
        for (const category of [0, 0.1, 0.3, 0.6, 1]) {
          let hits = 0;
          for (const { cols, ids, target } of pools) {
            if (target < 0) continue;
            const s = (r: number[]) => r[0] + popular * r[1] + trending * r[2] + category * r[3];
            const ts = s(cols[target]);
            const tid = ids[target];
            let above = 0;
            cols.forEach((r, i) => {
              const x = s(r);
              if (x > ts || (x === ts && ids[i] < tid)) above++;
            });
            if (above < 500) hits++;
          }
          if (hits > bestHits) {
            bestHits = hits;
            best = `pop=${popular} trend=${trending} cat=${category}`;
          }
        }
    console.log(`tune ${name}: best valid recall@500 ${(bestHits / sample.length).toFixed(4)} with ${best}`);
  }
}

function diginetica() {
  const data = readDiginetica();
  if (!data) {
    console.log("diginetica: ../shared/data/diginetica not found, skipped");
    return;
  }
  const t = performance.now();
  const index = buildCandidateIndex(data.train, [], { trendingHalfLife: 20_000 });
  console.log(
    `diginetica: index of ${index.items.size} items built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  // DIGINETICA_STRIDE > 1 evaluates every STRIDE-th test pair (a bounded run on a busy machine).
  const cases = data.pairs
    .filter((_, i) => i % STRIDE === 0)
    .map((p) => ({ context: p.prefix, target: p.target }));
  console.log(`diginetica: ${cases.length} of ${data.pairs.length} test pairs`);
  const plain = { cooc: 1, content: 0, popular: 0, trending: 0, category: 0, search: 0, context: 0 };
  if (FULL) console.log("diginetica, co-occurrence only:", recall(index, cases, plain, false));
  console.log(
    "diginetica, session blend + context items:",
    recall(index, cases, SESSION_RETRIEVAL_WEIGHTS, true),
  );
  if (FULL)
    console.log(
      "diginetica, default blend + context items:",
      recall(index, cases, DEFAULT_RETRIEVAL_WEIGHTS, true),
    );
}

const tune = process.argv.includes("--tune");
// --full adds the co-occurrence-only baselines and the validation figure (3× the run time).
const FULL = process.argv.includes("--full");
const STRIDE = Number(process.env.DIGINETICA_STRIDE ?? 1);
beauty(tune);
if (!process.argv.includes("--beauty-only")) diginetica();
