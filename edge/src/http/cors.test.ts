import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../types";
import { cors, parseOrigins } from "./cors";

function app(options?: Parameters<typeof cors>[0]) {
  const a = new Hono<AppEnv>();
  a.use("*", cors(options));
  a.get("/x", (c) => c.json({ ok: true }));
  return a;
}
const get = (a: Hono<AppEnv>, origin?: string, init: RequestInit = {}) =>
  a.request(
    "http://edge.test/x",
    { ...init, headers: origin ? { Origin: origin, ...init.headers } : init.headers },
    env,
  );

describe("cors", () => {
  it("echoes an allowed origin from env.CORS_ORIGINS and varies on Origin", async () => {
    const allowed = parseOrigins(env.CORS_ORIGINS)[0];
    const res = await get(app(), allowed);
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(allowed);
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Vary")).toContain("Origin");
    expect(res.headers.get("Access-Control-Expose-Headers")).toBe("ETag");
  });

  it("gives another origin no Access-Control-Allow-Origin, but still answers", async () => {
    const res = await get(app(), "https://evil.example");
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(res.headers.get("Vary")).toContain("Origin");
  });

  it("answers an allowed preflight with 204 and the allowed methods and headers", async () => {
    const res = await app({ origins: ["https://shop.example"] }).request(
      "http://edge.test/x",
      {
        method: "OPTIONS",
        headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "GET" },
      },
      env,
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example");
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("GET");
    expect(res.headers.get("Access-Control-Allow-Headers")).toBe("Content-Type");
    expect(res.headers.get("Access-Control-Max-Age")).toBe("600");
  });

  it("answers a preflight from another origin without any allow headers", async () => {
    const res = await app({ origins: ["https://shop.example"] }).request(
      "http://edge.test/x",
      {
        method: "OPTIONS",
        headers: { Origin: "https://other.example", "Access-Control-Request-Method": "GET" },
      },
      env,
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(res.headers.get("Access-Control-Allow-Methods")).toBeNull();
  });

  it("echoes the origin (never *) and allows credentials when asked to", async () => {
    const res = await get(
      app({ origins: ["https://shop.example"], credentials: true }),
      "https://shop.example",
    );
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBe("true");
  });

  it("answers * for a wildcard allowlist without credentials, and refuses the wildcard with credentials", async () => {
    const res = await get(app({ origins: ["*"] }), "https://any.example");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(() => cors({ origins: ["*"], credentials: true })).toThrow(/wildcard/);
  });

  it("keeps a Vary header the route set", async () => {
    const a = new Hono<AppEnv>();
    a.use("*", cors({ origins: ["https://shop.example"] }));
    a.get("/x", (c) => {
      c.header("Vary", "Accept-Encoding");
      return c.text("ok");
    });
    const res = await a.request("http://edge.test/x", { headers: { Origin: "https://shop.example" } }, env);
    expect(res.headers.get("Vary")).toMatch(/Accept-Encoding.*Origin/);
  });

  it("parses comma-separated allowlists, dropping blanks", () => {
    expect(parseOrigins(" https://a.example , ,http://b.example:8080 ")).toEqual([
      "https://a.example",
      "http://b.example:8080",
    ]);
    expect(parseOrigins(undefined)).toEqual([]);
  });
});
