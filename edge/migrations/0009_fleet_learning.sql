-- Fleet learning (issue 14, PRIVACY.md "Fleet learning"): device contributions and the DP release.

-- One row per accepted contribution. The body (the bounded item lists) is kept only until the day it
-- arrived in has been released; the id alone stays until `expires_at` (the replay window, 49 h) so a
-- resent contribution is counted once. No IP, user agent or time finer than the release step.
CREATE TABLE fleet_contributions (
  id           TEXT PRIMARY KEY,           -- the random contributionId
  step         INTEGER NOT NULL,           -- release step of arrival (15-minute steps since the epoch)
  arrival_day  TEXT NOT NULL,              -- UTC day of arrival: the daily release it belongs to
  body         TEXT,                       -- JSON lists; NULL once released
  expires_at   INTEGER NOT NULL            -- epoch ms; the row is deleted after
) WITHOUT ROWID;
CREATE INDEX fleet_contributions_step ON fleet_contributions (step) WHERE body IS NOT NULL;
CREATE INDEX fleet_contributions_day ON fleet_contributions (arrival_day) WHERE body IS NOT NULL;

-- Where the releases stand (id = 1): the imported version the fleet's counts are blended into, the
-- derived version serving now, the last released trending step and day.
CREATE TABLE fleet_learning_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  base_version    TEXT,
  derived_version TEXT,
  last_step       INTEGER NOT NULL DEFAULT 0,
  last_day        TEXT NOT NULL DEFAULT ''
);

-- One row per release: what it spent and what it taught (the dashboard reads these).
CREATE TABLE fleet_releases (
  period        TEXT PRIMARY KEY,          -- 'day:2026-11-30' or 'step:1958000'
  released_at   TEXT NOT NULL,             -- ISO 8601 UTC
  contributions INTEGER NOT NULL,
  epsilon       REAL NOT NULL,             -- what this release spends per device-day
  delta         REAL NOT NULL,
  taught        TEXT NOT NULL              -- JSON: top movers, new neighbour pairs
);
