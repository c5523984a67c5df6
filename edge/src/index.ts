import { Hono } from "hono";

export type Env = {
  DB: D1Database;
  MODELS: R2Bucket;
  FLEET: DurableObjectNamespace;
  ASSETS: Fetcher;
  ADMIN_TOKENS: string;
  CORS_ORIGINS: string;
  K_ANONYMITY: string;
  FLEET_SHARDS: string;
};

const app = new Hono<{ Bindings: Env }>();
app.get("/healthz", (c) => c.json({ ok: true }));

export class FleetAggregator implements DurableObject {
  fetch(): Response {
    return new Response("placeholder", { status: 501 });
  }
}

export default app;
