import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Throws the one error shape of the API: `{ error: { code, message } }` with `status` (and any
 * `headers`, e.g. Retry-After). The entrypoint's single `onError` turns it into the response.
 * @example throw apiError(400, "bad_limit", "limit must be an integer in 1..500");
 */
export function apiError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers?: HeadersInit,
): HTTPException {
  return new HTTPException(status, {
    res: Response.json({ error: { code, message } }, { status, headers }),
    message,
  });
}
