import { describe, expect, it } from "vitest";
import { itemKnnRecommender, popRecommender, spopRecommender } from "./baselines";
import { evaluateRecommenders } from "./evaluateRecommenders";

// Training counts: item 1 ×4, item 2 ×3, item 3 ×2, item 4 ×1.
const train = [
  [1, 2, 3],
  [1, 2, 1],
  [2, 3, 1],
  [4, 5],
];

describe("POP on a hand-computed fixture", () => {
  it("ranks by training counts and reproduces HR/NDCG by hand", () => {
    const pop = popRecommender(train, false);
    expect(pop([], 3)).toEqual([1, 2, 3]);
    // Targets 1, 3, 4, 9 → POP ranks 0, 2, 3 (4 and 5 tie at 1; id order), miss.
    const cases = [1, 3, 4, 9].map((target) => ({ history: [5], target }));
    const m = evaluateRecommenders(cases, { POP: pop }, [1, 3]).POP;
    expect(m["HR@1"]).toBe(0.25);
    expect(m["HR@3"]).toBe(0.5);
    expect(m["NDCG@3"]).toBeCloseTo((1 + 1 / Math.log2(4)) / 4, 12); // 0.375
    expect(m["MRR@3"]).toBeCloseTo((1 + 1 / 3) / 4, 12);
  });

  it("masks history items when the protocol says so", () => {
    expect(popRecommender(train, true)([1, 3], 2)).toEqual([2, 4]);
  });
});

describe("S-POP and Item-KNN", () => {
  it("S-POP orders session items by in-session count, ties by global count, then fills with POP", () => {
    expect(spopRecommender(train)([3, 2, 3], 4)).toEqual([3, 2, 1, 4]);
  });
  it("Item-KNN ranks by cosine over session sets with the last item", () => {
    // Item 3 is in sessions {0, 2}; item 1 in {0, 1, 2}: cos = 2/sqrt(2·3); item 2 in {0, 1, 2}: same.
    expect(itemKnnRecommender(train)([5, 3], 2)).toEqual([1, 2]);
    expect(itemKnnRecommender(train)([], 2)).toEqual([]);
  });
});
