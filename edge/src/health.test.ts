import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers the health check inside workerd", async () => {
  const res = await exports.default.fetch("http://edge.test/healthz");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});
