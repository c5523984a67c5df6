import { Hono } from "hono";
import { DEFAULT_RELEASE_BUDGET } from "../../../telemetry/learning";
import { cors } from "../http";
import type { AppEnv } from "../types";

/** Releases shown: the last 30 days and their steps fit in ~3,000 rows; the dashboard needs recent ones. */
const RECENT_RELEASES = 200;

/**
 * `GET /v1/fleet/learning`: what the fleet taught the store and what it cost. The budget per
 * device-day, the recent releases (period, contributions, ε and δ each spends) and the latest
 * release's top movers and new neighbour pairs. Everything shown derives from noisy releases, so
 * it needs no k-anonymity rule.
 * @example await (await fetch("/v1/fleet/learning")).json() // { budget, releases, taught }
 */
export const fleetLearningRoutes = new Hono<AppEnv>();

fleetLearningRoutes.use("*", cors({ methods: ["GET", "HEAD", "OPTIONS"] }));

fleetLearningRoutes.get("/", async (c) => {
  const { results } = await c.env.DB.prepare(
    `SELECT period, released_at, contributions, epsilon, delta, taught FROM fleet_releases
     ORDER BY released_at DESC, period DESC LIMIT ?`,
  )
    .bind(RECENT_RELEASES)
    .all<{
      period: string;
      released_at: string;
      contributions: number;
      epsilon: number;
      delta: number;
      taught: string;
    }>();
  const { epsilon, delta } = DEFAULT_RELEASE_BUDGET;
  return c.json({
    budget: { epsilon, delta, unit: "device-day" },
    releases: results.map(({ taught: _, released_at, ...r }) => ({ ...r, releasedAt: released_at })),
    taught: results[0] ? JSON.parse(results[0].taught) : { movers: [], newPairs: [] },
  });
});
