import { afterEach, describe, expect, it, vi } from "vitest";
import { requestCandidates, WORKER_ACCEPT } from "./fetchCandidates";

describe("requestCandidates (the worker's request, started by its entry)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("settles as the response, body unread, asked with the worker's Accept and no credentials", async () => {
    const seen: RequestInit[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response("body", { headers: { ETag: '"v1"' } });
    });
    const answer = await requestCandidates("https://edge.test/v1/candidates?limit=200", WORKER_ACCEPT);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).bodyUsed).toBe(false);
    expect(new Headers(seen[0].headers).get("Accept")).toBe(WORKER_ACCEPT);
    expect(seen[0].credentials).toBe("omit");
  });

  it("settles as an Error, never rejects, on an HTTP error and on a failed fetch", async () => {
    vi.stubGlobal("fetch", async () => new Response("no", { status: 503 }));
    const http = await requestCandidates("u", WORKER_ACCEPT);
    expect(http).toBeInstanceOf(Error);
    expect((http as Error).message).toBe("candidates: HTTP 503");
    vi.stubGlobal("fetch", () => Promise.reject("offline"));
    const failed = await requestCandidates("u", WORKER_ACCEPT);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe("offline");
  });
});
