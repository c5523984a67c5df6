import { afterEach, describe, expect, it, vi } from "vitest";
import { dummyBatch } from "../scoring/dummyBatch";
import { BINARY_OR_JSON } from "./binaryOrJson";
import { CandidateSource } from "./CandidateSource";
import { decodeCandidates } from "./decodeCandidates";

const bytesOf = (json: unknown) => new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer;
const answerOf = (n: number) =>
  bytesOf({ catalogVersion: "c1", context: "home", candidates: dummyBatch(n).candidates });
const answer = answerOf(4);
/** What the edge sends: the answer's bytes and, when given, its ETag. */
const reply = (body: BodyInit, etag?: string) => new Response(body, etag ? { headers: { ETag: etag } } : {});
const ids = (answer: { candidates: { id: number }[] }) => answer.candidates.map((c) => c.id);

describe("CandidateSource", () => {
  afterEach(() => vi.restoreAllMocks());

  it("times the body's read and the decode apart: the decode's own ms, not the read's", async () => {
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const slowDecode = {
      accept: undefined,
      decode: (bytes: ArrayBuffer | Uint8Array) => {
        now += 7; // the decode takes 7 ms on this clock
        return decodeCandidates(bytes);
      },
    };
    const source = new CandidateSource(async () => reply(answer, '"v1"'), slowDecode);
    const slowRead = new ReadableStream({
      pull(controller) {
        now += 3; // the body takes 3 ms to read
        controller.enqueue(new Uint8Array(answer));
        controller.close();
      },
    });
    const first = await source.get("u", reply(slowRead, '"v1"'));
    expect(first).toMatchObject({ from: "edge", readMs: 3, decodeMs: 7 });
    // The same ETag again: nothing read, nothing decoded.
    expect(await source.get("u")).toMatchObject({ from: "edge", readMs: 0, decodeMs: 0 });
  });

  it("decodes what the page already fetched without fetching, and serves it again when the edge fails", async () => {
    const urls: string[] = [];
    const source = new CandidateSource(async (url) => {
      urls.push(url);
      throw new TypeError("edge down");
    });
    const first = await source.get("u", reply(answer));
    expect(first.from).toBe("edge");
    expect(ids(first)).toEqual([1, 2, 3, 4]);
    expect(urls).toEqual([]);
    expect(await source.get("u", new Error("page fetch failed"))).toEqual({
      ...first,
      from: "cache",
      readMs: 0,
      decodeMs: 0,
    });
    expect((await source.get("u")).from).toBe("cache");
    expect(urls).toEqual(["u"]);
    await expect(source.get("other")).rejects.toThrow(/edge down/);
  });

  it("a malformed answer does not replace the last good one", async () => {
    const source = new CandidateSource(async () => reply("{not json"));
    await source.get("u", reply(answer));
    const again = await source.get("u");
    expect(again.from).toBe("cache");
    expect(ids(again)).toEqual([1, 2, 3, 4]);
    expect(() => decodeCandidates(bytesOf({ error: "x" }))).toThrow(/malformed/);
    expect(() => decodeCandidates(new TextEncoder().encode("{not json"))).toThrow(/malformed/);
  });

  it("an HTTP error counts as the edge being down", async () => {
    const source = new CandidateSource(async () => new Response("busy", { status: 503 }));
    await expect(source.get("u")).rejects.toThrow(/HTTP 503/);
    await source.get("u", reply(answer));
    expect((await source.get("u")).from).toBe("cache");
  });

  it("an answer with the cached answer's ETag is neither read nor decoded: the cached candidates serve", async () => {
    const source = new CandidateSource(async () => reply("{not json", 'W/"v1"'));
    const first = await source.get("u", reply(answer, 'W/"v1"'));
    let cancelled = false;
    const unread = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const again = await source.get("u", reply(unread, 'W/"v1"'));
    expect(again).toEqual({ candidates: first.candidates, from: "edge", readMs: 0, decodeMs: 0 });
    expect(again.candidates).toBe(first.candidates);
    expect(cancelled).toBe(true);
    const fetched = await source.get("u");
    expect(fetched.from).toBe("edge");
    expect(fetched.candidates).toBe(first.candidates);
  });

  it("a different ETag, or none, is decoded and replaces the cached answer", async () => {
    const source = new CandidateSource(async () => reply(answerOf(2), '"v2"'));
    await source.get("u", reply(answer, '"v1"'));
    expect(ids(await source.get("u"))).toEqual([1, 2]);
    expect(ids(await source.get("u", reply(answerOf(3))))).toEqual([1, 2, 3]);
    // No ETag, nothing to match: the body is decoded, and this one fails to.
    expect(await source.get("u", reply("{not json"))).toMatchObject({ from: "cache" });
    // Compared exactly as received: a weak ETag is not the strong one.
    await source.get("u", reply(answer, '"v1"'));
    expect(ids(await source.get("u", reply(answerOf(2), 'W/"v1"')))).toEqual([1, 2]);
  });

  it("the page's bytes with no ETag, equal to the held ones, are not decoded again; other bytes are", async () => {
    let decodes = 0;
    const counting = {
      accept: undefined,
      decode: (bytes: ArrayBuffer | Uint8Array) => {
        decodes++;
        return decodeCandidates(bytes);
      },
    };
    const source = new CandidateSource(async () => reply(answerOf(2)), counting);
    // A custom fetch hands over a new copy of the same bytes on every call, and no ETag.
    const first = await source.get("u", { etag: null, bytes: answer.slice(0) });
    const again = await source.get("u", { etag: null, bytes: answer.slice(0) });
    expect(again).toEqual({ candidates: first.candidates, from: "edge", readMs: 0, decodeMs: 0 });
    expect(again.candidates).toBe(first.candidates);
    expect(decodes).toBe(1);
    const other = await source.get("u", { etag: null, bytes: answerOf(3) });
    expect(ids(other)).toEqual([1, 2, 3]);
    expect(decodes).toBe(2);
    // One byte changed at the end (a length that is not a multiple of 4 included): decoded anew.
    const changed = new Uint8Array(bytesOf({ catalogVersion: "c1", context: "home", candidates: [] }));
    const edited = changed.slice(0);
    edited[edited.length - 2] = " ".charCodeAt(0);
    await source.get("v", { etag: null, bytes: changed.buffer });
    await source.get("v", { etag: null, bytes: edited.buffer });
    expect(decodes).toBe(4);
    // The edge's answers are matched by their ETag only: no bytes kept for them.
    await source.get("w", reply(answer));
    await source.get("w", reply(answer));
    expect(decodes).toBe(6);
  });

  it("keeps the 32 answers used last", async () => {
    const source = new CandidateSource(async () => reply(answer, '"same"'));
    for (let i = 0; i < 32; i++) await source.get(`u${i}`);
    await source.get("u0"); // an unchanged answer counts as used, too
    await source.get("u32");
    expect(source.cached("u0")).toBeDefined();
    expect(source.cached("u1")).toBeUndefined();
    for (let i = 2; i <= 32; i++) expect(source.cached(`u${i}`)).toBeDefined();
  });

  it("holds an answer fresh for its max-age less its age from Date, on the monotonic and the wall clock alike, and never the uncacheable or the page's bytes", async () => {
    let clock = 1_000_000;
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    vi.spyOn(Date, "now").mockImplementation(() => clock);
    const dated = (cacheControl: string, secondsOld = 0, etag = '"v1"') =>
      new Response(answer, {
        headers: {
          ETag: etag,
          "Cache-Control": cacheControl,
          Date: new Date(clock - secondsOld * 1000).toUTCString(),
        },
      });
    const source = new CandidateSource(async () => dated("public, max-age=60"));
    const first = await source.get("u");
    expect(source.fresh("u")).toBe(first.candidates);
    clock += 59_000;
    expect(source.fresh("u")).toBe(first.candidates);
    clock += 1_000;
    expect(source.fresh("u")).toBeUndefined();
    // Revalidated (the same ETag, a new Date): fresh again, the held candidates kept.
    await source.get("u", dated("public, max-age=60"));
    expect(source.fresh("u")).toBe(first.candidates);
    // 45 s in the browser's cache already: 15 s left.
    await source.get("u", dated("public, max-age=60", 45));
    clock += 14_000;
    expect(source.fresh("u")).toBeDefined();
    clock += 1_000;
    expect(source.fresh("u")).toBeUndefined();
    await source.get("u", dated("no-cache, max-age=60"));
    expect(source.fresh("u")).toBeUndefined();
    await source.get("u", reply(answer, '"v1"')); // no Cache-Control, no Date
    expect(source.fresh("u")).toBeUndefined();
    // The device slept: the monotonic clock stood still while the wall clock moved on past max-age.
    await source.get("u", dated("public, max-age=60"));
    const slept = clock;
    vi.spyOn(performance, "now").mockImplementation(() => slept);
    clock += 3_600_000;
    expect(source.fresh("u")).toBeUndefined();
    vi.spyOn(performance, "now").mockImplementation(() => clock);
    await source.get("p", { etag: '"v1"', bytes: answer }); // a custom fetch's bytes: no headers here
    expect(source.fresh("p")).toBeUndefined();
    expect(source.cached("p")).toBeDefined();
  });

  it("asks for the binary answer in the worker's format, and JSON (no Accept) in the page's", async () => {
    const accepts: (string | undefined)[] = [];
    const fetcher = async (_url: string, init?: RequestInit) => {
      accepts.push(new Headers(init?.headers).get("Accept") ?? undefined);
      return reply(answer);
    };
    await new CandidateSource(fetcher).get("u");
    await new CandidateSource(fetcher, BINARY_OR_JSON).get("u");
    expect(accepts).toEqual([undefined, "application/vnd.pocketrank.candidates, application/json;q=0.5"]);
  });
});
