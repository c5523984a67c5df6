import { Hono } from "hono";
import {
  type ContributionErrorCode,
  MAX_CONTRIBUTION_BYTES,
  parseContribution,
} from "../../../telemetry/learning";
import { apiError, bodyLimit, cors, limitPerSource } from "../http";
import { insertContribution } from "../learning";
import type { AppEnv } from "../types";

/** Malformed input is a 400; a well-formed contribution over a bound or outside its days is a 422. */
const STATUS_OF: Record<ContributionErrorCode, 400 | 413 | 422> = {
  invalid_json: 400,
  invalid_field: 400,
  unsupported_version: 400,
  too_large: 413,
  over_bound: 422,
  day_out_of_range: 422,
};

/**
 * `POST /v1/contributions`: one device's fleet-learning contribution (PRIVACY.md, "Fleet learning"),
 * a request of its own, never part of a telemetry report. 429 `rate_limited` (with Retry-After)
 * beyond `CONTRIBUTION_LIMIT_PER_DAY` requests from one source today, valid or not; 413 over 4 KB, 400/422 with
 * `parseContribution`'s code (the parser the device runs before sending), 422 `over_bound` for a
 * request over the per-request bound, 409 `duplicate_contribution` for an id already stored, 202 once
 * stored for the next release. The route reads the client address only for the rate limit, which
 * stores a salted hash of it for the day (`limitPerSource`); it reads no user agent.
 * @example fetch("/v1/contributions", { method: "POST", body: JSON.stringify(contribution) }) // 202
 */
export const contributionRoutes = new Hono<AppEnv>();

contributionRoutes.use("*", cors({ methods: ["POST", "OPTIONS"], exposeHeaders: ["Retry-After"] }));

contributionRoutes.post(
  "/",
  limitPerSource({ limit: (env) => env.CONTRIBUTION_LIMIT_PER_DAY }),
  bodyLimit({ maxBytes: MAX_CONTRIBUTION_BYTES }),
  async (c) => {
    const now = Date.now();
    const parsed = parseContribution(await c.req.text(), now);
    if (!parsed.ok) throw apiError(STATUS_OF[parsed.code], parsed.code, parsed.message);
    if (!(await insertContribution(c.env.DB, parsed.contribution, now))) {
      throw apiError(
        409,
        "duplicate_contribution",
        "this contribution was already received; nothing counted",
      );
    }
    return c.json({ accepted: true }, 202);
  },
);
