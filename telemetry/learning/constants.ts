/**
 * Constants of the fleet-learning contribution: what one device may send about its shopper's items
 * (PRIVACY.md, "Fleet learning"). The device and the edge read the same numbers, so an unmodified
 * client never sends what the edge would refuse.
 */

/** Version of the contribution schema; bumped on any change to its fields (2: the `trending` list). */
export const CONTRIBUTION_VERSION = 2;

/** The item statistics a device contributes, one list each. */
export const ITEM_KINDS = ["viewed", "clicked", "carted"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * Per device-day bounds (B): distinct items per kind, distinct transitions, and the trending list
 * (the day's first distinct views), each entry counted once.
 */
export type ContributionBounds = Record<ItemKind | "transitions" | "trending", number>;

/**
 * Trending counts the first TRENDING_BOUND distinct items a device views each day, sent as they
 * happen. Trending is released every 5 minutes over the whole catalog, so its fold must clear a cut
 * for 12k items (≈ 4.5 noise sds) within the freshness goal's 15 minutes; its σ grows with √B, and
 * B = 1 (against the 5 of `viewed`) divides it by √5. The first view of a day is the one a
 * shopper arrives with (a link, a campaign, a search result): what a new item's trend is made of.
 * test/bench/fleet-freshness.ts measures B = 1, 2, 3 and 5.
 */
export const TRENDING_BOUND = 1;

/**
 * B = 5 distinct items per kind and the last 10 distinct transitions per device-day. The noise of
 * every item statistic grows with √B (`noisePlan`), so B is the smallest bound that keeps an
 * ordinary day whole: Beauty's replayed device-days hold 1–3 items (98.7 %; 0.3 % hold more than 5)
 * and a Diginetica session ~5. Items past the bound are the day's oldest, and they are clipped on
 * the device. Transitions stay at 10: their release covers a public pair domain whose counts are
 * too small to learn from at this fleet size either way. The same numbers are the per-request bound
 * the edge enforces: one request can never carry more than a whole day may.
 */
export const CONTRIBUTION_BOUNDS: ContributionBounds = {
  viewed: 5,
  clicked: 5,
  carted: 5,
  transitions: 10,
  trending: TRENDING_BOUND,
};

/** Largest item id a contribution may name (the dense ids of the catalog's append-only SKU map). */
export const MAX_ITEM_ID = 2 ** 31 - 1;

/** A contribution body is at most 4 KB: 16 ids and 10 pairs of ten-digit ids fit in under 1 KB. */
export const MAX_CONTRIBUTION_BYTES = 4096;

/** One UTC day in ms: the unit of privacy is one device-day. */
export const DAY_MS = 86_400_000;

/**
 * A contribution names the device's UTC day; the edge accepts today's and yesterday's (an outbox may
 * flush after midnight), plus 1 h of clock skew into tomorrow.
 */
export const MAX_CONTRIBUTION_AGE_DAYS = 1;
export const MAX_CLOCK_SKEW_MS = 3_600_000;

/**
 * How long the edge keeps a raw contribution: until its day has been released, and its id for
 * replay rejection for as long as it could be accepted (today + yesterday + skew = 49 h).
 */
export const CONTRIBUTION_REPLAY_WINDOW_MS = 2 * DAY_MS + MAX_CLOCK_SKEW_MS;

/**
 * The UTC day of a time, "YYYY-MM-DD".
 * @example utcDay(Date.parse("2026-11-30T23:59:59Z")) // "2026-11-30"
 */
export function utcDay(time: number): string {
  return new Date(Math.floor(time / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
