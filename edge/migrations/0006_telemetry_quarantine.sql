-- Rollup rows that failed to decode are moved here by the first read that meets them, so one bad
-- row can never take a fleet view, /metrics or the alert evaluation down (telemetry-fleet).
CREATE TABLE IF NOT EXISTS telemetry_quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version TEXT NOT NULL,
  hour INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  backend TEXT NOT NULL,
  browser TEXT NOT NULL,
  reports INTEGER NOT NULL,
  aggregate TEXT NOT NULL,          -- the row's text as it was stored
  reason TEXT NOT NULL,             -- why it did not decode
  quarantined_at INTEGER NOT NULL   -- epoch ms of the read that set it aside
);
CREATE INDEX IF NOT EXISTS telemetry_quarantine_by_hour ON telemetry_quarantine (hour);

-- flushed_at is derived from report arrivals: keep it to the hour, like every report time
-- (PRIVACY.md rule 9), so a lone report's arrival cannot be dated to the second.
UPDATE telemetry_rollups SET flushed_at = flushed_at - (flushed_at % 3600000);

-- Reports used to be aggregated for any well-formed version name; only published versions (and
-- 'none', clients without a model) are now. Drop what made-up names left behind.
DELETE FROM telemetry_rollups
WHERE version <> 'none' AND version NOT IN (SELECT version FROM model_versions WHERE status = 'ready');
