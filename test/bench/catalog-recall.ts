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
  DEFAULT_RETRIEVAL_WEIGHTS,
  generateCandidates,
  indexLookups,
  type RetrievalWeights,
} from "../../edge/candidates/index.ts";
import { readBeauty, readDiginetica } from "../../edge/catalog/readDataset.ts";

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
  const opts: CandidateIndexOptions = {};
  let t = performance.now();
  const index = buildCandidateIndex(train, items, opts);
  console.log(
    `beauty: index of ${index.items.size} items built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  if (tune) {
    for (const [name, w] of grid())
      console.log("valid", name, JSON.stringify(recall(index, valid, w, false)));
  }
  const plain = { cooc: 1, popular: 0, trending: 0, category: 0, search: 0, context: 0 };
  t = performance.now();
  console.log("beauty test, co-occurrence only (baseline):", recall(index, test, plain, false));
  console.log("beauty test, default blend:", recall(index, test, DEFAULT_RETRIEVAL_WEIGHTS, false));
  console.log("beauty valid, default blend:", recall(index, valid, DEFAULT_RETRIEVAL_WEIGHTS, false));
  console.log(`  (${((performance.now() - t) / 1000).toFixed(1)} s for 3 × ${test.length} requests)`);
}

function* grid(): Generator<[string, RetrievalWeights]> {
  for (const popular of [0, 0.05, 0.1, 0.3])
    for (const trending of [0, 0.05, 0.1, 0.3])
      for (const category of [0, 0.05, 0.1, 0.3]) {
        const w = { ...DEFAULT_RETRIEVAL_WEIGHTS, popular, trending, category };
        yield [`pop=${popular} trend=${trending} cat=${category}`, w];
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
  const cases = data.pairs.map((p) => ({ context: p.prefix, target: p.target }));
  const plain = { cooc: 1, popular: 0, trending: 0, category: 0, search: 0, context: 0 };
  console.log("diginetica, co-occurrence only:", recall(index, cases, plain, false));
  console.log(
    "diginetica, default blend + context items:",
    recall(index, cases, DEFAULT_RETRIEVAL_WEIGHTS, true),
  );
}

const tune = process.argv.includes("--tune");
beauty(tune);
if (!process.argv.includes("--beauty-only")) diginetica();
