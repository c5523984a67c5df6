import {
  CONTRIBUTION_BOUNDS,
  type ContributionBounds,
  DAY_MS,
  ITEM_KINDS,
  type ItemKind,
  utcDay,
} from "./constants";

/** A shopper action as the device's behaviour store holds it (purchase counts as carted). */
export type ItemEvent = { type: "view" | "click" | "cart" | "purchase"; itemId: number; at: number };

/** What a device has already contributed on `day`: each entry counts once per device-day. */
export type SentToday = {
  day: string;
  viewed: number[];
  clicked: number[];
  carted: number[];
  transitions: [number, number][];
  trending: number[];
};

/** The lists of one contribution (the request adds its version, random id and day). */
export type BoundedLists = Omit<SentToday, "day">;

const KIND_OF: Record<ItemEvent["type"], ItemKind> = {
  view: "viewed",
  click: "clicked",
  cart: "carted",
  purchase: "carted",
};

/**
 * Device-side bounding per device-day. From the events of `now`'s UTC day (oldest first), takes per
 * kind the most recent distinct items and the most recent distinct transitions (previous item →
 * next item over the day's item sequence, which starts from yesterday's last item when there is
 * one: a transition belongs to the day of its second item, so a visit that crosses midnight loses
 * nothing), leaves out what `sent` already holds for that day, and
 * stops at the bounds minus what was sent: over a whole day, at most B items per kind and 10
 * transitions, each counted once, however often the device contributes. `trending` takes the day's
 * FIRST distinct views instead (at most `bounds.trending`), each sent in the tick after it happens,
 * so a trend reaches the edge within one contribution window. Returns the new lists
 * (null when there is nothing new) and the updated `sent`.
 * @example nextContribution(events, emptySent(utcDay(now)), now).lists // { viewed: [7, 3], … }
 */
export function nextContribution(
  events: readonly ItemEvent[],
  sent: SentToday,
  now: number,
  bounds: ContributionBounds = CONTRIBUTION_BOUNDS,
): { lists: BoundedLists | null; sent: SentToday } {
  const day = utcDay(now);
  // A `sent` stored by a client before the trending list existed lacks it.
  const before = sent.day === day ? { ...emptySent(day), ...sent } : emptySent(day);
  const today = events.filter((e) => utcDay(e.at) === day && Number.isInteger(e.itemId));
  const lists: BoundedLists = { viewed: [], clicked: [], carted: [], transitions: [], trending: [] };
  for (const kind of ITEM_KINDS) {
    const ids = today.filter((e) => KIND_OF[e.type] === kind).map((e) => e.itemId);
    lists[kind] = takeNew(ids, before[kind], bounds[kind], String);
  }
  const views = today.filter((e) => e.type === "view").map((e) => e.itemId);
  lists.trending = takeNew(views.reverse(), before.trending, bounds.trending, String);
  const yesterday = utcDay(Date.parse(day) - DAY_MS);
  const previous = events.filter((e) => utcDay(e.at) === yesterday && Number.isInteger(e.itemId)).at(-1);
  const sequence = previous ? [previous, ...today] : today;
  const fresh = takeNew(transitionsOf(sequence), before.transitions, bounds.transitions, pairKey);
  lists.transitions = fresh;
  const after: SentToday = {
    day,
    viewed: [...before.viewed, ...lists.viewed],
    clicked: [...before.clicked, ...lists.clicked],
    carted: [...before.carted, ...lists.carted],
    transitions: [...before.transitions, ...lists.transitions],
    trending: [...before.trending, ...lists.trending],
  };
  const empty =
    ITEM_KINDS.every((k) => lists[k].length === 0) && fresh.length === 0 && lists.trending.length === 0;
  return { lists: empty ? null : lists, sent: after };
}

/** Nothing sent yet on `day`. */
export function emptySent(day: string): SentToday {
  return { day, viewed: [], clicked: [], carted: [], transitions: [], trending: [] };
}

/** An item sequence as consecutive pairs, repeats of the same item collapsed. */
function transitionsOf(events: readonly ItemEvent[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1].itemId;
    const b = events[i].itemId;
    if (a !== b) pairs.push([a, b]);
  }
  return pairs;
}

/**
 * From the end of `list` backwards (the most recent first, for a list oldest first), distinct by
 * `key`, not in `already`, at most `bound − already.length`.
 */
function takeNew<T>(list: readonly T[], already: readonly T[], bound: number, key: (x: T) => string): T[] {
  const seen = new Set(already.map(key));
  const out: T[] = [];
  for (let i = list.length - 1; i >= 0 && already.length + out.length < bound; i--) {
    const k = key(list[i]);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(list[i]);
  }
  return out;
}

function pairKey([a, b]: readonly [number, number]): string {
  return `${a}>${b}`;
}
