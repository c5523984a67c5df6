import { Hono } from "hono";
import { MODEL_VERSION_PATTERN } from "../../../telemetry";
import {
  driftView,
  type LatencyMetric,
  latencyView,
  overviewView,
  scoresView,
  versionsView,
  vitalsView,
} from "../../../telemetry/fleet";
import { aggregatorStub } from "../fleet/aggregatorStub";
import { readAlerts } from "../fleet/alertQueries";
import { fleetInput, referenceOf } from "../fleet/fleetQueries";
import { runScheduled } from "../fleet/scheduled";
import { hourOf } from "../fleet/shardKey";
import { adminAuth, apiError, cors } from "../http";
import { runFleetLearning } from "../learning";
import { guardedView } from "../rollout/guardedView";
import { tickGuarded } from "../rollout/tickGuarded";
import type { AppEnv } from "../types";

/** Largest window a dashboard may ask for: one week of hourly rollups. */
const MAX_HOURS = 168;
const LATENCY_METRICS: readonly LatencyMetric[] = ["inferenceMs", "modelLoadMs", "timeToFirstRecMs"];

function hoursParam(value: string | undefined): number {
  if (value === undefined) return 24;
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) {
    throw apiError(400, "bad_hours", `hours must be an integer in 1..${MAX_HOURS}`);
  }
  return hours;
}

function versionParam(value: string | undefined, required: boolean): string | null {
  if (value === undefined || value === "") {
    if (required) throw apiError(400, "missing_version", "version is required");
    return null;
  }
  if (!MODEL_VERSION_PATTERN.test(value))
    throw apiError(400, "bad_version", "version is not a valid model version name");
  return value;
}

/** How far an evaluation's `now` may lie from the real clock: the span reports are accepted in (PRIVACY.md rule 9). */
const NOW_PAST_MS = 49 * 3_600_000;
const NOW_FUTURE_MS = 3_600_000;

/**
 * The evaluation's clock: the real time, or (admin only) an epoch-ms `now` within the span reports
 * are accepted in, so a simulator can evaluate a simulated day in minutes.
 */
function nowParam(value: string | undefined, real: number): number {
  if (value === undefined) return real;
  const now = Number(value);
  if (!Number.isInteger(now) || now < real - NOW_PAST_MS || now > real + NOW_FUTURE_MS)
    throw apiError(400, "bad_now", "now must be epoch ms within the last 49 hours (or the next hour)");
  return now;
}

/**
 * `GET /v1/fleet/*`: merged fleet figures for the dashboard, over `?hours=` (default 24, ≤ 168).
 * Every slice under env.K_ANONYMITY reports answers `{ insufficient: true }` instead of numbers.
 * overview · latency?metric= · vitals?version= · scores?version= · drift?version= · alerts · versions
 * · rollout (the guarded rollout: step, guardrail figures, decision log).
 * `POST /v1/fleet/evaluate[?now=<epoch ms>]` (admin bearer token) runs the alert evaluation now, or
 * at a simulated `now`, the guarded rollout's tick (`tickGuarded`, at the real time) and the fleet-learning
 * release (`runFleetLearning`, at `now`: a `now` past the current step releases it): local
 * `wrangler dev` fires no crons, so demos, tests and the simulator trigger it. `GET /v1/fleet/shards?version=&hour=` (admin)
 * reads each aggregator's counts and storage size, for ops and the ingest benchmark.
 * @example GET /v1/fleet/scores?version=demo-1&hours=6
 */
export const fleetRoutes = new Hono<AppEnv>();

fleetRoutes.use("*", cors({ methods: ["GET", "HEAD", "OPTIONS"] }));

fleetRoutes.get("/overview", async (c) => {
  return c.json(overviewView(await fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now())));
});

fleetRoutes.get("/latency", async (c) => {
  const metric = (c.req.query("metric") ?? "inferenceMs") as LatencyMetric;
  if (!LATENCY_METRICS.includes(metric)) {
    throw apiError(400, "bad_metric", `metric must be one of ${LATENCY_METRICS.join(", ")}`);
  }
  return c.json(latencyView(await fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now()), metric));
});

fleetRoutes.get("/vitals", async (c) => {
  const version = versionParam(c.req.query("version"), false);
  return c.json(vitalsView(await fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now()), version));
});

fleetRoutes.get("/scores", async (c) => {
  const version = versionParam(c.req.query("version"), true) as string;
  const [input, reference] = await Promise.all([
    fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now()),
    referenceOf(c.env, version),
  ]);
  return c.json(scoresView(input, version, reference?.score ?? null, reference?.n ?? 0));
});

fleetRoutes.get("/drift", async (c) => {
  const version = versionParam(c.req.query("version"), true) as string;
  const [input, reference] = await Promise.all([
    fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now()),
    referenceOf(c.env, version),
  ]);
  return c.json(driftView(input, version, reference?.score ?? null));
});

fleetRoutes.get("/versions", async (c) => {
  return c.json(versionsView(await fleetInput(c.env, hoursParam(c.req.query("hours")), Date.now())));
});

fleetRoutes.get("/alerts", async (c) => {
  return c.json(await readAlerts(c.env.DB, Date.now()));
});

fleetRoutes.get("/rollout", async (c) => c.json(await guardedView(c.env, Date.now())));

fleetRoutes.post("/evaluate", adminAuth(), async (c) => {
  const now = nowParam(c.req.query("now"), Date.now());
  const alerts = await runScheduled(c.env, now);
  // The guarded rollout ticks at the real time: its steps' minimum durations are real durations.
  const rollout = await tickGuarded(c.env);
  // Fleet learning releases the steps and days completed by `now` (a later `now` releases the current step).
  return c.json({ ...alerts, rollout, learning: await runFleetLearning(c.env, now) });
});

fleetRoutes.get("/shards", adminAuth(), async (c) => {
  const version = versionParam(c.req.query("version"), true) as string;
  const hourText = c.req.query("hour");
  const real = Date.now();
  const hour = hourText === undefined ? hourOf(real) : Number(hourText);
  // Only hours a report can still land in have shards: asking for another would start an empty one.
  const inSpan = hour >= hourOf(real - NOW_PAST_MS) && hour <= hourOf(real + NOW_FUTURE_MS);
  if (!Number.isInteger(hour) || hour % 3_600_000 !== 0 || !inSpan) {
    throw apiError(
      400,
      "bad_hour",
      "hour must be the epoch ms of a UTC hour start within the last 49 hours (or the next)",
    );
  }
  const shards = Number(c.env.FLEET_SHARDS);
  const stats = await Promise.all(
    Array.from({ length: shards }, async (_, shard) => ({
      shard,
      ...(await aggregatorStub(c.env, `${version}:${hour}:${shard}`).stats()),
    })),
  );
  return c.json({ version, hour, shards: stats });
});
