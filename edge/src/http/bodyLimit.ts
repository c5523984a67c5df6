import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../types";
import { apiError } from "./apiError";

/** Options of {@link bodyLimit}. */
export type BodyLimitOptions = {
  /** Largest accepted request body in bytes. */
  maxBytes: number;
};

/**
 * Rejects request bodies over `maxBytes` with 413 `{ error: { code: "payload_too_large" } }`.
 * A declared Content-Length over the limit is refused before reading. Otherwise the body is counted
 * while it streams, because Content-Length may be absent (chunked) or lie; the counted bytes are
 * then handed to the route as a fresh body, so the route never sees a partial upload.
 * @example adminRoutes.put("/models/:version", bodyLimit({ maxBytes: 32 * 1024 * 1024 }), handler);
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const { maxBytes } = options;
  if (!Number.isInteger(maxBytes) || maxBytes < 0) {
    throw new Error(`bodyLimit: maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  const tooLarge = () => apiError(413, "payload_too_large", `request body exceeds ${maxBytes} bytes`);

  return async function bodyLimit(c, next) {
    const declared = c.req.header("Content-Length");
    if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge();
    const body = c.req.raw.body;
    if (!body) return next();

    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.set("Content-Length", String(size));
    c.req.raw = new Request(c.req.raw, { body: bytes, headers });
    await next();
  };
}
