/**
 * The trending release's clock (issue 14's freshness goal: an item 5 % of a 10,000-an-hour fleet
 * starts to view reaches the home top 50 within 15 minutes of its first view). Each step's views
 * are released once with the trending σ, and a step's length does not change σ: a device-day's
 * trending entries land in exactly one step however short (a device sends each item once a day).
 * Shorter steps release sooner but pool more noise for the same time. 5 minutes divides the hour
 * and leaves three releases inside the goal's 15 minutes; test/bench/fleet-freshness.ts measures it
 * against the 15-minute step it replaced.
 */
export const TRENDING_STEP_MINUTES = 5;

/**
 * Half-life of the trending pool, in steps (5 minutes): trending is the last quarter-hour, not the
 * day. With one trending item per device-day (`TRENDING_BOUND`) the step noise is small enough that
 * the last step weighs most: at ε = 1 the 1-step half-life brings a new item into the home top 50
 * within 15 minutes in 12 of 12 runs, the 2-step one in 10 of 12 (fleet-freshness.md). While
 * trending re-released up to 5 views per device-day, 2 steps were as fast and missed less.
 */
export const TRENDING_HALF_LIFE_STEPS = 1;

/**
 * The step a time falls in, named by its first minute since the epoch. Naming steps in minutes
 * keeps step ids ordered across a change of step length, so a stored "last released step" never
 * lets a step be released twice.
 * @example stepOf(Date.parse("2026-11-30T12:07:00Z")) // the minute of 12:05
 */
export function stepOf(time: number): number {
  return Math.floor(time / (TRENDING_STEP_MINUTES * 60_000)) * TRENDING_STEP_MINUTES;
}
