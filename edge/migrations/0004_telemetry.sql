-- Fleet telemetry: rollups flushed by the FleetAggregator Durable Objects, and alert state.
-- A rollup row is the ABSOLUTE running aggregate of one shard for one slice, never a delta,
-- so a retried flush overwrites instead of adding (idempotent by construction).

CREATE TABLE IF NOT EXISTS telemetry_rollups (
  version TEXT NOT NULL,            -- model version the reports were scored with
  hour INTEGER NOT NULL,            -- start of the report window's hour, epoch ms (UTC)
  shard INTEGER NOT NULL,           -- FleetAggregator shard index, 0..FLEET_SHARDS-1
  backend TEXT NOT NULL,            -- backend as reported (exact: not randomized, PRIVACY.md rule 5)
  browser TEXT NOT NULL,            -- browser family as reported
  reports INTEGER NOT NULL,         -- reports merged into this slice so far
  aggregate TEXT NOT NULL,          -- encoded slice aggregate (telemetry/fleet encodeSliceAggregate)
  flushed_at INTEGER NOT NULL,      -- epoch ms of the flush that wrote the row
  PRIMARY KEY (version, hour, shard, backend, browser)
);
CREATE INDEX IF NOT EXISTS telemetry_rollups_by_hour ON telemetry_rollups (hour, version);

-- Current state of every alert instance (rule + labels), Prometheus-style.
CREATE TABLE IF NOT EXISTS alert_state (
  alert_key TEXT PRIMARY KEY,       -- rule id + sorted labels, e.g. latency_p95{backend="webgpu",version="v2"}
  rule TEXT NOT NULL,
  labels TEXT NOT NULL,             -- JSON object
  state TEXT NOT NULL,              -- inactive | pending | firing | resolved
  active_since INTEGER,             -- epoch ms when the condition started to hold
  value REAL,
  threshold REAL,
  updated_at INTEGER NOT NULL
);

-- Every state change, kept for the dashboard and audits; webhook delivery is tracked per event.
CREATE TABLE IF NOT EXISTS alert_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  labels TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  value REAL,
  threshold REAL,
  summary TEXT NOT NULL,
  at INTEGER NOT NULL,
  delivered_at INTEGER,             -- NULL until the webhook answered 2xx (or no webhook configured)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER
);
CREATE INDEX IF NOT EXISTS alert_events_by_time ON alert_events (at);
CREATE INDEX IF NOT EXISTS alert_events_undelivered ON alert_events (delivered_at, next_attempt_at);
