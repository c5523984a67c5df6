import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DAY_MS, utcDay } from "../../../telemetry/learning";
import { forgetPastSources } from "./sourceCounts";
import { sourceKey } from "./sourceKey";

const URL_ = "http://edge.test/v1/contributions";
const LIMIT = Number(env.CONTRIBUTION_LIMIT_PER_DAY);
const hex = (i: number) => i.toString(16).padStart(32, "0");
const valid = (i: number) =>
  JSON.stringify({
    contributionVersion: 1,
    contributionId: hex(i),
    day: utcDay(Date.now()),
    viewed: [7],
    clicked: [],
    carted: [],
    transitions: [],
  });
const post = (address: string, body: string) =>
  exports.default.fetch(URL_, { method: "POST", body, headers: { "CF-Connecting-IP": address } });
/** Spends `n` of a source's requests on malformed bodies (each a 400: counted, never stored). */
async function spend(address: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expect((await post(address, "{}")).status).toBe(400);
}
const stored = async (id: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM fleet_contributions WHERE id = ?")
      .bind(id)
      .first<{ n: number }>()
  )?.n;

describe("POST /v1/contributions: the rate limit per source and UTC day", () => {
  it("refuses the (limit + 1)-th request of one address with 429 and Retry-After, storing nothing", async () => {
    expect(LIMIT).toBeGreaterThan(1);
    await spend("203.0.113.7", LIMIT - 1);
    expect((await post("203.0.113.7", valid(1))).status).toBe(202); // the limit-th request
    const refused = await post("203.0.113.7", valid(2));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    const retry = Number(refused.headers.get("Retry-After"));
    const toMidnight = (DAY_MS - (Date.now() % DAY_MS)) / 1000;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(Math.abs(retry - toMidnight)).toBeLessThan(5);
    expect(await stored(hex(1))).toBe(1);
    expect(await stored(hex(2))).toBe(0); // the refused contribution reaches no release
    // Another address is not limited, and the refused one stays refused.
    expect((await post("198.51.100.20", valid(3))).status).toBe(202);
    expect((await post("203.0.113.7", valid(4))).status).toBe(429);
    expect(await stored(hex(4))).toBe(0);
  });

  it("counts an IPv6 network by its /64: another host of the same /64 is refused, another /64 is not", async () => {
    await spend("2001:db8:1:2::1", LIMIT);
    expect((await post("2001:db8:1:2:ffff:0:0:9", valid(10))).status).toBe(429);
    expect((await post("2001:db8:1:3::1", valid(11))).status).toBe(202);
    expect(await stored(hex(10))).toBe(0);
  });

  it("stores no address, only the day's keyed hashes, and forgets them and the salt once the day is over", async () => {
    const { results } = await env.DB.prepare("SELECT day, source, requests FROM contribution_sources").all<{
      day: string;
      source: string;
      requests: number;
    }>();
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const r of results) {
      expect(r.source).toMatch(/^[0-9a-f]{32}$/);
      expect(r.requests).toBeLessThanOrEqual(LIMIT); // refused requests are not counted past the limit
    }
    const dump = JSON.stringify(results);
    for (const address of ["203.0.113", "198.51.100", "2001:db8"]) expect(dump).not.toContain(address);
    await forgetPastSources(env.DB, Date.now() + DAY_MS);
    const left = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM contribution_sources) AS sources, (SELECT count(*) FROM contribution_salts) AS salts",
    ).first();
    expect(left).toEqual({ sources: 0, salts: 0 });
  });

  it("keys sources: IPv4 as is, IPv6 by /64, IPv4-mapped as IPv4, anything else as one 'unknown'", () => {
    expect(sourceKey("192.0.2.1")).toBe("192.0.2.1");
    expect(sourceKey("2001:DB8:0:1:2:3:4:5")).toBe("2001:db8:0:1::/64");
    expect(sourceKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("::ffff:192.0.2.9")).toBe("192.0.2.9");
    expect(sourceKey("::1")).toBe("0:0:0:0::/64");
    for (const bad of [undefined, "", "not an address", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::"])
      expect(sourceKey(bad)).toBe("unknown");
  });
});
