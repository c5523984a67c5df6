import type { MiddlewareHandler } from "hono";
import type { AppEnv, Env } from "../types";
import { apiError } from "./apiError";
import { countRequest, hashedSource, secondsToNextDay } from "./sourceCounts";
import { sourceKey } from "./sourceKey";

/** Options of {@link limitPerSource}. */
export type LimitPerSourceOptions = {
  /** Requests allowed per source per UTC day, read per request (a wrangler var, changed without a deploy). */
  limit: (env: Env) => string | number;
};

/**
 * Refuses a source's requests beyond `limit` per UTC day with 429 `rate_limited` and a Retry-After
 * of the seconds to the next UTC day, before the body is read: a refused request stores nothing.
 * The source is the client address (`CF-Connecting-IP`, an IPv6 address by its /64), counted under
 * a keyed hash with a salt drawn per day (`hashedSource`); the address itself is never stored.
 * Hand-written rather than the Workers rate-limiting binding: that binding counts per location over
 * 10 or 60 s, and a release is a day.
 * @example contributionRoutes.post("/", limitPerSource({ limit: (env) => env.CONTRIBUTION_LIMIT_PER_DAY }), handler)
 */
export function limitPerSource(options: LimitPerSourceOptions): MiddlewareHandler<AppEnv> {
  return async function limitPerSource(c, next) {
    const limit = Number(options.limit(c.env));
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limitPerSource: bad limit ${limit}`);
    const now = Date.now();
    const source = await hashedSource(c.env.DB, sourceKey(c.req.header("CF-Connecting-IP")), now);
    if (!(await countRequest(c.env.DB, source, now, limit))) {
      throw apiError(
        429,
        "rate_limited",
        `more than ${limit} requests from this network today; nothing counted, try after the UTC day ends`,
        { "Retry-After": String(secondsToNextDay(now)) },
      );
    }
    await next();
  };
}
