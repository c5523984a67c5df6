import { describe, expect, it } from "vitest";
import { buildCandidateIndex, contentNeighbours, generateCandidates, indexLookups } from "./index";
import { TINY_CATALOG } from "./testing/tinyCatalog";

const ids = (xs: readonly { id: number }[]) => xs.map((x) => x.id);

describe("content neighbours in the generator", () => {
  it("with no interactions at all, item candidates are the item's content neighbours in order", () => {
    const lookups = indexLookups(buildCandidateIndex([], TINY_CATALOG));
    const out = generateCandidates({ context: "item", item: 1, limit: 9 }, lookups);
    const content = ids(contentNeighbours(TINY_CATALOG).get(1) ?? []);
    expect(ids(out).slice(0, content.length)).toEqual(content);
    expect(out[0].retrievalScore).toBeGreaterThan(out[content.length].retrievalScore);
    // The Dove body wash shares only the brand with the Dove shampoo, yet outranks the nail aisle.
    const shampoo = ids(generateCandidates({ context: "item", item: 6, limit: 9 }, lookups));
    expect(shampoo.slice(0, 3)).toContain(9);
    expect(shampoo.indexOf(9)).toBeLessThan(shampoo.indexOf(1));
  });

  it("a new item in a store with interactions still gets its content neighbours before popular items", () => {
    // Shampoos and the dryer sell together; nobody has seen nail polish 2 yet.
    const seqs = [
      [6, 7],
      [7, 8],
      [6, 8],
      [8, 7],
      [5, 6],
    ];
    const lookups = indexLookups(buildCandidateIndex(seqs, TINY_CATALOG));
    const out = ids(generateCandidates({ context: "item", item: 2, limit: 5 }, lookups));
    expect(out[0]).toBe(1);
    expect(out.slice(0, 3).sort()).toEqual([1, 3, 4]); // the nail aisle before the best sellers
  });

  it("blends content below co-occurrence when an item has both", () => {
    const seqs = [
      [1, 8],
      [1, 8],
      [1, 8],
    ];
    const lookups = indexLookups(buildCandidateIndex(seqs, TINY_CATALOG));
    const out = ids(generateCandidates({ context: "item", item: 1, limit: 5 }, lookups));
    expect(out[0]).toBe(8); // bought together, though a hair dryer is nothing like nail polish
    expect(out.slice(1, 3)).toEqual([2, 3]); // then the closest content neighbours
  });
});
