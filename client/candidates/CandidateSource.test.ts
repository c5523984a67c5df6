import { describe, expect, it } from "vitest";
import { dummyBatch } from "../scoring/dummyBatch";
import { CandidateSource } from "./CandidateSource";
import { decodeCandidates } from "./decodeCandidates";

const bytesOf = (json: unknown) => new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer;
const answer = bytesOf({ catalogVersion: "c1", context: "home", candidates: dummyBatch(4).candidates });

describe("CandidateSource", () => {
  it("decodes bytes the page already fetched without fetching, and serves them again when the edge fails", async () => {
    const urls: string[] = [];
    const source = new CandidateSource(async (url) => {
      urls.push(url);
      throw new TypeError("edge down");
    });
    const first = await source.get("u", answer);
    expect(first.from).toBe("edge");
    expect(first.candidates.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(urls).toEqual([]);
    expect((await source.get("u", new Error("page fetch failed"))).from).toBe("cache");
    expect((await source.get("u")).from).toBe("cache");
    expect(urls).toEqual(["u"]);
    await expect(source.get("other")).rejects.toThrow(/edge down/);
  });

  it("a malformed answer does not replace the last good one", async () => {
    const source = new CandidateSource(async () => new Response("{not json"));
    await source.get("u", answer);
    const again = await source.get("u");
    expect(again.from).toBe("cache");
    expect(() => decodeCandidates(bytesOf({ error: "x" }))).toThrow(/malformed/);
    expect(() => decodeCandidates(new TextEncoder().encode("{not json"))).toThrow(/malformed/);
  });
});
