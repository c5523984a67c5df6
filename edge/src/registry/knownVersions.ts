import type { Env } from "../types";

/**
 * How long this isolate believes that a version is unknown. Short, so that the first reports of a
 * canary published a moment ago (maybe through another isolate) are refused for at most 5 s.
 */
export const UNKNOWN_VERSION_TTL_MS = 5_000;
/** Entries kept per isolate; the oldest go first, so made-up names cannot grow memory. */
const CACHE_SIZE = 1024;

/** version → until when the answer holds (published versions never change: Infinity). */
const cache = new Map<string, { known: boolean; until: number }>();

/**
 * Whether `version` is a published (ready) version of the registry: the gate that keeps made-up
 * versions from creating Durable Objects and rollup rows. Answers from an isolate cache: a known
 * version stays known (versions are immutable and never deleted), an unknown one is rechecked after
 * UNKNOWN_VERSION_TTL_MS.
 * @example if (!(await isKnownVersion(env, report.modelVersion))) throw apiError(422, "unknown_version", "…");
 */
export async function isKnownVersion(env: Env, version: string, now = Date.now()): Promise<boolean> {
  const hit = cache.get(version);
  if (hit && hit.until > now) return hit.known;
  const row = await env.DB.prepare(
    "SELECT 1 AS one FROM model_versions WHERE version = ? AND status = 'ready'",
  )
    .bind(version)
    .first<{ one: number }>();
  const known = row !== null;
  cache.delete(version);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(version, { known, until: known ? Number.POSITIVE_INFINITY : now + UNKNOWN_VERSION_TTL_MS });
  return known;
}

/** Drops what this isolate remembers about `version` (after publishing it), or everything. */
export function forgetVersion(version?: string): void {
  if (version === undefined) cache.clear();
  else cache.delete(version);
}
