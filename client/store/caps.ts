import type { BehaviourEvent, StoreCaps } from "./types";

/**
 * Default caps: 500 events cover months of a typical shopper's sessions (Beauty users average ~9
 * interactions, https://cseweb.ucsd.edu/~jmcauley/datasets/amazon/links.html) while staying a few tens
 * of KB; 90 days matches the retention that sequential recommenders usually find still predictive.
 */
export const DEFAULT_CAPS: StoreCaps = { maxEvents: 500, maxAgeMs: 90 * 24 * 3600 * 1000 };

/**
 * Pure: the events that survive the caps, oldest first (input must be oldest first).
 * @example applyCaps(events, Date.now(), { maxEvents: 3, maxAgeMs: 1000 })
 */
export function applyCaps(events: BehaviourEvent[], now: number, caps: StoreCaps): BehaviourEvent[] {
  const oldest = now - caps.maxAgeMs;
  const fresh = events.filter((event) => event.at >= oldest);
  return fresh.length > caps.maxEvents ? fresh.slice(fresh.length - caps.maxEvents) : fresh;
}

/**
 * Pure: checks caps given by a caller; throws on nonsense so a bad option fails loudly at construction.
 * @example validateCaps({ maxEvents: 100, maxAgeMs: 86_400_000 })
 */
export function validateCaps(caps: StoreCaps): StoreCaps {
  if (!Number.isInteger(caps.maxEvents) || caps.maxEvents < 1)
    throw new RangeError(`maxEvents must be a positive integer, got ${caps.maxEvents}`);
  if (!(caps.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be positive, got ${caps.maxAgeMs}`);
  return caps;
}
