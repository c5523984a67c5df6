import { describe, expect, it } from "vitest";
import { contentNeighbours } from "./index";
import { TINY_CATALOG } from "./testing/tinyCatalog";

const ids = (xs: readonly { id: number }[] | undefined) => (xs ?? []).map((x) => x.id);

describe("contentNeighbours", () => {
  const nb = contentNeighbours(TINY_CATALOG);

  it("ranks the same brand in the same leaf category first, then the same leaf, then the same brand", () => {
    expect(ids(nb.get(1)).slice(0, 3)).toEqual([2, 3, 4]);
  });

  it("keeps neighbours inside the shared category path before any other department", () => {
    // A shampoo's best neighbour is the other shampoo, not the same-brand body wash.
    expect(ids(nb.get(6))[0]).toBe(7);
    // Nothing from the nail aisle neighbours a shampoo.
    expect(ids(nb.get(6)).some((id) => id <= 5)).toBe(false);
  });

  it("scores are cosines in (0, 1], best first, and an item is never its own neighbour", () => {
    for (const [id, list] of nb) {
      expect(ids(list)).not.toContain(id);
      for (const e of list) expect(e.score > 0 && e.score <= 1 + 1e-12).toBe(true);
      expect(list.map((e) => e.score)).toEqual([...list.map((e) => e.score)].sort((a, b) => b - a));
    }
  });

  it("bounds each list at maxNeighbours", () => {
    const short = contentNeighbours(TINY_CATALOG, { maxNeighbours: 2 });
    expect(Math.max(...[...short.values()].map((l) => l.length))).toBe(2);
  });

  it("weighs a rare shared term above a common one (IDF): a shared brand beats a shared word", () => {
    // 5 and 1 share "red" (3 items); 9 and 6 share the brand Dove (2 items) and nothing else.
    const s = (a: number, b: number) => nb.get(a)?.find((e) => e.id === b)?.score ?? 0;
    expect(s(9, 6)).toBeGreaterThan(s(5, 1));
  });

  it("gives no list to an item with no informative term, and handles an empty catalog", () => {
    const lone = contentNeighbours([...TINY_CATALOG, { id: 10, title: "Gift 2024", categories: [] }]);
    expect(lone.has(10)).toBe(false);
    expect(contentNeighbours([]).size).toBe(0);
  });
});
