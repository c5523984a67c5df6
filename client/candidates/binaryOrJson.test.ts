import { describe, expect, it } from "vitest";
import { decodeAnswer, encodeAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import type { CandidatesResponse } from "../../model/catalog/index.ts";
import { dummyBatch } from "../scoring/dummyBatch";
import { BINARY_OR_JSON } from "./binaryOrJson";

const answer = {
  catalogVersion: "c1",
  context: "home",
  candidates: dummyBatch(5).candidates.map((c) => ({ ...c, sku: `s${c.id}`, title: `item ${c.id}` })),
} as CandidatesResponse;

describe("BINARY_OR_JSON", () => {
  it("reads each candidate of a binary answer from its bytes once: the same object when asked again", () => {
    const bytes = encodeAnswer(answer);
    const list = BINARY_OR_JSON.decode(bytes);
    const third = list.at(2);
    expect(third).toEqual(decodeAnswer(bytes).candidates[2]);
    expect(list.at(2)).toBe(third);
    expect(list.at(3)).not.toBe(third);
    expect(list.at(3)).toEqual(decodeAnswer(bytes).candidates[3]);
    expect(() => list.at(5)).toThrow(RangeError);
  });
});
