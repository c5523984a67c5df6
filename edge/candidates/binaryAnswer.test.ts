import { describe, expect, it } from "vitest";
import type { CandidateRequest, CandidatesResponse } from "../../model/catalog";
import {
  CANDIDATE_COLUMNS,
  decodeAnswer,
  encodeAnswer,
  isBinaryAnswer,
} from "../../model/catalog/binaryAnswer";
import { beautySlice } from "../catalog/testing/beautySlice";
import { generateCandidates, indexLookups } from "./index";

const { index, sequences } = beautySlice(1500);
// Offline lookups have no BM25 (the edge's D1 has it): a fixed hit list stands in for a search.
const hits = index.popular.slice(10, 80).map((s, i) => ({ id: s.id, score: 1 / (i + 1) }));
const lookups = { ...indexLookups(index), search: () => hits };
const cart = sequences.find((s) => s.length >= 4)!.slice(0, 3);
const requests: CandidateRequest[] = [
  { context: "home", limit: 500 },
  { context: "item", item: index.popular[2].id, limit: 300 },
  { context: "category", category: "Nail Polish", limit: 200 },
  { context: "search", query: "shampoo", limit: 100 },
  { context: "cart", items: cart, limit: 500, includeContextItems: true },
];
const answerOf = (request: CandidateRequest): CandidatesResponse => ({
  catalogVersion: "cat-1f2e",
  context: request.context,
  candidates: generateCandidates(request, lookups),
});
/** What a client parses from the JSON answer: the reference the binary answer must equal. */
const viaJson = (answer: CandidatesResponse) => JSON.parse(JSON.stringify(answer)) as CandidatesResponse;

describe("binary candidate answer of the generator's answers", () => {
  it.each(requests.map((r) => [r.context, r] as const))(
    "%s: decodes to exactly what its JSON parses to",
    (_, request) => {
      const answer = answerOf(request);
      expect(answer.candidates.length).toBeGreaterThan(5);
      const bytes = encodeAnswer(answer);
      expect(isBinaryAnswer(bytes)).toBe(true);
      expect(decodeAnswer(bytes)).toStrictEqual(viaJson(answer));
      // A body read into a buffer at an odd offset decodes the same (it is copied to align the columns).
      const shifted = new Uint8Array(bytes.byteLength + 3);
      shifted.set(bytes, 3);
      expect(decodeAnswer(shifted.subarray(3))).toStrictEqual(viaJson(answer));
    },
  );

  it("every field of a generated candidate has a column (a field added to the contract cannot be dropped)", () => {
    const fields = new Set(requests.flatMap((r) => answerOf(r).candidates.flatMap((c) => Object.keys(c))));
    expect(fields.size).toBeGreaterThanOrEqual(5);
    expect([...fields].filter((field) => !(field in CANDIDATE_COLUMNS))).toEqual([]);
  });

  it("decodes features by the names the answer carries, so a newer edge's renamed or added feature arrives as named", () => {
    const answer = answerOf(requests[1]);
    const bytes = encodeAnswer(answer);
    // The feature names sit in the string block; rename "coocSum" to "coocSun" in place.
    const at = bytes.findIndex((_, i) => new TextDecoder().decode(bytes.subarray(i, i + 7)) === "coocSum");
    bytes[at + 6] = "n".charCodeAt(0);
    const decoded = decodeAnswer(bytes).candidates;
    decoded.forEach((c, i) => {
      const { coocSum, ...rest } = answer.candidates[i].features;
      expect(c.features).toStrictEqual({ ...rest, coocSun: coocSum });
    });
  });
});
