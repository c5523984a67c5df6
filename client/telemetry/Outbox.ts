import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { withTimeout } from "../store/IdbStore";
import { openOrMemory } from "../store/openOrMemory";

/** A sealed report waiting for the edge's answer. `reportId` is fixed at sealing and never changes. */
export type OutboxEntry = {
  reportId: string;
  /** The report JSON exactly as it will be sent (retries send the same bytes). */
  body: string;
  attempts: number;
  /** Earliest time of the next attempt (ms since epoch). */
  nextAttemptAt: number;
};

/** Most reports kept while the edge is unreachable; the oldest go first (bounded storage). */
export const MAX_OUTBOX = 50;

interface OutboxDB extends DBSchema {
  reports: { key: string; value: OutboxEntry };
}

/** Where sealed reports wait: IndexedDB (survives reloads) or memory (the fallback). */
export type Outbox = {
  readonly kind: "indexeddb" | "memory";
  put(entry: OutboxEntry): Promise<void>;
  all(): Promise<OutboxEntry[]>;
  delete(reportId: string): Promise<void>;
};

/**
 * The telemetry outbox in IndexedDB, so a report sealed just before the page closes is sent on the
 * next visit (same reportId: the edge counts it once).
 * @example const outbox = await openOutbox("pocketrank", "indexeddb", console.warn);
 */
class IdbOutbox implements Outbox {
  readonly kind = "indexeddb" as const;
  constructor(private readonly db: IDBPDatabase<OutboxDB>) {}

  async put(entry: OutboxEntry): Promise<void> {
    const tx = this.db.transaction("reports", "readwrite");
    await tx.store.put(entry);
    const keys = await tx.store.getAllKeys();
    if (keys.length > MAX_OUTBOX) {
      const entries = await tx.store.getAll();
      entries.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
      for (const old of entries.slice(0, entries.length - MAX_OUTBOX)) await tx.store.delete(old.reportId);
    }
    await tx.done;
  }

  all(): Promise<OutboxEntry[]> {
    return this.db.getAll("reports");
  }

  delete(reportId: string): Promise<void> {
    return this.db.delete("reports", reportId);
  }
}

/** In-memory outbox: used when IndexedDB is unavailable (reports then live as long as the page). */
export class MemoryOutbox implements Outbox {
  readonly kind = "memory" as const;
  private entries = new Map<string, OutboxEntry>();

  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.reportId, { ...entry });
    while (this.entries.size > MAX_OUTBOX) this.entries.delete(this.entries.keys().next().value!);
  }

  async all(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  async delete(reportId: string): Promise<void> {
    this.entries.delete(reportId);
  }
}

/**
 * Opens the outbox: IndexedDB when possible, memory otherwise (reason to `onFallback`).
 * @example const outbox = await openOutbox("pocketrank", "indexeddb", (e) => board.fallback("storage-unavailable", e));
 */
export async function openOutbox(
  prefix: string,
  storage: "indexeddb" | "memory",
  onFallback: (error: unknown) => void,
): Promise<Outbox> {
  return openOrMemory<Outbox>(
    storage,
    async () => {
      if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
      const opening = openDB<OutboxDB>(`${prefix}-outbox`, 1, {
        upgrade(db) {
          db.createObjectStore("reports", { keyPath: "reportId" });
        },
      });
      return new IdbOutbox(await withTimeout(opening, 3000, "opening the telemetry outbox timed out"));
    },
    () => new MemoryOutbox(),
    onFallback,
  );
}
