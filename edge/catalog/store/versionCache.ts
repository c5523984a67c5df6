import type { IndexedItem, ScoredId } from "../../candidates";

/** Entries kept per map before it is reset (bounds isolate memory; the Beauty catalog has 12k items). */
const MAX_ENTRIES = 50_000;

/**
 * Rows of one catalog version kept in isolate memory. A catalog version is immutable (its name is a
 * content hash), so these rows can never go stale; a new active version simply starts a new cache.
 * This spares D1 the same popular-list and item reads on every request.
 */
export type VersionCache = {
  version: string;
  items: Map<number, IndexedItem>;
  neighbours: Map<number, ScoredId[]>;
  /** Content neighbours, read with the same item rows as `neighbours`. */
  content: Map<number, ScoredId[]>;
  /** null = the list does not exist in this version. */
  lists: Map<string, ScoredId[] | null>;
};

let current: VersionCache | undefined;

/** The cache of `version`, replacing the cache of any other version. */
export function versionCache(version: string): VersionCache {
  if (current?.version !== version) {
    current = { version, items: new Map(), neighbours: new Map(), content: new Map(), lists: new Map() };
  }
  return current;
}

/** The cache of the version seen last, if any (a guess until the active pointer is read). */
export function lastVersionCache(): VersionCache | undefined {
  return current;
}

/** Sets a cache entry, resetting the map first when it is full. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}

/**
 * How long an isolate trusts the active pointer it read last before reading it again. A replaced
 * catalog reaches every isolate within this time (its own isolate at once: `forgetActiveVersion`);
 * answers already carry `max-age=60`, so a second of lag is well inside what clients accept. The
 * stock revision travels with it, so a stock change reaches every isolate within the same second.
 */
const POINTER_TTL_MS = 1000;

/** What an answer depends on besides the query: the catalog version and the stock token (stockQueries). */
export type ServingState = { version: string; stock: string };

let pointer: (ServingState & { readAt: number }) | undefined;

/** The active version and stock revision read within the last POINTER_TTL_MS, if any. */
export function freshActiveVersion(now = Date.now()): ServingState | undefined {
  return pointer && now - pointer.readAt < POINTER_TTL_MS
    ? { version: pointer.version, stock: pointer.stock }
    : undefined;
}

/** Records the active version and stock revision just read from D1. */
export function noteActiveVersion(state: ServingState, now = Date.now()): void {
  pointer = { ...state, readAt: now };
}

/** Drops the remembered pointer (called when this isolate activates a catalog or changes stock). */
export function forgetActiveVersion(): void {
  pointer = undefined;
}
