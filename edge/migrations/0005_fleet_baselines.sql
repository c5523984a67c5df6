-- Each model version's own baseline per backend (and '*' for all backends): the merged rollups of
-- the first complete hour with enough reports (telemetry/fleet newBaselines). Latency and fallback
-- alerts compare the current hour with it. Written once (INSERT OR IGNORE), never updated, so a
-- lasting regression cannot become its own baseline.
CREATE TABLE IF NOT EXISTS fleet_baselines (
  version TEXT NOT NULL,
  backend TEXT NOT NULL,            -- a backend, or '*' for the version as a whole
  hour INTEGER NOT NULL,            -- the baseline hour, epoch ms (UTC)
  reports INTEGER NOT NULL,
  aggregate TEXT NOT NULL,          -- encoded slice aggregate (telemetry/fleet encodeSlice)
  created_at INTEGER NOT NULL,
  PRIMARY KEY (version, backend)
);
