import { Hono } from "hono";
import { cors } from "../http";
import type { AppEnv } from "../types";
import { fleetLearningView } from "./fleetLearningView";

/**
 * `GET /v1/fleet/learning`: what the fleet taught the store and what it cost (`FleetLearningView`).
 * The budget per device-day and what a device has spent over the released days, the recent releases
 * (period, ε and δ each spends), the noise sd of the pooled counts, the items the fleet moved up the
 * served popular and trending lists and the latest release's new neighbour pairs, with SKU and title.
 * Everything shown derives from noisy releases, so it needs no k-anonymity rule.
 * @example await (await fetch("/v1/fleet/learning")).json() // { budget, spent, noise, releases, movers, newPairs }
 */
export const fleetLearningRoutes = new Hono<AppEnv>();

fleetLearningRoutes.use("*", cors({ methods: ["GET", "HEAD", "OPTIONS"] }));

fleetLearningRoutes.get("/", async (c) => c.json(await fleetLearningView(c.env, Date.now())));
