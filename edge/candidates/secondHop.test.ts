import { describe, expect, it } from "vitest";
import {
  buildCandidateIndex,
  generateCandidates,
  indexLookups,
  secondHopNeighbours,
  secondHopSeeds,
} from "./index";

// 1 → 2 co-occur and 2 → 3 co-occur, but 1 and 3 never share a session: 3 is only reachable in two hops.
const index = buildCandidateIndex(
  [
    [1, 2],
    [2, 3],
  ],
  [],
  { window: 1 },
);
const lookups = indexLookups(index);

describe("secondHop", () => {
  it("reaches neighbours of the last item's neighbours, not the last item itself", () => {
    expect(secondHopSeeds(1, lookups)).toEqual([2]);
    const hop = secondHopNeighbours(1, lookups);
    expect(hop.map((h) => h.id)).toEqual([3]);
    expect(hop[0].score).toBeGreaterThan(0);
    expect(hop[0].score).toBeLessThan(lookups.neighbours(1)[0].score);
  });

  it("puts two-hop items in the cart pool as co-occurrence candidates", () => {
    const out = generateCandidates({ context: "cart", items: [1], limit: 10 }, lookups);
    const three = out.find((c) => c.id === 3);
    expect(three?.features.fromCooc).toBe(1);
    expect(three?.features.coocCount).toBe(0);
    expect(three?.features.hopScore).toBeCloseTo(secondHopNeighbours(1, lookups)[0].score, 12);
    expect(out.find((c) => c.id === 2)?.features.hopScore).toBe(0);
    expect(out.findIndex((c) => c.id === 2)).toBeLessThan(out.findIndex((c) => c.id === 3));
  });

  it("reports the second most recent context item's weight as coocPrev", () => {
    // context [2, 1]: 1 is the last item, 2 the one before; 3 is a neighbour of 2 only.
    const out = generateCandidates(
      { context: "cart", items: [2, 1], limit: 10, includeContextItems: true },
      lookups,
    );
    const byId = new Map(out.map((c) => [c.id, c.features]));
    expect(byId.get(3)?.coocPrev).toBeCloseTo(lookups.neighbours(2).find((n) => n.id === 3)!.score, 12);
    expect(byId.get(3)?.coocLast).toBe(0);
    expect(byId.get(2)?.coocLast).toBeGreaterThan(0);
    expect(byId.get(2)?.coocPrev).toBe(0);
  });

  it("is empty without a context item", () => {
    expect(secondHopSeeds(undefined, lookups)).toEqual([]);
    expect(secondHopNeighbours(undefined, lookups)).toEqual([]);
  });
});
