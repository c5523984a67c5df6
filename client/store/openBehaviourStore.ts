import { DEFAULT_CAPS } from "./caps";
import { IdbStore } from "./IdbStore";
import { MemoryStore } from "./MemoryStore";
import { openOrMemory } from "./openOrMemory";
import type { BehaviourEvent, BehaviourStore, StoreCaps } from "./types";

export type OpenStoreOptions = {
  /** IndexedDB name prefix. */
  prefix: string;
  /** "memory" skips IndexedDB altogether. */
  storage?: "indexeddb" | "memory";
  caps?: StoreCaps;
  /** Called once when the store falls back to memory, with the reason. */
  onFallback?: (kind: "storage-unavailable" | "storage-quota", error: unknown) => void;
};

/**
 * Opens the behaviour store: IndexedDB when it works, else memory. The returned store also switches
 * to memory later if an IndexedDB write fails (quota, closed database), so callers never see a throw.
 * @example const store = await openBehaviourStore({ prefix: "pocketrank" }); store.kind; // "indexeddb" | "memory"
 */
export async function openBehaviourStore(options: OpenStoreOptions): Promise<ResilientStore> {
  const caps = options.caps ?? DEFAULT_CAPS;
  const report = options.onFallback ?? (() => {});
  const storage = options.storage ?? "indexeddb";
  let reason: string | null = storage === "memory" ? "forced" : null;
  const store = await openOrMemory<BehaviourStore>(
    storage,
    () => IdbStore.open(options.prefix, caps),
    () => new MemoryStore(caps),
    (error) => {
      report("storage-unavailable", error);
      reason = describe(error);
    },
  );
  return new ResilientStore(store, caps, report, reason);
}

/** A store that moves to memory on the first IndexedDB fault, keeping what it can still read. */
export class ResilientStore implements BehaviourStore {
  constructor(
    private inner: BehaviourStore,
    private readonly caps: StoreCaps,
    private readonly report: NonNullable<OpenStoreOptions["onFallback"]>,
    /** Why the store is in memory (null while IndexedDB works). */
    public reason: string | null,
  ) {}

  get kind(): "indexeddb" | "memory" {
    return this.inner.kind;
  }

  async add(event: BehaviourEvent): Promise<void> {
    try {
      await this.inner.add(event);
    } catch (error) {
      await this.degrade(error);
      await this.inner.add(event);
    }
  }

  async recent(limit: number, now?: number): Promise<BehaviourEvent[]> {
    try {
      return await this.inner.recent(limit, now);
    } catch (error) {
      await this.degrade(error);
      return this.inner.recent(limit, now);
    }
  }

  async count(): Promise<number> {
    try {
      return await this.inner.count();
    } catch (error) {
      await this.degrade(error);
      return this.inner.count();
    }
  }

  async clear(): Promise<void> {
    try {
      await this.inner.clear();
    } catch (error) {
      await this.degrade(error);
      await this.inner.clear();
    }
  }

  close(): void {
    try {
      this.inner.close();
    } catch {
      // closing a broken database is best effort
    }
  }

  private async degrade(error: unknown): Promise<void> {
    if (this.inner.kind === "memory") throw error;
    const quota = error instanceof Error && error.name === "QuotaExceededError";
    this.report(quota ? "storage-quota" : "storage-unavailable", error);
    let keep: BehaviourEvent[] = [];
    try {
      keep = await this.inner.recent(this.caps.maxEvents);
    } catch {
      // unreadable: start empty
    }
    this.close();
    this.inner = new MemoryStore(this.caps, keep);
    this.reason = describe(error);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
