-- Model registry, rollout state and the admin audit log (edge/src/registry).

-- One row per uploaded model version. Versions are immutable: a row is never updated after it is
-- 'ready'. 'pending' reserves the version while its files are written to R2 (models/<version>/<path>),
-- so two concurrent uploads of one version cannot overwrite each other's objects.
CREATE TABLE model_versions (
  version         TEXT PRIMARY KEY,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'ready')),
  manifest        TEXT NOT NULL,            -- the manifest JSON exactly as uploaded
  manifest_sha256 TEXT NOT NULL,            -- hex sha256 of those bytes; identical re-upload = same digest
  bytes           INTEGER NOT NULL,         -- manifest + all files
  created_at      TEXT NOT NULL,            -- ISO 8601 UTC
  uploaded_by     TEXT NOT NULL             -- admin token label
);

-- The single rollout row (id = 1). revision grows by one on every change, which makes updates
-- compare-and-set and lets the audit insert check that its own update won.
CREATE TABLE rollout_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  live           TEXT REFERENCES model_versions (version),
  canary         TEXT REFERENCES model_versions (version),
  canary_percent REAL NOT NULL DEFAULT 0 CHECK (canary_percent >= 0 AND canary_percent <= 100),
  previous_live  TEXT REFERENCES model_versions (version),
  salt           TEXT NOT NULL,             -- bucket-assignment salt; renewed when a new canary starts
  revision       INTEGER NOT NULL DEFAULT 0,
  updated_at     TEXT,
  updated_by     TEXT
);
INSERT INTO rollout_state (id, salt) VALUES (1, lower(hex(randomblob(16))));

-- Every admin action that changed something: who (token label), what, on which target, when.
CREATE TABLE admin_audit (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  at     TEXT NOT NULL,                     -- ISO 8601 UTC
  actor  TEXT NOT NULL,                     -- admin token label
  action TEXT NOT NULL,                     -- e.g. model.upload, rollout.set, rollout.promote
  target TEXT,                              -- e.g. the model version
  detail TEXT NOT NULL DEFAULT '{}'         -- JSON
);
