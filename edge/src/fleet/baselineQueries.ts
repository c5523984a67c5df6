import { decodeSlice, encodeSlice, type FleetBaseline } from "../../../telemetry/fleet";

/**
 * The stored baselines of the given versions.
 * @example const known = await loadBaselines(env.DB, ["v1", "v2"]);
 */
export async function loadBaselines(db: D1Database, versions: readonly string[]): Promise<FleetBaseline[]> {
  if (versions.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT version, backend, hour, aggregate FROM fleet_baselines WHERE version IN (${versions.map(() => "?").join(",")})`,
    )
    .bind(...versions)
    .all<{ version: string; backend: string; hour: number; aggregate: string }>();
  return results.map(({ aggregate, ...b }) => ({ ...b, slice: decodeSlice(aggregate) }));
}

/**
 * Stores new baselines; one that already exists is left as it is (two overlapping runs agree on
 * the first writer, and a baseline never moves).
 */
export async function saveBaselines(
  db: D1Database,
  baselines: readonly FleetBaseline[],
  now: number,
): Promise<void> {
  if (baselines.length === 0) return;
  const insert = db.prepare(
    `INSERT OR IGNORE INTO fleet_baselines (version, backend, hour, reports, aggregate, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  await db.batch(
    baselines.map((b) =>
      insert.bind(b.version, b.backend, b.hour, b.slice.reports, encodeSlice(b.slice), now),
    ),
  );
}
