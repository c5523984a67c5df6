import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../types";
import { apiError } from "./apiError";

/** One configured admin credential: a label for the audit log and its bearer token. */
export type AdminToken = { label: string; token: string };

/**
 * Parses `env.ADMIN_TOKENS`, comma-separated `label:token` pairs. Entries without a label or a token
 * are skipped, so a malformed secret closes the API rather than opening it.
 * @example parseAdminTokens("ops:s3cret,ci:t0ken") // [{label:"ops",token:"s3cret"}, {label:"ci",token:"t0ken"}]
 */
export function parseAdminTokens(list: string | undefined): AdminToken[] {
  const tokens: AdminToken[] = [];
  for (const entry of (list ?? "").split(",")) {
    const colon = entry.indexOf(":");
    const label = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    if (colon > 0 && label && token) tokens.push({ label, token });
  }
  return tokens;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares two equal-length digests without an early exit, so timing does not reveal a prefix. */
function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Bearer-token guard for the admin API. The presented token and every configured token are hashed
 * with SHA-256 and the digests compared with a timing-safe loop over all entries, so neither the
 * token's length nor which entry matched leaks through timing. Sets `c.var.adminLabel` for the
 * audit log; answers 401 without a token or with a wrong one.
 * @example adminRoutes.use("*", adminAuth());
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuth(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match)
      throw unauthorized("missing_token", "admin routes need an Authorization: Bearer <token> header");
    const presented = await sha256(match[1]);
    let label: string | undefined;
    for (const entry of parseAdminTokens(c.env.ADMIN_TOKENS)) {
      if (digestsEqual(presented, await sha256(entry.token)) && label === undefined) label = entry.label;
    }
    if (label === undefined) throw unauthorized("bad_token", "the bearer token is not valid");
    c.set("adminLabel", label);
    await next();
  };
}

function unauthorized(code: string, message: string) {
  const err = apiError(401, code, message);
  err.res?.headers.set("WWW-Authenticate", 'Bearer realm="pocketrank-admin"');
  return err;
}
