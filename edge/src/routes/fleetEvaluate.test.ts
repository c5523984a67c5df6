import { describe, expect, it } from "vitest";
import type { EvaluationResult } from "../fleet/scheduled";
import { call, OPS_TOKEN } from "./registryTestKit";

const HOUR = 3_600_000;

describe("POST /v1/fleet/evaluate", () => {
  it("is admin-only", async () => {
    expect((await call("/v1/fleet/evaluate", { method: "POST" })).status).toBe(401);
  });

  it("evaluates at the real time, or at an admin's simulated now within the reports' span", async () => {
    const real = await call("/v1/fleet/evaluate", { method: "POST", token: OPS_TOKEN });
    expect(real.status).toBe(200);
    expect(Math.abs(((await real.json()) as EvaluationResult).now - Date.now())).toBeLessThan(60_000);
    const then = Date.now() - 30 * HOUR;
    const simulated = await call(`/v1/fleet/evaluate?now=${then}`, { method: "POST", token: OPS_TOKEN });
    expect(simulated.status).toBe(200);
    expect(((await simulated.json()) as EvaluationResult).now).toBe(then);
  });

  it.each([
    ["not a number", "soon"],
    ["a fraction", "1767225600000.5"],
    ["older than 49 hours", String(Date.now() - 50 * HOUR)],
    ["more than an hour ahead", String(Date.now() + 2 * HOUR)],
  ])("refuses a now that is %s with 400 bad_now", async (_, now) => {
    const res = await call(`/v1/fleet/evaluate?now=${now}`, { method: "POST", token: OPS_TOKEN });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_now");
  });
});
