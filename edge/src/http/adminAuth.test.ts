import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../types";
import { adminAuth, parseAdminTokens } from "./adminAuth";

function app(tokens: string) {
  const a = new Hono<AppEnv>();
  a.onError((err, c) =>
    "getResponse" in err ? (err as { getResponse(): Response }).getResponse() : c.text("boom", 500),
  );
  a.use("*", adminAuth());
  a.get("/x", (c) => c.json({ label: c.var.adminLabel }));
  const call = (authorization?: string) =>
    a.request(
      "http://edge.test/x",
      { headers: authorization ? { Authorization: authorization } : {} },
      { ...env, ADMIN_TOKENS: tokens },
    );
  return call;
}

describe("adminAuth", () => {
  const call = app("ops:s3cret-ops,ci:t0ken-ci");

  it("accepts each configured token and sets its label", async () => {
    expect(await (await call("Bearer s3cret-ops")).json()).toEqual({ label: "ops" });
    expect(await (await call("bearer t0ken-ci")).json()).toEqual({ label: "ci" });
  });

  it("answers 401 missing_token without a bearer header", async () => {
    for (const header of [undefined, "Basic b3BzOnMzY3JldA==", "Bearer", "s3cret-ops"]) {
      const res = await call(header);
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect(await res.json()).toMatchObject({ error: { code: "missing_token" } });
    }
  });

  it("answers 401 bad_token for a wrong, shorter, longer or label-prefixed token", async () => {
    for (const token of ["wrong", "s3cret-op", "s3cret-ops-x", "ops:s3cret-ops", "S3CRET-OPS"]) {
      const res = await call(`Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "bad_token" } });
    }
  });

  it("stays closed when no tokens are configured", async () => {
    const closed = app("");
    expect((await closed("Bearer anything")).status).toBe(401);
    expect((await app("ops:")("Bearer ")).status).toBe(401);
  });
});

describe("parseAdminTokens", () => {
  it("reads label:token pairs and skips malformed entries", () => {
    expect(parseAdminTokens("ops:a, ci : b ,broken,:nolabel,nolabel:,x:y:z")).toEqual([
      { label: "ops", token: "a" },
      { label: "ci", token: "b" },
      { label: "x", token: "y:z" },
    ]);
  });
});
