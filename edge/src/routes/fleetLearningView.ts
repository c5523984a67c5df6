import type { FleetLearningView, LabelledItem } from "../../../telemetry/fleet/apiTypes";
import {
  DEFAULT_RELEASE_BUDGET,
  emptyPools,
  FLEET_FAMILY_ALPHA,
  fleetPools,
  gdpEpsilon,
  noisePlan,
  RELEASE_PERIOD_DAYS,
} from "../../../telemetry/learning";
import type { Env } from "../types";

/** Releases listed: the last 30 days and their steps fit in ~3,000 rows; the dashboard needs recent ones. */
const RECENT_RELEASES = 200;
/** Ranks compared: the top of each served list, as far as a storefront's home shelf reaches. */
const TOP = 50;
/** Movers shown per list. */
const MOVERS = 10;

type Mover = { list: "popular" | "trending"; id: number; rank: number; before: number | null };

/**
 * What `GET /v1/fleet/learning` answers. Every figure derives from the noisy releases (or is a
 * constant of the budget); the exact number of contributions behind a release is left out, since
 * one device changes it by one.
 * @example c.json(await fleetLearningView(c.env, Date.now()))
 */
export async function fleetLearningView(env: Env, now: number): Promise<FleetLearningView> {
  const db = env.DB;
  const [releases, days, state] = await db.batch([
    db
      .prepare(
        `SELECT period, released_at, epsilon, delta, taught FROM fleet_releases
         ORDER BY released_at DESC, period DESC LIMIT ?`,
      )
      .bind(RECENT_RELEASES),
    db.prepare("SELECT count(*) AS n FROM fleet_releases WHERE period LIKE 'period:%'"),
    db.prepare(
      `SELECT s.base_version AS base, s.derived_version AS derived, a.version AS active
       FROM fleet_learning_state s LEFT JOIN catalog_active a ON a.id = 1 WHERE s.id = 1`,
    ),
  ]);
  const rows = releases.results as {
    period: string;
    released_at: string;
    epsilon: number;
    delta: number;
    taught: string;
  }[];
  const versions = state.results[0] as
    | { base: string | null; derived: string | null; active: string | null }
    | undefined;
  const taught = rows[0] ? (JSON.parse(rows[0].taught) as { newPairs?: [number, number][] }) : {};
  const pairs = taught.newPairs ?? [];
  const movers =
    versions?.base && versions.derived && versions.active === versions.derived
      ? await listMovers(db, versions.base, versions.derived)
      : [];
  const labels = versions?.active
    ? await itemLabels(db, versions.active, [...movers.map((m) => m.id), ...pairs.flat()])
    : new Map<number, LabelledItem>();
  const label = (id: number): LabelledItem => labels.get(id) ?? { id, sku: null, title: null };
  const plan = noisePlan(DEFAULT_RELEASE_BUDGET);
  const sd = fleetPools(emptyPools(), plan).sd;
  // Each period release covers RELEASE_PERIOD_DAYS device-days.
  const spentDays = ((days.results[0] as { n: number } | undefined)?.n ?? 0) * RELEASE_PERIOD_DAYS;
  const { epsilon, delta } = plan.budget;
  return {
    generatedAt: now,
    budget: { epsilon, delta, mu: plan.mu, unit: "device-day" },
    spent: {
      days: spentDays,
      epsilon: spentDays ? gdpEpsilon(plan.mu * Math.sqrt(spentDays), delta) : 0,
      delta,
    },
    noise: {
      popularitySd: sd.popularity,
      trendingSd: sd.trending,
      transitionsSd: sd.transitions,
      familyAlpha: FLEET_FAMILY_ALPHA,
    },
    releases: rows.map((r) => ({
      period: r.period,
      releasedAt: r.released_at,
      epsilon: r.epsilon,
      delta: r.delta,
    })),
    movers: movers.map((m) => ({ ...m, ...label(m.id) })),
    newPairs: pairs.map(([a, b]) => ({ from: label(a), to: label(b) })),
  };
}

/**
 * The served (derived) popular and trending lists against the imported version's: items in the
 * served top 50 that entered it or moved up, most moved first. Ranks are post-processing of the
 * pooled noisy counts, so they cost no budget.
 */
async function listMovers(db: D1Database, base: string, served: string): Promise<Mover[]> {
  const { results } = await db
    .prepare(
      `SELECT version, name, entries FROM catalog_lists
       WHERE version IN (?, ?) AND name IN ('popular', 'trending')`,
    )
    .bind(base, served)
    .all<{ version: string; name: "popular" | "trending"; entries: string }>();
  const ids = (version: string, name: string) =>
    (
      JSON.parse(results.find((r) => r.version === version && r.name === name)?.entries ?? "[]") as [
        number,
        number,
      ][]
    ).map(([id]) => id);
  return (["popular", "trending"] as const).flatMap((list) => {
    const before = new Map(ids(base, list).map((id, rank) => [id, rank]));
    const moved = (m: Mover) => (m.before ?? before.size) - m.rank;
    return ids(served, list)
      .slice(0, TOP)
      .map((id, rank): Mover => ({ list, id, rank, before: before.get(id) ?? null }))
      .filter((m) => m.before === null || m.before > m.rank)
      .sort((a, b) => moved(b) - moved(a) || a.rank - b.rank)
      .slice(0, MOVERS);
  });
}

/** SKU and title of each id in a catalog version (ids it does not hold are left out). */
async function itemLabels(
  db: D1Database,
  version: string,
  ids: number[],
): Promise<Map<number, LabelledItem>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(
      "SELECT id, sku, title FROM catalog_items WHERE version = ? AND id IN (SELECT value FROM json_each(?))",
    )
    .bind(version, JSON.stringify([...new Set(ids)]))
    .all<LabelledItem>();
  return new Map(results.map((r) => [r.id, { id: r.id, sku: r.sku, title: r.title }]));
}
