import { describe, expect, it } from "vitest";
import { CANDIDATE_FEATURE_NAMES } from "../candidate";
import { featureRow, isContractOrder } from "./featureRow";

describe("featureRow", () => {
  it("reads each contract feature from its own column, in the contract's key order", () => {
    const F = CANDIDATE_FEATURE_NAMES.length;
    const matrix = Float64Array.from({ length: 2 * F }, (_, k) => k);
    const row = featureRow(matrix, F);
    expect(Object.keys(row)).toEqual([...CANDIDATE_FEATURE_NAMES]);
    expect(Object.values(row)).toEqual(CANDIDATE_FEATURE_NAMES.map((_, f) => F + f));
  });

  it("is used only for the contract's names in the contract's order", () => {
    expect(isContractOrder(CANDIDATE_FEATURE_NAMES)).toBe(true);
    expect(isContractOrder([...CANDIDATE_FEATURE_NAMES].reverse())).toBe(false);
    expect(isContractOrder(CANDIDATE_FEATURE_NAMES.slice(1))).toBe(false);
  });
});
