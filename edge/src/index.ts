import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { FleetAggregator } from "./fleet/FleetAggregator";
import { runScheduled } from "./fleet/scheduled";
import { forgetPastSources } from "./http";
import { runFleetLearning } from "./learning";
import { tickGuarded } from "./rollout/tickGuarded";
import { adminRoutes } from "./routes/admin";
import { candidateRoutes } from "./routes/candidates";
import { contributionRoutes } from "./routes/contributions";
import { fleetRoutes } from "./routes/fleet";
import { fleetLearningRoutes } from "./routes/fleetLearning";
import { metricsRoutes } from "./routes/metrics";
import { modelRoutes } from "./routes/models";
import { telemetryRoutes } from "./routes/telemetry";
import type { AppEnv, Env } from "./types";

const app = new Hono<AppEnv>();

app.get("/healthz", (c) => c.json({ ok: true }));
app.route("/v1/candidates", candidateRoutes);
app.route("/v1", modelRoutes); // GET /v1/model, GET /v1/models/:version/*
app.route("/v1/admin", adminRoutes);
app.route("/v1/telemetry", telemetryRoutes);
app.route("/v1/contributions", contributionRoutes);
app.route("/v1/fleet/learning", fleetLearningRoutes);
app.route("/v1/fleet", fleetRoutes);
app.route("/metrics", metricsRoutes);

app.notFound((c) =>
  c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
);

// The one place where errors become responses: { error: { code, message } }.
app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  console.error("unhandled", err);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
});

export { FleetAggregator };
export default {
  fetch: app.fetch,
  scheduled: (_controller: ScheduledController, env: Env, ctx: ExecutionContext) => {
    ctx.waitUntil(runScheduled(env));
    ctx.waitUntil(tickGuarded(env));
    ctx.waitUntil(runFleetLearning(env)); // acts once per completed trending step (5 minutes)
    ctx.waitUntil(forgetPastSources(env.DB)); // the contribution rate limit's salts and counts of past days
  },
} satisfies ExportedHandler<Env>;
