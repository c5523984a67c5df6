import type { TrackEvent } from "../types";

/** A tracked action with the time it happened (ms since epoch). */
export type BehaviourEvent = TrackEvent & { at: number };

/** Limits that keep the store small and old behaviour forgotten. */
export type StoreCaps = {
  /** Most events kept; the oldest go first. */
  maxEvents: number;
  /** Events older than this (ms) are dropped. */
  maxAgeMs: number;
};

/**
 * Where the shopper's behaviour lives on the device. Its events never leave the device; only the
 * bounded daily contribution derived from them does (client/learning, PRIVACY.md).
 */
export type BehaviourStore = {
  readonly kind: "indexeddb" | "memory";
  /** Appends one event, then applies the caps. */
  add(event: BehaviourEvent): Promise<void>;
  /** Up to `limit` most recent events that are within the age cap, oldest first. */
  recent(limit: number, now?: number): Promise<BehaviourEvent[]>;
  count(): Promise<number>;
  /** Deletes every event ("forget me"). */
  clear(): Promise<void>;
  close(): void;
};
