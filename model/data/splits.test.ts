import { describe, expect, it } from "vitest";
import { holdOutTail, leaveOneOut, sessionPrefixes } from "./splits";

describe("protocol splits", () => {
  it("leave-one-out keeps each case's target out of the index sequences", () => {
    const { cases, indexSequences } = leaveOneOut([[1, 2, 3, 4], [5]], 2);
    expect(cases).toEqual([{ history: [1, 2], target: 3 }]);
    expect(indexSequences).toEqual([[1, 2], []]);
  });
  it("expands sessions into every prefix", () => {
    expect(sessionPrefixes([[1, 2, 3]])).toEqual([
      { history: [1], target: 2 },
      { history: [1, 2], target: 3 },
    ]);
  });
  it("holds out the tail and rejects a bad fraction", () => {
    expect(holdOutTail([1, 2, 3, 4], 0.25)).toEqual({ indexSessions: [1, 2, 3], querySessions: [4] });
    expect(() => holdOutTail([1], 1)).toThrow(RangeError);
  });
});
