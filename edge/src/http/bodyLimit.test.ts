import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../types";
import { bodyLimit } from "./bodyLimit";

const LIMIT = 1000;

function app() {
  const seen: number[] = [];
  const a = new Hono<AppEnv>();
  a.onError((err, c) =>
    "getResponse" in err ? (err as { getResponse(): Response }).getResponse() : c.text("boom", 500),
  );
  a.post("/x", bodyLimit({ maxBytes: LIMIT }), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    seen.push(bytes.byteLength);
    return c.json({ bytes: bytes.byteLength, first: bytes[0], last: bytes[bytes.byteLength - 1] });
  });
  return { a, seen };
}

/** A body with no Content-Length: the bytes arrive as a chunked stream. */
function stream(total: number, chunk = 300): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      controller.enqueue(new Uint8Array(n).fill(sent % 251));
      sent += n;
    },
  });
}

const post = (a: Hono<AppEnv>, body: BodyInit, headers: Record<string, string> = {}) =>
  a.request(
    new Request("http://edge.test/x", { method: "POST", body, headers, duplex: "half" } as RequestInit),
    undefined,
    env,
  );

describe("bodyLimit", () => {
  it("passes a body at the limit through unchanged", async () => {
    const { a } = app();
    const body = new Uint8Array(LIMIT).map((_, i) => i & 0xff);
    const res = await post(a, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: LIMIT, first: 0, last: (LIMIT - 1) & 0xff });
  });

  it("refuses a declared Content-Length over the limit with 413 before the route runs", async () => {
    const { a, seen } = app();
    const res = await post(a, new Uint8Array(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect(seen).toEqual([]);
  });

  it("counts a streamed body without Content-Length and refuses it past the limit", async () => {
    const { a, seen } = app();
    const res = await post(a, stream(LIMIT + 200));
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("hands a streamed body under the limit to the route whole", async () => {
    const { a } = app();
    const res = await post(a, stream(LIMIT - 1));
    expect(await res.json()).toMatchObject({ bytes: LIMIT - 1 });
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const { a, seen } = app();
    const res = await post(a, stream(5 * LIMIT), { "Content-Length": "10" });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("lets bodyless requests through", async () => {
    const a = new Hono<AppEnv>();
    a.get("/x", bodyLimit({ maxBytes: 0 }), (c) => c.text("ok"));
    expect((await a.request("http://edge.test/x", {}, env)).status).toBe(200);
  });

  it("refuses a bad limit at construction", () => {
    expect(() => bodyLimit({ maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => bodyLimit({ maxBytes: 1.5 })).toThrow(/maxBytes/);
  });
});
