import { describe, expect, it } from "vitest";
import { freshForMs } from "./httpFreshness";

const now = Date.parse("Mon, 30 Nov 2026 19:00:00 GMT");
/** A response's headers, `Date` given as seconds before `now` (negative: after it). */
const headers = (fields: { cacheControl?: string; secondsOld?: number; age?: string }) =>
  new Headers({
    ...(fields.cacheControl !== undefined ? { "Cache-Control": fields.cacheControl } : {}),
    ...(fields.secondsOld !== undefined
      ? { Date: new Date(now - fields.secondsOld * 1000).toUTCString() }
      : {}),
    ...(fields.age !== undefined ? { Age: fields.age } : {}),
  });
const fresh = (fields: Parameters<typeof headers>[0]) => freshForMs(headers(fields), now);

describe("freshForMs (RFC 9111 §4.2)", () => {
  it("gives a just-made answer its whole max-age, whatever the directives' case and order", () => {
    expect(fresh({ cacheControl: "public, max-age=60", secondsOld: 0 })).toBe(60_000);
    expect(fresh({ cacheControl: "Max-Age=60 , private", secondsOld: 0 })).toBe(60_000);
    expect(fresh({ cacheControl: 'max-age="60"', secondsOld: 0 })).toBe(60_000);
  });

  it("takes the time since Date off: an answer the browser's cache kept for 45 s has 15 s left", () => {
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 45 })).toBe(15_000);
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 60 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 3600 })).toBe(0);
  });

  it("takes Age off when it is more than the time since Date (a shared cache's clock), else the latter", () => {
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 0, age: "50" })).toBe(10_000);
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 30, age: "10" })).toBe(30_000);
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 0, age: "20, 50" })).toBe(40_000);
    // An invalid Age is ignored (§5.1), not taken as old or new.
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 0, age: "-5" })).toBe(60_000);
    expect(fresh({ cacheControl: "max-age=60", secondsOld: 0, age: "soon" })).toBe(60_000);
  });

  it("a device clock behind Date reads as age 0, not as extra life (the residual risk: max-age from now)", () => {
    expect(fresh({ cacheControl: "max-age=60", secondsOld: -30 })).toBe(60_000);
  });

  it("holds nothing marked no-store or no-cache, even with a max-age", () => {
    expect(fresh({ cacheControl: "no-store, max-age=60", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60, no-cache", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: 'no-cache="Set-Cookie", max-age=60', secondsOld: 0 })).toBe(0);
  });

  it("holds nothing without a Cache-Control max-age or without a Date (an unexposed Date is an unknown age)", () => {
    expect(fresh({ secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "public", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "s-maxage=60", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60" })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60", age: "0" })).toBe(0);
    expect(freshForMs(new Headers({ "Cache-Control": "max-age=60", Date: "yesterday-ish" }), now)).toBe(0);
  });

  it("takes a malformed or repeated max-age as stale (§4.2.1)", () => {
    expect(fresh({ cacheControl: "max-age=abc", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=-1", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=1.5", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60=1", secondsOld: 0 })).toBe(0);
    expect(fresh({ cacheControl: "max-age=60, max-age=60", secondsOld: 0 })).toBe(0);
  });

  it("caps a huge max-age at 2^31 s instead of overflowing", () => {
    expect(fresh({ cacheControl: `max-age=${"9".repeat(30)}`, secondsOld: 0 })).toBe(2 ** 31 * 1000);
  });
});
