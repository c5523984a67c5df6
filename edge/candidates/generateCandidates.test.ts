import { describe, expect, it } from "vitest";
import { CANDIDATE_FEATURE_NAMES, type CandidateRequest } from "../../model/catalog";
import {
  buildCandidateIndex,
  type CatalogItemInput,
  DEFAULT_RETRIEVAL_WEIGHTS,
  generateCandidates,
  indexLookups,
} from "./index";

const ids = (xs: { id: number }[]) => xs.map((x) => x.id);

describe("buildCandidateIndex", () => {
  it("weights a pair by distance: the next item is a stronger neighbour than one two steps on", () => {
    const index = buildCandidateIndex([[1, 2, 3]], [], { recencyHalfLife: 0, backwardWeight: 0 });
    const n1 = index.neighbours.get(1)!;
    expect(ids(n1)).toEqual([2, 3]);
    // counts are all 1, so weights are the raw decay: 0.7^0 and 0.7^1
    expect(n1[0].score).toBeCloseTo(1);
    expect(n1[1].score).toBeCloseTo(0.7);
    expect(index.neighbours.get(3)).toBeUndefined();
  });

  it("counts backward pairs at backwardWeight", () => {
    const index = buildCandidateIndex([[1, 2]], [], { recencyHalfLife: 0, backwardWeight: 0.5 });
    expect(index.neighbours.get(2)).toEqual([{ id: 1, score: 0.5 }]);
  });

  it("weights recent pairs more: the pair at the end of a sequence counts more than one at the start", () => {
    const index = buildCandidateIndex([[1, 2, 9, 9, 9, 1, 3]], [], {
      window: 1,
      recencyHalfLife: 2,
      backwardWeight: 0,
    });
    const n1 = index.neighbours.get(1)!;
    expect(ids(n1)).toEqual([3, 2]);
  });

  it("normalises by sqrt of degrees so a hub seen everywhere does not dominate", () => {
    // 1 is followed once by 2 (rare) and once by hub 5, which follows every other item too.
    const seqs = [
      [1, 2],
      [1, 5],
      [7, 5],
      [8, 5],
      [9, 5],
      [10, 5],
      [11, 5],
    ];
    const index = buildCandidateIndex(seqs, [], { recencyHalfLife: 0, backwardWeight: 0 });
    expect(ids(index.neighbours.get(1)!)).toEqual([2, 5]);
  });

  it("ranks popular, trending and per-category lists", () => {
    const items: CatalogItemInput[] = [
      { id: 1, title: "a", categories: ["Hair", "Shampoo"] },
      { id: 2, title: "b", categories: ["Hair", "Shampoo"] },
      { id: 3, title: "c", categories: ["Nails"] },
    ];
    const index = buildCandidateIndex([[3, 3, 1], [2], [1]], items, { recencyHalfLife: 1 });
    expect(ids(index.popular)).toEqual([1, 3, 2]);
    expect(index.trending[0].id).toBe(1); // its interactions are last in their sequences
    expect(ids(index.categoryTop.get("Shampoo")!)).toEqual([1, 2]);
    expect(ids(index.categoryTop.get("Nails")!)).toEqual([3]);
  });

  it("names items without metadata 'Item N' with no categories (session data)", () => {
    const index = buildCandidateIndex([[40, 41]], []);
    expect(index.items.get(41)).toMatchObject({ title: "Item 41", categories: [], count: 1 });
  });

  it("throws on a bad id or option instead of building a broken index", () => {
    expect(() => buildCandidateIndex([[1, -2]], [])).toThrow(RangeError);
    expect(() => buildCandidateIndex([[1, 2.5]], [])).toThrow(RangeError);
    expect(() => buildCandidateIndex([[1, 2]], [], { window: -1 })).toThrow(RangeError);
  });
});

describe("generateCandidates", () => {
  const items: CatalogItemInput[] = [
    { id: 1, title: "Shampoo A", categories: ["Hair", "Shampoo"], brand: "X" },
    { id: 2, title: "Conditioner", categories: ["Hair", "Conditioner"], brand: "X" },
    { id: 3, title: "Shampoo B", categories: ["Hair", "Shampoo"], brand: "Y" },
    { id: 4, title: "Polish", categories: ["Nails", "Polish"], brand: "Z" },
    { id: 5, title: "Shampoo C", categories: ["Hair", "Shampoo"], brand: "Y" },
    { id: 6, title: "Top coat", categories: ["Nails", "Polish"], brand: "Z" },
  ];
  const seqs = [[1, 2], [1, 2], [3, 4], [4, 6], [4, 6], [4, 6], [6, 4], [5]];
  const lookups = indexLookups(buildCandidateIndex(seqs, items));

  it("item: the neighbour comes first, then backfill; the item itself is excluded", () => {
    const out = generateCandidates({ context: "item", item: 1, limit: 10 }, lookups);
    expect(out[0].id).toBe(2);
    expect(ids(out)).not.toContain(1);
    expect(new Set(ids(out)).size).toBe(out.length);
    expect(out.length).toBe(5);
    expect(out[0]).toMatchObject({ title: "Conditioner", categories: ["Hair", "Conditioner"], brand: "X" });
    expect(out[0].features).toMatchObject({ fromCooc: 1, coocCount: 1, brandMatch: 1 });
    expect(out[0].features.coocLast).toBeGreaterThan(0);
  });

  it("prefers same-category items among candidates without co-occurrence (category weight)", () => {
    const weights = { ...DEFAULT_RETRIEVAL_WEIGHTS, category: 0.5 };
    const out = generateCandidates({ context: "item", item: 1, limit: 10 }, { ...lookups, weights });
    const rest = ids(out).slice(1);
    // 3 and 5 share "Shampoo" with item 1; 4 and 6 are more popular but in Nails.
    expect(rest.indexOf(3)).toBeLessThan(rest.indexOf(6));
    expect(out.find((c) => c.id === 5)!.features.categoryOverlap).toBe(1);
    expect(out.find((c) => c.id === 4)!.features.categoryOverlap).toBe(0);
  });

  it("cart: later items weigh more, the cart is excluded, features are finite and ranked", () => {
    // 1→2 and 3→4 are equally strong pairs; the cart's last item decides which comes first.
    const pairs = indexLookups(
      buildCandidateIndex(
        [
          [1, 2],
          [3, 4],
        ],
        items,
      ),
    );
    // Co-occurrence alone: 2 also shares brand X with item 1, which the content term would reward.
    const coocOnly = { ...pairs, weights: { ...DEFAULT_RETRIEVAL_WEIGHTS, content: 0 } };
    expect(generateCandidates({ context: "cart", items: [3, 1], limit: 10 }, coocOnly)[0].id).toBe(2);
    expect(generateCandidates({ context: "cart", items: [1, 3], limit: 10 }, coocOnly)[0].id).toBe(4);
    const late = generateCandidates({ context: "cart", items: [1, 3], limit: 10 }, lookups);
    for (const c of late) {
      expect([1, 3]).not.toContain(c.id);
      for (const name of CANDIDATE_FEATURE_NAMES) expect(Number.isFinite(c.features[name])).toBe(true);
    }
    expect(late.map((c) => c.features.rank)).toEqual(late.map((_, i) => i));
    expect(late[0].features.coocSum).toBeGreaterThan(0);
  });

  it("includes the context items on request, with in-context count and recency", () => {
    const out = generateCandidates(
      { context: "cart", items: [4, 6, 4], limit: 10, includeContextItems: true },
      lookups,
    );
    const four = out.find((c) => c.id === 4)!;
    const six = out.find((c) => c.id === 6)!;
    expect(four.features).toMatchObject({ fromContext: 1, inContextCount: 2, inContextRecency: 1 });
    expect(six.features).toMatchObject({ fromContext: 1, inContextCount: 1, inContextRecency: 0.5 });
  });

  it("respects limit and answers home with popular items", () => {
    expect(generateCandidates({ context: "home", limit: 2 }, lookups)).toHaveLength(2);
    expect(generateCandidates({ context: "home", limit: 1 }, lookups)[0].id).toBe(4);
    expect(generateCandidates({ context: "home", limit: 0 }, lookups)).toEqual([]);
  });

  it("category: only that category's items; unknown category gives nothing", () => {
    const out = generateCandidates({ context: "category", category: "Shampoo", limit: 10 }, lookups);
    expect(ids(out).sort()).toEqual([1, 3, 5]);
    expect(generateCandidates({ context: "category", category: "Nope", limit: 10 }, lookups)).toEqual([]);
  });

  it("search: uses the lookups' hits, best hit first with searchScore 1", () => {
    const withSearch = {
      ...lookups,
      search: () => [
        { id: 5, score: 8 },
        { id: 3, score: 4 },
      ],
    };
    const out = generateCandidates({ context: "search", query: "shampoo", limit: 10 }, withSearch);
    expect(ids(out)).toEqual([5, 3]);
    expect(out[1].features.searchScore).toBe(0.5);
  });

  it("an unknown item still gets popularity backfill and never throws", () => {
    const out = generateCandidates({ context: "item", item: 999, limit: 3 }, lookups);
    expect(out).toHaveLength(3);
    expect(out.every((c) => c.features.fromCooc === 0)).toBe(true);
  });
});

describe("generateCandidates: the store's fields", () => {
  it("carries the store's SKU, url, price and availability, and the id as SKU where the catalog has none", () => {
    const items: CatalogItemInput[] = [
      {
        id: 1,
        title: "a",
        categories: [],
        sku: "SKU-A",
        url: "https://shop.example/a",
        price: 0,
        currency: "EUR",
      },
      { id: 2, title: "b", categories: [], available: true },
    ];
    const index = buildCandidateIndex(
      [
        [1, 2],
        [2, 1],
      ],
      items,
    );
    const byId = new Map(
      generateCandidates({ context: "home", limit: 10 }, indexLookups(index)).map((c) => [c.id, c]),
    );
    expect(byId.get(1)).toMatchObject({
      sku: "SKU-A",
      url: "https://shop.example/a",
      price: 0,
      currency: "EUR",
    });
    expect(byId.get(2)).toMatchObject({ sku: "2", available: true });
    expect(byId.get(2)).not.toHaveProperty("price");
  });
});

describe("generateCandidates: stock", () => {
  it("leaves an unavailable item out of every context, backfilling the list from the next items", () => {
    const items: CatalogItemInput[] = [1, 2, 3, 4].map((id) => ({ id, title: `t${id}`, categories: ["C"] }));
    const sequences = [
      [1, 2, 3],
      [1, 2, 4],
      [2, 3, 1],
    ];
    const lookups = indexLookups(buildCandidateIndex(sequences, items));
    const out = { ...lookups, unavailable: (id: number) => id === 2 };
    const requests: CandidateRequest[] = [
      { context: "home", limit: 10 },
      { context: "item", item: 1, limit: 10 },
      { context: "category", category: "C", limit: 10 },
      { context: "cart", items: [1, 3], limit: 10 },
    ];
    for (const request of requests) {
      expect(ids(generateCandidates(request, lookups))).toContain(2);
      expect(ids(generateCandidates(request, out))).not.toContain(2);
    }
    expect(ids(generateCandidates({ context: "home", limit: 3 }, out))).toHaveLength(3);
    const fromFile = buildCandidateIndex(sequences, [
      ...items.slice(0, 1),
      { ...items[1], available: false },
    ]);
    expect(ids(generateCandidates({ context: "home", limit: 10 }, indexLookups(fromFile)))).not.toContain(2);
  });
});
