/**
 * How long a response may be reused without asking its origin again: RFC 9111 §4.2's freshness, as a
 * private cache (the browser's HTTP cache) computes it, for the answers the SDK keeps one layer above
 * that cache. One rule for every held answer (the scoring worker's CandidateSource, its prefetch).
 * Residual risk: the age is read against the device's clock (now − Date), so a clock behind the edge's
 * can keep an answer fresh up to max-age longer; the browser's own cache shares that risk.
 */

/** The response headers the rule reads; `Cache-Control` is CORS-safelisted, `Date` and `Age` must be exposed. */
export type FreshnessHeaders = { get(name: string): string | null };

/**
 * The ms for which a response received at `receivedAt` (the device's clock, `Date.now()`) stays fresh
 * from then on; 0 when it may not be reused without asking (`no-store`, `no-cache`, no usable `max-age`,
 * no `Date`, or already stale). Reads `max-age` only: `s-maxage` is for shared caches, and an answer
 * without `max-age` gets no heuristic lifetime. A missing `Date` counts as unknown age, not as age 0: a
 * cross-origin response hides it unless exposed, and the browser's cache may have kept the answer for a while.
 * @example freshForMs(response.headers, Date.now()) // 60000 for a just-made "max-age=60" answer
 */
export function freshForMs(headers: FreshnessHeaders, receivedAt: number): number {
  const lifetime = maxAge(headers.get("Cache-Control"));
  const date = Date.parse(headers.get("Date") ?? "");
  if (lifetime === undefined || Number.isNaN(date)) return 0;
  const apparentAge = Math.max(0, receivedAt - date) / 1000;
  const age = Math.max(apparentAge, ageSeconds(headers.get("Age")));
  return Math.max(0, lifetime - age) * 1000;
}

/** max-age in seconds; undefined when the response may not be reused without asking, or names none. */
function maxAge(cacheControl: string | null): number | undefined {
  let seconds: number | undefined;
  let seen = 0;
  for (const directive of (cacheControl ?? "").split(",")) {
    const eq = directive.indexOf("=");
    const key = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : directive.slice(eq + 1).trim();
    // no-cache with field names still asks before reuse here: the SDK keeps whole answers.
    if (key === "no-store" || key === "no-cache") return undefined;
    if (key !== "max-age") continue;
    seen++;
    seconds = deltaSeconds(value?.replace(/^"(.*)"$/, "$1"));
  }
  // RFC 9111 §4.2.1: a repeated directive may be taken as stale; so is an invalid one.
  return seen === 1 ? seconds : undefined;
}

/** The first member of `Age` in seconds; 0 when absent or invalid (RFC 9111 §5.1: ignored). */
function ageSeconds(age: string | null): number {
  return deltaSeconds(age?.split(",")[0]?.trim()) ?? 0;
}

/** A delta-seconds value (RFC 9111 §1.2.2: digits only); undefined when malformed. */
function deltaSeconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Math.min(Number(value), 2 ** 31) : undefined;
}
