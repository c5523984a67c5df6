import { DEFAULT_CAPS, openBehaviourStore, type ResilientStore } from "../store/index";
import type { BehaviourEvent } from "../store/types";
import type { TrackEvent } from "../types";
import { type HistoryChannel, historyChannel } from "./historyChannel";
import { RecentHistory } from "./RecentHistory";
import type { StatusBoard } from "./StatusBoard";

/** History items sent to the scorer (the model keeps its own `maxHistory` most recent of them). */
const HISTORY_LIMIT = 50;

/**
 * The shopper's behaviour on this device: the durable store, the page-memory mirror that recommend()
 * reads, and the channel that keeps the shopper's other tabs in step. track() and forget() write all
 * three; status() learns the store's kind and size from the board.
 * @example const history = new ShopperHistory("pocketrank", "indexeddb", board); await history.track(event);
 */
export class ShopperHistory {
  /** What recommend() reads: loaded once from the store, then written through. */
  readonly recent = new RecentHistory(HISTORY_LIMIT, DEFAULT_CAPS.maxAgeMs);
  private readonly siblings: HistoryChannel;
  private opening?: Promise<ResilientStore>;

  constructor(
    private readonly dbName: string,
    private readonly storage: "indexeddb" | "memory",
    private readonly board: StatusBoard,
  ) {
    this.siblings = historyChannel(dbName, this.recent);
  }

  /**
   * The store, opened at the first call (the page calls it after its load event, never during page load);
   * resolves once the mirror holds the store's recent events.
   */
  readonly store = (): Promise<ResilientStore> => {
    const { board } = this;
    this.opening ??= openBehaviourStore({
      prefix: this.dbName,
      storage: this.storage,
      onFallback: (kind, error) => board.fallback(kind, error),
    }).then(async (opened) => {
      const [events, count] = await Promise.all([
        opened.recent(HISTORY_LIMIT).catch(() => []),
        opened.count().catch(() => 0),
      ]);
      this.recent.replace(events);
      board.patchStore({ kind: opened.kind, reason: opened.reason, events: count });
      return opened;
    });
    return this.opening;
  };

  /** Records a checked event, stamped now. */
  async track(event: TrackEvent): Promise<void> {
    const stamped: BehaviourEvent = structuredClone({ ...event, at: Date.now() });
    const opened = await this.store();
    // Memory first, so a recommend() right after track() sees the event; then the durable copy.
    this.recent.add(stamped);
    if (opened.kind === "indexeddb") this.siblings.add(stamped);
    await opened.add(stamped);
    this.board.patchStore({ kind: opened.kind, reason: opened.reason, events: await opened.count() });
  }

  /** Deletes everything the shopper did, here and in the shopper's other tabs. */
  async forget(): Promise<void> {
    const opened = await this.store();
    this.recent.clear();
    if (opened.kind === "indexeddb") this.siblings.clear();
    await opened.clear();
    this.board.patchStore({ kind: opened.kind, reason: opened.reason, events: 0 });
  }

  close(): void {
    this.siblings.close();
  }
}
