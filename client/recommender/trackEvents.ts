import type { BehaviourEvent } from "../store/types";
import type { TrackEvent } from "../types";

/** Longest search query kept on the device, in characters. */
const MAX_QUERY = 200;

/**
 * Pure: the problem with a tracked event, or undefined when it is valid.
 * @example checkEvent({ type: "view", itemId: -1 }); // "itemId must be a non-negative integer"
 */
export function checkEvent(event: TrackEvent): string | undefined {
  if (!event || typeof event !== "object") return "event must be an object";
  if (event.type === "search") {
    if (typeof event.query !== "string" || !event.query.trim()) return "search event needs a query";
    if (event.query.length > MAX_QUERY) return `query longer than ${MAX_QUERY} characters`;
    return undefined;
  }
  if (!["view", "click", "cart", "purchase"].includes(event.type))
    return `unknown event type ${String(event.type)}`;
  if (!Number.isSafeInteger(event.itemId) || event.itemId < 0) return "itemId must be a non-negative integer";
  if (
    event.categories !== undefined &&
    !(Array.isArray(event.categories) && event.categories.every((c) => typeof c === "string"))
  )
    return "categories must be a list of strings";
  return undefined;
}

/**
 * Pure: the item history (oldest first) and each item's categories, from stored events.
 * Searches carry no item and are skipped.
 * @example historyOf([{ type: "view", itemId: 3, at: 1 }]); // { history: [3], historyCategories: [[]] }
 */
export function historyOf(events: readonly BehaviourEvent[]): {
  history: number[];
  historyCategories: string[][];
} {
  const history: number[] = [];
  const historyCategories: string[][] = [];
  for (const event of events) {
    if (event.type === "search") continue;
    history.push(event.itemId);
    historyCategories.push(event.categories ? [...event.categories] : []);
  }
  return { history, historyCategories };
}
