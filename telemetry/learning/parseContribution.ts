import * as v from "valibot";
import { type Contribution, ContributionSchema } from "./ContributionSchema";
import {
  CONTRIBUTION_BOUNDS,
  CONTRIBUTION_VERSION,
  type ContributionBounds,
  DAY_MS,
  ITEM_KINDS,
  MAX_CLOCK_SKEW_MS,
  MAX_CONTRIBUTION_AGE_DAYS,
  MAX_CONTRIBUTION_BYTES,
  utcDay,
} from "./constants";

/** Why a contribution was refused. `over_bound` is the per-request bound the edge enforces. */
export type ContributionErrorCode =
  | "invalid_json"
  | "too_large"
  | "unsupported_version"
  | "invalid_field"
  | "over_bound"
  | "day_out_of_range";

export type ContributionFailure = { ok: false; code: ContributionErrorCode; message: string; path: string };
export type ContributionResult = { ok: true; contribution: Contribution } | ContributionFailure;

/**
 * Strictly parses one untrusted contribution (JSON text or a parsed value): size, JSON, version, the
 * strict schema (a version-1 body read as version 2 without trending), then the rules a schema cannot state: each list (trending included) within its bound, no entry twice
 * (each counts once), no self-transition, something to contribute, and a day that is the device's
 * today or yesterday relative to `now`. The device runs it before sending, the edge on receipt.
 * Never throws.
 * @example const r = parseContribution(await c.req.text(), Date.now()); if (!r.ok) throw apiError(422, r.code, r.message);
 */
export function parseContribution(
  json: unknown,
  now: number,
  bounds: ContributionBounds = CONTRIBUTION_BOUNDS,
): ContributionResult {
  let text: string | undefined;
  try {
    text = typeof json === "string" ? json : JSON.stringify(json);
  } catch {
    text = undefined;
  }
  if (text === undefined) return fail("invalid_json", "", "the contribution must be a JSON object");
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_CONTRIBUTION_BYTES)
    return fail("too_large", "", `the contribution is ${bytes} bytes, more than ${MAX_CONTRIBUTION_BYTES}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail("invalid_json", "", `not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail("invalid_json", "", "the contribution must be a JSON object");
  const version = (value as Record<string, unknown>).contributionVersion;
  if (version !== CONTRIBUTION_VERSION && version !== 1)
    return fail("unsupported_version", "contributionVersion", `must be ${CONTRIBUTION_VERSION} (or 1)`);
  // A page loaded before version 2 still sends version 1 until it reloads: its lists count, and it
  // had no trending list, so it adds nothing to trending (and spends none of trending's budget).
  const current =
    version === 1 ? { ...value, contributionVersion: CONTRIBUTION_VERSION, trending: [] } : value;
  const parsed = v.safeParse(ContributionSchema, current, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return fail("invalid_field", v.getDotPath(issue) ?? "", issue.message);
  }
  return checkContribution(parsed.output, now, bounds);
}

/** Every item list a contribution carries, each with its own bound. */
const ITEM_LISTS = [...ITEM_KINDS, "trending"] as const;

/** The rules after the schema (see `parseContribution`). */
function checkContribution(c: Contribution, now: number, bounds: ContributionBounds): ContributionResult {
  for (const kind of ITEM_LISTS) {
    if (c[kind].length > bounds[kind])
      return fail("over_bound", kind, `${c[kind].length} items, more than the bound ${bounds[kind]}`);
    if (new Set(c[kind]).size !== c[kind].length)
      return fail("invalid_field", kind, "an item is listed twice");
  }
  if (c.transitions.length > bounds.transitions)
    return fail(
      "over_bound",
      "transitions",
      `${c.transitions.length} pairs, more than ${bounds.transitions}`,
    );
  const pairs = new Set(c.transitions.map(([a, b]) => `${a}>${b}`));
  if (pairs.size !== c.transitions.length)
    return fail("invalid_field", "transitions", "a pair is listed twice");
  if (c.transitions.some(([a, b]) => a === b))
    return fail("invalid_field", "transitions", "an item → itself");
  if (ITEM_LISTS.every((k) => c[k].length === 0) && c.transitions.length === 0)
    return fail("invalid_field", "", "the contribution carries nothing");
  const dayStart = Date.parse(`${c.day}T00:00:00Z`);
  if (!Number.isFinite(dayStart) || utcDay(dayStart) !== c.day)
    return fail("invalid_field", "day", "not a real calendar day");
  if (dayStart > now + MAX_CLOCK_SKEW_MS) return fail("day_out_of_range", "day", "a day in the future");
  if (dayStart < Date.parse(`${utcDay(now)}T00:00:00Z`) - MAX_CONTRIBUTION_AGE_DAYS * DAY_MS)
    return fail("day_out_of_range", "day", "older than yesterday");
  return { ok: true, contribution: c };
}

function fail(code: ContributionErrorCode, path: string, message: string): ContributionFailure {
  return { ok: false, code, path, message: path ? `${path}: ${message}` : message };
}
