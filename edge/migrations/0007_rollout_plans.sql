-- Guarded rollouts (edge/src/rollout): the plan, where it stands, the per-cohort sums its
-- sequential tests read, and every decision with its evidence.

-- One row per guarded rollout. `revision` grows by one on every change (compare-and-set, as
-- rollout_state does); `registry_revision` is rollout_state.revision after this rollout's own last
-- change, so a tick that finds another revision knows a person changed the rollout by hand.
CREATE TABLE IF NOT EXISTS rollout_plans (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  canary            TEXT NOT NULL REFERENCES model_versions (version),
  live              TEXT NOT NULL REFERENCES model_versions (version),
  plan              TEXT NOT NULL,          -- JSON RolloutPlan (telemetry/rollout)
  thresholds        TEXT NOT NULL,          -- JSON: live's inference p95 per backend, frozen at creation
  state             TEXT NOT NULL CHECK (state IN ('active', 'paused', 'withdrawn', 'completed', 'overridden', 'killed')),
  step              INTEGER NOT NULL,
  step_started_at   INTEGER NOT NULL,       -- epoch ms
  revision          INTEGER NOT NULL DEFAULT 0,
  registry_revision INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  created_by        TEXT NOT NULL,
  updated_at        INTEGER NOT NULL
);
-- At most one rollout runs (active or paused) at a time: the registry has one canary.
CREATE UNIQUE INDEX IF NOT EXISTS rollout_plans_one_running ON rollout_plans ((1))
  WHERE state IN ('active', 'paused');

-- Absolute per-shard sums (telemetry/rollout CohortSums), flushed by the FleetAggregator like
-- telemetry_rollups: a retried flush rewrites the same numbers, an older one never wins.
CREATE TABLE IF NOT EXISTS rollout_sums (
  rollout_id INTEGER NOT NULL,
  step       INTEGER NOT NULL,
  side       TEXT NOT NULL CHECK (side IN ('canary', 'control')),
  shard      TEXT NOT NULL,                 -- the aggregator's name: version:hour:shard
  reports    INTEGER NOT NULL,
  sums       TEXT NOT NULL,
  PRIMARY KEY (rollout_id, step, side, shard)
);

-- Every decision of every tick (holds included) and every manual action, with the evidence.
CREATE TABLE IF NOT EXISTS rollout_decisions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  rollout_id INTEGER NOT NULL,
  at         INTEGER NOT NULL,              -- epoch ms
  actor      TEXT NOT NULL,                 -- 'cron' or the admin token label
  action     TEXT NOT NULL,                 -- withdraw | pause | advance | complete | hold | resume | kill | override
  step       INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  evidence   TEXT NOT NULL DEFAULT '[]'     -- JSON GuardrailEvidence[]
);
CREATE INDEX IF NOT EXISTS rollout_decisions_by_rollout ON rollout_decisions (rollout_id, id);
