import { describe, expect, it, vi } from "vitest";
import { encodeAnswer } from "../../model/catalog/binaryAnswer/index.ts";
import { BINARY_OR_JSON } from "../candidates/binaryOrJson";
import { CandidateSource } from "../candidates/CandidateSource";
import { dummyBatch } from "./dummyBatch";
import type { PageAnswer } from "./protocol";
import { rankInWorker } from "./rankInWorker";
import { cpuEngine } from "./testDemoModel";

const url = "https://edge.example.com/v1/candidates?context=home";
const { history, historyCategories, candidates } = dummyBatch(50);
const bytes = () =>
  new TextEncoder().encode(JSON.stringify({ catalogVersion: "c1", context: "home", candidates })).buffer;

const rank = (answer: PageAnswer) => ({
  type: "rank" as const,
  id: 1,
  url,
  answer,
  history,
  historyCategories,
  k: 10,
  wantScores: true,
  featureNames: ["popularity", "rank"],
});

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

describe("rankInWorker", () => {
  it("ranks the cached candidates again for an unchanged ETag, and scoring and ranking leave them untouched", async () => {
    const engine = await cpuEngine();
    const source = new CandidateSource(async () => {
      throw new Error("the page's answer is given");
    }, BINARY_OR_JSON);
    const first = await rankInWorker(engine, source, rank({ etag: '"c1"', body: bytes() }));
    expect(first.response).toMatchObject({ from: "edge", count: 50, backend: "cpu" });
    // Frozen, so a write anywhere downstream throws (modules are strict) instead of passing unnoticed.
    const cached = source.cached(url)!;
    const objects = Array.from({ length: cached.length }, (_, i) => cached.at(i));
    deepFreeze(objects);
    const garbage = new TextEncoder().encode("{not json").buffer;
    const again = await rankInWorker(engine, source, rank({ etag: '"c1"', body: garbage }));
    expect(again.response.fault).toBeUndefined();
    expect(again.response).toMatchObject({ from: "edge", count: 50, backend: "cpu" });
    expect(again.response.items).toEqual(first.response.items);
    expect(again.response.scores).toEqual(first.response.scores);
    expect(again.response.features).toEqual(first.response.features);
    expect(objects).toEqual(candidates);
    expect(source.cached(url)).toBe(cached);
  });

  it("ranks an answer held while fresh with no request at all, and asks again once it is stale", async () => {
    const engine = await cpuEngine();
    let clock = 1_000_000;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    vi.spyOn(Date, "now").mockImplementation(() => clock);
    const edgeAnswer = (): Response =>
      new Response(bytes(), {
        headers: { ETag: '"c1"', "Cache-Control": "public, max-age=60", Date: new Date(clock).toUTCString() },
      });
    const source = new CandidateSource(async () => edgeAnswer(), BINARY_OR_JSON);
    await source.get(url); // the worker's prefetch
    const trips: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input) => {
      trips.push(String(input));
      return edgeAnswer();
    };
    try {
      const { answer: _, ...ownFetch } = rank({ etag: null, body: bytes() });
      const held = await rankInWorker(engine, source, ownFetch);
      expect(held.response).toMatchObject({ from: "edge", count: 50, backend: "cpu", decodeMs: 0 });
      expect(trips).toEqual([]);
      clock += 60_000;
      const later = await rankInWorker(engine, source, ownFetch);
      expect(later.response.items).toEqual(held.response.items);
      expect(trips).toEqual([url]);
      // The page's custom fetch runs on every call: its bytes are ranked even while the worker holds an answer.
      const fewer = new TextEncoder().encode(
        JSON.stringify({ catalogVersion: "c1", context: "home", candidates: candidates.slice(0, 20) }),
      ).buffer;
      expect(source.fresh(url)).toBeDefined();
      expect((await rankInWorker(engine, source, rank({ etag: null, body: fewer }))).response.count).toBe(20);
      expect(trips).toEqual([url]);
    } finally {
      globalThis.fetch = realFetch;
      vi.restoreAllMocks();
    }
  });

  it("decodes the page's bytes, and falls back to the cached answer when the page's fetch failed", async () => {
    const engine = await cpuEngine();
    const source = new CandidateSource(async () => {
      throw new Error("unused");
    }, BINARY_OR_JSON);
    await expect(rankInWorker(engine, source, rank({ error: "HTTP 503" }))).rejects.toMatchObject({
      kind: "edge-unreachable",
    });
    const given = await rankInWorker(engine, source, rank({ etag: null, body: bytes() }));
    expect(given.response).toMatchObject({ from: "edge", count: 50 });
    expect((await rankInWorker(engine, source, rank({ error: "signal timed out" }))).response).toMatchObject({
      from: "cache",
      count: 50,
    });
  });

  it("ranks a binary answer exactly as its JSON, and a corrupt binary answer falls back to the cached one", async () => {
    const engine = await cpuEngine();
    const source = () =>
      new CandidateSource(async () => {
        throw new Error("the page's answer is given");
      }, BINARY_OR_JSON);
    const binary = () => encodeAnswer({ catalogVersion: "c1", context: "home", candidates }).slice().buffer;
    const fromJson = await rankInWorker(engine, source(), rank({ etag: null, body: bytes() }));
    const viaBinary = source();
    const fromBinary = await rankInWorker(engine, viaBinary, rank({ etag: null, body: binary() }));
    expect(fromBinary.response.items).toEqual(fromJson.response.items);
    expect(fromBinary.response.scores).toEqual(fromJson.response.scores);
    expect(fromBinary.response.features).toEqual(fromJson.response.features);
    const corrupt = new Uint8Array(binary());
    corrupt[4] = 9; // version 9
    const fallback = await rankInWorker(engine, viaBinary, rank({ etag: null, body: corrupt.buffer }));
    expect(fallback.response).toMatchObject({ from: "cache", count: 50 });
    await expect(rankInWorker(engine, source(), rank({ etag: null, body: corrupt.buffer }))).rejects.toThrow(
      /malformed binary answer \(version 9, expected 1\)/,
    );
  });
});
