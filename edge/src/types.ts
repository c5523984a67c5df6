/** Bindings and variables of the pocketrank Worker (wrangler.toml, .dev.vars, secrets). */
export type Env = {
  DB: D1Database;
  MODELS: R2Bucket;
  FLEET: DurableObjectNamespace;
  ASSETS: Fetcher;
  /** Secret: comma-separated "label:token" pairs for the admin API. */
  ADMIN_TOKENS: string;
  /** Comma-separated origins allowed by CORS on the public routes. */
  CORS_ORIGINS: string;
  /** Minimum reports before a telemetry slice is shown (PRIVACY.md). */
  K_ANONYMITY: string;
  /** Fleet-learning contributions accepted per client source (address, IPv6 /64) per UTC day (PRIVACY.md). */
  CONTRIBUTION_LIMIT_PER_DAY: string;
  /** Shards per (model version, hour) for the FleetAggregator. */
  FLEET_SHARDS: string;
  /** Optional alert webhook URL. */
  ALERT_WEBHOOK_URL?: string;
};

/** Hono generics shared by every sub-app. */
export type AppEnv = { Bindings: Env; Variables: { adminLabel?: string } };
