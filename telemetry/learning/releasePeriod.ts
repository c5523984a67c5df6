import { DAY_MS } from "./constants";

/**
 * Views, clicks, carts and transitions are released once per period of 14 UTC days, over the whole
 * period's counts. The unit of privacy is one device-day and each day lands in one period, so a
 * longer period costs no more ε than a daily release, while its counts are 14 times larger against
 * the same noise: the pooled signal-to-noise grows with √period. Popularity and neighbours need no
 * daily freshness (trending, released every step, carries what is new). Periods are aligned to the
 * Unix epoch, so every run of the cron agrees on them.
 */
export const RELEASE_PERIOD_DAYS = 14;

/**
 * The release period of a UTC day ("YYYY-MM-DD"): whole periods since 1970-01-01.
 * @example periodOf("2026-01-01") // 1461 (the period 2026-01-01 … 2026-01-14)
 */
export function periodOf(day: string, length = RELEASE_PERIOD_DAYS): number {
  return Math.floor(Date.parse(day) / DAY_MS / length);
}

/**
 * The first and last UTC day of a period.
 * @example periodDays(1461) // { first: "2026-01-01", last: "2026-01-14" }
 */
export function periodDays(period: number, length = RELEASE_PERIOD_DAYS): { first: string; last: string } {
  const day = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  return { first: day(period * length), last: day((period + 1) * length - 1) };
}
