import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../data/datasets";
import { testSplit } from "../data/holdout";
import { datasetPlan } from "./datasetPlan";

// 30 users with 7 distinct items each: item u*10 + j is user u's j-th item, so every item names its position.
const sequences = Array.from({ length: 30 }, (_, u) => Array.from({ length: 7 }, (_, j) => u * 10 + j));
const spec: DatasetSpec = {
  name: "plan-test",
  protocol: "leave-one-out",
  items: [],
  sequences,
  includeContextItems: false,
  maskHistory: true,
  indexOptions: {},
};
const VALIDATION_POSITION = 5; // second to last of 7
const validationItems = new Set(sequences.map((s) => s[VALIDATION_POSITION]));
const testItems = new Set(sequences.map((s) => s[6]));

describe("datasetPlan holdout", () => {
  it("strict: no training target, training index or training history holds a validation item", () => {
    const blocks = datasetPlan(spec, { quick: false, cuts: [3, 4, 5], holdout: "strict" });
    const train = blocks.flatMap((b) => (b.train.length > 0 ? [b] : []));
    expect(train).toHaveLength(3);
    for (const b of train) {
      expect(b.train.some((c) => validationItems.has(c.target))).toBe(false);
      expect(b.indexSequences.flat().some((id) => validationItems.has(id))).toBe(false);
    }
    // The validation block picks the checkpoint: every 10th user's validation item, over an index without them.
    const valid = blocks.find((b) => b.valid.length > 0);
    expect(valid?.valid.map((c) => c.target)).toEqual([5, 105, 205]);
    expect(valid?.indexSequences.flat().some((id) => validationItems.has(id))).toBe(false);
  });
  it("valid-visible trains on the other users' validation items (the setting strict replaces)", () => {
    const blocks = datasetPlan(spec, { quick: false, cuts: [2, 3, 4], holdout: "valid-visible" });
    const targets = blocks.flatMap((b) => b.train.map((c) => c.target));
    expect(targets.filter((t) => validationItems.has(t))).toHaveLength(27);
  });
  it("strict refuses to train on cut 2, the validation target", () => {
    expect(() => datasetPlan(spec, { quick: false, cuts: [2, 3], holdout: "strict" })).toThrow(RangeError);
  });
});

describe("testSplit", () => {
  it("strict: the test index holds no validation and no test item; valid-visible holds the validation items", () => {
    const strict = testSplit(spec, "strict");
    const visible = testSplit(spec, "valid-visible");
    expect(strict.cases).toEqual(visible.cases);
    expect(strict.cases[0]).toEqual({ history: [0, 1, 2, 3, 4, 5], target: 6 });
    expect(strict.indexSequences.flat().some((id) => validationItems.has(id) || testItems.has(id))).toBe(
      false,
    );
    expect(visible.indexSequences.flat().filter((id) => validationItems.has(id))).toHaveLength(30);
  });
});
