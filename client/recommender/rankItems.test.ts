import { describe, expect, it } from "vitest";
import { candidateUrl, checkRequest } from "../candidates/candidateUrl";
import { checkCandidates } from "../candidates/decodeCandidates";
import { dummyBatch } from "../scoring/dummyBatch";
import type { RecommendRequest } from "../types";
import { rankItems, topK } from "./rankItems";
import { checkEvent, historyOf } from "./trackEvents";

const { candidates } = dummyBatch(5);

describe("rankItems", () => {
  it("keeps the edge's retrieval order, marked backend none, until a model scored", () => {
    const ranked = rankItems(candidates, 3);
    expect(ranked.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(ranked[0]).toMatchObject({ rank: 1, backend: "none", modelVersion: null, score: 1 });
  });

  it("orders by model score, ties keep retrieval order, and attributes backend and version", () => {
    const scores = new Float32Array([0.1, 0.9, 0.5, 0.9, 0.2]);
    const ranked = rankItems(candidates, 4, { scores, backend: "wasm", version: "v3" });
    expect(ranked.map((r) => r.id)).toEqual([2, 4, 3, 5]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(ranked[0]).toMatchObject({ backend: "wasm", modelVersion: "v3" });
    expect(ranked[0].score).toBeCloseTo(0.9);
  });

  it("picks the same top k as a full sort with ties in index order", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const [n, k] of [
      [500, 10],
      [50, 50],
      [7, 20],
      [300, 1],
      [5, 0],
    ]) {
      // Few distinct values, so ties are common.
      const scores = Float32Array.from({ length: n }, () => Math.round(random() * 20) / 20);
      const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
      expect(topK(scores, n, k)).toEqual(sorted.slice(0, k));
    }
  });

  it("ranks NaN scores below every number, in index order among themselves", () => {
    const scores = Float32Array.from([Number.NaN, -5, Number.NaN, 0.5, Number.NEGATIVE_INFINITY, Number.NaN]);
    expect(topK(scores, 6, 4)).toEqual([3, 1, 0, 2]);
    expect(topK(scores, 6, 6)).toEqual([3, 1, 0, 2, 4, 5]);
  });
});

describe("candidate requests", () => {
  it("sends only the slot's own context, never history", () => {
    expect(candidateUrl("http://e", { context: "item", itemId: 7, items: [1, 2] }, 200)).toBe(
      "http://e/v1/candidates?context=item&item=7&limit=200",
    );
    expect(candidateUrl("http://e", { context: "cart", items: [3, 4] }, 50)).toBe(
      "http://e/v1/candidates?context=cart&items=3%2C4&limit=50",
    );
    expect(candidateUrl("http://e", { context: "search", query: "red lipstick" }, 10)).toContain(
      "q=red+lipstick",
    );
    expect(candidateUrl("http://e", { context: "home", itemId: 9 }, 10)).toBe(
      "http://e/v1/candidates?context=home&limit=10",
    );
  });

  it("gives each request its own URL when they alternate (the remembered URLs are told apart by every field)", () => {
    const variants: [string, RecommendRequest, number, string][] = [
      ["http://e", { context: "home" }, 10, "http://e/v1/candidates?context=home&limit=10"],
      ["http://e", { context: "home" }, 20, "http://e/v1/candidates?context=home&limit=20"],
      ["http://f", { context: "home" }, 10, "http://f/v1/candidates?context=home&limit=10"],
      ["http://e", { context: "item", itemId: 7 }, 10, "http://e/v1/candidates?context=item&item=7&limit=10"],
      ["http://e", { context: "item", itemId: 8 }, 10, "http://e/v1/candidates?context=item&item=8&limit=10"],
      [
        "http://e",
        { context: "cart", items: [3, 4] },
        10,
        "http://e/v1/candidates?context=cart&items=3%2C4&limit=10",
      ],
      [
        "http://e",
        { context: "cart", items: [34] },
        10,
        "http://e/v1/candidates?context=cart&items=34&limit=10",
      ],
      [
        "http://e",
        { context: "category", category: "a" },
        10,
        "http://e/v1/candidates?context=category&category=a&limit=10",
      ],
      [
        "http://e",
        { context: "search", query: "a" },
        10,
        "http://e/v1/candidates?context=search&q=a&limit=10",
      ],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [endpoint, request, limit, url] of variants)
        expect(candidateUrl(endpoint, request, limit)).toBe(url);
    }
  });

  it("names the problem of a bad request", () => {
    expect(checkRequest({ context: "item" })).toMatch(/itemId/);
    expect(checkRequest({ context: "cart", items: [] })).toMatch(/items/);
    expect(checkRequest({ context: "search", query: "  " })).toMatch(/query/);
    expect(checkRequest({ context: "nope" as never })).toMatch(/unknown context/);
    expect(checkRequest({ context: "home", k: 0 })).toMatch(/k must be/);
    expect(checkRequest({ context: "home", k: 8 })).toBeUndefined();
  });

  it("keeps only well-formed candidates and rejects a malformed answer", () => {
    expect(() => checkCandidates({ error: { code: "x" } })).toThrow(/malformed/);
    const kept = checkCandidates({
      candidates: [candidates[0], { id: "x" }, null, { ...candidates[1], features: null }],
    });
    expect(kept.map((c) => c.id)).toEqual([1]);
  });

  it("gives a candidate answered without a SKU (cached from an older edge) its id as the SKU", () => {
    const { sku: _, ...old } = candidates[0];
    expect(checkCandidates({ candidates: [old, candidates[1]] }).map((c) => c.sku)).toEqual(["1", "2"]);
  });
});

describe("tracked events", () => {
  it("validates events", () => {
    expect(checkEvent({ type: "view", itemId: -1 })).toMatch(/itemId/);
    expect(checkEvent({ type: "search", query: "" })).toMatch(/query/);
    expect(checkEvent({ type: "wish" } as never)).toMatch(/unknown event type/);
    expect(checkEvent({ type: "cart", itemId: 3, categories: ["A"] })).toBeUndefined();
  });

  it("turns stored events into an item history, skipping searches", () => {
    const h = historyOf([
      { type: "view", itemId: 3, at: 1, categories: ["Makeup"] },
      { type: "search", query: "q", at: 2 },
      { type: "click", itemId: 5, at: 3 },
    ]);
    expect(h).toEqual({ history: [3, 5], historyCategories: [["Makeup"], []] });
  });
});
