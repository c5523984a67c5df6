import { Hono } from "hono";
import { loadAlertStates } from "../fleet/alertQueries";
import { fleetMetrics } from "../fleet/fleetMetrics";
import { fleetInput } from "../fleet/fleetQueries";
import { prometheusText } from "../fleet/prometheusText";
import type { AppEnv } from "../types";

/** Hours of rollups behind /metrics: a week, the dashboard's longest window. */
const METRICS_HOURS = 168;

/**
 * `GET /metrics`: Prometheus text exposition of the fleet (content type text/plain; version=0.0.4).
 * @example curl http://localhost:8787/metrics
 */
export const metricsRoutes = new Hono<AppEnv>();

metricsRoutes.get("/", async (c) => {
  const [input, alerts] = await Promise.all([
    fleetInput(c.env, METRICS_HOURS, Date.now()),
    loadAlertStates(c.env.DB),
  ]);
  return c.text(prometheusText(fleetMetrics(input, alerts)), 200, {
    "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
  });
});
