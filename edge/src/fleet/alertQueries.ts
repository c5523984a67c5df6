import type { AlertInstance, AlertRound } from "../../../telemetry/alerts";
import type { AlertEventView, AlertsView } from "../../../telemetry/fleet";

type StateRow = {
  alert_key: string;
  rule: string;
  labels: string;
  state: AlertInstance["state"];
  active_since: number | null;
  value: number | null;
  threshold: number | null;
  updated_at: number;
};

/** A row of alert_events as D1 returns it. */
export type AlertEventRow = {
  id: number;
  alert_key: string;
  rule: string;
  labels: string;
  from_state: AlertEventView["from"];
  to_state: AlertEventView["to"];
  value: number | null;
  threshold: number | null;
  summary: string;
  at: number;
  delivered_at: number | null;
};

/** Every stored alert instance. */
export async function loadAlertStates(db: D1Database): Promise<AlertInstance[]> {
  const { results } = await db.prepare("SELECT * FROM alert_state").all<StateRow>();
  return results.map((r) => ({
    key: r.alert_key,
    rule: r.rule,
    labels: JSON.parse(r.labels) as Record<string, string>,
    state: r.state,
    activeSince: r.active_since,
    value: r.value,
    threshold: r.threshold,
    updatedAt: r.updated_at,
  }));
}

/**
 * Stores one evaluation round atomically: every instance's state and every transition as an event
 * (delivery pending when a webhook is configured).
 */
export async function saveAlertRound(db: D1Database, round: AlertRound, webhook: boolean): Promise<void> {
  const upsert = db.prepare(
    `INSERT INTO alert_state (alert_key, rule, labels, state, active_since, value, threshold, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (alert_key) DO UPDATE SET state = excluded.state, active_since = excluded.active_since,
       value = excluded.value, threshold = excluded.threshold, updated_at = excluded.updated_at, labels = excluded.labels`,
  );
  const insert = db.prepare(
    `INSERT INTO alert_events (alert_key, rule, labels, from_state, to_state, value, threshold, summary, at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const statements = [
    ...round.instances.map((i) =>
      upsert.bind(
        i.key,
        i.rule,
        JSON.stringify(i.labels),
        i.state,
        i.activeSince,
        finite(i.value),
        finite(i.threshold),
        i.updatedAt,
      ),
    ),
    ...round.transitions.map((t) =>
      insert.bind(
        t.key,
        t.rule,
        JSON.stringify(t.labels),
        t.from,
        t.to,
        finite(t.value),
        finite(t.threshold),
        t.summary,
        t.at,
        webhook ? t.at : null,
      ),
    ),
  ];
  if (statements.length > 0) await db.batch(statements);
}

/** Active alerts and the latest state changes, for GET /v1/fleet/alerts. */
export async function readAlerts(db: D1Database, now: number, limit = 50): Promise<AlertsView> {
  const [active, events] = await Promise.all([
    loadAlertStates(db).then((all) => all.filter((a) => a.state === "pending" || a.state === "firing")),
    db
      .prepare("SELECT * FROM alert_events ORDER BY at DESC, id DESC LIMIT ?")
      .bind(limit)
      .all<AlertEventRow>(),
  ]);
  return {
    generatedAt: now,
    active: active.sort((a, b) =>
      a.state === b.state ? a.key.localeCompare(b.key) : a.state === "firing" ? -1 : 1,
    ),
    events: events.results.map(alertEventFromRow),
  };
}

function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** The dashboard's and the webhook's view of one stored alert state change. */
export function alertEventFromRow(row: AlertEventRow): AlertEventView {
  return {
    id: row.id,
    key: row.alert_key,
    rule: row.rule,
    labels: JSON.parse(row.labels) as Record<string, string>,
    from: row.from_state,
    to: row.to_state,
    at: row.at,
    value: row.value,
    threshold: row.threshold,
    summary: row.summary,
    delivered: row.delivered_at !== null,
  };
}
