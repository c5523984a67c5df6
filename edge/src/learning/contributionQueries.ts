import {
  CONTRIBUTION_REPLAY_WINDOW_MS,
  type Contribution,
  stepOf,
  utcDay,
} from "../../../telemetry/learning";

/**
 * Stores one accepted contribution for the releases: its lists, the step and day it arrived in, and
 * its expiry. Returns false when its id was seen before (a replay: nothing stored).
 */
export async function insertContribution(db: D1Database, c: Contribution, now: number): Promise<boolean> {
  const body = JSON.stringify({
    viewed: c.viewed,
    clicked: c.clicked,
    carted: c.carted,
    transitions: c.transitions,
    trending: c.trending,
  });
  const result = await db
    .prepare(
      `INSERT INTO fleet_contributions (id, step, arrival_day, body, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(c.contributionId, stepOf(now), utcDay(now), body, now + CONTRIBUTION_REPLAY_WINDOW_MS)
    .run();
  return result.meta.changes === 1;
}

/** The lists of contributions that arrived in steps (after, before) (`stepOf` ids), for the trending release. */
export async function bodiesOfSteps(
  db: D1Database,
  afterStep: number,
  beforeStep: number,
): Promise<Contribution[]> {
  const { results } = await db
    .prepare("SELECT body FROM fleet_contributions WHERE step > ? AND step < ? AND body IS NOT NULL")
    .bind(afterStep, beforeStep)
    .all<{ body: string }>();
  return results.map((r) => JSON.parse(r.body) as Contribution);
}

/** The lists of contributions that arrived on days in (after, before). */
export async function bodiesOfDays(
  db: D1Database,
  afterDay: string,
  beforeDay: string,
): Promise<Contribution[]> {
  const { results } = await db
    .prepare(
      "SELECT body FROM fleet_contributions WHERE arrival_day > ? AND arrival_day < ? AND body IS NOT NULL",
    )
    .bind(afterDay, beforeDay)
    .all<{ body: string }>();
  return results.map((r) => JSON.parse(r.body) as Contribution);
}

/**
 * Forgets what is no longer needed: the lists of every contribution whose day has been released, and
 * whole rows past the replay window.
 */
export function forgetReleased(db: D1Database, lastDay: string, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare("UPDATE fleet_contributions SET body = NULL WHERE arrival_day <= ? AND body IS NOT NULL")
      .bind(lastDay),
    db.prepare("DELETE FROM fleet_contributions WHERE expires_at < ?").bind(now),
  ];
}
