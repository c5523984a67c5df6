import { DAY_MS, utcDay } from "../../../telemetry/learning";

/** The day's HMAC key, per isolate: the salt row is read once a day, not on every request. */
let cached: { day: string; key: CryptoKey } | null = null;

/**
 * The day's keyed hash of a source (16 bytes, hex). The salt is drawn at random by the first request
 * of the day (INSERT OR IGNORE: concurrent first requests agree on one) and deleted with the day's
 * counts by `forgetPastSources`.
 */
export async function hashedSource(db: D1Database, source: string, now: number): Promise<string> {
  const day = utcDay(now);
  if (cached?.day !== day) {
    const salt = [...crypto.getRandomValues(new Uint8Array(32))].map(hex).join("");
    const [, read] = await db.batch([
      db.prepare("INSERT OR IGNORE INTO contribution_salts (day, salt) VALUES (?, ?)").bind(day, salt),
      db.prepare("SELECT salt FROM contribution_salts WHERE day = ?").bind(day),
    ]);
    const stored = (read.results[0] as { salt: string }).salt;
    const bytes = new Uint8Array(stored.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
    const key = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    cached = { day, key };
  }
  const mac = await crypto.subtle.sign("HMAC", cached.key, new TextEncoder().encode(source));
  return [...new Uint8Array(mac).slice(0, 16)].map(hex).join("");
}

/**
 * Counts one request of `source` today unless it already has `limit`; returns whether it was
 * counted. One statement, so concurrent requests never count past the limit.
 */
export async function countRequest(
  db: D1Database,
  source: string,
  now: number,
  limit: number,
): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO contribution_sources (day, source, requests) VALUES (?1, ?2, 1)
       ON CONFLICT (day, source) DO UPDATE SET requests = requests + 1 WHERE requests < ?3
       RETURNING requests`,
    )
    .bind(utcDay(now), source, limit)
    .first<{ requests: number }>();
  return row !== null;
}

/** Deletes the salts and counts of days before `now`'s (the cron runs it every minute). */
export async function forgetPastSources(db: D1Database, now = Date.now()): Promise<void> {
  const today = utcDay(now);
  await db.batch([
    db.prepare("DELETE FROM contribution_sources WHERE day < ?").bind(today),
    db.prepare("DELETE FROM contribution_salts WHERE day < ?").bind(today),
  ]);
}

/** Seconds until the next UTC day, when every source's count starts again (Retry-After). */
export function secondsToNextDay(now: number): number {
  return Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 1000));
}

const hex = (b: number) => b.toString(16).padStart(2, "0");
