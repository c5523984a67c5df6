import { applyCaps, DEFAULT_CAPS, validateCaps } from "./caps";
import type { BehaviourEvent, BehaviourStore, StoreCaps } from "./types";

/**
 * Behaviour kept in page memory: the fallback when IndexedDB is missing, blocked or full.
 * It is lost on reload, which is the price of private mode.
 * @example const store = new MemoryStore(); await store.add({ type: "view", itemId: 1, at: Date.now() });
 */
export class MemoryStore implements BehaviourStore {
  readonly kind = "memory" as const;
  private events: BehaviourEvent[] = [];
  private readonly caps: StoreCaps;

  constructor(caps: StoreCaps = DEFAULT_CAPS, seed: BehaviourEvent[] = []) {
    this.caps = validateCaps(caps);
    this.events = applyCaps(
      [...seed].sort((a, b) => a.at - b.at),
      Date.now(),
      this.caps,
    );
  }

  async add(event: BehaviourEvent): Promise<void> {
    this.events.push(structuredClone(event));
    // Keep time order even if a caller passes an older timestamp.
    if (this.events.length > 1 && this.events[this.events.length - 2].at > event.at)
      this.events.sort((a, b) => a.at - b.at);
    this.events = applyCaps(this.events, Math.max(Date.now(), event.at), this.caps);
  }

  async recent(limit: number, now = Date.now()): Promise<BehaviourEvent[]> {
    const fresh = applyCaps(this.events, now, this.caps);
    return structuredClone(limit > 0 ? fresh.slice(-limit) : []);
  }

  async count(): Promise<number> {
    return this.events.length;
  }

  async clear(): Promise<void> {
    this.events = [];
  }

  close(): void {}
}
