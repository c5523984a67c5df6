import { describe, expect, it } from "vitest";
import { encodeGroups } from "../features/encodeBatch";
import { defaultConfig } from "../ranker/defaultConfig";
import { concatGroups, realFeatureRows, standardizeInPlace, takeGroups } from "./batches";

const config = defaultConfig(["f"], { maxHistory: 2, maxCategories: 1, itemBuckets: 50, categoryBuckets: 8 });
const enc = encodeGroups(
  [
    { history: [1], candidates: [{ id: 2, features: { f: 1 } }] },
    {
      history: [3, 4],
      candidates: [
        { id: 5, features: { f: 3 } },
        { id: 6, features: { f: 7 } },
      ],
    },
  ],
  config,
  2,
);

describe("batch helpers", () => {
  it("takeGroups and concatGroups round-trip", () => {
    const swapped = takeGroups(enc, [1, 0]);
    const back = concatGroups([takeGroups(swapped, [1]), takeGroups(swapped, [0])]);
    expect(back).toEqual(enc);
  });
  it("standardises only real slots", () => {
    const copy = takeGroups(enc, [0, 1]);
    const rows = realFeatureRows(copy);
    expect(rows.length).toBe(3);
    standardizeInPlace(copy, [Math.log(2)], [1], 6);
    expect(copy.features[0]).toBeCloseTo(0, 6);
    expect(copy.features[1]).toBe(0); // padded slot untouched
  });
});
