import type { BehaviourEvent } from "../store/types";
import type { RecentHistory } from "./RecentHistory";

type Message = { type: "add"; event: BehaviourEvent } | { type: "clear" };

/** What a tab tells its siblings about the shared behaviour store. */
export type HistoryChannel = { add(event: BehaviourEvent): void; clear(): void; close(): void };

/**
 * Keeps the in-memory histories of a shopper's open tabs in step with the IndexedDB store they share:
 * what one tab tracks or forgets, the others mirror, so recommend() never needs to re-read the store.
 * Same-origin only (BroadcastChannel); a no-op where BroadcastChannel is missing. Never throws.
 * @example const channel = historyChannel("pocketrank", recent); channel.add(event);
 */
export function historyChannel(dbName: string, recent: RecentHistory): HistoryChannel {
  let channel: BroadcastChannel | undefined;
  try {
    if (typeof BroadcastChannel !== "undefined") {
      channel = new BroadcastChannel(`${dbName}:history`);
      channel.onmessage = (event: MessageEvent<Message>) => {
        if (event.data?.type === "add") recent.add(event.data.event);
        else if (event.data?.type === "clear") recent.clear();
      };
    }
  } catch {
    channel = undefined;
  }
  const send = (message: Message) => {
    try {
      channel?.postMessage(message);
    } catch {
      // a closed channel only means the other tabs catch up on their next load
    }
  };
  return {
    add: (event) => send({ type: "add", event }),
    clear: () => send({ type: "clear" }),
    close: () => channel?.close(),
  };
}
