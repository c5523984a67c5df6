import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeColumns, encodeAnswer } from "../catalog/binaryAnswer/index";
import { CANDIDATE_FEATURE_NAMES, type Candidate, type CandidateFeatures } from "../catalog/candidate";
import { mulberry32 } from "../ranker/random";
import type { RankerConfig } from "../ranker/types";
import { columnsOf } from "./candidateColumns";
import { contextReader, historyReader, indexHistory, readsHistory, requestView } from "./contextFeatures";
import { encodeBatch, encodeRequest, type HeldBatch } from "./encodeBatch";
import { featureScaler } from "./transform";
import type { CandidateColumns } from "./types";

const manifest = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../artifacts/demo/manifest.json"), "utf8"),
);
/** The committed demo model's encoding: its edge features, context features and scaling. */
const config = manifest.architecture as RankerConfig;
const CATEGORIES = ["Beauty", "Makeup", "Nails", "Skin Care", "Hair", "Fragrance"];

/** Edge-like candidates: most features 0, a few positive, 0–6 categories (over maxCategories too). */
function candidates(n: number, seed: number): Candidate[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: Math.floor(r() * 12_000),
    sku: `S${i}`,
    title: `item ${i}`,
    categories: Array.from({ length: Math.floor(r() * 7) }, () => CATEGORIES[Math.floor(r() * 6)]),
    retrievalScore: r() < 0.1 ? 0 : 1 / (1 + i),
    features: Object.fromEntries(
      CANDIDATE_FEATURE_NAMES.map((name) => [name, r() < 0.6 ? 0 : r() * 5]),
    ) as CandidateFeatures,
  }));
}

describe("the encoder's candidate columns", () => {
  it("encode a binary answer read in place exactly as its candidate objects", () => {
    for (const seed of [1, 2, 3]) {
      const list = candidates(300, seed);
      const history = list.slice(0, 6).map((c) => c.id);
      const historyCategories = [...list.slice(0, 5).map((c) => c.categories), ["Nails", "Makeup"]];
      const { columns } = decodeColumns(
        encodeAnswer({ catalogVersion: "v", context: "home", candidates: list }),
      );
      const fromObjects = encodeBatch({ history, historyCategories, candidates: list }, config);
      const fromBytes = encodeBatch({ history, historyCategories, candidates: columns }, config);
      expect(fromBytes).toStrictEqual(fromObjects);
      // Not a vacuous equality: the context features that read the history and the list are set.
      const F = config.featureNames.length;
      const overlap = config.featureNames.indexOf("ctx.categoryOverlapLast");
      expect(new Set(list.map((_, i) => fromBytes.features[i * F + overlap])).size).toBeGreaterThan(1);
    }
  });

  it("encode an answer seen before (its candidate side remembered) as a fresh copy of it, for another history and config", () => {
    const list = candidates(200, 4);
    const bytes = encodeAnswer({ catalogVersion: "v", context: "home", candidates: list });
    const { columns } = decodeColumns(bytes);
    const other = { ...config, featureMean: config.featureMean.map((m) => m + 0.5) };
    const requests = [
      {
        history: list.slice(0, 3).map((c) => c.id),
        historyCategories: list.slice(0, 3).map((c) => c.categories),
      },
      { history: [list[7].id, list[7].id], historyCategories: [["Nails"], ["Hair"]] },
      { history: [] },
    ];
    for (const cfg of [config, other, config]) {
      for (const request of requests) {
        // Candidate objects are never remembered: the side computed afresh.
        const fresh = encodeBatch({ ...request, candidates: list }, cfg);
        expect(encodeBatch({ ...request, candidates: columns }, cfg)).toStrictEqual(fresh);
      }
    }
  });

  it("reuse the side of an answer decoded anew only when its ids, categories and features are the same", () => {
    const list = candidates(150, 5);
    const request = { history: [list[3].id], historyCategories: [list[3].categories] };
    const encode = (answer: Candidate[]) =>
      encodeBatch(
        {
          ...request,
          candidates: decodeColumns(
            encodeAnswer({ catalogVersion: "v", context: "home", candidates: answer }),
          ).columns,
        },
        config,
      );
    const renamed = (c: Candidate) => ({ ...c, categories: c.categories.map((n) => `${n}!`) });
    const changes: [string, Candidate[]][] = [
      ["the same values", list],
      ["one id", list.map((c, i) => (i === 40 ? { ...c, id: c.id + 1 } : c))],
      [
        "one feature",
        list.map((c, i) => (i === 70 ? { ...c, features: { ...c.features, trending: 9 } } : c)),
      ],
      ["a category's name", list.map(renamed)],
      ["one candidate's categories", list.map((c, i) => (i === 9 ? { ...c, categories: ["Hair"] } : c))],
      ["the retrieval scores (list features)", list.map((c) => ({ ...c, retrievalScore: 2 }))],
    ];
    for (const [change, answer] of changes) {
      encode(list); // remembered: the next answer is compared with this one
      expect(encode(answer), change).toStrictEqual(encodeBatch({ ...request, candidates: answer }, config));
    }
  });

  it("rewrite one request's batch in place for the next with the same answer (encodeRequest), as encodeBatch encodes it", () => {
    const lists = [candidates(200, 7), candidates(200, 8)];
    const answer = (k: number) =>
      decodeColumns(encodeAnswer({ catalogVersion: "v", context: "home", candidates: lists[k] })).columns;
    const columns = [answer(0), answer(1)];
    const ids = (from: number, to: number) => lists[0].slice(from, to).map((c) => c.id);
    const histories = [
      { history: ids(0, 8), historyCategories: lists[0].slice(0, 8).map((c) => c.categories) },
      { history: [lists[0][5].id, 999_999], historyCategories: [["Hair"], ["Nails"]] },
      { history: [] },
      { history: ids(10, 40) }, // over maxHistory: the most recent kept
    ];
    // [answer, history, whether the batch before is rewritten]: the same answer's columns, then the other
    // answer, then the first one's bytes decoded anew (the same values: its side is found again).
    const steps: [() => CandidateColumns, number, boolean][] = [
      [() => columns[0], 0, false],
      [() => columns[0], 1, true],
      [() => columns[0], 2, true],
      [() => columns[0], 3, true],
      [() => columns[0], 0, true],
      [() => columns[1], 1, false],
      [() => columns[1], 2, true],
      [() => answer(0), 3, false],
      [() => answer(0), 1, true], // the same values decoded anew again: the held batch's side, found again
    ];
    let held: HeldBatch | undefined;
    steps.forEach(([candidates, h, inPlace], step) => {
      const before = held?.batch;
      const c = candidates();
      held = encodeRequest({ ...histories[h], candidates: c }, config, held);
      const list = lists[c.ids[0] === lists[0][0].id ? 0 : 1];
      expect(held.batch, `step ${step}`).toStrictEqual(
        encodeBatch({ ...histories[h], candidates: list }, config),
      );
      expect(held.batch === before, `step ${step} in place`).toBe(inPlace);
    });
  });

  it("write 0 for every context feature that reads the history when there is none", () => {
    const list = candidates(80, 6);
    const encoded = encodeBatch({ history: [], candidates: list }, config);
    const F = config.featureNames.length;
    config.featureNames.forEach((name, f) => {
      const read = contextReader(name);
      if (!read || !readsHistory(name)) return;
      const view = requestView(indexHistory([]), columnsOf(list, []));
      const zero = featureScaler(config.featureMean[f], config.featureStd[f], config.featureClip)(0);
      list.forEach((_, i) => {
        expect(read(view, i), name).toBe(0);
        expect(encoded.features[i * F + f], name).toBe(Math.fround(zero));
      });
    });
  });

  it("write each history feature as its reader reads every candidate, and each is 0 outside its scope", () => {
    const F = config.featureNames.length;
    const history = config.featureNames.filter((name) => historyReader(name));
    expect(history.length).toBeGreaterThan(3);
    for (const seed of [4, 5]) {
      const list = candidates(200, seed);
      // Seen: candidates 3, 40 (twice, the most recent too) and 77; the last item's categories overlap many.
      const ids = [list[40].id, list[3].id, 999_999, list[77].id, list[40].id];
      const historyCategories = ids.map(() => ["Makeup", "Nails"]);
      const encoded = encodeBatch({ history: ids, historyCategories, candidates: list }, config);
      const view = requestView(indexHistory(ids, historyCategories), columnsOf(list, []));
      for (const name of history) {
        const f = config.featureNames.indexOf(name);
        const { scope, read } = historyReader(name)!;
        const scaled = featureScaler(config.featureMean[f], config.featureStd[f], config.featureClip);
        const values = list.map((_, i) => read(view, i));
        list.forEach((c, i) => {
          if (scope === "seen" && !ids.includes(c.id)) expect(values[i], `${name} of ${i}`).toBe(0);
          if (scope === "once") expect(values[i], name).toBe(values[0]);
          expect(encoded.features[i * F + f], `${name} of ${i}`).toBe(Math.fround(scaled(values[i])));
        });
        if (scope !== "once") expect(new Set(values).size, `${name} varies`).toBeGreaterThan(1);
      }
    }
  });

  it("read a value of the wrong type as absent, and intern categories", () => {
    const odd = [
      { id: 1, categories: ["a", 7 as unknown as string, "a"], retrievalScore: "x" as unknown as number },
      { id: 2, features: { popularity: 3, brandMatch: "1" as unknown as number } },
    ];
    const c = columnsOf(odd, ["popularity", "brandMatch"]);
    expect(Array.from(c.retrievalScores)).toEqual([Number.NaN, Number.NaN]);
    expect(Array.from(c.features)).toEqual([Number.NaN, Number.NaN, 3, Number.NaN]);
    expect(Array.from(c.categoryStarts)).toEqual([0, 3, 3]);
    expect(Array.from(c.categoryIndex, (k) => c.categoryName(k))).toEqual(["a", undefined, "a"]);
    expect(c.categoryNames).toBe(2);
  });
});
