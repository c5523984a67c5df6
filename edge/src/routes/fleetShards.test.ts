import { describe, expect, it } from "vitest";
import { hourOf } from "../fleet/shardKey";
import { call, OPS_TOKEN } from "./registryTestKit";

const HOUR = 3_600_000;
const shards = (query: string) => call(`/v1/fleet/shards?version=demo-1&${query}`, { token: OPS_TOKEN });

describe("GET /v1/fleet/shards", () => {
  it("reads the shards of an hour that reports can still land in", async () => {
    const hour = hourOf(Date.now() - 30 * HOUR);
    const res = await shards(`hour=${hour}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: "demo-1", hour, shards: expect.any(Array) });
  });

  it.each([
    ["not a number", "soon"],
    ["not an hour start", String(hourOf(Date.now()) + 1)],
    ["before 1970", String(-HOUR)],
    ["older than the reports' 49 hours", String(hourOf(Date.now() - 51 * HOUR))],
    ["more than an hour ahead", String(hourOf(Date.now() + 3 * HOUR))],
  ])("refuses an hour that is %s with 400 bad_hour", async (_, hour) => {
    const res = await shards(`hour=${hour}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_hour");
  });
});
