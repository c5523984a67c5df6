// npx tsx test/bench/catalog-cold-start.ts [--stride 4] [--valid-stride 8]  (every Nth user)
// Candidate recall@100/@500 of the day-zero cold start on Beauty (S3-Rec leave-one-out, strict
// holdout: the index holds only items before each user's validation item; model/data testSplit),
// next to popularity only and the raw-log index. Every row runs the shared generator through
// model/data `retrieve` (cart context = the history before the target, history masked), except
// popularity only, which is the training counts' ranking itself minus the history.
// The content weight of the blend is chosen on the validation targets (second-to-last items),
// never on the test targets. Writes results/catalog-cold-start.json (raw) and the write-up
// results/catalog-cold-start.md generated from it.
// Diginetica is not measured: its item ids carry no title, brand or category (SOURCE.txt).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  buildCandidateIndex,
  type CandidateIndex,
  DEFAULT_RETRIEVAL_WEIGHTS,
  indexLookups,
  type RetrievalWeights,
} from "../../edge/candidates";
import { leaveOneOut, loadDataset, type NextItemCase, retrieve, testSplit } from "../../model/data";
import { coldStartMarkdown } from "./catalog-cold-start/coldStartMarkdown";

const KS = [100, 500] as const;
const GRID = [0, 0.1, 0.3, 0.6, 1, 2];
const { values } = parseArgs({
  options: { stride: { type: "string", default: "4" }, "valid-stride": { type: "string", default: "8" } },
});
const stride = Number(values.stride);
const validStride = Number(values["valid-stride"]);

export type Recall = { "@100": number; "@500": number };

/** Share of cases whose target is among the first K of `rank(history)`, for each K. */
function recall(cases: NextItemCase[], rank: (history: number[]) => number[]): Recall {
  const hits = KS.map(() => 0);
  for (const { history, target } of cases) {
    const pos = rank(history).indexOf(target);
    KS.forEach((k, i) => {
      if (pos >= 0 && pos < k) hits[i] += 1;
    });
  }
  const r = (i: number) => +(hits[i] / cases.length).toFixed(4);
  return { "@100": r(0), "@500": r(1) };
}

const generator = (index: CandidateIndex, weights: RetrievalWeights) => {
  const lookups = indexLookups(index, weights);
  return (history: number[]) =>
    retrieve(history, lookups, { limit: 500, includeContextItems: false, maskHistory: true }).candidates.map(
      (c) => c.id,
    );
};

/** Popularity only: every item by training count (ties by id), minus the history. */
const popularity = (index: CandidateIndex) => {
  const order = [...index.items.values()].sort((a, b) => b.count - a.count || a.id - b.id).map((it) => it.id);
  return (history: number[]) => {
    const seen = new Set(history);
    return order.filter((id) => !seen.has(id)).slice(0, 500);
  };
};

const spec = loadDataset("beauty");
const every = (n: number) => (cases: NextItemCase[]) => cases.filter((_, i) => i % n === 0);
const { cases, indexSequences } = testSplit(spec, "strict");
const test = every(stride)(cases);
const valid = every(validStride)(leaveOneOut(spec.sequences, 2).cases);
const t0 = performance.now();
const coldIndex = buildCandidateIndex([], spec.items);
const rawIndex = buildCandidateIndex(indexSequences, spec.items);
const buildSeconds = +((performance.now() - t0) / 2000).toFixed(1);

const validGrid = GRID.map((content) => ({
  content,
  valid: recall(valid, generator(rawIndex, { ...DEFAULT_RETRIEVAL_WEIGHTS, content })),
}));
console.log("validation, raw-log index + content at weight w:", validGrid);
const noContent = { ...DEFAULT_RETRIEVAL_WEIGHTS, content: 0 };
const rows = [
  { name: "content-only cold start (no interactions)", test: recall(test, generator(coldIndex, noContent)) },
  { name: "popularity only", test: recall(test, popularity(rawIndex)) },
  {
    name: "raw-log index, blend before content (content 0)",
    test: recall(test, generator(rawIndex, noContent)),
  },
  {
    name: `raw-log index + content neighbours (content ${DEFAULT_RETRIEVAL_WEIGHTS.content}, shipped)`,
    test: recall(test, generator(rawIndex, DEFAULT_RETRIEVAL_WEIGHTS)),
  },
];
for (const r of rows) console.log(r.name, r.test);

const raw = {
  command: `npx tsx test/bench/catalog-cold-start.ts --stride ${stride} --valid-stride ${validStride}`,
  date: new Date().toISOString(),
  loadAverage: (await import("node:os")).loadavg()[0],
  dataset: "beauty",
  holdout: "strict",
  stride,
  validStride,
  testCases: test.length,
  validCases: valid.length,
  secondsPerIndexBuild: buildSeconds,
  shippedContentWeight: DEFAULT_RETRIEVAL_WEIGHTS.content,
  validGrid,
  rows,
};
const dir = resolve(import.meta.dirname, "results");
writeFileSync(resolve(dir, "catalog-cold-start.json"), `${JSON.stringify(raw, null, 2)}\n`);
writeFileSync(resolve(dir, "catalog-cold-start.md"), coldStartMarkdown(raw));
console.log("wrote results/catalog-cold-start.json and .md");
