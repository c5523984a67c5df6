import type { BehaviourEvent } from "../store/types";
import { historyOf } from "./trackEvents";

/** An item history as the scorer takes it (oldest first, categories aligned). */
export type History = ReturnType<typeof historyOf>;

/**
 * The shopper's most recent events in page memory, so recommend() never reads IndexedDB: loaded once
 * from the behaviour store, then written through by track() and cleared by forget(). The store stays the
 * durable copy; this mirror keeps the last `limit` events and drops those older than `maxAgeMs`, like
 * the store's caps. Pure state, no I/O.
 * @example const recent = new RecentHistory(50, 90 * 86_400_000); recent.replace(await store.recent(50)); recent.current();
 */
export class RecentHistory {
  private events: BehaviourEvent[] = [];
  private cached?: History;

  constructor(
    private readonly limit: number,
    private readonly maxAgeMs: number,
  ) {}

  /** Replaces the mirror with events read from the store (oldest first). */
  replace(events: readonly BehaviourEvent[]): void {
    this.events = events.slice(-this.limit);
    this.cached = undefined;
  }

  add(event: BehaviourEvent): void {
    this.events.push(event);
    if (this.events.length > 1 && this.events[this.events.length - 2].at > event.at)
      this.events.sort((a, b) => a.at - b.at);
    if (this.events.length > this.limit) this.events.splice(0, this.events.length - this.limit);
    this.cached = undefined;
  }

  clear(): void {
    this.replace([]);
  }

  /** The item history within the age cap at `now`; recomputed only after a change or an expiry. */
  current(now = Date.now()): History {
    const oldest = now - this.maxAgeMs;
    if (this.events.length > 0 && this.events[0].at < oldest) {
      this.events = this.events.filter((event) => event.at >= oldest);
      this.cached = undefined;
    }
    this.cached ??= historyOf(this.events);
    return this.cached;
  }
}
