import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { DEFAULT_CAPS, validateCaps } from "./caps";
import type { BehaviourEvent, BehaviourStore, StoreCaps } from "./types";

interface BehaviourDB extends DBSchema {
  events: { key: number; value: BehaviourEvent; indexes: { at: number } };
}

/**
 * Behaviour kept in IndexedDB (via idb) so it survives reloads. Writes may throw (QuotaExceededError,
 * InvalidStateError when the database closes); the caller (openBehaviourStore) catches and falls back.
 * @example const store = await IdbStore.open("pocketrank"); await store.add({ type: "search", query: "serum", at: Date.now() });
 */
export class IdbStore implements BehaviourStore {
  readonly kind = "indexeddb" as const;

  private constructor(
    private readonly db: IDBPDatabase<BehaviourDB>,
    private readonly caps: StoreCaps,
  ) {}

  /** Opens (or creates) `<prefix>-behaviour`; rejects if IndexedDB is missing, blocked or slower than `timeoutMs`. */
  static async open(prefix: string, caps: StoreCaps = DEFAULT_CAPS, timeoutMs = 3000): Promise<IdbStore> {
    validateCaps(caps);
    if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
    const opening = openDB<BehaviourDB>(`${prefix}-behaviour`, 1, {
      upgrade(db) {
        const events = db.createObjectStore("events", { autoIncrement: true });
        events.createIndex("at", "at");
      },
      blocked() {
        // Another tab holds an old version open; the timeout below turns this into a fallback.
      },
    });
    const db = await withTimeout(opening, timeoutMs, "opening IndexedDB timed out (blocked?)");
    return new IdbStore(db, caps);
  }

  async add(event: BehaviourEvent): Promise<void> {
    const tx = this.db.transaction("events", "readwrite");
    await tx.store.add(structuredClone(event));
    // Age cap: delete everything older than the cutoff through the time index.
    const cutoff = Math.max(Date.now(), event.at) - this.caps.maxAgeMs;
    let old = await tx.store.index("at").openCursor(IDBKeyRange.upperBound(cutoff, true));
    while (old) {
      await old.delete();
      old = await old.continue();
    }
    // Count cap: delete the oldest beyond maxEvents.
    let excess = (await tx.store.count()) - this.caps.maxEvents;
    let cursor = excess > 0 ? await tx.store.index("at").openCursor() : null;
    while (cursor && excess > 0) {
      await cursor.delete();
      excess -= 1;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  async recent(limit: number, now = Date.now()): Promise<BehaviourEvent[]> {
    if (limit <= 0) return [];
    const range = IDBKeyRange.lowerBound(now - this.caps.maxAgeMs);
    const out: BehaviourEvent[] = [];
    let cursor = await this.db.transaction("events").store.index("at").openCursor(range, "prev");
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out.reverse();
  }

  async count(): Promise<number> {
    return this.db.count("events");
  }

  async clear(): Promise<void> {
    await this.db.clear("events");
  }

  close(): void {
    this.db.close();
  }
}

/** Rejects with `message` if `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
