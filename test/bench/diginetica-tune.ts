// Diginetica validation split for the candidate generator: index from train_sessions minus a held-out
// tail (the last 10,000 sessions, in time order); every prefix of every 4th tail session predicts its next click.
// `npx tsx test/bench/diginetica-tune.ts` — tune here, never on test_pairs.

import type { CandidateIndexOptions, RetrievalWeights } from "../../edge/candidates/index.ts";
import {
  buildCandidateIndex,
  DEFAULT_RETRIEVAL_WEIGHTS,
  generateCandidates,
  indexLookups,
} from "../../edge/candidates/index.ts";
import { readDiginetica } from "../../model/data/readDataset.ts";

const data = readDiginetica();
if (!data) throw new Error("no diginetica");
const HOLD = 10_000;
const train = data.train.slice(0, -HOLD);
const cases: { context: number[]; target: number }[] = [];
data.train.slice(-HOLD).forEach((s, i) => {
  if (i % Number(process.env.VSTRIDE ?? 4) !== 0) return;
  for (let j = 1; j < s.length; j++) cases.push({ context: s.slice(0, j), target: s[j] });
});
console.log(`valid cases ${cases.length}`);
const variants: [string, CandidateIndexOptions, Partial<RetrievalWeights>][] = JSON.parse(
  process.env.VARIANTS ?? "[]",
);
for (const [name, opts, w] of variants) {
  const index = buildCandidateIndex(train, [], { trendingHalfLife: 20_000, ...opts });
  const lookups = indexLookups(index, { ...DEFAULT_RETRIEVAL_WEIGHTS, ...w });
  let h100 = 0;
  let h500 = 0;
  for (const c of cases) {
    const pos = generateCandidates(
      { context: "cart", items: c.context, limit: 500, includeContextItems: true },
      lookups,
    ).findIndex((x) => x.id === c.target);
    if (pos >= 0 && pos < 100) h100++;
    if (pos >= 0) h500++;
  }
  console.log(name, (h100 / cases.length).toFixed(4), (h500 / cases.length).toFixed(4));
}
